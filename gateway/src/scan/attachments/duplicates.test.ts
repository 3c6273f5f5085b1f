import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import type { ScanLimits } from '../../config/types.js';
import type { Attachment } from '../../parse/types.js';
import { makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import type { Finding } from '../types.js';
import { attachmentsScanner } from './index.js';
import { fakeClamd, findingLines, makeAttachment, walkFile, type FakeClamd } from './test-helpers.js';

/**
 * One content attached (or archived) many times is walked once (duplicates.ts): every copy is
 * still reported under its own name and id, its own name checked, and the archive limits still
 * count every copy. "Walked once" is counted by the scans clamd gets (each file the walk meets goes
 * to clamd once), not by time.
 */
const SIG = 'Fake.EICAR';
const ZIP = { contentType: 'application/zip', trueType: { ext: 'zip', mime: 'application/zip' } };

async function scan(attachments: Attachment[], limits: Partial<ScanLimits> = {}): Promise<{ findings: Finding[]; clamd: FakeClamd }> {
  const clamd = fakeClamd({ needles: { [SIG]: p.EICAR } });
  const ctx = makeContext(makePolicy(), { clamd, limits });
  return { findings: await attachmentsScanner.scan(makeMessage({ attachments }), ctx), clamd };
}

/** The findings about one attachment, as lines (kind, subject, tags) with its id checked. */
function linesOf(findings: Finding[], att: Attachment): string[] {
  return findingLines(findings.filter((f) => f.attachment === att.id));
}

describe('identical attachments', () => {
  it('walks 40 copies of an archive holding a program once, and reports the program in every copy', async () => {
    const zip = await p.makeZip({ 'setup.exe': p.makePe(), 'doc/huong-dan.txt': 'chạy setup.exe' });
    const copies = Array.from({ length: 40 }, (_, i) => makeAttachment(`ho-so-${i + 1}.zip`, zip, ZIP));
    const { findings, clamd } = await scan(copies);
    expect(clamd.scanned).toEqual(['ho-so-1.zip', 'setup.exe', 'doc/huong-dan.txt']); // walked once, not 40 times
    const dangerous = findings.filter((f) => f.kind === 'attachment.dangerous-type');
    expect(dangerous.map((f) => [f.subject, f.attachment])).toEqual(copies.map((c, i) => [`ho-so-${i + 1}.zip → setup.exe`, c.id]));
    // each copy's findings are what it gets scanned alone
    const alone = await scan([copies[7]!]);
    expect(linesOf(findings, copies[7]!)).toEqual(linesOf(alone.findings, copies[7]!));
    expect(findings).toHaveLength(40);
  });

  it("checks each copy's own name and declared type: a double extension or an RTL override is the copy's", async () => {
    const pe = p.makePe();
    const exe = { contentType: 'application/octet-stream' };
    const plain = makeAttachment('setup.exe', pe, exe);
    const double = makeAttachment('hoa-don.pdf.exe', pe, exe);
    const rtlo = makeAttachment('hoa-don\u202Efdp.exe', pe, exe);
    const { findings, clamd } = await scan([plain, double, rtlo]);
    expect(clamd.scanned).toHaveLength(1);
    for (const att of [plain, double, rtlo]) {
      expect(linesOf(findings, att)).toEqual(linesOf((await scan([att])).findings, att));
    }
    expect(findings.filter((f) => f.kind === 'attachment.double-extension').map((f) => f.attachment)).toEqual([double.id]);
    expect(findings.filter((f) => f.kind === 'attachment.rtlo').map((f) => f.attachment)).toEqual([rtlo.id]);
  });

  it('gives the ClamAV finding of EICAR to every copy, from one scan', async () => {
    const copies = Array.from({ length: 25 }, (_, i) => makeAttachment(`tep-${i + 1}.com`, p.EICAR));
    const { findings, clamd } = await scan(copies);
    expect(clamd.scanned).toHaveLength(1);
    const virus = findings.filter((f) => f.kind === 'attachment.virus');
    expect(virus.map((f) => [f.subject, f.attachment, f.detail])).toEqual(copies.map((c) => [c.filename, c.id, SIG]));
  });

  it('walks copies with another extension or declared type on their own (the walk reads those)', async () => {
    const pdf = p.makePdf();
    const a = makeAttachment('bao-cao.pdf', pdf, { contentType: 'application/pdf' });
    const b = makeAttachment('bao-cao.html', pdf, { contentType: 'text/html' });
    const { clamd } = await scan([a, b]);
    expect(clamd.scanned).toEqual(['bao-cao.pdf', 'bao-cao.html']);
  });

  it('leaves a message without copies as it was: every attachment walked', async () => {
    const one = makeAttachment('a.com', p.EICAR);
    const two = makeAttachment('b.com', Buffer.concat([p.EICAR, Buffer.from('\n')]));
    const { findings, clamd } = await scan([one, two]);
    expect(clamd.scanned.sort()).toEqual(['a.com', 'b.com']);
    expect(findings.filter((f) => f.kind === 'attachment.virus').map((f) => f.attachment)).toEqual([one.id, two.id]);
  });
});

describe('identical archive members', () => {
  it('walks a zip holding 50 copies of one inner zip once, and reports the program in each', async () => {
    const inner = await p.makeZip({ 'setup.exe': p.makePe() });
    const files = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`ban-sao-${i + 1}.zip`, inner]));
    const clamd = fakeClamd();
    const findings = await walkFile('ngoai.zip', await p.makeZip(files), { clamd });
    expect(clamd.scanned).toEqual(['ngoai.zip', 'ban-sao-1.zip', 'setup.exe']);
    expect(findingLines(findings)).toEqual(Array.from({ length: 50 }, (_, i) => `attachment.dangerous-type ngoai.zip → ban-sao-${i + 1}.zip → setup.exe exe`).sort());
    // the same as with 50 inner zips that differ (each walked for real)
    const distinct = Object.fromEntries(await Promise.all(Array.from({ length: 50 }, async (_, i) => [`ban-sao-${i + 1}.zip`, await p.makeZip({ 'setup.exe': p.makePe(), 'ghi-chu.txt': `bản ${i + 1}` })])));
    expect(findingLines(await walkFile('ngoai.zip', await p.makeZip(distinct)))).toEqual(findingLines(findings));
  });

  it("checks a copied member's own name", async () => {
    const pe = p.makePe();
    const findings = await walkFile('ho-so.zip', await p.makeZip({ 'setup.exe': pe, 'hoa-don.pdf.exe': pe }));
    expect(findingLines(findings)).toEqual([
      'attachment.dangerous-type ho-so.zip → hoa-don.pdf.exe exe',
      'attachment.dangerous-type ho-so.zip → setup.exe exe',
      'attachment.double-extension ho-so.zip → hoa-don.pdf.exe pdf,exe',
    ]);
  });

  it('gives a copied member the ClamAV finding of the first, once ClamAV has answered', async () => {
    const inner = await p.makeZip({ 'eicar.com': p.EICAR });
    const clamd = fakeClamd({ needles: { [SIG]: p.EICAR }, delayMs: 20 });
    const findings = await walkFile('ngoai.zip', await p.makeZip({ 'a.zip': inner, 'b.zip': inner, 'c.zip': inner }), { clamd });
    expect(clamd.scanned).toEqual(['ngoai.zip', 'a.zip', 'eicar.com']);
    // (the zips are deflated: only the member shows EICAR)
    expect(findings.filter((f) => f.kind === 'attachment.virus').map((f) => f.subject).sort()).toEqual(['ngoai.zip → a.zip → eicar.com', 'ngoai.zip → b.zip → eicar.com', 'ngoai.zip → c.zip → eicar.com']);
  });

  it('still counts every copy against the entry limit: a bomb of identical inner zips meets it', async () => {
    const small = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`muc-${i}.txt`, 'x']));
    const inner = await p.makeZip(small);
    const outer = await p.makeZip(Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`ban-${i}.zip`, inner])));
    const clamd = fakeClamd();
    const findings = await walkFile('bom.zip', outer, { clamd });
    const limit = findings.filter((f) => f.kind === 'attachment.archive-limit');
    expect(limit.map((f) => f.tags)).toEqual([['entries']]);
    // as many entries counted as when each inner zip is walked: 60 × 21 passes the 1000 at the same member
    const distinct = await p.makeZip(Object.fromEntries(await Promise.all(Array.from({ length: 60 }, async (_, i) => [`ban-${i}.zip`, await p.makeZip({ ...small, 'muc-0.txt': String(i) })]))));
    const real = (await walkFile('bom.zip', distinct)).filter((f) => f.kind === 'attachment.archive-limit');
    expect(limit[0]!.subject!.split(' → ').slice(0, 2)).toEqual(real[0]!.subject!.split(' → ').slice(0, 2));
    expect(clamd.scanned.length).toBeLessThan(60);
  });

  it('still counts every copy against the byte limit: identical members past archiveMaxTotalBytes stop the walk', async () => {
    const block = randomBytes(100 * 1024); // incompressible: no ratio limit, only the byte budget
    const inner = await p.makeZip({ 'du-lieu.bin': block }, { store: true });
    const outer = await p.makeZip(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`ban-${i}.zip`, inner])), { store: true });
    const findings = await walkFile('bom.zip', outer, { limits: { archiveMaxTotalBytes: 1024 * 1024 } });
    expect(findings.filter((f) => f.kind === 'attachment.archive-limit').map((f) => f.tags)).toEqual([['total-bytes']]);
    // each copy costs its zip and its member: the fifth copy passes 1 MB (5 × 200 KB)
    expect(findings.find((f) => f.kind === 'attachment.archive-limit')!.subject).toMatch(/^bom\.zip → ban-(4|5)\.zip/);
  });
});
