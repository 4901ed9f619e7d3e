import type { ParameterDefinition } from './parameterTypes.js';

/**
 * Checks a value against a parameter's DataType and AllowedValues as
 * ElastiCache does on ModifyCacheParameterGroup. Returns the error message
 * (for InvalidParameterValue), or undefined when the value is acceptable.
 *
 * AllowedValues syntax: comma-separated alternatives, each a literal
 * ("yes", "-2") or a range ("1-75", "0-", "-" for any number).
 */
export function checkParameterValue(def: ParameterDefinition, value: string): string | undefined {
  const invalid = () => `Value '${value}' is not valid for parameter ${def.name}. Allowed values: ${def.allowedValues ?? 'any'}.`;
  if (def.name === 'notify-keyspace-events') {
    return /^[KEg$lshzxedtmnA]*$/.test(value) ? undefined : invalid();
  }
  if (def.name === 'rename-commands') return checkRenameCommands(def, value);

  if (def.dataType === 'integer' && !/^-?\d+$/.test(value)) return invalid();
  if (def.dataType === 'numeric' && !/^-?\d+(\.\d+)?$/.test(value)) return invalid();
  if (def.allowedValues === undefined) return undefined;

  const numeric = def.dataType === 'integer' || def.dataType === 'numeric';
  for (const alternative of def.allowedValues.split(',')) {
    if (matchesAlternative(alternative.trim(), value, numeric)) return undefined;
  }
  return invalid();
}

const NUMBER = String.raw`-?\d+(?:\.\d+)?`;
const LITERAL_NUMBER = new RegExp(`^${NUMBER}$`);
const RANGE = new RegExp(`^(${NUMBER})?-(${NUMBER})?$`);

function matchesAlternative(alternative: string, value: string, numeric: boolean): boolean {
  if (!numeric) return alternative === value;
  const n = Number(value);
  if (LITERAL_NUMBER.test(alternative)) return Number(alternative) === n;
  const m = RANGE.exec(alternative);
  if (!m) return alternative === value;
  const low = m[1] === undefined ? -Infinity : Number(m[1]);
  const high = m[2] === undefined ? Infinity : Number(m[2]);
  return n >= low && n <= high;
}

/** "rename-commands" takes pairs "COMMAND new-name ..." over the commands AllowedValues lists. */
function checkRenameCommands(def: ParameterDefinition, value: string): string | undefined {
  const tokens = value.trim() === '' ? [] : value.trim().split(/\s+/);
  if (tokens.length % 2 !== 0) {
    return `Value '${value}' is not valid for parameter rename-commands: expected pairs of a command and its new name.`;
  }
  const renamable = new Set((def.allowedValues ?? '').split(',').map((c) => c.toUpperCase()));
  for (let i = 0; i < tokens.length; i += 2) {
    const command = tokens[i]!.toUpperCase();
    if (!renamable.has(command)) return `Command ${tokens[i]} cannot be renamed.`;
  }
  return undefined;
}
