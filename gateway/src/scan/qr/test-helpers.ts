/**
 * QR pictures for the tests, made by code: `qrcode` draws the code as a PNG, pngjs gives its
 * pixels, jpeg-js and omggif re-encode them. Only for tests; nothing on the mail path imports this file.
 */
import { deflateSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import { GifWriter } from 'omggif';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';

export async function qrPng(text: string, scale = 6): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: 'png', scale, margin: 4, errorCorrectionLevel: 'M' });
}

export interface Pixels {
  width: number;
  height: number;
  data: Buffer;
}

export async function qrPixels(text: string, scale = 6): Promise<Pixels> {
  const png = PNG.sync.read(await qrPng(text, scale));
  return { width: png.width, height: png.height, data: png.data };
}

export function toJpeg(p: Pixels, quality = 85): Buffer {
  return jpeg.encode(p, quality).data;
}

/** A two-colour GIF of the pixels (dark → black, light → white). */
export function toGif(p: Pixels): Buffer {
  const buf = Buffer.alloc(p.width * p.height + 1024);
  const writer = new GifWriter(buf, p.width, p.height, { palette: [0x000000, 0xffffff] });
  const indexed = new Uint8Array(p.width * p.height);
  for (let i = 0; i < indexed.length; i++) indexed[i] = p.data[i * 4]! > 127 ? 1 : 0;
  writer.addFrame(0, 0, p.width, p.height, indexed);
  return buf.subarray(0, writer.end());
}

/** A photo-like picture: smooth colour gradients and soft shapes, no QR code. */
export function photoLike(width: number, height: number): Pixels {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const v = 128 + 90 * Math.sin(x / 37) * Math.cos(y / 53);
      data[i] = v;
      data[i + 1] = 200 - v / 2;
      data[i + 2] = (x + y) % 256;
      data[i + 3] = 255;
    }
  }
  return { width, height, data };
}

/** Grey samples of the pixels, one byte each, rows top to bottom. */
export function greySamples(p: Pixels): Buffer {
  const out = Buffer.alloc(p.width * p.height);
  for (let i = 0; i < out.length; i++) out[i] = p.data[i * 4]!;
  return out;
}

/**
 * A minimal one-page PDF that draws the given image XObject (its dictionary entries and stream
 * data), with a correct /Length, as PDF writers do.
 */
export function pdfWithImage(imageDict: string, data: Buffer): Buffer {
  const parts: Buffer[] = [];
  const add = (s: string | Buffer) => parts.push(typeof s === 'string' ? Buffer.from(s, 'latin1') : s);
  add('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
  add('1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n');
  add('2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n');
  add('3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>\nendobj\n');
  add(`4 0 obj\n<< /Type /XObject /Subtype /Image ${imageDict} /Length ${data.length} >>\nstream\n`);
  add(data);
  add('\nendstream\nendobj\n');
  const content = 'q 200 0 0 200 100 500 cm /Im1 Do Q';
  add(`5 0 obj\n<< /Length ${content.length} >>\nstream\n${content}\nendstream\nendobj\n`);
  add('trailer\n<< /Root 1 0 R /Size 6 >>\n%%EOF\n');
  return Buffer.concat(parts);
}

/** Rows with the PNG "Up" predictor (type 2) before each, as /DecodeParms << /Predictor 12 >> expects. */
export function withUpPredictor(rows: Buffer, rowBytes: number): Buffer {
  const height = rows.length / rowBytes;
  const out = Buffer.alloc((rowBytes + 1) * height);
  for (let y = 0; y < height; y++) {
    out[y * (rowBytes + 1)] = 2;
    for (let x = 0; x < rowBytes; x++) {
      const above = y > 0 ? rows[(y - 1) * rowBytes + x]! : 0;
      out[y * (rowBytes + 1) + 1 + x] = (rows[y * rowBytes + x]! - above) & 0xff;
    }
  }
  return out;
}

export { deflateSync };
