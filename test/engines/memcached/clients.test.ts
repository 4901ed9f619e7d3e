// Real clients against our engine: memjs (binary protocol), a text client,
// and an ElastiCache Auto Discovery flow over a configuration endpoint.

import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import memjs from 'memjs';
import { MemcachedServer } from '../../../engines/memcached/index.js';
import { TextClient } from './text-client.js';
import { RawClient } from './harness.js';
import { binaryExchange, packet } from './binary-client.js';

describe('memjs (binary protocol)', () => {
  let server: MemcachedServer;
  let client: memjs.Client;
  beforeAll(async () => {
    server = new MemcachedServer();
    await server.listen();
    client = memjs.Client.create(`127.0.0.1:${server.port}`, { retries: 0, logger: { log: () => {} } });
  });
  afterAll(async () => {
    client?.close();
    await server?.close();
  });

  it('sets, gets and deletes', async () => {
    expect(await client.set('k1', 'v1', {})).toBe(true);
    const r = await client.get('k1');
    expect(r.value?.toString()).toBe('v1');
    expect(await client.delete('k1')).toBe(true);
    expect((await client.get('k1')).value).toBeNull();
  });

  it('stores binary values and flags', async () => {
    const value = Buffer.from([0, 1, 2, 255, 13, 10]);
    await client.set('bin', value, {});
    const r = await client.get('bin');
    expect(Buffer.compare(r.value!, value)).toBe(0);
    expect(r.flags?.readUInt32BE(0)).toBe(0);
  });

  it('add, replace, append, prepend', async () => {
    expect(await client.add('ar', 'a', {})).toBe(true);
    expect(await client.add('ar', 'b', {})).toBe(false);
    expect(await client.replace('ar', 'c', {})).toBe(true);
    expect(await client.replace('missing', 'c', {})).toBe(false);
    expect(await client.append('ar', 'z')).toBe(true);
    expect(await client.prepend('ar', 'y')).toBe(true);
    // memjs 1.3 sends opcode 0x0e (append) for prepend too, so 'y' is appended.
    expect((await client.get('ar')).value?.toString()).toBe('czy');
  });

  it('increments and decrements', async () => {
    const a = await client.increment('ctr', 5, { initial: 10 });
    expect(a.value).toBe(10);
    const b = await client.increment('ctr', 5, {});
    expect(b.value).toBe(15);
    const c = await client.decrement('ctr', 20, {});
    expect(c.value).toBe(0);
  });

  it('touches, flushes, reports stats and version', async () => {
    await client.set('t', 'v', { expires: 100 });
    expect(await client.touch('t', 200)).toBe(true);
    const s = await new Promise<Record<string, string>>((resolve, reject) => {
      client.stats((err, _server, stats) => (err ? reject(err) : resolve(stats as Record<string, string>)));
    });
    expect(Number(s.curr_items)).toBeGreaterThan(0);
    expect(s.limit_maxbytes).toBe(String(64 * 1024 * 1024));
    expect(s.version).toBe('1.6.17');
    await client.flush();
    expect((await client.get('t')).value).toBeNull();
  });

  it('handles a 1 MiB-ish value', async () => {
    const big = Buffer.alloc(1000 * 1000, 7);
    await client.set('big', big, {});
    const r = await client.get('big');
    expect(r.value?.length).toBe(big.length);
    expect(r.value?.equals(big)).toBe(true);
  });
});

describe('text protocol client', () => {
  let server: MemcachedServer;
  beforeAll(async () => {
    server = new MemcachedServer();
    await server.listen();
  });
  afterAll(async () => server?.close());

  it('pipelines 1000 requests on one connection', async () => {
    const c = await TextClient.connect(server.port);
    try {
      const sets = Array.from({ length: 500 }, (_, i) => c.set(`p${i}`, `value-${i}`));
      expect(new Set(await Promise.all(sets))).toEqual(new Set(['STORED']));
      const gets = Array.from({ length: 500 }, (_, i) => c.get(`p${i}`, `nokey${i}`));
      const results = await Promise.all(gets);
      results.forEach((m, i) => {
        expect(m.get(`p${i}`)).toBe(`value-${i}`);
        expect(m.has(`nokey${i}`)).toBe(false);
      });
      const many = await c.get(...Array.from({ length: 500 }, (_, i) => `p${i}`));
      expect(many.size).toBe(500);
    } finally {
      c.close();
    }
  });

  it('serves many concurrent connections', async () => {
    const clients = await Promise.all(Array.from({ length: 200 }, () => TextClient.connect(server.port)));
    try {
      await Promise.all(clients.map((c, i) => c.set(`conn${i}`, String(i))));
      const got = await Promise.all(clients.map((c, i) => c.get(`conn${(i + 1) % 200}`)));
      got.forEach((m, i) => expect(m.get(`conn${(i + 1) % 200}`)).toBe(String((i + 1) % 200)));
      const stats = await clients[0].stats();
      expect(Number(stats.curr_connections)).toBeGreaterThanOrEqual(200);
    } finally {
      for (const c of clients) c.close();
    }
  });
});

