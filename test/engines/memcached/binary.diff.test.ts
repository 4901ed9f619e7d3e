// Differential: binary protocol, our engine vs the real memcached.

import { describe, expect, it } from 'vitest';
import { HAVE_MEMCACHED, RawClient, useServerPair } from './harness.js';
import {
  BinaryNormalizer, binaryExchange, deltaExtras, packet, setExtras, u32, type BinRequest,
} from './binary-client.js';

const enum Op {
  Get = 0x00, Set = 0x01, Add = 0x02, Replace = 0x03, Delete = 0x04, Incr = 0x05, Decr = 0x06,
  Quit = 0x07, Flush = 0x08, GetQ = 0x09, Noop = 0x0a, Version = 0x0b, GetK = 0x0c, GetKQ = 0x0d,
  Append = 0x0e, Prepend = 0x0f, Stat = 0x10, SetQ = 0x11, AddQ = 0x12, ReplaceQ = 0x13,
  DeleteQ = 0x14, IncrQ = 0x15, DecrQ = 0x16, QuitQ = 0x17, FlushQ = 0x18, AppendQ = 0x19,
  PrependQ = 0x1a, Touch = 0x1c, Gat = 0x1d, GatQ = 0x1e, SaslList = 0x20, SaslAuth = 0x21,
  SaslStep = 0x22, GatK = 0x23, GatKQ = 0x24,
}

type BinStep = { reqs: (cas: bigint) => BinRequest[]; raw?: boolean };
const step = (...reqs: BinRequest[]): BinStep => ({ reqs: () => reqs });
const withCas = (f: (cas: bigint) => BinRequest[]): BinStep => ({ reqs: f });
const set = (key: string, value: string, flags = 0, exptime = 0, opcode = Op.Set, cas = 0n): BinRequest =>
  ({ opcode, key, value, extras: setExtras(flags, exptime), cas, opaque: 7 });

