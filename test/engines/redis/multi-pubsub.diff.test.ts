import { diffSuite, type DiffCase } from './diff.js';

const cases: DiffCase[] = [
  { name: 'MULTI/EXEC basic', resp: 'both', steps: [['MULTI'], ['SET', 'a', '1'], ['INCR', 'a'], ['GET', 'a'], ['EXEC'], ['EXEC'], ['DISCARD']] },
  { name: 'EXECABORT on unknown/arity errors', steps: [['MULTI'], ['SET', 'a', '1'], ['FOO'], ['GET'], ['EXEC'], ['GET', 'a']] },
  { name: 'errors inside EXEC do not abort', steps: [['SET', 's', 'x'], ['MULTI'], ['INCR', 's'], ['SET', 'b', '2'], ['EXEC'], ['GET', 'b']] },
  { name: 'nested MULTI, WATCH inside MULTI, DISCARD', steps: [
    ['MULTI'], ['MULTI'], ['WATCH', 'x'], ['SET', 'a', '1'], ['DISCARD'], ['GET', 'a'], ['MULTI'], ['MULTI'], ['EXEC']] },
  { name: 'WATCH modified key aborts', resp: 'both', steps: [
    ['WATCH', 'k'], ['SET', 'k', 'changed'], ['MULTI'], ['SET', 'k', 'tx'], ['EXEC'], ['GET', 'k'],
    ['WATCH', 'k'], ['MULTI'], ['SET', 'k', 'tx2'], ['EXEC'], ['GET', 'k'], ['WATCH', 'k'], ['UNWATCH'], ['SET', 'k', 'x'], ['MULTI'], ['PING'], ['EXEC']] },
  { name: 'WATCH + FLUSHALL / SWAPDB / expire', steps: [
    ['SET', 'x', '1'], ['WATCH', 'x'], ['FLUSHALL'], ['MULTI'], ['PING'], ['EXEC'],
    ['WATCH', 'nokey'], ['FLUSHALL'], ['MULTI'], ['PING'], ['EXEC'],
    ['SET', 'e', '1', 'PX', '20'], ['WATCH', 'e'], { cmd: ['MULTI'], sleep: 50 }, ['PING'], ['EXEC'],
    ['SELECT', '1'], ['SET', 'y', '1'], ['SELECT', '0'], ['WATCH', 'y'], ['SWAPDB', '0', '1'], ['MULTI'], ['PING'], ['EXEC']] },
  { name: 'MULTI with commands not allowed', steps: [['MULTI'], ['WATCH', 'a'], ['EXEC'], ['MULTI'], ['SUBSCRIBE', 'a'], ['DISCARD']] },
  { name: 'SUBSCRIBE / UNSUBSCRIBE RESP2 context', steps: [
    { cmd: ['SUBSCRIBE', 'a', 'b'], replies: 2 }, ['GET', 'x'], ['PING'], ['PING', 'm'], ['SET', 'a', 'b'],
    { cmd: ['PSUBSCRIBE', 'p*'], replies: 1 }, { cmd: ['UNSUBSCRIBE', 'b'], replies: 1 }, { cmd: ['UNSUBSCRIBE'], replies: 1 }, { cmd: ['PUNSUBSCRIBE', 'p*', 'q*'], replies: 2 },
    ['UNSUBSCRIBE'], ['PUNSUBSCRIBE'], ['GET', 'x']] },
  { name: 'SUBSCRIBE in RESP3 allows commands', resp: 3, steps: [
    { cmd: ['SUBSCRIBE', 'a'], replies: 1 }, ['GET', 'x'], ['PING'], ['PUBLISH', 'a', 'hello'], ['UNSUBSCRIBE', 'a']] },
  { name: 'PUBLISH to self and patterns', resp: 'both', steps: [
    { cmd: ['SUBSCRIBE', 'news'], replies: 1 }, { cmd: ['PSUBSCRIBE', 'n*'], replies: 1 }, { cmd: ['SSUBSCRIBE', 's1'], replies: 1 },
    { cmd: ['UNSUBSCRIBE', 'news'], replies: 1 }, { cmd: ['SUNSUBSCRIBE'], replies: 1 }, { cmd: ['SUNSUBSCRIBE'], replies: 1 },
    { cmd: ['PUNSUBSCRIBE'], replies: 1 }] },
  { name: 'PUBSUB introspection', resp: 'both', steps: [
    ['PUBSUB', 'CHANNELS'], ['PUBSUB', 'NUMSUB', 'a', 'b'], ['PUBSUB', 'NUMPAT'], ['PUBSUB', 'SHARDCHANNELS'], ['PUBSUB', 'SHARDNUMSUB', 'x'],
    ['PUBLISH', 'nobody', 'msg'], ['SPUBLISH', 'nobody', 'msg'], ['PUBSUB', 'HELP'], ['PUBSUB', 'FOO'], ['PUBSUB']] },
];

diffSuite('multi+pubsub', cases);
