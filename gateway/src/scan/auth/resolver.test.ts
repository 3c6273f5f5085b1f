import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
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

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  /**
   * The cache's clock (Date.now) moved by hand, timers and sockets left real: an entry's age is
   * what the test says, not what a loaded machine makes of a sleep (a 60 ms time-to-live ran out
   * between two statements once, and a fresh entry was refreshed once more than expected).
   */
  const clock = () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    return { at: (ms: number) => vi.setSystemTime(start + ms) };
  };
  afterEach(() => {
    vi.useRealTimers();
  });
  /** Waits until the server has had `n` more queries than `before` (a background refresh), or 2 s. */
  const queried = async (before: number, n: number) => {
    for (let i = 0; i < 200 && dns.queries.length - before < n; i++) await sleep(10);
    await sleep(20); // its answer stored
  };

  it('answers from an entry past its time at once and refreshes it in the background', async () => {
    dns.zone['rotating.example'] = 'v=spf1 -all';
    const time = clock();
    const resolve = createDnsResolver({ servers: [dns.server], ttlMs: 60, staleMs: 60_000 });
    const before = dns.queries.length;
    expect(await resolve('rotating.example', 'TXT')).toEqual([['v=spf1 -all']]);
    dns.zone['rotating.example'] = 'v=spf1 ip4:192.0.2.0/24 -all';
    time.at(100);
    // stale: the old answer without waiting, one lookup started (not one per caller)
    const stale = await Promise.all([resolve('rotating.example', 'TXT'), resolve('rotating.example', 'TXT')]);
    expect(stale).toEqual([[['v=spf1 -all']], [['v=spf1 -all']]]);
    await queried(before, 2);
    expect(dns.queries.length - before).toBe(2);
    expect(await resolve('rotating.example', 'TXT')).toEqual([['v=spf1 ip4:192.0.2.0/24 -all']]);
    expect(dns.queries.length - before).toBe(2);
  });

  it('refreshes a remembered "no such name" the same way, and waits for a lookup once an entry is too old', async () => {
    dns.zone['_dmarc.later.example'] = 'NXDOMAIN';
    const time = clock();
    const resolve = createDnsResolver({ servers: [dns.server], ttlMs: 60, negativeTtlMs: 60, staleMs: 600 });
    const before = dns.queries.length;
    await expect(resolve('_dmarc.later.example', 'TXT')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    dns.zone['_dmarc.later.example'] = 'v=DMARC1; p=quarantine';
    time.at(100);
    await expect(resolve('_dmarc.later.example', 'TXT')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await queried(before, 2);
    expect(await resolve('_dmarc.later.example', 'TXT')).toEqual([['v=DMARC1; p=quarantine']]);
    // too old (past time + stale time): the next caller waits for the server's answer
    dns.zone['_dmarc.later.example'] = 'v=DMARC1; p=reject';
    time.at(100 + 700);
    expect(await resolve('_dmarc.later.example', 'TXT')).toEqual([['v=DMARC1; p=reject']]);
    expect(dns.queries.length - before).toBe(3);
  });

  it('gives up on a server that does not answer within its timeout, and asks again next time', async () => {
    const resolve = createDnsResolver({ servers: [dns.server], timeoutMs: 200 });
    const before = dns.queries.length;
    await expect(resolve('slow.example', 'TXT')).rejects.toMatchObject({ code: 'ETIMEOUT' });
    await expect(resolve('slow.example', 'TXT')).rejects.toMatchObject({ code: 'ETIMEOUT' });
    expect(dns.queries.length - before).toBe(2);
  });
});
