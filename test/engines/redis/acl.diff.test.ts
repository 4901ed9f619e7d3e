/**
 * ACL differential tests (ours vs redis-server 7.0.15, reply by reply):
 * rules, GETUSER/LIST renderings, NOPERM, AUTH/HELLO, LOG, DRYRUN, CAT,
 * GENPASS, DELUSER — scenarios ported from Redis's tests/unit/acl.tcl.
 */
import { aclDiffSuite, type ACase } from './acl-harness.js';

const HASH = '5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8'; // sha256("password")
const g = (u: string) => ({ cmd: ['ACL', 'GETUSER', u], norm: 'tokens' as const });

const rules: ACase[] = [
  { name: 'connections start with the default user', resp: 'both', steps: [['ACL', 'WHOAMI'], ['ACL', 'USERS'], ['ACL', 'LIST'], ['ACL', 'GETUSER', 'default']] },
  { name: 'new users start disabled, with no rights', resp: 'both', steps: [
    ['ACL', 'SETUSER', 'newuser'], ['ACL', 'LIST'], ['ACL', 'GETUSER', 'newuser'], ['ACL', 'USERS'], ['ACL', 'GETUSER', 'nouser'],
    ['AUTH', 'newuser', 'x'], ['ACL', 'SETUSER', 'newuser', 'on', '>passwd1'], ['AUTH', 'newuser', 'passwd1'], ['ACL', 'WHOAMI'], ['GET', 'k']] },
  { name: 'usernames cannot contain spaces or null characters', steps: [
    ['ACL', 'SETUSER', 'a b'], ['ACL', 'SETUSER', 'a\x00b'], ['ACL', 'SETUSER', 'a\tb'], ['ACL', 'USERS']] },
  { name: 'passwords: add, remove, hashes, nopass, resetpass', resp: 'both', steps: [
    ['ACL', 'SETUSER', 'u', 'on', '>p1', '>p2', '>p1'], g('u'), ['AUTH', 'u', 'p1'], ['AUTH', 'u', 'p2'], ['AUTH', 'u', 'p3'],
    ['ACL', 'SETUSER', 'u', '<p1'], ['AUTH', 'u', 'p1'], ['ACL', 'SETUSER', 'u', '<nope'], ['ACL', 'SETUSER', 'u', `#${HASH}`], ['AUTH', 'u', 'password'],
    ['ACL', 'SETUSER', 'u', '#abc'], ['ACL', 'SETUSER', 'u', `#${HASH.toUpperCase()}`], ['ACL', 'SETUSER', 'u', `!${HASH}`], ['ACL', 'SETUSER', 'u', `!${HASH}`],
    ['ACL', 'SETUSER', 'u', '!zz'], g('u'), ['ACL', 'SETUSER', 'u', 'nopass'], ['AUTH', 'u', 'anything'], g('u'), ['ACL', 'LIST'],
    ['ACL', 'SETUSER', 'u', 'resetpass'], ['AUTH', 'u', 'anything'], ['ACL', 'SETUSER', 'u', '>'], ['AUTH', 'u', ''], ['ACL', 'LIST']] },
  { name: 'flags: on off sanitize-payload reset', resp: 'both', steps: [
    ['ACL', 'SETUSER', 'u', 'on', 'skip-sanitize-payload'], ['ACL', 'LIST'], ['ACL', 'SETUSER', 'u', 'sanitize-payload', 'OFF'], ['ACL', 'GETUSER', 'u'],
    ['ACL', 'SETUSER', 'u', 'on', '+@all', '~*', '&*', '>x', 'reset'], ['ACL', 'LIST'], ['ACL', 'SETUSER', 'u', 'bogus'], ['ACL', 'SETUSER', 'u', ''], ['ACL', 'LIST']] },
  { name: 'key patterns: ~ %R~ %W~ allkeys resetkeys', resp: 'both', steps: [
    ['ACL', 'SETUSER', 'u', '~foo:*', '%R~r*', '%W~w*', '%RW~rw', '%WR~x', '~foo:*', '%R~foo:*'], ['ACL', 'LIST'], ['ACL', 'GETUSER', 'u'],
    ['ACL', 'SETUSER', 'u', '%R~w*'], ['ACL', 'LIST'], ['ACL', 'SETUSER', 'u', '%X~a'], ['ACL', 'SETUSER', 'u', '%RR~a'], ['ACL', 'SETUSER', 'u', '%'], ['ACL', 'SETUSER', 'u', '%R'],
    ['ACL', 'SETUSER', 'u', '~a b'], ['ACL', 'SETUSER', 'u', 'allkeys'], ['ACL', 'LIST'], ['ACL', 'SETUSER', 'u', '~x'], ['ACL', 'SETUSER', 'u', '%R~x'],
    ['ACL', 'SETUSER', 'u', 'resetkeys', '~x'], ['ACL', 'LIST'], ['ACL', 'SETUSER', 'u', '~*'], ['ACL', 'GETUSER', 'u'], ['ACL', 'SETUSER', 'u', 'resetkeys'], ['ACL', 'GETUSER', 'u']] },
  { name: 'channel patterns: & allchannels resetchannels', resp: 'both', steps: [
    ['ACL', 'SETUSER', 'u', '&foo', '&bar*', '&foo'], ['ACL', 'LIST'], ['ACL', 'GETUSER', 'u'], ['ACL', 'SETUSER', 'u', '&a b'],
    ['ACL', 'SETUSER', 'u', 'allchannels'], ['ACL', 'LIST'], ['ACL', 'SETUSER', 'u', '&x'], ['ACL', 'SETUSER', 'u', 'resetchannels', '&x'], ['ACL', 'LIST'],
    ['ACL', 'SETUSER', 'u', '&*'], ['ACL', 'GETUSER', 'u']] },
  { name: 'commands: +cmd -cmd +@cat -@cat allcommands nocommands, errors', resp: 'both', steps: [
    ['ACL', 'SETUSER', 'u', '+get'], ['ACL', 'LIST'], ['ACL', 'SETUSER', 'u', '+@all', '-get'], ['ACL', 'LIST'], ['ACL', 'SETUSER', 'u', 'nocommands', '+@hash'], ['ACL', 'LIST'],
    ['ACL', 'SETUSER', 'u', 'allcommands', '-@string'], ['ACL', 'LIST'], ['ACL', 'SETUSER', 'u', '+nosuch'], ['ACL', 'SETUSER', 'u', '-nosuch'], ['ACL', 'SETUSER', 'u', '+@nosuch'],
    ['ACL', 'SETUSER', 'u', '+'], ['ACL', 'SETUSER', 'u', '-@'], ['ACL', 'SETUSER', 'u', '+@ALL'], ['ACL', 'LIST'], ['ACL', 'SETUSER', 'u', '-@ALL', '+GET'], ['ACL', 'LIST'],
    ['ACL', 'SETUSER', 'u', '+get', '+nosuch', 'on'], ['ACL', 'LIST']] },
  { name: 'subcommands and first args', resp: 'both', steps: [
    ['ACL', 'SETUSER', 'bob', '+memory|doctor'], ['ACL', 'GETUSER', 'bob'], ['ACL', 'SETUSER', 'bob', '+memory'], ['ACL', 'GETUSER', 'bob'],
    ['ACL', 'SETUSER', 'bob', '+@all', '+client|id'], ['ACL', 'GETUSER', 'bob'],
    ['ACL', 'SETUSER', 'alice', '+@all', '-memory|doctor'], ['ACL', 'GETUSER', 'alice'], ['ACL', 'SETUSER', 'alice', '+@all', '-memory'], ['ACL', 'GETUSER', 'alice'],
    ['ACL', 'SETUSER', 'c', '+select|0', '+select|1', '+SELECT|0', '+get|x'], g('c'), ['ACL', 'SETUSER', 'c', '+select'], g('c'),
    ['ACL', 'SETUSER', 'c', '+config|get|x'], ['ACL', 'SETUSER', 'c', '+config|'], ['ACL', 'SETUSER', 'c', '+select|'], ['ACL', 'SETUSER', 'c', '-select|0'],
    ['ACL', 'SETUSER', 'c', '+config|nosuch'], ['ACL', 'SETUSER', 'c', '-config|get|x'], ['ACL', 'SETUSER', 'c', '+nosuch|x'], ['ACL', 'SETUSER', 'c', '-CONFIG|SET'], g('c')] },
  { name: 'GETUSER translates permissions back (single categories)', steps: [
    ['ACL', 'SETUSER', 'n', 'reset', '+@all', '~*', '-@string', '+incr', '-debug', '+debug|digest'], g('n'),
    ['ACL', 'SETUSER', 'n', 'reset', '+@string', '-incr', '+acl', '+debug|digest', '+debug|segfault'], g('n'),
    ...['keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap', 'hyperloglog', 'geo', 'stream', 'pubsub', 'admin', 'fast', 'slow', 'blocking', 'dangerous', 'connection', 'transaction', 'scripting'].flatMap((cat) => [
      ['ACL', 'SETUSER', 'add', 'reset', '+@all', `-@${cat}`], ['ACL', 'GETUSER', 'add'], ['ACL', 'SETUSER', 'res', 'reset', '-@all', `+@${cat}`], ['ACL', 'GETUSER', 'res']])] },
  { name: 'GETUSER mixed categories', steps: [
    ['ACL', 'SETUSER', 'm', '+@read', '+@write', '-@dangerous', '+@hash', '-hset'], g('m'), ['ACL', 'SETUSER', 'm', '+@all', '-@read', '+get', '-@admin'], g('m'),
    ['ACL', 'SETUSER', 'm', '-@all', '+@fast', '+@slow', '-@keyspace'], g('m'), { cmd: ['ACL', 'LIST'], norm: 'tokens' }] },
  { name: 'selectors: create, merge args, clearselectors, errors', resp: 'both', steps: [
    ['ACL', 'SETUSER', 's', 'on', 'nopass', '+get', '~a*', '(+set ~b* &ch)', '(', '%R~r*', '+@hash', ')'], { cmd: ['ACL', 'LIST'], norm: 'tokens' }, { cmd: ['ACL', 'GETUSER', 's'], norm: 'tokens' },
    ['ACL', 'SETUSER', 's', '(+get', '~x'], ['ACL', 'SETUSER', 's', '(on)'], ['ACL', 'SETUSER', 's', '(+nosuch)'], ['ACL', 'SETUSER', 's', '()'], { cmd: ['ACL', 'LIST'], norm: 'tokens' },
    ['ACL', 'SETUSER', 's', '(~* ~x)'], ['ACL', 'SETUSER', 's', '(~"a b")'], ['ACL', 'SETUSER', 's', "('~q' &\"c\")"], { cmd: ['ACL', 'LIST'], norm: 'tokens' },
    ['ACL', 'SETUSER', 's', 'clearselectors'], ['ACL', 'LIST'], ['ACL', 'GETUSER', 's']] },
  { name: 'DELUSER', resp: 'both', steps: [
    ['ACL', 'SETUSER', 'a'], ['ACL', 'SETUSER', 'b'], ['ACL', 'DELUSER', 'a', 'nosuch', 'a'], ['ACL', 'DELUSER', 'b', 'default'], ['ACL', 'USERS'], ['ACL', 'DELUSER', 'b'], ['ACL', 'USERS'], ['ACL', 'DELUSER']] },
  { name: 'CAT', resp: 'both', steps: [
    ['ACL', 'CAT'], { cmd: ['ACL', 'CAT', 'transaction'], norm: 'unordered' }, { cmd: ['ACL', 'CAT', 'SCRIPTING'], norm: 'unordered' }, { cmd: ['ACL', 'CAT', 'dangerous'], norm: 'unordered' },
    ['ACL', 'CAT', 'NON_EXISTS'], ['ACL', 'CAT', 'NON_EXISTS', 'NON_EXISTS2'], ['ACL', 'CAT', 'all']] },
  { name: 'GENPASS', resp: 'both', steps: [
    { cmd: ['ACL', 'GENPASS'], norm: 'type' }, ['STRLEN', 'x'], ['ACL', 'GENPASS', '0'], ['ACL', 'GENPASS', '-1'], ['ACL', 'GENPASS', '4097'], ['ACL', 'GENPASS', 'abc'],
    ['ACL', 'GENPASS', '1', '2'], { cmd: ['ACL', 'GENPASS', '4096'], norm: 'type' }] },
  { name: 'HELP and syntax errors', resp: 'both', steps: [
    ['ACL', 'HELP'], ['ACL', 'HELP', 'x'], ['ACL', 'NOSUCH'], ['ACL'], ['ACL', 'SETUSER'], ['ACL', 'GETUSER', 'a', 'b'], ['ACL', 'LIST', 'x'], ['ACL', 'WHOAMI', 'x'],
    ['ACL', 'LOG', '1', '2'], ['ACL', 'LOAD'], ['ACL', 'SAVE'], ['ACL', 'LOAD', 'x'], ['ACL', 'DRYRUN', 'default']] },
];

