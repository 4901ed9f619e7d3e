import { diffSuite, type DiffCase } from './diff.js';

const LIB = (name: string, body: string) => `#!lua name=${name}\n${body}`;
const ECHO = LIB('mylib', "redis.register_function('echo', function(keys, args) return {keys, args} end)");
const RO = LIB('rolib', "redis.register_function{function_name='rget', callback=function(keys) return redis.call('get', keys[1]) end, flags={'no-writes'}, description='read one key'}");
const WR = LIB('wlib', "redis.register_function('wset', function(keys, args) return redis.call('set', keys[1], args[1]) end)");

const cases: DiffCase[] = [
  { name: 'FUNCTION LOAD / FCALL / LIST / DELETE', resp: 'both', steps: [
    ['FUNCTION', 'LOAD', ECHO], ['FCALL', 'echo', '2', 'k1', 'k2', 'a1'], ['FCALL', 'ECHO', '0'], ['FCALL', 'nosuch', '0'],
    ['FCALL', 'echo', 'x'], ['FCALL', 'echo', '5', 'a'], ['FCALL', 'echo', '-1'], ['FUNCTION', 'LOAD', ECHO],
    ['FUNCTION', 'LOAD', 'REPLACE', ECHO], ['FUNCTION', 'LIST'], ['FUNCTION', 'LIST', 'WITHCODE'], ['FUNCTION', 'LIST', 'LIBRARYNAME', 'my*'],
    ['FUNCTION', 'LIST', 'LIBRARYNAME', 'zz*'], ['FUNCTION', 'LIST', 'LIBRARYNAME'], ['FUNCTION', 'LIST', 'BAD'],
    ['FUNCTION', 'STATS'], ['FUNCTION', 'DELETE', 'mylib'], ['FUNCTION', 'DELETE', 'mylib'], ['FCALL', 'echo', '0'], ['FUNCTION', 'LIST']] },
  { name: 'FUNCTION LOAD errors', resp: 'both', steps: [
    ['FUNCTION', 'LOAD', 'return 1'], ['FUNCTION', 'LOAD', '#!lua'], ['FUNCTION', 'LOAD', '#!lua\nreturn 1'],
    ['FUNCTION', 'LOAD', '#!lua name=a name=b\nreturn 1'], ['FUNCTION', 'LOAD', '#!lua foo=bar\nreturn 1'],
    ['FUNCTION', 'LOAD', '#!lua name=bad-name\nreturn 1'], ['FUNCTION', 'LOAD', '#!python name=p\nreturn 1'],
    ['FUNCTION', 'LOAD', LIB('nofn', 'return 1')], ['FUNCTION', 'LOAD', LIB('syn', 'this is not lua')],
    ['FUNCTION', 'LOAD', LIB('callsredis', "redis.call('ping')")], ['FUNCTION', 'LOAD', LIB('usesstring', 'return string.len("x")')],
    ['FUNCTION', 'LOAD', LIB('dup', "redis.register_function('f', function() end) redis.register_function('f', function() end)")],
    ['FUNCTION', 'LOAD', LIB('badfn', "redis.register_function('bad name', function() end)")],
    ['FUNCTION', 'LOAD', LIB('args', "redis.register_function()")], ['FUNCTION', 'LOAD', LIB('args2', "redis.register_function('f', 1)")],
    ['FUNCTION', 'LOAD', LIB('args3', "redis.register_function({function_name='f'})")],
    ['FUNCTION', 'LOAD', LIB('args4', "redis.register_function({callback=function() end})")],
    ['FUNCTION', 'LOAD', LIB('args5', "redis.register_function({function_name='f', callback=function() end, flags={'bad'}})")],
    ['FUNCTION', 'LOAD', LIB('args6', "redis.register_function({function_name='f', callback=function() end, other=1})")],
    ['FUNCTION', 'LOAD', LIB('args7', "redis.register_function('f')")], ['FUNCTION', 'LOAD', LIB('glob', 'x = 1')],
    ['FUNCTION', 'LOAD', 'REPLACE'], ['FUNCTION', 'LOAD', 'FOO', 'BAR'], ['FUNCTION', 'LOAD'],
    ['FUNCTION', 'LOAD', LIB('lib1', "redis.register_function('shared', function() return 1 end)")],
    ['FUNCTION', 'LOAD', LIB('lib2', "redis.register_function('SHARED', function() return 2 end)")], ['FCALL', 'shared', '0'],
    ['FUNCTION', 'LOAD', LIB('logs', "redis.log(redis.LOG_NOTICE, 'loading') redis.register_function('lf', function() return redis.REDIS_VERSION end)")],
    ['FCALL', 'lf', '0']] },
  { name: 'function flags, FCALL_RO, errors inside functions', resp: 'both', steps: [
    ['FUNCTION', 'LOAD', RO], ['FUNCTION', 'LOAD', WR], ['FCALL', 'wset', '1', 'k', 'v'], ['FCALL_RO', 'rget', '1', 'k'],
    ['FCALL_RO', 'wset', '1', 'k', 'v'], ['FUNCTION', 'LIST', 'LIBRARYNAME', 'rolib'],
    ['FUNCTION', 'LOAD', LIB('errs', "redis.register_function('boom', function() error('kaboom') end) redis.register_function('rerr', function() return redis.call('incr', 'k') end) redis.register_function('noglobal', function() return nosuch end) redis.register_function('setg', function() x = 1 end)")],
    ['FCALL', 'boom', '0'], ['FCALL', 'rerr', '0'], ['FCALL', 'noglobal', '0'], ['FCALL', 'setg', '0'],
    ['FUNCTION', 'LOAD', LIB('rowrite', "redis.register_function{function_name='rw', callback=function() return redis.call('set', 'x', '1') end, flags={'no-writes'}}")],
    ['FCALL', 'rw', '0'], ['FUNCTION', 'KILL'], ['FUNCTION', 'FLUSH'], ['FUNCTION', 'LIST'], ['FUNCTION', 'FLUSH', 'ASYNC'],
    ['FUNCTION', 'FLUSH', 'BAD'], ['FUNCTION', 'FLUSH', 'SYNC', 'X'], ['FUNCTION', 'HELP'], ['FUNCTION', 'STATS']] },
  { name: 'FUNCTION DUMP / RESTORE (one library: dump bytes are deterministic)', resp: 'both', steps: [
    ['FUNCTION', 'LOAD', ECHO], ['FUNCTION', 'DUMP'], ['FUNCTION', 'RESTORE', 'garbage'],
    ['FUNCTION', 'FLUSH'], ['FUNCTION', 'DUMP'], ['FUNCTION', 'RESTORE', 'x', 'BADPOLICY']] },
];

diffSuite('functions', cases);
