/**
 * Blocking XREAD / XREADGROUP over real sockets: every scenario runs against
 * a real redis-server and our engine, and the transcripts (reply bytes per
 * connection, in order) must be identical.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { RedisServer } from '../../../engines/redis/index.js';
import { RawConn, startRealRedis, haveRedis, encode, type RealRedis } from './diff.js';

/** send: write without reading; read: read one reply of that connection; cmd: send + read. */
type Act = { c: string; cmd?: string[]; send?: string[]; read?: true; sleep?: number; readUntil?: string };

async function run(port: number, acts: Act[], resp: 2 | 3): Promise<string[]> {
  const conns = new Map<string, RawConn>();
  const out: string[] = [];
  const get = async (name: string): Promise<RawConn> => {
    let c = conns.get(name);
    if (!c) {
      c = await RawConn.open(port);
      if (resp === 3) await c.command(['HELLO', '3']);
      conns.set(name, c);
    }
    return c;
  };
  try {
    const admin = await get('admin');
    await admin.command(['FLUSHALL']);
    for (const a of acts) {
      if (a.sleep) await new Promise((r) => setTimeout(r, a.sleep));
      const c = await get(a.c);
      if (a.send) { c.send(encode(a.send)); continue; }
      if (a.cmd) { out.push(`${a.c}: ${a.cmd.join(' ')} => ${await c.command(a.cmd)}`); continue; }
      if (a.read) out.push(`${a.c}: read => ${await c.read(2000)}`);
      if (a.readUntil) {
        for (let i = 0; i < 200; i++) {
          const r = await c.read(2000);
          out.push(`${a.c}: read => ${r}`);
          if (r.includes(a.readUntil) || r === '<timeout>' || r === '<closed>') break;
        }
      }
    }
    return out;
  } finally { for (const c of conns.values()) c.close(); }
}

const W = 60; // ms to let a blocked command reach the server

