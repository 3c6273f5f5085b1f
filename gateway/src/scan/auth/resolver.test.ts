import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDnsResolver } from './resolver.js';
import { startTestDns, type TestDns } from './test-dns.js';

/** As long as the TXT record of a 2048-bit DKIM key: more than one 255-byte string. */
const LONG_KEY = `v=DKIM1; k=rsa; p=${'A'.repeat(392)}`;

describe('DNS for sender authentication', () => {
  let dns: TestDns;
  beforeAll(async () => {
    dns = await startTestDns({ '_dmarc.bank.example': 'v=DMARC1; p=reject', 'slow.example': 'SILENT', 'sel._domainkey.bank.example': LONG_KEY });
  });
  afterAll(async () => dns?.close());

  it('answers from the server once, then from its cache', async () => {
    const resolve = createDnsResolver({ servers: [dns.server] });
    const before = dns.queries.length;
    expect(await resolve('_dmarc.bank.example', 'TXT')).toEqual([['v=DMARC1; p=reject']]);
    expect(await resolve('_DMARC.bank.example', 'TXT')).toEqual([['v=DMARC1; p=reject']]);
    expect(dns.queries.length - before).toBe(1);
  });

  it('returns a record longer than 255 bytes (a 2048-bit DKIM key) as its strings, which join to the record', async () => {
    const resolve = createDnsResolver({ servers: [dns.server] });
    const [record] = (await resolve('sel._domainkey.bank.example', 'TXT')) as string[][];
    expect(record!.map((s) => s.length)).toEqual([255, LONG_KEY.length - 255]);
    expect(record!.join('')).toBe(LONG_KEY);
  });

  it('remembers that a name does not exist', async () => {
    const resolve = createDnsResolver({ servers: [dns.server] });
    const before = dns.queries.length;
    await expect(resolve('_dmarc.nobody.example', 'TXT')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(resolve('_dmarc.nobody.example', 'TXT')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    expect(dns.queries.length - before).toBe(1);
  });

  it('gives up on a server that does not answer within its timeout, and asks again next time', async () => {
    const resolve = createDnsResolver({ servers: [dns.server], timeoutMs: 200 });
    const before = dns.queries.length;
    await expect(resolve('slow.example', 'TXT')).rejects.toMatchObject({ code: 'ETIMEOUT' });
    await expect(resolve('slow.example', 'TXT')).rejects.toMatchObject({ code: 'ETIMEOUT' });
    expect(dns.queries.length - before).toBe(2);
  });
});
