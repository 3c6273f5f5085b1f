import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { authenticate as mailauthAuthenticate, type DNSResolver } from 'mailauth';
import { describe, expect, it } from 'vitest';
import { authenticate, MAILAUTH_MODULES, MAX_ARC_SETS } from './mailauth.js';
import { createDnsResolver } from './resolver.js';
import { arcForward, dkimSigned, plainMail } from './test-mail.js';
import { bankAndListDns } from './testing.js';

/**
 * Our authenticate() (mailauth's steps without BIMI) must give what mailauth's own authenticate()
 * gives for SPF, DKIM, ARC and DMARC, on real signed and sealed messages and real DNS (UDP, 127.0.0.1).
 */

const auth = bankAndListDns();
const { keys } = auth;

/** The parts compared: mailauth's own authenticate adds the composed Authentication-Results to arc. */
function comparable(res: { spf: unknown; dkim: unknown; arc: unknown; dmarc: unknown }) {
  const arc = res.arc ? { ...(res.arc as object), authResults: undefined } : res.arc;
  return JSON.parse(JSON.stringify({ spf: res.spf, dkim: res.dkim, arc, dmarc: res.dmarc }));
}

describe('authenticate without BIMI', () => {
  it('gives the same SPF, DKIM, ARC and DMARC results as mailauth', async () => {
    const signed = await dkimSigned(plainMail('alerts@bank.example'), { domain: 'bank.example', selector: 'sel', key: keys.bank });
    const forwarded = await arcForward(signed, { sealer: 'lists.example', selector: 'arc', key: keys.lists, from: '192.0.2.10', mailFrom: 'alerts@bank.example', resolver: auth.resolver });
    const cases: Array<[string, Buffer, { ip?: string; helo?: string; sender?: string }]> = [
      ['plain, from the right server', plainMail('alerts@bank.example'), { ip: '192.0.2.10', helo: 'mx.bank.example', sender: 'alerts@bank.example' }],
      ['signed, from a spoofer', signed, { ip: '203.0.113.5', helo: 'evil.example', sender: 'alerts@bank.example' }],
      ['sealed by a list', forwarded, { ip: '198.51.100.7', sender: 'bounces@lists.example' }],
      ['no client details', signed, {}],
      ['address literal as HELO', plainMail('x@bank.example'), { ip: '192.0.2.10', helo: '192.0.2.10', sender: '' }],
    ];
    for (const [name, message, env] of cases) {
      const opts = { ...env, mta: 'lachan', resolver: auth.resolver as DNSResolver };
      const ours = await authenticate(message, opts);
      const theirs = await mailauthAuthenticate(message, { ...opts, disableBimi: true });
      expect(comparable(ours), name).toEqual(comparable(theirs as never));
    }
  });

  it('loads none of mailauth’s BIMI code (undici, VMC, XML parser)', () => {
    // a fresh process: this test file has mailauth's main module (and its BIMI code) loaded already
    const script = `const r = require; for (const m of ${JSON.stringify(MAILAUTH_MODULES)}) r(m); console.log(JSON.stringify(Object.keys(r.cache)));`;
    const out = execFileSync(process.execPath, ['-e', script], { cwd: fileURLToPath(new URL('.', import.meta.url)), encoding: 'utf8' });
    const loaded = JSON.parse(out) as string[];
    expect(loaded.some((f) => f.includes('/mailauth/lib/spf/'))).toBe(true);
    expect(loaded.filter((f) => /\/mailauth\/lib\/bimi\/|\/node_modules\/(undici|@postalsys\/vmc|fast-xml-parser)\//.test(f))).toEqual([]);
  });

  it(`reports a chain of more than ${MAX_ARC_SETS} ARC sets as failed, without verifying it`, async () => {
    // n well-formed sets (i=1..n) with signatures that do not verify: only the cap decides
    const sealed = (n: number) => {
      const sets: string[] = [];
      for (let i = n; i >= 1; i--) {
        sets.push(
          `ARC-Seal: i=${i}; a=rsa-sha256; t=1700000000; cv=${i === 1 ? 'none' : 'pass'}; d=lists.example; s=arc; b=AAAA`,
          `ARC-Message-Signature: i=${i}; a=rsa-sha256; c=relaxed/relaxed; d=lists.example; s=arc; h=from:subject; bh=AAAA; b=AAAA`,
          `ARC-Authentication-Results: i=${i}; mx.lists.example; dmarc=pass header.from=bank.example`,
        );
      }
      return Buffer.concat([Buffer.from(`${sets.join('\r\n')}\r\n`), plainMail('alerts@bank.example')]);
    };
    // fresh resolvers: nothing cached from the other tests hides a lookup
    const opts = () => ({ ip: '198.51.100.7', sender: 'bounces@lists.example', mta: 'lachan', resolver: createDnsResolver({ servers: [auth.dns.server], timeoutMs: 300 }) as DNSResolver });
    const arcLookups = () => auth.dns.queries.filter((q) => q.includes('_domainkey.lists.example'));

    auth.dns.queries.length = 0;
    const long = (await authenticate(sealed(MAX_ARC_SETS + 1), opts())) as { arc: { status: { result: string; comment?: string }; chain?: unknown[] } };
    expect(long.arc.status).toEqual({ result: 'fail', comment: `${MAX_ARC_SETS + 1} ARC sets: more than ${MAX_ARC_SETS} are not verified` });
    expect(long.arc.chain).toHaveLength(MAX_ARC_SETS + 1);
    expect(arcLookups()).toEqual([]);

    // at the limit the chain is verified as usual (and fails on these signatures, after looking up the key)
    auth.dns.queries.length = 0;
    const atLimit = (await authenticate(sealed(MAX_ARC_SETS), opts())) as { arc: { status: { result: string; comment?: string } } };
    expect(atLimit.arc.status.result).toBe('fail');
    expect(atLimit.arc.status.comment).toBe(`i=${MAX_ARC_SETS} seal signature validation failed`);
    expect(arcLookups().length).toBeGreaterThan(0);
  });
});
