/** A dataset with every type in every encoding Redis 7.0 uses, plus helpers to compare values. */
import type { RdbEntry, RdbValue, StreamValue } from '../../../../engines/redis/rdb/index.js';

const B = (s: string): Buffer => Buffer.from(s, 'latin1');

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Fixture { entry: RdbEntry; encoding: string }

export function dataset(now = Date.now()): Fixture[] {
  const r = rng(42);
  const rand = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => Math.floor(r() * 256)));
  const out: Fixture[] = [];
  const add = (db: number, key: string | Buffer, value: RdbValue, encoding: string, expireAtMs?: number): void => {
    const entry: RdbEntry = { db, key: typeof key === 'string' ? B(key) : key, value };
    if (expireAtMs !== undefined) entry.expireAtMs = expireAtMs;
    out.push({ entry, encoding });
  };
  const str = (s: string | Buffer): RdbValue => ({ type: 'string', value: typeof s === 'string' ? B(s) : s });
  // strings
  add(0, 'str:int8', str('12'), 'int');
  add(0, 'str:int16', str('-1234'), 'int');
  add(0, 'str:int32', str('2147483647'), 'int');
  add(0, 'str:int64', str('9223372036854775807'), 'int');
  add(0, 'str:notcanon', str('007'), 'embstr');
  add(0, 'str:empty', str(''), 'embstr');
  add(0, 'str:short', str('hello world'), 'embstr');
  add(0, 'str:long-compressible', str('abc'.repeat(300)), 'raw');
  add(0, 'str:long-random', str(rand(500)), 'raw');
  add(0, 'str:binary', str(Buffer.from([0, 255, 13, 10, 0, 1])), 'embstr');
  add(0, '12345', str('key is an integer'), 'embstr');
  add(0, Buffer.from([0xff, 0x00, 0x80]), str('binary key'), 'embstr');
  add(0, 'str:ttl', str('expiring'), 'embstr', now + 3_600_000);
  add(0, 'str:big', str(Buffer.alloc(100_000, 'z')), 'raw');
  // lists (always quicklist in 7.0)
  add(0, 'list:small', { type: 'list', items: ['a', '1', '-5', '300', '70000', '2147483648', '-9223372036854775808', 'b'.repeat(70), ''].map(B) }, 'quicklist');
  add(0, 'list:long', { type: 'list', items: Array.from({ length: 5000 }, (_, i) => B(i % 3 ? `item-${i}` : String(i))) }, 'quicklist');
  add(0, 'list:bigitems', { type: 'list', items: [Buffer.alloc(9000, 'x'), B('small'), rand(5000), rand(5000)] }, 'quicklist', now + 7_200_000);
  // sets
  add(0, 'set:int16', { type: 'set', members: ['1', '2', '3', '-100', '32767'].map(B) }, 'intset');
  add(0, 'set:int32', { type: 'set', members: ['1', '-70000', '2147483647'].map(B) }, 'intset');
  add(0, 'set:int64', { type: 'set', members: ['1', '9223372036854775807', '-9223372036854775808'].map(B) }, 'intset');
  add(0, 'set:strings', { type: 'set', members: ['apple', 'banana', 'cherry', '1'].map(B) }, 'hashtable');
  add(0, 'set:int-big', { type: 'set', members: Array.from({ length: 600 }, (_, i) => B(String(i * 7 - 1000))) }, 'hashtable');
  add(0, 'set:int-512', { type: 'set', members: Array.from({ length: 512 }, (_, i) => B(String(i))) }, 'intset');
  add(0, 'set:noncanon', { type: 'set', members: ['1', '01'].map(B) }, 'hashtable');
  // zsets
  add(0, 'zset:small', {
    type: 'zset',
    entries: [['a', 1], ['b', 2.5], ['c', -3], ['d', Infinity], ['e', -Infinity], ['f', 0.1], ['g', 1e300], ['h', 123456789012], ['i', 2 ** 63], ['j', -0], ['10', 10], ['k', 1]]
      .map(([m, s]) => ({ member: B(m as string), score: s as number })),
  }, 'listpack');
  add(0, 'zset:128', { type: 'zset', entries: Array.from({ length: 128 }, (_, i) => ({ member: B(`m${i}`), score: i / 4 })) }, 'listpack');
  add(0, 'zset:large', { type: 'zset', entries: Array.from({ length: 200 }, (_, i) => ({ member: B(`member:${i}`), score: Math.floor(r() * 1000) / 8 })) }, 'skiplist');
  add(0, 'zset:longmember', { type: 'zset', entries: [{ member: Buffer.alloc(65, 'm'), score: 1 }, { member: B('x'), score: 2 }] }, 'skiplist');
  // hashes
  add(0, 'hash:small', { type: 'hash', entries: [['name', 'redis'], ['version', '7'], ['n', '-42'], ['empty', ''], ['big', '123456789012']].map(([f, v]) => ({ field: B(f), value: B(v) })) }, 'listpack');
  add(0, 'hash:longvalue', { type: 'hash', entries: [{ field: B('f'), value: Buffer.alloc(65, 'v') }, { field: B('g'), value: B('1') }] }, 'hashtable');
  add(0, 'hash:large', { type: 'hash', entries: Array.from({ length: 600 }, (_, i) => ({ field: B(`field${i}`), value: B(i % 2 ? String(i) : `v${i}`) })) }, 'hashtable');
  add(0, 'hash:512', { type: 'hash', entries: Array.from({ length: 512 }, (_, i) => ({ field: B(`f${i}`), value: B(`${i}`) })) }, 'listpack');
  // streams
  add(0, 'stream:simple', streamValue(r), 'stream');
  // other dbs
  add(1, 'db1:str', str('one'), 'embstr');
  add(1, 'db1:ttl', { type: 'list', items: [B('x')] }, 'quicklist', now + 60_000);
  add(5, 'db5:hash', { type: 'hash', entries: [{ field: B('a'), value: B('b') }] }, 'listpack');
  add(15, 'db15:zset', { type: 'zset', entries: [{ member: B('z'), score: 26 }] }, 'listpack', now + 86_400_000);
  return out;
}

