import { afterAll, describe, expect, inject, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import * as o from '../../../../test-fixtures/attachments/office-payloads.mjs';
import { createClamdClient } from './clamd.js';
import { embeddedFileParts } from './ooxml-packages.js';
import { findingLines, walkFile } from './test-helpers.js';
import { openZip } from './zip.js';

/**
 * Files in an OOXML document's embeddings/ folder that are no OLE object (ooxml-packages.ts
 * embeddedFileParts, walk-office.ts embeddedPackages): a zip or a program saved as `oleObject1.bin`, a zip
 * under any other name, are walked as members by their true type, within the archive limits; the
 * real OLE objects there are still read for their packaged files only (ooxml.ts), not walked twice.
 */

const lines = async (...args: Parameters<typeof walkFile>) => findingLines(await walkFile(...args));
const docxWith = (files: Record<string, Buffer>) => o.makeDocx({ files });
const zipOf = (files: Record<string, Buffer>) => p.makeZip(files);

describe('a zip or a program where an OOXML document keeps its OLE objects', () => {
  it('walks a zip saved as word/embeddings/oleObject1.bin: the program inside is found on its member', async () => {
    const docx = await docxWith({ 'word/embeddings/oleObject1.bin': await zipOf({ 'setup.exe': p.makePe() }) });
    expect(await lines('bao-cao.docx', docx)).toEqual(['attachment.dangerous-type bao-cao.docx → word/embeddings/oleObject1.bin → setup.exe exe']);
  });

  it('walks a program saved as a .bin part, in a workbook and a presentation too', async () => {
    const xlsx = await p.makeZip({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>', 'xl/embeddings/oleObject2.bin': p.makePe() });
    const found = await lines('bang-ke.xlsx', xlsx);
    expect(found.filter((l) => l.startsWith('attachment.dangerous-type'))).toEqual(['attachment.dangerous-type bang-ke.xlsx → xl/embeddings/oleObject2.bin exe,disguised']);
    const pptx = await p.makeZip({ '[Content_Types].xml': '<Types/>', 'ppt/presentation.xml': '<p:presentation/>', 'ppt/embeddings/oleObject1.bin': await zipOf({ 'a/huong-dan.js': Buffer.from('WScript.Echo(1)') }) });
    expect(await lines('tong-ket.pptx', pptx)).toEqual(['attachment.dangerous-type tong-ket.pptx → ppt/embeddings/oleObject1.bin → a/huong-dan.js js']);
  });

  it('walks a zip under another name (package.zip, or named like an embedded document)', async () => {
    const inner = await zipOf({ 'hoa-don.exe': p.makePe() });
    const docx = await docxWith({ 'word/embeddings/package.zip': inner, 'word/embeddings/Microsoft_Word_Document.docx': inner });
    expect(await lines('bao-cao.docx', docx)).toEqual([
      'attachment.dangerous-type bao-cao.docx → word/embeddings/Microsoft_Word_Document.docx → hoa-don.exe exe',
      'attachment.dangerous-type bao-cao.docx → word/embeddings/package.zip → hoa-don.exe exe',
    ]);
  });

  it('walks a real OLE object for its packaged file only, once, beside a zip .bin part', async () => {
    const docx = await docxWith({
      'word/embeddings/oleObject1.bin': o.packageBin('invoice.exe', o.FAKE_PROGRAM),
      'word/embeddings/oleObject2.bin': await zipOf({ 'setup.exe': p.makePe() }),
    });
    const zip = await openZip(docx, 100);
    try {
      expect((await embeddedFileParts(zip)).map((e) => e.name)).toEqual(['word/embeddings/oleObject2.bin']);
    } finally {
      zip.close();
    }
    expect(await lines('bao-cao.docx', docx)).toEqual([
      'attachment.dangerous-type bao-cao.docx → word/embeddings/oleObject1.bin → invoice.exe exe',
      'attachment.dangerous-type bao-cao.docx → word/embeddings/oleObject2.bin → setup.exe exe',
      'attachment.embedded-object bao-cao.docx package,exe,executable,ooxml',
    ]);
  });

  it('adds nothing for an ordinary OLE object, nor for a .bin part that is no file worth a finding', async () => {
    const docx = await docxWith({
      'word/embeddings/oleObject1.bin': o.makeExcelObject(),
      'word/embeddings/oleObject2.bin': Buffer.from('\u0001\u0000\u0000\u0000 an ActiveX blob, not a compound file', 'latin1'),
      'word/embeddings/oleObject3.bin': Buffer.alloc(0),
    });
    expect(await lines('bao-cao.docx', docx)).toEqual([]);
  });

  it('keeps to the depth, entry, byte and ratio limits', async () => {
    const docx = await docxWith({ 'word/embeddings/oleObject1.bin': await zipOf({ 'setup.exe': p.makePe() }) });
    // depth 0: the document's parts are read, its embedded files are a level deeper
    expect(await lines('bao-cao.docx', docx, { limits: { archiveMaxDepth: 0 } })).toEqual(['attachment.archive-limit bao-cao.docx depth']);
    // depth 1: the .bin part is walked (a zip), its program would be a level deeper still
    expect(await lines('bao-cao.docx', docx, { limits: { archiveMaxDepth: 1 } })).toEqual(['attachment.archive-limit bao-cao.docx → word/embeddings/oleObject1.bin depth']);
    // inside a zip at depth 2: zip → docx → .bin → program is three levels
    const outer = await zipOf({ 'bao-cao.docx': docx });
    expect(await lines('ho-so.zip', outer, { limits: { archiveMaxDepth: 2 } })).toEqual(['attachment.archive-limit ho-so.zip → bao-cao.docx → word/embeddings/oleObject1.bin depth']);
    expect(await lines('ho-so.zip', outer, { limits: { archiveMaxDepth: 3 } })).toEqual(['attachment.dangerous-type ho-so.zip → bao-cao.docx → word/embeddings/oleObject1.bin → setup.exe exe']);
    // entries: the .bin part is the one entry allowed
    expect(await lines('bao-cao.docx', docx, { limits: { archiveMaxEntries: 1 } })).toEqual(['attachment.archive-limit bao-cao.docx → word/embeddings/oleObject1.bin → setup.exe entries']);
    // bytes: the part is past the budget, so it is only named
    expect(await lines('bao-cao.docx', docx, { limits: { archiveMaxTotalBytes: 100 } })).toEqual(['attachment.archive-limit bao-cao.docx → word/embeddings/oleObject1.bin total-bytes']);
    // ratio: a "zip" part of 4 MB of zeros inflates far past 100:1, so it is not inflated
    const bomb = await docxWith({ 'word/embeddings/oleObject1.bin': Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), Buffer.alloc(4 * 1024 * 1024)]) });
    expect(await lines('bao-cao.docx', bomb)).toEqual(['attachment.archive-limit bao-cao.docx → word/embeddings/oleObject1.bin ratio']);
  });
});

const clamdUrl = inject('clamdUrl');
describe.skipIf(!clamdUrl)('EICAR in a zip saved as an OOXML oleObject.bin and the real clamd — skipped when LACHAN_TEST_SKIP_CLAMD=1', () => {
  const clamd = createClamdClient(clamdUrl || 'tcp://127.0.0.1:1', { timeoutMs: 20_000 });
  afterAll(() => clamd.close());

  it('finds it on the member inside the part', async () => {
    const docx = await docxWith({ 'word/embeddings/oleObject1.bin': await zipOf({ 'eicar.com': p.EICAR }) });
    const found = await walkFile('bao-cao.docx', docx, { clamd });
    expect(found.filter((f) => f.kind === 'attachment.virus').map((f) => f.subject)).toContain('bao-cao.docx → word/embeddings/oleObject1.bin → eicar.com');
  });
});
