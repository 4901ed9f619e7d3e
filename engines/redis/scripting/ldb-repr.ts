/**
 * Text the Lua debugger prints and reads (eval.c): Lua values
 * (ldbCatStackValue), command replies (ldbRedisProtocolToHuman), the C library
 * behaviour they rely on (printf "%g", atoi, C strings), its command parser
 * (ldbReplParseCommand) and help. Strings are latin1, like the keyspace.
 */
import * as lua from './lua.js';
import { luaModule, type LuaState } from './lua.js';
import { reprArg } from '../util.js';

/** LUA_MINSTACK / 2: nesting depth at which a value dump stops. */
const LDB_MAX_VALUES_DEPTH = 10;

/** ldbCatStackValue: human readable form of the Lua value at `idx` (left on the stack). */
export function catStackValue(L: LuaState, idx: number): string {
  return catValue(L, idx < 0 ? lua.getTop(L) + idx + 1 : idx, 0);
}

function catValue(L: LuaState, idx: number, level: number): string {
  if (level++ === LDB_MAX_VALUES_DEPTH) return '<max recursion level reached! Nested table?>';
  const t = lua.type(L, idx);
  switch (t) {
    case lua.T_STRING: return reprArg(lua.toString(L, idx)!);
    case lua.T_BOOLEAN: return lua.toBoolean(L, idx) ? 'true' : 'false';
    case lua.T_NUMBER: return formatG(lua.toNumber(L, idx));
    case lua.T_NIL: return 'nil';
    case lua.T_TABLE: {
      // Both forms are built while walking: the array one is used if the keys turn out to be 1..n.
      let expected = 1, isArray = true;
      const asArray: string[] = [], asMap: string[] = [];
      lua.checkStack(L, 3);
      lua.pushNil(L);
      while (lua.next(L, idx)) {
        const top = lua.getTop(L);
        if (isArray && (lua.type(L, top - 1) !== lua.T_NUMBER || lua.toNumber(L, top - 1) !== expected)) isArray = false;
        const v = catValue(L, top, level);
        asArray.push(v);
        asMap.push(`[${catValue(L, top - 1, level)}]=${v}`);
        lua.pop(L, 1);
        expected++;
      }
      return '{' + (isArray ? asArray : asMap).join('; ') + '}';
    }
    case lua.T_FUNCTION: case lua.T_USERDATA: case lua.T_THREAD: case lua.T_LIGHTUSERDATA: {
      const name = t === lua.T_FUNCTION ? 'function' : t === lua.T_USERDATA ? 'userdata' : t === lua.T_THREAD ? 'thread' : 'light-userdata';
      return `"${name}@${formatPointer(luaModule()._lua_topointer(L, idx))}"`;
    }
    default: return '"<unknown-lua-type>"';
  }
}

/** glibc's %p. */
function formatPointer(p: number): string { return p === 0 ? '(nil)' : '0x' + (p >>> 0).toString(16); }

/**
 * ldbRedisProtocolToHuman: one RESP reply in the debugger's notation, from `pos`.
 * Returns the text and the position after the reply. Types the debugger does
 * not know (big numbers, verbatim strings, attributes, pushes) add nothing and
 * do not advance, as in Redis.
 */
export function protocolToHuman(r: string, pos = 0): [string, number] {
  const eol = r.indexOf('\r', pos + 1);
  switch (r[pos]) {
    case ':': return [r.slice(pos + 1, eol), eol + 2];
    case '$': {
      const len = Number(r.slice(pos + 1, eol));
      if (len === -1) return ['NULL', eol + 2];
      return [reprArg(r.slice(eol + 2, eol + 2 + len)), eol + 2 + len + 2];
    }
    case '+': case '-': return [reprArg(r.slice(pos, eol)), eol + 2];
    case '*': {
      const n = Number(r.slice(pos + 1, eol));
      if (n === -1) return ['NULL', eol + 2];
      return aggregate(r, eol + 2, n, '[', ']', false);
    }
    case '~': return aggregate(r, eol + 2, Number(r.slice(pos + 1, eol)), '~(', ')', false);
    case '%': return aggregate(r, eol + 2, Number(r.slice(pos + 1, eol)), '{', '}', true);
    case '_': return ['(null)', eol + 2];
    case '#': return [r[pos + 1] === 't' ? '#true' : '#false', eol + 2];
    case ',': return ['(double) ' + r.slice(pos + 1, eol), eol + 2];
    default: return ['', pos];
  }
}

