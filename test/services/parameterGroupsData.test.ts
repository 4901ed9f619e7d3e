import { describe, expect, it } from 'vitest';
import { allFamilies, defaultParameterGroupSpecs, familyDefaults } from '../../src/catalog/parameterFamilies.js';
import { checkParameterValue } from '../../src/catalog/parameterValues.js';
import { p } from '../../src/catalog/parameterTypes.js';

const names = (family: string) => familyDefaults(family)!.parameters.map((d) => d.name);

describe('parameter catalog data', () => {
  it('has every family AWS documents', () => {
    expect(allFamilies()).toEqual([
      'memcached1.4',
      'memcached1.5',
      'memcached1.6',
      'redis2.6',
      'redis2.8',
      'redis3.2',
      'redis4.0',
      'redis5.0',
      'redis6.x',
      'redis7',
      'valkey7',
      'valkey8',
    ]);
  });

  it.each(allFamilies())('%s: unique names, and every default value is valid for its own AllowedValues', (family) => {
    const defs = familyDefaults(family)!.parameters;
    expect(defs.length).toBeGreaterThan(15);
    expect(new Set(defs.map((d) => d.name)).size).toBe(defs.length);
    for (const def of defs) {
      if (def.value === undefined) continue;
      expect(checkParameterValue(def, def.value), `${family} ${def.name}=${def.value}`).toBeUndefined();
    }
  });

  it('uses the "slave" names before 5.0 and the "replica" names from 5.0', () => {
    expect(names('redis4.0')).toContain('min-slaves-to-write');
    expect(names('redis4.0')).not.toContain('min-replicas-to-write');
    expect(names('redis2.8')).toContain('close-on-slave-write');
    expect(names('redis5.0')).toContain('min-replicas-to-write');
    expect(names('redis5.0')).toContain('close-on-replica-write');
    expect(familyDefaults('redis4.0')!.nodeTypeSpecific.map((d) => d.name)).toContain('client-output-buffer-limit-slave-hard-limit');
    expect(familyDefaults('redis7')!.nodeTypeSpecific.map((d) => d.name)).toContain('client-output-buffer-limit-replica-hard-limit');
  });

  it('follows the per-release changes of the user guide', () => {
    expect(names('redis2.6')).not.toContain('notify-keyspace-events');
    expect(names('redis2.8')).toContain('notify-keyspace-events');
    expect(names('redis2.8')).toContain('list-max-ziplist-entries');
    expect(names('redis3.2')).toContain('list-max-ziplist-size');
    expect(names('redis3.2')).toContain('cluster-enabled');
    expect(names('redis3.2')).not.toContain('lfu-log-factor');
    expect(names('redis4.0')).toContain('lfu-log-factor');
    expect(names('redis4.0')).not.toContain('stream-node-max-bytes');
    expect(names('redis5.0')).toContain('stream-node-max-bytes');
    expect(names('redis5.0')).toContain('lua-replicate-commands');
    expect(names('redis6.x')).not.toContain('lua-replicate-commands');
    expect(names('redis6.x')).toContain('acl-pubsub-default');
    expect(names('redis6.x')).toContain('tracking-table-max-keys');
    expect(names('redis7')).toContain('hash-max-listpack-entries');
    expect(names('redis7')).not.toContain('hash-max-ziplist-entries');
    expect(names('valkey8')).toEqual(names('redis7'));
    const policy = (f: string) => familyDefaults(f)!.parameters.find((d) => d.name === 'maxmemory-policy')!;
    expect(policy('redis3.2').allowedValues).not.toContain('lfu');
    expect(policy('redis4.0').allowedValues).toContain('allkeys-lfu');
    expect(familyDefaults('redis6.x')!.parameters.find((d) => d.name === 'acl-pubsub-default')!.minimumEngineVersion).toBe('6.2.0');
    expect(familyDefaults('redis2.8')!.parameters.find((d) => d.name === 'tcp-keepalive')!.value).toBe('0');
    expect(familyDefaults('redis3.2')!.parameters.find((d) => d.name === 'tcp-keepalive')!.value).toBe('300');
  });

  it('memcached 1.5 drops modern and expirezero_does_not_evict, adds no_modern', () => {
    expect(names('memcached1.4')).toContain('modern');
    expect(names('memcached1.4')).toContain('expirezero_does_not_evict');
    expect(names('memcached1.5')).not.toContain('modern');
    expect(names('memcached1.5')).toContain('no_modern');
    expect(names('memcached1.6')).toEqual(names('memcached1.5'));
  });

  it('has one default group per family and a .cluster.on twin for 3.2 onwards', () => {
    const specs = defaultParameterGroupSpecs();
    expect(specs.filter((s) => !s.clusterEnabled).map((s) => s.family)).toEqual(allFamilies());
    expect(specs.filter((s) => s.clusterEnabled).map((s) => s.name)).toEqual([
      'default.redis3.2.cluster.on',
      'default.redis4.0.cluster.on',
      'default.redis5.0.cluster.on',
      'default.redis6.x.cluster.on',
      'default.redis7.cluster.on',
      'default.valkey7.cluster.on',
      'default.valkey8.cluster.on',
    ]);
  });

  it('lists node types per family: r6gd only from 6.x, none for memcached', () => {
    const values = (family: string, name: string) =>
      allFamilies().includes(family)
        ? familyDefaults(family)!
            .nodeTypeSpecific.find((d) => d.name === name)!
            .valueFor
        : undefined;
    const r6gd = { nodeType: 'cache.r6gd.xlarge', minimumRedisVersion: '6.2.0', memoryBytes: 1, replicaOutputBufferLimitBytes: 1, memcachedThreads: 4 } as never;
    expect(values('redis5.0', 'maxmemory')!(r6gd)).toBeUndefined();
    expect(values('redis6.x', 'maxmemory')!(r6gd)).toBe('1');
    expect(values('memcached1.6', 'max_cache_memory')!(r6gd)).toBeUndefined();
  });
});