const perms: ACase[] = [
  { name: 'NOPERM for commands, keys, subcommands', resp: 'both', steps: [
    ['ACL', 'SETUSER', 'u', 'on', '>pw', '+get', '+set', '+config|get', '+acl', '~foo*', '%R~ro*', '%W~wo*'],
    { on: 'u', cmd: ['AUTH', 'u', 'pw'] }, { on: 'u', cmd: ['GET', 'foo1'] }, { on: 'u', cmd: ['GET', 'bar'] }, { on: 'u', cmd: ['SET', 'foo', 'v'] },
    { on: 'u', cmd: ['INCR', 'foo'] }, { on: 'u', cmd: ['CONFIG', 'GET', 'maxmemory'] }, { on: 'u', cmd: ['CONFIG', 'SET', 'maxmemory', '0'] },
    { on: 'u', cmd: ['GET', 'ro1'] }, { on: 'u', cmd: ['SET', 'ro1', 'x'] }, { on: 'u', cmd: ['SET', 'wo1', 'x'] }, { on: 'u', cmd: ['GET', 'wo1'] },
    { on: 'u', cmd: ['SET', 'wo1', 'x', 'GET'] }, { on: 'u', cmd: ['ACL', 'WHOAMI'] }, { on: 'u', cmd: ['PING'] }, { on: 'u', cmd: ['NOSUCH'] },
    { on: 'u', cmd: ['GET'] }, { on: 'u', cmd: ['AUTH', 'default', 'x'] }, { on: 'u', cmd: ['HELLO'], norm: 'type' }] },
  { name: 'multi-key commands report the most relevant key', steps: [
    ['ACL', 'SETUSER', 'u', 'on', 'nopass', '+@all', '~a*'], { on: 'u', cmd: ['AUTH', 'u', 'x'] },
    { on: 'u', cmd: ['MSET', 'a1', '1', 'b1', '2'] }, { on: 'u', cmd: ['MGET', 'a1', 'a2'] }, { on: 'u', cmd: ['MGET', 'b', 'a2'] }, { on: 'u', cmd: ['RENAME', 'a1', 'b1'] },
{ on: 'u', cmd: ['SORT', 'a1', 'STORE', 'b'] }, { on: 'u', cmd: ['BITFIELD', 'a1', 'GET', 'u8', '0'] },
    { on: 'u', cmd: ['ZUNIONSTORE', 'a1', '2', 'a2', 'bb'] }, { on: 'u', cmd: ['ZUNIONSTORE', 'a1', 'x', 'a2', 'bb'] }, { on: 'u', cmd: ['KEYS', '*'] }, { on: 'u', cmd: ['FLUSHALL'] },
    { cmd: ['ACL', 'LOG'], norm: 'log' }] },
  { name: 'read/write key permissions', steps: [
    ['ACL', 'SETUSER', 'u', 'on', 'nopass', '+@all', '%R~read*', '%W~write*', '~rw*'], { on: 'u', cmd: ['AUTH', 'u', 'x'] },
    { on: 'u', cmd: ['GET', 'read1'] }, { on: 'u', cmd: ['SET', 'read1', 'x'] }, { on: 'u', cmd: ['SET', 'write1', 'x'] }, { on: 'u', cmd: ['GET', 'write1'] },
    { on: 'u', cmd: ['COPY', 'read1', 'write1'] }, { on: 'u', cmd: ['COPY', 'write1', 'read1'] }, { on: 'u', cmd: ['LMOVE', 'read1', 'write1', 'LEFT', 'RIGHT'] },
    { on: 'u', cmd: ['APPEND', 'write1', 'x'] }, { on: 'u', cmd: ['APPEND', 'rw1', 'x'] }, { on: 'u', cmd: ['DEL', 'write1'] }, { on: 'u', cmd: ['EXISTS', 'write1'] },
    { on: 'u', cmd: ['BITFIELD', 'read1', 'GET', 'u8', '0'] }, { on: 'u', cmd: ['BITFIELD', 'read1', 'SET', 'u8', '0', '1'] }, { on: 'u', cmd: ['SORT', 'read1', 'STORE', 'write1'] },
    { on: 'u', cmd: ['SORT', 'read1', 'STORE', 'read2'] }, { on: 'u', cmd: ['ACL', 'DRYRUN', 'u', 'SET', 'read1', 'x'] }] },
  { name: 'first-arg rules: SELECT 0 only', steps: [
    ['ACL', 'SETUSER', 'n', 'on', 'nopass', '-@all', '+acl', '+select|0'], { on: 'n', cmd: ['AUTH', 'n', 'x'] },
    { on: 'n', cmd: ['SELECT', '0'] }, { on: 'n', cmd: ['SELECT', '1'] }, { on: 'n', cmd: ['select', '0'] }, { on: 'n', cmd: ['ACL', 'GETUSER', 'n'], norm: 'tokens' }] },
  { name: 'selectors grant alternatives', steps: [
    ['ACL', 'SETUSER', 's', 'on', 'nopass', '+get', '~a*', '(+set ~b*)', '(+@hash %R~c*)'], { on: 's', cmd: ['AUTH', 's', 'x'] },
    { on: 's', cmd: ['GET', 'a1'] }, { on: 's', cmd: ['GET', 'b1'] }, { on: 's', cmd: ['SET', 'b1', 'x'] }, { on: 's', cmd: ['SET', 'a1', 'x'] }, { on: 's', cmd: ['HGET', 'c1', 'f'] },
    { on: 's', cmd: ['HSET', 'c1', 'f', 'v'] }, { on: 's', cmd: ['LPUSH', 'a1', 'x'] }, { on: 's', cmd: ['SET', 'z', 'x'] }, { on: 's', cmd: ['HSET', 'z', 'f', 'v'] },
    ['ACL', 'DRYRUN', 's', 'GET', 'a1'], ['ACL', 'DRYRUN', 's', 'SET', 'a1', 'x'], ['ACL', 'DRYRUN', 's', 'LPUSH', 'x', 'y'], ['ACL', 'DRYRUN', 's', 'HGET', 'c', 'f']] },
  { name: 'DRYRUN', resp: 'both', steps: [
    ['ACL', 'SETUSER', 'd', '+get', '~k*', '&ch*', '+publish', '+subscribe'], ['ACL', 'DRYRUN', 'd', 'GET', 'k1'], ['ACL', 'DRYRUN', 'd', 'GET', 'x'], ['ACL', 'DRYRUN', 'd', 'SET', 'k', 'v'],
    ['ACL', 'DRYRUN', 'd', 'PUBLISH', 'ch1', 'm'], ['ACL', 'DRYRUN', 'd', 'PUBLISH', 'x', 'm'], ['ACL', 'DRYRUN', 'd', 'SUBSCRIBE', 'ch1', 'x'], ['ACL', 'DRYRUN', 'nosuch', 'GET', 'k'],
    ['ACL', 'DRYRUN', 'd', 'NOSUCH'], ['ACL', 'DRYRUN', 'd', 'GET'], ['ACL', 'DRYRUN', 'd', 'CONFIG'], ['ACL', 'DRYRUN', 'd', 'CONFIG', 'nosuch'], ['ACL', 'DRYRUN', 'd', 'CONFIG', 'GET', 'x'],
    ['ACL', 'SETUSER', 'scripter', 'on', 'nopass', '+readonly'], ['ACL', 'DRYRUN', 'scripter', 'EVAL_RO', '', '0'], ['ACL', 'DRYRUN', 'scripter', 'FCALL_RO', '', '0'], ['ACL', 'DRYRUN', 'd', 'AUTH', 'a', 'b']] },
  { name: 'NOPERM inside MULTI and at EXEC', resp: 'both', steps: [
    ['ACL', 'SETUSER', 'u', 'on', 'nopass', '+multi', '+exec', '+discard', '+set', '+get', '~*'], { on: 'u', cmd: ['AUTH', 'u', 'x'] },
    { on: 'u', cmd: ['MULTI'] }, { on: 'u', cmd: ['SET', 'a', '1'] }, { on: 'u', cmd: ['INCR', 'a'] }, { on: 'u', cmd: ['EXEC'] },
    { on: 'u', cmd: ['MULTI'] }, { on: 'u', cmd: ['SET', 'a', '1'] }, { on: 'u', cmd: ['GET', 'a'] }, ['ACL', 'SETUSER', 'u', '-get', 'resetkeys', '~b'], { on: 'u', cmd: ['EXEC'] },
    { on: 'u', cmd: ['MULTI'] }, { on: 'u', cmd: ['SET', 'b', '1'] }, ['ACL', 'SETUSER', 'u', 'resetkeys'], { on: 'u', cmd: ['EXEC'] }, { cmd: ['ACL', 'LOG'], norm: 'log' }] },
  { name: 'scripts run commands as the caller\'s user', resp: 'both', steps: [
    ['ACL', 'SETUSER', 'sc', 'on', 'nopass', '+eval', '+evalsha', '+get', '+publish', '~k*', '&c*'], { on: 's', cmd: ['AUTH', 'sc', 'x'] },
    { on: 's', cmd: ['EVAL', "return redis.call('get', 'k1')", '0'] }, { on: 's', cmd: ['EVAL', "return redis.call('set', 'k1', 'v')", '0'] },
    { on: 's', cmd: ['EVAL', "return redis.call('get', 'other')", '0'] }, { on: 's', cmd: ['EVAL', "return redis.call('publish', 'x', 'm')", '0'] },
    { on: 's', cmd: ['EVAL', "return redis.pcall('set', 'k1', 'v')", '0'] }, { on: 's', cmd: ['EVAL', "return redis.call('get', KEYS[1])", '1', 'zz'] },
    { cmd: ['ACL', 'LOG'], norm: 'log' }] },
  { name: 'pub/sub channel permissions', steps: [
    ['ACL', 'SETUSER', 'p', 'on', 'nopass', '+@all', '&foo', '&bar*'], { on: 'p', cmd: ['AUTH', 'p', 'x'] },
    { on: 'p', cmd: ['PUBLISH', 'foo', 'm'] }, { on: 'p', cmd: ['PUBLISH', 'bar1', 'm'] }, { on: 'p', cmd: ['PUBLISH', 'zap', 'm'] }, { on: 'p', cmd: ['SPUBLISH', 'zap', 'm'] },
    { on: 'p', cmd: ['SUBSCRIBE', 'foo', 'zap'] }, { on: 'p', cmd: ['PSUBSCRIBE', 'bar*'], replies: 1 }, { on: 'p', cmd: ['PSUBSCRIBE', 'bar1'] }, { on: 'p', cmd: ['PSUBSCRIBE', 'b*'] },
    { on: 'p', cmd: ['UNSUBSCRIBE', 'zap'] }, { on: 'p', cmd: ['PUNSUBSCRIBE'] },
    ['ACL', 'SETUSER', 'q', 'on', 'nopass', '+@all'], { on: 'q', cmd: ['AUTH', 'q', 'x'] }, { on: 'q', cmd: ['PUBLISH', 'foo', 'm'] }, { on: 'q', cmd: ['SSUBSCRIBE', 'foo'] },
    { on: 'q', cmd: ['MULTI'] }, { on: 'q', cmd: ['PUBLISH', 'x', 'y'] }, { on: 'q', cmd: ['SUBSCRIBE', 'x'] }, { on: 'q', cmd: ['EXEC'] }, { cmd: ['ACL', 'LOG'], norm: 'log' }] },
];

