import { describe, expect, it } from 'vitest';
import * as office from '../../../../test-fixtures/attachments/office-payloads.mjs';
import { QR_MAX_IMAGES } from './read.js';
import { photoLike, qrPixels, qrPng, toJpeg } from './test-helpers.js';
import { documentScans } from './testing.js';

/**
 * QR codes in the pictures of Office documents (word/media, xl/media, ppt/media), through the real
 * attachments scanner and QR worker; clamd is a stand-in here (qr-messages.test.ts has the real one).
 */
const scanDocument = documentScans();
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const scan = (name: string, doc: Buffer) => scanDocument(name, doc, DOCX, 'docx');

describe('QR codes in the pictures of Office documents', () => {
  it('reads a PNG in word/media and names the document and the part', async () => {
    const docx = await office.makeDocx({ files: { 'word/media/image1.png': await qrPng('https://word-qr.example/xac-minh') } });
    const findings = await scan('thong-bao.docx', docx);
    const qr = findings.find((f) => f.kind === 'url.qr-code');
    expect(qr?.tags).toEqual(expect.arrayContaining(['office', 'only-link', 'word-qr.example']));
    expect(qr?.urls).toEqual(['https://word-qr.example/xac-minh']);
    expect(qr?.detail).toContain('thong-bao.docx → word/media/image1.png');
  });

  it('reads JPEGs in ppt/media and xl/media, and passes over photos and pictures outside the media folders', async () => {
    const docx = await office.makeDocx({
      files: {
        'ppt/media/image2.jpeg': toJpeg(await qrPixels('https://slide-qr.example/', 5)),
        'xl/media/image3.jpg': toJpeg(await qrPixels('https://sheet-qr.example/', 5)),
        'word/media/photo.jpg': toJpeg(photoLike(400, 300)),
        'customXml/item.png': await qrPng('https://not-media.example/'),
      },
    });
    const qr = (await scan('bao-cao.docx', docx)).find((f) => f.kind === 'url.qr-code');
    expect(qr?.urls?.slice().sort()).toEqual(['https://sheet-qr.example/', 'https://slide-qr.example/']);
  });

  it('reads no more pictures of a document than the per-message budget', async () => {
    const files: Record<string, Buffer> = {};
    for (let i = 0; i < QR_MAX_IMAGES + 4; i++) files[`word/media/image${i}.png`] = await qrPng(`https://many${i}.example/`);
    const qr = (await scan('nhieu-anh.docx', await office.makeDocx({ files }))).find((f) => f.kind === 'url.qr-code');
    expect(qr?.urls).toHaveLength(QR_MAX_IMAGES);
  });

  it('reports nothing for a document without pictures', async () => {
    const findings = await scan('ke-hoach.docx', await office.makeDocx());
    expect(findings.map((f) => f.kind)).not.toContain('url.qr-code');
  });
});
