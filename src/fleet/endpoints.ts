import net from 'node:net';
import type { EngineNode } from './engineNode.js';

/**
 * An endpoint that is not a node: a replication group's primary or reader
 * endpoint, or a Memcached cluster's configuration endpoint. A listener of
 * its own whose accepted sockets are handed straight to a node picked at
 * accept time (round-robin over `targets`) — not a proxy, no bytes pass
 * through here. The sockets handed over are tracked so that a failover can
 * close them, as a DNS flip strands clients on AWS; the listener (and so the
 * port) stays.
 */
export class Endpoint {
  private server: net.Server | undefined;
  private readonly handedOver = new Set<net.Socket>();
  private next = 0;

  constructor(
    private readonly host: string,
    /** The nodes this endpoint may hand a connection to, in preference order. */
    private readonly targets: () => EngineNode[],
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
    const nodes = this.targets();
    if (nodes.length === 0) {
      socket.destroy();
      return;
    }
    const node = nodes[this.next++ % nodes.length]!;
    this.handedOver.add(socket);
    socket.once('close', () => this.handedOver.delete(socket));
    node.handleConnection(socket);
  }

  /** Failover: clients reconnect through the same port and reach the new node. */
  dropConnections(): void {
    for (const socket of this.handedOver) socket.destroy();
    this.handedOver.clear();
  }

  close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.dropConnections();
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}
