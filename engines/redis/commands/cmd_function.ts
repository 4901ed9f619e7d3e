/** FUNCTION * and FCALL / FCALL_RO (Redis functions.c). The libraries live in scripting/functions.ts. */
import { registerAll } from './table.js';
import type { Client } from '../client.js';
import { E } from '../errors.js';
import { getFunctions, peekFunctions, LibSet } from '../scripting/functions.js';
import { SCRIPT_FLAGS } from '../scripting/engine.js';
import { getScripting } from '../scripting/state.js';
import '../scripting/hooks.js';
import { globMatch } from '../glob.js';
import { replyHelp } from './cmd_keys.js';
import { HELP } from './help-data.js';
import { ByteWriter, ByteReader } from '../rdb/bytes.js';
import { writeString, readString } from '../rdb/strings.js';
import { readLen } from '../rdb/length.js';
import { verifyDumpPayload, DUMP_PAYLOAD_ERROR } from '../rdb/dump.js';
import { Crc64 } from '../rdb/crc64.js';
import { RDB_VERSION, RDB_OPCODE } from '../rdb/types.js';

function functionLoad(c: Client, argv: string[]): void {
  let replace = false;
  let i = 2;
  while (i < argv.length - 1) {
    const a = argv[i++];
    if (a.toLowerCase() === 'replace') { replace = true; continue; }
    return c.w.error(`ERR Unknown option given: ${a}`);
  }
  if (i >= argv.length) return c.w.error('ERR Function code is missing');
  const fe = getFunctions(c.server);
  const r = fe.create(argv[i], replace, fe.current, c === c.server.masterClient ? 0 : undefined);
  if ('err' in r) return c.w.error('ERR ' + r.err);
  c.server.ks.dirty++;
  c.w.bulk(r.name);
}

function functionList(c: Client, argv: string[]): void {
  let withCode = false;
  let pattern: string | null = null;
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i].toLowerCase();
    if (!withCode && a === 'withcode') { withCode = true; continue; }
    if (pattern === null && a === 'libraryname') {
      if (i >= argv.length - 1) return c.w.error('ERR library name argument was not given');
      pattern = argv[++i];
      continue;
    }
    return c.w.error(`ERR Unknown argument ${argv[i]}`);
  }
  const libs = [...(peekFunctions(c.server)?.current.libraries.values() ?? [])]
    .filter((li) => pattern === null || globMatch(pattern, li.name, true));
  const w = c.w;
  w.arrayLen(libs.length);
  for (const li of libs) {
    w.mapLen(withCode ? 4 : 3);
    w.bulk('library_name'); w.bulk(li.name);
    w.bulk('engine'); w.bulk('LUA');
    w.bulk('functions');
    w.arrayLen(li.functions.size);
    for (const f of li.functions.values()) {
      w.mapLen(3);
      w.bulk('name'); w.bulk(f.name);
      w.bulk('description'); w.bulkOrNull(f.desc);
      w.bulk('flags');
      const names = SCRIPT_FLAGS.filter(([, bit]) => f.flags & bit).map(([n]) => n);
      w.setLen(names.length);
      for (const n of names) w.simple(n);
    }
    if (withCode) { w.bulk('library_code'); w.bulk(li.code); }
  }
}

function functionDelete(c: Client, argv: string[]): void {
  const fe = peekFunctions(c.server);
  const li = fe?.current.libraries.get(argv[2]);
  if (!fe || !li) return c.w.error('ERR Library not found');
  fe.current.unlink(li);
  fe.discard(single(li));
  c.server.ks.dirty++;
  c.w.ok();
}

function single(li: import('../scripting/functions.js').Library): LibSet {
  const s = new LibSet();
  s.libraries.set(li.name, li);
  return s;
}

function functionFlush(c: Client, argv: string[]): void {
  if (argv.length > 3) return c.w.error(E.SUBCMD_SYNTAX(argv[1], 'FUNCTION'));
  if (argv.length === 3 && !['sync', 'async'].includes(argv[2].toLowerCase())) return c.w.error(E.FUNCTION_FLUSH_OPT);
  const fe = peekFunctions(c.server);
  if (fe) fe.replaceAll(new LibSet());
  c.server.ks.dirty++;
  c.w.ok();
}

