import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { ScanLine } from '../cli/scan.js';
import { shippedFolderScans } from './shipped-engine.js';

/**
 * Callback phishing (content.callback-scam, content/callback.ts) under the shipped policy and the
 * same evaluate() as the SMTP path (`lachan scan`). test-fixtures/callback (built by its
 * generate.mjs): fake charge, renewal and invoice notices that ask the reader to call a number to
 * cancel or get a refund, in English and Vietnamese (with and without diacritics), the number
 * written plainly, with dots, spaces or the letter O for zeros; phish-*.eml are held (free-mail
 * sender, or a brand of the list named by a sender not on its domains) or warned, as their
 * X-Lachan-Expect header says. ham-*.eml (a bank's transaction notice with its hotline, shops'
 * order confirmation and refund receipt with a customer-service number, an office memo listing
 * phone numbers, a police fraud-awareness notice quoting the scam) are delivered with no banner.
 * The last fixtures carry the notice, or a genuine invoice with its hotline, as a PDF attachment
 * (read by pdf.js in its worker: scan/pdf-text).
 */
const { dir: DIR, files: FILES, lines } = shippedFolderScans('callback', () => inject('clamdUrl'));

const expected = (name: string): string => /^X-Lachan-Expect: (\w+)/m.exec(readFileSync(path.join(DIR, `${name}.eml`), 'latin1'))?.[1] ?? 'clean';
const got = (line: ScanLine): string => (line.action !== 'deliver' ? 'held' : line.warning ? 'warned' : 'clean');
const why = (line: ScanLine) => JSON.stringify(line.findings.filter((f) => f.rule && f.rule !== 'external-sender').map((f) => [f.rule, f.kind, f.tags]));

describe('callback phishing and look-alike genuine mail (test-fixtures/callback) under the shipped policy', () => {
  it('has callback notices and genuine counterparts', () => {
    expect(FILES.filter((f) => f.startsWith('phish-')).length).toBeGreaterThanOrEqual(6);
    expect(FILES.filter((f) => f.startsWith('ham-')).length).toBeGreaterThanOrEqual(6);
  });

  it('holds or warns on every callback notice as its fixture says, through the callback rules', () => {
    const wrong: string[] = [];
    for (const [name, line] of lines) {
      if (!name.startsWith('phish-')) continue;
      expect(line.error, name).toBeUndefined();
      const want = expected(name);
      if (got(line) !== want) wrong.push(`${name}: got ${got(line)}, want ${want}; ${why(line)}`);
      const rules = line.findings.map((f) => f.rule);
      if (!rules.includes('callback-scam')) wrong.push(`${name}: rule callback-scam did not fire; ${why(line)}`);
      if ((want === 'held') !== rules.includes('callback-scam-impostor')) wrong.push(`${name}: callback-scam-impostor ${want === 'held' ? 'missing' : 'fired'}; ${why(line)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('tags who sent it: free mail, or a brand the sender does not belong to', () => {
    const tags = (name: string) => lines.get(name)!.findings.find((f) => f.kind === 'content.callback-scam')?.tags ?? [];
    expect(tags('phish-en-norton-renewal-gmail')).toEqual(expect.arrayContaining(['amount', 'call-to-cancel', 'phone', 'freemail', 'brand-elsewhere', 'norton']));
    expect(tags('phish-en-paypal-dotted-number')).toEqual(expect.arrayContaining(['brand-elsewhere', 'paypal']));
    expect(tags('phish-en-paypal-dotted-number')).not.toContain('freemail');
    expect(tags('phish-vi-tru-tien-mien-la')).not.toContain('freemail');
    expect(tags('phish-vi-tru-tien-mien-la')).not.toContain('brand-elsewhere');
  });

  it('reads the notice in a PDF attachment under a one-line body (tag in-pdf, scan/pdf-text)', () => {
    const found = lines.get('phish-en-invoice-pdf-gmail')!.findings.filter((f) => f.kind === 'content.callback-scam');
    // one finding (listed once per rule it fires: callback-scam, callback-scam-impostor)
    expect(new Set(found.map((f) => f.detail)).size).toBe(1);
    expect(found[0]!.tags).toEqual(expect.arrayContaining(['in-pdf', 'freemail', 'brand-elsewhere', 'norton']));
    expect(found[0]!.detail).toContain('invoice_2026-11-24_QXTRLMNBVW.pdf');
  });

  it('delivers every genuine look-alike without a banner and without a callback finding', () => {
    const wrong: string[] = [];
    for (const [name, line] of lines) {
      if (!name.startsWith('ham-')) continue;
      expect(line.error, name).toBeUndefined();
      if (got(line) !== 'clean' || line.findings.some((f) => f.kind === 'content.callback-scam')) wrong.push(`${name}: got ${got(line)}; ${why(line)}`);
    }
    expect(wrong).toEqual([]);
  });
});
