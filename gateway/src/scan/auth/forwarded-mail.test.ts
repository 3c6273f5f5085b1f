import { fileURLToPath } from 'node:url';
import { authenticate, type DNSResolver } from 'mailauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../config/defaults.js';
import { parseMessage } from '../../parse/index.js';
import { decide } from '../../policy/engine.js';
import { loadPolicy } from '../../policy/loader.js';
import type { Policy } from '../../policy/types.js';
import { makeContext } from '../test-helpers.js';
import type { Finding } from '../types.js';
import { scanAuth } from './index.js';
import { TRUSTED_ARC_SEALERS_LIST, TRUSTED_FORWARDERS_LIST } from './lists.js';
import { createDnsResolver, type DnsResolver } from './resolver.js';
import { startTestDns, type TestDns } from './test-dns.js';
import { arcForward, dkimSigned as sign, listEdit, plainMail, testKey } from './test-mail.js';

/**
 * ARC and trusted forwarders end to end on real parts: messages DKIM-signed and ARC-sealed by
 * mailauth with keys made here, the public keys published in a DNS server on 127.0.0.1, our
 * resolver asking it over UDP, and the verdict of the default policy in policies/.
 */

const POLICY_DIR = fileURLToPath(new URL('../../../../policies', import.meta.url));

const keys = { bank: testKey(), lists: testKey(), relay: testKey(), slow: testKey(), nokey: testKey() };

const BANK_MX = '192.0.2.10'; // in bank.example's SPF
const LIST_MX = '198.51.100.7'; // the mailing list's server, in lists.example's SPF
const FORWARDER = '198.51.100.25'; // the province's own forwarding host
const SPOOFER = '203.0.113.5';
const FAKE_PTR = '203.0.113.9'; // reverse DNS says mx.lists.example; forward DNS does not agree
const LIST_OUT = '198.51.100.30'; // no reverse DNS; HELO out.lists.example resolves to it
const MAILHOST = '198.51.100.8'; // relay-7.mailhost.example

let dns: TestDns;
let resolver: DnsResolver;
let defaultPolicy: Policy;
let policy: Policy; // the default policy, trusting lists.example and slow.example as sealers, and FORWARDER

beforeAll(async () => {
  dns = await startTestDns({
    'sel._domainkey.bank.example': keys.bank.record,
    'arc._domainkey.lists.example': keys.lists.record,
    'arc._domainkey.relay.example': keys.relay.record,
    'arc._domainkey.slow.example': 'SILENT',
    '_dmarc.bank.example': 'v=DMARC1; p=reject',
    '_dmarc.strict.example': 'v=DMARC1; p=quarantine; adkim=s; aspf=s',
    'bank.example': 'v=spf1 ip4:192.0.2.10 -all',
    'lists.example': 'v=spf1 ip4:198.51.100.7 -all',
    'relay.example': 'v=spf1 ip4:198.51.100.7 -all',
    // the list's server: reverse and forward DNS agree (a trusted sealer is believed only from its own hosts)
    '7.100.51.198.in-addr.arpa': { ptr: ['mx.lists.example'] },
    'mx.lists.example': { a: [LIST_MX] },
    // a host claiming the list's name in its reverse DNS, which the list's forward DNS does not confirm
    '9.113.0.203.in-addr.arpa': { ptr: ['mx.lists.example'] },
    // a list host without reverse DNS that greets with its name, which resolves to it
    'out.lists.example': { a: [LIST_OUT] },
    // a host of another domain, named as a sealer's host in a host= entry
    '8.100.51.198.in-addr.arpa': { ptr: ['relay-7.mailhost.example'] },
    'relay-7.mailhost.example': { a: [MAILHOST] },
  });
  resolver = createDnsResolver({ servers: [dns.server], timeoutMs: 300 });
  defaultPolicy = await loadPolicy(POLICY_DIR);
  policy = withTrusted(defaultPolicy, ['lists.example', 'slow.example'], [`${FORWARDER}/32`]);
});
afterAll(async () => dns?.close());

/** The default policy with these entries in its trusted sealer and forwarder lists. */
function withTrusted(base: Policy, sealers: string[], forwarders: string[]): Policy {
  const lists = new Map(base.lists);
  for (const [name, entries] of [
    [TRUSTED_ARC_SEALERS_LIST, sealers],
    [TRUSTED_FORWARDERS_LIST, forwarders],
  ] as const) {
    const list = lists.get(name)!;
    lists.set(name, { ...list, entries: [...list.entries, ...entries] });
  }
  return { ...base, lists };
}

