import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyActionsToBuffer } from './index.js';
import { LachanError } from '../errors.js';
import { finding, mail, planFor, verdictWith } from './testing.js';

const plan = planFor(verdictWith([finding('url.ip-host', 'http://192.0.2.1/'), finding('attachment.rtlo', 'a\u202Eexe.txt', 'a1')]));

/** Either a rewritten message or a LachanError: never a crash, never a hang. */
async function outcome(raw: Buffer): Promise<Buffer | LachanError> {
  try {
    return await applyActionsToBuffer(raw, plan);
  } catch (err) {
    if (err instanceof LachanError) return err;
    throw err;
  }
}

const CASES: Record<string, Buffer> = {
  empty: Buffer.alloc(0),
  'headers only, no separator': mail(['From: a@example.net', 'Subject: x']),
  'binary garbage': Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
  'multipart without boundary': mail(['Content-Type: multipart/mixed', '', '--x', 'Content-Type: text/plain', '', 'a', '--x--']),
  'multipart never closed': mail(['Content-Type: multipart/mixed; boundary=x', '', '--x', 'Content-Type: text/html', '', '<body>a']),
  'nested parts reusing the boundary': mail([
    'Content-Type: multipart/mixed; boundary=x',
    '',
    '--x',
    'Content-Type: multipart/alternative; boundary=x',
    '',
    '--x',
    'Content-Type: text/plain',
    '',
    'a',
    '--x--',
    '--x--',
  ]),
  'base64 text with garbage': mail(['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '', '!!!!@@@@ not base64 ####', '']),
  'quoted-printable with broken escapes': mail(['Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable', '', '<body>=Z=', '=']),
  'garbage transfer encoding': mail(['Content-Type: text/plain', 'Content-Transfer-Encoding: x-zz (what)', '', 'hello']),
  'utf-16 html': Buffer.concat([
    mail(['Content-Type: text/html; charset=utf-16le', 'Content-Transfer-Encoding: binary', '', '']),
    Buffer.from('<html><body>xin chào</body></html>', 'utf16le'),
  ]),
  'CR-only line endings': Buffer.from('From: a@example.net\rContent-Type: text/plain\r\rhello\r', 'latin1'),
  'huge header block': Buffer.concat([Buffer.from('X-Junk: ' + 'a'.repeat(2 * 1024 * 1024) + '\r\n\r\nbody', 'latin1')]),
};

describe('malformed input', () => {
  for (const [name, raw] of Object.entries(CASES)) {
    it(`turns "${name}" into a message or a LachanError`, async () => {
      const result = await outcome(raw);
      if (result instanceof LachanError) {
        expect(result.code).toBe('LC_SCAN_FAILED');
      } else {
        expect(result.toString('latin1')).toContain('X-Lachan-Verdict: deliver; warning=yes');
      }
    }, 20_000);
  }

  it('refuses a message whose header block is over mailsplit’s limit rather than passing it on', async () => {
    expect(await outcome(CASES['huge header block'] as Buffer)).toBeInstanceOf(LachanError);
  });

  it('banners the UTF-16 HTML part in UTF-16', async () => {
    const out = (await outcome(CASES['utf-16 html'] as Buffer)) as Buffer;
    const body = out.subarray(out.indexOf('\r\n\r\n') + 4).toString('utf16le');
    expect(body).toMatch(/^<html><body><!-- lachan-banner -->/);
    expect(body.endsWith('<!-- /lachan-banner -->\r\nxin chào</body></html>')).toBe(true);
  });

  // The parser's malformed fixtures, when that folder has them: the same promise for each.
  const fixtures = join(import.meta.dirname, '../../../test-fixtures/malformed');
  const files = existsSync(fixtures) ? readdirSync(fixtures).filter((f) => f.endsWith('.eml') && statSync(join(fixtures, f)).size < 5_000_000) : [];
  for (const file of files) {
    it(`turns the fixture ${file} into a message or a LachanError`, async () => {
      const result = await outcome(readFileSync(join(fixtures, file)));
      expect(result instanceof LachanError || Buffer.isBuffer(result)).toBe(true);
    }, 20_000);
  }
});
