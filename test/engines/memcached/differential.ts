// Shared driver for differential scenarios: the same text steps go to the
// real memcached and to our engine, each on its own connection, and the
// normalised replies must be identical.

import { expect } from 'vitest';
import { Normalizer, RawClient, lastCasIn, textStep } from './harness.js';

/** A step: text to send. "{cas}" is replaced with the last CAS this server returned. */
export type Step = string | { raw: string } | { sleep: number };

export interface Side { port: number; client?: RawClient; norm: Normalizer; lastCas: string }

export async function runScenario(name: string, steps: Step[], realPort: number, ourPort: number): Promise<number> {
  const sides: Side[] = [
    { port: realPort, norm: new Normalizer(), lastCas: '0' },
    { port: ourPort, norm: new Normalizer(), lastCas: '0' },
  ];
  for (const s of sides) s.client = await RawClient.connect(s.port);
  let assertions = 0;
  try {
    for (const s of sides) await textStep(s.client!, 'flush_all\r\n');
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i];
      if (typeof step === 'object' && 'sleep' in step) {
        await new Promise((r) => setTimeout(r, step.sleep));
        continue;
      }
      const replies = await Promise.all(sides.map(async (s) => {
        const text = typeof step === 'string' ? step : step.raw;
        const sent = text.replace(/\{cas\}/g, s.lastCas).replace(/\{cas\+1\}/g, String(BigInt(s.lastCas) + 1n));
        const reply = await textStep(s.client!, sent, typeof step !== 'string');
        const cas = lastCasIn(reply);
        if (cas !== null) s.lastCas = cas;
        return s.norm.text(reply);
      }));
      const label = `${name} step ${i}: ${JSON.stringify(typeof step === 'string' ? step : step.raw).slice(0, 120)}`;
      if (process.env.DIFF_DEBUG) console.log(label, JSON.stringify(replies[0]));
      expect(replies[1], label).toBe(replies[0]);
      assertions++;
    }
  } finally {
    for (const s of sides) s.client?.close();
  }
  return assertions;
}