const bankMail = () => plainMail('alerts@bank.example');
const dkimSigned = (message: Buffer) => sign(message, { domain: 'bank.example', selector: 'sel', key: keys.bank });

type Sealer = 'lists.example' | 'relay.example' | 'slow.example' | 'nokey.example';

/** One ARC-aware hop sealing with its key from `keys`. */
const forward = (message: Buffer, hop: { sealer: Sealer; from: string; edit?: (m: Buffer) => Buffer; authResults?: string }) =>
  arcForward(message, { ...hop, key: keys[hop.sealer.split('.')[0] as keyof typeof keys], mailFrom: 'alerts@bank.example', resolver });

interface Arrival {
  client: string;
  mailFrom: string;
  policy?: Policy;
  helo?: string;
}

const fromList: Arrival = { client: LIST_MX, mailFrom: 'can-bo-bounces@lists.example' };

/** Lá Chắn receiving the message: the auth findings and the default policy's verdict on them. */
async function receive(raw: Buffer, at: Arrival = fromList) {
  const p = at.policy ?? policy;
  const parsed = await parseMessage(raw, DEFAULT_LIMITS);
  const ctx = {
    ...makeContext(p),
    raw: () => raw,
    envelope: { mailFrom: at.mailFrom, rcptTo: ['staff@lachan.test'], remoteAddress: at.client, helo: at.helo ?? 'mx.client.example' },
  };
  const findings = await scanAuth(parsed, ctx, resolver);
  return { findings, kinds: findings.map((f) => f.kind).sort(), verdict: decide(findings, p), find: (kind: string) => findings.find((f: Finding) => f.kind === kind) };
}

