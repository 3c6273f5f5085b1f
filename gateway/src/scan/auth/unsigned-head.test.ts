import { Readable } from 'node:stream';
import type { DNSResolver } from 'mailauth';
import { authenticate as mailauthAuthenticate } from 'mailauth';
import { describe, expect, it } from 'vitest';
import { authenticate } from './mailauth.js';
import { arcForward, dkimSigned, plainMail } from './test-mail.js';
import { bankAndListDns } from './testing.js';
import { headEnd, unsignedHead } from './unsigned-head.js';

const auth = bankAndListDns();
const { keys } = auth;

/** A stream of `buf` in pieces of `size` bytes that counts how many pieces were read. */
function pieces(buf: Buffer, size: number): { stream: Readable; read: () => number } {
  let n = 0;
  const stream = Readable.from(
    (function* () {
      for (let i = 0; i < buf.length; i += size) {
        n++;
        yield buf.subarray(i, i + size);
      }
    })(),
  );
  return { stream, read: () => n };
}

describe('headEnd', () => {
  it('finds the empty line after CRLF and LF header blocks, not a lone CR', () => {
    expect(headEnd(Buffer.from('A: 1\r\nB: 2\r\n\r\nbody'))).toBe(14);
    expect(headEnd(Buffer.from('A: 1\nB: 2\n\nbody'))).toBe(11);
    expect(headEnd(Buffer.from('A: 1\r\n folded\r\n\r\n'))).toBe(17);
    expect(headEnd(Buffer.from('A: 1\r\nB: 2\r\n'))).toBe(-1);
    expect(headEnd(Buffer.from('A: 1\r\n\rB: 2\r\n'))).toBe(-1);
  });
});

describe('unsignedHead', () => {
  it('gives the header block of unsigned mail, from a buffer and from a stream read only that far', async () => {
    const mail = plainMail('alerts@bank.example');
    const big = Buffer.concat([mail, Buffer.alloc(4 << 20, 'x')]);
    const end = headEnd(mail);
    expect(end).toBeGreaterThan(0);
    expect((await unsignedHead(big))?.toString()).toBe(mail.subarray(0, end).toString());
    for (const size of [1, 2, 3, 7, 64 * 1024]) {
      const { stream, read } = pieces(big, size);
      const head = await unsignedHead(stream);
      expect(head?.toString(), `pieces of ${size}`).toBe(mail.subarray(0, end).toString());
      expect(read(), `pieces of ${size}`).toBeLessThan(end / size + 3);
      expect(stream.destroyed).toBe(true);
    }
  });

  it('leaves signed, sealed, endless and oversized header blocks to a whole read', async () => {
    const signed = await dkimSigned(plainMail('alerts@bank.example'), { domain: 'bank.example', selector: 'sel', key: keys.bank });
    expect(await unsignedHead(signed)).toBeUndefined();
    expect(await unsignedHead(pieces(signed, 5).stream)).toBeUndefined();
    const sealed = await arcForward(plainMail('alerts@bank.example'), { sealer: 'lists.example', selector: 'arc', key: keys.lists, from: '192.0.2.10', mailFrom: 'alerts@bank.example', resolver: auth.resolver });
    expect(await unsignedHead(sealed)).toBeUndefined();
    // the field name in any case, after other fields
    expect(await unsignedHead(Buffer.from('From: a@b.example\nDkim-Signature : v=1\n\nbody'))).toBeUndefined();
    expect(await unsignedHead(Buffer.from('From: a@b.example\r\nSubject: x\r\n'))).toBeUndefined();
    const long = Buffer.from(`From: a@b.example\r\nX-Long: ${'y'.repeat(2000)}\r\n\r\nbody`);
    expect(await unsignedHead(long, 1000)).toBeUndefined();
    expect(await unsignedHead(pieces(long, 100).stream, 1000)).toBeUndefined();
    // a field that only mentions a signature in its value is not one
    expect(await unsignedHead(Buffer.from('From: a@b.example\r\nSubject: about DKIM-Signature: headers\r\n\r\nbody'))).toBeDefined();
  });

  it('gives mailauth the same SPF, DKIM, ARC and DMARC results as the whole message', async () => {
    const cases: Array<[string, Buffer, { ip?: string; helo?: string; sender?: string }]> = [
      ['from the right server', plainMail('alerts@bank.example'), { ip: '192.0.2.10', helo: 'mx.bank.example', sender: 'alerts@bank.example' }],
      ['from a spoofer', plainMail('alerts@bank.example'), { ip: '203.0.113.5', helo: 'evil.example', sender: 'alerts@bank.example' }],
      ['LF line ends', Buffer.from(plainMail('x@bank.example').toString().replace(/\r\n/g, '\n')), { ip: '192.0.2.10', sender: 'x@bank.example' }],
    ];
    for (const [name, message, env] of cases) {
      const head = await unsignedHead(message);
      expect(head, name).toBeDefined();
      expect(head!.length, name).toBeLessThan(message.length);
      const opts = { ...env, mta: 'lachan', resolver: auth.resolver as DNSResolver };
      const fromHead = JSON.parse(JSON.stringify(await authenticate(head!, opts)));
      const whole = JSON.parse(JSON.stringify(await authenticate(message, opts)));
      expect(fromHead, name).toEqual(whole);
      const theirs = (await mailauthAuthenticate(message, { ...opts, disableBimi: true })) as { dmarc: unknown; spf: unknown };
      expect(fromHead.dmarc, name).toEqual(JSON.parse(JSON.stringify(theirs.dmarc)));
    }
  });
});
