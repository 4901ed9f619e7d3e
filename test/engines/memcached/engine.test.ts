// Our engine alone: framing under partial reads and disconnects, output
// batching, memory limit and LRU eviction, CAS uniqueness, and the public
// API used by the control plane.

import net from 'node:net';
import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemcachedServer } from '../../../engines/memcached/index.js';
import { RawClient, textStep } from './harness.js';
import { refreshClock } from '../../../engines/memcached/store.js';
import { TextClient } from './text-client.js';

const servers: MemcachedServer[] = [];
async function start(opts: ConstructorParameters<typeof MemcachedServer>[0] = {}): Promise<MemcachedServer> {
  const s = new MemcachedServer(opts);
  await s.listen();
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('framing', () => {
  it('accepts a command and value sent one byte at a time', async () => {
    const s = await start();
    const c = await RawClient.connect(s.port);
    try {
      const msg = 'set k 0 0 10\r\n0123456789\r\nget k\r\n';
      for (const ch of msg) {
        c.write(ch);
        await sleep(1);
      }
      const { data } = await c.readUntil((b) => b.toString().endsWith('END\r\n'));
      expect(data.toString()).toBe('STORED\r\nVALUE k 0 10\r\n0123456789\r\nEND\r\n');
    } finally {
      c.close();
    }
  });

  it('a 100 kB multiget line arriving in small pieces is served; other long lines close', async () => {
    const s = await start();
    const c = await RawClient.connect(s.port);
    const d = await RawClient.connect(s.port);
    try {
      await textStep(c, 'set k1 0 0 1\r\n1\r\n');
      const keys = Array.from({ length: 10_000 }, (_, i) => `k${i}`).join(' ');
      const line = `get ${keys}\r\n`;
      c.write('g');
      await sleep(10);
      for (let i = 1; i < line.length; i += 1500) {
        c.write(line.slice(i, i + 1500));
        if (i % 15000 === 1) await sleep(1);
      }
      const { data } = await c.readUntil((b) => b.toString().endsWith('END\r\n'));
      expect(data.toString()).toBe('VALUE k1 0 1\r\n1\r\nEND\r\n');
      d.write('s');
      await sleep(10);
      d.write('et ' + 'x'.repeat(3000));
      await d.readUntil(() => false, 300);
      expect(d.closed).toBe(true);
    } finally {
      c.close();
      d.close();
    }
  });

  it('binary packets split across reads', async () => {
    const s = await start();
    const c = await RawClient.connect(s.port);
    try {
      const key = Buffer.from('bk');
      const value = Buffer.alloc(100_000, 1);
      const h = Buffer.alloc(24);
      h[0] = 0x80; h[1] = 0x01; h.writeUInt16BE(2, 2); h[4] = 8; h.writeUInt32BE(8 + 2 + value.length, 8);
      const pkt = Buffer.concat([h, Buffer.alloc(8), key, value]);
      for (let i = 0; i < pkt.length; i += 997) {
        c.write(pkt.subarray(i, i + 997));
        if (i % 20 === 0) await sleep(0);
      }
      const { data } = await c.readUntil((b) => b.length >= 24);
      expect(data[0]).toBe(0x81);
      expect(data.readUInt16BE(6)).toBe(0);
      expect(s.stats().curr_items).toBe(1);
    } finally {
      c.close();
    }
  });

  it('a near-1 MiB value in 1 KiB writes is assembled without quadratic copying', async () => {
    const s = await start();
    const c = await RawClient.connect(s.port);
    try {
      const size = 1_000_000;
      const concat = Buffer.concat;
      let copied = 0;
      Buffer.concat = ((list: readonly Uint8Array[], total?: number) => {
        const out = concat(list, total);
        copied += out.length;
        return out;
      }) as typeof Buffer.concat;
      try {
        c.write(`set big 0 0 ${size}\r\n`);
        const chunk = 'x'.repeat(1024);
        for (let sent = 0; sent < size; sent += 1024) {
          c.write(chunk.slice(0, Math.min(1024, size - sent)));
          if (sent % (64 * 1024) === 0) await sleep(1);
        }
        c.write('\r\n');
        const { data } = await c.readUntil((b) => b.includes('\r\n'), 5000);
        expect(data.toString()).toBe('STORED\r\n');
      } finally {
        Buffer.concat = concat;
      }
      // One join of the body (plus small line joins), not one per read.
      expect(copied).toBeLessThan(3 * size);
      const got = await textStep(c, 'get big\r\n');
      expect(got.length).toBe(`VALUE big 0 ${size}\r\n`.length + size + 2 + 5);
    } finally {
      c.close();
    }
  });

  it('a client disconnecting mid-value leaves no item and no connection behind', async () => {
    const s = await start();
    const t = await TextClient.connect(s.port);
    try {
      expect(await t.set('half', 'old')).toBe('STORED');
      const c = await RawClient.connect(s.port);
      c.write('set half 0 0 100000\r\n' + 'y'.repeat(50_000));
      await sleep(50);
      c.close();
      await sleep(50);
      expect((await t.get('half')).get('half')).toBe('old');
      const stats = await t.stats();
      expect(stats.curr_connections).toBe('1');
      expect(stats.curr_items).toBe('1');
      expect(await t.set('after', 'ok')).toBe('STORED');
    } finally {
      t.close();
    }
  });

  it('sends one socket write per batch of pipelined replies (data-event fallback)', async () => {
    const node = new MemcachedServer();
    servers.push(node);
    let writes = 0;
    let reads = 0;
    const fds = new Set<number>();
    const writeSync = vi.spyOn(fs, 'writeSync');
    const listener = net.createServer((socket) => {
      const write = socket.write.bind(socket);
      socket.write = ((...args: Parameters<typeof socket.write>) => { writes++; return write(...args); }) as typeof socket.write;
      // A 'data' listener before the handover: the connection must fall back to 'data' events.
      socket.on('data', () => { reads++; });
      fds.add((socket as unknown as { _handle: { fd: number } })._handle.fd);
      node.handleConnection(socket);
    });
    await new Promise<void>((r) => listener.listen(0, '127.0.0.1', () => r()));
    const port = (listener.address() as net.AddressInfo).port;
    const c = await RawClient.connect(port);
    try {
      let batch = 'set a 0 0 1\r\n1\r\n';
      for (let i = 0; i < 100; i++) batch += 'get a\r\n';
      c.write(batch);
      const { data } = await c.readUntil((b) => b.toString().split('END\r\n').length === 101);
      expect(data.toString().split('END\r\n').length).toBe(101);
      writes += writeSync.mock.calls.filter((call) => fds.has(call[0])).length;
      expect(reads).toBeGreaterThan(0);
      expect(writes).toBe(reads);
      expect(writes).toBeLessThan(5);
    } finally {
      writeSync.mockRestore();
      c.close();
      await new Promise<void>((r) => listener.close(() => r()));
    }
  });

  it('replies to a pipelined batch with direct writes, one per read (shared read buffer)', async () => {
    const node = new MemcachedServer();
    servers.push(node);
    let streamWrites = 0;
    const fds = new Set<number>();
    const writeSync = vi.spyOn(fs, 'writeSync');
    const listener = net.createServer((socket) => {
      const write = socket.write.bind(socket);
      socket.write = ((...args: Parameters<typeof socket.write>) => { streamWrites++; return write(...args); }) as typeof socket.write;
      fds.add((socket as unknown as { _handle: { fd: number } })._handle.fd);
      node.handleConnection(socket);
    });
    await new Promise<void>((r) => listener.listen(0, '127.0.0.1', () => r()));
    const port = (listener.address() as net.AddressInfo).port;
    const c = await RawClient.connect(port);
    try {
      let batch = 'set a 0 0 1\r\n1\r\n';
      for (let i = 0; i < 100; i++) batch += 'get a\r\n';
      c.write(batch);
      const { data } = await c.readUntil((b) => b.toString().split('END\r\n').length === 101);
      expect(data.toString()).toBe('STORED\r\n' + 'VALUE a 0 1\r\n1\r\nEND\r\n'.repeat(100));
      const direct = writeSync.mock.calls.filter((call) => fds.has(call[0])).length;
      // 708 bytes sent at once arrive in one read on loopback (rarely two).
      expect(direct).toBeGreaterThanOrEqual(1);
      expect(direct).toBeLessThan(3);
      expect(streamWrites).toBe(0);
    } finally {
      writeSync.mockRestore();
      c.close();
      await new Promise<void>((r) => listener.close(() => r()));
    }
  });

  it('serves sockets handed over paused (pauseOnConnect) or already read from', async () => {
    const node = new MemcachedServer();
    servers.push(node);
    const paused = net.createServer({ pauseOnConnect: true }, (socket) => node.handleConnection(socket));
    // A listener that peeks at the first bytes before handing the socket over.
    const peeked = net.createServer((socket) => {
      socket.once('data', (first) => {
        socket.pause();
        socket.unshift(first);
        node.handleConnection(socket);
      });
    });
    const listeners = [paused, peeked];
    await Promise.all(listeners.map((l) => new Promise<void>((r) => l.listen(0, '127.0.0.1', () => r()))));
    try {
      for (const l of listeners) {
        const c = await RawClient.connect((l.address() as net.AddressInfo).port);
        try {
          c.write('set h 0 0 2\r\nhi\r\nget h\r\n');
          const { data } = await c.readUntil((b) => b.toString().endsWith('END\r\n'));
          expect(data.toString()).toBe('STORED\r\nVALUE h 0 2\r\nhi\r\nEND\r\n');
        } finally {
          c.close();
        }
      }
    } finally {
      await Promise.all(listeners.map((l) => new Promise<void>((r) => l.close(() => r()))));
    }
  });

  it('partial commands of interleaved clients survive other reads into the shared buffer', async () => {
    const s = await start();
    const clients = await Promise.all([0, 1, 2].map(() => RawClient.connect(s.port)));
    try {
      const bodies = ['a'.repeat(3000), 'b'.repeat(3000), 'c'.repeat(3000)];
      const msgs = clients.map((_, i) => Buffer.from(`set key${i} ${i} 0 3000\r\n${bodies[i]}\r\nget key${i}\r\nmn\r\n`, 'latin1'));
      // Every client's message is cut at the same offsets, and the pieces interleave:
      // each read of one client overwrites what the others left unprocessed.
      const cuts = [3, 9, 17, 22, 1500, 3020, 3022, 3026, 3030];
      // Client i's cuts are shifted by i bytes, so the pieces end at different places.
      const cutsOf = (i: number) => [0, ...cuts.map((x) => x + i), msgs[i].length];
      for (let k = 0; k <= cuts.length; k++) {
        for (let i = 0; i < clients.length; i++) clients[i].write(msgs[i].subarray(cutsOf(i)[k], cutsOf(i)[k + 1]));
        await sleep(5);
      }
      for (let i = 0; i < clients.length; i++) {
        const { data } = await clients[i].readUntil((b) => b.toString().endsWith('MN\r\n'));
        expect(data.toString()).toBe(`STORED\r\nVALUE key${i} ${i} 3000\r\n${bodies[i]}\r\nEND\r\nMN\r\n`);
      }
    } finally {
      for (const c of clients) c.close();
    }
  });

  it('a client that does not read its replies does not grow the server without bound', async () => {
    const s = await start();
    const t = await TextClient.connect(s.port);
    await t.set('v', 'x'.repeat(100_000));
    const c = await RawClient.connect(s.port);
    try {
      c.socket.pause();
      const req = 'get v\r\n'.repeat(1000);
      for (let i = 0; i < 20; i++) c.write(req);
      await sleep(200);
      // Paused reading: the server stops consuming input once its socket buffer is full
      // (20,000 gets of 100 kB would otherwise be 2 GB of replies).
      expect(await t.command('version')).toBe('VERSION 1.6.17');
      expect(Number((await t.stats()).bytes_written)).toBeLessThan(50_000_000);
    } finally {
      c.close();
      t.close();
    }
  });
});

describe('memory limit and LRU', () => {
  it('the LRU crawler reclaims expired items on its schedule (first crawl 65 s after start)', async () => {
    const s = await start();
    const c = await RawClient.connect(s.port);
    try {
      let req = '';
      for (let i = 0; i < 50; i++) req += `set t${i} 0 1 1 noreply\r\nx\r\n`;
      for (let i = 0; i < 10; i++) req += `set p${i} 0 0 1 noreply\r\nx\r\n`;
      await textStep(c, req, false, 20_000);
      const now = refreshClock();
      const crawler = s.store.maintainer.crawler;
      expect(s.stats().lru_crawler_starts).toBe(1);
      crawler.check(now + 30); // not due yet
      expect(s.stats().crawler_items_checked).toBe(0);
      crawler.check(now + 66);
      const st = s.stats();
      expect(st.lru_crawler_starts).toBe(2);
      expect(st.crawler_reclaimed).toBe(50);
      expect(st.crawler_items_checked).toBe(60);
      expect(st.expired_unfetched).toBe(50);
      expect(st.curr_items).toBe(10);
      expect(await textStep(c, 'stats items\r\n')).toContain('STAT items:1:crawler_reclaimed 50\r\n');
    } finally {
      c.close();
    }
  });

  it('stats items reports the HOT/WARM/COLD segments the maintainer moves items between', async () => {
    const s = await start();
    const c = await RawClient.connect(s.port);
    try {
      let req = '';
      for (let i = 0; i < 100; i++) req += `set k${i} 0 0 1 noreply\r\nx\r\n`;
      // Fetched twice: ACTIVE.
      req += 'get k0\r\nget k0\r\n';
      await textStep(c, req, false, 20_000);
      s.store.maintainer.run();
      const items = await textStep(c, 'stats items\r\n');
      // HOT is cut to 20% of the class's bytes (or emptied when its items are
      // already a second older than COLD's age allows); the active item went to WARM.
      expect(items).toContain('STAT items:1:number 100\r\n');
      const hot = Number(/STAT items:1:number_hot (\d+)/.exec(items)?.[1]);
      // (keys k0-k9 are a byte shorter than k10-k99, so the cut is near 20 items)
      expect(hot === 0 || (hot >= 18 && hot <= 20), String(hot)).toBe(true);
      expect(items).toContain(`STAT items:1:number_cold ${99 - hot}\r\n`);
      expect(items).toContain('STAT items:1:number_warm 1\r\n');
      expect(items).toContain('STAT items:1:moves_to_warm 1\r\n');
      const st = s.stats();
      expect(Number(st.moves_to_cold)).toBeGreaterThanOrEqual(79);
      expect(st.lru_maintainer_juggles).toBeGreaterThanOrEqual(1);
    } finally {
      c.close();
    }
  });

  it('evicts from the COLD tail of the class once its pages are used, and reports the counters', async () => {
    const limit = 2 * 1024 * 1024;
    const s = await start({ maxMemoryBytes: limit });
    const c = await RawClient.connect(s.port);
    try {
      // 100-byte values: 166-byte items in class 4 (192-byte chunks, 5461 per page, 2 pages).
      const value = 'v'.repeat(100);
      let req = '';
      for (let i = 0; i < 15000; i++) {
        req += `set key${String(i).padStart(5, '0')} 0 0 100 noreply\r\n${value}\r\n`;
        // Fetched twice: ACTIVE, so it moves to WARM instead of being evicted.
        if (i === 0) req += 'get key00000\r\nget key00000\r\n';
      }
      await textStep(c, req, false, 20_000);
      const st = s.stats();
      expect(st.curr_items).toBe(2 * 5461);
      expect(st.evictions).toBe(15000 - 2 * 5461);
      expect(st.evicted_unfetched).toBe(15000 - 2 * 5461);
      expect(st.limit_maxbytes).toBe(limit);
      expect(st.total_items).toBe(15000);
      expect(await textStep(c, 'mg key00000 v\r\n')).toBe(`VA 100\r\n${value}\r\n`);
      expect(await textStep(c, 'mg key00001\r\n')).toBe('EN\r\n');
      expect(await textStep(c, 'mg key14999\r\n')).toBe('HD\r\n');
      const slabs = await textStep(c, 'stats slabs\r\n');
      expect(slabs).toContain('STAT 4:total_pages 2\r\n');
      expect(slabs).toContain(`STAT 4:used_chunks ${2 * 5461}\r\n`);
      expect(slabs).toContain(`STAT total_malloced ${limit}\r\n`);
      // bytes uses memcached's item size: 48 header + 8 cas + key + 1 + value + 2
      let sum = 0;
      for (const it of s.store.table.slots()) sum += 59 + s.store.keyOf(it).length + s.store.valueOf(it).length;
      expect(Number(st.bytes)).toBe(sum);
    } finally {
      c.close();
    }
  });

  it('answers SERVER_ERROR out of memory storing object when an item cannot fit at all', async () => {
    const s = await start({ maxMemoryBytes: 10_000 });
    const c = await RawClient.connect(s.port);
    try {
      const reply = await textStep(c, `set huge 0 0 20000\r\n${'x'.repeat(20000)}\r\n`);
      expect(reply).toBe('SERVER_ERROR out of memory storing object\r\n');
      expect(s.stats().store_no_memory).toBe(1);
    } finally {
      c.close();
    }
  });

  it('CAS ids are unique across connections', async () => {
    const s = await start();
    const clients = await Promise.all(Array.from({ length: 20 }, () => RawClient.connect(s.port)));
    try {
      const replies = await Promise.all(clients.map((c, i) => textStep(c, `ms k${i % 3} 1 c\r\nx\r\nms j${i} 1 c\r\ny\r\n`)));
      const cas = replies.flatMap((r) => [...r.matchAll(/c(\d+)/g)].map((m) => m[1]));
      expect(cas).toHaveLength(40);
      expect(new Set(cas).size).toBe(40);
    } finally {
      for (const c of clients) c.close();
    }
  });
});

describe('meta flags of newer engine versions', () => {
  it('1.6.22 returns ms sizes and vivifies on append misses; 1.6.17 ignores both', async () => {
    const newer = await start({ version: '1.6.22' });
    const older = await start({ version: '1.6.17' });
    const cn = await RawClient.connect(newer.port);
    const co = await RawClient.connect(older.port);
    try {
      expect(await textStep(cn, 'ms k 3 MA N30 s\r\nabc\r\n')).toBe('HD s3\r\n');
      expect(await textStep(cn, 'ms k 2 MA s c\r\nde\r\n')).toMatch(/^HD s5 c\d+\r\n$/);
      expect(await textStep(cn, 'mg k v t\r\n')).toMatch(/^VA 5 t(29|30)\r\nabcde\r\n$/);
      expect(await textStep(cn, 'ms k 1 MR s\r\nz\r\n')).toBe('HD s1\r\n');
      expect(await textStep(co, 'ms k 3 MA N30 s\r\nabc\r\n')).toBe('NS\r\n');
      expect(await textStep(co, 'ms k 3 s\r\nabc\r\n')).toBe('HD\r\n');
    } finally {
      cn.close();
      co.close();
    }
  });
});

describe('public API', () => {
  it('listen on port 0, stats(), flush(), applyConfig()', async () => {
    const s = await start({ version: '1.6.22', maxItemSize: 4096 });
    expect(s.port).toBeGreaterThan(0);
    const t = await TextClient.connect(s.port);
    try {
      expect(await t.command('version')).toBe('VERSION 1.6.22');
      expect(await t.set('a', 'x'.repeat(3000))).toBe('STORED');
      expect(await t.set('b', 'x'.repeat(5000))).toBe('SERVER_ERROR object too large for cache');
      s.applyConfig({ maxItemSize: 8192 });
      expect(await t.set('b', 'x'.repeat(5000))).toBe('STORED');
      const st = s.stats();
      expect(st.curr_items).toBe(2);
      expect(st.cmd_set).toBe(2);
      expect(st.version).toBe('1.6.22');
      expect(st.curr_connections).toBe(1);
      s.flush();
      expect(s.stats().curr_items).toBe(0);
      expect((await t.get('a')).size).toBe(0);
      // A lower limit keeps the pages already taken; it stops classes from
      // growing past their first page (memcached's slabs_adjust_mem_limit).
      s.applyConfig({ maxMemoryBytes: 1000 });
      const rc = await RawClient.connect(s.port);
      let req = '';
      for (let i = 0; i < 1400; i++) req += `set k${i} 0 0 600 noreply\r\n${'x'.repeat(600)}\r\n`;
      expect(await textStep(rc, req, false, 20_000)).toBe('');
      rc.close();
      // 661-664 byte items: class 10, 752-byte chunks, 1394 per page.
      expect(s.stats().curr_items).toBe(1394);
      expect(s.stats().evictions).toBe(6);
      expect(s.stats().limit_maxbytes).toBe(1000);
    } finally {
      t.close();
    }
  });

  it('close() ends connections gracefully and stops listening', async () => {
    const s = new MemcachedServer();
    await s.listen();
    const c = await RawClient.connect(s.port);
    c.write('version\r\n');
    await c.readUntil((b) => b.includes('\n'));
    await s.close();
    await c.readUntil(() => false, 500);
    expect(c.closed).toBe(true);
    await expect(RawClient.connect(s.port, 500)).rejects.toBeTruthy();
  });

  it('crash() drops every socket at once', async () => {
    const s = new MemcachedServer();
    await s.listen();
    const clients = await Promise.all(Array.from({ length: 5 }, () => RawClient.connect(s.port)));
    s.crash();
    await Promise.all(clients.map((c) => c.readUntil(() => false, 500)));
    expect(clients.every((c) => c.closed)).toBe(true);
    await expect(RawClient.connect(s.port, 500)).rejects.toBeTruthy();
  });

  it('refuses connections beyond maxConnections and counts them', async () => {
    const s = await start({ maxConnections: 2 });
    const a = await RawClient.connect(s.port);
    const b = await RawClient.connect(s.port);
    const c = await RawClient.connect(s.port);
    try {
      await c.readUntil(() => false, 300);
      expect(c.closed).toBe(true);
      expect(await textStep(a, 'version\r\n')).toBe('VERSION 1.6.17\r\n');
      expect(s.stats().rejected_connections).toBe(1);
      expect(s.stats().curr_connections).toBe(2);
    } finally {
      a.close();
      b.close();
      c.close();
    }
  });

  it('stats groups render over text', async () => {
    const s = await start();
    const c = await RawClient.connect(s.port);
    try {
      await textStep(c, 'set a 1 0 1\r\nx\r\n');
      for (const g of ['', ' settings', ' items', ' slabs', ' sizes', ' conns']) {
        const r = await textStep(c, `stats${g}\r\n`);
        expect(r).toMatch(/^(STAT \S+ [^\r\n]*\r\n)+END\r\n$/);
      }
      expect(await textStep(c, 'stats slabs\r\n')).toContain('STAT 1:chunk_size 96');
      expect(await textStep(c, 'stats items\r\n')).toContain('STAT items:1:number 1');
    } finally {
      c.close();
    }
  });
});
