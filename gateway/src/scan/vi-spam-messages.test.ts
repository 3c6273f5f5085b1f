import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { scanOne, type ScanLine } from '../cli/scan.js';
import { shippedPolicyEngine } from './shipped-engine.js';

/**
 * Vietnamese advertising spam and scam texts by family (test-fixtures/vi-spam/spam, built by its
 * generate.mjs: betting tips and lottery betting, quick loans on an ID card, paid-likes task jobs,
 * coin pump groups, SEO and paid engagement, adult ads, counterfeit goods, fake prizes, laughing
 * gas, online casino, abusive comments in teen code) must be caught: warned or held. Legitimate official and business mail using
 * the nearby words (test-fixtures/vi-spam/ham: a bank statement, a recruitment notice, a
 * social-policy loan programme, lottery results, a police bulletin on a gambling ring, a
 * market-control notice on counterfeits, a web agency's quote, an official letter with CC lines and
 * ĐM/DM codes, a colleague's note with everyday slang) must be delivered without a banner.
 * Through the same evaluate() as the SMTP path (`lachan scan`), with the shipped policy.
 */
const DIR = fileURLToPath(new URL('../../../test-fixtures/vi-spam', import.meta.url));
const POLICY_DIR = fileURLToPath(new URL('../../../policies', import.meta.url));

const names = (sub: string) =>
  readdirSync(path.join(DIR, sub))
    .filter((f) => f.endsWith('.eml'))
    .sort();
const SPAM = names('spam');
const HAM = names('ham');
const lines = new Map<string, ScanLine>();
const HOLD = new Set<ScanLine['action']>(['quarantine', 'reject']);
const caught = (line: ScanLine) => line.warning || HOLD.has(line.action);
/**
 * Legitimate messages that still get the banner (never held), with why no general rule can leave
 * them alone without missing the spam that uses the same words. Move one out when a change fixes it.
 */
const KNOWN_WARNED_HAM: Record<string, string> = {
  // 'cong-an-triet-pha-danh-bac' was one until the fraud-awareness exception (content/awareness.ts) read police bulletins ("bản tin an ninh trật tự") too
};
const why = (line: ScanLine) => JSON.stringify(line.findings.filter((f) => f.rule && f.rule !== 'external-sender').map((f) => [f.rule, f.subject]));

describe('Vietnamese spam families and the official mail that uses their words (test-fixtures/vi-spam) under the shipped policy', () => {
  let close: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const shipped = await shippedPolicyEngine(POLICY_DIR, inject('clamdUrl'));
    close = shipped.close;
    const engine = shipped.engine;
    for (const sub of ['spam', 'ham']) {
      for (const f of names(sub)) lines.set(`${sub}/${f.replace(/\.eml$/, '')}`, await scanOne(path.join(DIR, sub, f), engine));
    }
  }, 120_000);
  afterAll(async () => {
    await close?.();
  });

  it('has at least 8 spam and 6 legitimate messages', () => {
    expect(SPAM.length).toBeGreaterThanOrEqual(8);
    expect(HAM.length).toBeGreaterThanOrEqual(6);
  });

  it('catches every spam message (warning banner or held)', () => {
    const missed: string[] = [];
    for (const [name, line] of lines) {
      if (!name.startsWith('spam/')) continue;
      expect(line.error, name).toBeUndefined();
      if (!caught(line)) missed.push(`${name}: ${line.action}, findings ${JSON.stringify(line.findings.map((f) => [f.kind, f.subject]))}`);
    }
    expect(missed).toEqual([]);
  });

  it('delivers every legitimate message without a banner, but the known warned ones, which are never held', () => {
    const wrong: string[] = [];
    for (const name of Object.keys(KNOWN_WARNED_HAM)) expect(lines.has(`ham/${name}`), name).toBe(true);
    for (const [name, line] of lines) {
      if (!name.startsWith('ham/')) continue;
      expect(line.error, name).toBeUndefined();
      const want = name.slice(4) in KNOWN_WARNED_HAM ? 'warned' : 'clean';
      const got = HOLD.has(line.action) ? 'held' : line.warning ? 'warned' : 'clean';
      if (got !== want) wrong.push(`${name}: got ${got} (${line.action}), want ${want}; ${why(line)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('catches each family by its own wording, not only by a contact line', () => {
    const rules = (name: string) => lines.get(name)!.findings.map((f) => f.rule);
    for (const name of ['spam/soi-keo-bach-thu-lo', 'spam/dich-vu-seo-tang-like', 'spam/hang-rep-super-fake', 'spam/bong-cuoi-giao-nhanh']) {
      expect(rules(name), name).toContain('scam-phrases');
    }
  });

  it('reads abusive comments in teen code and pulled-apart letters as harmful language, and not CC, ĐM or DM in an official letter', () => {
    const harmful = (name: string) => lines.get(name)!.findings.filter((f) => f.list === 'harmful_words' || f.list === 'harmful_mild');
    for (const name of ['spam/binh-luan-chui-teen-code', 'spam/binh-luan-chui-tach-chu']) {
      expect(lines.get(name)!.findings.map((f) => f.rule), name).toContain('harmful-language');
    }
    expect(harmful('spam/binh-luan-chui-tach-chu').map((f) => f.subject)).toEqual(expect.arrayContaining(['đéo', 'lồn', 'câm mồm']));
    expect(harmful('ham/cong-van-cc-dinh-muc')).toEqual([]);
    // everyday slang among colleagues: one swear word and mild intensifiers (counted once) stay under the threshold
    expect(harmful('ham/thu-ban-be-noi-tuc-nhe').length).toBeGreaterThan(0);
  });
});
