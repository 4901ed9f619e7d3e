/** Argument helpers of the ACL rule parser (sdssplitargs, selector merging, name checks). */

/** isspace() or NUL anywhere (usernames, key and channel patterns). */
export function hasSpaces(s: string): boolean { return /[ \t\n\v\f\r\x00]/.test(s); }

/**
 * ACLMergeSelectorArguments: a selector may be spread over several arguments
 * ("(+get" "~k)"). Returns the merged list, or the index of an unmatched "(".
 */
export function mergeSelectorArgs(args: string[]): { args: string[] } | { unmatched: number } {
  const out: string[] = [];
  let open = -1, sel = '';
  for (let j = 0; j < args.length; j++) {
    const op = args[j];
    if (op[0] === '(' && op[op.length - 1] !== ')') { sel = op; open = j; continue; }
    if (open !== -1) {
      sel += ' ' + op;
      if (op[op.length - 1] === ')') { open = -1; out.push(sel); }
      continue;
    }
    out.push(op);
  }
  if (open !== -1) return { unmatched: open };
  return { args: out };
}

const isSpace = (c: string): boolean => c === ' ' || (c >= '\t' && c <= '\r');

/** sdssplitargs(): split on whitespace with "double" (escapes) and 'single' quotes; null on unbalanced quotes. */
export function splitArgs(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  const isHex = (c: string) => /[0-9a-fA-F]/.test(c);
  for (;;) {
    while (i < n && isSpace(line[i])) i++;
    if (i >= n) return out;
    let cur = '', inq = false, insq = false, done = false;
    while (!done) {
      const p = line[i];
      if (inq) {
        if (i >= n) return null;
        if (p === '\\' && line[i + 1] === 'x' && isHex(line[i + 2] ?? '') && isHex(line[i + 3] ?? '')) {
          cur += String.fromCharCode(parseInt(line.slice(i + 2, i + 4), 16)); i += 3;
        } else if (p === '\\' && i + 1 < n) {
          i++;
          const e = line[i];
          cur += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === 'b' ? '\b' : e === 'a' ? '\x07' : e;
        } else if (p === '"') {
          if (i + 1 < n && !isSpace(line[i + 1])) return null;
          done = true;
        } else cur += p;
      } else if (insq) {
        if (i >= n) return null;
        if (p === '\\' && line[i + 1] === "'") { i++; cur += "'"; }
        else if (p === "'") {
          if (i + 1 < n && !isSpace(line[i + 1])) return null;
          done = true;
        } else cur += p;
      } else {
        if (i >= n) { done = true; break; }
        if (p === ' ' || p === '\n' || p === '\r' || p === '\t' || p === '\0') done = true;
        else if (p === '"') inq = true;
        else if (p === "'") insq = true;
        else cur += p;
      }
      if (i < n) i++;
    }
    out.push(cur);
  }
}
