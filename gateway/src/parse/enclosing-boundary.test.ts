import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import { parseMessage } from './index.js';

const mail = (lines: string[]) => Buffer.from(lines.join('\r\n'));

describe('a forwarded message reusing a boundary of the message around it', () => {
  it('is reported as duplicate-boundary (parsers disagree on where its parts are)', async () => {
    const raw = mail([
      'From: a@b.example', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="same"', '',
      '--same', 'Content-Type: message/rfc822', '',
      'From: c@d.example', 'Content-Type: multipart/mixed; boundary="same"', '',
      '--same', 'Content-Type: text/plain', '', 'what a mail client shows', '--same--', '',
      '--same--', '',
    ]);
    const p = await parseMessage(raw, DEFAULT_LIMITS);
    expect(p.problems.map((x) => x.code)).toContain('duplicate-boundary');
  });

  it('is not reported when the forwarded message has boundaries of its own', async () => {
    const raw = mail([
      'From: a@b.example', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="outer"', '',
      '--outer', 'Content-Type: message/rfc822', '',
      'From: c@d.example', 'Content-Type: multipart/mixed; boundary="inner"', '',
      '--inner', 'Content-Type: text/plain', '', 'hello', '--inner--', '',
      '--outer--', '',
    ]);
    const p = await parseMessage(raw, DEFAULT_LIMITS);
    expect(p.problems.map((x) => x.code)).not.toContain('duplicate-boundary');
  });
});