const scenarios: Record<string, BinStep[]> = {
  'get and set family': [
    step(set('a', 'hello', 42)),
    step({ opcode: Op.Get, key: 'a', opaque: 1 }),
    step({ opcode: Op.GetK, key: 'a', opaque: 2 }),
    step({ opcode: Op.GetQ, key: 'a', opaque: 3 }),
    step({ opcode: Op.GetKQ, key: 'a', opaque: 4 }),
    step({ opcode: Op.Get, key: 'nokey', opaque: 5 }),
    step({ opcode: Op.GetK, key: 'nokey', opaque: 6 }),
    step({ opcode: Op.GetQ, key: 'nokey' }, { opcode: Op.GetKQ, key: 'nokey' }),
    step(set('a', 'x', 0, 0, Op.Add)),
    step(set('b', 'bee', 1, 0, Op.Add)),
    step(set('c', 'x', 0, 0, Op.Replace)),
    step(set('b', 'BEE', 2, 0, Op.Replace)),
    step({ opcode: Op.Get, key: 'b' }),
    step(set('q', '1', 0, 0, Op.SetQ), set('a', 'x', 0, 0, Op.AddQ), set('zz', 'x', 0, 0, Op.ReplaceQ)),
    step({ opcode: Op.Get, key: 'q' }),
    step(set('bin', '\x00\x01\x02\r\n', 0xffffffff)),
    step({ opcode: Op.Get, key: 'bin' }),
    step(set('empty', '')),
    step({ opcode: Op.Get, key: 'empty' }),
    // The largest unsigned exptime is far in the future, not negative.
    step(set('far', 'x', 0, 0xffffffff)),
    step({ opcode: Op.Get, key: 'far' }),
  ],
  'cas': [
    step(set('c', 'one')),
    withCas((cas) => [set('c', 'two', 0, 0, Op.Set, cas)]),
    withCas((cas) => [set('c', 'three', 0, 0, Op.Set, cas + 1n)]),
    withCas((cas) => [set('c', 'three', 0, 0, Op.Replace, cas)]),
    step(set('nokey', 'x', 0, 0, Op.Set, 99n)),
    step(set('newadd', 'x', 0, 0, Op.Add, 99n)),
    step({ opcode: Op.Get, key: 'c' }),
    withCas((cas) => [{ opcode: Op.Delete, key: 'c', cas: cas + 1n }]),
    withCas((cas) => [{ opcode: Op.Delete, key: 'c', cas }]),
    step({ opcode: Op.Get, key: 'c' }),
  ],
  'delete, append, prepend': [
    step(set('d', 'mid', 5)),
    step({ opcode: Op.Append, key: 'd', value: '-end' }),
    step({ opcode: Op.Prepend, key: 'd', value: 'start-' }),
    step({ opcode: Op.Get, key: 'd' }),
    step({ opcode: Op.AppendQ, key: 'd', value: '!' }, { opcode: Op.PrependQ, key: 'd', value: '!' }),
    step({ opcode: Op.Get, key: 'd' }),
    step({ opcode: Op.Append, key: 'nokey', value: 'x' }),
    step({ opcode: Op.PrependQ, key: 'nokey', value: 'x' }),
    withCas((cas) => [{ opcode: Op.Append, key: 'd', value: 'c', cas: cas + 5n }]),
    step({ opcode: Op.Delete, key: 'd' }),
    step({ opcode: Op.Delete, key: 'd' }),
    step({ opcode: Op.DeleteQ, key: 'd' }),
    step(set('d', 'x'), { opcode: Op.DeleteQ, key: 'd' }, { opcode: Op.Get, key: 'd' }),
  ],
  'incr and decr': [
    step({ opcode: Op.Incr, key: 'n', extras: deltaExtras(1n, 10n, 0) }),
    step({ opcode: Op.Incr, key: 'n', extras: deltaExtras(5n, 10n, 0) }),
    step({ opcode: Op.Decr, key: 'n', extras: deltaExtras(100n, 10n, 0) }),
    step({ opcode: Op.Incr, key: 'miss', extras: deltaExtras(1n, 10n, 0xffffffff) }),
    step({ opcode: Op.Decr, key: 'miss', extras: deltaExtras(1n, 10n, 0xffffffff) }),
    step({ opcode: Op.IncrQ, key: 'n', extras: deltaExtras(1n, 0n, 0) }, { opcode: Op.DecrQ, key: 'n', extras: deltaExtras(1n, 0n, 0) }),
    step({ opcode: Op.Get, key: 'n' }),
    step(set('s', 'abc')),
    step({ opcode: Op.Incr, key: 's', extras: deltaExtras(1n, 0n, 0) }),
    step(set('w', '18446744073709551615')),
    step({ opcode: Op.Incr, key: 'w', extras: deltaExtras(2n, 0n, 0) }),
    step({ opcode: Op.Get, key: 'w' }),
    withCas((cas) => [{ opcode: Op.Incr, key: 'w', extras: deltaExtras(1n, 0n, 0), cas: cas + 1n }]),
    withCas((cas) => [{ opcode: Op.Incr, key: 'w', extras: deltaExtras(1n, 0n, 0), cas }]),
    step({ opcode: Op.Incr, key: 'big', extras: deltaExtras(1n, 18446744073709551615n, 0) }),
    step({ opcode: Op.Get, key: 'big' }),
  ],
  'touch and gat': [
    step(set('t', 'tv', 9)),
    step({ opcode: Op.Touch, key: 't', extras: u32(100) }),
    step({ opcode: Op.Touch, key: 'nokey', extras: u32(100) }),
    step({ opcode: Op.Gat, key: 't', extras: u32(100) }),
    step({ opcode: Op.GatK, key: 't', extras: u32(100) }),
    step({ opcode: Op.GatQ, key: 't', extras: u32(100) }, { opcode: Op.GatKQ, key: 't', extras: u32(100) }),
    step({ opcode: Op.GatQ, key: 'nokey', extras: u32(100) }, { opcode: Op.GatKQ, key: 'nokey', extras: u32(100) }),
    step({ opcode: Op.Gat, key: 'nokey', extras: u32(100) }),
    step({ opcode: Op.GatK, key: 'nokey', extras: u32(100) }),
    step(set('e', 'x', 0, 0)),
    step({ opcode: Op.Touch, key: 'e', extras: u32(1000000000) }),
    step({ opcode: Op.Get, key: 'e' }),
  ],
  'flush, noop, version, errors': [
    step(set('f', 'x')),
    step({ opcode: Op.Flush }),
    step({ opcode: Op.Get, key: 'f' }),
    step(set('f', 'x'), { opcode: Op.FlushQ }, { opcode: Op.Get, key: 'f' }),
    step({ opcode: Op.Flush, extras: u32(0) }),
    step({ opcode: Op.Noop, opaque: 77 }),
    step({ opcode: Op.Version, opaque: 78 }),
    step({ opcode: 0x50 }),
    step({ opcode: 0x50, value: 'body' }),
    step({ opcode: Op.SaslList }),
    step({ opcode: Op.SaslAuth, key: 'PLAIN', value: '\x00u\x00p' }),
    step({ opcode: Op.SaslStep, key: 'PLAIN', value: '\x00u\x00p' }),
    step(set('big', 'x'.repeat(1048576))),
    step({ opcode: Op.Get, key: 'big' }),
    step(set('big', 'small')),
    step(set('big', 'x'.repeat(3_000_000), 0, 0, Op.SetQ)),
    step({ opcode: Op.Get, key: 'big' }),
    step(set('big', 'small'), set('big', 'y'.repeat(3_000_000), 0, 0, Op.Add), { opcode: Op.Get, key: 'big' }),
    step({ opcode: Op.Append, key: 'big', value: 'z'.repeat(3_000_000) }, { opcode: Op.Get, key: 'big' }),
    step(set('big2', 'x'.repeat(1048000))),
    step({ opcode: Op.Append, key: 'big2', value: 'y'.repeat(1000) }),
  ],
  'protocol errors close': [
    { reqs: () => [{ opcode: Op.Get, key: '' }], raw: true },
  ],
  'bad extras': [
    { reqs: () => [{ opcode: Op.Set, key: 'k', value: 'v' }], raw: true },
  ],
  'key too long': [
    { reqs: () => [{ opcode: Op.Get, key: 'k'.repeat(251) }], raw: true },
  ],
  'keylen beyond body': [
    { reqs: () => [{ opcode: Op.Get, key: 'abc', bodylen: 1 }], raw: true },
  ],
  'bad magic': [
    { reqs: () => [{ opcode: Op.Get, key: 'a' }, { opcode: Op.Get, key: 'a', magic: 0x81 }], raw: true },
  ],
  'quit': [
    { reqs: () => [{ opcode: Op.Quit, opaque: 5 }], raw: true },
  ],
  'quitq': [
    { reqs: () => [{ opcode: Op.QuitQ, opaque: 5 }], raw: true },
  ],
  'stat groups': [
    step({ opcode: Op.Stat, key: 'bogus' }),
    step({ opcode: Op.Stat, key: 'reset' }),
    step({ opcode: Op.Stat, key: 'detail on' }),
    step({ opcode: Op.Stat, key: 'detail bogus' }),
    step({ opcode: Op.Stat, key: 'sizes' }),
  ],
};

