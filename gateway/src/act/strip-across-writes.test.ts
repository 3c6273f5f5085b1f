import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import { parseMessage, type ParsedMessage } from '../parse/index.js';
import type { Evaluation } from '../pipeline/evaluate.js';
import { applyActions, applyActionsToBuffer, stripTargets } from './index.js';
import { collect, useShippedFixture } from '../../test/support/shipped-fixture.js';
import { removedFileName } from './strip.js';
import { planFor } from './testing.js';
import type { ActPlan } from './types.js';

/**
 * test-fixtures/malformed/generate.mjs fuzz-lfcr-delimiter-across-writes (fuzzer seed 905114,
 * sample 593, reduced): "\n\r" line ends and the first 64 KB write ending inside a delimiter line.
 * parse/ (64 KB writes) and act/ (the source's writes) read different trees from it until both
 * used one splitter (parse/mime-tree.ts MimeSplitter): the strip looked for the script at part 3,
 * found a text part there, and the message was held as unrewritable (part-mismatch).
 */
const NAME = 'fuzz-lfcr-delimiter-across-writes';
const SCRIPT = 'hoa-don.vbs';

/** The message in the 64 KB pieces a file stream (the spool) reads. */
function slices(raw: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < raw.length; i += 64 * 1024) out.push(raw.subarray(i, i + 64 * 1024));
  return out;
}

describe(`${NAME}: parse/ and act/ number the parts alike`, () => {
  let raw: Buffer;
  let ev: Evaluation;
  const parsed: ParsedMessage[] = [];
  useShippedFixture(NAME, (r, e) => {
    raw = r;
    ev = e;
  }, parsed);

  it('the script is part 4 (as one write reads it), and the verdict is the policy’s, not a scan failure', () => {
    expect(ev.parsed.attachments.map((a) => [a.partPath, a.filename])).toEqual([['4', SCRIPT]]);
    expect(ev.findings.filter((f) => f.kind === 'scanner.error')).toEqual([]);
    // other parsers end lines at the lone CR (Python): flagged, so the shipped policy holds it
    expect(ev.parsed.problems.map((p) => p.code)).toContain('ambiguous-boundary');
    expect(ev.verdict.action).toBe('quarantine');
    expect(ev.verdict.hits.map((h) => h.rule)).toEqual(expect.arrayContaining(['unscannable-message', 'dangerous-attachment']));
  });

  function stripPlan(warning: boolean): ActPlan {
    const ids = ev.parsed.attachments.map((a) => a.id);
    return planFor({ ...ev.verdict, action: 'deliver', warning, strip: ids }, stripTargets(ev.parsed.attachments, ids));
  }

  it('stripped as a strip policy would: the script’s part is replaced and every other byte is the input’s', async () => {
    const out = await applyActionsToBuffer(raw, stripPlan(false));
    const text = raw.toString('latin1');
    // the script's part, from its header block (after the delimiter's "\n") to the end of its body
    const start = text.indexOf('\rContent-Type: application/octet-stream');
    const end = text.indexOf('\n\r--b1--');
    expect(start).toBeGreaterThan(64 * 1024);
    const output = out.toString('latin1');
    const from = output.indexOf('From: ');
    expect(output.slice(0, from)).toMatch(/^(X-Lachan-(Ref|Verdict|Category): [^\n]*\n)+$/);
    expect(output.slice(from).startsWith(text.slice(0, start))).toBe(true);
    expect(output.endsWith(text.slice(end))).toBe(true);
    const replacement = output.slice(from + start, output.length - (text.length - end));
    expect(replacement).toContain(`name="${removedFileName(SCRIPT)}"`);
    expect(replacement).not.toContain(Buffer.from('MsgBox').toString('base64').slice(0, 8));

    // read again: the same parts under the same numbers, the notice in the script's place
    const again = await parseMessage(out, DEFAULT_LIMITS);
    parsed.push(again);
    expect(again.attachments.map((a) => [a.partPath, a.filename])).toEqual([['4', removedFileName(SCRIPT)]]);
  });

  it('the rewrite is the same whether act/ reads the message in one piece or in 64 KB pieces, banner included', async () => {
    for (const warning of [false, true]) {
      const whole = await applyActionsToBuffer(raw, stripPlan(warning));
      const pieces = await collect(applyActions(Readable.from(slices(raw)), stripPlan(warning)));
      expect(pieces.equals(whole)).toBe(true);
    }
  });
});
