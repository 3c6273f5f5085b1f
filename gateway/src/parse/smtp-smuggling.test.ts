import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import { shippedPolicyVerdicts, singlePartMail } from '../scan/shipped-verdict.js';
import { parseMessage } from './index.js';
import { SMUGGLING_WINDOW, SmugglingCheck, type Smuggling } from './smtp-smuggling.js';

const HEAD = 'From: Phong Hanh chinh <hc@sender.example>\r\nTo: staff@lachan.test\r\nSubject: Lich hop\r\n\r\n';
const SMUGGLED = 'MAIL FROM:<giam.doc@lachan.test>\r\nRCPT TO:<ke.toan@lachan.test>\r\nDATA\r\nFrom: giam.doc@lachan.test\r\nSubject: Chuyen tien gap\r\n\r\nChuyen ngay.\r\n';

/** The loose end-of-data sequences of SEC Consult's research (and the other mixes of CR and LF). */
const VARIANTS: Array<[string, string]> = [
  ['\n.\r\n', '<LF>.<CR><LF>'],
  ['\r\n.\n', '<CR><LF>.<LF>'],
  ['\n.\n', '<LF>.<LF>'],
  ['\r.\r', '<CR>.<CR>'],
  ['\r\n.\r', '<CR><LF>.<CR>'],
  ['\r.\r\n', '<CR>.<CR><LF>'],
  ['\r.\n', '<CR>.<LF>'],
  ['\n.\r', '<LF>.<CR>'],
];

const latin1 = (s: string) => Buffer.from(s, 'latin1');

/** Feeds the check in pieces of `size` bytes (all at once when omitted). */
function check(bytes: Buffer, size = bytes.length || 1): Smuggling | undefined {
  const c = new SmugglingCheck();
  for (let i = 0; i < bytes.length; i += size) c.write(bytes.subarray(i, i + size));
  return c.found;
}

describe('SMTP smuggling check', () => {
  it.each(VARIANTS)('finds %j followed by MAIL FROM, however the bytes are cut into chunks', (seq, name) => {
    const raw = latin1(`${HEAD}Kinh gui anh chi.${seq}${SMUGGLED}`);
    const dot = raw.indexOf(latin1(`${seq}MAIL`)) + seq.indexOf('.');
    for (const size of [raw.length, 1, 2, 3, 5, 7, 64]) {
      expect(check(raw, size), `${JSON.stringify(seq)} in ${size}-byte chunks`).toEqual({ sequence: name, offset: dot, command: 'MAIL FROM' });
    }
  });

  it('finds a loose sequence right at the start of DATA (after the DATA command line)', () => {
    expect(check(latin1(`.\n${SMUGGLED}`))?.sequence).toBe('<CR><LF>.<LF>');
  });

  it('finds RCPT TO, lower case and with blanks, and commands after junk lines', () => {
    expect(check(latin1(`${HEAD}x\n.\r\nrcpt  to :<a@lachan.test>\r\n`))?.command).toBe('RCPT TO');
    const junk = 'xin chao\r\n'.repeat(300);
    expect(check(latin1(`${HEAD}x\n.\r\n${junk}RSET\r\nMAIL FROM:<a@b>\r\n`), 100)?.command).toBe('MAIL FROM');
  });

  it('does not look further than SMUGGLING_WINDOW bytes after the loose sequence', () => {
    const far = (n: number) => latin1(`${HEAD}x\n.\r\n${'a'.repeat(n)}\r\nMAIL FROM:<a@b>\r\n`);
    expect(check(far(SMUGGLING_WINDOW - 100), 4096)).toBeDefined();
    expect(check(far(SMUGGLING_WINDOW + 100), 4096)).toBeUndefined();
    // a later loose sequence opens a window of its own
    expect(check(latin1(`${HEAD}x\n.\r\n${'a'.repeat(SMUGGLING_WINDOW + 100)}\n.\nMAIL FROM:<a@b>\r\n`), 1000)?.sequence).toBe('<LF>.<LF>');
  });

  it('reports nothing for bare LF mail, a lone dot line between loose line ends with no command, or a command after a proper lone dot line', () => {
    const lfOnly = 'From: a@sender.example\nTo: b@lachan.test\nSubject: x\n\nDong 1\nDong 2\n.\nDong 3\nMAIL FROM is how SMTP starts a message.\n';
    expect(check(latin1(lfOnly))).toBeUndefined();
    expect(check(latin1(`${HEAD}Het.\r\n.\r\nMAIL FROM:<a@b>\r\n`))).toBeUndefined(); // "\r\n..\r\n" unstuffed by smtp-server
    expect(check(latin1(`${HEAD}a\r.\rb\n.\nc\n`))).toBeUndefined();
    expect(check(latin1(`${HEAD}x\n.\r\nPlease send MAIL FROM: your address\r\n`))).toBeUndefined(); // not at a line start
    expect(check(latin1('.'))).toBeUndefined();
    expect(check(Buffer.alloc(0))).toBeUndefined();
  });

  it('stays linear on a message made of loose sequences', () => {
    const raw = latin1(`${HEAD}${'\n.\n'.repeat(2_000_000)}`);
    const started = performance.now();
    expect(check(raw, 64 * 1024)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('SMTP smuggling in the parser and the shipped policy', () => {
  const verdict = shippedPolicyVerdicts();

  it('is the parse problem smtp-smuggling at the top level, with the sequence and the command in its detail', async () => {
    const parsed = await parseMessage(latin1(`${HEAD}x\n.\r\n${SMUGGLED}`), DEFAULT_LIMITS);
    const problem = parsed.problems.find((p) => p.code === 'smtp-smuggling');
    expect(problem?.detail).toMatch(/<LF>\.<CR><LF> at byte \d+, followed by MAIL FROM/);
  });

  it('is refused by the rule smtp-smuggling (finding message.smtp-smuggling)', async () => {
    const body = `Kinh gui anh chi,\r\nLich hop tuan sau.\n.\r\n${SMUGGLED}`;
    const v = await verdict(singlePartMail({ From: 'Phong Hanh chinh <hc@sender.example>', Subject: 'Lich hop' }, body));
    expect(v.action).toBe('reject');
    expect(v.kinds).toContain('message.smtp-smuggling');
    expect(v.rules).toContain('smtp-smuggling');
  });

  it('does not refuse mail with bare LF line ends, nor one with a lone dot line', async () => {
    const body = 'Kinh gui anh chi,\nLich hop tuan sau.\n.\nTran trong.';
    const v = await verdict(singlePartMail({ From: 'Phong Hanh chinh <hc@sender.example>', Subject: 'Lich hop' }, body));
    expect(v.action).not.toBe('reject');
    expect(v.kinds).not.toContain('message.smtp-smuggling');
  });
});
