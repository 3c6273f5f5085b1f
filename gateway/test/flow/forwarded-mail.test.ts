import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDnsResolver } from '../../src/scan/auth/resolver.js';
import { bankAndListZone, startTestDns, type TestDns } from '../../src/scan/auth/test-dns.js';
import { arcForward, dkimSigned, listEdit, plainMail, testKey } from '../../src/scan/auth/test-mail.js';
import { Dialog } from '../support/dialog.js';
import { POLICY_DIR, refOf, startTestGateway, type TestGateway } from '../support/gateway.js';
import { sendRaw } from '../support/send.js';
import { startSink, type Sink } from '../support/sink.js';

const FORWARDER = '198.51.100.25';
const keys = { bank: testKey(), lists: testKey() };

/**
 * Mail forwarded by mailing lists and by the province's own forwarders, through the whole gateway:
 * SMTP in, DNS answers from a server on 127.0.0.1 (LACHAN_DNS_SERVERS), the default policy with
 * lists.example as a trusted ARC sealer and FORWARDER as a trusted forwarder, a real sink.
 */
describe('forwarded mail through the gateway', () => {
  let dns: TestDns;
  let sink: Sink;
  let gw: TestGateway;
  let policyDir: string;

  beforeAll(async () => {
    dns = await startTestDns(bankAndListZone(keys, '127.0.0.1')); // the list's server is the test client
    policyDir = await mkdtemp(path.join(os.tmpdir(), 'lachan-policy-'));
    await cp(POLICY_DIR, policyDir, { recursive: true });
    await appendFile(path.join(policyDir, 'lists/trusted-arc-sealers.txt'), '\nlists.example\n');
    await appendFile(path.join(policyDir, 'lists/trusted-forwarders.txt'), `\n${FORWARDER}\n`);
    sink = await startSink();
    gw = await startTestGateway({
      LACHAN_DOWNSTREAM: sink.url,
      LACHAN_CLAMD: inject('clamdUrl'),
      LACHAN_POLICY_DIR: policyDir,
      LACHAN_DNS_SERVERS: dns.server,
      LACHAN_XCLIENT_HOSTS: '127.0.0.1',
    });
  });
  afterAll(async () => {
    await gw?.stop();
    await sink?.stop();
    await dns?.close();
    await rm(policyDir, { recursive: true, force: true });
  });

  const signed = () => dkimSigned(plainMail('alerts@bank.example', 'staff@lachan.test'), { domain: 'bank.example', selector: 'sel', key: keys.bank });
  const throughList = async (message: Buffer) =>
    arcForward(message, { sealer: 'lists.example', key: keys.lists, from: '192.0.2.10', mailFrom: 'alerts@bank.example', resolver: createDnsResolver({ servers: [dns.server] }) });
  const fromList = { from: 'can-bo-bounces@lists.example', to: ['staff@lachan.test'] };

  it('holds list mail whose DMARC p=reject fails here when no trusted sealer vouches for it', async () => {
    const before = sink.messages.length;
    const r = await sendRaw(gw.port, listEdit(await signed()), fromList);
    expect(r.code).toBe(250);
    const rec = await gw.handle.db.messages.get(refOf(r.response));
    expect(rec?.action).toBe('quarantine');
    expect(rec?.hits.map((h) => h.rule)).toContain('dmarc-spoofed-sender');
    expect(sink.messages.length).toBe(before);
  });

  it('delivers the same list mail sealed by the trusted sealer, without a banner, tagged as forwarded', async () => {
    const raw = await throughList(await signed());
    const before = sink.messages.length;
    const r = await sendRaw(gw.port, raw, fromList);
    expect(r.code).toBe(250);
    const got = sink.messages[before]!;
    expect(got, 'delivered before the client got 250').toBeDefined();
    const head = got.raw.toString('latin1').split('\r\n\r\n')[0]!;
    expect(head).toMatch(/X-Lachan-Verdict: deliver; warning=no/);
    expect(head).toMatch(/X-Lachan-Category: .*forwarded/);
    const rec = await gw.handle.db.messages.get(refOf(r.response));
    const findings = rec!.hits.flatMap((h) => h.findings);
    expect(findings.find((f) => f.kind === 'auth.dmarc-arc-override')).toMatchObject({ subject: 'bank.example', tags: ['arc-override', 'p=reject'] });
    expect(findings.find((f) => f.kind === 'auth.arc')).toMatchObject({ subject: 'lists.example', tags: ['pass', 'trusted-sealer'] });
    expect(findings.map((f) => f.kind)).not.toContain('auth.dmarc-fail');
  });

  it('holds the same sealed list mail when another host hands it over (the seal is not believed from there)', async () => {
    const d = await Dialog.open(gw.port);
    await d.reply();
    await d.command('EHLO postfix.lachan.test');
    expect(await d.command('XCLIENT ADDR=203.0.113.5 NAME=mx.lists.example HELO=mx.lists.example')).toMatch(/^220 /);
    await d.command('EHLO mx.lists.example');
    await d.command('MAIL FROM:<can-bo-bounces@lists.example>');
    await d.command('RCPT TO:<staff@lachan.test>');
    const reply = await d.data(await throughList(await signed()));
    d.close();
    expect(reply).toMatch(/^250 /);
    const rec = await gw.handle.db.messages.get(refOf(reply));
    expect(rec?.action).toBe('quarantine');
    const findings = rec!.hits.flatMap((h) => h.findings);
    expect(findings.find((f) => f.kind === 'auth.dmarc-fail')!.detail).toContain("not handed over by that sealer's host");
    expect(rec!.hits.map((h) => h.rule)).toContain('dmarc-spoofed-sender');
  });

  it('warns on SPF for signed mail relayed by a host that is not a trusted forwarder', async () => {
    const r = await sendRaw(gw.port, await signed(), { from: 'alerts@bank.example', to: ['staff@lachan.test'] });
    const rec = await gw.handle.db.messages.get(refOf(r.response));
    expect(rec).toMatchObject({ action: 'deliver', warning: true });
    expect(rec!.hits.map((h) => h.rule)).toContain('spf-failed-sender');
  });

  it('does not hold SPF against mail from the province\'s forwarder (client address given by XCLIENT)', async () => {
    const d = await Dialog.open(gw.port);
    await d.reply();
    await d.command('EHLO postfix.lachan.test');
    expect(await d.command(`XCLIENT ADDR=${FORWARDER} NAME=relay.tinh.lachan.test HELO=relay.tinh.lachan.test`)).toMatch(/^220 /);
    await d.command('EHLO relay.tinh.lachan.test');
    await d.command('MAIL FROM:<alerts@bank.example>');
    await d.command('RCPT TO:<staff@lachan.test>');
    const reply = await d.data(await signed());
    d.close();
    expect(reply).toMatch(/^250 /);
    const rec = await gw.handle.db.messages.get(refOf(reply));
    expect(rec).toMatchObject({ action: 'deliver', warning: false, remoteAddress: FORWARDER });
    const kinds = rec!.hits.flatMap((h) => h.findings.map((f) => f.kind));
    expect(kinds).toContain('auth.trusted-forwarder');
    expect(kinds).not.toContain('auth.spf-fail');
  });
});
