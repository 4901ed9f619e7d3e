/**
 * Per-server scripting state: the EVAL interpreter and script cache, the
 * FUNCTION libraries, the script that is running now, and the busy-script
 * mode (Redis processEventsWhileBlocked) that lets SCRIPT KILL / FUNCTION KILL
 * / SHUTDOWN NOSAVE through while other commands get BUSY.
 */
import fs from 'node:fs';
import type { Server } from '../server.js';
import type { Client } from '../client.js';
import type { LuaHost, RunCtx } from './engine.js';
import { E } from '../errors.js';

export class Scripting {
  /** eval.ts: EvalEngine (created on first use). */
  evalEngine: unknown = null;
  /** functions.ts: FunctionsState (created on first use). */
  functions: unknown = null;
  running: LuaHost | null = null;
  /** argv of the FCALL being run (FUNCTION STATS). */
  runningArgv: string[] | null = null;
  /** redis.log output (the engine has no log file); tests may read it. */
  readonly logLines: string[] = [];
  onLog: ((level: number, msg: string) => void) | null = null;
  private busyRun: RunCtx | null = null;
  private readBuf = Buffer.allocUnsafe(64 * 1024);

  /** busy-reply-threshold, mirrored by a config listener (read on every script call). */
  busyThreshold: number;

  constructor(readonly server: Server) {
    this.busyThreshold = server.config.num('busy-reply-threshold');
    server.config.listeners.push((name, value) => { if (name === 'busy-reply-threshold') this.busyThreshold = Number(value); });
  }

  log(level: number, msg: string): void {
    if (level < verbosityLevel(this.server.config.get('loglevel') ?? 'notice')) return;
    this.logLines.push(msg);
    if (this.logLines.length > 1000) this.logLines.shift();
    this.onLog?.(level, msg);
  }

  /** The script passed the time limit: other clients get BUSY until it ends. */
  startBusy(run: RunCtx): void {
    this.busyRun = run;
    this.server.busyReply = run.evalMode ? E.BUSY_EVAL : E.BUSY_FUNCTION;
  }
  endBusy(): void {
    this.busyRun = null;
    this.server.busyReply = null;
  }

  /** SCRIPT KILL (isEval) / FUNCTION KILL. */
  kill(c: Client, isEval: boolean): void {
    const host = this.running;
    const run = host?.run;
    if (!run) return c.w.error(E.NOTBUSY);
    if (run.caller === this.server.masterClient) return c.w.error(E.UNKILLABLE_MASTER);
    if (run.writeDirty) return c.w.error(E.UNKILLABLE);
    if (isEval && !run.evalMode) return c.w.error(E.BUSY_FUNCTION);
    if (!isEval && run.evalMode) return c.w.error(E.BUSY_EVAL);
    run.killed = true;
    c.w.ok();
  }

  /**
   * Serve other connections synchronously while a script is busy (the event loop
   * can't run: we are inside the script). Reads whatever is already in each
   * client's socket, runs it through the normal dispatcher (which answers BUSY to
   * everything but the allow-busy commands) and writes the replies.
   */
  processEventsWhileBlocked(): void {
    const s = this.server;
    const run = this.busyRun;
    for (const c of s.clients.values()) {
      if (c === run?.caller || c.closed || c.socket === null) continue;
      // Replies of this event-loop turn still waiting for the turn to end (server.flushLater) go
      // out now, as Redis's beforeSleep writes them (all but the script's caller, which is protected).
      if (c.w.pendingEnd > c.w.pendingStart) s.flush(c);
      if (c.closed) continue;
      const fd = (c.socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
      if (typeof fd !== 'number' || fd < 0) continue;
      let n = 0;
      try { n = fs.readSync(fd, this.readBuf, 0, this.readBuf.length, null); } catch { continue; } // EAGAIN: nothing to read
      if (n <= 0) continue;
      s.netInput += n;
      c.parser.push(Buffer.from(this.readBuf.subarray(0, n)));
      s.processInput(c);
      const out = c.w.take();
      if (out === null) continue;
      s.netOutput += out.length;
      let off = 0;
      if (c.socket.writableLength === 0) {
        try { while (off < out.length) off += fs.writeSync(fd, out, off); } catch { /* fall back below */ }
      }
      if (off < out.length) c.socket.write(out.subarray(off));
    }
  }
}

function verbosityLevel(s: string): number {
  return s === 'debug' ? 0 : s === 'verbose' ? 1 : s === 'notice' ? 2 : 3;
}

const states = new WeakMap<Server, Scripting>();
export function getScripting(s: Server): Scripting {
  let st = states.get(s);
  if (st === undefined) { st = new Scripting(s); states.set(s, st); }
  return st;
}
export function peekScripting(s: Server): Scripting | undefined { return states.get(s); }

