import { diffSuite, type DiffCase } from './diff.js';

const BIN = '\xff\xf0\x00\x0f\x55\xaa';
const cases: DiffCase[] = [
  { name: 'SETBIT GETBIT basics', resp: 'both', steps: [
    ['SETBIT', 'b', '7', '1'], ['GET', 'b'], ['SETBIT', 'b', '7', '1'], ['SETBIT', 'b', '7', '0'], ['SETBIT', 'b', '100', '1'],
    ['STRLEN', 'b'], ['GET', 'b'], ['GETBIT', 'b', '100'], ['GETBIT', 'b', '99'], ['GETBIT', 'b', '100000'], ['GETBIT', 'none', '0'],
    ['OBJECT', 'ENCODING', 'b'], ['SET', 'n', '12'], ['GETBIT', 'n', '2'], ['SETBIT', 'n', '0', '1'], ['OBJECT', 'ENCODING', 'n'], ['GET', 'n'],
    ['SETBIT', 'z', '0', '0'], ['GET', 'z'], ['EXISTS', 'z']] },
  { name: 'SETBIT GETBIT errors', steps: [
    ['SETBIT', 'b', '-1', '1'], ['SETBIT', 'b', 'x', '1'], ['SETBIT', 'b', '0', '2'], ['SETBIT', 'b', '0', '-1'], ['SETBIT', 'b', '0', 'x'],
    ['SETBIT', 'b', '4294967296', '1'], ['GETBIT', 'b', '4294967296'], ['GETBIT', 'b', '-1'],
    ['CONFIG', 'SET', 'proto-max-bulk-len', '1048576'], ['SETBIT', 'b', '8388608', '1'], ['SETBIT', 'b', '8388607', '0'], ['STRLEN', 'b'],
    ['CONFIG', 'SET', 'proto-max-bulk-len', '536870912'], ['SETBIT', 'b', '0', '1', 'x'], ['GETBIT', 'b'],
    { wrongType: 'L' }, ['SETBIT', 'L', '0', '1'], ['GETBIT', 'L', '0'], ['BITCOUNT', 'L'], ['BITPOS', 'L', '1'], ['BITFIELD', 'L', 'GET', 'u8', '0'],
    ['BITFIELD_RO', 'L', 'GET', 'u8', '0'], ['BITOP', 'AND', 'd', 'L'], ['BITOP', 'AND', 'L', 'b']] },
  { name: 'BITCOUNT', resp: 'both', steps: [
    ['SET', 's', 'foobar'], ['BITCOUNT', 's'], ['BITCOUNT', 's', '0', '0'], ['BITCOUNT', 's', '1', '1'], ['BITCOUNT', 's', '1', '1', 'BYTE'],
    ['BITCOUNT', 's', '5', '30', 'BIT'], ['BITCOUNT', 's', '-3', '-1'], ['BITCOUNT', 's', '-1', '-3'], ['BITCOUNT', 's', '0', '-100'],
    ['BITCOUNT', 's', '-100', '100'], ['BITCOUNT', 's', '1', '0'], ['BITCOUNT', 's', '-10', '-1', 'bit'], ['BITCOUNT', 's', '3', '3', 'BIT'],
    ['BITCOUNT', 's', '0', '1000', 'bit'], ['BITCOUNT', 's', '0'], ['BITCOUNT', 's', '0', '1', 'FOO'], ['BITCOUNT', 's', 'a', '1'],
    ['BITCOUNT', 's', '0', 'b'], ['BITCOUNT', 's', '0', '1', 'BIT', 'x'], ['BITCOUNT', 'none'], ['BITCOUNT', 'none', '0', '1', 'FOO'],
    ['BITCOUNT', 'none', 'x', 'y'], ['SET', 'e', ''], ['BITCOUNT', 'e'], ['BITCOUNT', 'e', '0', '-1', 'BIT'], ['SET', 'bin', BIN],
    ['BITCOUNT', 'bin', '1', '-2', 'BIT'], ['BITCOUNT', 'bin', '9', '44', 'BIT'], ['SET', 'n', '12345'], ['BITCOUNT', 'n']] },
  { name: 'BITPOS', resp: 'both', steps: [
    ['SET', 'a', '\xff\xf0\x00'], ['BITPOS', 'a', '0'], ['BITPOS', 'a', '1'], ['SET', 'b', '\x00\xff\xf0'], ['BITPOS', 'b', '1', '0'],
    ['BITPOS', 'b', '1', '2'], ['BITPOS', 'b', '1', '2', '-1', 'BYTE'], ['BITPOS', 'b', '1', '7', '15', 'BIT'], ['BITPOS', 'b', '1', '7', '-3', 'bit'],
    ['SET', 'c', '\xff\xff\xff'], ['BITPOS', 'c', '0'], ['BITPOS', 'c', '0', '0'], ['BITPOS', 'c', '0', '0', '-1'], ['BITPOS', 'c', '0', '0', '-1', 'BIT'],
    ['BITPOS', 'c', '0', '1', '5', 'BIT'], ['BITPOS', 'c', '1', '1', '5', 'BIT'], ['SET', 'z', '\x00\x00\x00'], ['BITPOS', 'z', '1'],
    ['BITPOS', 'z', '0'], ['BITPOS', 'z', '1', '0', '-1', 'BIT'], ['BITPOS', 'z', '0', '3', '5', 'BIT'], ['BITPOS', 'none', '1'], ['BITPOS', 'none', '0'],
    ['BITPOS', 'none', '0', 'x'], ['BITPOS', 'a', '2'], ['BITPOS', 'a', 'x'], ['BITPOS', 'a', '1', 'x'], ['BITPOS', 'a', '1', '0', 'y'],
    ['BITPOS', 'a', '1', '0', '1', 'FOO'], ['BITPOS', 'a', '1', '2', '1'], ['BITPOS', 'a', '1', '-1', '-3'], ['BITPOS', 'a', '0', '100'],
    ['SET', 'e', ''], ['BITPOS', 'e', '0'], ['BITPOS', 'e', '1'], ['BITPOS', 'e', '0', '0', '-1', 'BIT'], ['SET', 'bin', BIN],
    ['BITPOS', 'bin', '0', '3', '20', 'BIT'], ['BITPOS', 'bin', '1', '13', '28', 'BIT'], ['BITPOS', 'bin', '0', '1', '3'], ['BITPOS', 'bin', '1', '2', '2']] },
  { name: 'BITOP', resp: 'both', steps: [
    ['SET', 'a', 'foobar'], ['SET', 'b', 'abcdef'], ['SET', 'c', BIN], ['BITOP', 'AND', 'd', 'a', 'b'], ['GET', 'd'], ['BITOP', 'or', 'd', 'a', 'c', 'b'],
    ['GET', 'd'], ['BITOP', 'XOR', 'd', 'a', 'c'], ['GET', 'd'], ['BITOP', 'NOT', 'd', 'c'], ['GET', 'd'], ['OBJECT', 'ENCODING', 'd'],
    ['BITOP', 'AND', 'd', 'a', 'none'], ['GET', 'd'], ['BITOP', 'AND', 'd', 'none', 'none2'], ['EXISTS', 'd'], ['BITOP', 'NOT', 'd', 'a', 'b'],
    ['BITOP', 'NAND', 'd', 'a'], ['BITOP', 'AND', 'd'], ['SET', 'n', '123'], ['BITOP', 'OR', 'd', 'n', 'a'], ['GET', 'd'], ['SET', 'e', ''],
    ['BITOP', 'NOT', 'd', 'e'], ['EXISTS', 'd'], ['SET', 'x', 'v', 'EX', '100'], ['BITOP', 'OR', 'x', 'a'], ['TTL', 'x']] },
  { name: 'BITFIELD', resp: 'both', steps: [
    ['BITFIELD', 'bf', 'SET', 'i8', '0', '100', 'GET', 'u4', '0', 'INCRBY', 'u2', '100', '1'], ['GET', 'bf'],
    ['BITFIELD', 'bf', 'SET', 'u8', '#1', '255', 'GET', 'u8', '#1', 'GET', 'i8', '#1'], ['BITFIELD', 'bf', 'INCRBY', 'u8', '8', '10'],
    ['BITFIELD', 'bf', 'OVERFLOW', 'SAT', 'INCRBY', 'u8', '8', '300', 'INCRBY', 'i8', '0', '-300', 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', '8', '1', 'GET', 'u8', '8'],
    ['BITFIELD', 'bf', 'OVERFLOW', 'WRAP', 'INCRBY', 'i8', '0', '200', 'INCRBY', 'u3', '1', '-9', 'SET', 'i4', '0', '100', 'SET', 'u2', '0', '-1'],
    ['BITFIELD', 'bf', 'SET', 'i64', '0', '-9223372036854775808', 'GET', 'i64', '0', 'INCRBY', 'i64', '0', '-1', 'GET', 'u63', '0'],
    ['BITFIELD', 'bf', 'OVERFLOW', 'SAT', 'INCRBY', 'i64', '0', '-5', 'INCRBY', 'i64', '0', '9223372036854775807', 'INCRBY', 'i64', '0', '9223372036854775807'],
    ['BITFIELD', 'bf', 'OVERFLOW', 'FAIL', 'SET', 'u63', '0', '-1', 'SET', 'i63', '1', '9223372036854775807', 'SET', 'u63', '0', '9223372036854775807'],
    ['BITFIELD', 'bf', 'GET', 'u63', '3', 'GET', 'i64', '7', 'GET', 'u1', '10000'], ['BITFIELD', 'bf'], ['BITFIELD', 'none', 'GET', 'u8', '0'], ['EXISTS', 'none'],
    ['BITFIELD', 'new', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', '10', '10'], ['GET', 'new'], ['BITFIELD_RO', 'bf', 'GET', 'i8', '0', 'GET', 'u16', '#2'],
    ['BITFIELD_RO', 'bf', 'SET', 'i8', '0', '1'], ['BITFIELD_RO', 'none', 'GET', 'u8', '0'], ['OBJECT', 'ENCODING', 'bf'],
    ['BITFIELD', 'bf', 'INCRBY', 'u8', '#0', '1', 'GET', 'u8', '#0']] },
  { name: 'BITFIELD errors', steps: [
    ['BITFIELD', 'k', 'GET', 'u64', '0'], ['BITFIELD', 'k', 'GET', 'i65', '0'], ['BITFIELD', 'k', 'GET', 'i0', '0'], ['BITFIELD', 'k', 'GET', 'x8', '0'],
    ['BITFIELD', 'k', 'GET', 'u', '0'], ['BITFIELD', 'k', 'GET', 'u8', '-1'], ['BITFIELD', 'k', 'GET', 'u8', 'x'], ['BITFIELD', 'k', 'GET', 'u8', '#-1'],
    ['BITFIELD', 'k', 'GET', 'u8', '#x'], ['BITFIELD', 'k', 'GET', 'u8', '4294967296'], ['BITFIELD', 'k', 'SET', 'u8', '0', 'x'],
    ['BITFIELD', 'k', 'SET', 'u8', '0'], ['BITFIELD', 'k', 'GET', 'u8'], ['BITFIELD', 'k', 'FOO', 'u8', '0'], ['BITFIELD', 'k', 'OVERFLOW', 'BAD'],
    ['BITFIELD', 'k', 'OVERFLOW'], ['BITFIELD', 'k', 'OVERFLOW', 'SAT'], ['BITFIELD', 'k', 'GET', 'u8', '0', 'SET', 'u99', '0', '1'],
    ['BITFIELD', 'k', 'SET', 'u8', '#536870912', '1'], ['BITFIELD', 'k', 'GET', 'i8', '#0', 'GET', 'u8', 'y'],
    ['BITFIELD_RO', 'k', 'GET', 'u8', '0', 'INCRBY', 'u8', '0', '1'], ['BITFIELD_RO', 'k', 'OVERFLOW', 'FAIL'], ['EXISTS', 'k']] },
  { name: 'SETBIT/BITFIELD buffer cache vs other writers', steps: [
    ['SETBIT', 'b', '1000', '1'], ['SETBIT', 'b', '3', '1'], ['APPEND', 'b', 'xyz'], ['SETBIT', 'b', '5', '1'], ['GET', 'b'],
    ['COPY', 'b', 'c'], ['SETBIT', 'c', '6', '1'], ['SETBIT', 'b', '7', '1'], ['GET', 'b'], ['GET', 'c'], ['SETRANGE', 'b', '0', 'Q'],
    ['BITFIELD', 'b', 'INCRBY', 'u8', '0', '1'], ['SETBIT', 'b', '15', '1'], ['GET', 'b'], ['SET', 'b', 'abc'], ['SETBIT', 'b', '0', '1'],
    ['GET', 'b'], ['SET', 'd', 'abc'], ['SETBIT', 'd', '1', '1'], ['GET', 'd'], ['BITCOUNT', 'b'], ['BITCOUNT', 'c'], ['BITPOS', 'c', '1', '2'],
    ['DEL', 'b'], ['SETBIT', 'b', '2', '1'], ['GET', 'b'], ['BITFIELD', 'c', 'SET', 'u16', '#3', '65535'], ['GET', 'c']] },
];

diffSuite('bitops', cases);
