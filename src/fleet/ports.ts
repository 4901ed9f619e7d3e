import type { Store } from '../store/db.js';

/** Tries to listen on `port` (0: the OS picks); resolves with the bound port. */
export type Binder = (port: number) => Promise<number>;

const isAddressInUse = (err: unknown) => {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EADDRINUSE' || code === 'EACCES';
};

/**
 * Hands out ports to nodes and endpoint listeners and remembers them in the
 * `ports` table by owner (account/region/cluster/node), so that a restart of
 * the emulator gives every listener its port back.
 */
export class PortRegistry {
  constructor(
    private readonly store: Store,
    private readonly range: [number, number],
  ) {}

  persisted(owner: string): number | undefined {
    const row = this.store.db.prepare('SELECT port FROM ports WHERE owner = ?').get(owner) as { port: number } | undefined;
    return row?.port;
  }

  /**
   * Binds a listener for `owner`: first on its persisted port, then on the
   * requested one, then on a free port of the range (or one the OS picks).
   * A port another listener holds is skipped, never shared.
   */
  async bind(owner: string, requested: number | undefined, binder: Binder): Promise<number> {
    const tried = new Set<number>();
    const attempt = async (port: number): Promise<number | undefined> => {
      if (tried.has(port)) return undefined;
      tried.add(port);
      try {
        return await binder(port);
      } catch (err) {
        if (isAddressInUse(err)) return undefined;
        throw err;
      }
    };
    for (const preferred of [this.persisted(owner), requested]) {
      if (preferred === undefined || preferred <= 0) continue;
      const bound = await attempt(preferred);
      if (bound !== undefined) return this.remember(owner, bound);
    }
    const [first, last] = this.range;
    if (first === 0 && last === 0) return this.remember(owner, await binder(0));
    const taken = new Set((this.store.db.prepare('SELECT port FROM ports').all() as { port: number }[]).map((r) => r.port));
    for (let port = first; port <= last; port++) {
      if (taken.has(port)) continue;
      const bound = await attempt(port);
      if (bound !== undefined) return this.remember(owner, bound);
    }
    throw new Error(`no free port left in ${first}-${last}`);
  }

  private remember(owner: string, port: number): number {
    this.store.tx(() => {
      // A port the OS handed out again may still be on record for a listener that is gone.
      this.store.db.prepare('DELETE FROM ports WHERE port = ? AND owner <> ?').run(port, owner);
      this.store.db
        .prepare('INSERT INTO ports (owner, port) VALUES (?, ?) ON CONFLICT(owner) DO UPDATE SET port = excluded.port')
        .run(owner, port);
    });
    return port;
  }

  release(owner: string): void {
    this.store.db.prepare('DELETE FROM ports WHERE owner = ?').run(owner);
  }

  /** Forgets every port whose owner starts with `prefix` (a deleted cluster). */
  releaseAll(prefix: string): void {
    this.store.db.prepare("DELETE FROM ports WHERE substr(owner, 1, length(?)) = ?").run(prefix, prefix);
  }
}
