import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import net from 'node:net';
import { startEmulator, type Emulator, type StartOptions } from '../../src/emulator.js';

export async function startTestEmulator(opts: StartOptions = {}): Promise<{ emulator: Emulator; client: ElastiCacheClient }> {
  const emulator = await startEmulator({ port: 0, dataDir: ':memory:', logLevel: 'silent', ...opts });
  const client = new ElastiCacheClient({
    region: 'us-east-1',
    endpoint: emulator.endpoint,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' },
    maxAttempts: 1,
  });
  return { emulator, client };
}

/** Sends raw text to a TCP endpoint and collects the reply until `done` says it is complete. */
export function rawExchange(port: number, request: string, done: (reply: string) => boolean, timeoutMs = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete reply from port ${port}: ${JSON.stringify(reply)}`));
    }, timeoutMs);
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (done(reply)) {
        clearTimeout(timer);
        socket.destroy();
        resolve(reply);
      }
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      reject(new Error(`connection to port ${port} closed before a complete reply: ${JSON.stringify(reply)}`));
    });
  });
}

/** `config get cluster` through a Memcached endpoint: [version, "host|ip|port", ...]. */
export async function configGetCluster(port: number): Promise<{ version: number; nodes: string[] }> {
  const reply = await rawExchange(port, 'config get cluster\r\n', (r) => r.endsWith('END\r\n'));
  const lines = reply.split('\r\n')[1]!.split('\n');
  return { version: Number(lines[0]), nodes: lines[1]!.split(' ').filter(Boolean) };
}

/** Whether something accepts connections on the port. */
export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(false);
    }, 1000);
    socket.on('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

/** A port that is free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}
