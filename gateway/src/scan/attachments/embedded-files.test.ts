import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import * as o from '../../../../test-fixtures/attachments/office-payloads.mjs';
import { ensureDebianPackages } from '../../../test/support/debian.js';
import type { ScanLimits } from '../../config/types.js';
import { attachmentMail, shippedPolicyVerdicts } from '../shipped-verdict.js';
import { makePolicy } from '../test-helpers.js';
import type { ClamdClient } from './clamd.js';
import { createClamdClient } from './clamd.js';
import { packagedBytes } from './ole-objects.js';
import { clearPdfEmbedded } from './pdf-embedded.js';
import { findingLines, walkFile } from './test-helpers.js';

/**
 * Files embedded in documents walked like archive members (walk-pdf.ts pdfFiles, walk-office.ts packagedFiles): a
 * clear PDF's /EmbeddedFile streams (pdf-embedded.ts) and the files OLE Package objects carry in
 * a .doc, .xls, .ppt, OOXML oleObject*.bin and RTF \objdata (ole-objects.ts packagedBytes).
 */


const pdfWith = p.pdfWithEmbedded;
const packageBin = o.packageBin;
const docxWith = (name: string, data: Buffer) => o.makeDocx({ files: { 'word/embeddings/oleObject1.bin': packageBin(name, data) } });
const rtfWith = (name: string, data: Buffer) => o.makeRtf({ objects: [{ objclass: 'Package', data: o.ole1Object('Package', o.packageNative(name, data)) }] });
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function walk(name: string, data: Buffer, opts: { limits?: Partial<ScanLimits>; clamd?: ClamdClient; listed?: Buffer } = {}) {
  const policy = opts.listed ? makePolicy({ lists: { bad: { type: 'hash', entries: [sha(opts.listed)] } } }) : undefined;
  return walkFile(name, data, { limits: opts.limits, clamd: opts.clamd, policy });
}
const lines = async (...args: Parameters<typeof walk>) => findingLines(await walk(...args));

describe('a clear PDF\'s embedded files', () => {
  it('walks an embedded program as a member: a dangerous type named by its path, besides the PDF\'s own finding', async () => {
    const pdf = pdfWith([{ name: 'hoa-don.exe', data: p.makePe() }]);
    expect(await lines('ho-so.pdf', pdf)).toEqual([
      'attachment.dangerous-type ho-so.pdf → hoa-don.exe exe',
      'attachment.pdf-active ho-so.pdf embedded-file',
    ]);
  });

  it('finds a stream only an /EF entry points at (no /Type), stored as is, and hands over its exact bytes', async () => {
    const script = Buffer.from('var s = new ActiveXObject("WScript.Shell"); s.Run("cmd /c calc");\r\n');
    const pdf = pdfWith([{ name: 'huong-dan.js', data: script, raw: true, typed: false }]);
    expect(clearPdfEmbedded(pdf).map((f) => f.name)).toEqual(['huong-dan.js']);
    const found = await lines('ho-so.pdf', pdf, { listed: script });
    expect(found).toEqual(expect.arrayContaining(['attachment.dangerous-type ho-so.pdf → huong-dan.js js', 'attachment.listed ho-so.pdf → huong-dan.js']));
  });

  it('adds nothing for an ordinary embedded file (an e-invoice\'s XML), and nothing for a PDF without one', async () => {
    const xml = Buffer.from('<?xml version="1.0" encoding="UTF-8"?><HDon><DLHDon><TTChung><KHHDon>C24TAA</KHHDon></TTChung></DLHDon></HDon>');
    expect(await lines('hoa-don.pdf', pdfWith([{ name: 'hoa-don.xml', data: xml }]))).toEqual(['attachment.pdf-active hoa-don.pdf embedded-file']);
    expect(await lines('bao-cao.pdf', p.makePdf())).toEqual([]);
  });

  it('keeps to the depth, entry, byte and ratio limits', async () => {
    const exe = pdfWith([{ name: 'a.exe', data: p.makePe() }, { name: 'b.exe', data: p.makePe() }]);
    // depth: a PDF at the deepest level is not opened
    expect(await lines('ho-so.pdf', exe, { limits: { archiveMaxDepth: 0 } })).toEqual([
      'attachment.archive-limit ho-so.pdf depth',
      'attachment.pdf-active ho-so.pdf embedded-file',
    ]);
    // entries: the second file is past the limit
    expect(await lines('ho-so.pdf', exe, { limits: { archiveMaxEntries: 1 } })).toEqual([
      'attachment.archive-limit ho-so.pdf → b.exe entries',
      'attachment.dangerous-type ho-so.pdf → a.exe exe',
      'attachment.pdf-active ho-so.pdf embedded-file',
    ]);
    // bytes: inflating stops at the budget; the name is still checked
    expect(await lines('ho-so.pdf', exe, { limits: { archiveMaxTotalBytes: 100 } })).toEqual([
      'attachment.archive-limit ho-so.pdf → a.exe total-bytes',
      'attachment.dangerous-type ho-so.pdf → a.exe exe',
      'attachment.pdf-active ho-so.pdf embedded-file',
    ]);
    // ratio: 8 MB of zeros in a few KB is not inflated past 100:1
    const bomb = pdfWith([{ name: 'du-lieu.bin', data: Buffer.alloc(8 * 1024 * 1024) }]);
    expect(await lines('ho-so.pdf', bomb)).toEqual([
      'attachment.archive-limit ho-so.pdf → du-lieu.bin ratio',
      'attachment.pdf-active ho-so.pdf embedded-file',
    ]);
  });
});

