import { afterAll, describe, expect, it } from 'vitest';
import { createClamdClient } from './attachments/clamd.js';
import { fakeClamd } from './attachments/test-helpers.js';
import { shippedPolicyVerdicts, singlePartMail, type ShippedVerdict } from './shipped-verdict.js';

/**
 * The harness of the blind sets (blind-families-*-messages.test.ts): cases written before reading
 * the detection code, each with what a good product does, run through the shipped policy with the
 * test clamd (or a fake one when the suite runs without clamd). For tests only.
 */

/** What a good product does: 'held' (quarantine or reject), 'flagged' (warned or held) or 'clean'. */
export type Want = 'held' | 'flagged' | 'clean';
export type Got = 'held' | 'warned' | 'clean';

export const outcome = (v: ShippedVerdict): Got =>
  v.action === 'quarantine' || v.action === 'reject' ? 'held' : v.warning || v.action !== 'deliver' ? 'warned' : 'clean';
export const meets = (got: Got, want: Want): boolean => (want === 'flagged' ? got !== 'clean' : got === want);

export interface BlindCase {
  name: string;
  want: Want;
  raw: () => Promise<string> | string;
  /** Set where the product gives less than `want` and that stays (the case says why): the case then asserts today's outcome. */
  today?: Got;
  /** The finding kinds that must be there all the same. */
  kinds?: string[];
}

/** One-part text and HTML mails to an.nguyen@lachan.test sent on `date`, and an HTML button of colour `colour`. */
export function blindMail(date: string, colour: string) {
  return {
    text: (headers: Record<string, string>, body: string) => singlePartMail({ To: 'an.nguyen@lachan.test', Date: date, ...headers }, body),
    html: (headers: Record<string, string>, body: string) =>
      singlePartMail({ To: 'an.nguyen@lachan.test', Date: date, ...headers }, `<html><body>${body}</body></html>`, 'text/html'),
    button: (href: string, label: string) =>
      `<table><tr><td style="background:${colour};padding:12px"><a href="${href}" style="color:#fff">${label}</a></td></tr></table>`,
  };
}

/**
 * Registers the two describe blocks of a blind set (`titles`: the phishing, the look-alikes) and
 * logs the tally (`tallyName`) when the file ends. `todayLabel` names the cases held to today's outcome.
 */
export function runBlindSet(opts: {
  /** The test clamd's address (inject('clamdUrl')); empty: a fake clamd. */
  clamdUrl: string;
  tallyName: string;
  titles: [string, string];
  todayLabel: string;
  phish: readonly BlindCase[];
  lookalikes: readonly BlindCase[];
}): void {
  const clamd = opts.clamdUrl ? createClamdClient(opts.clamdUrl, { timeoutMs: 20_000 }) : fakeClamd();
  afterAll(() => clamd.close());
  const verdict = shippedPolicyVerdicts({ clamd });
  const tally = { phish: { held: 0, warned: 0, clean: 0 }, lookalike: { held: 0, warned: 0, clean: 0 } };
  afterAll(() => {
    console.log(`${opts.tallyName}:`, JSON.stringify(tally));
  });
  const run = (c: BlindCase, side: keyof typeof tally) => async () => {
    const v = await verdict(await c.raw());
    const got = outcome(v);
    tally[side][got]++;
    for (const k of c.kinds ?? []) expect(v.kinds, c.name).toContain(k);
    if (c.today) expect(got, `${c.name} (${v.rules.join(', ')})`).toBe(c.today);
    else expect(meets(got, c.want), `${c.name}: got ${got} (${v.rules.join(', ')}; ${v.kinds.join(', ')})`).toBe(true);
  };
  describe(opts.titles[0], () => {
    for (const c of opts.phish) it(`${c.today ? `${c.today} today (${opts.todayLabel})` : c.want === 'held' ? 'holds' : 'flags'}: ${c.name}`, run(c, 'phish'));
  });
  describe(opts.titles[1], () => {
    for (const c of opts.lookalikes) it(`${c.today ? `${c.today} today (${opts.todayLabel})` : 'leaves alone'}: ${c.name}`, run(c, 'lookalike'));
  });
}
