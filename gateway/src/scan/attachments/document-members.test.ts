import { afterAll, describe, expect, inject, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import * as o from '../../../../test-fixtures/attachments/office-payloads.mjs';
import { attachmentMail, shippedPolicyVerdicts } from '../shipped-verdict.js';
import { createClamdClient } from './clamd.js';
import { fakeClamd, findingLines, walkFile } from './test-helpers.js';

/**
 * A document's own checks and the files it embeds (walk-zip.ts, walk-office.ts embeddedPackages,
 * ooxml-packages.ts): the entry limit stops member walking, never a document's own checks; the
 * workbooks, documents and presentations an OOXML document keeps whole in its embeddings/ folder
 * are walked as members — a chart's workbook adds nothing, a macro workbook is found.
 */

const walk = walkFile;
const lines = async (...args: Parameters<typeof walkFile>) => findingLines(await walkFile(...args));

const S = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const CT = 'http://schemas.openxmlformats.org/package/2006/content-types';

/** A workbook as Office embeds one for a chart's data (.xlsx), or with `macros` an .xlsm carrying xl/vbaProject.bin. */
function workbook({ macros = false, extra = {} as Record<string, Buffer | string> } = {}): Promise<Buffer> {
  const main = macros ? 'application/vnd.ms-excel.sheet.macroEnabled.main+xml' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml';
  const rels = [{ type: 'worksheet', target: 'worksheets/sheet1.xml' }, ...(macros ? [{ type: 'http://schemas.microsoft.com/office/2006/relationships/vbaProject', target: 'vbaProject.bin' }] : [])];
  return p.makeZip({
    '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="${CT}"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${macros ? '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>' : ''}<Override PartName="/xl/workbook.xml" ContentType="${main}"/></Types>`,
    '_rels/.rels': o.relsXml([{ type: 'officeDocument', target: 'xl/workbook.xml' }]),
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${S}" xmlns:r="${R}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': o.relsXml(rels),
    'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${S}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Quý</t></is></c><c r="B1"><v>1250</v></c></row></sheetData></worksheet>`,
    ...(macros ? { 'xl/vbaProject.bin': p.makeVbaStorage() } : {}),
    ...extra,
  });
}

/** A .docx with a chart whose data is the embedded workbook `part` (word/charts/chart1.xml → ../embeddings/part), as Word writes one. */
async function docxWithEmbedded(part: string, data: Buffer): Promise<Buffer> {
  const c = 'http://schemas.openxmlformats.org/drawingml/2006/chart';
  return o.makeDocx({
    document: [{ type: 'chart', target: 'charts/chart1.xml' }],
    files: {
      'word/charts/chart1.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<c:chartSpace xmlns:c="${c}" xmlns:r="${R}"><c:chart/><c:externalData r:id="rId1"><c:autoUpdate val="0"/></c:externalData></c:chartSpace>`,
      'word/charts/_rels/chart1.xml.rels': o.relsXml([{ type: 'package', target: `../embeddings/${part}` }]),
      [`word/embeddings/${part}`]: data,
    },
  });
}
const CHART = 'Microsoft_Excel_Worksheet.xlsx';
const MACRO_BOOK = 'Microsoft_Excel_Macro-Enabled_Worksheet.xlsm';

describe('a document walked with the entry limit spent', () => {
  it('still gets its own checks (macros, relationships, objects): the limit stops members only', async () => {
    for (const limit of [0, 1]) {
      const limits = { archiveMaxEntries: limit };
      expect(await lines('to-trinh.docm', await p.makeWordDocument({ macros: true }), { limits })).toEqual(['attachment.macro to-trinh.docm vba,docm,ooxml']);
      expect(await lines('ke-hoach.docx', await o.makeRemoteTemplateDocx(), { limits })).toEqual(['attachment.external-object ke-hoach.docx attached-template,https,ooxml']);
      // the packaged program is past the limit, and said so; the object itself is still reported
      expect(await lines('bao-cao.docx', await o.makeDocx({ files: { 'word/embeddings/oleObject1.bin': packageBin('invoice.exe') } }), { limits: { archiveMaxEntries: 0 } })).toEqual([
        'attachment.archive-limit bao-cao.docx → word/embeddings/oleObject1.bin → invoice.exe entries',
        'attachment.embedded-object bao-cao.docx package,exe,executable,ooxml',
      ]);
    }
  });

  it('a document late in a zip whose entry budget is nearly spent is still read whole', async () => {
    const zip = await p.makeZip({ 'a.txt': 'a', 'b.txt': 'b', 'to-trinh.docm': await p.makeWordDocument({ macros: true }) });
    expect(await lines('ho-so.zip', zip, { limits: { archiveMaxEntries: 3 } })).toEqual(['attachment.macro ho-so.zip → to-trinh.docm vba,docm,ooxml']);
  });

  it('a plain archive still stops at the limit', async () => {
    const zip = await p.makeZip({ 'a.txt': 'a', 'b.exe': p.makePe() });
    expect(await lines('ho-so.zip', zip, { limits: { archiveMaxEntries: 1 } })).toEqual(['attachment.archive-limit ho-so.zip → b.exe entries']);
  });
});

const packageBin = (name: string) =>
  o.makeCompoundFile({ '/\u0001Ole10Native': o.ole10NativeStream(name, o.FAKE_PROGRAM), '/\u0001CompObj': o.compObj('OLE Package', 'Package') });

describe('workbooks and documents an OOXML document embeds whole', () => {
  it('adds nothing for a chart\'s workbook (in Word and PowerPoint), as for a document without one', async () => {
    expect(await lines('bao-cao-quy.docx', await docxWithEmbedded(CHART, await workbook()))).toEqual([]);
    const pptx = await p.makeZip({
      '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="${CT}"><Default Extension="xml" ContentType="application/xml"/></Types>`,
      'ppt/presentation.xml': '<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>',
      'ppt/embeddings/Microsoft_Excel_Worksheet1.xlsx': await workbook(),
      'ppt/embeddings/Microsoft_Excel_Worksheet2.xlsx': await workbook(),
    });
    expect(await lines('tong-ket.pptx', pptx)).toEqual([]);
  });

  it('finds a macro workbook inside a .docx, named by its part', async () => {
    expect(await lines('bao-cao.docx', await docxWithEmbedded(MACRO_BOOK, await workbook({ macros: true })))).toEqual([
      `attachment.macro bao-cao.docx → word/embeddings/${MACRO_BOOK} vba,xlsm,ooxml`,
    ]);
    // named .xlsx, the macros are still found (by its parts and content type, not the name)
    expect(await lines('bao-cao.docx', await docxWithEmbedded(CHART, await workbook({ macros: true })))).toEqual([
      `attachment.macro bao-cao.docx → word/embeddings/${CHART} vba,xlsm,ooxml`,
    ]);
    // an .xlsx in an .xlsx's embeddings in a .pptx: each level deeper
    const inner = await workbook({ extra: { 'xl/embeddings/Microsoft_Word_Macro-Enabled_Document.docm': await p.makeWordDocument({ macros: true }) } });
    const pptx = await p.makeZip({ '[Content_Types].xml': '<Types/>', 'ppt/embeddings/Microsoft_Excel_Worksheet.xlsx': inner });
    expect(await lines('hop.pptx', pptx)).toEqual(['attachment.macro hop.pptx → ppt/embeddings/Microsoft_Excel_Worksheet.xlsx → xl/embeddings/Microsoft_Word_Macro-Enabled_Document.docm vba,docm,ooxml']);
  });

  it('walks a program hidden in the embeddings folder like any archive member', async () => {
    expect(await lines('bao-cao.docx', await docxWithEmbedded('setup.exe', p.makePe()))).toEqual(['attachment.dangerous-type bao-cao.docx → word/embeddings/setup.exe exe']);
  });

  it('keeps to the depth, entry and byte limits; a chart at the depth limit adds nothing', async () => {
    const macro = await docxWithEmbedded(MACRO_BOOK, await workbook({ macros: true }));
    const chart = await docxWithEmbedded(CHART, await workbook());
    expect(await lines('bao-cao.docx', macro, { limits: { archiveMaxDepth: 0 } })).toEqual(['attachment.archive-limit bao-cao.docx depth']);
    expect(await lines('bao-cao.docx', chart, { limits: { archiveMaxDepth: 0 } })).toEqual([]);
    expect(await lines('bao-cao.docx', macro, { limits: { archiveMaxEntries: 0 } })).toEqual([`attachment.archive-limit bao-cao.docx → word/embeddings/${MACRO_BOOK} entries`]);
    expect(await lines('bao-cao.docx', macro, { limits: { archiveMaxTotalBytes: 100 } })).toEqual([`attachment.archive-limit bao-cao.docx → word/embeddings/${MACRO_BOOK} total-bytes`]);
  });
});

describe('under the shipped policy, a report with a chart', () => {
  const verdict = shippedPolicyVerdicts({ clamd: fakeClamd() });
  const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

  it('is delivered without a warning; with a macro workbook inside, it meets the macro rules', async () => {
    const plain = await verdict(attachmentMail('bao-cao-quy.docx', DOCX, await docxWithEmbedded(CHART, await workbook())));
    expect(plain).toMatchObject({ action: 'deliver', warning: false, strip: [] });
    const macro = await verdict(attachmentMail('bao-cao-quy.docx', DOCX, await docxWithEmbedded(MACRO_BOOK, await workbook({ macros: true }))));
    expect(macro.rules).toContain('office-macro');
    expect(macro.strip).toHaveLength(1);
  });
});

const clamdUrl = inject('clamdUrl');
describe.skipIf(!clamdUrl)('EICAR in an embedded workbook and the real clamd — skipped when LACHAN_TEST_SKIP_CLAMD=1', () => {
  const clamd = createClamdClient(clamdUrl || 'tcp://127.0.0.1:1', { timeoutMs: 20_000 });
  afterAll(() => clamd.close());

  it('finds it on the member, and nothing in a chart\'s workbook', async () => {
    const book = await workbook({ extra: { 'xl/media/eicar.com': p.EICAR } });
    const found = await walk('bao-cao.docx', await docxWithEmbedded(CHART, book), { clamd });
    expect(found.filter((f) => f.kind === 'attachment.virus').map((f) => f.subject)).toContain(`bao-cao.docx → word/embeddings/${CHART}`);
    expect(await walk('bao-cao.docx', await docxWithEmbedded(CHART, await workbook()), { clamd })).toEqual([]);
  });
});
