// Node options that mirror memcached flags (ElastiCache parameters):
// disable_flush_all (-F) differentially, error_on_memory_exhausted (-M) switched at runtime.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_MEMCACHED, RawClient, startOurs, startRealMemcached, textStep, type RealMemcached } from './harness.js';
import { binaryExchange, packet } from './binary-client.js';
import { MemcachedServer } from '../../../engines/memcached/index.js';

describe.skipIf(!HAVE_MEMCACHED)('disable_flush_all vs memcached -F', () => {
  let real: RealMemcached;
  let ours: MemcachedServer;
  beforeAll(async () => {
    real = await startRealMemcached(['-F']);
    ours = await startOurs({ disableFlushAll: true });
  });
  afterAll(async () => {
    await real?.stop();
    await ours?.close();
  });

  it('text flush_all is refused the same way', async () => {
    const out = await Promise.all([real.port, ours.port].map(async (port) => {
      const c = await RawClient.connect(port);
      try {
        const replies = [];
        for (const step of ['set a 0 0 1\r\na\r\n', 'flush_all\r\n', 'flush_all 10\r\n', 'flush_all noreply\r\n', 'get a\r\n']) {
          replies.push(await textStep(c, step));
        }
        const stats = await textStep(c, 'stats settings\r\n');
        replies.push(/STAT flush_enabled (\w+)/.exec(stats)?.[1]);
        return replies;
      } finally {
        c.close();
      }
    }));
    expect(out[1]).toEqual(out[0]);
    expect(out[0][1]).toBe('CLIENT_ERROR flush_all not allowed\r\n');
  });

  it('binary flush is refused the same way', async () => {
    const out = await Promise.all([real.port, ours.port].map(async (port) => {
      const c = await RawClient.connect(port);
      try {
        const r = await binaryExchange(c, [packet({ opcode: 0x08, opaque: 3 }), packet({ opcode: 0x18, opaque: 4 })]);
        return r.responses.map((x) => `${x.opcode} ${x.status} ${x.opaque} ${x.value.toString()}`);
      } finally {
        c.close();
      }
    }));
    expect(out[1]).toEqual(out[0]);
  });
});

describe.skipIf(!HAVE_MEMCACHED)('cas_disabled vs memcached -C', () => {
  let real: RealMemcached;
  let ours: MemcachedServer;
  beforeAll(async () => {
    real = await startRealMemcached(['-C']);
    ours = await startOurs({ casDisabled: true });
  });
  afterAll(async () => {
    await real?.stop();
    await ours?.close();
  });

  it('CAS ids read as 0, cas never matches, sizes drop the 8 CAS bytes', async () => {
    const steps = [
      'set a 1 0 3\r\nabc\r\n', 'gets a\r\n', 'cas a 0 0 1 0\r\nx\r\n', 'cas a 0 0 1 1\r\nx\r\n',
      'cas nokey 0 0 1 1\r\nx\r\n', 'mg a c v\r\n', 'ms b 2 c\r\nbb\r\n', 'ms b 2 C0\r\nbb\r\n',
      'me a\r\n', 'set n 0 0 2\r\n10\r\n', 'incr n 1\r\n', 'ma n c v\r\n', 'md a I\r\n', 'mg a c\r\n',
      'append b 0 0 1\r\nz\r\n', 'gets b\r\n',
    ];
    const out = await Promise.all([real.port, ours.port].map(async (port) => {
      const c = await RawClient.connect(port);
      try {
        const replies: string[] = [];
        for (const st of steps) replies.push((await textStep(c, st)).replace(/ la=\d+/, ' la=<la>'));
        const stats = await textStep(c, 'stats\r\n');
        replies.push(/STAT bytes (\d+)/.exec(stats)?.[1] ?? '', /STAT curr_items (\d+)/.exec(stats)?.[1] ?? '');
        const settings = await textStep(c, 'stats settings\r\n');
        replies.push(/STAT cas_enabled (\w+)/.exec(settings)?.[1] ?? '');
        return replies;
      } finally {
        c.close();
      }
    }));
    expect(out[1]).toEqual(out[0]);
    expect(out[0][1]).toBe('VALUE a 1 3 0\r\nabc\r\nEND\r\n');
    expect(out[0].join('')).not.toContain('<timeout>');
  });
});

describe('error_on_memory_exhausted', () => {
  // The refusal point itself is compared with memcached -m 2 -M in lru.diff.test.ts.
  it('refuses new items instead of evicting, and evicts again when switched off', async () => {
    const s = new MemcachedServer({ maxMemoryBytes: 2 * 1024 * 1024, errorOnMemoryExhausted: true });
    await s.listen();
    const c = await RawClient.connect(s.port);
    try {
      let req = '';
      for (let i = 0; i < 1780; i++) req += `set k${i} 0 0 1000\r\n${'x'.repeat(1000)}\r\n`;
      const replies = (await textStep(c, req, false, 20_000)).split('\r\n').filter((l) => l !== '');
      // Two 1 MiB pages of 885 chunks of 1184 bytes.
      expect(replies.filter((r) => r === 'STORED')).toHaveLength(1770);
      expect(replies[1779]).toBe('SERVER_ERROR out of memory storing object');
      expect(s.stats().evictions).toBe(0);
      expect(await textStep(c, 'get k0\r\n')).toContain('VALUE k0');
      s.applyConfig({ errorOnMemoryExhausted: false });
      expect(await textStep(c, `set new 0 0 1000\r\n${'x'.repeat(1000)}\r\n`)).toBe('STORED\r\n');
      expect(s.stats().evictions).toBe(1);
    } finally {
      c.close();
      await s.close();
    }
  });
});
