/**
 * ACL users (Redis 7.0 acl.c user): flags, SHA-256 password hashes and
 * selectors (the root one first), the user modifiers of ACL SETUSER
 * (ACLSetUser) and the rule string of ACL LIST / ACL SAVE (ACLDescribeUser).
 */
import crypto from 'node:crypto';
import { Selector, ERR_BAD_HASH, ERR_NO_SUCH_PASS } from './selector.js';
import { splitArgs } from './args.js';

// User flags, in the order Redis renders them.
export const USER_FLAGS = ['on', 'off', 'nopass', 'skip-sanitize-payload', 'sanitize-payload'] as const;
type UserFlag = typeof USER_FLAGS[number];

export class AclUser {
  flags = new Set<UserFlag>(['off']);
  /** SHA-256 hex of each password. */
  passwords: string[] = [];
  /** selectors[0] is the root selector. */
  selectors: Selector[];
  /** Cached: root selector can run anything (the check is skipped). */
  unrestricted = false;
  private cachedDescr: string | null = null;
  constructor(readonly name: string, allChannelsByDefault: boolean) {
    this.selectors = [new Selector(true, allChannelsByDefault)];
  }
  get root(): Selector { return this.selectors[0]; }
  get enabled(): boolean { return this.flags.has('on'); }
  get nopass(): boolean { return this.flags.has('nopass'); }

  /** ACLCopyUser: take another user's rules (the name stays). */
  copyFrom(src: AclUser): void {
    this.flags = new Set(src.flags);
    this.passwords = src.passwords.slice();
    this.selectors = src.selectors.map((s) => s.copy());
    this.changed();
  }
  clone(name = this.name): AclUser {
    const u = new AclUser(name, false);
    u.copyFrom(this);
    return u;
  }
  changed(): void {
    const r = this.selectors[0];
    this.unrestricted = r.allCommands && r.allKeys && r.allChannels;
    this.cachedDescr = null;
  }

  private setFlag(on: UserFlag, off: UserFlag): void { this.flags.add(on); this.flags.delete(off); }

  /** ACLSetUser: apply one modifier; returns an error message or null. `allChannelsByDefault` is acl-pubsub-default. */
  apply(op: string, allChannelsByDefault: boolean): string | null {
    const r = this.applyInner(op, allChannelsByDefault);
    this.changed();
    return r;
  }
  private applyInner(op: string, allChannelsByDefault: boolean): string | null {
    if (op.length === 0) return null;
    const lop = op.toLowerCase();
    switch (lop) {
      case 'on': this.setFlag('on', 'off'); return null;
      case 'off': this.setFlag('off', 'on'); return null;
      case 'skip-sanitize-payload': this.setFlag('skip-sanitize-payload', 'sanitize-payload'); return null;
      case 'sanitize-payload': this.setFlag('sanitize-payload', 'skip-sanitize-payload'); return null;
      case 'nopass': this.flags.add('nopass'); this.passwords = []; return null;
      case 'resetpass': this.flags.delete('nopass'); this.passwords = []; return null;
      case 'clearselectors': this.selectors.length = 1; return null;
      case 'reset':
        this.applyInner('resetpass', allChannelsByDefault);
        this.applyInner('resetkeys', allChannelsByDefault);
        this.applyInner('resetchannels', allChannelsByDefault);
        if (allChannelsByDefault) this.applyInner('allchannels', allChannelsByDefault);
        this.applyInner('off', allChannelsByDefault);
        this.applyInner('sanitize-payload', allChannelsByDefault);
        this.applyInner('clearselectors', allChannelsByDefault);
        this.applyInner('-@all', allChannelsByDefault);
        return null;
    }
    const c0 = op[0];
    if (c0 === '>' || c0 === '#') {
      let h: string;
      if (c0 === '>') h = hashPassword(op.slice(1));
      else { h = op.slice(1); if (!validHash(h)) return ERR_BAD_HASH; }
      if (!this.passwords.includes(h)) this.passwords.push(h);
      this.flags.delete('nopass');
      return null;
    }
    if (c0 === '<' || c0 === '!') {
      let h: string;
      if (c0 === '<') h = hashPassword(op.slice(1));
      else { h = op.slice(1); if (!validHash(h)) return ERR_BAD_HASH; }
      const i = this.passwords.indexOf(h);
      if (i < 0) return ERR_NO_SUCH_PASS;
      this.passwords.splice(i, 1);
      return null;
    }
    if (c0 === '(' && op[op.length - 1] === ')') {
      const s = new Selector(false, allChannelsByDefault);
      for (const a of splitArgs(op.slice(1, -1)) ?? []) { const e = s.apply(a); if (e) return e; }
      this.selectors.push(s);
      return null;
    }
    return this.root.apply(op);
  }

  /** ACLDescribeUser: the rule string of ACL LIST / ACL SAVE (cached until the user changes). */
  describe(): string {
    if (this.cachedDescr !== null) return this.cachedDescr;
    let r = '';
    for (const f of USER_FLAGS) if (this.flags.has(f)) r += f + ' ';
    for (const p of this.passwords) r += '#' + p + ' ';
    for (const s of this.selectors) r += s.root ? s.describe() : ' (' + s.describe() + ')';
    this.cachedDescr = r;
    return r;
  }

  /** Password check (ACLCheckUserCredentials without the disabled test). */
  checkPassword(pass: string): boolean {
    if (this.nopass) return true;
    const h = Buffer.from(hashPassword(pass));
    for (const p of this.passwords) if (crypto.timingSafeEqual(h, Buffer.from(p))) return true;
    return false;
  }
}

export function hashPassword(p: string): string {
  return crypto.createHash('sha256').update(Buffer.from(p, 'latin1')).digest('hex');
}
function validHash(h: string): boolean { return /^[0-9a-f]{64}$/.test(h); }