const auth: ACase[] = [
  { name: 'AUTH forms and errors', resp: 'both', steps: [
    ['AUTH', 'x'], ['AUTH', 'default', 'x'], ['AUTH', 'a', 'b', 'c'], ['AUTH', 'nosuch', 'x'], ['ACL', 'SETUSER', 'u', 'off', '>pw'], ['AUTH', 'u', 'pw'],
    ['ACL', 'SETUSER', 'u', 'on'], ['AUTH', 'u', 'pw'], ['ACL', 'WHOAMI'], ['AUTH', 'u', 'bad'], ['ACL', 'WHOAMI'], { cmd: ['ACL', 'LOG'], norm: 'log' }] },
  { name: 'requirepass sets the default user password', resp: 'both', steps: [
    ['CONFIG', 'SET', 'requirepass', 'pw'], ['ACL', 'GETUSER', 'default'], ['ACL', 'LIST'], { on: 'b', cmd: ['GET', 'x'] }, { on: 'b', cmd: ['AUTH', 'bad'] },
    { on: 'b', cmd: ['AUTH', 'pw'] }, { on: 'b', cmd: ['GET', 'x'] }, { on: 'c', cmd: ['AUTH', 'default', 'pw'] }, { on: 'c', cmd: ['CONFIG', 'SET', 'requirepass', ''] },
    ['ACL', 'LIST'], { on: 'd', cmd: ['GET', 'x'] }, { on: 'd', cmd: ['AUTH', 'x'] }] },
  { name: 'default user off or with password: new connections need AUTH', steps: [
    ['ACL', 'SETUSER', 'admin', 'on', '>pw', '+@all', '~*', '&*'], ['ACL', 'SETUSER', 'default', 'off'], { on: 'b', cmd: ['GET', 'x'] }, { on: 'b', cmd: ['PING'] },
    { on: 'b', cmd: ['AUTH', 'admin', 'pw'] }, { on: 'b', cmd: ['GET', 'x'] }, { on: 'b', cmd: ['ACL', 'SETUSER', 'default', 'on'] }, { on: 'c', cmd: ['GET', 'x'] },
    ['ACL', 'SETUSER', 'default', '>pw'], { on: 'e', cmd: ['GET', 'x'] }, { on: 'e', cmd: ['HELLO', '2', 'AUTH', 'admin', 'wrong'] }, { on: 'e', cmd: ['HELLO', '2'] },
    { on: 'e', cmd: ['HELLO', '2', 'AUTH', 'admin', 'pw', 'SETNAME', 'n1'], norm: 'type' }, { on: 'e', cmd: ['ACL', 'WHOAMI'] }, { on: 'e', cmd: ['CLIENT', 'GETNAME'] }] },
  { name: 'HELLO AUTH when default has no command permission', steps: [
    ['ACL', 'SETUSER', 'x', 'on', 'nopass', '+@all', '~*'], ['ACL', 'SETUSER', 'default', '-@all'], { on: 'b', cmd: ['GET', 'k'] },
    { on: 'b', cmd: ['HELLO', '2', 'AUTH', 'x', 'x'], norm: 'type' }, { on: 'b', cmd: ['GET', 'k'] }, { on: 'b', cmd: ['ACL', 'SETUSER', 'default', '+@all'] }] },
  { name: 'DELUSER kills connections of that user (including the caller)', steps: [
    ['ACL', 'SETUSER', 'k', 'on', 'nopass', '+@all', '~*', '&*'], { on: 'b', cmd: ['AUTH', 'k', 'x'] }, { on: 'c', cmd: ['AUTH', 'k', 'x'] },
    { on: 'b', cmd: ['ACL', 'DELUSER', 'k'], closes: true }, { on: 'c', cmd: ['PING'] }, ['ACL', 'USERS']] },
  { name: 'RESET returns to the default user; AUTH inside MULTI', steps: [
    ['ACL', 'SETUSER', 'u', 'on', '>p', '+@all', '~*'], { on: 'b', cmd: ['AUTH', 'u', 'p'] }, { on: 'b', cmd: ['ACL', 'WHOAMI'] }, { on: 'b', cmd: ['RESET'] },
    { on: 'b', cmd: ['ACL', 'WHOAMI'] }, { on: 'b', cmd: ['MULTI'] }, { on: 'b', cmd: ['AUTH', 'u', 'bad'] }, { on: 'b', cmd: ['AUTH', 'u', 'p'] }, { on: 'b', cmd: ['EXEC'] },
    { on: 'b', cmd: ['ACL', 'WHOAMI'] }, { cmd: ['ACL', 'LOG'], norm: 'log' }] },
  { name: 'secrets are redacted in SLOWLOG', steps: [
    ['ACL', 'SETUSER', 'u', 'on', '>p', '+@all', '~*'], ['CONFIG', 'SET', 'slowlog-log-slower-than', '0'], ['SLOWLOG', 'RESET'],
    ['AUTH', 'u', 'p'], ['AUTH', 'u', 'bad'], ['AUTH', 'x'], { cmd: ['HELLO', '2', 'AUTH', 'u', 'p', 'SETNAME', 'n'], norm: 'type' }, ['ACL', 'SETUSER', 'v', 'on', '>secret'],
    ['CONFIG', 'SET', 'requirepass', '', 'maxmemory-samples', '5'], ['GET', 'k'], { cmd: ['SLOWLOG', 'GET', '20'], norm: 'slowlog' }, ['CONFIG', 'SET', 'slowlog-log-slower-than', '10000']] },
  { name: 'secrets are redacted in MONITOR', steps: [
    { on: 'm', cmd: ['MONITOR'] }, ['AUTH', 'not-real'], ['AUTH', 'not-real', 'not-a-password'], ['HELLO', '2', 'AUTH', 'not-real', 'not-a-password'], ['AUTH', 'a', 'b', 'c'],
    ...[1, 2, 3, 4].map(() => ({ on: 'm', cmd: [], readOnly: true, norm: 'monitor' as const }))] },
  { name: 'CLIENT LIST user= and CLIENT KILL USER', steps: [
    ['ACL', 'SETUSER', 'k', 'on', 'nopass', '+@all', '~*', '&*'], { on: 'b', cmd: ['AUTH', 'k', 'x'] }, { on: 'b', cmd: ['CLIENT', 'SETNAME', 'bb'] },
    ['CLIENT', 'KILL', 'USER', 'nosuch'], ['CLIENT', 'KILL', 'USER', 'k'], { on: 'b', cmd: ['PING'] }] },
];

