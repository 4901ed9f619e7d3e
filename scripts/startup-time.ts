/**
 * Startup time: from spawning the CLI to its "listening on" line, median over
 * N runs. Measures the compiled CLI (node dist/src/cli.js, after `npm run build`)
 * when it exists, and the tsx route (`npm start`) always.
 *
 *   npx tsx scripts/startup-time.ts [runs=10]
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const runs = Number(process.argv[2] ?? 10);
const args = ['--port', '0', '--data-dir', ':memory:', '--log-level', 'warn'];

async function startOnce(command: string, commandArgs: string[]): Promise<number> {
  const started = performance.now();
  const child = spawn(command, [...commandArgs, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    return await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no listening line within 30 s')), 30_000);
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('listening on')) {
          clearTimeout(timer);
          resolve(performance.now() - started);
        }
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code} before listening`)));
    });
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

async function measure(label: string, command: string, commandArgs: string[]): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await startOnce(command, commandArgs));
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  console.log(`${label.padEnd(28)} median ${median.toFixed(0)} ms  (min ${times[0]!.toFixed(0)}, max ${times.at(-1)!.toFixed(0)}, n=${runs})`);
}

const compiled = join(root, 'dist', 'src', 'cli.js');
if (existsSync(compiled)) await measure('node dist/src/cli.js', process.execPath, [compiled]);
else console.log('node dist/src/cli.js         (no build: run `npm run build` first)');
await measure('tsx src/cli.ts', join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'src', 'cli.ts')]);
