import { diffSuite, type DiffCase } from './diff.js';

const BIN = 'a\x00b\r\n\xff\xfe';
const MAX = '18446744073709551615';
const fill = (key: string, n: number, from = 1): string[][] => {
  const out: string[][] = [];
  for (let i = from; i < from + n; i++) out.push(['XADD', key, `${i}-0`, 'f', String(i), 'g', 'v']);
  return out;
};

const cases: DiffCase[] = [
  { name: 'XADD explicit IDs and errors', resp: 'both', steps: [
    ['XADD', 's', '1-1', 'a', '1'], ['XADD', 's', '1-1', 'a', '1'], ['XADD', 's', '1-0', 'a', '1'], ['XADD', 's', '0-0', 'a', '1'],
    ['XADD', 'n', '0-0', 'a', '1'], ['EXISTS', 'n'], ['XADD', 's', '1-*', 'b', '2'], ['XADD', 's', '2-*', 'c', '3'], ['XADD', 's', '2', 'd', '4'],
    ['XADD', 's', 'abc', 'a', '1'], ['XADD', 's', '1-x', 'a', '1'], ['XADD', 's', '-', 'a', '1'], ['XADD', 's', '+', 'a', '1'],
    ['XADD', 's', '3-1', 'a'], ['XADD', 's', '3-1'], ['XADD', 's', '*', 'a', '1', 'b'], ['XADD', 's', ' 5-0', 'a', '1'], ['XADD', 's', '00006-01', 'a', '1'],
    ['XADD', 's', '+7-0', 'a', '1'], ['XADD', 's', '8--1', 'a', '1'], ['XADD', 's', `${MAX}0-0`, 'a', '1'],
    ['XADD', 's', `${MAX}-${MAX}`, 'a', '1'], ['XADD', 's', '*', 'a', '1'], ['XADD', 's', `${MAX}-*`, 'a', '1'], ['XLEN', 's'],
    ['XRANGE', 's', '-', '+'], ['TYPE', 's'], ['OBJECT', 'ENCODING', 's'], ['XLEN', 'nokey']] },
  { name: 'XADD partial ID overflow and NOMKSTREAM', resp: 'both', steps: [
    ['XADD', 's', `5-${MAX}`, 'a', '1'], ['XADD', 's', '5-*', 'a', '1'], ['XADD', 's', '6-*', 'a', '1'],
    ['XADD', 'x', 'NOMKSTREAM', '*', 'a', '1'], ['EXISTS', 'x'], ['XADD', 's', 'NOMKSTREAM', '7-0', 'a', '1'], ['XADD', 's', 'nomkstream', 'maxlen', '1', '8-0', 'a', '1'],
    ['XRANGE', 's', '-', '+'], ['XADD', 's', 'NOMKSTREAM'], ['XADD', 's', 'foo', 'a', '1']] },
  { name: 'XADD with MAXLEN / MINID / LIMIT', resp: 'both', steps: [
    ...fill('s', 10),
    ['XADD', 's', 'MAXLEN', '5', '11-0', 'f', '11'], ['XLEN', 's'], ['XADD', 's', 'MAXLEN', '=', '3', '12-0', 'f', '12'], ['XRANGE', 's', '-', '+'],
    ['XADD', 's', 'MAXLEN', '~', '1', '13-0', 'f', '13'], ['XLEN', 's'], ['XADD', 's', 'MINID', '12', '14-0', 'f', '14'], ['XRANGE', 's', '-', '+'],
    ['XADD', 's', 'MINID', '~', '14', 'LIMIT', '10', '15-0', 'f', '15'], ['XADD', 's', 'MAXLEN', '1', 'LIMIT', '10', '16-0', 'f', '16'],
    ['XADD', 's', 'MAXLEN', '1', 'MINID', '1', '16-0', 'f', '16'], ['XADD', 's', 'MINID', '1', 'MAXLEN', '1', '16-0', 'f', '16'],
    ['XADD', 's', 'MAXLEN', '-1', '16-0', 'f', '16'], ['XADD', 's', 'MAXLEN', 'x', '16-0', 'f', '16'], ['XADD', 's', 'LIMIT', '-1', '16-0', 'f', '16'],
    ['XADD', 's', 'LIMIT', '5', '16-0', 'f', '16'], ['XADD', 's', 'MINID', 'bad', '16-0', 'f', '16'], ['XADD', 's', 'MINID', '-', '16-0', 'f', '16'],
    ['XADD', 's', 'MAXLEN', '~', '0', '16-0', 'f', '16'], ['XLEN', 's'], ['XADD', 's', 'MAXLEN', '0', '17-0', 'f', '17'], ['XLEN', 's'],
    ['XINFO', 'STREAM', 's']] },
  { name: 'approximate trimming follows node boundaries', resp: 2, steps: [
    ['CONFIG', 'SET', 'stream-node-max-entries', '10'], ...fill('s', 95),
    ['XTRIM', 's', 'MAXLEN', '~', '42'], ['XLEN', 's'], ['XTRIM', 's', 'MAXLEN', '~', '42'], ['XTRIM', 's', 'MINID', '~', '60'], ['XLEN', 's'],
    ['XTRIM', 's', 'MAXLEN', '~', '5', 'LIMIT', '20'], ['XLEN', 's'], ['XTRIM', 's', 'MAXLEN', '~', '5', 'LIMIT', '0'], ['XLEN', 's'],
    ['XINFO', 'STREAM', 's'], ['XTRIM', 's', 'MAXLEN', '2'], ['XINFO', 'STREAM', 's'],
    ['CONFIG', 'SET', 'stream-node-max-entries', '100']] },
  { name: 'node size limit by bytes', resp: 2, steps: [
    ['CONFIG', 'SET', 'stream-node-max-bytes', '200'],
    ...Array.from({ length: 30 }, (_, i) => ['XADD', 's', `${i + 1}-0`, 'field', 'x'.repeat(i * 3), 'n', String(i * 1000)]),
    ...Array.from({ length: 20 }, (_, i) => ['XADD', 's', `${i + 31}-5`, `f${i}`, String(-i * 70000), 'other', 'y'.repeat(60 - i)]),
    ['XINFO', 'STREAM', 's'], ['XTRIM', 's', 'MAXLEN', '~', '20'], ['XINFO', 'STREAM', 's'],
    ['CONFIG', 'SET', 'stream-node-max-bytes', '4096']] },
  { name: 'XTRIM errors', resp: 'both', steps: [
    ...fill('s', 5), ['XTRIM', 's'], ['XTRIM', 's', 'MAXLEN'], ['XTRIM', 's', 'LIMIT', '1'], ['XTRIM', 's', 'MAXLEN', '1', 'LIMIT', '1'],
    ['XTRIM', 's', 'foo', '1'], ['XTRIM', 's', 'MAXLEN', '~'], ['XTRIM', 's', 'MAXLEN', '=', '1'], ['XTRIM', 's', 'MINID', '(3'],
    ['XTRIM', 'nokey', 'MAXLEN', '1'], ['XTRIM', 's', 'MINID', '5'], ['XRANGE', 's', '-', '+'], ['XTRIM', 's', 'MAXLEN', '=', '0'], ['XLEN', 's'], ['EXISTS', 's']] },
  { name: 'XRANGE / XREVRANGE with COUNT and exclusive ranges', resp: 'both', steps: [
    ...fill('s', 6), ['XRANGE', 's', '-', '+'], ['XRANGE', 's', '2', '4'], ['XRANGE', 's', '(2-0', '(4-0'], ['XRANGE', 's', '(2', '+', 'COUNT', '2'],
    ['XREVRANGE', 's', '+', '-', 'COUNT', '2'], ['XREVRANGE', 's', '(5-0', '(1-0'], ['XREVRANGE', 's', '4', '2'], ['XRANGE', 's', '4', '2'],
    ['XRANGE', 's', '-', '+', 'COUNT', '0'], ['XRANGE', 's', '-', '+', 'COUNT', '-3'], ['XRANGE', 's', '-', '+', 'COUNT'], ['XRANGE', 's', '-', '+', 'FOO', '1'],
    ['XRANGE', 's', '-', '+', 'COUNT', 'x'], ['XRANGE', 's', '(-', '+'], ['XRANGE', 's', '(', '+'], ['XRANGE', 's', `(${MAX}-${MAX}`, '+'],
    ['XRANGE', 's', '-', '(0-0'], ['XRANGE', 's', 'x', '+'], ['XRANGE', 's', '-', 'y'], ['XRANGE', 'nokey', '-', '+'], ['XREVRANGE', 'nokey', '+', '-'],
    ['XRANGE', 's', '-', '+', 'COUNT', '1', 'COUNT', '3'], ['XRANGE', 's', '3-0', '3-0'], ['XRANGE', 's', '3', '3'], ['XRANGE', 's', '3-1', '3-5'],
    ['XREVRANGE', 's', '+', '5', 'COUNT', '1'], ['XRANGE', 's', '(1', '(2']] },
  { name: 'XDEL and tombstones', resp: 'both', steps: [
    ...fill('s', 5), ['XDEL', 's', '2-0', '3-0', '9-0'], ['XDEL', 's', '2-0'], ['XDEL', 's', 'bad'], ['XDEL', 's', '4-0', 'bad'], ['XLEN', 's'],
    ['XRANGE', 's', '-', '+'], ['XREVRANGE', 's', '+', '-'], ['XDEL', 's', '1-0'], ['XINFO', 'STREAM', 's'], ['XDEL', 's', '4-0', '5-0'],
    ['XINFO', 'STREAM', 's'], ['EXISTS', 's'], ['XDEL', 'nokey', '1-0'], ['XADD', 's', '6-0', 'a', '1'], ['XINFO', 'STREAM', 's']] },
  { name: 'XSETID', resp: 'both', steps: [
    ['XSETID', 'nokey', '1-0'], ...fill('s', 3), ['XSETID', 's', '2-0'], ['XSETID', 's', '3-0'], ['XSETID', 's', '10-0'], ['XADD', 's', '9-0', 'a', '1'],
    ['XSETID', 's', '10-0', 'ENTRIESADDED', '2'], ['XSETID', 's', '10-0', 'ENTRIESADDED', '-1'], ['XSETID', 's', '10-0', 'ENTRIESADDED', '100', 'MAXDELETEDID', '5-0'],
    ['XSETID', 's', '10-0', 'MAXDELETEDID', '11-0'], ['XSETID', 's', '10-0', 'FOO'], ['XSETID', 's', '+'], ['XSETID', 's', 'x'], ['XSETID', 's', '10-0', 'ENTRIESADDED'],
    ['XINFO', 'STREAM', 's'], ['XDEL', 's', '1-0', '2-0', '3-0'], ['XSETID', 's', '1-0'], ['XINFO', 'STREAM', 's'], ['XSETID', 's', `${MAX}-${MAX}`],
    ['XADD', 's', '*', 'a', '1'], ['SET', 'str', 'v'], ['XSETID', 'str', '1-0']] },
  { name: 'XREAD (no blocking)', resp: 'both', steps: [
    ...fill('a', 3), ...fill('b', 2, 5), ['XREAD', 'STREAMS', 'a', 'b', '0', '0'], ['XREAD', 'COUNT', '1', 'STREAMS', 'a', 'b', '1', '5-0'],
    ['XREAD', 'STREAMS', 'a', '$'], ['XREAD', 'STREAMS', 'nokey', '0'], ['XREAD', 'STREAMS', 'a', 'nokey', '2', '0'], ['XREAD', 'STREAMS', 'a'],
    ['XREAD', 'STREAMS', 'a', 'b', '0'], ['XREAD', 'COUNT', 'x', 'STREAMS', 'a', '0'], ['XREAD', 'COUNT', '-1', 'STREAMS', 'a', '0'],
    ['XREAD', 'FOO', 'STREAMS', 'a', '0'], ['XREAD', 'GROUP', 'g', 'c', 'STREAMS', 'a', '0'], ['XREAD', 'NOACK', 'STREAMS', 'a', '0'],
    ['XREAD', 'STREAMS', 'a', '>'], ['XREAD', 'STREAMS', 'a', 'bad'], ['XREAD', 'STREAMS', 'a', '+'], ['XREAD', 'STREAMS', 'a', '-'],
    ['XREAD', 'BLOCK', 'x', 'STREAMS', 'a', '0'], ['XREAD', 'BLOCK', '-1', 'STREAMS', 'a', '0'], ['XREAD', 'BLOCK', '10', 'STREAMS', 'a', '0'],
    ['XREAD', 'COUNT', '1'], ['XREAD', 'STREAMS', 'a', '3-0'], ['SET', 'str', 'v'], ['XREAD', 'STREAMS', 'str', '0'], ['XREAD', 'STREAMS', 'a', 'str', '0', '0'],
    ['MULTI'], ['XREAD', 'BLOCK', '0', 'STREAMS', 'a', '$'], ['EXEC']] },
  { name: 'consumer groups: XGROUP CREATE/SETID/DESTROY/CREATECONSUMER/DELCONSUMER', resp: 'both', steps: [
    ['XGROUP', 'CREATE', 's', 'g', '$'], ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'], ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'],
    ['XINFO', 'STREAM', 's'], ...fill('s', 4), ['XGROUP', 'CREATE', 's', 'g2', '0', 'ENTRIESREAD', '2'], ['XGROUP', 'CREATE', 's', 'g3', 'bad'],
    ['XGROUP', 'CREATE', 's', 'g3', '-'], ['XGROUP', 'CREATE', 's', 'g3', '0', 'ENTRIESREAD', '-2'], ['XGROUP', 'CREATE', 's', 'g3', '0', 'ENTRIESREAD', 'x'],
    ['XGROUP', 'CREATE', 's', 'g3', '0', 'FOO'], ['XGROUP', 'CREATE', 's', 'g3', '0', 'ENTRIESREAD'], ['XGROUP', 'SETID', 's', 'g', '2-0'],
    ['XGROUP', 'SETID', 's', 'nog', '2-0'], ['XGROUP', 'SETID', 's', 'g', '$', 'ENTRIESREAD', '4'], ['XGROUP', 'SETID', 's', 'g', '-'],
    ['XGROUP', 'SETID', 's', 'g', '0', 'MKSTREAM'], ['XGROUP', 'SETID', 'nokey', 'g', '0'], ['XINFO', 'GROUPS', 's'],
    ['XGROUP', 'CREATECONSUMER', 's', 'g', 'c1'], ['XGROUP', 'CREATECONSUMER', 's', 'g', 'c1'], ['XGROUP', 'CREATECONSUMER', 's', 'nog', 'c1'],
    ['XGROUP', 'DELCONSUMER', 's', 'g', 'c1'], ['XGROUP', 'DELCONSUMER', 's', 'g', 'c1'], ['XGROUP', 'DELCONSUMER', 's', 'nog', 'c1'],
    ['XGROUP', 'DESTROY', 's', 'g2'], ['XGROUP', 'DESTROY', 's', 'g2'], ['XGROUP', 'DESTROY', 'nokey', 'g2'], ['XGROUP', 'FOO', 's', 'g'],
    ['XGROUP', 'HELP'], ['XGROUP', 'HELP', 'x'], ['XGROUP'], ['XGROUP', 'CREATE', 's'], ['XGROUP', 'DESTROY', 's', 'g', 'x'],
    ['SET', 'str', 'v'], ['XGROUP', 'CREATE', 'str', 'g', '$'], ['XGROUP', 'CREATE', 'str', 'g', '$', 'MKSTREAM'], ['XINFO', 'GROUPS', 's']] },
  { name: 'XREADGROUP, XACK, XPENDING summary', resp: 'both', steps: [
    ...fill('s', 5), ['XGROUP', 'CREATE', 's', 'g', '0'], ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '2', 'STREAMS', 's', '>'],
    ['XREADGROUP', 'GROUP', 'g', 'bob', 'COUNT', '1', 'STREAMS', 's', '>'], ['XPENDING', 's', 'g'], ['XINFO', 'GROUPS', 's'],
    ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '0'], ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '1-0'],
    ['XREADGROUP', 'GROUP', 'g', 'nobody', 'STREAMS', 's', '0'], ['XACK', 's', 'g', '1-0', '1-0', '9-0'], ['XACK', 's', 'g', '2-0', 'bad'],
    ['XACK', 's', 'nog', '2-0'], ['XACK', 'nokey', 'g', '2-0'], ['XPENDING', 's', 'g'], ['XDEL', 's', '2-0'],
    ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '0'], ['XREADGROUP', 'GROUP', 'g', 'carol', 'NOACK', 'STREAMS', 's', '>'],
    ['XPENDING', 's', 'g'], ['XINFO', 'GROUPS', 's'], ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>'],
    ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '$'], ['XREADGROUP', 'GROUP', 'nog', 'alice', 'STREAMS', 's', '>'],
    ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 'nokey', '>'], ['XREADGROUP', 'STREAMS', 's', '>'], ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's'],
    ['XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '10', 'STREAMS', 's', '>'], ['XINFO', 'CONSUMERS', 's', 'nog'], ['XINFO', 'CONSUMERS', 'nokey', 'g'],
    { cmd: ['XINFO', 'CONSUMERS', 's', 'g'], typeOnly: true }, ['XPENDING', 'nokey', 'g'], ['XPENDING', 's', 'nog'], ['XPENDING', 's', 'g', '-'],
    ['XPENDING', 's', 'g', '-', '+'], ['XPENDING', 's', 'g', '-', '+', 'x'], ['XPENDING', 's', 'g', 'x', '+', '10'], ['XPENDING', 's', 'g', 'IDLE', 'x', '-', '+', '10'],
    ['XPENDING', 's', 'g', 'IDLE', '10', '-', '+'], ['XPENDING', 's', 'g', '-', '+', '10', 'c', 'extra', 'more', 'x'], ['XPENDING', 's', 'g', 'IDLE', '99999999', '-', '+', '10'],
    ['XPENDING', 's', 'g', '-', '+', '10', 'nobody'], ['XPENDING', 's', 'g', '(3-0', '+', '10', 'nobody'], ['XPENDING', 's', 'g', `(${MAX}-${MAX}`, '+', '10'],
    ['XPENDING', 's', 'g', '-', '(0-0', '10'], ['XPENDING', 's', 'g', '-', '+', '0']] },
  { name: 'XREADGROUP history reports deleted entries as nil', resp: 'both', steps: [
    ...fill('s', 3), ['XGROUP', 'CREATE', 's', 'g', '0'], ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>'], ['XDEL', 's', '2-0'],
    ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '0'], ['XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '1', 'STREAMS', 's', '1-0'],
    ['XACK', 's', 'g', '1-0', '2-0', '3-0'], ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '0']] },
  { name: 'XCLAIM', resp: 'both', steps: [
    ...fill('s', 4), ['XGROUP', 'CREATE', 's', 'g', '0'], ['XREADGROUP', 'GROUP', 'g', 'a', 'STREAMS', 's', '>'],
    ['XCLAIM', 's', 'g', 'b', '0', '1-0', '2-0'], ['XCLAIM', 's', 'g', 'b', '0', '3-0', 'JUSTID'], ['XCLAIM', 's', 'g', 'b', '9999999', '4-0'],
    ['XCLAIM', 's', 'g', 'c', '0', '4-0', 'IDLE', '5000', 'RETRYCOUNT', '7', 'JUSTID'], ['XCLAIM', 's', 'g', 'c', '0', '4-0', 'TIME', '1000', 'JUSTID'],
    ['XCLAIM', 's', 'g', 'c', 'x', '4-0'], ['XCLAIM', 's', 'g', 'c', '0', '4-0', 'IDLE', 'x'], ['XCLAIM', 's', 'g', 'c', '0', '4-0', 'TIME', 'x'],
    ['XCLAIM', 's', 'g', 'c', '0', '4-0', 'RETRYCOUNT', 'x'], ['XCLAIM', 's', 'g', 'c', '0', '4-0', 'LASTID', 'x'], ['XCLAIM', 's', 'g', 'c', '0', '4-0', 'BOGUS'],
    ['XCLAIM', 's', 'g', 'c', '0', '4-0', 'IDLE'], ['XCLAIM', 's', 'nog', 'c', '0', '4-0'], ['XCLAIM', 'nokey', 'g', 'c', '0', '4-0'],
    ['XACK', 's', 'g', '1-0'], ['XCLAIM', 's', 'g', 'd', '0', '1-0'], ['XCLAIM', 's', 'g', 'd', '0', '1-0', 'FORCE', 'JUSTID'], ['XCLAIM', 's', 'g', 'd', '0', '9-0', 'FORCE'],
    ['XDEL', 's', '2-0'], ['XCLAIM', 's', 'g', 'd', '0', '2-0', '3-0'], ['XPENDING', 's', 'g'], ['XCLAIM', 's', 'g', 'd', '0', '3-0', 'LASTID', '100-0', 'JUSTID'],
    ['XINFO', 'GROUPS', 's'], ['XCLAIM', 's', 'g', 'd', '-5', '3-0', 'JUSTID'], { cmd: ['XPENDING', 's', 'g', '-', '+', '10'], typeOnly: true }] },
  { name: 'XAUTOCLAIM', resp: 'both', steps: [
    ...fill('s', 6), ['XGROUP', 'CREATE', 's', 'g', '0'], ['XREADGROUP', 'GROUP', 'g', 'a', 'STREAMS', 's', '>'],
    ['XAUTOCLAIM', 's', 'g', 'b', '0', '0', 'COUNT', '2'], ['XAUTOCLAIM', 's', 'g', 'b', '0', '3-0', 'COUNT', '2', 'JUSTID'],
    ['XDEL', 's', '5-0'], ['XAUTOCLAIM', 's', 'g', 'c', '0', '(4-0', 'COUNT', '1'], ['XAUTOCLAIM', 's', 'g', 'c', '0', '0'], ['XAUTOCLAIM', 's', 'g', 'c', '999999', '0'],
    ['XAUTOCLAIM', 's', 'g', 'c', '0', '0', 'COUNT', '0'], ['XAUTOCLAIM', 's', 'g', 'c', '0', '0', 'COUNT', 'x'], ['XAUTOCLAIM', 's', 'g', 'c', '0', '0', 'COUNT', '576460752303423488'],
    ['XAUTOCLAIM', 's', 'g', 'c', '0', '0', 'FOO'], ['XAUTOCLAIM', 's', 'g', 'c', 'x', '0'], ['XAUTOCLAIM', 's', 'g', 'c', '0', 'x'],
    ['XAUTOCLAIM', 's', 'g', 'c', '0', `(${MAX}-${MAX}`], ['XAUTOCLAIM', 's', 'nog', 'c', '0', '0'], ['XAUTOCLAIM', 'nokey', 'g', 'c', '0', '0'],
    ['XPENDING', 's', 'g'], ['XDEL', 's', '1-0', '2-0', '3-0'], ['XAUTOCLAIM', 's', 'g', 'd', '0', '0', 'COUNT', '2'], ['XPENDING', 's', 'g']] },
  { name: 'lag and entries-read', resp: 'both', steps: [
    ['XGROUP', 'CREATE', 'e', 'g', '$', 'MKSTREAM'], ['XINFO', 'GROUPS', 'e'], ...fill('s', 5), ['XGROUP', 'CREATE', 's', 'g1', '0'], ['XGROUP', 'CREATE', 's', 'g2', '$'],
    ['XGROUP', 'CREATE', 's', 'g3', '3-0'], ['XINFO', 'GROUPS', 's'], ['XREADGROUP', 'GROUP', 'g1', 'c', 'COUNT', '2', 'STREAMS', 's', '>'], ['XINFO', 'GROUPS', 's'],
    ['XDEL', 's', '4-0'], ['XINFO', 'GROUPS', 's'], ['XREADGROUP', 'GROUP', 'g1', 'c', 'COUNT', '1', 'STREAMS', 's', '>'], ['XINFO', 'GROUPS', 's'],
    ['XREADGROUP', 'GROUP', 'g1', 'c', 'STREAMS', 's', '>'], ['XINFO', 'GROUPS', 's'], ['XADD', 's', '6-0', 'a', '1'], ['XTRIM', 's', 'MAXLEN', '1'],
    ['XINFO', 'GROUPS', 's'], ['XGROUP', 'SETID', 's', 'g2', '0', 'ENTRIESREAD', '0'], ['XINFO', 'GROUPS', 's'], ['XINFO', 'STREAM', 's']] },
  { name: 'XINFO errors and HELP', resp: 'both', steps: [
    ['XINFO', 'STREAM', 'nokey'], ['SET', 'str', 'v'], ['XINFO', 'STREAM', 'str'], ['XINFO', 'GROUPS', 'str'], ['XINFO', 'HELP'], ['XINFO', 'HELP', 'x'],
    ['XINFO'], ['XINFO', 'FOO', 'x'], ...fill('s', 2), ['XINFO', 'STREAM', 's', 'FOO'], ['XINFO', 'STREAM', 's', 'FULL', 'x'], ['XINFO', 'STREAM', 's', 'FULL', 'COUNT'],
    ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', 'x'], ['XINFO', 'STREAM', 's', 'FULL', 'FOO', '1'], ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '1'],
    ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '-1'], ['XINFO', 'STREAM', 's', 'full'], ['XINFO', 'GROUPS', 's'], ['XINFO', 'GROUPS', 's', 'x']] },
  { name: 'XINFO STREAM FULL with groups (no PEL times)', resp: 'both', steps: [
    ...fill('s', 3), ['XGROUP', 'CREATE', 's', 'g', '0'], ['XGROUP', 'CREATE', 's', 'a', '$'], ['XREADGROUP', 'GROUP', 'g', 'c', 'NOACK', 'STREAMS', 's', '>'],
    { cmd: ['XINFO', 'STREAM', 's', 'FULL'], typeOnly: true }, ['XGROUP', 'DELCONSUMER', 's', 'g', 'c'], ['XINFO', 'STREAM', 's', 'FULL'], ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '0']] },
  { name: 'wrong type and arity', resp: 'both', steps: [
    ['SET', 'str', 'v'], ['XADD', 'str', '*', 'a', '1'], ['XRANGE', 'str', '-', '+'], ['XREVRANGE', 'str', '+', '-'], ['XLEN', 'str'], ['XDEL', 'str', '1-0'],
    ['XTRIM', 'str', 'MAXLEN', '1'], ['XACK', 'str', 'g', '1-0'], ['XPENDING', 'str', 'g'], ['XCLAIM', 'str', 'g', 'c', '0', '1-0'], ['XAUTOCLAIM', 'str', 'g', 'c', '0', '0'],
    ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'str', '>'], ['XADD', 's'], ['XADD', 's', '*'], ['XRANGE', 's', '-'], ['XLEN'], ['XDEL', 's'], ['XTRIM', 's', 'MAXLEN'],
    ['XACK', 's', 'g'], ['XPENDING', 's'], ['XCLAIM', 's', 'g', 'c', '0'], ['XAUTOCLAIM', 's', 'g', 'c', '0'], ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS'],
    ['XSETID', 's'], ['XADD', 's', '1-0', 'a', '1'], ['GET', 's'], ['LPUSH', 's', 'x'], ['HSET', 's', 'a', 'b'], ['TYPE', 's']] },
  { name: 'binary fields, values and keys', resp: 'both', steps: [
    ['XADD', BIN, '1-0', BIN, BIN, '', ''], ['XADD', BIN, '2-0', '12345', '-7', '0', '9223372036854775808'], ['XRANGE', BIN, '-', '+'],
    ['XGROUP', 'CREATE', BIN, BIN, '0'], ['XREADGROUP', 'GROUP', BIN, BIN, 'STREAMS', BIN, '>'], ['XPENDING', BIN, BIN], ['XINFO', 'GROUPS', BIN],
    ['XGROUP', 'CREATE', BIN, '\n', '0'], ['XREADGROUP', 'GROUP', 'nog\r\nx', 'c', 'STREAMS', BIN, '>']] },
  { name: 'COPY / RENAME / DEL of streams', resp: 'both', steps: [
    ...fill('s', 3), ['XGROUP', 'CREATE', 's', 'g', '0'], ['XREADGROUP', 'GROUP', 'g', 'c', 'NOACK', 'COUNT', '2', 'STREAMS', 's', '>'],
    ['COPY', 's', 't'], ['XADD', 't', '4-0', 'a', '1'], ['XLEN', 's'], ['XLEN', 't'], ['XINFO', 'GROUPS', 't'], ['XINFO', 'GROUPS', 's'],
    ['XGROUP', 'DELCONSUMER', 't', 'g', 'c'], ['XINFO', 'GROUPS', 's'], ['RENAME', 't', 'u'], ['XRANGE', 'u', '-', '+'], ['DEL', 'u'], ['EXISTS', 'u'],
    ['OBJECT', 'ENCODING', 's'], ['TYPE', 's'], ['XINFO', 'GROUPS', 's'], ['XRANGE', 's', '-', '+'], ['XINFO', 'STREAM', 's']] },
  { name: 'XADD and XREADGROUP inside MULTI', resp: 'both', steps: [
    ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'], ['MULTI'], ['XADD', 's', '1-0', 'a', '1'], ['XADD', 's', '0-1', 'a', '1'],
    ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>'], ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>'], ['EXEC'],
    ['XPENDING', 's', 'g']] },
  { name: 'XREADGROUP on several streams, COUNT 0, multiple groups', resp: 'both', steps: [
    ...fill('a', 4), ...fill('b', 3, 10), ['XGROUP', 'CREATE', 'a', 'g', '0'], ['XGROUP', 'CREATE', 'b', 'g', '$'],
    ['XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '0', 'STREAMS', 'a', 'b', '>', '>'], ['XADD', 'b', '20-0', 'x', 'y'],
    ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'a', 'b', '>', '>'], ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'a', 'b', '0', '>'],
    ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'a', 'b', '0', '0'], ['XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '2', 'STREAMS', 'a', 'b', '(1', '0'],
    ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'a', 'nokey', '>', '>'], ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'a', 'a', '>', '0'],
    ['XGROUP', 'CREATE', 'a', 'h', `${MAX}-${MAX}`], ['XREADGROUP', 'GROUP', 'h', 'c', 'STREAMS', 'a', '>'], ['XINFO', 'GROUPS', 'a'],
    { cmd: ['XPENDING', 'a', 'g', 'IDLE', '0', '-', '+', '2', 'c'], typeOnly: true }, ['XPENDING', 'a', 'g', 'IDLE', '99999999', '-', '+', '2', 'c'],
    ['XREADGROUP', 'GROUP', 'g', 'c', 'NOACK', 'NOACK', 'COUNT', '1', 'COUNT', '2', 'STREAMS', 'a', '0'], ['XREADGROUP', 'GROUP', 'g', 'c', 'GROUP', 'g', 'd', 'STREAMS', 'a', '0'],
    ['XREADGROUP', 'GROUP', 'g', 'STREAMS', 'a', '>'], ['XREADGROUP', 'group', 'g', 'c', 'streams', 'a', '>']] },
  { name: 'XAUTOCLAIM with many deleted entries and COUNT', resp: 2, steps: [
    ...fill('s', 12), ['XGROUP', 'CREATE', 's', 'g', '0'], ['XREADGROUP', 'GROUP', 'g', 'a', 'STREAMS', 's', '>'],
    ['XDEL', 's', '2-0', '3-0', '4-0', '5-0', '6-0', '9-0'], ['XAUTOCLAIM', 's', 'g', 'b', '0', '0', 'COUNT', '3'], ['XAUTOCLAIM', 's', 'g', 'b', '0', '0', 'COUNT', '3'],
    ['XAUTOCLAIM', 's', 'g', 'b', '0', '5-0', 'COUNT', '1', 'JUSTID'], ['XAUTOCLAIM', 's', 'g', 'b', '0', '-', 'COUNT', '100'], ['XPENDING', 's', 'g'],
    ['XINFO', 'GROUPS', 's']] },
  { name: 'XGROUP SETID / CREATE with IDs beyond the stream, lag of empty streams', resp: 'both', steps: [
    ['XADD', 's', '5-0', 'a', '1'], ['XGROUP', 'CREATE', 's', 'g', '10-0'], ['XINFO', 'GROUPS', 's'], ['XGROUP', 'SETID', 's', 'g', '5-0'], ['XINFO', 'GROUPS', 's'],
    ['XGROUP', 'SETID', 's', 'g', '0', 'ENTRIESREAD', '9223372036854775807'], ['XINFO', 'GROUPS', 's'], ['XDEL', 's', '5-0'], ['XINFO', 'GROUPS', 's'],
    ['XGROUP', 'SETID', 's', 'g', '2-0'], ['XINFO', 'GROUPS', 's'], ['XSETID', 's', '3-0'], ['XINFO', 'STREAM', 's'], ['XSETID', 's', '6-0', 'ENTRIESADDED', '9223372036854775807'],
    ['XINFO', 'STREAM', 's'], ['XINFO', 'GROUPS', 's'], ['XLEN', 's']] },
  { name: 'streams from scripts: BLOCK refused, reads and writes work', resp: 'both', steps: [
    ['EVAL', "return redis.call('XREAD','BLOCK','0','STREAMS','s','$')", '0'],
    ['EVAL', "return redis.pcall('xreadGroup','GROUP','g','c','BLOCK','0','STREAMS','s','>')", '0'],
    ['EVAL', "redis.call('XADD',KEYS[1],'1-0','a','1') redis.call('XGROUP','CREATE',KEYS[1],'g','0') return redis.call('XREADGROUP','GROUP','g','c','STREAMS',KEYS[1],'>')", '1', 's'],
    ['EVAL', "return redis.call('XINFO','GROUPS',KEYS[1])", '1', 's'], ['XPENDING', 's', 'g']] },
];

diffSuite('streams', cases);
