import { diffSuite, type DiffCase } from './diff.js';

const cases: DiffCase[] = [
  { name: 'CONFIG GET/SET validation', resp: 'both', steps: [
    ['CONFIG', 'SET', 'maxmemory', '1mb'], ['CONFIG', 'GET', 'maxmemory'], ['CONFIG', 'SET', 'maxmemory', '0'],
    ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru'], ['CONFIG', 'GET', 'maxmemory-policy'], ['CONFIG', 'SET', 'maxmemory-policy', 'bogus'],
    ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'], ['CONFIG', 'SET', 'nosuch', '1'], ['CONFIG', 'SET', 'databases', '4'],
    ['CONFIG', 'SET', 'hz', 'abc'], ['CONFIG', 'SET', 'hz', '20'], ['CONFIG', 'GET', 'hz'], ['CONFIG', 'SET', 'hz', '10'],
    ['CONFIG', 'SET', 'appendonly', 'maybe'], ['CONFIG', 'SET', 'maxmemory', '10', 'maxmemory', '20'], ['CONFIG', 'SET', 'maxmemory'],
    ['CONFIG', 'SET', 'maxmemory', '1', 'hz'], ['CONFIG', 'GET', 'nosuch'], { cmd: ['CONFIG', 'GET', 'maxmemory*'], unordered: true },
    { cmd: ['CONFIG', 'GET', 'hash-max-*'], unordered: true }, { cmd: ['CONFIG', 'GET', 'hz', 'maxmemory', 'HZ'], unordered: true },
    ['CONFIG', 'SET', 'notify-keyspace-events', 'KEA'], ['CONFIG', 'GET', 'notify-keyspace-events'], ['CONFIG', 'SET', 'notify-keyspace-events', 'Q'],
    ['CONFIG', 'SET', 'notify-keyspace-events', 'Kgx'], ['CONFIG', 'GET', 'notify-keyspace-events'], ['CONFIG', 'SET', 'notify-keyspace-events', ''],
    ['CONFIG', 'SET', 'list-max-ziplist-size', '-2'], ['CONFIG', 'GET', 'list-max-listpack-size'], ['CONFIG', 'SET', 'maxmemory-samples', '0'],
    ['CONFIG', 'SET', 'timeout', '0'], ['CONFIG', 'SET', 'proto-max-bulk-len', '100'], ['CONFIG', 'SET', 'lua-time-limit', '5000'],
    ['CONFIG', 'GET', 'lua-time-limit'], ['CONFIG', 'GET', 'busy-reply-threshold'], ['CONFIG', 'SET', 'lua-time-limit', '5000'],
    ['CONFIG', 'REWRITE'], ['CONFIG', 'RESETSTAT'], ['CONFIG', 'HELP'],
    ['CONFIG', 'SET', 'lua-time-limit', '1234'], ['CONFIG', 'GET', 'busy-reply-threshold'], ['CONFIG', 'SET', 'busy-reply-threshold', '5000'],
    ['CONFIG', 'GET', 'lua-time-limit']] },
  { name: 'LFU policy: OBJECT FREQ / IDLETIME', steps: [
    ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu'], ['SET', 'k', 'v'], ['OBJECT', 'FREQ', 'k'], ['OBJECT', 'IDLETIME', 'k'],
    ['OBJECT', 'FREQ', 'nokey'], ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'], ['OBJECT', 'FREQ', 'k']] },
  { name: 'restricted-ish commands when allowed', steps: [['SAVE'], ['BGREWRITEAOF'], ['SAVE', 'x']] },
  { name: 'COMMAND INFO/DOCS/GETKEYS/COUNT-like', resp: 'both', steps: [
    ['COMMAND', 'INFO', 'get', 'set', 'nosuch'], ['COMMAND', 'INFO', 'GET'], ['COMMAND', 'DOCS', 'get'], ['COMMAND', 'INFO', 'config|get'],
    ['COMMAND', 'GETKEYS', 'SET', 'a', 'b'], ['COMMAND', 'GETKEYS', 'MSET', 'a', '1', 'b', '2'], ['COMMAND', 'GETKEYS', 'PING'],
    ['COMMAND', 'GETKEYS', 'NOSUCH', 'a'], ['COMMAND', 'GETKEYS', 'GET'], ['COMMAND', 'GETKEYS'], ['COMMAND', 'HELP'],
    ['COMMAND', 'LIST', 'FILTERBY', 'FOO', 'x'], ['COMMAND', 'INFO', 'client|id'],
    ['COMMAND', 'GETKEYS', 'ZUNIONSTORE', 'd', '2', 'a', 'b', 'WEIGHTS', '1', '2'], ['COMMAND', 'GETKEYS', 'EVAL', 's', '2', 'k1', 'k2', 'x'],
    ['COMMAND', 'GETKEYS', 'XREAD', 'COUNT', '2', 'STREAMS', 's1', 's2', '0', '0'], ['COMMAND', 'GETKEYS', 'LMOVE', 'a', 'b', 'LEFT', 'RIGHT'],
    ['COMMAND', 'GETKEYS', 'OBJECT', 'ENCODING', 'k'], ['COMMAND', 'GETKEYS', 'ZUNIONSTORE', 'd', 'x', 'a'], ['COMMAND', 'GETKEYS', 'SET', 'a']] },
  { name: 'TIME LASTSAVE DBSIZE', steps: [{ cmd: ['TIME'], typeOnly: true }, { cmd: ['LASTSAVE'], typeOnly: true }, ['DBSIZE'], ['TIME', 'x']] },
  { name: 'SLOWLOG', resp: 'both', steps: [
    ['SLOWLOG', 'RESET'], ['SLOWLOG', 'LEN'], ['SLOWLOG', 'GET'], ['SLOWLOG', 'GET', '-2'], ['SLOWLOG', 'GET', 'x'], ['SLOWLOG', 'HELP']] },
  { name: 'MEMORY', resp: 'both', steps: [
    ['SET', 'k', 'v'], { cmd: ['MEMORY', 'USAGE', 'k'], typeOnly: true }, ['MEMORY', 'USAGE', 'none'], ['MEMORY', 'USAGE', 'k', 'SAMPLES'],
    ['MEMORY', 'USAGE', 'k', 'FOO', '5'], ['MEMORY', 'HELP'], ['MEMORY', 'FOO'], { cmd: ['MEMORY', 'DOCTOR'], typeOnly: true }, ['MEMORY', 'PURGE']] },
  { name: 'INFO section shapes', steps: [{ cmd: ['INFO'], typeOnly: true }, ['INFO', 'nosuchsection'], ['INFO', 'cluster'], ['INFO', 'modules'], ['INFO', 'keyspace'],
    ['SET', 'a', '1'], ['INFO', 'keyspace'], ['INFO', 'keyspace', 'cluster']] },
  { name: 'keyspace notifications', resp: 3, steps: [
    ['CONFIG', 'SET', 'notify-keyspace-events', 'KEA'], { cmd: ['PSUBSCRIBE', '__key*'], replies: 1 },
    { cmd: ['SET', 'k', 'v'], replies: 0 }, { raw: '', replies: 2 }, ['CONFIG', 'SET', 'notify-keyspace-events', '']] },
];

diffSuite('server', cases);
