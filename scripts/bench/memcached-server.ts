// Child process for the benchmark (and manual poking): runs one in-process
// MemcachedServer and reports its port. With an IPC channel it answers
// {cmd:'mem'} with heap/RSS figures after a GC (run node with --expose-gc).
// MEMCACHED_ENGINE=<path of another tree's engines/memcached/index.ts> runs
// that engine instead (the bench's BENCH_BASELINE).
import { pathToFileURL } from 'node:url';
import type * as Engine from '../../engines/memcached/index.js';

const { MemcachedServer } = (process.env.MEMCACHED_ENGINE
  ? await import(pathToFileURL(process.env.MEMCACHED_ENGINE).href)
  : await import('../../engines/memcached/index.js')) as typeof Engine;

const port = Number(process.argv[2] ?? 0);
const maxMemoryBytes = Number(process.argv[3] ?? 1024) * 1024 * 1024;
const server = new MemcachedServer({
  port,
  maxMemoryBytes,
  version: '1.6.18',
  clusterConfig: { version: 1, nodes: [{ host: 'localhost', ip: '127.0.0.1', port }] },
});

function memory(): { heapUsed: number; rss: number; external: number; arrayBuffers: number } {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) { g(); g(); }
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, rss: m.rss, external: m.external, arrayBuffers: m.arrayBuffers };
}

// Exit through process.exit so --cpu-prof and friends can write their output.
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(0));

server.listen().then(({ port: bound }) => {
  if (process.send) {
    process.on('message', (msg: { cmd: string }) => {
      if (msg.cmd === 'mem') process.send!({ cmd: 'mem', ...memory(), bytes: server.stats().bytes, items: server.stats().curr_items });
      if (msg.cmd === 'stop') void server.close().then(() => process.exit(0));
    });
    process.send({ cmd: 'ready', port: bound });
  } else {
    console.log(`READY ${bound}`);
  }
});