const scenarios: { name: string; resp?: 2 | 3; acts: Act[] }[] = [
  { name: 'XREAD BLOCK $ is served by XADD', acts: [
    { c: 'a', cmd: ['XADD', 's', '1-0', 'f', 'v'] }, { c: 'b', send: ['XREAD', 'BLOCK', '0', 'STREAMS', 's', '$'] },
    { c: 'a', cmd: ['XADD', 's', '2-0', 'f', 'w'], sleep: W }, { c: 'b', read: true }, { c: 'b', cmd: ['PING'] }] },
  { name: 'XREAD BLOCK on several keys, RESP3', resp: 3, acts: [
    { c: 'b', send: ['XREAD', 'BLOCK', '0', 'COUNT', '5', 'STREAMS', 'k1', 'k2', '0', '0'] },
    { c: 'a', cmd: ['XADD', 'k2', '3-0', 'x', '1'], sleep: W }, { c: 'b', read: true }] },
  { name: 'XREAD BLOCK times out with a null reply', acts: [
    { c: 'b', cmd: ['XREAD', 'BLOCK', '50', 'STREAMS', 's', '$'] }, { c: 'b', cmd: ['XREAD', 'BLOCK', '50', 'STREAMS', 's', '0'] }] },
  { name: 'XADDs inside MULTI/EXEC wake the reader once, with all entries (COUNT honoured)', acts: [
    { c: 'b', send: ['XREAD', 'BLOCK', '0', 'COUNT', '2', 'STREAMS', 's', '0-0'] }, { c: 'a', cmd: ['MULTI'], sleep: W },
    { c: 'a', cmd: ['XADD', 's', '1-0', 'a', '1'] }, { c: 'a', cmd: ['XADD', 's', '2-0', 'a', '2'] }, { c: 'a', cmd: ['XADD', 's', '3-0', 'a', '3'] },
    { c: 'a', cmd: ['EXEC'] }, { c: 'b', read: true }] },
  { name: 'XREAD stays blocked across DEL and is served by a later XADD', acts: [
    { c: 'a', cmd: ['XADD', 's', '1-0', 'f', 'v'] }, { c: 'b', send: ['XREAD', 'BLOCK', '0', 'STREAMS', 's', '$'] },
    { c: 'a', cmd: ['DEL', 's'], sleep: W }, { c: 'a', cmd: ['XADD', 's', '1-0', 'f', 'v'], sleep: W }, { c: 'a', cmd: ['XADD', 's', '2-0', 'f', 'w'] }, { c: 'b', read: true }] },
  { name: 'XREADGROUP BLOCK > is served and creates the PEL entry', acts: [
    { c: 'a', cmd: ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'] }, { c: 'b', send: ['XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '0', 'STREAMS', 's', '>'] },
    { c: 'a', cmd: ['XADD', 's', '5-0', 'f', 'v'], sleep: W }, { c: 'b', read: true }, { c: 'a', cmd: ['XPENDING', 's', 'g'] }, { c: 'a', cmd: ['XINFO', 'GROUPS', 's'] }] },
  { name: 'XREADGROUP NOACK blocked, RESP3', resp: 3, acts: [
    { c: 'a', cmd: ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'] }, { c: 'b', send: ['XREADGROUP', 'GROUP', 'g', 'bob', 'NOACK', 'BLOCK', '0', 'STREAMS', 's', '>'] },
    { c: 'a', cmd: ['XADD', 's', '5-0', 'f', 'v'], sleep: W }, { c: 'b', read: true }, { c: 'a', cmd: ['XPENDING', 's', 'g'] }, { c: 'a', cmd: ['XINFO', 'GROUPS', 's'] }] },
  { name: 'two readers of one group: each XADD serves the first waiter', acts: [
    { c: 'a', cmd: ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'] },
    { c: 'b', send: ['XREADGROUP', 'GROUP', 'g', 'c1', 'BLOCK', '0', 'STREAMS', 's', '>'] },
    { c: 'c', send: ['XREADGROUP', 'GROUP', 'g', 'c2', 'BLOCK', '0', 'STREAMS', 's', '>'], sleep: W },
    { c: 'a', cmd: ['XADD', 's', '1-0', 'f', 'v'], sleep: W }, { c: 'b', read: true },
    { c: 'a', cmd: ['XADD', 's', '2-0', 'f', 'w'], sleep: W }, { c: 'c', read: true }, { c: 'a', cmd: ['XPENDING', 's', 'g'] }] },
  { name: 'XREADGROUP blocked: DEL of the key answers UNBLOCKED', acts: [
    { c: 'a', cmd: ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'] }, { c: 'b', send: ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>'] },
    { c: 'a', cmd: ['DEL', 's'], sleep: W }, { c: 'b', read: true }, { c: 'b', cmd: ['PING'] }] },
  { name: 'XREADGROUP blocked: SET over the key answers UNBLOCKED', acts: [
    { c: 'a', cmd: ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'] }, { c: 'b', send: ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>'] },
    { c: 'a', cmd: ['SET', 's', 'x'], sleep: W }, { c: 'b', read: true }] },
  { name: 'XREADGROUP blocked: XGROUP DESTROY answers NOGROUP', acts: [
    { c: 'a', cmd: ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'] }, { c: 'b', send: ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>'] },
    { c: 'a', cmd: ['XGROUP', 'DESTROY', 's', 'g'], sleep: W }, { c: 'b', read: true }, { c: 'a', cmd: ['INFO', 'errorstats'] }] },
  { name: 'XREADGROUP blocked: FLUSHALL answers UNBLOCKED', acts: [
    { c: 'a', cmd: ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'] }, { c: 'b', send: ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>'] },
    { c: 'a', cmd: ['FLUSHALL'], sleep: W }, { c: 'b', read: true }] },
  { name: 'XREADGROUP blocked: MULTI DEL + XADD recreating the key answers UNBLOCKED', acts: [
    { c: 'a', cmd: ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'] }, { c: 'b', send: ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>'] },
    { c: 'a', cmd: ['MULTI'], sleep: W }, { c: 'a', cmd: ['DEL', 's'] }, { c: 'a', cmd: ['SADD', 's', 'x'] }, { c: 'a', cmd: ['EXEC'] }, { c: 'b', read: true }] },
  { name: 'RENAME onto the waited key serves the reader', acts: [
    { c: 'a', cmd: ['XADD', 'src', '1-0', 'f', 'v'] }, { c: 'b', send: ['XREAD', 'BLOCK', '0', 'STREAMS', 'dst', '0'] },
    { c: 'a', cmd: ['RENAME', 'src', 'dst'], sleep: W }, { c: 'b', read: true }] },
  { name: 'keyspace notifications of every stream event', acts: [
    { c: 'a', cmd: ['CONFIG', 'SET', 'notify-keyspace-events', 'KEA'] }, { c: 'sub', cmd: ['PSUBSCRIBE', '__key*__:*'] },
    { c: 'a', cmd: ['XADD', 's', '1-0', 'f', 'v'] }, { c: 'a', cmd: ['XADD', 's', 'MAXLEN', '1', '2-0', 'f', 'v'] }, { c: 'a', cmd: ['XADD', 'n', 'NOMKSTREAM', '*', 'f', 'v'] },
    { c: 'a', cmd: ['XTRIM', 's', 'MAXLEN', '0'] }, { c: 'a', cmd: ['XTRIM', 's', 'MAXLEN', '0'] }, { c: 'a', cmd: ['XADD', 's', '3-0', 'f', 'v'] },
    { c: 'a', cmd: ['XDEL', 's', '3-0', '9-0'] }, { c: 'a', cmd: ['XDEL', 's', '9-0'] }, { c: 'a', cmd: ['XSETID', 's', '5-0'] },
    { c: 'a', cmd: ['XGROUP', 'CREATE', 's', 'g', '$'] }, { c: 'a', cmd: ['XGROUP', 'CREATE', 'm', 'g', '$', 'MKSTREAM'] },
    { c: 'a', cmd: ['XGROUP', 'CREATECONSUMER', 's', 'g', 'c'] }, { c: 'a', cmd: ['XGROUP', 'CREATECONSUMER', 's', 'g', 'c'] },
    { c: 'a', cmd: ['XADD', 's', '6-0', 'f', 'v'] }, { c: 'a', cmd: ['XREADGROUP', 'GROUP', 'g', 'd', 'STREAMS', 's', '>'] },
    { c: 'a', cmd: ['XCLAIM', 's', 'g', 'e', '0', '6-0', 'JUSTID'] }, { c: 'a', cmd: ['XAUTOCLAIM', 's', 'g', 'f', '0', '0', 'JUSTID'] },
    { c: 'a', cmd: ['XACK', 's', 'g', '6-0'] }, { c: 'a', cmd: ['XGROUP', 'SETID', 's', 'g', '0'] }, { c: 'a', cmd: ['XGROUP', 'DELCONSUMER', 's', 'g', 'c'] },
    { c: 'a', cmd: ['XGROUP', 'DELCONSUMER', 's', 'g', 'zz'] }, { c: 'a', cmd: ['XGROUP', 'DESTROY', 's', 'g'] }, { c: 'a', cmd: ['XGROUP', 'DESTROY', 's', 'g'] },
    { c: 'a', cmd: ['COPY', 's', 't'] }, { c: 'a', cmd: ['RENAME', 't', 'u'] }, { c: 'a', cmd: ['DEL', 'u'] }, { c: 'a', cmd: ['SET', 'marker', '1'] },
    { c: 'sub', readUntil: 'marker' }, { c: 'a', cmd: ['CONFIG', 'SET', 'notify-keyspace-events', ''] }] },
  { name: 'an XADD from a script wakes the blocked reader', acts: [
    { c: 'b', send: ['XREAD', 'BLOCK', '0', 'STREAMS', 's', '$'] },
    { c: 'a', cmd: ['EVAL', "redis.call('XADD', KEYS[1], '7-0', 'from', 'lua') return 1", '1', 's'], sleep: W }, { c: 'b', read: true }] },
  { name: 'XREAD BLOCK inside MULTI does not block', acts: [
    { c: 'a', cmd: ['MULTI'] }, { c: 'a', cmd: ['XREAD', 'BLOCK', '0', 'STREAMS', 's', '$'] }, { c: 'a', cmd: ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>'] },
    { c: 'a', cmd: ['EXEC'] }] },
];

const d = haveRedis ? describe : describe.skip;
d('streams: blocking reads (ours vs redis-server)', () => {
  let real: RealRedis;
  let ours: RedisServer;
  let ourPort = 0;
  beforeAll(async () => {
    real = await startRealRedis();
    ours = new RedisServer({ port: 0, allowRestrictedCommands: true });
    ourPort = (await ours.listen()).port;
  });
  afterAll(async () => { await ours?.close(); await real?.stop(); });
  for (const sc of scenarios) {
    it(sc.name, async () => {
      const expected = await run(real.port, sc.acts, sc.resp ?? 2);
      const actual = await run(ourPort, sc.acts, sc.resp ?? 2);
      // INFO errorstats: compare only the NOGROUP line (other counters depend on earlier scenarios)
      const norm = (l: string[]) => l.map((x) => x.replace(/# Errorstats.*$/s, (m) => m.split('\r\n').filter((y) => y.startsWith('errorstat_NOGROUP')).join(',')));
      expect(expected.join('\n')).not.toContain('<timeout>'); // every awaited reply arrived on redis-server
      expect(norm(actual)).toEqual(norm(expected));
    });
  }
});
