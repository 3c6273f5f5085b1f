import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { scanOne, type ScanLine } from '../cli/scan.js';
import { shippedPolicyEngine } from './shipped-engine.js';

/**
 * Vietnamese spam by kind (test-fixtures/vi-spam-kinds, built by its generate.mjs): quick loans,
 * betting and lottery betting, fake prizes and "việc nhẹ lương cao" task jobs are held whether written
 * with diacritics, without them or in teen code, and with a Zalo handle or a bare mobile number;
 * SIM-number, land, flat, counterfeit-goods, clearance and telco advertising is at least warned about.
 * The legitimate mail that uses the same words (a province notice on the promotion month, a
 * colleague's hotel quote with a discount and her mobile, a school fee notice, a public-property
 * auction, a lottery company's claim instructions, a scholarship congratulation, a police advisory
 * quoting a loan scam) is delivered without a banner. Each fixture names what it expects in its
 * X-Lachan-Expect header: held, warned, clean, or caught (warned or held).
 * Through the same evaluate() as the SMTP path (`lachan scan`), with the shipped policy.
 */
const DIR = fileURLToPath(new URL('../../../test-fixtures/vi-spam-kinds', import.meta.url));
const POLICY_DIR = fileURLToPath(new URL('../../../policies', import.meta.url));

const HOLD = new Set<ScanLine['action']>(['quarantine', 'reject']);
type Outcome = 'held' | 'warned' | 'clean';
const outcome = (line: ScanLine): Outcome => (HOLD.has(line.action) ? 'held' : line.warning ? 'warned' : 'clean');
const accepts = (want: string, got: Outcome): boolean => (want === 'caught' ? got !== 'clean' : want === got);
const why = (line: ScanLine) => JSON.stringify(line.findings.filter((f) => f.rule && f.rule !== 'external-sender').map((f) => [f.rule, f.subject]));

interface Case {
  name: string;
  want: string;
  line?: ScanLine;
}
const cases: Case[] = [];
for (const sub of ['spam', 'ham']) {
  for (const f of readdirSync(path.join(DIR, sub)).filter((n) => n.endsWith('.eml')).sort()) {
    const want = /^X-Lachan-Expect: (\w+)/m.exec(readFileSync(path.join(DIR, sub, f), 'latin1'))?.[1] ?? 'missing';
    cases.push({ name: `${sub}/${f.replace(/\.eml$/, '')}`, want });
  }
}

describe('Vietnamese spam by kind and the legitimate mail that uses its words (test-fixtures/vi-spam-kinds) under the shipped policy', () => {
  let close: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const shipped = await shippedPolicyEngine(POLICY_DIR, inject('clamdUrl'));
    close = shipped.close;
    for (const c of cases) c.line = await scanOne(path.join(DIR, `${c.name}.eml`), shipped.engine);
  }, 120_000);
  afterAll(async () => {
    await close?.();
  });

  it('has at least 12 spam and 6 legitimate messages, each saying what it expects', () => {
    expect(cases.filter((c) => c.name.startsWith('spam/')).length).toBeGreaterThanOrEqual(12);
    expect(cases.filter((c) => c.name.startsWith('ham/')).length).toBeGreaterThanOrEqual(6);
    for (const c of cases) expect(['held', 'warned', 'clean', 'caught'], c.name).toContain(c.want);
    for (const c of cases.filter((x) => x.name.startsWith('ham/'))) expect(c.want, c.name).toBe('clean');
  });

  it('gives each message the outcome it expects', () => {
    const wrong: string[] = [];
    for (const c of cases) {
      expect(c.line?.error, c.name).toBeUndefined();
      const got = outcome(c.line!);
      if (!accepts(c.want, got)) wrong.push(`${c.name}: got ${got} (${c.line!.action}), want ${c.want}; ${why(c.line!)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('holds loans, betting, prizes and easy jobs offered with a bare mobile number (scam-offer-clear), not only with a chat app', () => {
    const rules = (name: string) => cases.find((c) => c.name === name)!.line!.findings.map((f) => f.rule);
    for (const name of ['spam/vay-no-xau-khong-dau', 'spam/nha-cai-ca-cuoc', 'spam/trung-thuong-phi-nhan', 'spam/viec-nhe-luong-cao']) {
      expect(rules(name), name).toContain('scam-offer-clear');
      expect(rules(name), name).not.toContain('scam-offer-private-chat');
    }
  });

  it('warns on classified ads by what they sell, a price and a number (sms-advertising price-and-phone)', () => {
    const tags = (name: string) => cases.find((c) => c.name === name)!.line!.findings.filter((f) => f.kind === 'content.sms-ad').flatMap((f) => f.tags ?? []);
    for (const name of ['spam/ban-dat-nen', 'spam/can-ho-khong-dau', 'spam/khuyen-mai-xa-kho', 'spam/sim-so-dep']) expect(tags(name), name).toContain('price-and-phone');
    expect(tags('spam/khuyen-mai-nha-mang')).toContain('sms-instruction');
  });
});
