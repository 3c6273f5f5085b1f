import { afterAll, beforeAll } from 'vitest';
import { createDnsResolver, type DnsResolver } from './resolver.js';
import { bankAndListZone, startTestDns, type TestDns } from './test-dns.js';
import { testKey, type TestKey } from './test-mail.js';

/** What bankAndListDns gives a test file; `dns` and `resolver` are there once its beforeAll ran. */
export interface BankAndListDns {
  keys: { bank: TestKey; lists: TestKey };
  readonly dns: TestDns;
  readonly resolver: DnsResolver;
}

/**
 * For the authentication tests of a file: registers its hooks, which start a DNS server on
 * 127.0.0.1 serving bankAndListZone (keys of the file's own, the list sending from `listServer`)
 * and make a resolver that asks it, and close the server afterwards.
 */
export function bankAndListDns(listServer = '198.51.100.7'): BankAndListDns {
  const keys = { bank: testKey(), lists: testKey() };
  let dns: TestDns | undefined;
  let resolver: DnsResolver | undefined;
  beforeAll(async () => {
    dns = await startTestDns(bankAndListZone(keys, listServer));
    resolver = createDnsResolver({ servers: [dns.server], timeoutMs: 300 });
  });
  afterAll(async () => dns?.close());
  const started = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('bankAndListDns: the DNS server starts in beforeAll');
    return v;
  };
  return {
    keys,
    get dns() {
      return started(dns);
    },
    get resolver() {
      return started(resolver);
    },
  };
}
