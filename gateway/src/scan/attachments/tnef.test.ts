import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import { ensureDebianPackages } from '../../../test/support/debian.js';
import { attachmentMail as mail, shippedPolicyVerdicts } from '../shipped-verdict.js';
import { makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import type { Finding } from '../types.js';
import { createClamdClient, type ClamdClient } from './clamd.js';
import { attachmentsScanner } from './index.js';
import { fakeClamd, makeAttachment } from './test-helpers.js';
import { buildTnef } from './tnef-builder.js';
import { looksLikeTnef, readTnef } from './tnef.js';

const SIG = 'Fake.EICAR';
const clamdUrl = inject('clamdUrl');

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);

let dir: string;
beforeAll(() => {
  // Debian's tnef: the reference our builder's streams are checked against
  ensureDebianPackages([{ pkg: 'tnef', file: '/usr/bin/tnef' }]);
  dir = mkdtempSync(path.join(tmpdir(), 'lachan-tnef-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What Debian's tnef extracts from a stream: file name → bytes. */
function extractWithTnef(stream: Buffer, name: string): Map<string, Buffer> {
  const work = path.join(dir, name);
  spawnSync('mkdir', ['-p', work]);
  writeFileSync(path.join(work, 'winmail.dat'), stream);
  const out = path.join(work, 'out');
  spawnSync('mkdir', ['-p', out]);
  const r = spawnSync('tnef', ['--number-backups', '-C', out, '-f', path.join(work, 'winmail.dat')], { timeout: 30_000 });
  expect(r.status, r.stderr.toString()).toBe(0);
  return new Map(readdirSync(out).map((f) => [f, readFileSync(path.join(out, f))]));
}

describe('TNEF (winmail.dat)', () => {
  it('reads the attachments Debian’s tnef reads, long names and bytes alike', () => {
    const stream = buildTnef([
      { title: 'BAOCAO~1.PDF', longName: 'Báo cáo quý 3.pdf', data: PDF },
      { title: 'INVOIC~1.EXE', longName: 'invoice.pdf.exe', data: EXE },
    ]);
    expect(looksLikeTnef(stream)).toBe(true);
    const ours = readTnef(stream);
    expect(ours.damage).toBeUndefined();
    expect(ours.badChecksums).toBe(0);
    expect(ours.attachments.map((a) => a.name)).toEqual(['Báo cáo quý 3.pdf', 'invoice.pdf.exe']);
    expect(ours.attachments[0]!.data.equals(PDF)).toBe(true);
    expect(ours.attachments[1]!.data.equals(EXE)).toBe(true);
    const theirs = extractWithTnef(stream, 'two');
    expect([...theirs.values()].map((b) => b.toString('hex')).sort()).toEqual([PDF, EXE].map((b) => b.toString('hex')).sort());
    expect([...theirs.keys()]).toContain('invoice.pdf.exe');
  });

  it('takes the 8.3 title when there is no long name, and drops a path from a name', () => {
    const ours = readTnef(buildTnef([{ title: 'REPORT.DOC', data: PDF }, { title: 'x', longName: '..\\..\\Startup\\run.bat', data: EXE }]));
    expect(ours.attachments.map((a) => a.name)).toEqual(['REPORT.DOC', 'run.bat']);
  });

  it('gives an embedded Outlook message as a TNEF stream of its own', () => {
    const inner = buildTnef([{ title: 'PAYLOAD.EXE', longName: 'payload.exe', data: EXE }]);
    const ours = readTnef(buildTnef([{ title: 'FWD.MSG', longName: 'Fwd: hồ sơ', data: inner, embeddedMessage: true }]));
    expect(ours.attachments).toHaveLength(1);
    expect(ours.attachments[0]!.embedded).toBe('message');
    expect(looksLikeTnef(ours.attachments[0]!.data)).toBe(true);
    expect(readTnef(ours.attachments[0]!.data).attachments.map((a) => a.name)).toEqual(['payload.exe']);
  });

  it('reads on past a wrong checksum and counts it', () => {
    const ours = readTnef(buildTnef([{ title: 'A.PDF', data: PDF }], { badChecksum: true }));
    expect(ours.badChecksums).toBe(1);
    expect(ours.attachments.map((a) => a.name)).toEqual(['A.PDF']);
  });

  it('keeps the attachments before a cut and says where it broke', () => {
    const stream = buildTnef([{ title: 'A.PDF', data: PDF }, { title: 'B.EXE', longName: 'b.exe', data: EXE }]);
    const cut = stream.subarray(0, stream.length - 60);
    const ours = readTnef(cut);
    expect(ours.attachments[0]!.name).toBe('A.PDF');
    expect(ours.damage).toMatch(/runs past the end|cut off/);
    expect(readTnef(Buffer.from('not tnef at all')).damage).toBe('no TNEF signature');
  });

  it('never throws or runs away on damaged streams (2,000 random corruptions)', () => {
    const stream = buildTnef([
      { title: 'A.PDF', longName: 'a.pdf', data: PDF },
      { title: 'M.MSG', data: buildTnef([{ title: 'B.EXE', data: EXE }]), embeddedMessage: true },
    ]);
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    for (let i = 0; i < 2000; i++) {
      const b = Buffer.from(stream);
      for (let k = 0; k < 1 + rand(6); k++) b[6 + rand(b.length - 6)] = rand(256);
      const got = readTnef(b.subarray(0, 6 + rand(b.length - 5)));
      for (const a of got.attachments) expect(a.data.length).toBeLessThanOrEqual(b.length);
    }
  });
});

async function scan(data: Buffer, clamd?: ClamdClient): Promise<Finding[]> {
  const att = makeAttachment('winmail.dat', data, { id: 'a1', contentType: 'application/ms-tnef' });
  const ctx = makeContext(makePolicy(), { clamd: clamd ?? fakeClamd({ needles: { [SIG]: p.EICAR } }) });
  return attachmentsScanner.scan(makeMessage({ attachments: [att] }), ctx);
}
const of = (findings: Finding[], kind: string) => findings.filter((f) => f.kind === kind);

describe('attachments scanner: winmail.dat walked like an archive', () => {
  it('checks each attachment inside: a program behind a double extension, macros by content, EICAR', async () => {
    const findings = await scan(
      buildTnef([
        { title: 'HOADON~1.EXE', longName: 'hoa-don.pdf.exe', data: p.makePe() },
        { title: 'BAOCAO.DOC', longName: 'bao-cao.doc', data: await p.makeWordDocument({ macros: true }) },
        { title: 'EICAR.COM', data: p.EICAR },
      ]),
    );
    expect(of(findings, 'attachment.double-extension').map((f) => f.subject)).toEqual(['winmail.dat → hoa-don.pdf.exe']);
    expect(of(findings, 'attachment.macro').map((f) => f.subject)).toEqual(['winmail.dat → bao-cao.doc']);
    // (the fake clamd, like ClamAV, also finds the signature in winmail.dat itself)
    expect(of(findings, 'attachment.virus').map((f) => f.subject)).toContain('winmail.dat → EICAR.COM');
    expect(of(findings, 'attachment.uninspectable')).toEqual([]);
  });

  it('opens an embedded Outlook message, one archive level deeper, and stops at the depth limit', async () => {
    let stream = buildTnef([{ title: 'RUN.EXE', longName: 'run.exe', data: p.makePe() }]);
    const inner = await scan(buildTnef([{ title: 'FWD.MSG', longName: 'Fwd.msg', data: stream, embeddedMessage: true }]));
    expect(inner.some((f) => f.subject === 'winmail.dat → Fwd.msg → run.exe' && f.kind.startsWith('attachment.'))).toBe(true);
    for (let i = 0; i < 8; i++) stream = buildTnef([{ title: `L${i}.MSG`, data: stream, embeddedMessage: true }]);
    expect(of(await scan(stream), 'attachment.archive-limit').map((f) => f.tags)).toContainEqual(['depth']);
  });

  it('delivers a winmail.dat of documents with nothing to report, and reports a cut one', async () => {
    const clean = buildTnef([{ title: 'TOTRINH.PDF', longName: 'tờ trình.pdf', data: p.makePdf() }]);
    expect(await scan(clean)).toEqual([]);
    const cut = await scan(clean.subarray(0, clean.length - 20));
    expect(of(cut, 'attachment.uninspectable').map((f) => f.tags)).toEqual([['tnef']]);
  });
});

describe.skipIf(!clamdUrl)('winmail.dat through the real clamd — skipped when LACHAN_TEST_SKIP_CLAMD=1', () => {
  const clamd = createClamdClient(clamdUrl || 'tcp://127.0.0.1:1', { timeoutMs: 20_000 });
  afterAll(() => clamd.close());

  it('names the attachment inside that holds EICAR', async () => {
    const findings = await scan(buildTnef([{ title: 'GHICHU.TXT', data: Buffer.from('xin chào') }, { title: 'EICAR.COM', longName: 'eicar.com', data: p.EICAR }]), clamd);
    const virus = of(findings, 'attachment.virus').find((f) => f.subject === 'winmail.dat → eicar.com');
    expect(virus?.detail).toMatch(/EICAR/);
  });
});

describe('a winmail.dat and a zip of the same files get the same verdict under the shipped policy', () => {
  const verdict = shippedPolicyVerdicts({ clamd: fakeClamd({ needles: { [SIG]: p.EICAR } }) });
  it('for a program behind a double extension, EICAR and a clean PDF', async () => {
    const cases: [string, Record<string, Buffer>, [string, boolean]][] = [
      ['double extension', { 'invoice.pdf.exe': p.makePe() }, ['quarantine', false]],
      ['EICAR', { 'eicar.com': p.EICAR }, ['reject', false]],
      ['clean PDF', { 'to-trinh.pdf': p.makePdf() }, ['deliver', false]],
    ];
    for (const [what, files, expected] of cases) {
      const zip = await verdict(mail('ho-so.zip', 'application/zip', await p.makeZip(files)));
      const tnef = await verdict(
        mail('winmail.dat', 'application/ms-tnef', buildTnef(Object.entries(files).map(([name, data]) => ({ title: name.toUpperCase(), longName: name, data })))),
      );
      expect([tnef.action, tnef.warning, tnef.rules.sort()], what).toEqual([zip.action, zip.warning, zip.rules.sort()]);
      expect([tnef.action, tnef.warning], what).toEqual(expected);
    }
  });
});
