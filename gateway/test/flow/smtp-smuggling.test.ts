import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { scanOne } from '../../src/cli/scan.js';
import { loadConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/log.js';
import type { Engine } from '../../src/pipeline/evaluate.js';
import { loadPolicy } from '../../src/policy/loader.js';
import { createClamdClient } from '../../src/scan/attachments/clamd-client.js';
import type { ClamdClient } from '../../src/scan/attachments/clamd.js';
import { Dialog } from '../support/dialog.js';
import { POLICY_DIR, refOf, startTestGateway, type TestGateway } from '../support/gateway.js';
import { startLenientSink, type LenientSink } from '../support/lenient-sink.js';

/**
 * SMTP smuggling (SEC Consult, Dec 2023; CVE-2023-51764/51765/51766) end to end: a sender on a raw
 * socket hides a loose end-of-data sequence and a second transaction (a forged internal sender) in
 * DATA; behind the gateway sits a downstream that ends DATA at any loose sequence, as the vulnerable
 * servers did. Whatever the verdict lets through, the downstream must see one message, never the
 * second transaction; and the shipped policy refuses such a message outright.
 */
const SENDER = 'hc@sender.example';
const RCPT = 'staff@lachan.test';
const FORGED = 'giam.doc@lachan.test';
const SMUGGLED = `MAIL FROM:<${FORGED}>\r\nRCPT TO:<${RCPT}>\r\nDATA\r\nFrom: Giam doc <${FORGED}>\r\nTo: ${RCPT}\r\nSubject: Chuyen tien gap\r\n\r\nChuyen ngay 500 trieu.\r\n`;

/** The loose end-of-data sequences (SEC Consult's and the other mixes of CR and LF). */
const VARIANTS = ['\n.\r\n', '\r\n.\n', '\n.\n', '\r.\r', '\r\n.\r', '\r.\r\n', '\r.\n', '\n.\r'];
const show = (s: string) => s.replace(/\r/g, '<CR>').replace(/\n/g, '<LF>');

type Flavour = 'plain' | 'banner' | 'strip';
/** What reaches the downstream: the message as it came, with a warning banner, or with an attachment removed (act/). */
const FLAVOURS: Flavour[] = ['plain', 'banner', 'strip'];

/** DATA as the attacker writes it: a message whose text hides the sequence and a second message, then the real end. */
function attack(seq: string, flavour: Flavour, n: number): Buffer {
  const text = `Kinh gui anh chi,\r\nLich hop tuan sau${flavour === 'banner' ? ': https://bit.ly/3xLichHop' : ''}.${seq}${SMUGGLED}`;
  const head = `From: Phong Hanh chinh <${SENDER}>\r\nTo: ${RCPT}\r\nSubject: Lich hop ${n}\r\nMessage-ID: <smuggle-${n}@sender.example>\r\nMIME-Version: 1.0\r\n`;
  if (flavour !== 'strip') return Buffer.from(`${head}Content-Type: text/plain; charset=us-ascii\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${text}\r\n.\r\n`, 'latin1');
  const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(120, 0x41)]).toString('base64');
  return Buffer.from(
    `${head}Content-Type: multipart/mixed; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=us-ascii\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${text}\r\n--b1\r\n` +
      `Content-Type: application/octet-stream; name="setup.exe"\r\nContent-Disposition: attachment; filename="setup.exe"\r\nContent-Transfer-Encoding: base64\r\n\r\n${exe}\r\n--b1--\r\n.\r\n`,
    'latin1',
  );
}

/** One whole SMTP session on a raw socket; the DATA reply, and whatever the gateway said after it. */
async function send(port: number, wire: Buffer): Promise<{ reply: string; after: string; noop: string }> {
  const d = await Dialog.open(port);
  try {
    await d.reply();
    await d.command('EHLO attacker.example');
    expect(await d.command(`MAIL FROM:<${SENDER}>`)).toMatch(/^250 /);
    expect(await d.command(`RCPT TO:<${RCPT}>`)).toMatch(/^250 /);
    const reply = await d.dataRaw(wire);
    // the gateway answered DATA once: the smuggled commands were message text to it, not commands
    await new Promise((r) => setTimeout(r, 50));
    const after = d.unread;
    const noop = await d.command('NOOP');
    return { reply, after, noop };
  } finally {
    d.close();
  }
}

