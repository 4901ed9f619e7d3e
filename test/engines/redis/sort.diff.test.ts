import { diffSuite, type DiffCase } from './diff.js';

const cases: DiffCase[] = [
  { name: 'SORT lists numeric/alpha/desc/limit', resp: 'both', steps: [
    ['RPUSH', 'l', '3', '1', '2', '10', '-5', '2.5', '1e2'], ['SORT', 'l'], ['SORT', 'l', 'DESC'], ['SORT', 'l', 'ALPHA'], ['SORT', 'l', 'ALPHA', 'DESC'],
    ['SORT', 'l', 'LIMIT', '1', '3'], ['SORT', 'l', 'LIMIT', '-1', '2'], ['SORT', 'l', 'LIMIT', '5', '100'], ['SORT', 'l', 'LIMIT', '100', '1'], ['SORT', 'l', 'LIMIT', '0', '0'],
    ['SORT', 'l', 'LIMIT', '2', '-1'], ['SORT', 'l', 'LIMIT', 'x', '1'], ['SORT', 'l', 'LIMIT', '1'], ['SORT', 'l', 'asc', 'desc'], ['SORT', 'l', 'FOO'],
    ['RPUSH', 'bad', '1', 'x', '2'], ['SORT', 'bad'], ['SORT', 'bad', 'ALPHA'], ['RPUSH', 'ws', ' 1', '2 ', ''], ['SORT', 'ws'], ['RPUSH', 'ws2', ' 1', '', '3'], ['SORT', 'ws2'],
    ['RPUSH', 'inf', 'inf', '-inf', '+inf', '0'], ['SORT', 'inf'], ['RPUSH', 'nan', 'nan'], ['SORT', 'nan'], ['RPUSH', 'ties', '1', '01', '1.0', '+1'], ['SORT', 'ties'],
    ['SORT', 'nokey'], ['SORT', 'nokey', 'ALPHA', 'LIMIT', '0', '1'], ['SET', 's', 'v'], ['SORT', 's'], ['SORT', 's', 'FOO'], ['SORT_RO', 'l'], ['SORT_RO', 'l', 'STORE', 'x']] },
  { name: 'SORT BY / GET patterns', resp: 'both', steps: [
    ['RPUSH', 'l', '1', '2', '3', '4'], ['MSET', 'w_1', '40', 'w_2', '30', 'w_3', '20', 'w_4', '10', 'o_1', 'a', 'o_2', 'b', 'o_3', 'c'],
    ['HSET', 'h_1', 'f', '9', 'g', 'x1'], ['HSET', 'h_2', 'f', '7', 'g', 'x2'], ['HSET', 'h_3', 'f', '8'], ['HSET', 'h_4', 'f', '6'],
    ['SORT', 'l', 'BY', 'w_*'], ['SORT', 'l', 'BY', 'w_*', 'DESC'], ['SORT', 'l', 'BY', 'w_*', 'GET', 'o_*'], ['SORT', 'l', 'BY', 'w_*', 'GET', '#', 'GET', 'o_*'],
    ['SORT', 'l', 'BY', 'h_*->f'], ['SORT', 'l', 'BY', 'h_*->f', 'GET', 'h_*->g', 'GET', '#'], ['SORT', 'l', 'GET', 'nostar'], ['SORT', 'l', 'BY', 'nosort'],
    ['SORT', 'l', 'BY', 'nosort', 'DESC'], ['SORT', 'l', 'BY', 'nosort', 'LIMIT', '1', '2'], ['SORT', 'l', 'BY', 'nosort', 'DESC', 'LIMIT', '1', '2'],
    ['SORT', 'l', 'BY', 'nosort', 'GET', 'o_*'], ['SORT', 'l', 'BY', 'w_*', 'LIMIT', '1', '2'], ['SORT', 'l', 'BY', 'o_*', 'ALPHA', 'DESC'],
    ['SORT', 'l', 'BY', 'o_*'], ['SORT', 'l', 'BY', 'missing_*'], ['SORT', 'l', 'BY', 'h_*->nofield'], ['SORT', 'l', 'BY', 'w_*->f'], ['SORT', 'l', 'GET', 'h_*->'],
    ['SORT', 'l', 'GET', 'w_*', 'GET'], ['SORT', 'l', 'BY'], ['SORT', 'l', 'BY', '*'], ['SORT', 'l', 'GET', '*'], ['SET', '1', 'z'], ['SORT', 'l', 'GET', '*'],
    ['SORT', 'l', 'BY', 'o_*', 'ALPHA', 'GET', 'w_*']] },
  { name: 'SORT sets and zsets', resp: 'both', steps: [
    ['SADD', 'is', '5', '3', '9', '1'], ['SORT', 'is'], ['SORT', 'is', 'DESC'], ['SORT', 'is', 'BY', 'nosort'], ['SORT', 'is', 'LIMIT', '1', '2'],
    ['SADD', 'hs', 'b', 'a', 'c'], ['SORT', 'hs', 'ALPHA'], ['SORT', 'hs'], ['SORT', 'hs', 'BY', 'nosort', 'STORE', 'dst'], ['LRANGE', 'dst', '0', '-1'],
    ['ZADD', 'z', '1', '30', '2', '10', '3', '20', '4', '5'], ['SORT', 'z'], ['SORT', 'z', 'DESC'], ['SORT', 'z', 'BY', 'nosort'], ['SORT', 'z', 'BY', 'nosort', 'DESC'],
    ['SORT', 'z', 'BY', 'nosort', 'LIMIT', '1', '2'], ['SORT', 'z', 'BY', 'nosort', 'DESC', 'LIMIT', '1', '2'], ['SORT', 'z', 'BY', 'nosort', 'LIMIT', '10', '2'],
    ['SORT', 'z', 'ALPHA'], ['ZADD', 'za', '1', 'b', '2', 'a'], ['SORT', 'za'], ['SORT', 'za', 'ALPHA'], ['SORT', 'za', 'BY', 'nosort', 'GET', '#']] },
  { name: 'SORT STORE', resp: 'both', steps: [
    ['RPUSH', 'l', '3', '1', '2'], ['SORT', 'l', 'STORE', 'd'], ['LRANGE', 'd', '0', '-1'], ['TYPE', 'd'], ['OBJECT', 'ENCODING', 'd'],
    ['SET', 'x', 'v'], ['EXPIRE', 'x', '100'], ['SORT', 'l', 'STORE', 'x'], ['TYPE', 'x'], ['TTL', 'x'], ['SORT', 'l', 'GET', 'nope_*', 'GET', '#', 'STORE', 'd'],
    ['LRANGE', 'd', '0', '-1'], ['SORT', 'nokey', 'STORE', 'd'], ['EXISTS', 'd'], ['SORT', 'nokey', 'STORE', 'd'], ['SORT', 'l', 'LIMIT', '0', '0', 'STORE', 'd2'],
    ['SORT', 'l', 'STORE', 'l'], ['LRANGE', 'l', '0', '-1'], ['SORT', 'l', 'STORE'], ['RPUSH', 'bad', 'x'], ['SORT', 'bad', 'STORE', 'd'], ['EXISTS', 'd'],
    ['SORT', 'l', 'ALPHA', 'DESC', 'STORE', 'd'], ['LRANGE', 'd', '0', '-1']] },
  { name: 'SORT arity and wrong type', steps: [
    ['SORT'], ['SORT_RO'], ['HSET', 'h', 'a', '1'], ['SORT', 'h'], ['SORT', 'h', 'BAD'], ['SORT_RO', 'h'], ['SORT', 'h', 'LIMIT', 'x', 'y']] },
  // Redis checks a stale errno after strtod: an ERANGE value poisons later SORTs on that server, so this runs last.
  { name: 'SORT overflowing score', steps: [['RPUSH', 'big', '1', '1e400'], ['SORT', 'big']] },
];

diffSuite('sort', cases);
