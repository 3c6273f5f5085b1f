import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { LachanError } from '../errors.js';
import { MAX_BANNER_PART_BYTES } from './act-stream.js';
import { applyActions, applyActionsToBuffer } from './index.js';
import { bannerWillShow, previewActions } from './preview.js';
import { finding, mail, planFor, utf8, verdictWith } from './testing.js';
import type { ActPlan } from './types.js';

const warned = verdictWith([finding('url.ip-host', 'http://192.0.2.10/login')]);
const plan = planFor(warned);
const HEAD = ['From: a@example.net', 'To: b@lachan.test', 'Subject: t', 'MIME-Version: 1.0'];

/** The real rewrite: its output, how many parts carried the banner, or the error it failed with. */
async function realRun(raw: Buffer, p: ActPlan): Promise<{ out?: Buffer; bannered: number; error?: unknown }> {
  let bannered = 0;
  const chunks: Buffer[] = [];
  try {
    const out = applyActions(Readable.from([raw]), { ...p, onBanner: () => void (bannered += 1) });
    for await (const chunk of out) chunks.push(chunk as Buffer);
    return { out: Buffer.concat(chunks), bannered };
  } catch (error) {
    return { bannered, error };
  }
}

const bigLine = `${'x'.repeat(998)}\r\n`;
const overLimit = bigLine.repeat(Math.ceil((MAX_BANNER_PART_BYTES + 1) / bigLine.length));

/** Edge cases for the banner: each says how many body parts carry it. */
const EDGE: Record<string, { raw: Buffer; bannered: number }> = {
  'plain text': { raw: mail([...HEAD, 'Content-Type: text/plain; charset=utf-8', '', utf8('Xin chào')]), bannered: 1 },
  'no body part at all (headers only)': { raw: mail([...HEAD, '', '']), bannered: 1 },
  'only an attachment': {
    raw: mail([...HEAD, 'Content-Type: application/pdf', 'Content-Disposition: attachment; filename=a.pdf', 'Content-Transfer-Encoding: base64', '', 'JVBERi0xLjQK']),
    bannered: 0,
  },
  'the only text part is over MAX_BANNER_PART_BYTES': {
    raw: Buffer.concat([mail([...HEAD, 'Content-Type: text/plain; charset=utf-8', '', '']), Buffer.from(overLimit)]),
    bannered: 0,
  },
  'a text part over the limit beside an HTML part that can take the banner': {
    raw: Buffer.concat([
      mail([...HEAD, 'Content-Type: multipart/alternative; boundary="b"', '', '--b', 'Content-Type: text/plain', '', '']),
      Buffer.from(overLimit),
      mail(['--b', 'Content-Type: text/html', '', '<html><body>hi</body></html>', '--b--', '']),
    ]),
    bannered: 1,
  },
  'UTF-16 text that does not decode (an odd byte)': {
    raw: Buffer.concat([mail([...HEAD, 'Content-Type: text/plain; charset=utf-16le', 'Content-Transfer-Encoding: binary', '', '']), Buffer.from('hi', 'utf16le'), Buffer.from([0x41])]),
    bannered: 0,
  },
  'UTF-16 text that decodes': {
    raw: Buffer.concat([mail([...HEAD, 'Content-Type: text/plain; charset=utf-16le', 'Content-Transfer-Encoding: base64', '', '']), Buffer.from(Buffer.from('xin chào', 'utf16le').toString('base64'))]),
    bannered: 1,
  },
  'HTML in an ASCII-incompatible charset iconv does not know': {
    raw: Buffer.concat([mail([...HEAD, 'Content-Type: text/html; charset=utf-16-x-unknown', '', '']), Buffer.from('<p>hi</p>', 'utf16le')]),
    bannered: 0,
  },
  'the text part is the attachment to strip': {
    raw: mail([...HEAD, 'Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/plain', 'Content-Disposition: inline; filename=run.vbs', '', 'x', '--b--', '']),
    bannered: 0,
  },
};
const stripFirst: ActPlan = planFor(warned, [{ id: 'a1', partPath: '1', filename: 'run.vbs' }]);
const planOf = (name: string): ActPlan => (name === 'the text part is the attachment to strip' ? stripFirst : plan);

