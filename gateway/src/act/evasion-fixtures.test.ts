import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import { parseMessage, type ParsedMessage } from '../parse/index.js';
import type { Evaluation } from '../pipeline/evaluate.js';
import { useShippedFixture } from '../../test/support/shipped-fixture.js';
import { applyActionsToBuffer, stripTargets } from './index.js';
import { finding, planFor, verdictWith } from './testing.js';

/**
 * The MIME evasions of test-fixtures/malformed/generate.mjs (evasionFixtures), under the shipped
 * policy: each hides a program (MZ) that a mail client shows. The verdict names it under the name a
 * client shows and strips it, or holds the message; never is it delivered. parse/ and act/ number
 * the parts alike: a rewrite that strips every attachment parse/ found finds each where parse/
 * said and leaves none of their bytes.
 *
 * `names`: file names the verdict must carry (every name an attachment goes by), where parse/ finds
 * the program; `held`: the message is quarantined (its structure is read differently by clients).
 */
const CASES: Record<string, { held: boolean; names: string[] }> = {
  'digest-header-only-member': { held: false, names: ['hoa-don.exe'] },
  // held as ambiguous; the program is only in the second Content-Type's parts, which we do not read
  'content-type-twice-boundary': { held: true, names: [] },
  'boundary-rfc2231-charset': { held: false, names: ['hoa-don.exe'] },
  'boundary-quoted-equals-space': { held: false, names: ['hoa-don.exe'] },
  'close-delimiter-no-crlf': { held: false, names: ['hoa-don.exe'] },
  // held: the CR-only part is another part to Python and Outlook, text to mailsplit
  'line-ends-lf-cr-crlf': { held: true, names: [] },
  'cte-with-params': { held: true, names: ['hoa-don.exe'] },
  'cte-upper-duplicate': { held: false, names: ['hoa-don.exe'] },
  'base64-unpadded': { held: false, names: ['hoa-don.exe'] },
  'base64-data-after-pad': { held: false, names: ['hoa-don.exe'] },
  'name-only-in-content-type': { held: false, names: ['hoa-don.exe'] },
  'text-plain-named-exe': { held: false, names: ['hoa-don.exe'] },
  'text-inline-filename-exe': { held: false, names: ['hoa-don.exe'] },
  'rfc2231-rtlo-percent': { held: true, names: ['hoa-don\u202efdp.exe'] },
  'filename-paths': { held: false, names: ['../../hoa-don.exe', 'C:\\Users\\Public\\hoa-don.exe'] },
  'header-whitespace-line': { held: true, names: ['hoa-don.exe'] },
  'rfc822-inner-broken-header': { held: false, names: ['hoa-don.exe'] },
  'multipart-no-boundary-lines': { held: true, names: [] },
  'headers-8bit-windows-1258': { held: false, names: ['hóa-ðõn.exe'] },
  'deep-multipart-300-exe': { held: true, names: [] },
};

const names = (m: ParsedMessage) => m.attachments.flatMap((a) => [a.filename, ...(a.otherNames ?? [])]);

for (const [name, expected] of Object.entries(CASES)) {
  describe(`evasion fixture ${name}`, () => {
    const parsed: ParsedMessage[] = [];
    let raw: Buffer;
    let ev: Evaluation;
    useShippedFixture(name, (r, e) => {
      raw = r;
      ev = e;
    }, parsed);

    it(expected.held ? 'is held, never delivered' : 'names the program and strips it; the rest is delivered with a warning', () => {
      expect(names(ev.parsed)).toEqual(expect.arrayContaining(expected.names));
      if (expected.held) {
        expect(ev.verdict.action).toBe('quarantine');
        return;
      }
      expect(ev.verdict.action).toBe('deliver');
      // by its bytes, or by its name where a decoder reads other bytes (data after base64 padding)
      const programs = ev.parsed.attachments.filter((a) => a.trueType?.ext === 'exe' || /\.exe$/i.test(a.filename));
      expect(programs.map((a) => a.filename).sort()).toEqual([...expected.names].sort());
      expect(ev.verdict.strip).toEqual(expect.arrayContaining(programs.map((a) => a.id)));
    });

    it('act/ finds every attachment parse/ found where parse/ said, and strips it', async () => {
      const ids = ev.parsed.attachments.map((a) => a.id);
      const plan = planFor(verdictWith([finding('attachment.dangerous-type')], { action: 'strip', strip: ids }), stripTargets(ev.parsed.attachments, ids));
      const again = await parseMessage(await applyActionsToBuffer(raw, plan), DEFAULT_LIMITS);
      parsed.push(again);
      const removed = new Set(ev.parsed.attachments.filter((a) => a.size > 0).map((a) => a.sha256));
      expect(again.attachments.filter((a) => removed.has(a.sha256)).map((a) => a.filename)).toEqual([]);
    });
  });
}