describe('SMTP smuggling', () => {
  let lenient: LenientSink;
  let tmp: string;
  const gateways: TestGateway[] = [];

  beforeAll(async () => {
    lenient = await startLenientSink();
    tmp = await mkdtemp(path.join(os.tmpdir(), 'lachan-smuggling-'));
  });
  afterAll(async () => {
    for (const gw of gateways) await gw.stop();
    await lenient?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('the lenient test downstream really is vulnerable: smuggled bytes sent to it straight become a second transaction', async () => {
    const before = lenient.messages.length;
    const d = await Dialog.open(lenient.port);
    await d.reply();
    await d.command('EHLO attacker.example');
    await d.command(`MAIL FROM:<${SENDER}>`);
    await d.command(`RCPT TO:<${RCPT}>`);
    const first = await d.dataRaw(attack('\n.\r\n', 'plain', 0));
    expect(first).toMatch(/^250 /);
    await lenient.waitFor(before + 2);
    d.close();
    expect(lenient.messages.slice(before).map((m) => m.mailFrom)).toEqual([SENDER, FORGED]);
    expect(lenient.transactions).toContain(FORGED);
  });

  describe('whatever the verdict lets through reaches a lenient downstream as one message, dot-stuffed', () => {
    let gw: TestGateway;
    beforeAll(async () => {
      // the shipped policy with the smuggling rule only recorded, so that these messages are delivered
      const dir = path.join(tmp, 'policy-monitor');
      await cp(POLICY_DIR, dir, { recursive: true });
      const file = path.join(dir, 'policy.yaml');
      const yaml = await readFile(file, 'utf8');
      const monitored = yaml.replace(/(- id: smtp-smuggling\n(?: {4}.*\n)*? {4}category: smtp-smuggling\n)/, '$1    mode: monitor\n');
      expect(monitored).not.toBe(yaml);
      await writeFile(file, monitored);
      gw = await startTestGateway({ LACHAN_DOWNSTREAM: lenient.url, LACHAN_CLAMD: inject('clamdUrl'), LACHAN_POLICY_DIR: dir, LACHAN_VERIFY_RECIPIENTS: 'false' });
      gateways.push(gw);
    });

    let n = 100;
    for (const flavour of FLAVOURS) {
      it.each(VARIANTS.map((v) => [show(v), v]))(`${flavour}: %s`, async (_name, seq) => {
        const wire = attack(seq, flavour, ++n);
        const beforeMessages = lenient.messages.length;
        const beforeTransactions = lenient.transactions.length;
        const { reply, after, noop } = await send(gw.port, wire);
        expect(reply).toMatch(/^250 /);
        expect(after).toBe('');
        expect(noop).toMatch(/^250 /);

        const rec = await gw.handle.db.messages.get(refOf(reply));
        expect(rec?.action).toBe('deliver');
        expect(rec?.warning).toBe(flavour !== 'plain');
        expect(rec?.stripped).toEqual(flavour === 'strip' ? ['setup.exe'] : []);

        await lenient.waitFor(beforeMessages + 1);
        await new Promise((r) => setTimeout(r, 100)); // a second message would come right behind it
        // exactly one message, and the forged MAIL FROM never became a transaction
        expect(lenient.transactions.slice(beforeTransactions)).toEqual([SENDER]);
        expect(lenient.messages.length).toBe(beforeMessages + 1);
        const got = lenient.messages[beforeMessages]!;
        expect(got.end).toBe('\r\n.\r\n');
        const data = got.data.toString('latin1');
        // every line end is CRLF and the smuggled part is inside, its lone dot stuffed
        expect(data.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
        expect(data).toContain(`\r\n..\r\n${SMUGGLED}`);
        expect(data).toContain(`Subject: Lich hop ${n}`);
      });
    }

    it('a bare-LF message with a lone dot line arrives as one message too', async () => {
      const wire = Buffer.from(`From: ${SENDER}\nTo: ${RCPT}\nSubject: LF\n\nDong 1\n.\nDong 2\n\r\n.\r\n`, 'latin1');
      const before = lenient.messages.length;
      const { reply } = await send(gw.port, wire);
      expect(reply).toMatch(/^250 /);
      await lenient.waitFor(before + 1);
      expect(lenient.messages[before]!.data.toString('latin1')).toContain('Dong 1\r\n..\r\nDong 2\r\n');
    });
  });

  describe('the shipped policy refuses it', () => {
    let gw: TestGateway;
    let clamd: ClamdClient;
    let engine: Engine;
    beforeAll(async () => {
      gw = await startTestGateway({ LACHAN_DOWNSTREAM: lenient.url, LACHAN_CLAMD: inject('clamdUrl'), LACHAN_VERIFY_RECIPIENTS: 'false' });
      gateways.push(gw);
      // built the way `lachan scan` builds it (as test/flow/fixtures.test.ts does)
      const config = loadConfig({ LACHAN_POLICY_DIR: POLICY_DIR, LACHAN_LOCAL_DOMAINS: 'lachan.test,*.lachan.test', LACHAN_CLAMD: inject('clamdUrl') });
      const policy = await loadPolicy(config.policyDir, { extraLocalDomains: config.extraLocalDomains });
      clamd = createClamdClient(config.clamd.url, { timeoutMs: config.limits.clamdTimeoutMs });
      engine = { policy, limits: config.limits, clamd, log: silentLogger() };
    });
    afterAll(async () => {
      await clamd?.close();
    });

    it.each(VARIANTS.map((v) => [show(v), v]))('%s: 550 5.7.1 with the reason, nothing delivered, the same verdict from lachan scan', async (name, seq) => {
      const wire = attack(seq, 'plain', 200);
      const before = lenient.messages.length;
      const { reply } = await send(gw.port, wire);
      expect(reply).toMatch(/^550 5\.7\.1 .*smtp-smuggling(?:, [a-z-]+)* - thu giau lenh SMTP .* \/ the message hides SMTP commands .*, ref=/);
      const rec = await gw.handle.db.messages.get(refOf(reply));
      expect(rec?.action).toBe('reject');
      expect(rec?.hits.map((h) => h.rule)).toContain('smtp-smuggling');
      expect(lenient.messages.length).toBe(before);

      // lachan scan on the message as the gateway received it (DATA without its final dot line)
      const file = path.join(tmp, `smuggled-${name.replace(/[<>.]/g, '')}.eml`);
      await writeFile(file, wire.subarray(0, wire.length - 3));
      const line = await scanOne(file, engine);
      expect({ action: line.action, categories: line.categories }).toEqual({ action: 'reject', categories: rec!.categories });
      expect(line.findings.map((f) => f.kind)).toContain('message.smtp-smuggling');
    });

    it('does not refuse bare LF line ends (sloppy mailers), nor a lone dot line without commands after it', async () => {
      const lfOnly = Buffer.from(`From: ${SENDER}\nTo: ${RCPT}\nSubject: Bao cao\n\nKinh gui anh chi,\nBao cao tuan.\n.\nTran trong.\n\r\n.\r\n`, 'latin1');
      const before = lenient.messages.length;
      const { reply } = await send(gw.port, lfOnly);
      expect(reply).toMatch(/^250 /);
      const rec = await gw.handle.db.messages.get(refOf(reply));
      expect(rec?.action).toBe('deliver');
      expect(rec?.hits.map((h) => h.rule)).not.toContain('smtp-smuggling');
      await lenient.waitFor(before + 1);
    });
  });
});