describe('previewActions', () => {
  for (const [name, { raw, bannered }] of Object.entries(EDGE)) {
    it(`counts the parts that will carry the banner as the real rewrite does: ${name}`, async () => {
      const p = planOf(name);
      const real = await realRun(raw, p);
      expect(real.error).toBeUndefined();
      expect(real.bannered).toBe(bannered);
      expect((await previewActions(Readable.from([raw]), p)).bannered).toBe(bannered);
      expect(await bannerWillShow(Readable.from([raw]), p)).toBe(bannered > 0);
    }, 30_000);
  }

  it('counts a part that already carries our banner (the same message passing again)', async () => {
    const once = await applyActionsToBuffer(EDGE['plain text']!.raw, plan);
    const again = await realRun(once, plan);
    expect(again.out?.toString('latin1').split('[L').length).toBe(once.toString('latin1').split('[L').length); // no second banner
    expect(again.bannered).toBe(1);
    expect((await previewActions(Readable.from([once]), plan)).bannered).toBe(1);
  });

  it('counts nothing for a message without a warning', async () => {
    const calm = planFor(verdictWith([], { warning: false }));
    expect((await previewActions(Readable.from([EDGE['plain text']!.raw]), calm)).bannered).toBe(0);
  });

  it('rejects with the LachanError the real rewrite fails with when a part to strip is not there', async () => {
    const missing = planFor(warned, [{ id: 'a1', partPath: '7', filename: 'x.exe' }]);
    const raw = EDGE['plain text']!.raw;
    const real = await realRun(raw, missing);
    const preview = await previewActions(Readable.from([raw]), missing).catch((e: unknown) => e);
    expect(real.error).toBeInstanceOf(LachanError);
    expect(preview).toBeInstanceOf(LachanError);
    expect((preview as LachanError).code).toBe('LC_SCAN_FAILED');
    expect((preview as LachanError).message).toBe((real.error as LachanError).message);
  });

  it('stops at the first banner with untilBanner, so a failure later in the message shows only in a full run', async () => {
    // past mailsplit's limit of 1000 MIME nodes, after a first text part that takes the banner
    const parts = Array.from({ length: 1001 }, (_, i) => `--b\r\nContent-Type: text/x-note\r\n\r\nn${i}\r\n`).join('');
    const raw = Buffer.concat([mail([...HEAD, 'Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/plain', '', 'hello', '']), Buffer.from(`${parts}--b--\r\n`)]);
    expect((await previewActions(Readable.from([raw]), plan, { untilBanner: true })).bannered).toBe(1);
    const full = await previewActions(Readable.from([raw]), plan).catch((e: unknown) => e);
    expect((full as LachanError).message).toMatch(/child nodes/);
    expect((await realRun(raw, plan)).error).toBeInstanceOf(LachanError);
  });

  // Every committed fixture, with a plan that warns: the preview and the real run agree.
  const fixtures = join(import.meta.dirname, '../../../test-fixtures');
  const files = ['mail', 'malformed', 'attachments'].flatMap((dir) =>
    readdirSync(join(fixtures, dir))
      .filter((f) => f.endsWith('.eml'))
      .map((f) => join(dir, f)),
  );
  it.each(files)('agrees with the real rewrite on the fixture %s', async (file) => {
    const raw = readFileSync(join(fixtures, file));
    const real = await realRun(raw, plan);
    const preview = await previewActions(Readable.from([raw]), plan).then(
      (p) => p,
      (e: unknown) => e,
    );
    // a split that is not byte for byte is told (faithful: false), and then the real rewrite refuses
    if (real.error && !(preview instanceof LachanError)) expect((preview as { faithful?: boolean }).faithful).toBe(false);
    else if (real.error) expect(preview).toBeInstanceOf(LachanError);
    else expect(preview).toEqual({ bannered: real.bannered, faithful: true });
  });
});