describe('ARC: mail forwarded by a mailing list that breaks DKIM', () => {
  it('quarantines the edited message when it carries no ARC seal (DMARC p=reject fails here)', async () => {
    const r = await receive(listEdit(await dkimSigned(bankMail())));
    expect(r.kinds).toEqual(['auth.dkim-fail', 'auth.dmarc-fail']);
    expect(r.verdict.action).toBe('quarantine');
  });

  it('delivers it without a warning when a trusted sealer recorded dmarc=pass on arrival', async () => {
    const raw = await forward(await dkimSigned(bankMail()), { sealer: 'lists.example', from: BANK_MX });
    const r = await receive(raw);
    expect(r.kinds).toEqual(['auth.arc', 'auth.dkim-fail', 'auth.dmarc-arc-override']);
    expect(r.find('auth.arc')).toMatchObject({ subject: 'lists.example', tags: ['pass', 'trusted-sealer'], list: TRUSTED_ARC_SEALERS_LIST });
    expect(r.find('auth.arc')!.detail).toContain('i=1 lists.example');
    expect(r.find('auth.dmarc-arc-override')).toMatchObject({ subject: 'bank.example', tags: ['arc-override', 'p=reject'] });
    expect(r.find('auth.dmarc-arc-override')!.detail).toContain('dmarc=pass for bank.example');
    expect(r.verdict).toMatchObject({ action: 'deliver', warning: false, tagged: true });
    expect(r.verdict.hits.map((h) => h.rule)).toContain('dmarc-forwarded-trusted-arc');
  });

  it('quarantines the same message sealed by a sealer that is not trusted', async () => {
    const raw = await forward(await dkimSigned(bankMail()), { sealer: 'relay.example', from: BANK_MX });
    const r = await receive(raw, { client: LIST_MX, mailFrom: 'bounces@relay.example' });
    expect(r.kinds).toEqual(['auth.arc', 'auth.dkim-fail', 'auth.dmarc-fail']);
    expect(r.find('auth.arc')).toMatchObject({ subject: 'relay.example', tags: ['pass', 'untrusted-sealer'] });
    expect(r.find('auth.dmarc-fail')!.detail).toContain('newest ARC seal is by relay.example, not a trusted sealer');
    expect(r.verdict.action).toBe('quarantine');
  });

  it('does not trust the sealers of the shipped list for a test domain (lists.example is ours only)', async () => {
    const raw = await forward(await dkimSigned(bankMail()), { sealer: 'lists.example', from: BANK_MX });
    const r = await receive(raw, { ...fromList, policy: defaultPolicy });
    expect(r.find('auth.arc')!.tags).toEqual(['pass', 'untrusted-sealer']);
    expect(r.verdict.action).toBe('quarantine');
  });

  it('quarantines a spoofed message even through a trusted sealer: its record says dmarc=fail', async () => {
    const raw = await forward(bankMail(), { sealer: 'lists.example', from: SPOOFER });
    const r = await receive(raw);
    expect(r.find('auth.arc')!.tags).toEqual(['pass', 'trusted-sealer']);
    expect(r.find('auth.dmarc-fail')!.detail).toContain('did not record a DMARC, aligned DKIM or aligned SPF pass for bank.example');
    expect(r.verdict.action).toBe('quarantine');
  });

  it('gives no override when the record was edited to say pass: the seal no longer verifies', async () => {
    const sealed = await forward(bankMail(), { sealer: 'lists.example', from: SPOOFER });
    const text = sealed.toString('latin1');
    expect(text).toMatch(/dmarc=fail/);
    const tampered = Buffer.from(text.replace(/dmarc=fail/, 'dmarc=pass'), 'latin1');
    const r = await receive(tampered);
    expect(r.kinds).toEqual(['auth.arc', 'auth.dmarc-fail']);
    expect(r.find('auth.arc')).toMatchObject({ subject: 'lists.example', tags: ['fail'] });
    expect(r.find('auth.arc')!.detail).toContain('seal signature validation failed');
    expect(r.find('auth.dmarc-fail')!.detail).toContain('ARC chain does not verify');
    expect(r.verdict.action).toBe('quarantine');
  });

  it('gives no override when the message was changed after it was sealed', async () => {
    const sealed = await forward(await dkimSigned(bankMail()), { sealer: 'lists.example', from: BANK_MX });
    const r = await receive(Buffer.concat([sealed, Buffer.from('So tai khoan moi: 0123456789\r\n')]));
    expect(r.find('auth.arc')).toMatchObject({ tags: ['fail'] });
    expect(r.find('auth.arc')!.detail).toContain('no valid signature');
    expect(r.kinds).toContain('auth.dmarc-fail');
    expect(r.verdict.action).toBe('quarantine');
    expect(r.verdict.hits.map((h) => h.rule)).toEqual(expect.arrayContaining(['dmarc-spoofed-sender', 'arc-broken-chain']));
  });

  it('still names the sealer of a malformed chain (a set without its message signature)', async () => {
    const sealed = await forward(await dkimSigned(bankMail()), { sealer: 'lists.example', from: BANK_MX });
    const broken = Buffer.from(sealed.toString('latin1').replace(/ARC-Message-Signature:[^]*?\r\n(?=\S)/, ''), 'latin1');
    expect(broken.toString('latin1')).not.toContain('ARC-Message-Signature');
    const r = await receive(broken);
    expect(r.find('auth.arc')).toMatchObject({ subject: 'lists.example', tags: ['fail'] });
    expect(r.find('auth.arc')!.detail).toContain('claims to be sealed by lists.example');
    expect(r.verdict.action).toBe('quarantine');
  });

  it('judges only the newest hop: a trusted list followed by an untrusted relay gets no override', async () => {
    const first = await forward(await dkimSigned(bankMail()), { sealer: 'lists.example', from: BANK_MX });
    const raw = await forward(first, { sealer: 'relay.example', from: LIST_MX, edit: (m) => m });
    const r = await receive(raw, { client: LIST_MX, mailFrom: 'bounces@relay.example' });
    expect(r.find('auth.arc')).toMatchObject({ subject: 'relay.example', tags: ['pass', 'untrusted-sealer'] });
    expect(r.find('auth.arc')!.detail).toContain('i=1 lists.example, i=2 relay.example');
    expect(r.verdict.action).toBe('quarantine');
  });

  it.each([
    ['an aligned DKIM pass (header.d)', true, 'mx.lists.example; dkim=pass header.d=bank.example header.s=sel; spf=fail smtp.mailfrom=x@elsewhere.example'],
    ['an aligned DKIM pass of a subdomain (header.i)', true, 'mx.lists.example; dkim=pass header.i=@mail.bank.example; spf=none'],
    ['an aligned SPF pass', true, 'mx.lists.example; dkim=none; spf=pass smtp.mailfrom=alerts@bank.example'],
    ['a DKIM pass of another domain', false, 'mx.lists.example; dkim=pass header.d=lists.example; spf=pass smtp.mailfrom=x@lists.example'],
    ['dmarc=pass for another From domain', false, 'mx.lists.example; dmarc=pass header.from=other.example'],
    ['dmarc=pass without a From domain', false, 'mx.lists.example; dmarc=pass'],
    ['a DKIM fail', false, 'mx.lists.example; dkim=fail header.d=bank.example; dmarc=fail header.from=bank.example'],
  ])('reads the trusted record: %s → override: %s', async (_name, override, authResults) => {
    const raw = await forward(await dkimSigned(bankMail()), { sealer: 'lists.example', from: BANK_MX, authResults });
    const r = await receive(raw);
    expect(r.find('auth.arc')!.tags).toEqual(['pass', 'trusted-sealer']);
    expect(r.kinds.includes('auth.dmarc-arc-override')).toBe(override);
    expect(r.verdict.action).toBe(override ? 'deliver' : 'quarantine');
  });

  it('asks for the exact From domain when its DMARC record wants strict alignment (adkim=s, aspf=s)', async () => {
    const mail = Buffer.from(bankMail().toString('latin1').replaceAll('bank.example', 'strict.example'), 'latin1');
    const sealedWith = (authResults: string) => forward(mail, { sealer: 'lists.example', from: BANK_MX, authResults });
    const sub = await receive(await sealedWith('mx.lists.example; dkim=pass header.d=mail.strict.example; spf=pass smtp.mailfrom=a@mail.strict.example'));
    expect(sub.find('auth.dmarc-fail')).toMatchObject({ tags: ['p=quarantine'] });
    expect(sub.verdict.action).toBe('quarantine');
    const exact = await receive(await sealedWith('mx.lists.example; dkim=pass header.d=strict.example'));
    expect(exact.kinds).toContain('auth.dmarc-arc-override');
    expect(exact.verdict.action).toBe('deliver');
  });

  it('calls a chain whose seal key is not published broken, and says so', async () => {
    const raw = await forward(await dkimSigned(bankMail()), { sealer: 'nokey.example', from: BANK_MX });
    const r = await receive(raw, { client: LIST_MX, mailFrom: 'bounces@lists.example' });
    expect(r.find('auth.arc')).toMatchObject({ subject: 'nokey.example', tags: ['fail'] });
    expect(r.find('auth.arc')!.detail).toContain('no key published at arc._domainkey.nokey.example');
    expect(r.verdict.action).toBe('quarantine');
  });

  it('gives no override when the sealer key lookup gets no answer, and says the chain is unchecked rather than broken', async () => {
    const raw = await forward(await dkimSigned(bankMail()), { sealer: 'slow.example', from: BANK_MX });
    const r = await receive(raw, { client: LIST_MX, mailFrom: 'bounces@slow.example' });
    expect(r.find('auth.arc')).toMatchObject({ subject: 'slow.example', tags: ['temperror'] });
    expect(r.find('auth.dmarc-fail')!.detail).toContain('could not be checked');
    expect(r.verdict.action).toBe('quarantine');
    expect(r.verdict.hits.map((h) => h.rule)).not.toContain('arc-broken-chain');
  });
});

