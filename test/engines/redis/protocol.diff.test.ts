import { diffSuite, type DiffCase } from './diff.js';

const cases: DiffCase[] = [
  { name: 'inline commands', steps: [{ raw: 'PING\r\n' }, { raw: 'SET k "a b\\x41\\n"\r\n' }, { raw: 'GET k\n' }, { raw: "ECHO 'x y'\r\n" }, { raw: '\r\n\r\nPING\r\n' }] },
  { name: 'pipelined in one write', steps: [{ raw: '*1\r\n$4\r\nPING\r\n*2\r\n$3\r\nGET\r\n$1\r\nx\r\nPING\r\n', replies: 3 }] },
  { name: 'unbalanced quotes', steps: [{ raw: 'SET k "abc\r\n', closes: true }] },
  { name: 'unbalanced quotes 2', steps: [{ raw: 'SET k "abc"d\r\n', closes: true }] },
  { name: 'invalid multibulk length', steps: [{ raw: '*abc\r\n', closes: true }] },
  { name: 'multibulk too long', steps: [{ raw: '*3000000000\r\n', closes: true }] },
  { name: 'expected $', steps: [{ raw: '*1\r\nPING\r\n', closes: true }] },
  { name: 'invalid bulk length', steps: [{ raw: '*1\r\n$-1\r\n', closes: true }] },
  { name: 'bulk length too big', steps: [{ raw: '*1\r\n$2147483648000\r\n', closes: true }] },
  { name: 'empty multibulk skipped', steps: [{ raw: '*0\r\n*-1\r\nPING\r\n' }] },
  { name: 'big inline', steps: [{ raw: 'x'.repeat(70000), closes: true }] },
  { name: 'big mbulk count', steps: [{ raw: '*' + '1'.repeat(70000), closes: true }] },
  { name: 'big bulk count', steps: [{ raw: '*1\r\n$' + '1'.repeat(70000), closes: true }] },
  { name: 'leading zero bulk len', steps: [{ raw: '*1\r\n$04\r\nPING\r\n', closes: true }] },
  { name: 'plus sign multibulk len', steps: [{ raw: '*+1\r\n$4\r\nPING\r\n', closes: true }] },
];

diffSuite('protocol', cases);