describe('files packaged in Office documents (OLE Package objects)', () => {
  it('reads a packaged file\'s bytes from the Packager header, and says when the carrier cut it', () => {
    const native = o.packageNative('hoa-don.exe', o.FAKE_PROGRAM);
    expect(packagedBytes(native, false)).toEqual({ data: o.FAKE_PROGRAM });
    expect(packagedBytes(native.subarray(0, native.length - 10), false)).toEqual({ data: o.FAKE_PROGRAM.subarray(0, o.FAKE_PROGRAM.length - 10), cut: true });
    // a linked file (type 1) carries no data
    const linked = Buffer.from(native);
    linked.writeUInt16LE(1, linked.indexOf(Buffer.from([0, 0, 3, 0])) + 2);
    expect(packagedBytes(linked, false)).toBeUndefined();
    expect(packagedBytes(Buffer.alloc(64, 0x41), false)).toBeUndefined();
  });

  it('walks the file a .docx packages, named through its part: "report.docx → word/embeddings/oleObject1.bin → invoice.exe"', async () => {
    const found = await lines('bao-cao.docx', await docxWith('invoice.exe', o.FAKE_PROGRAM), { listed: o.FAKE_PROGRAM });
    expect(found).toEqual([
      'attachment.dangerous-type bao-cao.docx → word/embeddings/oleObject1.bin → invoice.exe exe',
      'attachment.embedded-object bao-cao.docx package,exe,executable,ooxml',
      'attachment.listed bao-cao.docx → word/embeddings/oleObject1.bin → invoice.exe',
    ]);
  });

  it('walks the file a .doc or .xls packages in its storages, and an RTF\'s, with the same checks', async () => {
    expect(await lines('huong-dan.doc', o.makeOleDocWithPackage('huong-dan.hta'))).toEqual([
      'attachment.dangerous-type huong-dan.doc → ObjectPool/_1712345678 → huong-dan.hta hta',
      'attachment.embedded-object huong-dan.doc package,hta,executable,ole',
    ]);
    const xls = o.makeCompoundFile({
      '/Workbook': Buffer.alloc(600, 0),
      '/MBD00A1B2C3/\u0001Ole10Native': o.ole10NativeStream('Bang-ke.pdf.lnk', o.FAKE_PROGRAM),
      '/MBD00A1B2C3/\u0001CompObj': o.compObj('OLE Package', 'Package'),
    });
    expect((await lines('bang-ke.xls', xls)).filter((l) => l.includes('→'))).toEqual([
      'attachment.dangerous-type bang-ke.xls → MBD00A1B2C3 → Bang-ke.pdf.lnk lnk',
      'attachment.double-extension bang-ke.xls → MBD00A1B2C3 → Bang-ke.pdf.lnk pdf,lnk',
    ]);
    // a macro document packaged in an RTF is a macro document inside it
    const docm = await p.makeWordDocument({ macros: true });
    expect((await lines('to-trinh.rtf', rtfWith('bao-cao.docm', docm))).filter((l) => l.includes('→'))).toEqual([
      'attachment.macro to-trinh.rtf → bao-cao.docm vba,docm,ooxml',
    ]);
  });

  it('adds nothing for a document without packaged files, or packaging a harmless file', async () => {
    expect(await lines('ke-hoach.docx', await o.makeDocx({}))).toEqual([]);
    expect(await lines('bieu-do.rtf', o.makeCleanRtf())).toEqual([]);
    const pdfInside = await lines('bao-cao.docx', await docxWith('phu-luc.pdf', p.makePdf()));
    expect(pdfInside).toEqual(['attachment.embedded-object bao-cao.docx package,pdf,ooxml']);
  });

  it('keeps to the depth, entry, byte and ratio limits', async () => {
    const docx = await docxWith('invoice.exe', o.FAKE_PROGRAM);
    // depth 1: the .docx is opened (its parts are read) but what it packages is one level deeper
    expect((await lines('ho-so.zip', await p.makeZip({ 'bao-cao.docx': docx }), { limits: { archiveMaxDepth: 1 } })).filter((l) => !l.includes('embedded-object'))).toEqual([
      'attachment.archive-limit ho-so.zip → bao-cao.docx depth',
    ]);
    expect(await lines('huong-dan.doc', o.makeOleDocWithPackage('huong-dan.js'), { limits: { archiveMaxEntries: 0 } })).toEqual([
      'attachment.archive-limit huong-dan.doc → ObjectPool/_1712345678 → huong-dan.js entries',
      'attachment.embedded-object huong-dan.doc package,js,executable,ole',
    ]);
    expect(await lines('bao-cao.docx', docx, { limits: { archiveMaxTotalBytes: 10 } })).toEqual([
      'attachment.archive-limit bao-cao.docx → word/embeddings/oleObject1.bin → invoice.exe total-bytes',
      'attachment.dangerous-type bao-cao.docx → word/embeddings/oleObject1.bin → invoice.exe exe',
      'attachment.embedded-object bao-cao.docx package,exe,executable,ooxml',
    ]);
    // 4 MB of zeros packaged: the part inflates far past 100:1, so its file is named, not walked
    const bomb = await docxWith('du-lieu.dat', Buffer.alloc(4 * 1024 * 1024));
    expect(await lines('bao-cao.docx', bomb)).toEqual([
      'attachment.archive-limit bao-cao.docx → word/embeddings/oleObject1.bin → du-lieu.dat ratio',
      'attachment.embedded-object bao-cao.docx package,dat,ooxml',
    ]);
  });
});