describe('ARC: a trusted sealer is believed only from its own hosts', () => {
  const sealed = async () => forward(await dkimSigned(bankMail()), { sealer: 'lists.example', from: BANK_MX });
  const withSealers = (...entries: string[]) => withTrusted(defaultPolicy, entries, []);

  it('believes the seal from the list\'s server: its reverse DNS name is under lists.example and forward DNS agrees', async () => {
    const r = await receive(await sealed());
    expect(r.find('auth.arc')).toMatchObject({ tags: ['pass', 'trusted-sealer'], list: TRUSTED_ARC_SEALERS_LIST });
    expect(r.find('auth.arc')!.detail).toContain(`the client ${LIST_MX} is mx.lists.example (reverse and forward DNS agree)`);
    expect(r.find('auth.dmarc-arc-override')!.detail).toContain('mx.lists.example');
    expect(r.verdict.action).toBe('deliver');
  });

  it('does not believe the same sealed message resent from another host, and says why', async () => {
    const r = await receive(await sealed(), { client: SPOOFER, mailFrom: 'alerts@bank.example' });
    expect(r.kinds).toEqual(['auth.arc', 'auth.dkim-fail', 'auth.dmarc-fail', 'auth.spf-fail']);
    expect(r.find('auth.arc')).toMatchObject({ subject: 'lists.example', tags: ['pass', 'untrusted-sealer', 'sealer-host-mismatch'] });
    expect(r.find('auth.arc')!.list).toBeUndefined();
    expect(r.find('auth.arc')!.detail).toContain(`listed as a trusted sealer (lists.example) but not believed here: the client ${SPOOFER} is not shown to be a host under lists.example: no reverse DNS name`);
    expect(r.find('auth.dmarc-fail')!.detail).toContain("the message was not handed over by that sealer's host");
    expect(r.verdict.action).toBe('quarantine');
    expect(r.verdict.hits.map((h) => h.rule)).toContain('dmarc-spoofed-sender');
  });

  it('does not take a reverse DNS name that forward DNS does not confirm', async () => {
    const r = await receive(await sealed(), { client: FAKE_PTR, mailFrom: 'alerts@bank.example' });
    expect(r.find('auth.arc')!.tags).toEqual(['pass', 'untrusted-sealer', 'sealer-host-mismatch']);
    expect(r.find('auth.arc')!.detail).toContain('reverse DNS mx.lists.example not confirmed by forward DNS');
    expect(r.verdict.action).toBe('quarantine');
  });

  it('does not take a HELO name under the sealer that does not resolve to the client', async () => {
    const r = await receive(await sealed(), { client: SPOOFER, mailFrom: 'alerts@bank.example', helo: 'mx.lists.example' });
    expect(r.find('auth.arc')!.tags).toContain('sealer-host-mismatch');
    expect(r.verdict.action).toBe('quarantine');
  });

  it('takes a HELO name under the sealer that resolves to the client (no reverse DNS)', async () => {
    const r = await receive(await sealed(), { client: LIST_OUT, mailFrom: 'alerts@bank.example', helo: 'out.lists.example' });
    expect(r.find('auth.arc')!.tags).toEqual(['pass', 'trusted-sealer']);
    expect(r.find('auth.arc')!.detail).toContain(`the client ${LIST_OUT} is out.lists.example (its HELO name, which resolves to ${LIST_OUT})`);
    expect(r.verdict.action).toBe('deliver');
  });

  it('an ip= entry believes the seal from an address in its ranges, and only there', async () => {
    const p = withSealers('lists.example ip=203.0.113.0/28');
    const inRange = await receive(await sealed(), { client: SPOOFER, mailFrom: 'alerts@bank.example', policy: p });
    expect(inRange.find('auth.arc')!.detail).toContain(`the client ${SPOOFER} is in 203.0.113.0/28`);
    expect(inRange.verdict.action).toBe('deliver');
    // ip= alone replaces the name binding: the list's own server is not in the range
    const named = await receive(await sealed(), { ...fromList, policy: p });
    expect(named.find('auth.arc')!.tags).toContain('sealer-host-mismatch');
  });

  it('a host= entry binds the sealer to another domain\'s hosts', async () => {
    const p = withSealers('lists.example host=mailhost.example');
    const r = await receive(await sealed(), { client: MAILHOST, mailFrom: 'alerts@bank.example', policy: p });
    expect(r.find('auth.arc')!.detail).toContain(`the client ${MAILHOST} is relay-7.mailhost.example (reverse and forward DNS agree)`);
    expect(r.verdict.action).toBe('deliver');
    const own = await receive(await sealed(), { ...fromList, policy: p });
    expect(own.find('auth.arc')!.tags).toContain('sealer-host-mismatch');
  });

  it('host=* believes the seal whatever host sends it (the explicit opt-out)', async () => {
    const r = await receive(await sealed(), { client: SPOOFER, mailFrom: 'alerts@bank.example', policy: withSealers('lists.example host=*') });
    expect(r.find('auth.arc')!.tags).toEqual(['pass', 'trusted-sealer']);
    expect(r.find('auth.arc')!.detail).toContain('allows any connecting host');
    expect(r.verdict.action).toBe('deliver');
  });

  it('does not believe a seal when the connecting host is unknown (lachan scan of a file)', async () => {
    const raw = await sealed();
    const parsed = await parseMessage(raw, DEFAULT_LIMITS);
    const findings = await scanAuth(parsed, { ...makeContext(policy), raw: () => raw }, resolver);
    const arc = findings.find((f) => f.kind === 'auth.arc');
    expect(arc!.tags).toEqual(['pass', 'untrusted-sealer', 'sealer-host-mismatch']);
    expect(arc!.detail).toContain('the connecting host is not known');
    expect(decide(findings, policy).action).toBe('quarantine');
  });

  it('asks DNS about the client only for a passing chain with a listed newest sealer', async () => {
    const client = '203.0.113.77'; // asked about nowhere else (the resolver caches answers)
    const before = dns.queries.length;
    const untrusted = await forward(await dkimSigned(bankMail()), { sealer: 'relay.example', from: BANK_MX });
    await receive(untrusted, { client, mailFrom: 'bounces@relay.example' });
    expect(dns.queries.slice(before).filter((q) => q.endsWith('.in-addr.arpa'))).toEqual([]);
    await receive(await sealed(), { client, mailFrom: 'alerts@bank.example' });
    expect(dns.queries.slice(before).filter((q) => q.endsWith('.in-addr.arpa'))).toEqual(['77.113.0.203.in-addr.arpa']);
  });
});

