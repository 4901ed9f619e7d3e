/**
 * Selectors, read/write key permissions and DRYRUN key extraction — the
 * scenarios of Redis's tests/unit/acl-v2.tcl, compared with redis-server 7.0.
 */
import { aclDiffSuite, type ACase } from './acl-harness.js';

const u = (name: string) => ({ on: 'r2', cmd: ['AUTH', name, 'password'] });
const on = (cmd: string[]) => ({ on: 'r2', cmd });
const dry = (...cmd: string[]) => ['ACL', 'DRYRUN', 'command-test', ...cmd];

const cases: ACase[] = [
  { name: 'basic multiple selectors', resp: 'both', steps: [
    ['ACL', 'SETUSER', 'selector-1', 'on', '-@all', 'resetkeys', 'nopass'], u('selector-1'), on(['PING']), on(['SET', 'write::foo', 'bar']), on(['GET', 'read::foo']),
    ['ACL', 'SETUSER', 'selector-1', '(+@write', '~write::*)', '(+@read', '~read::*)'], on(['PING']), on(['SET', 'write::foo', 'bar']), on(['GET', 'read::foo']),
    on(['GET', 'write::foo']), on(['SET', 'read::foo', 'bar']), { cmd: ['ACL', 'GETUSER', 'selector-1'], norm: 'tokens' }] },
  { name: 'selector defaults, deletion, syntax errors, flexible definitions', resp: 'both', steps: [
    ['ACL', 'SETUSER', 'selector-default', 'reset', '()'], ['ACL', 'GETUSER', 'selector-default'],
    ['ACL', 'SETUSER', 'selector-del', 'on', '(~added-selector)'], ['ACL', 'GETUSER', 'selector-del'], ['ACL', 'SETUSER', 'selector-del', 'clearselectors'], ['ACL', 'GETUSER', 'selector-del'],
    ['ACL', 'SETUSER', 'selector-syntax', 'on', '(this-is-invalid)'], ['ACL', 'SETUSER', 'selector-syntax', 'on', '(&*', '&fail)'], ['ACL', 'GETUSER', 'selector-syntax'],
    ['ACL', 'SETUSER', 'selector-2', '(~key1 +get )', '( ~key2 +get )', '( ~key3 +get)', '(~key4 +get)'],
    ['ACL', 'SETUSER', 'selector-2', '(~key5', '+get', ')', '(', '~key6', '+get', ')', '(', '~key7', '+get)', '(~key8', '+get)'], ['ACL', 'GETUSER', 'selector-2'], ['ACL', 'LIST'],
    ['ACL', 'SETUSER', 'invalid-selector', ' () '], ['ACL', 'SETUSER', 'invalid-selector', '('], ['ACL', 'SETUSER', 'invalid-selector', ')'], ['ACL', 'USERS']] },
  { name: 'separate read and write permissions (and selectors are not additive)', steps: [
    ['ACL', 'SETUSER', 'key-permission-R', 'on', 'nopass', '%R~read*', '+@all'], u('key-permission-R'), on(['PING']), ['SET', 'readstr', 'bar'],
    on(['GET', 'readstr']), on(['SET', 'readstr', 'bar']), on(['GET', 'notread']),
    ['ACL', 'SETUSER', 'key-permission-W', 'on', 'nopass', '%W~write*', '+@all'], u('key-permission-W'), on(['LPUSH', 'writelist', '10']), on(['GET', 'writestr']), on(['LPUSH', 'notwrite', '10']),
    ['ACL', 'SETUSER', 'key-permission-RW', 'on', 'nopass', '%R~read*', '%W~write*', '+@all'], u('key-permission-RW'), ['SET', 'read', 'bar'], on(['COPY', 'read', 'write']), on(['COPY', 'write', 'read']),
    ['ACL', 'SETUSER', 'sel', 'on', 'nopass', '(%R~read* +@all)', '(%W~write* +@all)'], u('sel'), on(['LPUSH', 'writelist', '10']), on(['GET', 'writestr']),
    on(['GET', 'readstr']), on(['SET', 'readstr', 'bar']), on(['COPY', 'read', 'write']), on(['COPY', 'write', 'read'])] },
  { name: 'SET and BITFIELD derive read/write from their arguments', steps: [
    ['ACL', 'SETUSER', 'R', 'on', 'nopass', '%R~read*', '+@all'], u('R'), on(['GET', 'readstr']), on(['SET', 'readstr', 'bar']), on(['SET', 'readstr', 'bar', 'get']),
    on(['SET', 'readstr', 'bar', 'ex', '100']), on(['SET', 'readstr', 'bar', 'keepttl', 'nx']), on(['BITFIELD', 'readstr', 'get', 'u4', '0']),
    on(['BITFIELD', 'readstr', 'set', 'u4', '0', '1']), on(['BITFIELD', 'readstr', 'get', 'u4', '0', 'set', 'u4', '0', '1']), on(['BITFIELD', 'readstr', 'incrby', 'u4', '0', '1']),
    ['ACL', 'SETUSER', 'W', 'on', 'nopass', '%W~write*', '+@all'], u('W'), on(['SET', 'writestr', 'bar']), on(['SET', 'writestr', 'get']), on(['SET', 'get', 'writestr']),
    on(['SET', 'writestr', 'bar', 'get']), on(['SET', 'writestr', 'bar', 'get', 'ex', '100']), on(['SET', 'writestr', 'bar', 'ex', 'get']), on(['BITFIELD', 'writestr', 'get', 'u4', '0']),
    on(['BITFIELD', 'writestr', 'set', 'u4', '0', '1']),
    ['ACL', 'SETUSER', 'RW', 'on', 'nopass', '%RW~readwrite*', '+@all'], u('RW'), on(['SET', 'readwrite_str', 'bar', 'ex', 'get']), on(['SET', 'readwrite_str', 'bar']),
    on(['SET', 'readwrite_str', 'bar2', 'get']), on(['BITFIELD', 'readwrite_str', 'incrby', 'u4', '0', '1'])] },
  { name: 'ACL LOG picks the relevant item across selectors', steps: [
    ['ACL', 'SETUSER', 'acl-log-test-selector', 'on', 'nopass'], ['ACL', 'SETUSER', 'acl-log-test-selector', '+mget', '~key', '(+mget ~key ~otherkey)'], u('acl-log-test-selector'),
    on(['GET', 'key']), on(['MGET', 'otherkey', 'someotherkey']), on(['MGET', 'key', 'otherkey', 'someotherkey']), { cmd: ['ACL', 'LOG'], norm: 'log' }] },
  { name: 'GETUSER and LIST with selectors; R+W is ~', resp: 'both', steps: [
    ['ACL', 'SETUSER', 'selector-info', '-@all', '+get', 'resetchannels', '&channel1', '%R~foo1', '%W~bar1', '~baz1'],
    ['ACL', 'SETUSER', 'selector-info', '(-@all +set resetchannels &channel2 %R~foo2 %W~bar2 ~baz2)'], ['ACL', 'GETUSER', 'selector-info'],
    ['ACL', 'SETUSER', 'user-idempotency', 'off', '-@all', '+get', 'resetchannels', '&channel1', '%R~foo1', '%W~bar1', '~baz1', '(-@all +set resetchannels &channel2 %R~foo2 %W~bar2 ~baz2)'], ['ACL', 'LIST'],
    ['ACL', 'SETUSER', 'selector-rw-info', '%R~foo', '%W~foo', '%RW~bar'], ['ACL', 'GETUSER', 'selector-rw-info']] },
  { name: 'DRYRUN: key specs of odd commands', steps: [
    ['ACL', 'SETUSER', 'command-test', '+@all', '%R~read*', '%W~write*', '%RW~rw*'], dry('GET', 'read'), ['ACL', 'DRYRUN', 'not-a-user', 'GET', 'read'], dry('not-a-command', 'read'),
    dry('MIGRATE', 'whatever', 'whatever', 'rw', '0', '500'), dry('MIGRATE', 'whatever', 'whatever', 'read', '0', '500'), dry('MIGRATE', 'whatever', 'whatever', 'write', '0', '500'),
    dry('MIGRATE', 'whatever', 'whatever', '', '0', '5000', 'KEYS', 'rw'), dry('MIGRATE', 'whatever', 'whatever', '', '0', '5000', 'KEYS', 'read'),
    dry('MIGRATE', 'whatever', 'whatever', '', '0', '5000', 'AUTH', 'KEYS', 'KEYS', 'write'), dry('MIGRATE', 'whatever', 'whatever', '', '0', '5000', 'AUTH2', 'KEYS', '123', 'KEYS', 'rw'),
    dry('MIGRATE', 'whatever', 'whatever', '', '0', '5000', 'AUTH2', 'USER', 'KEYS', 'KEYS', 'read'),
    dry('SORT', 'read', 'STORE', 'write'), dry('SORT', 'read', 'STORE', 'read'), dry('SORT', 'write', 'STORE', 'write'),
    dry('EVAL', '', '1', 'rw1'), dry('EVAL', '', '1', 'read'), dry('EVAL_RO', '', '1', 'rw1'), dry('EVAL_RO', '', '1', 'read'), dry('EVAL', '', '0', 'read'),
    dry('EVAL', '', '-1', 'read'), dry('EVAL', '', '3', 'rw', 'rw'), dry('EVAL', '', '3', 'rw', 'read'),
    dry('GEORADIUS', 'read', 'longitude', 'latitude', 'radius', 'M', 'STOREDIST', 'write'), dry('GEORADIUS', 'read', 'longitude', 'latitude', 'radius', 'M'),
    dry('GEORADIUS', 'read1', 'longitude', 'latitude', 'radius', 'M', 'STOREDIST', 'read2'), dry('GEORADIUS', 'write1', 'longitude', 'latitude', 'radius', 'M', 'STOREDIST', 'write2'),
    dry('GEORADIUS', 'read', 'longitude', 'latitude', 'radius', 'M', 'STORE', 'write'), dry('GEORADIUS', 'read1', 'longitude', 'latitude', 'radius', 'M', 'STORE', 'read2'),
    ...['HEXISTS', 'HSTRLEN', 'SISMEMBER'].flatMap((c) => [dry(c, 'read', 'foo'), dry(c, 'write', 'foo'), dry(c, 'nothing', 'foo')]),
    dry('SINTERCARD', '2', 'read', 'read'), dry('SINTERCARD', '2', 'write', 'read'), dry('SINTERCARD', '2', 'nothing', 'read'), dry('ZCOUNT', 'read', '0', '1'), dry('ZCOUNT', 'write', '0', '1'),
    dry('PFCOUNT', 'read', 'read'), dry('PFCOUNT', 'write', 'read'), dry('ZINTERCARD', '2', 'read', 'read'), dry('ZINTERCARD', '2', 'write', 'read'),
    ...['touch', 'exists', 'TYPE'].flatMap((c) => [dry(c, 'read'), dry(c, 'write'), dry(c, 'rw'), dry(c, 'nothing')]), dry('MEMORY', 'USAGE', 'read'), dry('MEMORY', 'USAGE', 'nothing'),
    ...['STRLEN', 'HLEN', 'LLEN', 'SCARD', 'ZCARD', 'XLEN'].flatMap((c) => [dry(c, 'read'), dry(c, 'write'), dry(c, 'rw'), dry(c, 'nothing')]),
    dry('XREAD', 'STREAMS', 'read', 'write', '0', '0'), dry('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'rw', '0'), dry('LMPOP', '2', 'rw', 'read', 'LEFT'), dry('BLMOVE', 'rw', 'read', 'LEFT', 'LEFT', '0'),
    dry('ZUNIONSTORE', 'write', '2', 'read', 'rw'), dry('ZUNIONSTORE', 'write', '2', 'read', 'write'), dry('MSET', 'write', '1', 'read', '2'), dry('OBJECT', 'ENCODING', 'write'),
    dry('SET', 'v'), dry('SET'), dry('CONFIG'), dry('CONFIG', 'nope')] },
  { name: 'sharded channel permissions', steps: [
    ['ACL', 'SETUSER', 'test-channels', '+@all', 'resetchannels', '&channel'], ['ACL', 'DRYRUN', 'test-channels', 'spublish', 'channel', 'foo'],
    ['ACL', 'DRYRUN', 'test-channels', 'ssubscribe', 'channel'], ['ACL', 'DRYRUN', 'test-channels', 'sunsubscribe'], ['ACL', 'DRYRUN', 'test-channels', 'sunsubscribe', 'otherchannel'],
    ['ACL', 'DRYRUN', 'test-channels', 'spublish', 'otherchannel', 'foo'], ['ACL', 'DRYRUN', 'test-channels', 'ssubscribe', 'otherchannel', 'foo'],
    ['ACL', 'DRYRUN', 'test-channels', 'psubscribe', 'chan*'], ['ACL', 'DRYRUN', 'test-channels', 'psubscribe', 'channel'], ['ACL', 'DRYRUN', 'test-channels', 'publish', 'channel', 'x']] },
  { name: 'SORT BY/GET need read access to all keys', steps: [
    ['SET', 'v1', '1'], ['LPUSH', 'mylist', '1'], ['ACL', 'SETUSER', 'test-sort-acl', 'on', 'nopass', '(+sort ~mylist)'], u('test-sort-acl'),
    on(['SORT', 'mylist', 'by', 'v*']), on(['SORT', 'mylist', 'get', 'v*']), on(['SORT', 'mylist', 'by', 'nosort']),
    ['ACL', 'SETUSER', 'test-sort-acl', '(+sort ~mylist ~v*)'], on(['SORT', 'mylist', 'by', 'v*']), on(['SORT', 'mylist', 'get', 'v*']),
    ['ACL', 'SETUSER', 'test-sort-acl', '(+sort ~mylist %W~*)'], on(['SORT', 'mylist', 'by', 'v*']),
    ['ACL', 'SETUSER', 'test-sort-acl', '(+sort ~mylist %R~*)'], on(['SORT', 'mylist', 'by', 'v*']), on(['SORT', 'mylist', 'get', '#', 'get', 'v*'])] },
];

aclDiffSuite('selectors and key permissions (acl-v2.tcl)', cases);