/**
 * Call `fn` with every error of a RESP reply in the order redisProtocolToLuaType
 * converts them ("-" + text); attribute contents are parsed without conversion.
 * Returns the position after the reply.
 */
export function replyErrors(r: string, pos: number, fn: ((err: string) => void) | null): number {
  const eol = r.indexOf('\r', pos + 1);
  const n = Number(r.slice(pos + 1, eol));
  let p = eol + 2;
  switch (r[pos]) {
    case '-': fn?.(r.slice(pos, eol)); return p;
    case '$': case '=': return n < 0 ? p : p + n + 2;
    case '*': case '~': case '>': for (let j = 0; j < n; j++) p = replyErrors(r, p, fn); return p;
    case '%': for (let j = 0; j < 2 * n; j++) p = replyErrors(r, p, fn); return p;
    case '|': for (let j = 0; j < 2 * n; j++) p = replyErrors(r, p, null); return replyErrors(r, p, fn);
    default: return p;
  }
}

function aggregate(r: string, p: number, n: number, open: string, close: string, pairs: boolean): [string, number] {
  let out = open;
  for (let j = 0; j < n; j++) {
    let s: string;
    [s, p] = protocolToHuman(r, p);
    out += s;
    if (pairs) { [s, p] = protocolToHuman(r, p); out += ' => ' + s; }
    if (j !== n - 1) out += ',';
  }
  return [out + close, p];
}

const f64 = new Float64Array(1), u32 = new Uint32Array(f64.buffer);

/** C printf("%g"): 6 significant digits, exact ties rounded to even as glibc does. */
export function formatG(d: number): string {
  if (Number.isNaN(d)) { f64[0] = d; return u32[1] >>> 31 ? '-nan' : 'nan'; } // glibc shows the sign bit (0/0 is -nan on x86)
  if (!Number.isFinite(d)) return d > 0 ? 'inf' : '-inf';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  const P = 6;
  const { digits, exp10 } = exactDecimal(Math.abs(d));
  let X = digits.length - 1 + exp10; // exponent of the leading digit
  let sig = digits.slice(0, P).padEnd(P, '0');
  const rest = digits.slice(P);
  if (rest !== '' && (rest[0] > '5' || (rest[0] === '5' && (/[1-9]/.test(rest.slice(1)) || (Number(sig[P - 1]) & 1) === 1)))) {
    const up = (BigInt(sig) + 1n).toString();
    if (up.length > P) { sig = up.slice(0, P); X++; } else sig = up;
  }
  let out: string;
  if (X < -4 || X >= P) {
    const frac = sig.slice(1).replace(/0+$/, '');
    const ax = Math.abs(X);
    out = sig[0] + (frac ? '.' + frac : '') + 'e' + (X < 0 ? '-' : '+') + (ax < 10 ? '0' + ax : String(ax));
  } else if (X >= 0) {
    const frac = sig.slice(X + 1).replace(/0+$/, '');
    out = sig.slice(0, X + 1) + (frac ? '.' + frac : '');
  } else {
    out = ('0.' + '0'.repeat(-X - 1) + sig).replace(/0+$/, '');
  }
  return d < 0 ? '-' + out : out;
}

/** The exact decimal value of a positive finite double: digits × 10^exp10. */
function exactDecimal(x: number): { digits: string; exp10: number } {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x);
  const bits = dv.getBigUint64(0);
  let e = Number((bits >> 52n) & 0x7ffn);
  let m = bits & ((1n << 52n) - 1n);
  if (e === 0) e = 1; else m |= 1n << 52n;
  e -= 1075;
  if (e >= 0) return { digits: (m << BigInt(e)).toString(), exp10: 0 };
  // m·2^e = m·5^-e / 10^-e
  const s = (m * 5n ** BigInt(-e)).toString();
  const trimmed = s.replace(/0+$/, '');
  return { digits: trimmed, exp10: e + (s.length - trimmed.length) };
}

