import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { scanOne, type ScanLine } from '../../src/cli/scan.js';
import { removedFileName } from '../../src/act/strip.js';
import { DEFAULT_LIMITS } from '../../src/config/defaults.js';
import { loadConfig } from '../../src/config/index.js';
import type { MessageRow } from '../../src/db/index.js';
import { silentLogger } from '../../src/log.js';
import type { Engine } from '../../src/pipeline/evaluate.js';
import { parseMessage } from '../../src/parse/index.js';
import { loadPolicy } from '../../src/policy/loader.js';
import { createClamdClient } from '../../src/scan/attachments/clamd-client.js';
import type { ClamdClient } from '../../src/scan/attachments/clamd.js';
import { hasBanner, hasBodyText, viewDelivered } from '../support/delivered.js';
import { committedFixtures, generatedFixtures, writeGenerated, type FixtureFile } from '../support/fixture-files.js';
import { POLICY_DIR, refOf, startTestGateway, type TestGateway } from '../support/gateway.js';
import { compose, withoutOurHeaders } from '../support/messages.js';
import { sendRaw, type SendResult } from '../support/send.js';
import { startSink, type Sink, type SunkMessage } from '../support/sink.js';
import { bodyOf, hasBareCr, sameOnWire, smtpWire } from '../support/wire.js';

/**
 * Every .eml under test-fixtures/ (and the big malformed ones the generator builds) through the
 * running gateway on SQLite, to a real sink: each gets the answer its verdict calls for, `lachan scan`
 * (scanOne) reaches the same verdict from the file, and the message ends up where the verdict says.
 */
const envelope = { from: 'a@sender.example', to: ['staff@lachan.test'] };
/** The same settings as startTestGateway, so that `lachan scan` sees the same policy and limits. */
const SCAN_ENV = { LACHAN_POLICY_DIR: POLICY_DIR, LACHAN_LOCAL_DOMAINS: 'lachan.test,*.lachan.test', LACHAN_CLAMD_TIMEOUT_MS: '10000' };

const committed = committedFixtures();
const generated = await generatedFixtures();
const ALL: FixtureFile[] = [...committed, ...generated];

interface Outcome {
  sent: Buffer;
  reply: SendResult;
  ref: string;
  rec: MessageRow;
  line: ScanLine;
  delivered?: SunkMessage;
}

const CODE_FOR: Record<string, number> = { deliver: 250, quarantine: 250, reject: 550, tempfail: 451 };

