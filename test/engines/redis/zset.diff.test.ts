import { diffSuite, type DiffCase } from './diff.js';

const BIN = 'a\x00b\r\n\xff\xfe';
const ints = (from: number, n: number) => Array.from({ length: n }, (_, i) => String(from + i));
const pairs = (n: number, f: (i: number) => [string, string]) => Array.from({ length: n }, (_, i) => f(i)).flat();
const U = (cmd: string[]) => ({ cmd, unordered: true });
const T = (cmd: string[]) => ({ cmd, typeOnly: true });

const big = pairs(200, (i) => [String((i * 37) % 101), 'm' + i]);

const cases: DiffCase[] = [
  { name: 'ZADD basics and options', resp: 'both', steps: [
    ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'], ['ZADD', 'z', '1', 'a'], ['ZADD', 'z', 'CH', '5', 'a', '2', 'b', '9', 'd'],
    ['ZADD', 'z', 'NX', '10', 'a', '11', 'e'], ['ZADD', 'z', 'XX', '10', 'a', '11', 'f'], ['ZADD', 'z', 'XX', 'CH', '20', 'a', '11', 'g'],
    ['ZADD', 'z', 'GT', 'CH', '1', 'a', '30', 'b', '7', 'h'], ['ZADD', 'z', 'LT', 'CH', '100', 'a', '-1', 'b'], ['ZADD', 'z', 'XX', 'GT', '50', 'c'],
    ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'], ['ZADD', 'z', 'NX', 'XX', '1', 'a'], ['ZADD', 'z', 'GT', 'LT', '1', 'a'], ['ZADD', 'z', 'NX', 'GT', '1', 'a'],
    ['ZADD', 'z', 'NX', 'LT', '1', 'a'], ['ZADD', 'z', 'INCR', '1', 'a', '2', 'b'], ['ZADD', 'z', '1'], ['ZADD', 'z', '1', 'a', '2'], ['ZADD', 'z', 'NX'],
    ['ZADD', 'z', 'x', 'a'], ['ZADD', 'z', 'nan', 'a'], ['ZADD', 'z', '1', 'a', 'nan', 'b'], ['ZADD', 'z', ' 1', 'a'], ['ZADD', 'z', '1 ', 'a'],
    ['ZADD', 'z', '', 'a'], ['ZADD', 'z', '1e400', 'a'], ['ZADD', 'z', '1e-400', 'a'], ['ZADD', 'z', '0x10', 'hx'], ['ZADD', 'z', '+inf', 'pi', '-inf', 'ni'],
    ['ZADD', 'z', 'inf', 'pi2', '-Infinity', 'ni2'], ['ZADD', 'z', '1.5e3', 'f1', '.5', 'f2', '-0', 'f3', '5.', 'f4'], ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
    ['ZADD', 'nokey', 'XX', '1', 'a'], ['EXISTS', 'nokey'], ['ZADD', 'nokey', 'XX', 'INCR', '1', 'a'], ['SET', 's', 'v'], ['ZADD', 's', '1', 'a'],
    ['ZADD', 's', 'x', 'a'], ['ZCARD', 'z'], ['TYPE', 'z'], ['OBJECT', 'ENCODING', 'z']] },
  { name: 'ZADD plain decimal scores (parse fast path edges)', resp: 2, steps: [
    ['ZADD', 'd', '1.', 'a', '.5', 'b', '-.5', 'c', '-0.0', 'd', '00012.50', 'e', '12345678901234567890', 'f', '0.1000000000000000055511151231257827', 'g'],
    ['ZADD', 'd', '9007199254740993', 'h', '-9007199254740993.5', 'i', '3471579339700058', 'j', '13.123456789012', 'k', '0.' + '0'.repeat(60), 'l'],
    ['ZADD', 'd', '0.' + '0'.repeat(330) + '1', 'm'], ['ZADD', 'd', '1' + '0'.repeat(320), 'm'], ['ZADD', 'd', '1' + '0'.repeat(62) + '.5', 'n'],
    ['ZADD', 'd', '.', 'x'], ['ZADD', 'd', '-', 'x'], ['ZADD', 'd', '-.', 'x'], ['ZADD', 'd', '1..2', 'x'], ['ZADD', 'd', '1.2.', 'x'], ['ZADD', 'd', '--1', 'x'],
    ['ZADD', 'd', '+1.5', 'o'], ['ZADD', 'd', '1.5-', 'x'], ['ZRANGE', 'd', '0', '-1', 'WITHSCORES'],
    ['GEOADD', 'g', '13.', '38.5', 'p', '-.5', '.5', 'q', '13.123456789012', '38.000000000001', 'r', '1.', '.', 'x'], ['GEOPOS', 'g', 'p', 'q', 'r']] },
  { name: 'ZADD INCR / ZINCRBY', resp: 'both', steps: [
    ['ZADD', 'z', 'INCR', '1.5', 'a'], ['ZADD', 'z', 'INCR', '1.5', 'a'], ['ZINCRBY', 'z', '-3', 'a'], ['ZINCRBY', 'z', '0.1', 'b'], ['ZINCRBY', 'z', '0.2', 'b'],
    ['ZADD', 'z', 'NX', 'INCR', '1', 'a'], ['ZADD', 'z', 'XX', 'INCR', '1', 'zz'], ['ZADD', 'z', 'GT', 'INCR', '-1', 'a'], ['ZADD', 'z', 'LT', 'INCR', '-1', 'a'],
    ['ZADD', 'z', 'GT', 'INCR', '0', 'a'], ['ZADD', 'z', 'inf', 'i'], ['ZINCRBY', 'z', '-inf', 'i'], ['ZSCORE', 'z', 'i'], ['ZINCRBY', 'z', 'inf', 'i'],
    ['ZINCRBY', 'z', 'x', 'a'], ['ZINCRBY', 'z', 'nx', '1'], ['ZINCRBY', 'z', '1e308', 'big'], ['ZINCRBY', 'z', '1e308', 'big'], ['ZSCORE', 'z', 'big'],
    ['ZINCRBY', 'nokey', '5', 'm'], ['ZRANGE', 'nokey', '0', '-1', 'WITHSCORES'], ['SET', 's', 'v'], ['ZINCRBY', 's', '1', 'a'],
    ['ZINCRBY', 'z', '1'], ['ZSCORE', 'z', 'b'], ['ZMSCORE', 'z', 'a', 'b', 'nope']] },
  { name: 'score formatting', resp: 'both', steps: [
    ['ZADD', 'z', '0.1', 'a', '1.1', 'b', '3.14159', 'c', '1e17', 'd', '1e16', 'e', '123456789012345678', 'f', '1e-5', 'g', '0.0001', 'h',
      '-2.5', 'i', '1.7976931348623157e308', 'j', '5e-324', 'k', '-0', 'l', '9007199254740993', 'm', '100', 'n', '2.5e-7', 'o', '72057594037927936', 'p', '-1.5e-300', 'q'],
    ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'], ['ZSCORE', 'z', 'a'], ['ZSCORE', 'z', 'l'], ['ZSCAN', 'z', '0'], ['ZMSCORE', 'z', 'd', 'k', 'j'],
    ['ZINCRBY', 'z', '0.2', 'a'], ['ZPOPMIN', 'z', '3'], ['ZPOPMAX', 'z']] },
  { name: 'ZREM ZCARD ZSCORE ZMSCORE', resp: 'both', steps: [
    ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'], ['ZREM', 'z', 'a', 'x', 'a'], ['ZCARD', 'z'], ['ZSCORE', 'z', 'a'], ['ZSCORE', 'z', 'b'], ['ZSCORE', 'nokey', 'b'],
    ['ZMSCORE', 'z', 'b', 'a', 'c'], ['ZMSCORE', 'nokey', 'a', 'b'], ['ZMSCORE', 'z'], ['ZREM', 'z', 'b', 'c', 'd'], ['EXISTS', 'z'], ['ZREM', 'nokey', 'a'],
    ['ZCARD', 'nokey'], ['SET', 's', 'v'], ['ZREM', 's', 'a'], ['ZCARD', 's'], ['ZSCORE', 's', 'a'], ['ZMSCORE', 's', 'a'], ['ZREM', 'z']] },
  { name: 'ZRANK ZREVRANK', resp: 'both', steps: [
    ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '3', 'd'], ['ZRANK', 'z', 'a'], ['ZRANK', 'z', 'd'], ['ZREVRANK', 'z', 'a'], ['ZREVRANK', 'z', 'c'],
    ['ZRANK', 'z', 'x'], ['ZRANK', 'nokey', 'a'], ['ZREVRANK', 'nokey', 'a'], ['SET', 's', 'v'], ['ZRANK', 's', 'a'], ['ZRANK', 'z', 'a', 'WITHSCORE']] },
  { name: 'ZRANGE by rank', resp: 'both', steps: [
    ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e'], ['ZRANGE', 'z', '0', '-1'], ['ZRANGE', 'z', '1', '2', 'WITHSCORES'], ['ZRANGE', 'z', '-2', '-1'],
    ['ZRANGE', 'z', '-100', '100'], ['ZRANGE', 'z', '3', '1'], ['ZRANGE', 'z', '5', '10'], ['ZRANGE', 'z', '0', '-1', 'REV'], ['ZRANGE', 'z', '0', '1', 'REV', 'WITHSCORES'],
    ['ZREVRANGE', 'z', '0', '-1'], ['ZREVRANGE', 'z', '0', '2', 'WITHSCORES'], ['ZREVRANGE', 'z', '0', '2', 'REV'], ['ZRANGE', 'z', 'a', '1'], ['ZRANGE', 'z', '0', '1', 'FOO'],
    ['ZRANGE', 'z', '0', '1', 'LIMIT', '0', '1'], ['ZRANGE', 'z', '0', '1', 'LIMIT', '0', '-1'], ['ZRANGE', 'z', '0', '1', 'LIMIT', '0'], ['ZRANGE', 'nokey', '0', '-1'],
    ['ZRANGE', 'z', '0', '-1', 'withscores', 'rev'], ['ZRANGE', 'z', '0', '9223372036854775807'], ['ZRANGE', 'z', '-9223372036854775808', '1'],
    ['ZRANGE', 'z', '0', '99999999999999999999'], ['SET', 's', 'v'], ['ZRANGE', 's', '0', '-1'], ['ZRANGE', 's', 'x', '-1'], ['ZRANGE', 'z', '0', '1', 'REV', 'REV']] },
  { name: 'ZRANGE BYSCORE / ZRANGEBYSCORE / ZREVRANGEBYSCORE', resp: 'both', steps: [
    ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e', '-inf', 'ni', '+inf', 'pi'], ['ZRANGEBYSCORE', 'z', '2', '4'], ['ZRANGEBYSCORE', 'z', '(2', '(4'],
    ['ZRANGEBYSCORE', 'z', '-inf', '+inf', 'WITHSCORES'], ['ZRANGEBYSCORE', 'z', '(-inf', '(+inf'], ['ZRANGEBYSCORE', 'z', '4', '2'], ['ZRANGEBYSCORE', 'z', '(2', '2'],
    ['ZRANGEBYSCORE', 'z', '2', '4', 'LIMIT', '1', '1'], ['ZRANGEBYSCORE', 'z', '2', '4', 'LIMIT', '1', '-1'], ['ZRANGEBYSCORE', 'z', '2', '4', 'LIMIT', '-1', '2'],
    ['ZRANGEBYSCORE', 'z', '2', '4', 'LIMIT', '0', '0'], ['ZRANGEBYSCORE', 'z', '-inf', 'inf', 'LIMIT', '100', '1'], ['ZRANGEBYSCORE', 'z', '2', '4', 'LIMIT', 'x', '1'],
    ['ZRANGEBYSCORE', 'z', 'x', '4'], ['ZRANGEBYSCORE', 'z', '2', '(x'], ['ZRANGEBYSCORE', 'z', 'nan', '4'], ['ZRANGEBYSCORE', 'z', '', '4'], ['ZRANGEBYSCORE', 'z', '(', '4'],
    ['ZRANGEBYSCORE', 'z', ' 2', '4'], ['ZRANGEBYSCORE', 'z', '2', '4 '], ['ZRANGEBYSCORE', 'z', '0x2', '4'], ['ZRANGEBYSCORE', 'z', '2', '4', 'REV'],
    ['ZREVRANGEBYSCORE', 'z', '4', '2'], ['ZREVRANGEBYSCORE', 'z', '(4', '(2', 'WITHSCORES'], ['ZREVRANGEBYSCORE', 'z', '+inf', '-inf', 'LIMIT', '2', '3'],
    ['ZREVRANGEBYSCORE', 'z', '2', '4'], ['ZRANGE', 'z', '2', '4', 'BYSCORE'], ['ZRANGE', 'z', '4', '2', 'BYSCORE', 'REV', 'WITHSCORES'],
    ['ZRANGE', 'z', '(1', '+inf', 'BYSCORE', 'LIMIT', '1', '2'], ['ZRANGE', 'z', '+inf', '(1', 'BYSCORE', 'REV', 'LIMIT', '1', '2'], ['ZRANGE', 'z', '1', '2', 'BYSCORE', 'BYLEX'],
    ['ZRANGE', 'z', '1', '2', 'BYSCORE', 'BYSCORE'], ['ZRANGE', 'z', '1', '2', 'BYSCORE', 'LIMIT', '1'], ['ZRANGEBYSCORE', 'nokey', '1', '2'], ['ZRANGEBYSCORE', 'z', '1', '2', 'WITHSCORES', 'WITHSCORES']] },
  { name: 'BYLEX / ZRANGEBYLEX / ZREVRANGEBYLEX / ZLEXCOUNT', resp: 'both', steps: [
    ['ZADD', 'z', '0', 'a', '0', 'b', '0', 'c', '0', 'd', '0', 'e', '0', 'aa', '0', ''], ['ZRANGEBYLEX', 'z', '-', '+'], ['ZRANGEBYLEX', 'z', '[b', '[d'],
    ['ZRANGEBYLEX', 'z', '(b', '(d'], ['ZRANGEBYLEX', 'z', '[a', '(b'], ['ZRANGEBYLEX', 'z', '-', '[c', 'LIMIT', '1', '2'], ['ZRANGEBYLEX', 'z', '+', '-'],
    ['ZRANGEBYLEX', 'z', '[d', '[b'], ['ZRANGEBYLEX', 'z', 'b', '[d'], ['ZRANGEBYLEX', 'z', '[b', 'd'], ['ZRANGEBYLEX', 'z', '-x', '+'], ['ZRANGEBYLEX', 'z', '', '+'],
    ['ZRANGEBYLEX', 'z', '[', '+'], ['ZRANGEBYLEX', 'z', '(', '+'], ['ZREVRANGEBYLEX', 'z', '+', '-'], ['ZREVRANGEBYLEX', 'z', '[d', '(a', 'LIMIT', '1', '10'],
    ['ZRANGEBYLEX', 'z', '-', '+', 'WITHSCORES'], ['ZRANGE', 'z', '[b', '[d', 'BYLEX'], ['ZRANGE', 'z', '[d', '[b', 'BYLEX', 'REV'], ['ZRANGE', 'z', '-', '+', 'BYLEX', 'WITHSCORES'],
    ['ZLEXCOUNT', 'z', '-', '+'], ['ZLEXCOUNT', 'z', '[b', '(d'], ['ZLEXCOUNT', 'z', '(d', '[b'], ['ZLEXCOUNT', 'z', 'x', '+'], ['ZLEXCOUNT', 'nokey', '-', '+'],
    ['ZRANGEBYLEX', 'nokey', '-', '+'], ['ZADD', 'bin', '0', BIN, '0', 'a\x00', '0', 'a', '0', '\xff'], ['ZRANGEBYLEX', 'bin', '-', '+'], ['ZRANGEBYLEX', 'bin', '(a', '+'],
    ['ZRANGEBYLEX', 'bin', '[a\x00', '[a\x00b'], ['SET', 's', 'v'], ['ZLEXCOUNT', 's', '-', '+'], ['ZRANGEBYLEX', 's', '-', '+']] },
  { name: 'ZCOUNT', resp: 'both', steps: [
    ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd'], ['ZCOUNT', 'z', '2', '3'], ['ZCOUNT', 'z', '(2', '3'], ['ZCOUNT', 'z', '-inf', '+inf'], ['ZCOUNT', 'z', '3', '2'],
    ['ZCOUNT', 'z', '(2', '(2'], ['ZCOUNT', 'z', 'a', '2'], ['ZCOUNT', 'nokey', '1', '2'], ['SET', 's', 'v'], ['ZCOUNT', 's', '1', '2'], ['ZCOUNT', 's', 'x', '2']] },
  { name: 'ZRANGESTORE', resp: 'both', steps: [
    ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd'], ['ZRANGESTORE', 'd', 'z', '0', '1'], ['ZRANGE', 'd', '0', '-1', 'WITHSCORES'], ['OBJECT', 'ENCODING', 'd'],
    ['ZRANGESTORE', 'd', 'z', '(1', '3', 'BYSCORE', 'LIMIT', '0', '1'], ['ZRANGE', 'd', '0', '-1', 'WITHSCORES'], ['ZRANGESTORE', 'd', 'z', '[c', '-', 'BYLEX', 'REV'],
    ['ZRANGE', 'd', '0', '-1'], ['ZRANGESTORE', 'd', 'z', '5', '10'], ['EXISTS', 'd'], ['ZRANGESTORE', 'd', 'nokey', '0', '-1'], ['SET', 'str', 'v'], ['EXPIRE', 'str', '100'],
    ['ZRANGESTORE', 'str', 'z', '0', '-1'], ['TYPE', 'str'], ['TTL', 'str'], ['ZRANGESTORE', 'd', 'str', '0', '-1'], ['ZRANGESTORE', 'd', 'z', '0', '-1', 'WITHSCORES'],
    ['ZRANGESTORE', 'z', 'z', '1', '2'], ['ZRANGE', 'z', '0', '-1'], ['ZRANGESTORE', 'd', 'z', '0'], ['ZRANGESTORE', 'd', 'z', '0', '-1', 'LIMIT', '0', '1']] },
  { name: 'ZREMRANGEBYRANK/SCORE/LEX', resp: 'both', steps: [
    ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e'], ['ZREMRANGEBYRANK', 'z', '0', '1'], ['ZRANGE', 'z', '0', '-1'], ['ZREMRANGEBYRANK', 'z', '-1', '-1'],
    ['ZREMRANGEBYRANK', 'z', '5', '10'], ['ZREMRANGEBYRANK', 'z', 'x', '1'], ['ZREMRANGEBYRANK', 'z', '0', '-1'], ['EXISTS', 'z'],
    ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e'], ['ZREMRANGEBYSCORE', 'z', '(1', '3'], ['ZRANGE', 'z', '0', '-1'], ['ZREMRANGEBYSCORE', 'z', 'x', '3'],
    ['ZREMRANGEBYSCORE', 'z', '10', '20'], ['ZREMRANGEBYSCORE', 'z', '-inf', '+inf'], ['EXISTS', 'z'], ['ZADD', 'l', '0', 'a', '0', 'b', '0', 'c', '0', 'd'],
    ['ZREMRANGEBYLEX', 'l', '[b', '(d'], ['ZRANGE', 'l', '0', '-1'], ['ZREMRANGEBYLEX', 'l', 'b', 'd'], ['ZREMRANGEBYLEX', 'l', '-', '+'], ['EXISTS', 'l'],
    ['ZREMRANGEBYRANK', 'nokey', '0', '-1'], ['ZREMRANGEBYSCORE', 'nokey', '0', '1'], ['ZREMRANGEBYLEX', 'nokey', '-', '+'], ['SET', 's', 'v'],
    ['ZREMRANGEBYRANK', 's', '0', '1'], ['ZREMRANGEBYSCORE', 's', 'x', '1'], ['ZREMRANGEBYLEX', 's', '-', '+']] },
  { name: 'ZUNION ZINTER ZDIFF and STORE', resp: 'both', steps: [
    ['ZADD', 'a', '1', 'x', '2', 'y', '3', 'z'], ['ZADD', 'b', '10', 'y', '20', 'z', '30', 'w'], ['SADD', 's', 'x', 'w', 'q'],
    ['ZUNION', '2', 'a', 'b'], ['ZUNION', '2', 'a', 'b', 'WITHSCORES'], ['ZUNION', '3', 'a', 'b', 's', 'WITHSCORES'], ['ZINTER', '2', 'a', 'b', 'WITHSCORES'],
    ['ZINTER', '2', 'a', 's', 'WITHSCORES'], ['ZDIFF', '2', 'a', 'b', 'WITHSCORES'], ['ZDIFF', '2', 'b', 's'], ['ZDIFF', '1', 'a'],
    ['ZUNION', '2', 'a', 'b', 'WEIGHTS', '2', '3', 'WITHSCORES'], ['ZUNION', '2', 'a', 'b', 'AGGREGATE', 'MIN', 'WITHSCORES'], ['ZUNION', '2', 'a', 'b', 'AGGREGATE', 'max', 'WITHSCORES'],
    ['ZINTER', '2', 'a', 'b', 'WEIGHTS', '1', '-1', 'AGGREGATE', 'SUM', 'WITHSCORES'], ['ZUNION', '2', 'a', 'b', 'WEIGHTS', '1'], ['ZUNION', '2', 'a', 'b', 'WEIGHTS', '1', 'x'],
    ['ZUNION', '2', 'a', 'b', 'AGGREGATE', 'avg'], ['ZUNION', '2', 'a', 'b', 'AGGREGATE'], ['ZUNION', '0', 'a'], ['ZUNION', '-1', 'a'], ['ZUNION', 'x', 'a'], ['ZUNION', '3', 'a', 'b'],
    ['ZDIFF', '2', 'a', 'b', 'WEIGHTS', '1', '2'], ['ZDIFF', '2', 'a', 'b', 'AGGREGATE', 'MIN'], ['ZUNIONSTORE', 'd', '2', 'a', 'b'], ['ZRANGE', 'd', '0', '-1', 'WITHSCORES'],
    ['ZUNIONSTORE', 'd', '2', 'a', 'b', 'WITHSCORES'], ['ZINTERSTORE', 'd', '2', 'a', 'b', 'WEIGHTS', '2', '0.5'], ['ZRANGE', 'd', '0', '-1', 'WITHSCORES'],
    ['ZDIFFSTORE', 'd', '2', 'a', 'b'], ['ZRANGE', 'd', '0', '-1', 'WITHSCORES'], ['ZINTERSTORE', 'd', '2', 'a', 'nokey'], ['EXISTS', 'd'], ['ZINTERSTORE', 'd', '2', 'a', 'nokey'],
    ['ZUNIONSTORE', 'd', '1', 'nokey'], ['SET', 'str', 'v'], ['ZUNION', '2', 'a', 'str'], ['ZUNIONSTORE', 'str', '1', 'a'], ['TYPE', 'str'], ['ZUNIONSTORE', 'd', '0', 'a'],
    ['ZINTER', '1', 'nokey'], ['ZDIFF', '2', 'nokey', 'a'], ['ZINTER', '2', 'a', 'a', 'WITHSCORES'], ['ZUNION', '2', 'a', 'a', 'WEIGHTS', '1', '2', 'WITHSCORES'],
    ['ZDIFF', '2', 'a', 'a'], ['ZUNIONSTORE', 'a', '2', 'a', 'b'], ['ZRANGE', 'a', '0', '-1', 'WITHSCORES'], ['OBJECT', 'ENCODING', 'a']] },
  { name: 'aggregate inf rules', resp: 'both', steps: [
    ['ZADD', 'a', 'inf', 'x', '-inf', 'y', '1', 'z'], ['ZADD', 'b', '-inf', 'x', 'inf', 'y', '2', 'z'], ['ZUNION', '2', 'a', 'b', 'WITHSCORES'],
    ['ZINTER', '2', 'a', 'b', 'WITHSCORES'], ['ZUNION', '2', 'a', 'b', 'WEIGHTS', '0', '0', 'WITHSCORES'], ['ZINTER', '2', 'a', 'b', 'WEIGHTS', 'inf', '1', 'WITHSCORES'],
    ['ZUNION', '2', 'a', 'b', 'AGGREGATE', 'MIN', 'WITHSCORES'], ['ZUNION', '2', 'a', 'b', 'AGGREGATE', 'MAX', 'WITHSCORES']] },
  { name: 'ZINTERCARD', resp: 'both', steps: [
    ['ZADD', 'a', '1', 'x', '2', 'y', '3', 'z'], ['ZADD', 'b', '1', 'y', '2', 'z', '3', 'w'], ['SADD', 's', 'y'], ['ZINTERCARD', '2', 'a', 'b'], ['ZINTERCARD', '3', 'a', 'b', 's'],
    ['ZINTERCARD', '2', 'a', 'b', 'LIMIT', '1'], ['ZINTERCARD', '2', 'a', 'b', 'LIMIT', '0'], ['ZINTERCARD', '2', 'a', 'b', 'LIMIT', '-1'], ['ZINTERCARD', '2', 'a', 'b', 'LIMIT', 'x'],
    ['ZINTERCARD', '0', 'a'], ['ZINTERCARD', '3', 'a', 'b'], ['ZINTERCARD', '2', 'a', 'nokey'], ['ZINTERCARD', '1', 'a', 'WITHSCORES'], ['ZINTERCARD', '1', 'a', 'WEIGHTS', '1'],
    ['SET', 'str', 'v'], ['ZINTERCARD', '2', 'a', 'str']] },
  { name: 'ZPOPMIN ZPOPMAX', resp: 'both', steps: [
    ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd'], ['ZPOPMIN', 'z'], ['ZPOPMAX', 'z'], ['ZPOPMIN', 'z', '0'], ['ZPOPMIN', 'z', '1'], ['ZPOPMAX', 'z', '10'],
    ['EXISTS', 'z'], ['ZPOPMIN', 'nokey'], ['ZPOPMIN', 'nokey', '2'], ['ZPOPMIN', 'z', '-1'], ['ZPOPMIN', 'z', 'x'], ['ZPOPMIN', 'z', '1', '2'], ['SET', 's', 'v'],
    ['ZPOPMIN', 's'], ['ZPOPMAX', 's', '0'], ['ZPOPMIN', 'nokey', '0']] },
  { name: 'ZMPOP', resp: 'both', steps: [
    ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'], ['ZADD', 'y', '5', 'q'], ['ZMPOP', '2', 'nokey', 'z', 'MIN'], ['ZMPOP', '2', 'z', 'y', 'MAX', 'COUNT', '5'],
    ['ZMPOP', '2', 'z', 'y', 'max', 'count', '5'], ['ZMPOP', '1', 'z', 'MIN'], ['ZMPOP', '0', 'z', 'MIN'], ['ZMPOP', '1', 'z', 'FOO'], ['ZMPOP', '2', 'z', 'MIN'],
    ['ZMPOP', '1', 'z', 'MIN', 'COUNT', '0'], ['ZMPOP', '1', 'z', 'MIN', 'COUNT', '-1'], ['ZMPOP', '1', 'z', 'MIN', 'COUNT', '1', 'COUNT', '1'], ['ZMPOP', '1', 'z', 'MIN', 'COUNT'],
    ['ZMPOP', 'x', 'z', 'MIN'], ['SET', 's', 'v'], ['ZMPOP', '2', 'nokey', 's', 'MIN'], ['ZMPOP', '1', 'y', 'MIN', 'BAR']] },
  { name: 'BZPOP / BZMPOP non-blocking paths', resp: 'both', steps: [
    ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'], ['BZPOPMIN', 'nokey', 'z', '0'], ['BZPOPMAX', 'z', '0.1'], ['BZPOPMIN', 'nokey', '0.01'], ['BZPOPMIN', 'z', '-1'],
    ['BZPOPMIN', 'z', 'x'], ['BZMPOP', '0', '1', 'z', 'MIN'], ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'], ['BZMPOP', '0', '1', 'z', 'MAX', 'COUNT', '10'], ['BZMPOP', '0.01', '1', 'z', 'MAX'], ['BZMPOP', 'x', '1', 'z', 'MAX'],
    ['BZMPOP', '0', '0', 'z', 'MAX'], ['SET', 's', 'v'], ['BZPOPMIN', 's', '0'], ['MULTI'], ['BZPOPMIN', 'nokey', '0'], ['BZMPOP', '0', '1', 'nokey', 'MIN'], ['EXEC']] },
  { name: 'ZRANDMEMBER deterministic', resp: 'both', steps: [
    ['ZRANDMEMBER', 'nokey'], ['ZRANDMEMBER', 'nokey', '3'], ['ZRANDMEMBER', 'nokey', '-3', 'WITHSCORES'], ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'],
    ['ZRANDMEMBER', 'z', '0'], ['ZRANDMEMBER', 'z', '3'], ['ZRANDMEMBER', 'z', '10', 'WITHSCORES'], ['ZRANDMEMBER', 'z', 'x'], ['ZRANDMEMBER', 'z', '1', 'FOO'],
    ['ZRANDMEMBER', 'z', '1', 'WITHSCORES', 'x'], ['ZRANDMEMBER', 'z', '-9223372036854775808'], ['ZRANDMEMBER', 'z', '-9223372036854775807', 'WITHSCORES'],
    ['ZRANDMEMBER', 'z', '9223372036854775807', 'WITHSCORES'], ['ZADD', 'one', '5', 'm'], ['ZRANDMEMBER', 'one'], ['ZRANDMEMBER', 'one', '-3', 'WITHSCORES'],
    ['ZRANDMEMBER', 'one', '1', 'WITHSCORES'], T(['ZRANDMEMBER', 'z']), T(['ZRANDMEMBER', 'z', '-5', 'WITHSCORES']), T(['ZRANDMEMBER', 'z', '2']),
    ['SET', 's', 'v'], ['ZRANDMEMBER', 's'], ['ZRANDMEMBER', 's', '1']] },
  { name: 'ZSCAN', resp: 'both', steps: [
    ['ZADD', 'z', '1', 'a', '2.5', 'b', '-3', 'c', '1e20', 'd'], ['ZSCAN', 'z', '0'], ['ZSCAN', 'z', '0', 'MATCH', 'a*'], ['ZSCAN', 'z', '0', 'COUNT', '1'],
    ['ZSCAN', 'nokey', '0'], ['ZSCAN', 'z', 'x'], ['ZSCAN', 'z', '0', 'COUNT', '0'], ['ZSCAN', 'z', '0', 'TYPE', 'zset'], ['ZSCAN', 'z', '0', 'FOO'], ['SET', 's', 'v'], ['ZSCAN', 's', '0']] },
  { name: 'encodings listpack → skiplist', steps: [
    ['ZADD', 'z', ...pairs(128, (i) => [String(i), 'm' + i])], ['OBJECT', 'ENCODING', 'z'], ['ZADD', 'z', '1', 'new'], ['OBJECT', 'ENCODING', 'z'],
    ['ZREMRANGEBYRANK', 'z', '0', '-3'], ['OBJECT', 'ENCODING', 'z'], ['ZADD', 'v', '1', 'x'.repeat(64)], ['OBJECT', 'ENCODING', 'v'], ['ZADD', 'v', '1', 'x'.repeat(65)],
    ['OBJECT', 'ENCODING', 'v'], ['ZADD', 'w', '1', 'y'.repeat(65)], ['OBJECT', 'ENCODING', 'w'], ['ZADD', 'w2', '1', 'a', '2', 'y'.repeat(65)], ['OBJECT', 'ENCODING', 'w2'],
    ['ZUNIONSTORE', 'u', '1', 'z'], ['OBJECT', 'ENCODING', 'u'], ['ZUNIONSTORE', 'u2', '1', 'w'], ['OBJECT', 'ENCODING', 'u2'], ['ZRANGESTORE', 'r', 'z', '0', '-1'], ['OBJECT', 'ENCODING', 'r'],
    ['CONFIG', 'SET', 'zset-max-listpack-entries', '2'], ['ZADD', 'q', '1', 'a', '2', 'b'], ['OBJECT', 'ENCODING', 'q'], ['ZADD', 'q', '3', 'c'], ['OBJECT', 'ENCODING', 'q'],
    ['ZADD', 'q2', '1', 'a', '2', 'b', '3', 'c'], ['OBJECT', 'ENCODING', 'q2'], ['ZRANGESTORE', 'r2', 'q2', '0', '1'], ['OBJECT', 'ENCODING', 'r2'],
    ['ZRANGESTORE', 'r3', 'q2', '0', '-1'], ['OBJECT', 'ENCODING', 'r3'], ['ZRANGESTORE', 'r4', 'q2', '-inf', 'inf', 'BYSCORE'], ['OBJECT', 'ENCODING', 'r4'],
    ['CONFIG', 'SET', 'zset-max-ziplist-entries', '0'], ['ZADD', 'q3', '1', 'a'], ['OBJECT', 'ENCODING', 'q3'],
    ['CONFIG', 'SET', 'zset-max-listpack-entries', '128'], ['ZADD', 'big', ...big], ['ZRANGE', 'big', '0', '-1', 'WITHSCORES'], ['ZRANGEBYSCORE', 'big', '10', '20', 'LIMIT', '3', '7'],
    ['ZREVRANGEBYSCORE', 'big', '50', '(10', 'WITHSCORES', 'LIMIT', '5', '10'], ['ZRANK', 'big', 'm77'], ['ZREVRANK', 'big', 'm77'], ['ZCOUNT', 'big', '5', '(60'],
    ['ZREMRANGEBYSCORE', 'big', '90', '100'], ['ZCARD', 'big'], ['ZPOPMIN', 'big', '5'], ['ZPOPMAX', 'big', '3'], ['OBJECT', 'ENCODING', 'big']] },
  { name: 'binary members', resp: 'both', steps: [
    ['ZADD', BIN, '1', BIN, '2', '', '3', '\x00'], ['ZSCORE', BIN, BIN], ['ZSCORE', BIN, ''], ['ZRANGE', BIN, '0', '-1', 'WITHSCORES'], ['ZRANK', BIN, '\x00'],
    ['ZREM', BIN, '\x00'], ['ZCARD', BIN], ['ZADD', 'ord', '0', '\xff', '0', '\x7f', '0', '\x80', '0', 'A'], ['ZRANGE', 'ord', '0', '-1']] },
  { name: 'wrong types', steps: [
    { wrongType: 'l' }, ['ZADD', 'l', '1', 'a'], ['ZRANGE', 'l', '0', '1'], ['ZSCORE', 'l', 'a'], ['ZCARD', 'l'], ['ZUNION', '1', 'l'], ['ZPOPMIN', 'l'], ['ZSCAN', 'l', '0'],
    ['ZRANDMEMBER', 'l'], ['BZPOPMIN', 'l', '0'], ['ZMPOP', '1', 'l', 'MIN'], ['ZINTERCARD', '1', 'l'], ['ZREMRANGEBYRANK', 'l', '0', '1']] },
  { name: 'arity', steps: [
    ['ZADD', 'z'], ['ZADD', 'z', '1'], ['ZINCRBY', 'z', '1'], ['ZCARD'], ['ZSCORE', 'z'], ['ZRANGE', 'z', '0'], ['ZRANGEBYLEX', 'z', '-'], ['ZUNION', '1'], ['ZPOPMIN'],
    ['BZPOPMIN', 'z'], ['ZRANDMEMBER'], ['ZSCAN', 'z'], ['ZMSCORE', 'z'], ['ZINTERCARD', '1'], ['ZRANGESTORE', 'd', 'z', '0'], ['ZMPOP', '1', 'z']] },
  { name: 'keyspace notifications', steps: [
    ['CONFIG', 'SET', 'notify-keyspace-events', 'KEA'], ['SUBSCRIBE', '__keyevent@0__:zadd'] as string[],
  ] },
];

// notifications: use a second approach — observe through a PSUBSCRIBE in the same connection is impossible (RESP2);
// instead verify via RESP3 push messages on one connection.
cases.pop();
cases.push({ name: 'keyspace notifications (RESP3 pushes)', resp: 3, steps: [
  ['CONFIG', 'SET', 'notify-keyspace-events', 'KEA'], { cmd: ['PSUBSCRIBE', '__keyevent@0__:*'] },
  { cmd: ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e'], replies: 2 }, { cmd: ['ZADD', 'z', '1', 'a'], replies: 1 },
  { cmd: ['ZINCRBY', 'z', '1', 'a'], replies: 2 }, { cmd: ['ZREM', 'z', 'a'], replies: 2 }, { cmd: ['ZREMRANGEBYSCORE', 'z', '2', '2'], replies: 2 },
  { cmd: ['ZREMRANGEBYRANK', 'z', '0', '0'], replies: 2 }, { cmd: ['ZREMRANGEBYLEX', 'z', '[d', '[d'], replies: 2 }, { cmd: ['ZPOPMIN', 'z'], replies: 3 },
  { cmd: ['ZADD', 'z', '1', 'a', '2', 'b'], replies: 2 }, { cmd: ['ZPOPMAX', 'z'], replies: 2 }, { cmd: ['ZUNIONSTORE', 'u', '1', 'z'], replies: 2 },
  { cmd: ['ZINTERSTORE', 'i', '1', 'z'], replies: 2 }, { cmd: ['ZDIFFSTORE', 'df', '1', 'z'], replies: 2 }, { cmd: ['ZRANGESTORE', 'rs', 'z', '0', '-1'], replies: 2 },
  { cmd: ['ZDIFFSTORE', 'df', '1', 'nokey'], replies: 2 }, { cmd: ['ZMPOP', '1', 'z', 'MIN'], replies: 4 },
  { cmd: ['PUNSUBSCRIBE'] }, ['CONFIG', 'SET', 'notify-keyspace-events', '']] });

cases.push({ name: 'MULTI with zsets; DEBUG-free memory usage type', steps: [
  ['MULTI'], ['ZADD', 'z', '1', 'a'], ['ZINCRBY', 'z', '2', 'a'], ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'], ['BZPOPMIN', 'z', '0'], ['EXEC'],
  ['ZADD', 'z', '1', 'a'], ['COPY', 'z', 'z2'], ['ZRANGE', 'z2', '0', '-1', 'WITHSCORES'], ['OBJECT', 'ENCODING', 'z2'], ['RENAME', 'z2', 'z3'], ['TYPE', 'z3'],
  T(['MEMORY', 'USAGE', 'z3'])] });

// The same operations on both encodings (listpack walks vs skiplist traversals), incl. lex ranges over mixed scores.
for (const [enc, entries] of [['listpack', '128'], ['skiplist', '0']] as const) {
  cases.push({ name: `mixed operations on ${enc}`, resp: 'both', steps: [
  ['CONFIG', 'SET', 'zset-max-listpack-entries', entries],
  ['ZADD', 'm', '1', 'b', '2', 'a', '3', 'd', '4', 'c', '5', 'e'],
  // lex ranges over mixed scores: a deterministic walk on listpacks, random-level dependent on skiplists (undefined in Redis)
  ...(enc === 'listpack' ? [['ZRANGEBYLEX', 'm', '[b', '[d'], ['ZRANGEBYLEX', 'm', '(a', '+'], ['ZREVRANGEBYLEX', 'm', '[d', '-'],
    ['ZLEXCOUNT', 'm', '[b', '[d'], ['ZRANGEBYLEX', 'm', '-', '+', 'LIMIT', '1', '2'], ['ZREVRANGEBYLEX', 'm', '+', '-', 'LIMIT', '2', '2']] : []),
  ['ZADD', 'm', 'GT', 'CH', '0', 'b', '10', 'a', '6', 'f'], ['ZADD', 'm', 'LT', 'XX', 'CH', '0', 'd', '100', 'e'], ['ZRANGE', 'm', '0', '-1', 'WITHSCORES'],
  ['ZRANGEBYSCORE', 'm', '(0', '6', 'LIMIT', '1', '3', 'WITHSCORES'], ['ZREVRANGEBYSCORE', 'm', '+inf', '(0', 'LIMIT', '1', '2'], ['ZRANK', 'm', 'a'], ['ZREVRANK', 'm', 'a'],
  ['ZCOUNT', 'm', '1', '5'], ...(enc === 'listpack' ? [['ZREMRANGEBYLEX', 'm', '[c', '[e']] : []), ['ZRANGE', 'm', '0', '-1'], ['ZREMRANGEBYSCORE', 'm', '(1', '6'], ['ZRANGE', 'm', '0', '-1'],
  ['ZADD', 'm', '-0', 'z'], ['ZSCORE', 'm', 'z'], ['ZINCRBY', 'm', '-0', 'y'], ['ZSCORE', 'm', 'y'], ['ZRANDMEMBER', 'm', '10', 'WITHSCORES'],
  ['ZADD', 'm', ...Array.from({ length: 20 }, (_, i) => [String(i % 4), 'k' + i]).flat()], ['ZRANGE', 'm', '0', '-1', 'WITHSCORES'], ['ZRANGESTORE', 'd', 'm', '2', '5'],
  ['OBJECT', 'ENCODING', 'd'], ['ZUNIONSTORE', 'u', '2', 'm', 'd', 'WEIGHTS', '2', '-1'], ['ZRANGE', 'u', '0', '-1', 'WITHSCORES'], ['OBJECT', 'ENCODING', 'u'],
  ['ZPOPMIN', 'm', '3'], ['ZPOPMAX', 'm', '2'], ['ZMPOP', '1', 'm', 'MAX', 'COUNT', '2'], ['ZCARD', 'm'], ['OBJECT', 'ENCODING', 'm'],
  ['CONFIG', 'SET', 'zset-max-listpack-entries', '128']] });
}

diffSuite('zset', cases);