describe('trusted forwarders: the province\'s own forwarding hosts', () => {
  it('holds SPF against mail relayed by a host that is not on the list', async () => {
    const r = await receive(await dkimSigned(bankMail()), { client: '198.51.100.99', mailFrom: 'alerts@bank.example' });
    expect(r.find('auth.spf-fail')).toMatchObject({ tags: ['fail'] });
    expect(r.verdict).toMatchObject({ action: 'deliver', warning: true });
  });

  it('does not hold the forwarder\'s SPF against the message, and records why', async () => {
    const r = await receive(await dkimSigned(bankMail()), { client: FORWARDER, mailFrom: 'alerts@bank.example' });
    expect(r.kinds).toEqual(['auth.trusted-forwarder']);
    expect(r.find('auth.trusted-forwarder')).toMatchObject({ subject: FORWARDER, list: TRUSTED_FORWARDERS_LIST, tags: ['spf=fail'] });
    expect(r.verdict).toMatchObject({ action: 'deliver', warning: false, categories: ['forwarded'] });
  });

  it('matches the forwarder written as an IPv4-mapped IPv6 address', async () => {
    const r = await receive(await dkimSigned(bankMail()), { client: `::ffff:${FORWARDER}`, mailFrom: 'alerts@bank.example' });
    expect(r.kinds).toEqual(['auth.trusted-forwarder']);
  });

  it('still checks DKIM and DMARC: a forged message through the forwarder is quarantined', async () => {
    const r = await receive(bankMail(), { client: FORWARDER, mailFrom: 'alerts@bank.example' });
    expect(r.kinds).toEqual(['auth.dmarc-fail', 'auth.trusted-forwarder']);
    expect(r.verdict.action).toBe('quarantine');
  });
});

