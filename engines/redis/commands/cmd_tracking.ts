/** Client-side caching commands: CLIENT TRACKING / CACHING / GETREDIR / TRACKINGINFO (Redis networking.c clientCommand). */
import type { Client } from '../client.js';
import { E } from '../errors.js';
import { registerAll } from './table.js';
import { parseI64 } from '../util.js';
import { getTracking, prefixCollision } from '../tracking.js';

const cmpBytes = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** CLIENT TRACKING ON|OFF [REDIRECT id] [PREFIX p ...] [BCAST] [OPTIN] [OPTOUT] [NOLOOP] */
function clientTracking(c: Client, argv: string[]): void {
  let redir = 0;
  const opts = { bcast: false, optin: false, optout: false, noloop: false };
  const prefixes: string[] = [];
  for (let j = 3; j < argv.length; j++) {
    const o = argv[j].toLowerCase();
    const more = argv.length - 1 - j;
    if (o === 'redirect' && more) {
      j++;
      if (redir !== 0) return c.w.error(E.TRACKING_ONE_REDIRECT);
      const v = parseI64(argv[j]);
      if (v === null) return c.w.error(E.NOT_INT);
      // The redirect target must exist now (it may go away later: tracking-redir-broken).
      if (typeof v === 'bigint' || !c.server.clients.has(v)) return c.w.error(E.TRACKING_NO_REDIRECT_CLIENT);
      redir = v;
    } else if (o === 'bcast') opts.bcast = true;
    else if (o === 'optin') opts.optin = true;
    else if (o === 'optout') opts.optout = true;
    else if (o === 'noloop') opts.noloop = true;
    else if (o === 'prefix' && more) prefixes.push(argv[++j]);
    else return c.w.error(E.SYNTAX);
  }
  const mode = argv[2].toLowerCase();
  if (mode === 'on') {
    const t = c.tracking;
    if (!opts.bcast && prefixes.length) return c.w.error(E.TRACKING_PREFIX_NEEDS_BCAST);
    if (t !== null && t.bcast !== opts.bcast) return c.w.error(E.TRACKING_SWITCH_BCAST);
    if (opts.bcast && (opts.optin || opts.optout)) return c.w.error(E.TRACKING_OPT_BCAST);
    if (opts.optin && opts.optout) return c.w.error(E.TRACKING_OPTIN_OPTOUT);
    if (t !== null && ((opts.optin && t.optout) || (opts.optout && t.optin))) return c.w.error(E.TRACKING_SWITCH_OPT);
    if (opts.bcast) {
      const col = prefixCollision(t?.prefixes ?? [], prefixes);
      if (col !== null) {
        c.w.error(col.err);
        if (col.abort) return;
      }
    }
    getTracking(c.server).enable(c, redir, opts, prefixes);
  } else if (mode === 'off') {
    c.server.tracking?.disable(c);
  } else return c.w.error(E.SYNTAX);
  c.w.ok();
}

/** CLIENT CACHING YES|NO: the next command (or transaction) is / is not tracked in OPTIN / OPTOUT mode. */
function clientCaching(c: Client, argv: string[]): void {
  const t = c.tracking;
  if (t === null) return c.w.error(E.CACHING_NOT_TRACKING);
  const o = argv[2].toLowerCase();
  if (o === 'yes') {
    if (!t.optin) return c.w.error(E.CACHING_YES);
  } else if (o === 'no') {
    if (!t.optout) return c.w.error(E.CACHING_NO);
  } else return c.w.error(E.SYNTAX);
  t.caching = true;
  c.w.ok();
}

function clientGetredir(c: Client): void {
  c.w.int(c.tracking !== null ? c.tracking.redirect : -1);
}

function clientTrackinginfo(c: Client): void {
  const t = c.tracking, w = c.w;
  const flags = [t !== null ? 'on' : 'off'];
  if (t !== null) {
    if (t.bcast) flags.push('bcast');
    if (t.optin) { flags.push('optin'); if (t.caching) flags.push('caching-yes'); }
    if (t.optout) { flags.push('optout'); if (t.caching) flags.push('caching-no'); }
    if (t.noloop) flags.push('noloop');
    if (t.brokenRedir) flags.push('broken_redirect');
  }
  w.mapLen(3);
  w.bulk('flags');
  w.setLen(flags.length);
  for (const f of flags) w.bulk(f);
  w.bulk('redirect');
  w.int(t !== null ? t.redirect : -1);
  w.bulk('prefixes');
  const prefixes = t !== null ? [...t.prefixes].sort(cmpBytes) : [];
  w.arrayLen(prefixes.length);
  for (const p of prefixes) w.bulk(p);
}

registerAll({
  'client|tracking': clientTracking,
  'client|caching': clientCaching,
  'client|getredir': clientGetredir,
  'client|trackinginfo': clientTrackinginfo,
});