describe('checkParameterValue', () => {
  const int = p('x', '0', 'integer', '0,20-', true, 'immediate', '');
  it.each([
    ['0', true],
    ['20', true],
    ['99999', true],
    ['19', false],
    ['-1', false],
    ['1.5', false],
    ['', false],
  ])('0,20- with %j → %s', (value, ok) => {
    expect(checkParameterValue(int, value) === undefined).toBe(ok);
  });

  it('handles negative literals and open ranges', () => {
    const listSize = p('list-max-ziplist-size', '-2', 'integer', '-5,-4,-3,-2,-1,1-', true, 'immediate', '');
    expect(checkParameterValue(listSize, '-5')).toBeUndefined();
    expect(checkParameterValue(listSize, '-6')).toBeDefined();
    expect(checkParameterValue(listSize, '0')).toBeDefined();
    expect(checkParameterValue(listSize, '128')).toBeUndefined();
    const any = p('slowlog-log-slower-than', '10000', 'integer', '-', true, 'immediate', '');
    expect(checkParameterValue(any, '-100')).toBeUndefined();
  });

  it('handles numeric ranges and string enumerations', () => {
    const factor = p('chunk_size_growth_factor', '1.25', 'numeric', '1-2', true, 'requires-reboot', '');
    expect(checkParameterValue(factor, '1.05')).toBeUndefined();
    expect(checkParameterValue(factor, '2.5')).toBeDefined();
    const yesNo = p('appendonly', 'no', 'string', 'yes,no', true, 'immediate', '');
    expect(checkParameterValue(yesNo, 'yes')).toBeUndefined();
    expect(checkParameterValue(yesNo, 'YES')).toBeDefined();
    const free = p('free', undefined, 'string', undefined, true, 'immediate', '');
    expect(checkParameterValue(free, 'anything')).toBeUndefined();
  });
});