describe.skipIf(!HAVE_MEMCACHED)('binary protocol vs memcached', () => {
  const servers = useServerPair();

  for (const [name, steps] of Object.entries(scenarios)) {
    it(name, async () => {
      const sides = await Promise.all([servers.real.port, servers.ours.port].map(async (port) => ({
        client: await RawClient.connect(port),
        norm: new BinaryNormalizer(),
      })));
      try {
        for (const s of sides) await binaryExchange(s.client, [packet({ opcode: Op.Flush })]);
        for (let i = 0; i < steps.length; i++) {
          const st = steps[i];
          const out = await Promise.all(sides.map(async (s) => {
            const reqs = st.reqs(s.norm.lastCas).map(packet);
            const r = await binaryExchange(s.client, reqs, st.raw);
            return [...r.responses.map((x) => s.norm.render(x)), r.closed ? '<closed>' : '', r.timedOut ? '<timeout>' : ''].join('\n');
          }));
          if (process.env.DIFF_DEBUG) console.log(`${name} step ${i}`, out[0]);
          expect(out[1], `${name} step ${i}`).toBe(out[0]);
        }
      } finally {
        for (const s of sides) s.client.close();
      }
    });
  }

  it('general stats packets carry the same keys in the same order', async () => {
    const keysOf = async (port: number) => {
      const c = await RawClient.connect(port);
      try {
        const r = await binaryExchange(c, [packet({ opcode: Op.Stat })]);
        return r.responses.map((x) => x.key);
      } finally {
        c.close();
      }
    };
    const [realKeys, ourKeys] = await Promise.all([keysOf(servers.real.port), keysOf(servers.ours.port)]);
    expect(ourKeys).toEqual(realKeys);
  });
});
