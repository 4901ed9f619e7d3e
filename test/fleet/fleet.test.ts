import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Clock } from '../../src/clock.js';
import { defaultConfig, type EmulatorConfig } from '../../src/config.js';
import { Fleet, type ClusterSpec } from '../../src/fleet/fleet.js';
import { PortRegistry } from '../../src/fleet/ports.js';
import { Store } from '../../src/store/db.js';
import { configGetCluster, freePort, isListening, rawExchange } from '../e2e/helpers.js';

const scope = { account: '000000000000', region: 'us-east-1' };
const opened: { fleet: Fleet; store: Store }[] = [];

function newFleet(config: Partial<EmulatorConfig> = {}, store = new Store(':memory:')) {
  const fleet = new Fleet({ store, config: { ...defaultConfig, ...config }, clock: new Clock() });
  opened.push({ fleet, store });
  return { fleet, store };
}

afterEach(async () => {
  for (const { fleet } of opened.splice(0)) await fleet.stopAll();
});

const spec = (clusterId: string, over: Partial<ClusterSpec> = {}): ClusterSpec => ({
  clusterId,
  engine: 'redis',
  engineVersion: '7.1',
  memoryBytes: 64 * 1024 * 1024,
  parameters: {},
  nodeIds: ['0001'],
  configEndpoint: false,
  discoveryVersion: 1,
  ...over,
});

describe('PortRegistry', () => {
  it('allocates within a range, skipping ports on record and ports in use, and remembers them', async () => {
    const store = new Store(':memory:');
    const base = await freePort();
    const range: [number, number] = [base, base + 20];
    const registry = new PortRegistry(store, range);
    const listeners: net.Server[] = [];
    const binder = (port: number) =>
      new Promise<number>((resolve, reject) => {
        const server = net.createServer();
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          listeners.push(server);
          resolve((server.address() as net.AddressInfo).port);
        });
      });
    try {
      const a = await registry.bind('a', undefined, binder);
      const b = await registry.bind('b', undefined, binder);
      expect(a).toBeGreaterThanOrEqual(base);
      expect(b).toBeLessThanOrEqual(base + 20);
      expect(a).not.toBe(b);
      expect(registry.persisted('a')).toBe(a);
      registry.release('a');
      expect(registry.persisted('a')).toBeUndefined();
      registry.releaseAll('b');
      expect(registry.persisted('b')).toBeUndefined();
    } finally {
      for (const l of listeners) l.close();
      store.close();
    }
  });
});

describe('Fleet', () => {
  it('starts nodes in the configured port range and stops them on delete', async () => {
    const base = await freePort();
    const { fleet } = newFleet({ nodePortRange: [base, base + 50] });
    const ports = await fleet.startCluster(scope, spec('r1'));
    const port = ports.nodes['0001']!;
    expect(port).toBeGreaterThanOrEqual(base);
    expect(port).toBeLessThanOrEqual(base + 50);
    expect(await rawExchange(port, 'PING\r\n', (r) => r.endsWith('\r\n'))).toBe('+PONG\r\n');
    await fleet.deleteCluster(scope, 'r1');
    expect(await isListening(port)).toBe(false);
    expect(fleet.portsFor(scope, 'r1')).toBeUndefined();
  });

  it('kills and restarts a node on its port (fault injection)', async () => {
    const { fleet } = newFleet();
    const ports = await fleet.startCluster(scope, spec('r2'));
    const port = ports.nodes['0001']!;
    await rawExchange(port, 'SET a b\r\n', (r) => r.endsWith('\r\n'));
    fleet.killNode(scope, 'r2', '0001');
    expect(fleet.isNodeRunning(scope, 'r2', '0001')).toBe(false);
    expect(await isListening(port)).toBe(false);
    await fleet.restartNode(scope, 'r2', '0001');
    expect(fleet.isNodeRunning(scope, 'r2', '0001')).toBe(true);
    expect(await rawExchange(port, 'GET a\r\n', (r) => r.endsWith('\r\n'))).toBe('$-1\r\n');
  });

  it('the configuration endpoint skips a killed node', async () => {
    const { fleet } = newFleet();
    const ports = await fleet.startCluster(
      scope,
      spec('m1', { engine: 'memcached', engineVersion: '1.6.22', nodeIds: ['0001', '0002'], configEndpoint: true }),
    );
    fleet.killNode(scope, 'm1', '0001');
    for (let i = 0; i < 3; i++) {
      const discovery = await configGetCluster(ports.configPort!);
      expect(discovery.nodes).toHaveLength(2);
    }
    fleet.killNode(scope, 'm1', '0002');
    await expect(configGetCluster(ports.configPort!)).rejects.toThrow();
  });

  it('restore() starts stored clusters again on their persisted ports', async () => {
    const store = new Store(':memory:');
    const first = newFleet({}, store).fleet;
    const ports = await first.startCluster(scope, spec('r3', { password: 'secret-token-123456' }));
    await first.stopAll();
    expect(await isListening(ports.nodes['0001']!)).toBe(false);
    const second = newFleet({}, store).fleet;
    await second.restore();
    expect(second.portsFor(scope, 'r3')).toEqual(ports);
    expect(await rawExchange(ports.nodes['0001']!, 'PING\r\n', (r) => r.endsWith('\r\n'))).toMatch(/^-NOAUTH/);
  });
});