/** C atoi (strtol, then the int conversion): leading blanks, a sign, digits; 0 when none. */
export function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)/.exec(s);
  if (m === null) return 0;
  let v = BigInt(m[2]);
  if (m[1] === '-') v = -v;
  const LONG_MAX = (1n << 63n) - 1n;
  if (v > LONG_MAX) v = LONG_MAX; else if (v < -LONG_MAX - 1n) v = -LONG_MAX - 1n;
  return Number(BigInt.asIntN(32, v));
}

/** A C string view of `s`: everything before its first NUL. */
export function cString(s: string): string {
  const i = s.indexOf('\0');
  return i < 0 ? s : s.slice(0, i);
}

// ---------------------------------------------------------------------------
// the debugger protocol parser (ldbReplParseCommand)

/** strchr / strstr: C string functions stop at the first NUL. */
function cFind(s: string, from: number, what: string): number {
  for (let i = from; i < s.length && s.charCodeAt(i) !== 0; i++) {
    if (s[i] === what[0] && (what.length === 1 || s[i + 1] === what[1])) return i;
  }
  return -1;
}

/**
 * A multibulk command from the buffer, 'more' when incomplete, 'error' for a
 * protocol error. Redis's "very forgiving" parser: anything before the first
 * '*' is skipped, arguments must be 1..1024 bytes, at most 1024 of them.
 */
export function parseCommand(buf: string): string[] | 'more' | 'error' {
  if (buf.length === 0) return 'more';
  let p = cFind(buf, 0, '*');
  if (p < 0) return 'error';
  let q = cFind(buf, p, '\r\n');
  if (q < 0) return 'more';
  const argc = atoi(buf.slice(p + 1, q));
  if (argc <= 0 || argc > 1024) return 'error';
  p = q + 2;
  const argv: string[] = [];
  while (argv.length < argc) {
    if (p >= buf.length || buf.charCodeAt(p) === 0) return 'more';
    if (buf[p] !== '$') return 'error';
    q = cFind(buf, p, '\r\n');
    if (q < 0) return 'more';
    const slen = atoi(buf.slice(p + 1, q));
    if (slen <= 0 || slen > 1024) return 'error';
    p = q + 2;
    if (p + slen + 2 > buf.length) return 'more';
    argv.push(buf.slice(p, p + slen));
    p += slen;
    if (buf[p] !== '\r' || buf[p + 1] !== '\n') return 'error';
    p += 2;
  }
  return argv;
}

/** The `help` text. */
export const HELP = [
  'Redis Lua debugger help:',
  '[h]elp               Show this help.',
  '[s]tep               Run current line and stop again.',
  '[n]ext               Alias for step.',
  '[c]ontinue           Run till next breakpoint.',
  '[l]ist               List source code around current line.',
  '[l]ist [line]        List source code around [line].',
  '                     line = 0 means: current position.',
  '[l]ist [line] [ctx]  In this form [ctx] specifies how many lines',
  '                     to show before/after [line].',
  "[w]hole              List all source code. Alias for 'list 1 1000000'.",
  '[p]rint              Show all the local variables.',
  '[p]rint <var>        Show the value of the specified variable.',
  '                     Can also show global vars KEYS and ARGV.',
  '[b]reak              Show all breakpoints.',
  '[b]reak <line>       Add a breakpoint to the specified line.',
  '[b]reak -<line>      Remove breakpoint from the specified line.',
  '[b]reak 0            Remove all breakpoints.',
  '[t]race              Show a backtrace.',
  '[e]val <code>        Execute some Lua code (in a different callframe).',
  '[r]edis <cmd>        Execute a Redis command.',
  '[m]axlen [len]       Trim logged Redis replies and Lua var dumps to len.',
  '                     Specifying zero as <len> means unlimited.',
  '[a]bort              Stop the execution of the script. In sync',
  '                     mode dataset changes will be retained.',
  '',
  'Debugger functions you can call from Lua scripts:',
  'redis.debug()        Produce logs in the debugger console.',
  'redis.breakpoint()   Stop execution like if there was a breakpoint in the',
  '                     next line of code.',
];
