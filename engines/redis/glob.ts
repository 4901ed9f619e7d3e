/**
 * Redis stringmatchlen(): glob with * ? [abc] [^a] [a-z] and backslash escapes.
 * Works on latin1 strings (binary safe). `nocase` folds ASCII case.
 */
export function globMatch(pattern: string, str: string, nocase = false): boolean {
  if (pattern === '*') return true;
  return match(pattern, 0, str, 0, nocase, { skip: false });
}

function lower(c: number): number { return c >= 65 && c <= 90 ? c + 32 : c; }

function match(p: string, pi: number, s: string, si: number, nocase: boolean, st: { skip: boolean }): boolean {
  const plen = p.length, slen = s.length;
  while (pi < plen && slen - si >= 0) {
    const pc = p.charCodeAt(pi);
    switch (pc) {
      case 42: { // *
        while (pi + 1 < plen && p.charCodeAt(pi + 1) === 42) pi++;
        if (pi + 1 === plen) return true;
        // Redis skipLongerMatches: once a suffix fails, longer prefixes can't help.
        for (let k = si; k < slen; k++) {
          if (match(p, pi + 1, s, k, nocase, st)) return true;
          if (st.skip) return false;
        }
        st.skip = true;
        return false;
      }
      case 63: // ?
        if (si >= slen) return false;
        si++;
        break;
      case 91: { // [
        if (si >= slen) return false;
        pi++;
        const not = p.charCodeAt(pi) === 94;
        if (not) pi++;
        let ok = false;
        const sc = nocase ? lower(s.charCodeAt(si)) : s.charCodeAt(si);
        for (;;) {
          if (pi >= plen) { pi--; break; }
          const c = p.charCodeAt(pi);
          if (c === 92 && pi + 2 <= plen - 1 + 1 && pi + 1 < plen) {
            pi++;
            if ((nocase ? lower(p.charCodeAt(pi)) : p.charCodeAt(pi)) === sc) ok = true;
          } else if (c === 93) {
            break;
          } else if (pi + 2 < plen && p.charCodeAt(pi + 1) === 45) {
            let start = p.charCodeAt(pi), end = p.charCodeAt(pi + 2);
            if (start > end) { const t = start; start = end; end = t; }
            if (nocase) { start = lower(start); end = lower(end); }
            pi += 2;
            if (sc >= start && sc <= end) ok = true;
          } else {
            if ((nocase ? lower(c) : c) === sc) ok = true;
          }
          pi++;
        }
        if (not) ok = !ok;
        if (!ok) return false;
        si++;
        break;
      }
      default: {
        if (pc === 92 && pi + 1 < plen) pi++; // backslash escape
        if (si >= slen) return false;
        const a = p.charCodeAt(pi), b = s.charCodeAt(si);
        if (nocase ? lower(a) !== lower(b) : a !== b) return false;
        si++;
        break;
      }
    }
    pi++;
    if (si >= slen) {
      while (pi < plen && p.charCodeAt(pi) === 42) pi++;
      break;
    }
  }
  return pi >= plen && si >= slen;
}
