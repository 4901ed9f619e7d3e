/** Pub/Sub: (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PUBLISH, SPUBLISH, PUBSUB * (Redis pubsub.c). */
import type { Client } from '../client.js';
import { registerAll } from './table.js';
import { HELP } from './help-data.js';
import { replyHelp } from './cmd_keys.js';
import { globMatch } from '../glob.js';

type Kind = 'channel' | 'pattern' | 'shard';

function reply(c: Client, kind: string, ch: string | null, count: number): void {
  const w = c.w;
  const m = w.mute;
  w.mute = false; // (un)subscribe confirmations are pushed even under CLIENT REPLY OFF
  w.pushLen(3);
  w.bulk(kind);
  if (ch === null) w.nullBulk(); else w.bulk(ch);
  w.int(count);
  w.mute = m;
}

function stores(c: Client, k: Kind): [Set<string>, Map<string, Set<Client>>] {
  const s = c.server;
  if (k === 'channel') return [c.channels, s.channels];
  if (k === 'pattern') return [c.patterns, s.patterns];
  return [c.shardChannels, s.shardChannels];
}

const count = (c: Client, k: Kind) => (k === 'shard' ? c.shardChannels.size : c.channels.size + c.patterns.size);
const NAMES: Record<Kind, [string, string]> = {
  channel: ['subscribe', 'unsubscribe'], pattern: ['psubscribe', 'punsubscribe'], shard: ['ssubscribe', 'sunsubscribe'],
};

function subscribe(c: Client, argv: string[], k: Kind): void {
  const [mine, all] = stores(c, k);
  for (let i = 1; i < argv.length; i++) {
    const ch = argv[i];
    if (!mine.has(ch)) {
      mine.add(ch);
      let set = all.get(ch);
      if (!set) { set = new Set(); all.set(ch, set); }
      set.add(c);
    }
    reply(c, NAMES[k][0], ch, count(c, k));
  }
}

function unsubOne(c: Client, ch: string, k: Kind): void {
  const [mine, all] = stores(c, k);
  if (mine.delete(ch)) {
    const set = all.get(ch);
    if (set) { set.delete(c); if (set.size === 0) all.delete(ch); }
  }
  reply(c, NAMES[k][1], ch, count(c, k));
}

function unsubscribe(c: Client, argv: string[], k: Kind): void {
  const [mine] = stores(c, k);
  if (argv.length === 1) {
    if (mine.size === 0) return reply(c, NAMES[k][1], null, count(c, k));
    for (const ch of [...mine]) unsubOne(c, ch, k);
    return;
  }
  for (let i = 1; i < argv.length; i++) unsubOne(c, argv[i], k);
}

function pubsubChannels(c: Client, argv: string[], shard: boolean): void {
  const pat = argv.length > 2 ? argv[2] : null;
  const m = shard ? c.server.shardChannels : c.server.channels;
  const out: string[] = [];
  for (const ch of m.keys()) if (pat === null || globMatch(pat, ch)) out.push(ch);
  c.w.bulkArray(out);
}

function pubsubNumsub(c: Client, argv: string[], shard: boolean): void {
  const m = shard ? c.server.shardChannels : c.server.channels;
  c.w.arrayLen((argv.length - 2) * 2);
  for (let i = 2; i < argv.length; i++) { c.w.bulk(argv[i]); c.w.int(m.get(argv[i])?.size ?? 0); }
}

/** Redis forces PUBLISH/SPUBLISH into the replication stream (not AOF) unless in cluster mode (the bus carries them). */
function propagatePublish(c: Client, argv: string[]): void {
  if (c.server.config.get('cluster-enabled') !== 'yes') c.server.propagate(c, argv);
}

registerAll({
  subscribe: (c, a) => subscribe(c, a, 'channel'),
  psubscribe: (c, a) => subscribe(c, a, 'pattern'),
  ssubscribe: (c, a) => subscribe(c, a, 'shard'),
  unsubscribe: (c, a) => unsubscribe(c, a, 'channel'),
  punsubscribe: (c, a) => unsubscribe(c, a, 'pattern'),
  sunsubscribe: (c, a) => unsubscribe(c, a, 'shard'),
  publish: (c, a) => { c.w.int(c.server.publish(a[1], a[2])); propagatePublish(c, a); },
  spublish: (c, a) => { c.w.int(c.server.publish(a[1], a[2], true)); propagatePublish(c, a); },
  'pubsub|channels': (c, a) => pubsubChannels(c, a, false),
  'pubsub|shardchannels': (c, a) => pubsubChannels(c, a, true),
  'pubsub|numsub': (c, a) => pubsubNumsub(c, a, false),
  'pubsub|shardnumsub': (c, a) => pubsubNumsub(c, a, true),
  'pubsub|numpat': (c) => c.w.int(c.server.patterns.size),
  'pubsub|help': (c, a) => replyHelp(c, a[0], HELP.pubsub),
});