const log: ACase[] = [
  { name: 'ACL LOG entries, grouping, count argument, reset', resp: 'both', steps: [
    ['ACL', 'SETUSER', 'antirez', 'on', '>foo', '~object:1234', '+set', '+get', '&chan*', '+publish'], { on: 'b', cmd: ['AUTH', 'antirez', 'foo'] },
    { on: 'b', cmd: ['INCR', 'foo'] }, { on: 'b', cmd: ['INCR', 'foo'] }, { on: 'b', cmd: ['GET', 'foo'] }, { on: 'b', cmd: ['PUBLISH', 'x', 'y'] }, { on: 'b', cmd: ['AUTH', 'antirez', 'bad'] },
    { cmd: ['ACL', 'LOG'], norm: 'log' }, { cmd: ['ACL', 'LOG', '2'], norm: 'log' }, { cmd: ['ACL', 'LOG', '-1'], norm: 'log' }, ['ACL', 'LOG', 'x'], ['ACL', 'LOG', 'RESET'], ['ACL', 'LOG']] },
  { name: 'ACL LOG is limited by acllog-max-len', steps: [
    ['CONFIG', 'SET', 'acllog-max-len', '3'], ['ACL', 'SETUSER', 'u', 'on', 'nopass'], { on: 'b', cmd: ['AUTH', 'u', 'x'] },
    ...['k1', 'k2', 'k3', 'k4', 'k5'].map((k) => ({ on: 'b', cmd: [k] })), ...['c1', 'c2', 'c3', 'c4', 'c5'].map((k) => ({ on: 'b', cmd: ['GET', k] })),
    { cmd: ['ACL', 'LOG'], norm: 'log' as const }] },
];

