import { diffSuite, type DiffCase } from './diff.js';

const BIN = 'a\x00b\r\n\xff\xfe';
const S = (body: string) => ['EVAL', body, '0'];

const cases: DiffCase[] = [
  { name: 'EVAL basics and Lua → RESP conversion', resp: 'both', steps: [
    S('return 1'), S('return -7'), S('return 3.99'), S('return -3.99'), S('return 1e20'), S('return 0/0'), S('return "hello"'),
    S('return {1,2,3,"ciao",{1,2}}'), S('return {1,2,nil,4}'), S('return nil'), S('return true'), S('return false'),
    S('return {true,false,1}'), S('return {}'), S('return {ok="FINE"}'), S('return {ok="a\\r\\nb"}'), S('return {err="My Error"}'),
    S('return {err="ERR bad"}'), S('return {1,{err="inner"},3}'), S('return {double=3.14}'), S('return {big_number="12345678901234567890"}'),
    S('return {map={a=1}}'), S('return {set={x=true}}'), S('return {verbatim_string={format="txt",string="hi"}}'),
    S('return redis.status_reply("PONG")'), S('return redis.error_reply("My Error")'), S('return redis.error_reply("-WRONG thing")'),
    S('return redis.error_reply(1)'), S('return redis.status_reply()'), S('return tostring(0.1) .. " " .. tostring(1/3)'),
    S('return 2^53 + 1'), S('return -2^63'), S('return 2^64')] },
  { name: 'KEYS, ARGV and binary safety', resp: 'both', steps: [
    ['EVAL', 'return {KEYS[1], KEYS[2], ARGV[1], ARGV[2], #KEYS, #ARGV}', '2', 'k1', BIN, BIN, ''],
    ['EVAL', 'return redis.call("set", KEYS[1], ARGV[1])', '1', BIN, BIN], ['GET', BIN], ['EVAL', 'return redis.call("get", KEYS[1])', '1', BIN],
    ['EVAL', 'return string.len(ARGV[1])', '0', BIN], ['EVAL', 'return "\\0\\1\\255"', '0']] },
  { name: 'redis.call / redis.pcall replies → Lua (RESP2)', resp: 'both', steps: [
    ['RPUSH', 'l', 'a', 'b'], ['HSET', 'h', 'f', 'v'], S('return redis.call("lrange", "l", 0, -1)'), S('return redis.call("get", "nokey")'),
    S('return type(redis.call("get", "nokey"))'), S('return redis.call("ping")'), S('return redis.call("ping").ok'),
    S('return redis.call("incr", "l")'), S('return redis.pcall("incr", "l")'), S('return redis.pcall("incr", "l").err'),
    S('return redis.call("nosuchcommand")'), S('return redis.pcall("nosuchcommand")'), S('return redis.call("get")'),
    S('return redis.call()'), S('return redis.pcall()'), S('return redis.call({})'), S('return redis.call("set", "n", 3.5)'), ['GET', 'n'],
    S('return redis.call("set", "n", 0.1)'), ['GET', 'n'], S('return redis.call("eval", "return 1", 0)'),
    S('return redis.call("hgetall", "h")'), S('return redis.call("exists", "l", "h", "zz")'),
    S('local ok, e = pcall(function() return redis.call("nosuch") end) return {tostring(ok), e}'),
    S('return pcall(error, "x")'), S('local t = redis.pcall("incr", "l") return t["err"]')] },
  { name: 'redis.setresp(3) conversions', resp: 'both', steps: [
    ['HSET', 'h', 'f', 'v'], ['SADD', 's', 'm'], ['ZADD', 'z', '1.5', 'a'],
    S('redis.setresp(3) return redis.call("hgetall", "h")'), S('redis.setresp(3) return redis.call("hgetall", "h").map.f'),
    S('redis.setresp(3) return redis.call("smembers", "s")'), S('redis.setresp(3) return redis.call("zscore", "z", "a")'),
    S('redis.setresp(3) return redis.call("zscore", "z", "a").double'), S('redis.setresp(3) return redis.call("get", "nokey")'),
    S('redis.setresp(3) return type(redis.call("get", "nokey"))'), S('redis.setresp(3) return {true, false}'),
    S('redis.setresp(3) return redis.call("hello", 3)'), S('redis.setresp(4)'), S('redis.setresp()'), S('redis.setresp(2) return false')] },
  { name: 'script errors', resp: 'both', steps: [
    S('return a'), S('a = 5'), S('x.y = 1'), S('error("boom")'), S('error({err="custom"})'), S('error({err="MYCODE custom"})'),
    S('error()'), S('error(nil)'), S('error(5)'), S('syntax error here'), S('return'), S('return 1 +'), S('local t = nil; return t.x'),
    S('return redis.call("set", "k", "v", "xx", "nx")'), S('return string.rep("x", -1)'), S('return tonumber("x") + 1'),
    S('return redis.sha1hex()'), S('return redis.log()'), S('return redis.log("x", "y")'), S('return redis.log(10, "y")'),
    S('return redis.set_repl()'), S('return redis.set_repl(99)'), S('loadstring("x")()'), S('return print'), S('return dofile')] },
  { name: 'EVAL argument errors, EVALSHA, SCRIPT', resp: 'both', steps: [
    ['EVAL', 'return 1', 'x'], ['EVAL', 'return 1', '2', 'a'], ['EVAL', 'return 1', '-1'], ['EVAL', 'return 1'], ['EVALSHA', 'abc', '0'],
    ['EVALSHA', 'ffffffffffffffffffffffffffffffffffffffff', '0'], ['SCRIPT', 'LOAD', 'return "loaded"'],
    ['EVALSHA', 'b534286061d4b9e4026607613b95c06c06015ae8', '0'], ['EVALSHA', 'B534286061D4B9E4026607613B95C06C06015AE8', '0'],
    ['EVALSHA_RO', 'b534286061d4b9e4026607613b95c06c06015ae8', '0'],
    ['SCRIPT', 'EXISTS', 'b534286061d4b9e4026607613b95c06c06015ae8', 'B534286061D4B9E4026607613B95C06C06015AE8', 'nope'],
    ['SCRIPT', 'LOAD', 'syntax error'], ['SCRIPT', 'LOAD'], ['SCRIPT', 'FLUSH', 'SYNC'], ['SCRIPT', 'EXISTS', 'b534286061d4b9e4026607613b95c06c06015ae8'],
    ['SCRIPT', 'FLUSH', 'ASYNC'], ['SCRIPT', 'FLUSH', 'BAD'], ['SCRIPT', 'FLUSH'], ['SCRIPT', 'KILL'], ['SCRIPT', 'HELP'], ['SCRIPT', 'NOSUCH'],
    ['SCRIPT', 'DEBUG', 'NO'], ['SCRIPT', 'DEBUG', 'MAYBE'], ['SCRIPT']] },
  { name: 'shebang flags and read-only scripts', resp: 'both', steps: [
    S('#!lua\nreturn 1'), S('#!lua flags=no-writes\nreturn redis.call("set", "x", "1")'), S('#!lua flags=no-writes\nreturn redis.call("get", "x")'),
    S('#!lua flags=foo\nreturn 1'), S('#!lua foo=bar\nreturn 1'), S('#!python\nreturn 1'), S('#!lua'), S('#!lua flags=\nreturn 2'),
    S('#!lua flags=no-writes,allow-oom,allow-stale,no-cluster,allow-cross-slot-keys\nreturn 3'),
    ['EVAL_RO', 'return redis.call("set", "x", "1")', '0'], ['EVAL_RO', 'return redis.call("get", "x")', '0'],
    ['EVAL_RO', '#!lua\nreturn 1', '0'], ['EVAL_RO', '#!lua flags=no-writes\nreturn redis.call("publish", "c", "m")', '0'],
    S('#!lua\nreturn redis.call("set", "x", "2")'), ['GET', 'x'], S('#!lua\nerror("line two")')] },
  { name: 'libraries: cjson cmsgpack struct bit math string', resp: 'both', steps: [
    S('return cjson.encode({1,2,3,"a",{b=true}})'), S('return cjson.encode(cjson.decode("[1,2,{\\"a\\":null}]"))'),
    S('return cjson.decode("{bad")'), S('return cmsgpack.pack({1,2,3,"x"})'), S('return cmsgpack.unpack(cmsgpack.pack({1,"two",3.5}))'),
    S('return struct.pack(">I2HB", 1, 2, 3)'), S('return {struct.unpack("HH", struct.pack("HH", 7, 9))}'), S('return bit.tohex(bit.bxor(0xff, 0x0f))'),
    S('return {bit.band(7,3), bit.lshift(1, 10), bit.tobit(0xffffffff)}'), S('return string.format("%5.2f|%d|%s", 3.14159, 42, "x")'),
    S('return {math.random(), math.random(10), math.random(5, 8)}'), S('math.randomseed(42) return {math.random(100), math.random(100)}'),
    S('return math.random(0)'), S('return table.concat({"a","b","c"}, ",")'), S('return redis.sha1hex("")'), S('return redis.sha1hex("abc")'),
    S('return {redis.REDIS_VERSION, redis.REDIS_VERSION_NUM}'), S('return {redis.LOG_DEBUG, redis.LOG_WARNING, redis.REPL_ALL, redis.REPL_NONE}'),
    S('return redis.replicate_commands()'), S('return redis.breakpoint()'), S('return redis.debug("x")'), S('return type(os)'),
    S('return _VERSION'), S('return type(loadstring)'), S('return coroutine.status(coroutine.create(function() end))'),
    S('return tostring(setmetatable({}, {__tostring=function() return "meta" end}))')] },
  { name: 'writes, MULTI, errors inside EXEC', resp: 'both', steps: [
    S('redis.call("set", "a", "1") redis.call("incr", "a") return redis.call("get", "a")'), ['GET', 'a'],
    ['MULTI'], ['EVAL', 'return redis.call("incr", KEYS[1])', '1', 'a'], ['EVAL', 'return redis.call("nosuch")', '0'], ['EXEC'],
    S('redis.call("del", "l") redis.call("rpush", "l", 1, 2, 3) return redis.call("lpop", "l")'),
    S('return redis.call("blpop", "empty", 0)'), S('return redis.call("subscribe", "c")'), S('return redis.call("multi")'),
    S('return redis.call("script", "load", "return 1")'), S('return redis.call("function", "list")')] },
  { name: 'maxmemory: OOM before the first write, allow-oom, no-writes', resp: 'both', steps: [
    ['SET', 'x', '1'], ['CONFIG', 'SET', 'maxmemory', '1'], S('return redis.call("set", "y", "1")'), S('return redis.call("get", "x")'),
    S('#!lua\nreturn redis.call("set", "y", "1")'), S('#!lua flags=allow-oom\nreturn redis.call("set", "y", "2")'),
    S('#!lua flags=no-writes\nreturn redis.call("get", "y")'), S('return redis.pcall("set", "z", "1")'), ['EVAL_RO', 'return redis.call("get", "x")', '0'],
    ['CONFIG', 'SET', 'maxmemory', '0']] },
  { name: 'errorstats and commandstats after script errors', steps: [
    ['CONFIG', 'RESETSTAT'], ['SET', 'str', 'v'], S('return redis.call("nosuch")'), S('return redis.pcall("incr", "str")'),
    S('return redis.call("incr", "str")'), S('return redis.error_reply("MY custom")'), S('return {err="OTHER x"}'), S('error("plain")'),
    S('#!lua flags=no-writes\nreturn redis.call("set", "a", "b")'), ['INFO', 'errorstats']] },
  { name: 'stress: deep recursion, big strings and tables, string.rep, unpack limits', resp: 'both', steps: [
    S('local function f(n) return f(n + 1) + 1 end return f(1)'), S('local function f(n) if n == 0 then return 0 end return 1 + f(n - 1) end return f(150)'),
    S('return string.len(string.rep("x", 5000000))'), S('local t = {} for i = 1, 100000 do t[i] = i end return #t'),
    S('local t = {} for i = 1, 7999 do t[i] = 1 end return redis.call("lpush", "l", unpack(t))'),
    S('local t = {} for i = 1, 20000 do t[i] = 1 end return #{unpack(t)}'),
    S('return redis.call("set", "big", string.rep("ab", 300000))'), ['STRLEN', 'big'], S('return string.len(redis.call("get", "big"))'),
    S('local a = {}; a[1] = a; return 1'), S('return coroutine.wrap(function() coroutine.yield(redis.call("ping")) end)()')] },
  // KEYS/ARGV are refilled tables (glue.c refill): nothing a run did to them may show in the next one.
  { name: 'KEYS and ARGV start fresh in every run', resp: 'both', steps: [
    ['EVAL', 'KEYS[5] = "x" KEYS.foo = 1 ARGV[1] = nil ARGV.bar = {} setmetatable(ARGV, {__index = function() return "meta" end}) return {#KEYS, ARGV[9]}', '3', 'a', 'b', 'c', 'd'],
    ['EVAL', 'return {#KEYS, #ARGV, tostring(KEYS.foo), tostring(ARGV[9]), tostring(ARGV.bar), KEYS[1], ARGV[1], tostring(getmetatable(ARGV))}', '1', 'k', 'v'],
    ['EVAL', 'local n = 0 for k in pairs(KEYS) do n = n + 1 end for k in pairs(ARGV) do n = n + 1 end return {n, #KEYS, #ARGV}', '0'],
    ['EVAL', 'table.insert(KEYS, "z") error("boom")', '2', 'a', 'b'],
    ['EVAL', 'return {#KEYS, KEYS[1], KEYS[2], KEYS[3]}', '2', 'x', 'y'],
    ['EVAL', 'return {KEYS[1], ARGV[1], ARGV[2], #ARGV}', '1', '', '', 'two'],
    ['EVAL', 'KEYS = {}', '0'], ['EVAL', 'return KEYS == ARGV', '0']] },
  { name: 'numbers as redis.call arguments (%.17g), verbatim formats', resp: 'both', steps: [
    S('return redis.call("set", "n", 1/0)'), ['GET', 'n'], S('return redis.call("set", "n", -1/0)'), ['GET', 'n'],
    S('return redis.call("set", "n", 1e300)'), ['GET', 'n'], S('return redis.call("set", "n", -0.0)'), ['GET', 'n'],
    S('return redis.call("set", "n", 2^63)'), ['GET', 'n'], S('return redis.call("set", "n", 1/3)'), ['GET', 'n'],
    S('return redis.call("set", "n", 123456789012)'), ['GET', 'n'],
    S('return {verbatim_string={format="markdown", string="hi"}}'), S('return {verbatim_string={format="x", string="hi"}}'),
    S('return {verbatim_string={format="", string=""}}'), S('return {2147483647, -2147483648, 2147483648, -2147483649, 0.5, -0.5, -0.0}')] },
  // scriptCall checks ACL before the read-only (no-writes / *_RO) and OOM checks.
  { name: 'redis.call: ACL is checked before read-only scripts and OOM', resp: 'both', steps: [
    ['CONFIG', 'RESETSTAT'], ['SET', 'x', '1'],
    ['ACL', 'SETUSER', 'scriptuser', 'on', '>pw', '~*', '&*', '+@all', '-set', '-incr'],
    ['CONFIG', 'SET', 'maxmemory', '1'],
    ['AUTH', 'scriptuser', 'pw'],
    ['EVAL_RO', 'return redis.call("set", "x", "2")', '0'],
    S('#!lua flags=no-writes\nreturn redis.call("set", "x", "2")'),
    S('#!lua flags=no-writes\nreturn redis.pcall("incr", "x")'),
    S('return redis.call("set", "x", "2")'), S('return redis.pcall("set", "x", "2")'),
    ['EVAL_RO', 'return redis.call("del", "x")', '0'], S('return redis.call("del", "nokey")'), S('return redis.call("get", "x")'),
    ['AUTH', 'default', 'any'], ['CONFIG', 'SET', 'maxmemory', '0'], ['ACL', 'DELUSER', 'scriptuser'], ['INFO', 'errorstats']] },
];

diffSuite('scripting', cases);