describe('ElastiCache Auto Discovery', () => {
  const nodes: MemcachedServer[] = [];
  let configEndpoint: net.Server;
  let configPort = 0;

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) {
      const n = new MemcachedServer({ version: '1.6.22' });
      await n.listen();
      nodes.push(n);
    }
    const cfg = {
      version: 1,
      nodes: nodes.map((n, i) => ({ host: `mycluster.abc123.000${i + 1}.use1.cache.amazonaws.com`, ip: '127.0.0.1', port: n.port })),
    };
    for (const n of nodes) n.setClusterConfig(cfg);
    // The configuration endpoint is a listener that hands sockets to a node.
    let next = 0;
    configEndpoint = net.createServer((socket) => nodes[next++ % nodes.length].handleConnection(socket));
    await new Promise<void>((resolve) => configEndpoint.listen(0, '127.0.0.1', () => resolve()));
    configPort = (configEndpoint.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => configEndpoint?.close(() => resolve()));
    await Promise.all(nodes.map((n) => n.close()));
  });

  it('answers config get cluster in ElastiCache format with an exact byte count', async () => {
    const c = await TextClient.connect(configPort);
    try {
      const raw = await new Promise<string>((resolve, reject) => {
        const s = net.connect(configPort, '127.0.0.1', () => s.write('config get cluster\r\n'));
        let out = '';
        s.setEncoding('latin1');
        s.on('data', (d: string) => {
          out += d;
          if (out.endsWith('END\r\n')) { s.destroy(); resolve(out); }
        });
        s.on('error', reject);
        setTimeout(() => { s.destroy(); reject(new Error('timeout')); }, 2000);
      });
      const m = /^CONFIG cluster 0 (\d+)\r\n([\s\S]*)\r\nEND\r\n$/.exec(raw);
      expect(m).not.toBeNull();
      expect(Buffer.byteLength(m![2], 'latin1')).toBe(Number(m![1]));
      expect(m![2]).toMatch(/^1\n\S+\|127\.0\.0\.1\|\d+ \S+\|127\.0\.0\.1\|\d+ \S+\|127\.0\.0\.1\|\d+\n$/);
      const cfg = await c.configGetCluster();
      expect(cfg.version).toBe(1);
      expect(cfg.nodes.map((n) => n.port)).toEqual(nodes.map((n) => n.port));
    } finally {
      c.close();
    }
  });

  it('answers the legacy get AmazonElastiCache:cluster form', async () => {
    const c = await TextClient.connect(nodes[1].port);
    try {
      const v = await c.get('AmazonElastiCache:cluster');
      expect(v.get('AmazonElastiCache:cluster')).toMatch(/^1\n.*\|127\.0\.0\.1\|\d+\n$/);
    } finally {
      c.close();
    }
  });

  it('discovers nodes, spreads keys across them, and sees a new config version', async () => {
    const discover = await TextClient.connect(configPort);
    const cfg = await discover.configGetCluster();
    discover.close();
    const conns = await Promise.all(cfg.nodes.map((n) => TextClient.connect(n.port, n.ip)));
    try {
      const pick = (key: string) => [...key].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7) % conns.length;
      for (let i = 0; i < 60; i++) expect(await conns[pick(`key${i}`)].set(`key${i}`, `v${i}`)).toBe('STORED');
      for (let i = 0; i < 60; i++) expect((await conns[pick(`key${i}`)].get(`key${i}`)).get(`key${i}`)).toBe(`v${i}`);
      for (const n of nodes) expect(Number(n.stats().curr_items)).toBeGreaterThan(0);
      const shrunk = { version: 2, nodes: cfg.nodes.slice(0, 2) };
      for (const n of nodes) n.setClusterConfig(shrunk);
      const again = await TextClient.connect(configPort);
      const cfg2 = await again.configGetCluster();
      again.close();
      expect(cfg2.version).toBe(2);
      expect(cfg2.nodes).toHaveLength(2);
    } finally {
      for (const c of conns) c.close();
    }
  });

  it('answers the binary config get (opcode 0x60) the ElastiCache cluster clients send', async () => {
    const c = await RawClient.connect(configPort);
    try {
      const r = await binaryExchange(c, [packet({ opcode: 0x60, key: 'cluster', opaque: 42 })]);
      expect(r.responses).toHaveLength(1);
      const [resp] = r.responses;
      expect(resp.status).toBe(0);
      expect(resp.opaque).toBe(42);
      expect(resp.extras.readUInt32BE(0)).toBe(0);
      expect(resp.value.toString()).toMatch(/^\d+\n(\S+\|127\.0\.0\.1\|\d+ ?)+\n$/);
    } finally {
      c.close();
    }
  });

  it('a node without a cluster config treats the commands like memcached', async () => {
    const plain = new MemcachedServer();
    await plain.listen();
    const c = await TextClient.connect(plain.port);
    try {
      expect(await c.command('config get cluster')).toBe('ERROR');
      expect((await c.get('AmazonElastiCache:cluster')).size).toBe(0);
    } finally {
      c.close();
      await plain.close();
    }
  });
});