describe('every fixture through the gateway (SQLite)', () => {
  let sink: Sink;
  let gw: TestGateway;
  let tmp: string;
  let clamd: ClamdClient;
  let engine: Engine;
  const outcomes = new Map<string, Outcome>();

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'lachan-fixtures-'));
    await writeGenerated(generated, tmp);
    sink = await startSink();
    gw = await startTestGateway({ LACHAN_DOWNSTREAM: sink.url, LACHAN_CLAMD: inject('clamdUrl') });
    // built the way runScan (lachan scan) builds it: its own config, policy and clamd client
    const config = loadConfig({ ...SCAN_ENV, LACHAN_CLAMD: inject('clamdUrl') });
    const policy = await loadPolicy(config.policyDir, { extraLocalDomains: config.extraLocalDomains });
    clamd = createClamdClient(config.clamd.url, { timeoutMs: config.limits.clamdTimeoutMs });
    engine = { policy, limits: config.limits, clamd, log: silentLogger() };
  });
  afterAll(async () => {
    await clamd?.close();
    await gw?.stop();
    await sink?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('finds every fixture folder, the generated big ones included', () => {
    const count = (group: string) => ALL.filter((f) => f.group === group).length;
    expect(count('mail')).toBeGreaterThanOrEqual(9);
    expect(count('malformed')).toBeGreaterThanOrEqual(30);
    expect(count('attachments')).toBeGreaterThanOrEqual(25);
    expect(count('generated')).toBeGreaterThanOrEqual(10);
  });

  for (const fixture of ALL) {
    const id = `${fixture.group}/${fixture.name}`;
    it(`${id}: answered as its verdict says, the same verdict as lachan scan, and the message is where the verdict puts it`, async () => {
      const sent = await readFile(fixture.file);
      const before = sink.messages.length;
      const reply = await sendRaw(gw.port, sent, envelope);
      const ref = refOf(reply.response);
      const rec = await gw.handle.db.messages.get(ref);
      expect(rec, `${id}: a message record for ${ref}`).toBeDefined();
      // A client must send CR-only line endings as CRLF (RFC 5321), so the gateway never sees that
      // file as it is: `lachan scan` is then given the message as it was sent.
      let scanned = fixture.file;
      if (hasBareCr(sent)) {
        scanned = path.join(tmp, `${fixture.group}-${fixture.name}.wire.eml`);
        await writeFile(scanned, smtpWire(sent));
      }
      const line = await scanOne(scanned, engine);
      const delivered = sink.messages.length > before ? sink.messages[before] : undefined;
      outcomes.set(id, { sent, reply, ref, rec: rec!, line, delivered });

      // (a) the answer matches the recorded verdict
      expect(reply.code, `${id}: ${reply.response}`).toBe(CODE_FOR[rec!.action]);
      if (rec!.action === 'reject') expect(reply.response).toMatch(/5\.7\.1/);
      // (b) lachan scan on the file reaches the same verdict as the SMTP path
      expect({ action: line.action, warning: line.warning, stripped: line.stripped }, `${id}: lachan scan vs SMTP`).toEqual({
        action: rec!.action,
        warning: rec!.warning,
        stripped: rec!.stripped,
      });
      expect(line.error).toBeUndefined();

      // (c) where the message went
      const held = await gw.handle.db.quarantine.get(ref);
      switch (rec!.action) {
        case 'deliver': {
          expect(sink.messages.length - before, `${id}: delivered once`).toBe(1);
          expect(delivered!.rcptTo).toEqual(envelope.to);
          expect(delivered!.mailFrom).toBe(envelope.from);
          const view = await viewDelivered(delivered!.raw);
          expect(view.refHeader).toBe(ref);
          expect(view.verdictHeader).toMatch(new RegExp(`^deliver; warning=${rec!.warning ? 'yes' : 'no'}; stripped=${rec!.stripped.length};`));
          if (rec!.warning) {
            // The banner goes into the text and HTML body parts; a message without any (its only part
            // is an attachment, or its multipart boundary is never found) keeps only the header's warning=yes.
            const original = await viewDelivered(smtpWire(sent));
            if (hasBodyText(original)) {
              // or, when the MIME split would not give the message back byte for byte (act/split-fidelity.ts),
              // the warning tag in the subject and the body as it came
              const shown = hasBanner(view) || (view.subject.startsWith('[CẢNH BÁO]') && sameOnWire(bodyOf(delivered!.raw), bodyOf(sent)));
              expect(shown, `${id}: banner in ${JSON.stringify((view.text || view.html).slice(0, 200))}`).toBe(true);
            }
          } else {
            expect(hasBanner(view)).toBe(false);
            // X-Lachan-* fields from outside are removed (nobody may forge our verdict): compare without them
            expect(sameOnWire(withoutOurHeaders(delivered!.raw), withoutOurHeaders(sent)), `${id}: delivered byte for byte`).toBe(true);
          }
          if (rec!.stripped.length) {
            const gone = (rec!.attachments as Array<{ filename: string; sha256: string }>).filter((a) => rec!.stripped.includes(a.filename));
            expect(gone.length).toBeGreaterThan(0);
            // a file inside a forwarded message is replaced there (Attachment.nestedPath): look inside them too
            const every = [...view.attachments, ...view.forwarded];
            for (const a of gone) {
              expect(every.map((x) => x.sha256), `${id}: ${a.filename} is gone`).not.toContain(a.sha256);
              expect(every.map((x) => x.filename)).toContain(removedFileName(a.filename));
            }
            expect(held?.status).toBe('held');
            expect(held?.reason).toMatch(/^stripped: /);
            expect(sameOnWire((await gw.handle.store.get(held!.sha256))!, sent), `${id}: original kept byte for byte`).toBe(true);
          } else {
            expect(held).toBeUndefined();
          }
          break;
        }
        case 'quarantine': {
          expect(sink.messages.length, `${id}: not delivered`).toBe(before);
          expect(held?.status).toBe('held');
          expect(held?.recipients).toEqual(envelope.to);
          expect(held?.sha256).toBe(rec!.sha256);
          expect(sameOnWire((await gw.handle.store.get(held!.sha256))!, sent), `${id}: stored byte for byte`).toBe(true);
          break;
        }
        case 'reject':
        case 'tempfail': {
          expect(sink.messages.length, `${id}: not delivered`).toBe(before);
          expect(held).toBeUndefined();
          expect(await gw.handle.store.has(rec!.sha256), `${id}: not stored`).toBe(false);
          break;
        }
      }
    });
  }

  it('keeps serving after all of them', async () => {
    const r = await sendRaw(gw.port, await compose({ text: 'Vẫn hoạt động.' }), envelope);
    expect(r.code).toBe(250);
    expect(outcomes.size).toBe(ALL.length);
  });

  describe('what the issue asks of particular fixtures (default policy)', () => {
    const outcome = (id: string): Outcome => {
      const o = outcomes.get(id);
      if (!o) throw new Error(`${id} was not sent (did its test above fail?)`);
      return o;
    };
    const rules = (o: Outcome) => o.rec.hits.map((h) => h.rule);
    const kinds = (o: Outcome) => o.rec.hits.flatMap((h) => h.findings.map((f) => f.kind));

    it.each(['eicar-plain', 'eicar-zipped', 'eicar-zip-in-zip', 'eicar-gz', 'eicar-tar', 'eicar-tgz'])('attachments/%s: refused as malware (ClamAV)', (name) => {
      const o = outcome(`attachments/${name}`);
      expect(o.rec.action).toBe('reject');
      expect(o.reply.code).toBe(550);
      expect(kinds(o)).toContain('attachment.virus');
      expect(o.rec.categories[0]).toBe('malware');
    });

    it('attachments/marker: our own test signature is refused the same way', () => {
      const o = outcome('attachments/marker');
      expect(o.rec.action).toBe('reject');
      expect(o.rec.hits.flatMap((h) => h.findings).some((f) => f.kind === 'attachment.virus' && /Lachan/i.test(f.detail))).toBe(true);
    });

    it('attachments/eicar-encrypted-zip: opened with the common password "infected", EICAR inside is refused as malware', () => {
      const o = outcome('attachments/eicar-encrypted-zip');
      expect(o.rec.action).toBe('reject');
      expect(rules(o)).toContain('malware');
      expect(rules(o)).toContain('encrypted-attachment');
      expect(o.rec.hits.flatMap((h) => h.findings).find((f) => f.kind === 'attachment.encrypted')?.tags).toEqual(['zip', 'opened', 'common-password']);
    });

    it('attachments/exe-renamed-pdf: the program posing as a PDF is held (disguised-dangerous-attachment), not only stripped', () => {
      const o = outcome('attachments/exe-renamed-pdf');
      expect(o.rec.action).toBe('quarantine');
      expect(rules(o)).toEqual(expect.arrayContaining(['disguised-dangerous-attachment', 'dangerous-attachment', 'attachment-type-mismatch']));
      expect(o.line.action).toBe('quarantine'); // lachan scan agrees
    });

    it.each(['double-extension', 'rtlo-name', 'double-extension-tar'])('attachments/%s: a disguised file name is quarantined', (name) => {
      const o = outcome(`attachments/${name}`);
      expect(o.rec.action).toBe('quarantine');
      expect(o.rec.hits[0]!.rule).toBe('disguised-file-name');
      expect(o.delivered).toBeUndefined();
    });

    it.each([
      ['macro-docm', 'bao-cao.docm'],
      ['macro-ole-doc', 'cong-van.doc'],
      ['macro-xls-xlm', 'bang-luong.xls'],
    ])('attachments/%s: the macro document is stripped, the rest delivered with a warning', (name, file) => {
      const o = outcome(`attachments/${name}`);
      expect(o.rec.action).toBe('deliver');
      expect(o.rec.warning).toBe(true);
      expect(o.rec.stripped).toEqual([file]);
      expect(rules(o)).toContain('office-macro');
    });

    it('attachments/html-credential-form: quarantined as phishing', () => {
      const o = outcome('attachments/html-credential-form');
      expect(o.rec.action).toBe('quarantine');
      expect(rules(o)).toContain('html-form-attachment');
      expect(o.rec.categories).toContain('phishing');
    });

    it.each(['zip-bomb', 'gzip-bomb'])('attachments/%s: quarantined as an archive bomb', (name) => {
      const o = outcome(`attachments/${name}`);
      expect(o.rec.action).toBe('quarantine');
      expect(rules(o)).toContain('archive-bomb');
    });

    it('attachments/truncated-tgz: delivered with a warning that the archive could not be checked', () => {
      const o = outcome('attachments/truncated-tgz');
      expect(o.rec.action).toBe('deliver');
      expect(o.rec.warning).toBe(true);
      expect(rules(o)).toContain('uninspectable-archive');
      expect(o.rec.hits.filter((h) => h.action !== 'tag').map((h) => h.rule)).toEqual(['uninspectable-archive']);
      const why = o.rec.hits.find((h) => h.rule === 'uninspectable-archive')!.findings.map((f) => f.detail.split(':')[0]);
      expect(why.sort()).toEqual(['corrupt gzip', 'corrupt tar']);
    });

    it('attachments/pdf-javascript-openaction: a PDF running JavaScript on opening is quarantined', () => {
      const o = outcome('attachments/pdf-javascript-openaction');
      expect(o.rec.action).toBe('quarantine');
      expect(o.rec.hits[0]!.rule).toBe('pdf-runs-on-open');
      expect(o.rec.categories).toContain('malware');
      expect(o.delivered).toBeUndefined();
    });

    it('attachments/pdf-lookalike-link: the gov.vn lookalike linked from inside the PDF is quarantined as phishing', () => {
      const o = outcome('attachments/pdf-lookalike-link');
      expect(o.rec.action).toBe('quarantine');
      expect(rules(o)).toContain('lookalike-link');
      const lookalike = o.rec.hits.flatMap((h) => h.findings).find((f) => f.kind === 'url.lookalike');
      expect(lookalike?.detail).toContain('link in PDF thong-bao-thue.pdf');
      expect(o.line.findings.some((f) => f.kind === 'url.lookalike')).toBe(true); // lachan scan agrees
    });

    it.each([
      ['pdf-indirect-uri', 'lookalike-link', 'url.lookalike'],
      ['pdf-indirect-action', 'blocked-link', 'url.listed'],
    ])('attachments/%s: a link the PDF names only by reference is checked and quarantined (%s)', (name, rule, kind) => {
      const o = outcome(`attachments/${name}`);
      expect(o.rec.action).toBe('quarantine');
      expect(rules(o)).toContain(rule);
      expect(o.rec.hits.flatMap((h) => h.findings).find((f) => f.kind === kind)?.detail).toContain('link in PDF');
      expect(o.line.findings.some((f) => f.kind === kind)).toBe(true); // lachan scan agrees
    });

    it('attachments/pdf-encrypted-permissions: a PDF restricted by permissions only is delivered without a warning', () => {
      const o = outcome('attachments/pdf-encrypted-permissions');
      expect(o.rec.action).toBe('deliver');
      expect(o.rec.warning).toBe(false);
      expect(o.rec.hits.filter((h) => h.action !== 'tag')).toEqual([]);
    });

    it('attachments/pdf-encrypted-password: a PDF needing a password is delivered with a warning, like a locked zip', () => {
      const o = outcome('attachments/pdf-encrypted-password');
      expect(o.rec.action).toBe('deliver');
      expect(o.rec.warning).toBe(true);
      expect(o.rec.hits.filter((h) => h.action !== 'tag').map((h) => h.rule)).toEqual(['encrypted-attachment']);
      expect(o.rec.hits.flatMap((h) => h.findings).find((f) => f.kind === 'attachment.encrypted')?.tags).toEqual(['pdf', 'password']);
    });

    it.each([
      ['html-smuggling-zip', 'html-smuggling', 'malware'],
      ['html-redirect-recipient', 'html-obfuscated-loader', 'phishing'],
    ])('attachments/%s: quarantined (%s)', (name, rule, category) => {
      const o = outcome(`attachments/${name}`);
      expect(o.rec.action).toBe('quarantine');
      expect(rules(o)).toContain(rule);
      expect(o.rec.categories).toContain(category);
      expect(o.line.findings.map((f) => f.rule)).toContain(rule); // lachan scan agrees
    });

    it('attachments/html-report-script: an exported report with a small script gets what any page with a script gets, nothing more', () => {
      const o = outcome('attachments/html-report-script');
      expect(rules(o)).toContain('html-form-attachment');
      expect(rules(o).filter((r) => r.startsWith('html-') && r !== 'html-form-attachment')).toEqual([]);
      expect(kinds(o).filter((k) => k === 'attachment.html-smuggling' || k === 'attachment.html-loader')).toEqual([]);
    });

    it.each([
      ['rtf-equation-editor', 'office-exploit'],
      ['docx-mhtml-oleobject', 'office-exploit'],
      ['docx-remote-template', 'office-remote-content'],
      ['rtf-package-exe', 'office-embedded-program'],
      ['ole-doc-package', 'office-embedded-program'],
    ])('attachments/%s: an Office document that runs or fetches code without a macro is quarantined (%s)', (name, rule) => {
      const o = outcome(`attachments/${name}`);
      expect(o.rec.action).toBe('quarantine');
      expect(o.rec.hits[0]!.rule).toBe(rule);
      expect(o.rec.categories).toContain('malware');
      expect(o.delivered).toBeUndefined();
      expect(o.line.findings.map((f) => f.rule)).toContain(rule); // lachan scan agrees
    });

    // Locked archives and documents opened, TNEF and single streams read (sealed-payloads.mjs)
    it('attachments/sevenzip-password-eicar: the 7z opened with "Mật khẩu giải nén: 2468" from the body, EICAR inside is refused as malware', () => {
      const o = outcome('attachments/sevenzip-password-eicar');
      expect(o.rec.action).toBe('reject');
      expect(o.reply.code).toBe(550);
      expect(rules(o)).toEqual(expect.arrayContaining(['malware', 'encrypted-attachment']));
      expect(o.rec.categories[0]).toBe('malware');
      const virus = o.rec.hits.flatMap((h) => h.findings).find((f) => f.kind === 'attachment.virus');
      expect(virus?.subject).toBe('ho-so-thue.7z → eicar.com');
      expect(o.rec.hits.flatMap((h) => h.findings).find((f) => f.kind === 'attachment.encrypted')?.tags).toEqual(['7z', 'opened', 'password-in-message', 'dangerous-inside']);
      expect(o.line.findings.map((f) => f.kind)).toContain('attachment.virus'); // lachan scan agrees
    });

    it('attachments/pdf-password-eicar-embedded: the PDF opened with "Mật khẩu mở tệp: 2468" from the body, EICAR embedded in it is refused as malware', () => {
      const o = outcome('attachments/pdf-password-eicar-embedded');
      expect(o.rec.action).toBe('reject');
      expect(o.reply.code).toBe(550);
      expect(rules(o)).toContain('malware');
      const virus = o.rec.hits.flatMap((h) => h.findings).filter((f) => f.kind === 'attachment.virus').map((f) => f.subject).sort();
      expect(virus).toEqual(['ho-so-thue.pdf → decrypted', 'ho-so-thue.pdf → eicar.com']);
      expect(o.line.findings.map((f) => f.kind)).toContain('attachment.virus'); // lachan scan agrees
    });

    it('attachments/sevenzip-hidden-names-docm: the 7z with encrypted names is opened with the password from the body; a macro document inside a locked archive holds the message', () => {
      const o = outcome('attachments/sevenzip-hidden-names-docm');
      expect(o.rec.action).toBe('quarantine');
      expect(rules(o)).toEqual(expect.arrayContaining(['office-macro', 'encrypted-archive-dangerous-inside']));
      expect(o.rec.hits.flatMap((h) => h.findings).find((f) => f.kind === 'attachment.macro')?.subject).toBe('tai-lieu-mat.7z → tai-lieu/bao-cao-quy.docm');
      expect(o.line.findings.map((f) => f.rule)).toContain('office-macro'); // lachan scan agrees
    });

    it.each(['office-velvetsweatshop-xlsm', 'xls-rc4-velvetsweatshop'])(
      'attachments/%s: a workbook locked with Excel\'s default password is opened, its macros found, and quarantined (office-default-password)',
      (name) => {
        const o = outcome(`attachments/${name}`);
        expect(o.rec.action).toBe('quarantine');
        expect(rules(o)).toEqual(expect.arrayContaining(['office-default-password', 'office-macro']));
        expect(o.rec.categories).toContain('malware');
        expect(o.rec.hits.flatMap((h) => h.findings).find((f) => f.kind === 'attachment.encrypted')?.tags).toEqual(expect.arrayContaining(['default-password', 'opened']));
        expect(o.delivered).toBeUndefined();
        expect(o.line.findings.map((f) => f.rule)).toContain('office-default-password'); // lachan scan agrees
      },
    );

    it.each([
      ['tnef-exe', 'winmail.dat', 'winmail.dat → hoa-don-dien-tu.exe'],
      ['bzip2-exe', 'hoa-don.exe.bz2', 'hoa-don.exe.bz2 → hoa-don.exe'],
      ['xz-exe', 'bien-lai.exe.xz', 'bien-lai.exe.xz → bien-lai.exe'],
    ])('attachments/%s: the program inside %s is found and the attachment stripped, the rest delivered with a warning', (name, file, member) => {
      const o = outcome(`attachments/${name}`);
      expect(o.rec.action).toBe('deliver');
      expect(o.rec.warning).toBe(true);
      expect(o.rec.stripped).toEqual([file]);
      expect(rules(o)).toContain('dangerous-attachment');
      expect(o.rec.hits.flatMap((h) => h.findings).find((f) => f.kind === 'attachment.dangerous-type')?.subject).toBe(member);
      expect(o.line.findings.map((f) => f.rule)).toContain('dangerous-attachment'); // lachan scan agrees
    });

    it('mail/zendesk-relayed-lure: crypto cashback typed into a helpdesk ticket is delivered with a warning (relayed-lure)', () => {
      const o = outcome('mail/zendesk-relayed-lure');
      expect(o.rec.action).toBe('deliver');
      expect(o.rec.warning).toBe(true);
      expect(rules(o)).toContain('relayed-lure');
      expect(o.rec.hits.flatMap((h) => h.findings).find((f) => f.kind === 'content.lure')?.tags).toEqual(expect.arrayContaining(['relayed', 'helpdesk']));
      expect(o.line.findings.map((f) => f.rule)).toContain('relayed-lure'); // lachan scan agrees
    });

    it.each([
      ['userinfo-deception', 'userinfo-deception'],
      ['lookalike-govvn', 'lookalike-link'],
    ])('mail/%s: quarantined as phishing', (name, rule) => {
      const o = outcome(`mail/${name}`);
      expect(o.rec.action).toBe('quarantine');
      expect(rules(o)).toContain(rule);
      expect(o.rec.categories).toContain('phishing');
    });

    // The issue lists the entity-encoded href among the fixtures to quarantine. What this fixture holds
    // is a link whose text shows https://mail.lachan.test but goes to login.evil.example, and a link to
    // a bare IP: url.text-mismatch and url.ip-host, both 'warn' in the default policy ("text-mismatch
    // warn; ip-host warn" in the policy's brief, because newsletters do the same). So it is caught with a
    // warning, not held: the decoding is what this checks; the policy question is left to the lead.
    it('mail/entity-href: the entity-encoded links are decoded, and a link showing our own domain is quarantined', () => {
      const o = outcome('mail/entity-href');
      expect(o.rec.action).toBe('quarantine');
      const findings = o.rec.hits.flatMap((h) => h.findings);
      expect(findings.some((f) => f.kind === 'url.text-mismatch' && f.detail.includes('login.evil.example'))).toBe(true);
      expect(findings.some((f) => f.kind === 'url.ip-host' && `${f.subject} ${f.detail}`.includes('203.0.113.7'))).toBe(true);
    });

    it.each(['vi-utf8-base64', 'vi-utf8-qp', 'vi-windows-1258', 'vi-nfd', 'en-newsletter'])(
      'mail/%s: clean mail is delivered without a warning, byte for byte',
      (name) => {
        const o = outcome(`mail/${name}`);
        expect(o.rec.action).toBe('deliver');
        expect(o.rec.warning).toBe(false);
        expect(o.rec.hits.filter((h) => h.action !== 'tag')).toEqual([]);
        expect(sameOnWire(withoutOurHeaders(o.delivered!.raw), withoutOurHeaders(o.sent))).toBe(true);
      },
    );

    it.each(['clean-pdf', 'clean-docx', 'clean-xls', 'clean-rtf', 'docx-hyperlink'])('attachments/%s: a harmless attachment is delivered without a warning', (name) => {
      const o = outcome(`attachments/${name}`);
      expect(o.rec.action).toBe('deliver');
      expect(o.rec.warning).toBe(false);
      expect(o.rec.stripped).toEqual([]);
    });

    // The parser and act/ must number the parts alike (parse/mime-tree.ts), or the program is not found
    // to strip and the message is held as unrewritable; the checks above say the stripped file is gone.
    it.each(['strip-truncated-nested'])(
      'malformed/%s: the program behind the broken MIME is stripped, the rest delivered',
      (name) => {
        const o = outcome(`malformed/${name}`);
        expect(o.rec.action).toBe('deliver');
        expect(o.rec.stripped).toEqual(['setup.exe']);
        expect(rules(o)).toContain('dangerous-attachment');
        expect(o.delivered).toBeDefined();
      },
    );

    it.each(['strip-reused-boundary', 'strip-boundary-prefix', 'strip-reused-boundary-leaf', 'strip-duplicate-boundary-param'])(
      'malformed/%s: MIME that parsers split differently is held whole', (name) => {
      const o = outcome(`malformed/${name}`);
      expect(o.rec.action).toBe('quarantine');
      expect(rules(o)).toContain('unscannable-message');
      expect(o.delivered).toBeUndefined();
    });

    // MIME that shows the reader's client an attachment other than the one the gateway would check
    // (test-fixtures/malformed/generate.mjs, mimeTrickFixtures): the program is stripped under the name
    // a client may use, or the message is held as unscannable. Never delivered clean.
    it.each([
      ['names-ct-exe-cd-pdf', 'dangerous-attachment'],
      ['names-cd-exe-ct-pdf', 'dangerous-attachment'],
      ['rfc2231-continuation', 'disguised-file-name'],
      ['rfc2231-percent-dot', 'dangerous-attachment'],
      ['rfc2231-mixed-plain-first', 'dangerous-attachment'],
      ['rfc2231-mixed-star-pdf', 'dangerous-attachment'],
      ['param-twice-case', 'dangerous-attachment'],
      ['encoded-word-in-quotes', 'dangerous-attachment'],
      ['encoded-word-in-rfc2231', 'dangerous-attachment'],
      ['content-disposition-twice', 'unscannable-message'],
      ['windows-names', 'dangerous-attachment'],
      ['cte-base64-junk', 'unscannable-message'],
      ['cte-quoted', 'unscannable-message'],
      ['cte-comment', 'dangerous-attachment'],
      ['cte-duplicate', 'unscannable-message'],
      ['cte-x-uuencode', 'unscannable-message'],
      ['cte-8bit-binary', 'dangerous-attachment'],
      ['message-partial', 'unscannable-message'],
      ['message-external-body', 'unscannable-message'],
      ['binhex-in-text', 'unscannable-message'],
      ['yenc-in-text', 'unscannable-message'],
      ['header-space-before-colon', 'dangerous-attachment'],
      ['boundary-folded', 'unscannable-message'],
      ['boundary-8bit', 'unscannable-message'],
      ['boundary-param-case', 'unscannable-message'],
      ['preamble-fake-boundary', 'dangerous-attachment'],
      ['rfc822-base64', 'dangerous-attachment'],
      // cases from public MIME parser test suites (generate.mjs, parserSuiteFixtures)
      ['boundary-folded-consistent', 'dangerous-attachment'],
      ['boundary-unquoted-space', 'unscannable-message'],
      ['boundary-prefix-of-inner-reversed', 'unscannable-message'],
      ['mixed-line-ends', 'dangerous-attachment'],
      ['nul-in-filename', 'dangerous-attachment'],
      ['rfc2231-out-of-order', 'dangerous-attachment'],
      ['encoded-word-utf7-name', 'dangerous-attachment'],
      ['encoded-word-unknown-charset', 'dangerous-attachment'],
      ['header-no-colon-part', 'dangerous-attachment'],
      ['rfc822-strip-second', 'dangerous-attachment'],
      ['rfc822-in-rfc822', 'dangerous-attachment'],
      ['rfc822-strip-base64', 'dangerous-attachment'],
      ['rfc822-strip-qp', 'dangerous-attachment'],
    ])('generated/%s: the hidden program is caught (%s)', (name, rule) => {
      const o = outcome(`generated/${name}`);
      expect(rules(o)).toContain(rule);
      if (o.rec.action === 'deliver') {
        expect(o.rec.warning).toBe(true);
        expect(o.rec.stripped.length).toBeGreaterThan(0);
      } else {
        expect(o.rec.action).toBe('quarantine');
        expect(o.delivered).toBeUndefined();
      }
    });

    // more cases from public MIME parser test suites and parser bug reports, committed under
    // test-fixtures/malformed: a script some reading hides is stripped, or the message is held
    it.each([
      'boundary-rfc2231-param', 'boundary-quoted-pair', 'boundary-leading-space', 'boundary-trailing-space', 'boundary-regex-chars',
      'boundary-angle-brackets', 'content-type-comment-param', 'content-type-no-semicolon', 'multipart-digest-default', 'message-global',
      'header-blank-continuation', 'encoded-word-split-escape', 'encoded-word-split-base64', 'rfc2231-gap', 'rfc2231-partly-encoded',
      'rfc2231-single-tick', 'cte-case-whitespace', 'epilogue-after-close', 'part-no-headers-no-final-newline', 'rfc822-inner-unclosed', 'mbox-from-line',
    ])('malformed/%s: the hidden script is never delivered clean', (name) => {
      const o = outcome(`malformed/${name}`);
      if (o.rec.action === 'deliver') {
        expect(o.rec.warning).toBe(true);
        expect(o.rec.stripped.length).toBeGreaterThan(0);
      } else {
        expect(o.rec.action).toBe('quarantine');
        expect(o.delivered).toBeUndefined();
      }
    });

    it('generated/boundary-folded-consistent: a folded boundary every parser splits alike is only noted (malformed: a warning), the script stripped', () => {
      const o = outcome('generated/boundary-folded-consistent');
      expect(o.rec.action).toBe('deliver');
      expect(o.rec.warning).toBe(true);
      expect(rules(o)).toContain('malformed-message');
      expect(o.rec.hits.flatMap((h) => h.findings).map((f) => f.subject)).toContain('folded-boundary');
      expect(o.rec.stripped).toEqual(['hoa-don.vbs']);
    });

    it('generated/cr-ends-delimiter: a delimiter only a CR-splitting parser sees is held (ambiguous-boundary), through SMTP and lachan scan alike', () => {
      // SMTP turns the bare CRs into line ends (the gateway then sees the part), lachan scan reads the file as it is:
      // either way the message is not delivered clean
      const o = outcome('generated/cr-ends-delimiter');
      expect(o.rec.action === 'quarantine' || (o.rec.action === 'deliver' && o.rec.warning && o.rec.stripped.length > 0)).toBe(true);
    });

    it.each([
      ['rfc822-strip-second', 'chuyen-tiep.eml'],
      ['rfc822-in-rfc822', ''],
      // sent base64 / quoted-printable: decoded, the script removed, encoded again (act/encoded-forward.ts)
      ['rfc822-strip-base64', 'chuyen-tiep.eml'],
      ['rfc822-strip-qp', 'chuyen-tiep.eml'],
    ])('generated/%s: only the script inside the forwarded message is removed; the forwarded message and its PDF are delivered', async (name, fwdName) => {
      const o = outcome(`generated/${name}`);
      expect(o.rec.action).toBe('deliver');
      expect(o.rec.stripped).toEqual(['hoa-don.vbs']);
      const sent = await parseMessage(o.sent, DEFAULT_LIMITS);
      const got = await parseMessage(o.delivered!.raw, DEFAULT_LIMITS);
      // every attachment is where it was, with the same bytes, but the script: its notice in its place
      expect(got.attachments.map((a) => [a.id, a.filename, a.nestedPath])).toEqual(
        sent.attachments.map((a) => [a.id, a.filename === 'hoa-don.vbs' ? removedFileName('hoa-don.vbs') : a.filename, a.nestedPath]),
      );
      const pdf = (m: Awaited<ReturnType<typeof parseMessage>>) => m.attachments.find((a) => a.filename === 'bao-cao.pdf')!.sha256;
      expect(pdf(got)).toBe(pdf(sent));
      expect(got.attachments[0]!.filename).toBe(fwdName);
      expect(got.nested[0]!.problems).toEqual([]);
    });

    // multipart/digest members without Content-Type and message/global parts are forwarded messages (parse/prescan.ts, act/act-stream.ts)
    it('mail/digest-mailman and mail/message-global-forward: a mailing-list digest and a message/global forward are delivered clean, byte for byte', () => {
      for (const name of ['digest-mailman', 'message-global-forward']) {
        const o = outcome(`mail/${name}`);
        expect({ name, action: o.rec.action, warning: o.rec.warning, kinds: kinds(o) }).toEqual({ name, action: 'deliver', warning: false, kinds: ['sender.external'] });
      }
    });

    it('mail/digest-member-attachment: the script in a member is found as a2.a1 and removed there; the banner is in the digest text, not in a member', async () => {
      const o = outcome('mail/digest-member-attachment');
      expect(o.rec.action).toBe('deliver');
      expect(o.rec.warning).toBe(true);
      expect(o.rec.stripped).toEqual(['bien-ban-hop.vbs']);
      expect(o.rec.hits.flatMap((h) => h.findings).find((f) => f.kind === 'attachment.dangerous-type')?.attachment).toBe('a2.a1');
      expect(o.line.findings.find((f) => f.kind === 'attachment.dangerous-type')).toMatchObject({ attachment: 'a2.a1' });
      const got = await parseMessage(o.delivered!.raw, DEFAULT_LIMITS);
      expect(got.problems).toEqual([]);
      expect(got.text).toMatch(/^\[Lá Chắn\]/);
      expect(got.nested.map((n) => [n.subject, n.text.includes('[Lá Chắn]')])).toEqual([
        ['Lịch tập huấn chuyển đổi số quý II', false],
        ['Biên bản họp nhóm', false],
      ]);
      expect(got.attachments.map((a) => [a.id, a.filename])).toEqual([
        ['a1', ''],
        ['a2', ''],
        ['a2.a1', removedFileName('bien-ban-hop.vbs')],
      ]);
    });

    it('mail/digest-member-lookalike: the lookalike link inside a member holds the digest', () => {
      const o = outcome('mail/digest-member-lookalike');
      expect(o.rec.action).toBe('quarantine');
      expect(rules(o)).toContain('lookalike-link');
    });

    it('generated/windows-names: each of the six files Windows would run is found dangerous (the look-alike dot also disguises one)', () => {
      const o = outcome('generated/windows-names');
      const dangerous = o.rec.hits.flatMap((h) => h.findings).filter((f) => f.kind === 'attachment.dangerous-type');
      expect(new Set(dangerous.map((f) => f.attachment)).size).toBe(6);
      expect(rules(o)).toContain('disguised-file-name');
    });

    it('generated: messages that cannot be analysed, or whose headers cross the limits, are held', () => {
      for (const name of [
        'deep-multipart-50',
        'deep-rfc822-30',
        'parts-10000',
        'html-deep-nesting',
        'many-headers',
        'header-100k-line',
        'deep-multipart-1000',
        'deep-rfc822-1000',
        'header-1mb-line',
        'header-1mb-part-param',
      ]) {
        const o = outcome(`generated/${name}`);
        expect({ name, action: o.rec.action }).toEqual({ name, action: 'quarantine' });
      }
    });

    // The default policy holds a message it could not analyse, but only warns when links or text run
    // past the limit (rule limit-exceeded-content: digests do that too). Either way never delivered as clean.
    it('generated/too-many-urls: links past the limit are never delivered as clean', () => {
      const o = outcome('generated/too-many-urls');
      expect(o.rec.action === 'quarantine' || (o.rec.action === 'deliver' && o.rec.warning)).toBe(true);
      expect(kinds(o)).toContain('message.limit-exceeded');
    });
  });
});
