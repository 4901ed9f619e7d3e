/**
 * The Lua debugger (SCRIPT DEBUG YES|SYNC, Redis's LDB) against a real
 * redis-server 7.0: every case runs the same debugging session on both and
 * compares the raw reply bytes of each step (Lua pointers masked). Our server
 * runs in a process of its own: a SYNC session blocks its event loop.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { haveRedis, startRealRedis, type RealRedis } from './diff.js';
import { session, startOurServer, enc, type OurServer, type LdbStep } from './ldb-harness.js';

interface LdbCase {
  name: string;
  /** Steps after SCRIPT DEBUG <mode> (the data is flushed first). */
  steps: LdbStep[];
  /** Steps before SCRIPT DEBUG (data setup). */
  setup?: LdbStep[];
  /** Commands on a new connection once the session is over. */
  after?: string[][];
  modes?: ('sync' | 'yes')[];
  /** Extra checks on our replies (indexes count the flush and SCRIPT DEBUG steps). */
  check?: (out: string[]) => void;
}

const S1 = `local a = 1
local t = {1,2,"x\\n"}
redis.call('set','foo','bar')
redis.debug('hello', a, t, {x=1})
return redis.call('get','foo')
`;

const FUNCS = `local function inner(x)
  local y = x * 2
  return y
end
local function outer(v)
  return inner(v) + 1
end
return outer(20)`;

const LONG = 'x'.repeat(300);

/** Numbers for printf("%g"): exact ties (to even), carries, exponent switches, subnormals, random doubles (seeded). */
function gNumbers(): string[] {
  const out: number[] = [1000005, 1000015, 2500005, 1234565, 999999.5, 9999995, 0.5, 2.5, 1e-4, 9.999995e-5, 1e15, 123456, 1234567,
    5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, -0.000123456789, 65536.5, 0.1, 1 / 3];
  let x = 12345;
  const rnd = (): number => { x = (x * 1103515245 + 12345) % 2147483648; return x / 2147483648; };
  for (let i = 0; i < 300; i++) {
    const v = (rnd() - 0.5) * 10 ** Math.floor(rnd() * 40 - 20);
    out.push(i % 3 === 0 ? Math.round(v * 1e6) / 1e6 : v);
  }
  // `eval` joins its arguments with spaces; each argument must stay within the debugger's 1024 bytes
  const args = ['return {'];
  for (const n of out) {
    if (args[args.length - 1].length > 900) args.push('');
    args[args.length - 1] += String(n) + ',';
  }
  args[args.length - 1] += '}';
  return args;
}

