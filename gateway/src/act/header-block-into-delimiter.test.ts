import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import { parseMessage, type ParsedMessage } from '../parse/index.js';
import type { Evaluation } from '../pipeline/evaluate.js';
import { applyActions, applyActionsToBuffer, stripTargets } from './index.js';
import { previewActions } from './preview.js';
import { collect, useShippedFixture } from '../../test/support/shipped-fixture.js';
import { removedFileName } from './strip.js';
import { bannerTokenFor, planFor } from './testing.js';
import type { ActPlan } from './types.js';

/**
 * test-fixtures/malformed/generate.mjs header-block-into-delimiter (the fuzzer's "act-refused: its
 * MIME split gives # bytes for #", seeds 112501 and 777): a text part, a part whose header block runs
 * straight into the next delimiter line, and a script. mailsplit dropped the middle part's header
 * lines, so the split lost bytes (act/split-fidelity.ts) and the message was held instead of having
 * the script stripped. The part's headers end at the delimiter and its body is empty
 * (parse/mime-tree.ts MimeSplitter): every reader numbers it part 2 and the script part 3.
 */
const NAME = 'header-block-into-delimiter';
const SCRIPT = 'hoa-don.vbs';
const HEADER_ONLY = 'Content-Type: text/plain; charset=utf-8\r\nContent-Disposition: inline\r\n--b1\r\n';

describe(`${NAME}: the banner and the strip keep every other byte`, () => {
  let raw: Buffer;
  let ev: Evaluation;
  const parsed: ParsedMessage[] = [];
  useShippedFixture(NAME, (r, e) => {
    raw = r;
    ev = e;
  }, parsed);

  it('the script is part 3 (the header-only part is 2), and the shipped policy strips it and warns', () => {
    expect(raw.toString('latin1')).toContain(HEADER_ONLY);
    expect(ev.parsed.attachments.map((a) => [a.partPath, a.filename])).toEqual([['3', SCRIPT]]);
    expect(ev.verdict.action).toBe('deliver');
    expect(ev.verdict.warning).toBe(true);
    expect(ev.verdict.strip).toEqual(ev.parsed.attachments.map((a) => a.id));
  });

  function plan(warning: boolean): ActPlan {
    const ids = ev.parsed.attachments.map((a) => a.id);
    return planFor({ ...ev.verdict, action: 'deliver', warning, strip: ids }, stripTargets(ev.parsed.attachments, ids));
  }

  it('the preview finds the split faithful and the banner shown', async () => {
    expect(await previewActions(Readable.from([raw]), plan(true))).toEqual({ bannered: 1, faithful: true });
  });

  /** The message cut at its delimiter lines ("\r\n--b1" before each): head, the parts, the close. */
  function pieces(message: string): string[] {
    return message.split(/(?=\r\n--b1)/);
  }

  it('script replaced, every other byte the input’s (the header-only part included)', async () => {
    const out = (await applyActionsToBuffer(raw, plan(false))).toString('latin1');
    const [head, text, headerOnly, script, close] = pieces(raw.toString('latin1'));
    const got = pieces(out);
    expect(got).toHaveLength(5);
    expect(got[0]).toMatch(/^(X-Lachan-(Ref|Verdict|Category): [^\n]*\r\n)+From: /);
    // X-Lachan-* fields from outside (the fixture's description) are removed: nobody may forge ours
    expect(got[0]!.slice(got[0]!.indexOf('From: '))).toBe(head!.replace(/^X-Lachan-Fixture: [^\n]*\n/m, ''));
    expect(got.slice(1, 3)).toEqual([text, headerOnly]);
    expect(got[4]).toBe(close);
    expect(got[3]).toContain(`name="${removedFileName(SCRIPT)}"`);
    expect(script).toContain('TXNnQm94');
    expect(got[3]).not.toContain('TXNnQm94');
  });

  it('with the banner: in the text part only (the header-only part has no body to put it in), the rest as above', async () => {
    const p = plan(true);
    const out = await applyActionsToBuffer(raw, p);
    const [, , headerOnly, , close] = pieces(raw.toString('latin1'));
    const got = pieces(out.toString('latin1'));
    expect(got).toHaveLength(5);
    expect(got[1]).toContain(bannerTokenFor(p));
    expect(got[2]).toBe(headerOnly);
    expect(headerOnly).toBe(`\r\n--b1\r\n${HEADER_ONLY.slice(0, -'\r\n--b1\r\n'.length)}`);
    expect(got[4]).toBe(close);

    // read again: the same parts under the same numbers, the notice in the script's place
    const again = await parseMessage(out, DEFAULT_LIMITS);
    parsed.push(again);
    expect(again.attachments.map((a) => [a.partPath, a.filename])).toEqual([['3', removedFileName(SCRIPT)]]);
    expect(again.text).toContain('Xem tệp đính kèm.');
  });

  it('the same rewrite whether act/ reads the message in one piece or cut at any byte', async () => {
    for (const warning of [false, true]) {
      const whole = await applyActionsToBuffer(raw, plan(warning));
      for (let at = 1; at < raw.length; at += 7) {
        const pieces = await collect(applyActions(Readable.from([raw.subarray(0, at), raw.subarray(at)]), plan(warning)));
        if (!pieces.equals(whole)) expect({ at, out: pieces.toString('latin1') }).toEqual({ at, out: whole.toString('latin1') });
      }
    }
  });
});
