import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Account and region: every resource lives in exactly one scope. */
export interface Scope {
  account: string;
  region: string;
}

/**
 * The SQLite state of the control plane. `path` is a file, or ':memory:' for
 * an ephemeral run. Migrations are the numbered SQL files beside this module,
 * applied in order once each (tracked by PRAGMA user_version).
 */
export class Store {
  readonly db: Database.Database;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.migrate();
  }

  private migrate(): void {
    const applied = this.db.pragma('user_version', { simple: true }) as number;
    const files = readdirSync(MIGRATIONS_DIR)
      .filter((f) => /^\d+_.*\.sql$/.test(f))
      .sort();
    for (const file of files) {
      const version = Number.parseInt(file, 10);
      if (version <= applied) continue;
      const sql = readFileSync(join(MIGRATIONS_DIR, file), 'utf8');
      this.db.transaction(() => {
        this.db.exec(sql);
        this.db.pragma(`user_version = ${version}`);
      })();
    }
  }

  /** Runs fn in one transaction (nested calls join the outer one). */
  tx<T>(fn: () => T): T {
    if (this.db.inTransaction) return fn();
    return this.db.transaction(fn)();
  }

  collection<T>(kind: string): Collection<T> {
    return new Collection<T>(this, kind);
  }

  /** A monotonically increasing counter, persisted (ids, ordering). */
  nextCounter(name: string): number {
    return this.tx(() => {
      this.db
        .prepare('INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1')
        .run(name);
      return (this.db.prepare('SELECT value FROM counters WHERE name = ?').get(name) as { value: number }).value;
    });
  }

  close(): void {
    this.db.close();
  }
}

/** A family of JSON documents of one kind, listed in creation order. */
export class Collection<T> {
  private readonly getStmt;
  private readonly listStmt;
  private readonly insertStmt;
  private readonly updateStmt;
  private readonly deleteStmt;
  private readonly listAllScopesStmt;

  constructor(
    private readonly store: Store,
    readonly kind: string,
  ) {
    const db = store.db;
    this.getStmt = db.prepare('SELECT data FROM resources WHERE account = ? AND region = ? AND kind = ? AND id = ?');
    this.listStmt = db.prepare('SELECT data FROM resources WHERE account = ? AND region = ? AND kind = ? ORDER BY seq');
    this.listAllScopesStmt = db.prepare('SELECT account, region, data FROM resources WHERE kind = ? ORDER BY seq');
    this.insertStmt = db.prepare(
      'INSERT INTO resources (account, region, kind, id, seq, data) VALUES (?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM resources), ?)',
    );
    this.updateStmt = db.prepare('UPDATE resources SET data = ? WHERE account = ? AND region = ? AND kind = ? AND id = ?');
    this.deleteStmt = db.prepare('DELETE FROM resources WHERE account = ? AND region = ? AND kind = ? AND id = ?');
  }

  get(scope: Scope, id: string): T | undefined {
    const row = this.getStmt.get(scope.account, scope.region, this.kind, id) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as T) : undefined;
  }

  has(scope: Scope, id: string): boolean {
    return this.getStmt.get(scope.account, scope.region, this.kind, id) !== undefined;
  }

  list(scope: Scope): T[] {
    return (this.listStmt.all(scope.account, scope.region, this.kind) as { data: string }[]).map((r) => JSON.parse(r.data) as T);
  }

  /** Every document of this kind in every scope (used at start-up to restore nodes). */
  listAll(): { scope: Scope; value: T }[] {
    return (this.listAllScopesStmt.all(this.kind) as { account: string; region: string; data: string }[]).map((r) => ({
      scope: { account: r.account, region: r.region },
      value: JSON.parse(r.data) as T,
    }));
  }

  /** Inserts a new document, or replaces an existing one keeping its position. */
  put(scope: Scope, id: string, value: T): void {
    const data = JSON.stringify(value);
    this.store.tx(() => {
      const changed = this.updateStmt.run(data, scope.account, scope.region, this.kind, id).changes;
      if (changed === 0) this.insertStmt.run(scope.account, scope.region, this.kind, id, data);
    });
  }

  delete(scope: Scope, id: string): boolean {
    return this.deleteStmt.run(scope.account, scope.region, this.kind, id).changes > 0;
  }
}
