// SASL: memjs authenticates with PLAIN; unauthenticated and text clients are
// refused the way memcached -S refuses them (differential where the real
// binary can be set up with a password file; Debian's build may lack it, so
// only refusal paths are compared).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import memjs from 'memjs';
import { MemcachedServer } from '../../../engines/memcached/index.js';
import { HAVE_MEMCACHED, RawClient, startRealMemcached, textStep, type RealMemcached } from './harness.js';
import { BinaryNormalizer, binaryExchange, packet, setExtras, type BinRequest } from './binary-client.js';

const USER = 'testuser';
const PASS = 'testpass';

describe('SASL on our engine', () => {
  let server: MemcachedServer;
  beforeAll(async () => {
    server = new MemcachedServer({ sasl: { username: USER, password: PASS } });
    await server.listen();
  });
  afterAll(async () => server?.close());

  it('memjs authenticates with PLAIN and works', async () => {
    const client = memjs.Client.create(`${USER}:${PASS}@127.0.0.1:${server.port}`, { retries: 0, logger: { log: () => {} } });
    try {
      expect(await client.set('s', 'v', {})).toBe(true);
      expect((await client.get('s')).value?.toString()).toBe('v');
    } finally {
      client.close();
    }
    const stats = server.stats();
    expect(Number(stats.auth_cmds)).toBeGreaterThanOrEqual(1);
  });

  it('memjs with a wrong password fails', async () => {
    const client = memjs.Client.create(`${USER}:nope@127.0.0.1:${server.port}`, { retries: 0, logger: { log: () => {} } });
    try {
      await expect(client.get('s')).rejects.toBeTruthy();
    } finally {
      client.close();
    }
    expect(Number(server.stats().auth_errors)).toBeGreaterThanOrEqual(1);
  });

  it('after auth, the connection stays authenticated; SASL step is refused', async () => {
    const c = await RawClient.connect(server.port);
    try {
      const r = await binaryExchange(c, [
        packet({ opcode: 0x21, key: 'PLAIN', value: `\0${USER}\0${PASS}` }),
        packet({ opcode: 0x01, key: 'k', value: 'v', extras: setExtras(0, 0) }),
        packet({ opcode: 0x00, key: 'k' }),
        packet({ opcode: 0x22, key: 'PLAIN', value: 'x' }),
      ]);
      expect(r.responses.map((x) => x.status)).toEqual([0, 0, 0, 0x20]);
      expect(r.responses[0].value.toString()).toBe('Authenticated');
      expect(r.responses[2].value.toString()).toBe('v');
    } finally {
      c.close();
    }
  });
});

function saslEnv(): { env: NodeJS.ProcessEnv; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mc-sasl-'));
  fs.writeFileSync(path.join(dir, 'memcached.conf'), 'mech_list: plain\n');
  fs.writeFileSync(path.join(dir, 'pwdb'), `${USER}:${PASS}\n`);
  return { dir, env: { SASL_CONF_PATH: dir, MEMCACHED_SASL_PWDB: path.join(dir, 'pwdb') } };
}

describe.skipIf(!HAVE_MEMCACHED)('SASL refusal paths vs memcached -S', () => {
  let real: RealMemcached;
  let ours: MemcachedServer;
  let dir = '';
  beforeAll(async () => {
    const s = saslEnv();
    dir = s.dir;
    real = await startRealMemcached(['-S'], s.env);
    ours = new MemcachedServer({ version: '1.6.18', sasl: { username: USER, password: PASS } });
    await ours.listen();
  });
  afterAll(async () => {
    await real?.stop();
    await ours?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const scenarios: Record<string, { reqs: BinRequest[]; raw?: boolean }[]> = {
    'mechanisms, failed auth, version before auth': [
      { reqs: [{ opcode: 0x20 }] },
      { reqs: [{ opcode: 0x21, key: 'PLAIN', value: `\0${USER}\0wrong` }] },
      { reqs: [{ opcode: 0x21, key: 'CRAM-MD5', value: 'x' }] },
      { reqs: [{ opcode: 0x22, key: 'PLAIN', value: 'x' }] },
      { reqs: [{ opcode: 0x0b, opaque: 3 }] },
    ],
    'unauthenticated get is refused and the connection closed': [
      { reqs: [{ opcode: 0x00, key: 'a', opaque: 9 }], raw: true },
    ],
    'unauthenticated set is refused and the connection closed': [
      { reqs: [{ opcode: 0x01, key: 'a', value: 'v', extras: setExtras(0, 0) }, { opcode: 0x0b }], raw: true },
    ],
  };

  for (const [name, steps] of Object.entries(scenarios)) {
    it(name, async () => {
      const sides = await Promise.all([real.port, ours.port].map(async (port) => ({ c: await RawClient.connect(port), n: new BinaryNormalizer() })));
      try {
        for (const [i, st] of steps.entries()) {
          const out = await Promise.all(sides.map(async (s) => {
            const r = await binaryExchange(s.c, st.reqs.map(packet), st.raw);
            return [...r.responses.map((x) => s.n.render(x)), r.closed ? '<closed>' : ''].join('\n');
          }));
          expect(out[1], `${name} step ${i}`).toBe(out[0]);
        }
      } finally {
        for (const s of sides) s.c.close();
      }
    });
  }

  it('text protocol is refused', async () => {
    const out = await Promise.all([real.port, ours.port].map(async (port) => {
      const c = await RawClient.connect(port);
      try {
        // Short lines wait for a full 24-byte binary header; this one is longer.
        return await textStep(c, 'get some-key-long-enough\r\n', true);
      } finally {
        c.close();
      }
    }));
    expect(out[1]).toBe(out[0]);
    expect(out[0]).toBe('<closed>');
  });
});
