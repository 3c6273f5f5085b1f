import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import * as office from '../../../../test-fixtures/attachments/office-payloads.mjs';
import { makeZip } from '../../../../test-fixtures/attachments/payloads.mjs';
import { QR_MAX_IMAGES } from './read.js';
import { photoLike, qrPixels, qrPng, toGif, toJpeg } from './test-helpers.js';
import { documentScans } from './testing.js';

/**
 * QR codes in the pictures of OpenDocument files (Pictures/ of .odt, .ods, .odp and templates), read
 * like an OOXML document's media, through the real attachments scanner and QR worker (clamd is a
 * stand-in here).
 */
const scanDocument = documentScans();

const ODF = 'application/vnd.oasis.opendocument';
const EXT: Record<string, string> = { text: 'odt', spreadsheet: 'ods', presentation: 'odp', 'text-template': 'ott' };

/** An OpenDocument file as LibreOffice writes one: `mimetype` first and stored, content, manifest, then `files`. */
function makeOdf(kind: keyof typeof EXT, files: Record<string, Buffer | string> = {}): Promise<Buffer> {
  const manifest =
    `<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">` +
    `<manifest:file-entry manifest:full-path="/" manifest:media-type="${ODF}.${kind}"/>` +
    `<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>` +
    Object.keys(files).map((n) => `<manifest:file-entry manifest:full-path="${n}" manifest:media-type="image/png"/>`).join('') +
    `</manifest:manifest>`;
  return makeZip({
    mimetype: `${ODF}.${kind}`,
    'content.xml': `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.3"><office:body/></office:document-content>`,
    'META-INF/manifest.xml': manifest,
    ...files,
  });
}

const scan = (name: string, kind: keyof typeof EXT, doc: Buffer) => scanDocument(name, doc, `${ODF}.${kind}`, EXT[kind]!);

/** A small icon (bullet, logo): a real PNG, below the QR reader's size window. */
function icon(side: number, shade: number): Buffer {
  const png = new PNG({ width: side, height: side });
  png.data.fill(shade);
  return PNG.sync.write(png);
}

describe('QR codes in the pictures of OpenDocument files', () => {
  it('reads a PNG in Pictures/ of an .odt and names the document and the entry', async () => {
    const odt = await makeOdf('text', { 'Pictures/10000001000000C8000000C8A1B2C3D4.png': await qrPng('https://odt-qr.example/xac-minh') });
    const findings = await scan('thu-moi.odt', 'text', odt);
    const qr = findings.find((f) => f.kind === 'url.qr-code');
    expect(qr?.tags).toEqual(expect.arrayContaining(['office', 'only-link', 'odt-qr.example']));
    expect(qr?.urls).toEqual(['https://odt-qr.example/xac-minh']);
    expect(qr?.detail).toContain('thu-moi.odt → Pictures/10000001000000C8000000C8A1B2C3D4.png');
  });

  it('reads a JPEG in a spreadsheet, a GIF in a presentation and a picture in a template', async () => {
    const ods = await makeOdf('spreadsheet', { 'Pictures/anh.jpg': toJpeg(await qrPixels('https://ods-qr.example/', 5)) });
    expect((await scan('bang-luong.ods', 'spreadsheet', ods)).find((f) => f.kind === 'url.qr-code')?.urls).toEqual(['https://ods-qr.example/']);
    const odp = await makeOdf('presentation', { 'Pictures/ma.gif': toGif(await qrPixels('https://odp-qr.example/', 5)) });
    expect((await scan('trinh-chieu.odp', 'presentation', odp)).find((f) => f.kind === 'url.qr-code')?.urls).toEqual(['https://odp-qr.example/']);
    const ott = await makeOdf('text-template', { 'Pictures/mau.png': await qrPng('https://ott-qr.example/') });
    expect((await scan('mau-cong-van.ott', 'text-template', ott)).find((f) => f.kind === 'url.qr-code')?.urls).toEqual(['https://ott-qr.example/']);
  });

  it('goes by the picture, not its name, in Pictures/, and passes over pictures elsewhere and photos', async () => {
    const odt = await makeOdf('text', {
      // LibreOffice shows a PNG whatever its name says
      'Pictures/anh-khong-duoi': await qrPng('https://no-extension.example/'),
      'Pictures/photo.jpg': toJpeg(photoLike(400, 300)),
      'Thumbnails/thumbnail.png': await qrPng('https://thumbnail.example/'),
      'Configurations2/images/logo.png': await qrPng('https://not-pictures.example/'),
    });
    const qr = (await scan('cong-van.odt', 'text', odt)).find((f) => f.kind === 'url.qr-code');
    expect(qr?.urls).toEqual(['https://no-extension.example/']);
  });

  it('reads no more pictures of a document than the per-message budget', async () => {
    const files: Record<string, Buffer> = {};
    for (let i = 0; i < QR_MAX_IMAGES + 4; i++) files[`Pictures/image${i}.png`] = await qrPng(`https://many${i}.example/`);
    const qr = (await scan('nhieu-anh.odt', 'text', await makeOdf('text', files))).find((f) => f.kind === 'url.qr-code');
    expect(qr?.urls).toHaveLength(QR_MAX_IMAGES);
  });

  it('does not let small icons use up the picture count before the QR code', async () => {
    const files: Record<string, Buffer> = {};
    // smaller files than the QR code, so they come first; below the size window, so they are no candidates
    for (let i = 0; i < QR_MAX_IMAGES + 2; i++) files[`Pictures/icon${i}.png`] = icon(16, 40 + i);
    files['Pictures/qr.png'] = await qrPng('https://after-icons.example/');
    expect(Math.max(...Object.entries(files).filter(([n]) => n.includes('icon')).map(([, b]) => b.length))).toBeLessThan(files['Pictures/qr.png']!.length);
    const qr = (await scan('bieu-mau.odt', 'text', await makeOdf('text', files))).find((f) => f.kind === 'url.qr-code');
    expect(qr?.urls).toEqual(['https://after-icons.example/']);
    // the same for an OOXML document's media
    const media: Record<string, Buffer> = {};
    for (let i = 0; i < QR_MAX_IMAGES + 2; i++) media[`word/media/icon${i}.png`] = icon(16, 40 + i);
    media['word/media/qr.png'] = await qrPng('https://docx-after-icons.example/');
    const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    const fs = await scanDocument('bieu-mau.docx', await office.makeDocx({ files: media }), DOCX, 'docx');
    expect(fs.find((f) => f.kind === 'url.qr-code')?.urls).toEqual(['https://docx-after-icons.example/']);
  });

  it('reports nothing for an OpenDocument file without pictures', async () => {
    const findings = await scan('ke-hoach.odt', 'text', await makeOdf('text'));
    expect(findings.map((f) => f.kind)).not.toContain('url.qr-code');
  });
});
