/** DUMP / RESTORE (Redis cluster.c dumpCommand / restoreCommand, 7.0). */
import type { Client } from '../client.js';
import { E } from '../errors.js';
import { registerAll } from './table.js';
import { NOTIFY_GENERIC } from '../server.js';
import { parseI64 } from '../util.js';
import { restorePayload, verifyDumpPayload, RdbError, DUMP_PAYLOAD_ERROR, BAD_DATA_FORMAT_ERROR, type RdbValue } from '../rdb/index.js';
import { dumpEntry, rdbToValue, applyLruLfu } from '../persistence.js';

function dump(c: Client, argv: string[]): void {
  const e = c.db.lookupRead(argv[1]);
  if (e === undefined) return c.w.nullBulk();
  c.w.bulk(dumpEntry(c.server, e).toString('latin1'));
}

function toLL(s: string): number | null {
  const v = parseI64(s);
  if (v === null) return null;
  return typeof v === 'bigint' ? Number(v) : v;
}

function restore(c: Client, argv: string[]): void {
  const s = c.server, db = c.db, key = argv[1];
  let replace = false, absttl = false, lfuFreq = -1, lruIdle = -1;
  for (let j = 4; j < argv.length; j++) {
    const opt = argv[j].toLowerCase();
    const additional = argv.length - j - 1;
    if (opt === 'replace') replace = true;
    else if (opt === 'absttl') absttl = true;
    else if (opt === 'idletime' && additional >= 1 && lfuFreq === -1) {
      const v = toLL(argv[j + 1]);
      if (v === null) return c.w.error(E.NOT_INT);
      if (v < 0) return c.w.error('ERR Invalid IDLETIME value, must be >= 0');
      lruIdle = v; j++;
    } else if (opt === 'freq' && additional >= 1 && lruIdle === -1) {
      const v = toLL(argv[j + 1]);
      if (v === null) return c.w.error(E.NOT_INT);
      if (v < 0 || v > 255) return c.w.error('ERR Invalid FREQ value, must be >= 0 and <= 255');
      lfuFreq = v; j++;
    } else return c.w.error(E.SYNTAX);
  }
  if (!replace && db.lookupWrite(key) !== undefined) return c.w.error(E.BUSYKEY);
  let ttl = toLL(argv[2]);
  if (ttl === null) return c.w.error(E.NOT_INT);
  if (ttl < 0) return c.w.error('ERR Invalid TTL value, must be >= 0');
  const payload = Buffer.from(argv[3], 'latin1');
  if (!verifyDumpPayload(payload)) return c.w.error(DUMP_PAYLOAD_ERROR);
  let rv: RdbValue;
  let value: { type: string; value: unknown };
  try {
    rv = restorePayload(payload);
    value = rdbToValue(s, rv, payload[0]);
  } catch (err) {
    if (err instanceof RdbError && err.message === DUMP_PAYLOAD_ERROR) return c.w.error(DUMP_PAYLOAD_ERROR);
    return c.w.error(BAD_DATA_FORMAT_ERROR);
  }
  let deleted = false;
  if (replace) deleted = db.delete(key);
  if (ttl !== 0 && !absttl) ttl += s.ks.now();
  if (ttl !== 0 && ttl <= Date.now()) {
    if (deleted) {
      s.propagate(c, [s.config.get('lazyfree-lazy-server-del') === 'yes' ? 'UNLINK' : 'DEL', key]);
      s.ks.signalModified(db, key);
      s.notify(NOTIFY_GENERIC, 'del', key, db.id);
      s.ks.dirty++;
    }
    return c.w.ok();
  }
  const e = db.add(key, value.type, value.value);
  if (ttl !== 0) {
    db.setExpire(e, ttl);
    if (!absttl) {
      const out = argv.slice();
      out[2] = String(ttl);
      out.push('ABSTTL');
      s.propagate(c, out);
    }
  }
  applyLruLfu(s, e, lruIdle >= 0 ? lruIdle : undefined, lfuFreq >= 0 ? lfuFreq : undefined);
  if (value.type === 'list' || value.type === 'zset' || value.type === 'stream') s.ks.signalReady(db, key);
  s.ks.signalModified(db, key);
  s.notify(NOTIFY_GENERIC, 'restore', key, db.id);
  c.w.ok();
  s.ks.dirty++;
}

registerAll({ dump, restore });