const pubsubKill: ACase[] = [
  { name: 'subscribers are killed when their channels are revoked', steps: [
    ['ACL', 'SETUSER', 'ps', 'on', 'nopass', '+@all', 'resetchannels', '&foo', '&bar*'], { on: 'b', cmd: ['AUTH', 'ps', 'x'] }, { on: 'b', cmd: ['SUBSCRIBE', 'foo'] },
    { on: 'c', cmd: ['AUTH', 'ps', 'x'] }, { on: 'c', cmd: ['PSUBSCRIBE', 'bar*'] },
    ['ACL', 'SETUSER', 'ps', '&extra'], { on: 'b', cmd: ['PING'] }, { on: 'c', cmd: ['PING'] },
    ['ACL', 'SETUSER', 'ps', 'resetchannels', '&bar*'], { on: 'b', cmd: ['PING'] }, { on: 'c', cmd: ['PING'] },
    ['ACL', 'SETUSER', 'ps', 'resetchannels', '&bar1'], { on: 'c', cmd: ['PING'] }] },
  { name: 'subscribers pardoned when gaining allchannels; killed when losing it', steps: [
    ['ACL', 'SETUSER', 'ps', 'on', 'nopass', '+@all', 'allchannels'], { on: 'b', cmd: ['AUTH', 'ps', 'x'] }, { on: 'b', cmd: ['SUBSCRIBE', 'foo'] },
    ['ACL', 'SETUSER', 'ps', 'resetchannels', '&foo'], { on: 'b', cmd: ['PING'] }, { on: 'c', cmd: ['AUTH', 'ps', 'x'] }, { on: 'c', cmd: ['SUBSCRIBE', 'foo'] },
    ['ACL', 'SETUSER', 'ps', 'allchannels'], { on: 'c', cmd: ['PING'] }] },
  { name: 'acl-pubsub-default allchannels applies to new users only', steps: [
    ['ACL', 'SETUSER', 'old'], ['CONFIG', 'SET', 'acl-pubsub-default', 'allchannels'], ['ACL', 'SETUSER', 'new'], ['ACL', 'LIST'],
    ['ACL', 'SETUSER', 'new', 'reset'], ['ACL', 'SETUSER', 'sel', '(+get)'], ['ACL', 'LIST'], ['CONFIG', 'SET', 'acl-pubsub-default', 'resetchannels'], ['ACL', 'SETUSER', 'old', 'reset'], ['ACL', 'LIST']] },
];

aclDiffSuite('rules and renderings', rules);
aclDiffSuite('permission checks', perms);
aclDiffSuite('authentication', auth);
aclDiffSuite('ACL LOG', log);
aclDiffSuite('pub/sub permission changes', pubsubKill);