const clamdUrl = inject('clamdUrl');
describe.skipIf(!clamdUrl)('EICAR embedded in documents and the real clamd — skipped when LACHAN_TEST_SKIP_CLAMD=1', () => {
  const clamd = createClamdClient(clamdUrl || 'tcp://127.0.0.1:1', { timeoutMs: 20_000 });
  let dir: string;
  beforeAll(() => {
    ensureDebianPackages([{ pkg: 'qpdf', file: '/usr/bin/qpdf' }]);
    dir = mkdtempSync(path.join(tmpdir(), 'lachan-embedded-'));
  });
  afterAll(async () => {
    await clamd.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** `qpdf --add-attachment`: the way a real tool embeds a file. */
  function qpdfAttach(name: string, data: Buffer): Buffer {
    const input = path.join(dir, 'in.pdf');
    const file = path.join(dir, name);
    const output = path.join(dir, 'out.pdf');
    writeFileSync(input, p.makePdf());
    writeFileSync(file, data);
    const r = spawnSync('qpdf', [input, '--add-attachment', file, `--key=${name}`, '--', output], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    return readFileSync(output);
  }
  const viruses = async (name: string, data: Buffer) => (await walk(name, data, { clamd })).filter((f) => f.kind === 'attachment.virus').map((f) => f.subject);

  it('finds EICAR in a file qpdf embedded in a PDF, on the member', async () => {
    const pdf = qpdfAttach('tai-lieu.com', p.EICAR);
    expect(clearPdfEmbedded(pdf).map((f) => f.name)).toEqual(['tai-lieu.com']);
    expect(await viruses('ho-so.pdf', pdf)).toContain('ho-so.pdf → tai-lieu.com');
  });

  it('finds EICAR packaged in a .docx, a .doc and an RTF, on the member', async () => {
    expect(await viruses('bao-cao.docx', await docxWith('eicar.com', p.EICAR))).toContain('bao-cao.docx → word/embeddings/oleObject1.bin → eicar.com');
    const doc = o.makeCompoundFile({
      '/WordDocument': Buffer.alloc(1024, 0),
      '/ObjectPool/_1712345678/\u0001Ole10Native': o.ole10NativeStream('eicar.com', p.EICAR),
      '/ObjectPool/_1712345678/\u0001CompObj': o.compObj('OLE Package', 'Package'),
    });
    expect(await viruses('huong-dan.doc', doc)).toContain('huong-dan.doc → ObjectPool/_1712345678 → eicar.com');
    expect(await viruses('to-trinh.rtf', rtfWith('eicar.com', p.EICAR))).toContain('to-trinh.rtf → eicar.com');
  });

  describe('under the shipped policy, end to end from a message', () => {
    const verdict = shippedPolicyVerdicts({ clamd });

    it('strips a PDF carrying a program, as a zip carrying it, and warns about it', async () => {
      const v = await verdict(attachmentMail('ho-so.pdf', 'application/pdf', pdfWith([{ name: 'hoa-don.exe', data: p.makePe() }])));
      expect(v.rules).toEqual(expect.arrayContaining(['dangerous-attachment', 'pdf-active-content']));
      expect(v.strip).toHaveLength(1);
      expect(v.warning).toBe(true);
    });

    it('refuses a .docx packaging EICAR, and only warns about a PDF carrying an ordinary file', async () => {
      const docx = await docxWith('eicar.com', p.EICAR);
      const v = await verdict(attachmentMail('bao-cao.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', docx));
      expect(v.action).toBe('reject');
      expect(v.rules).toEqual(expect.arrayContaining(['malware', 'office-embedded-program', 'dangerous-attachment']));
      const plain = await verdict(attachmentMail('hoa-don.pdf', 'application/pdf', pdfWith([{ name: 'hoa-don.xml', data: Buffer.from('<HDon/>') }])));
      expect(plain).toMatchObject({ action: 'deliver', warning: true, strip: [] });
      expect(plain.rules.filter((r) => r !== 'external-sender')).toEqual(['pdf-active-content']);
    });
  });
});