/** The FUNCTION DUMP payload: FUNCTION2 opcode + code per library, RDB version, CRC64. */
export function functionsPayload(codes: string[]): Buffer {
  const w = new ByteWriter();
  for (const code of codes) { w.byte(RDB_OPCODE.FUNCTION2); writeString(w, Buffer.from(code, 'latin1')); }
  w.u16le(RDB_VERSION);
  const body = w.view();
  const crc = new Crc64().update(body, 0, body.length);
  return Buffer.concat([body, crc.bytesLE()]);
}

function functionDump(c: Client): void {
  const fe = peekFunctions(c.server);
  const codes = fe ? [...fe.current.libraries.values()].map((li) => li.code) : [];
  c.w.bulkBuf(functionsPayload(codes));
}

function functionRestore(c: Client, argv: string[]): void {
  if (argv.length > 4) return c.w.error(E.SUBCMD_SYNTAX(argv[1], 'FUNCTION'));
  let policy = 'append';
  if (argv.length === 4) {
    policy = argv[3].toLowerCase();
    if (policy !== 'append' && policy !== 'replace' && policy !== 'flush') {
      return c.w.error('ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.');
    }
  }
  const data = Buffer.from(argv[2], 'latin1');
  if (!verifyDumpPayload(data)) return c.w.error(DUMP_PAYLOAD_ERROR);
  const fe = getFunctions(c.server);
  const set = new LibSet();
  const r = new ByteReader(data, 0, data.length - 10);
  let err: string | null = null;
  try {
    while (data.length - r.pos > 10) {
      const type = r.u8();
      if (type !== RDB_OPCODE.FUNCTION2 && type !== RDB_OPCODE.FUNCTION) { err = 'given type is not a function'; break; }
      let code: string;
      if (type === RDB_OPCODE.FUNCTION) {
        // 7.0 release candidates: name, engine, has-desc [desc], body
        const name = readString(r).toString('latin1');
        const engine = readString(r).toString('latin1');
        if (readLen(r)) readString(r);
        code = `#!${engine} name=${name}\n` + readString(r).toString('latin1');
      } else code = readString(r).toString('latin1');
      const res = fe.create(code, false, set, 0);
      if ('err' in res) { err = res.err; break; }
    }
  } catch {
    err = err ?? 'failed loading the given functions payload';
  }
  if (err === null) {
    if (policy === 'flush') fe.replaceAll(set);
    else err = fe.join(set, policy === 'replace');
  }
  if (err !== null) { fe.discard(set); return c.w.error('ERR ' + err); }
  c.server.ks.dirty++;
  c.w.ok();
}

function functionStats(c: Client): void {
  const sc = getScripting(c.server);
  const run = sc.running?.run;
  if (run && run.evalMode) return c.w.error(E.BUSY_EVAL);
  const w = c.w;
  w.mapLen(2);
  w.bulk('running_script');
  if (!run) w.nullBulk();
  else {
    w.mapLen(3);
    w.bulk('name'); w.bulk(run.name);
    w.bulk('command'); w.bulkArray(sc.runningArgv ?? []);
    w.bulk('duration_ms'); w.int(Math.floor(performance.now() - run.start));
  }
  w.bulk('engines');
  w.mapLen(1);
  w.bulk('LUA');
  w.mapLen(2);
  const cur = peekFunctions(c.server)?.current;
  w.bulk('libraries_count'); w.int(cur?.libraries.size ?? 0);
  w.bulk('functions_count'); w.int(cur?.functions.size ?? 0);
}

/** FCALL is fed to MONITOR before the commands it runs. */
function fcall(c: Client, argv: string[], ro: boolean): void {
  if (c.server.monitors.size) c.server.feedMonitors(c, argv);
  getScripting(c.server).runningArgv = argv;
  try { getFunctions(c.server).fcall(c, argv, ro); } finally { getScripting(c.server).runningArgv = null; }
}

registerAll({
  fcall: (c, a) => fcall(c, a, false),
  fcall_ro: (c, a) => fcall(c, a, true),
  'function|load': functionLoad, 'function|list': functionList, 'function|delete': functionDelete,
  'function|flush': functionFlush, 'function|dump': functionDump, 'function|restore': functionRestore,
  'function|stats': functionStats,
  'function|kill': (c) => getScripting(c.server).kill(c, false),
  'function|help': (c, a) => replyHelp(c, a[0], HELP.function),
});
