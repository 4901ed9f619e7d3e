import net from 'node:net';
import type { EngineNode } from './engineNode.js';

/**
 * A Memcached configuration endpoint: a listener of its own whose accepted
 * sockets are handed straight to a healthy node (round-robin), which then
 * serves them — including `config get cluster`. Not a proxy: no bytes pass
 * through here.
 */
export class ConfigEndpoint {
  private server: net.Server | undefined;
  private next = 0;

  constructor(
    private readonly host: string,
    private readonly healthyNodes: () => EngineNode[],
  ) {}

  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const server = net.createServer((socket) => this.accept(socket));
      server.once('error', reject);
      server.listen(port, this.host, () => {
        server.off('error', reject);
        server.on('error', () => undefined);
        this.server = server;
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  }

  private accept(socket: net.Socket): void {
    const nodes = this.healthyNodes();
    if (nodes.length === 0) {
      socket.destroy();
      return;
    }
    const node = nodes[this.next++ % nodes.length]!;
    node.handleConnection(socket);
  }

  close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}