const CASES: LdbCase[] = [
  {
    name: 'stepping, print, list, whole, trace, eval, redis, help, unknown command',
    steps: [
      ['eval', S1, '1', 'k1', 'a1'], ['s'], ['s'], ['s'], ['p'], ['p', 't'], ['p', 'KEYS'], ['p', 'ARGV'], ['p', 'nope'],
      ['e', 'redis.call("get","foo")'], ['r', 'get', 'foo'], ['r', 'set', 'x'], ['l'], ['l', '2', '0'], ['l', '0'], ['l', '100'],
      ['l', '-3'], ['l', '2', '1'], ['l', 'abc', '1'], ['list', '3', '-1'], ['w'], ['t'], ['h'], ['help'], ['foo'], ['r'],
      ['n'], ['next'], ['step'],
    ],
  },
  {
    name: 'breakpoints: add, list, remove (Redis byte-memmove quirk included), continue to them',
    steps: [
      ['eval', 'local a = 1\nlocal b = 2\nlocal c = 3\nlocal d = 4\nreturn a+b+c+d', '0'],
      ['b'], ['b', '1', '2', '3', '4'], ['b'], ['b', '-1'], ['b'], ['b', '-2'], ['b'], ['b', '2', '2'],
      ['b', '01', '-0', '+1', ' 1', '99999999999', '4294967298', '-7', '0'], ['b'], ['b', '3', '5', '9'], ['c'], ['c'], ['c'],
    ],
  },
  {
    name: 'continue runs to the end; the final reply and the close',
    steps: [['eval', S1, '0'], ['c']],
  },
  {
    name: 'redis.breakpoint() and redis.debug() with every kind of value',
    steps: [
      ['eval', `redis.debug()
redis.debug(nil, true, false, 0, -0, 1.5, 1e20, 1e-5, 123456789, 1234565, 0.0001234565, 1/0, -1/0, 2^53, 'a"\\\\b\\0\\1\\255')
redis.debug({}, {1,2,3}, {a=1}, {1,nil,3}, {[1.5]='x'}, {{{{{{{{{{{{1}}}}}}}}}}}})
local t = {} t[t] = t
redis.debug(t)
redis.breakpoint()
local x = 5
redis.debug(x)
return x`, '0'],
      ['c'], ['p'], ['c'],
    ],
  },
  {
    name: 'eval: expressions, statements, errors, readonly globals, numbers',
    steps: [
      ['eval', 'local a = 1\nreturn a', '0'],
      ['e', 'error("x")'], ['e'], ['e', 'x', '=', '1'], ['e', 'return'], ['e', '1,2'], ['e', 'local t = {1, {2}}', 'return t'],
      ['e', 'return', '{1,{2,{3,{4,{5,{6,{7,{8,{9,{10,{11,{12}}}}}}}}}}}}'], ['e', 'return 1e300*1e10'], ['e', 'return -1e300*1e10'],
      ['e', 'return 1234565'], ['e', 'return 0.0001234565'], ['e', 'return 123456789012'], ['e', 'return 2^63'], ['e', 'return -0'],
      ['e', 'return 0.1'], ['e', 'return 100000'], ['e', 'return 1000000'], ['e', 'return 999999.5'], ['e', 'return 0.00001'],
      ['e', 'return print'], ['e', 'return "a\\r\\nb"'], ['e', 'syntax error here'], ['e', 'return 0/0'], ['e', 'return -(0/0)'],
      ['e', 'return math.sqrt(-1)'], ['e', 'return math.huge - math.huge'], ['e', 'redis.breakpoint()'], ['c'], ['c'],
    ],
  },
  {
    name: 'numbers as printf("%g") prints them',
    modes: ['sync'],
    steps: [['eval', 'return 1', '0'], ['m', '0'], ['e', ...gNumbers()], ['c']],
    check: (out) => expect(out[4]).toMatch(/^\*1\r\n\+<retval> \{1e\+06; 1\.00002e\+06; 2\.5e\+06; 1\.23456e\+06; /), // ties to even
  },
  {
    name: 'maxlen: truncation, the one-time hint, unlimited, the 60 minimum',
    setup: [['set', 'long', LONG], ['rpush', 'list', LONG, 'b']],
    steps: [
      ['eval', `local v = redis.call('get', 'long')\nreturn #v`, '0'],
      ['m'], ['r', 'get', 'long'], ['r', 'lrange', 'list', '0', '-1'], ['e', `return '${LONG}'`], ['m', '10'], ['r', 'get', 'long'],
      ['m', '0'], ['r', 'get', 'long'], ['m', '-5'], ['m', 'abc'], ['maxlen', '100', 'x'], ['m', '200'], ['s'], ['p'], ['c'],
    ],
  },
  {
    name: 'command errors while stepping: arity, unknown, noscript, error replies, bad arguments',
    setup: [['set', 'str', 'abc'], ['hset', 'h', 'a', '1']],
    steps: [
      ['eval', `redis.pcall('incr', 'str')
redis.pcall('nosuch')
redis.pcall('get')
redis.pcall('config', 'get', 'x')
redis.pcall()
redis.pcall({})
redis.pcall('set', 'n', 1.5)
redis.pcall('hgetall', 'h')
redis.error_reply('MY err')
redis.pcall('set', 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)
return redis.call('incr', 'str')`, '0'],
      ['s'], ['s'], ['s'], ['s'], ['s'], ['s'], ['s'], ['s'], ['s'], ['s'], ['s'],
    ],
  },
  {
    name: 'the redis command: replies of every type, errors, many arguments',
    setup: [['set', 'str', 'abc'], ['hset', 'h', 'a', '1'], ['sadd', 's', 'm'], ['zadd', 'z', '1.5', 'm']],
    steps: [
      ['eval', 'return 1', '0'],
      ['r', 'get', 'nokey'], ['r', 'incr', 'str'], ['r', 'hgetall', 'h'], ['r', 'smembers', 's'], ['r', 'zrange', 'z', '0', '-1', 'withscores'],
      ['r', 'ping'], ['r', 'exists', 'str'], ['r', 'nosuch'], ['r', 'set'], ['r', 'config', 'get', 'maxmemory'], ['r', 'lpush', 'str', 'x'],
      ['redis', 'set', 'k', 'a\nb'], ['r', 'get', 'k'], ['r', 'mget', 'k', 'nokey', 'str'],
      ['r', 'set', 'a', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11'],
      ['c'],
    ],
  },
  {
    name: 'RESP3 inside the script (redis.setresp(3)) and a RESP3 client',
    setup: [['hset', 'h', 'a', '1'], ['sadd', 's', 'm'], ['zadd', 'z', '1.5', 'm'], ['set', 'str', 'abc']],
    steps: [
      ['eval', `redis.setresp(3)
local a = redis.call('hgetall', 'h')
local b = redis.call('smembers', 's')
local c = redis.call('zscore', 'z', 'm')
local d = redis.call('get', 'nokey')
local e = redis.call('exists', 'str')
return {1, 2}`, '0'],
      ['s'], ['s'], ['s'], ['s'], ['s'], ['s'], ['p'], ['r', 'hgetall', 'h'], ['c'],
    ],
  },
  {
    name: 'trace and print inside nested functions',
    steps: [
      ['eval', FUNCS, '0'], ['s'], ['s'], ['s'], ['s'], ['t'], ['p'], ['p', 'v'], ['p', 'x'], ['s'], ['p', 'y'], ['t'], ['s'], ['t'], ['c'],
    ],
  },
  {
    name: 'abort: the error reply and the end of the session',
    steps: [['eval', 'local x = 1\nredis.call("set", "ab", "1")\nreturn x', '0'], ['s'], ['s'], ['a']],
  },
  {
    name: 'abort caught by the script (pcall), as Redis allows',
    steps: [['eval', 'local ok, e = pcall(function()\nlocal z = 1\nreturn z\nend)\nreturn {tostring(ok), type(e) == "table" and e.err or e}', '0'], ['s'], ['s'], ['a'], ['c']],
  },
  {
    name: 'a script that does not compile; a script error; EVAL arguments errors',
    steps: [['eval', 'return 1 +', '0']],
  },
  {
    name: 'a runtime error at the end of the session',
    steps: [['eval', 'local x = nil\nreturn x.y', '0'], ['c']],
  },
  {
    name: 'numkeys errors inside the session',
    steps: [['eval', 'return 1', '5']],
  },
  {
    name: 'protocol: inline text is a protocol error',
    steps: [['eval', 'local x = 1\nreturn x', '0'], { raw: 'hello\r\n' }],
  },
  {
    name: 'protocol: an empty argument is a protocol error',
    steps: [['eval', 'local x = 1\nreturn x', '0'], { raw: '*1\r\n$0\r\n\r\n' }],
  },
  {
    name: 'protocol: more than 1024 arguments is a protocol error',
    steps: [['eval', 'local x = 1\nreturn x', '0'], { raw: '*1025\r\n$1\r\ns\r\n' }],
  },
  {
    name: 'protocol: junk before the command is skipped, what follows the command is dropped',
    steps: [['eval', 'local x = 1\nlocal y = 2\nreturn x', '0'], { raw: 'xx*1\r\n$1\r\ns\r\n*1\r\n$1\r\ns\r\n' }, ['s'], ['c']],
  },
  {
    name: 'protocol: NUL bytes in command names (TCL "debug protocol parsing")',
    steps: [['eval', 'return "hello"', '0'], ['hello\0world'], ['hello\0'], ['\0hello'], ['\0hello\0'], ['s\0junk'], ['c']],
  },
  {
    name: 'protocol: an argument split over several writes, a command too long for one read',
    steps: [['eval', 'local x = 1\nreturn x', '0'], { raw: '*2\r\n$1\r\np\r\n$1', replies: 0 }, { raw: '\r\nx\r\n' }, ['e', 'return "' + 'y'.repeat(1000) + '"'], ['c']],
  },
  {
    name: 'the redis command with 100 arguments (TCL "debug lua stack overflow")',
    steps: [['eval', 'return "hello"', '0'], ['redis', ...Array<string>(100).fill('test')], ['c']],
  },
  {
    name: 'a script with CRLF line endings, trailing newlines and a shebang',
    steps: [['eval', '#!lua flags=no-writes\r\nlocal a = 1\r\nreturn a\r\n\r\n\n', '0'], ['w'], ['s'], ['l'], ['s']],
  },
  {
    name: 'a RESP3 client: the log arrays stay RESP2, the final reply is RESP3',
    setup: [{ raw: enc(['hello', '3']).toString('latin1'), ignore: true }],
    steps: [['eval', "redis.setresp(3)\nlocal m = redis.call('hgetall', 'h')\nreturn {1, m, {double=1.5}, true, false}", '0'], ['s'], ['s'], ['c']],
  },
  {
    name: 'replies of commands pipelined before the EVAL come after <endsession>',
    steps: [{ raw: enc(['ping']).toString('latin1') + enc(['eval', 'local x = 1\nreturn x', '0']).toString('latin1') }, ['s'], ['s']],
  },
  {
    name: 'an EVAL queued in MULTI: the session runs in EXEC; later replies are dropped',
    steps: [['multi'], ['set', 'a', '1'], ['eval', "redis.call('set', 'c', '3')\nreturn 1", '0'], ['set', 'b', '2'], ['exec'], ['s'], ['c']],
    after: [['mget', 'a', 'b', 'c']],
  },
  {
    name: 'YES rolls back, SYNC keeps the writes',
    setup: [['set', 'k', 'before']],
    steps: [['eval', "redis.call('set', 'k', 'after')\nredis.call('del', 'gone')\nreturn redis.call('get', 'k')", '0'], ['c']],
    after: [['get', 'k']],
  },
  {
    name: 'the caller\'s ACL user and database carry into the session',
    setup: [['acl', 'setuser', 'ldbuser', 'on', 'nopass', '+@all', '-set', '~*'], ['auth', 'ldbuser', 'x'], ['select', '3'], ['set', 'k', 'in-db-3']],
    steps: [['eval', "local r = redis.pcall('set', 'a', '1')\nlocal v = redis.call('get', 'k')\nredis.call('select', '4')\nreturn {v, redis.call('dbsize')}", '0'], ['s'], ['s'], ['s'], ['c']],
    after: [['acl', 'deluser', 'ldbuser'], ['select', '3'], ['get', 'k']],
  },
  {
    name: 'EVAL_RO under the debugger',
    steps: [['eval_ro', 'redis.pcall("set", "x", "1")\nreturn redis.call("get", "x")', '0'], ['s'], ['c']],
  },
];

/** Commands around SCRIPT DEBUG, not needing a session. */
const SETUP_CASES: LdbCase[] = [
  { name: 'SCRIPT DEBUG arguments and EVALSHA', modes: ['sync'], steps: [['script', 'debug', 'foo'], ['script', 'debug'], ['script', 'debug', 'yes', 'no'],
    ['evalsha', '1111111111111111111111111111111111111111', '0'], ['evalsha', '111', '0'], ['evalsha_ro', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db', '0'],
    ['script', 'debug', 'no'], ['eval', 'return 1', '0'], ['script', 'debug', 'NO'], ['script', 'debug', 'Sync'], ['script', 'debug', 'YES']] },
  { name: 'SCRIPT DEBUG must be called outside a pipeline (and in MULTI)', modes: ['sync'], steps: [
    { raw: '*1\r\n$4\r\nping\r\n*3\r\n$6\r\nscript\r\n$5\r\ndebug\r\n$3\r\nyes\r\n', replies: 2 },
    ['multi'], ['script', 'debug', 'yes'], ['exec'], ['script', 'debug', 'no']] },
];

describe.skipIf(!haveRedis)('Lua debugger (SCRIPT DEBUG) vs redis-server 7.0', () => {
  let real: RealRedis;
  let ours: OurServer;
  beforeAll(async () => { [real, ours] = await Promise.all([startRealRedis(), startOurServer()]); }, 60000);
  afterAll(async () => { await Promise.all([real?.stop(), ours?.stop()]); });

  for (const c of CASES) {
    for (const mode of c.modes ?? (['sync', 'yes'] as const)) {
      it(`${c.name} [${mode}]`, async () => {
        const steps: LdbStep[] = [['flushall'], ...(c.setup ?? []), ['script', 'debug', mode], ...c.steps];
        const [a, b] = await Promise.all([session(ours.port, steps), session(real.port, steps)]);
        expect(a).toEqual(b);
        expect(a[a.length - 1]).toMatch(/\[closed\]$/); // every session ends with the connection closed
        if (!c.name.includes('is a protocol error')) for (const x of a) expect(x).not.toContain('protocol error');
        c.check?.(a);
        if (c.after) expect(await session(ours.port, c.after)).toEqual(await session(real.port, c.after));
      }, 60000);
    }
  }
  for (const c of SETUP_CASES) {
    it(c.name, async () => {
      const [a, b] = await Promise.all([session(ours.port, c.steps), session(real.port, c.steps)]);
      expect(a).toEqual(b);
    }, 30000);
  }
});