describe('what ARC costs', () => {
  it('makes no lookups for a message without ARC headers beyond those SPF, DKIM and DMARC make anyway', async () => {
    const raw = listEdit(await dkimSigned(bankMail()));
    const asked = async (disableArc: boolean) => {
      const fresh = createDnsResolver({ servers: [dns.server] });
      const before = dns.queries.length;
      await authenticate(raw, { ip: LIST_MX, helo: 'mx.lists.example', sender: 'x@lists.example', mta: 'lachan', resolver: fresh as DNSResolver, disableArc, disableBimi: true });
      return dns.queries.slice(before).sort();
    };
    expect(await asked(false)).toEqual(await asked(true));
  });

  it('looks the seal key up once per message: the message signature and the seal share the cached answer', async () => {
    const raw = await forward(await dkimSigned(bankMail()), { sealer: 'lists.example', from: BANK_MX });
    const fresh = createDnsResolver({ servers: [dns.server] });
    const before = dns.queries.length;
    const parsed = await parseMessage(raw, DEFAULT_LIMITS);
    const ctx = { ...makeContext(policy), raw: () => raw, envelope: { mailFrom: 'x@lists.example', rcptTo: ['staff@lachan.test'], remoteAddress: LIST_MX } };
    expect((await scanAuth(parsed, ctx, fresh)).map((f) => f.kind)).toContain('auth.dmarc-arc-override');
    expect(dns.queries.slice(before).filter((q) => q === 'arc._domainkey.lists.example')).toHaveLength(1);
  });
});