function streamValue(r: () => number): StreamValue {
  const entries = [];
  for (let i = 1; i <= 250; i++) {
    const fields = i % 10 === 0
      ? [{ field: B('other'), value: B(String(i)) }]
      : [{ field: B('temp'), value: B(String(Math.floor(r() * 100))) }, { field: B('hum'), value: B(`h${i}`) }];
    entries.push({ id: { ms: 1700000000000n + BigInt(i), seq: BigInt(i % 3) }, fields });
  }
  const pendingIds = [entries[0].id, entries[1].id, entries[5].id];
  return {
    type: 'stream',
    entries,
    lastId: entries[entries.length - 1].id,
    firstId: entries[0].id,
    maxDeletedId: { ms: 0n, seq: 0n },
    entriesAdded: BigInt(entries.length),
    groups: [
      { name: B('empty'), lastId: { ms: 0n, seq: 0n }, entriesRead: 0n, pending: [], consumers: [] },
      {
        name: B('grp'), lastId: entries[5].id, entriesRead: 6n,
        pending: pendingIds.map((id, k) => ({ id, deliveryTime: 1700000001000 + k, deliveryCount: k + 1, consumer: B(k === 2 ? 'bob' : 'alice') })),
        consumers: [{ name: B('alice'), seenTime: 1700000002000 }, { name: B('bob'), seenTime: 1700000003000 }, { name: B('carol'), seenTime: 1700000004000 }],
      },
    ],
  };
}

const hex = (b: Buffer): string => b.toString('hex');

/** A comparable, order-normalised rendering of a value. */
export function norm(v: RdbValue): unknown {
  switch (v.type) {
    case 'string': return { t: 'string', v: hex(v.value) };
    case 'list': return { t: 'list', v: v.items.map(hex) };
    case 'set': return { t: 'set', v: v.members.map(hex).sort() };
    case 'zset': return { t: 'zset', v: v.entries.map((e) => [hex(e.member), Object.is(e.score, -0) ? 0 : e.score] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1)) };
    case 'hash': return { t: 'hash', v: v.entries.map((e) => [hex(e.field), hex(e.value)]).sort((a, b) => (a[0] < b[0] ? -1 : 1)) };
    case 'stream': return {
      t: 'stream',
      entries: v.entries.map((e) => [`${e.id.ms}-${e.id.seq}`, e.fields.map((f) => [hex(f.field), hex(f.value)])]),
      lastId: `${v.lastId.ms}-${v.lastId.seq}`, firstId: `${v.firstId.ms}-${v.firstId.seq}`,
      maxDeletedId: `${v.maxDeletedId.ms}-${v.maxDeletedId.seq}`, entriesAdded: String(v.entriesAdded),
      groups: [...v.groups].sort((a, b) => Buffer.compare(a.name, b.name)).map((g) => ({
        name: hex(g.name), lastId: `${g.lastId.ms}-${g.lastId.seq}`, entriesRead: String(g.entriesRead),
        pending: g.pending.map((p) => [`${p.id.ms}-${p.id.seq}`, p.deliveryTime, p.deliveryCount, p.consumer ? hex(p.consumer) : null]),
        consumers: [...g.consumers].sort((a, b) => Buffer.compare(a.name, b.name)).map((c) => [hex(c.name), c.seenTime]),
      })),
    };
  }
}

export const keyId = (db: number, key: Buffer): string => `${db}:${key.toString('hex')}`;
