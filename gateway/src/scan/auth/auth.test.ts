import { generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth';
import { describe, expect, it } from 'vitest';
import { makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import { scanAuth } from './index.js';
import type { DnsResolver } from './resolver.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicB64 = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

/** A zone for the tests: a fake resolver is fine in a unit test (the real one needs the Internet). */
function zone(records: Record<string, string[]>): DnsResolver {
  return async (name, rrtype) => {
    const hit = records[`${rrtype} ${name.toLowerCase()}`];
    if (!hit) throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    return rrtype === 'TXT' ? hit.map((r) => [r]) : hit;
  };
}

const records = {
  'TXT sel._domainkey.bank.example': [`v=DKIM1; k=rsa; p=${publicB64}`],
  'TXT _dmarc.bank.example': ['v=DMARC1; p=reject'],
  'TXT bank.example': ['v=spf1 ip4:192.0.2.10 -all'],
};

const raw = (from: string, body = 'Kính gửi quý khách.\r\n') =>
  Buffer.from(`From: Ngân hàng <${from}>\r\nTo: staff@lachan.test\r\nSubject: Thong bao\r\nMessage-ID: <1@bank.example>\r\n\r\n${body}`);

async function signed(message: Buffer): Promise<Buffer> {
  const options = {
    signatureData: [{ signingDomain: 'bank.example', selector: 'sel', privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string }],
  };
  const res = await dkimSign(message, options as unknown as Parameters<typeof dkimSign>[1]);
  expect(res.errors ?? []).toEqual([]);
  expect(res.signatures).toMatch(/^DKIM-Signature: /);
  return Buffer.concat([Buffer.from(res.signatures), message]);
}

const ctxFor = (bytes: Buffer, ip?: string) =>
  ({ ...makeContext(makePolicy({})), raw: () => bytes, envelope: { mailFrom: 'alerts@bank.example', rcptTo: ['staff@lachan.test'], remoteAddress: ip, helo: 'mx.example' } });

describe('sender authentication (SPF, DKIM, DMARC with mailauth)', () => {
  it('finds nothing wrong with a message signed by its domain and sent from its servers', async () => {
    const bytes = await signed(raw('alerts@bank.example'));
    expect(await scanAuth(makeMessage({}), ctxFor(bytes, '192.0.2.10'), zone(records))).toEqual([]);
  });

  it('reports a forged sender: SPF fail, and DMARC fail with the domain policy', async () => {
    const kinds = await scanAuth(makeMessage({}), ctxFor(raw('alerts@bank.example'), '203.0.113.5'), zone(records));
    expect(kinds.map((f) => f.kind).sort()).toEqual(['auth.dmarc-fail', 'auth.spf-fail']);
    expect(kinds.find((f) => f.kind === 'auth.dmarc-fail')?.tags).toEqual(['p=reject']);
  });

  it('reports a DKIM signature broken by a changed body', async () => {
    const bytes = await signed(raw('alerts@bank.example'));
    const tampered = Buffer.concat([bytes, Buffer.from('So tai khoan moi: 0123456789\r\n')]);
    const findings = await scanAuth(makeMessage({}), ctxFor(tampered, '192.0.2.10'), zone(records));
    expect(findings.map((f) => f.kind)).toContain('auth.dkim-fail');
  });

  it('says nothing when DNS cannot answer: no finding is better than a wrong one', async () => {
    const down: DnsResolver = async () => {
      throw Object.assign(new Error('timeout'), { code: 'ETIMEOUT' });
    };
    expect(await scanAuth(makeMessage({}), ctxFor(raw('alerts@bank.example'), '203.0.113.5'), down)).toEqual([]);
  });

  it('does not check SPF without a client address (lachan scan of a file)', async () => {
    const findings = await scanAuth(makeMessage({}), ctxFor(raw('alerts@bank.example')), zone(records));
    expect(findings.map((f) => f.kind)).not.toContain('auth.spf-fail');
  });
});
