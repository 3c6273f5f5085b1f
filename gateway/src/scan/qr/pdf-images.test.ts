import { describe, expect, it } from 'vitest';
import { readQr } from './images.js';
import { mayHoldImages, pdfImages } from './pdf-images.js';
import { deflateSync, greySamples, pdfWithImage, photoLike, qrPixels, toJpeg, withUpPredictor } from './test-helpers.js';

const LINK = 'https://hopthu-congvu.example/xacminh';

function readAll(pdf: Buffer): (string | undefined)[] {
  return pdfImages(pdf).map((img) => {
    const px = img.decode();
    return px && readQr(px);
  });
}

describe('pictures inside a PDF', () => {
  it('reads a QR code from a DCTDecode picture (a JPEG file in the stream)', async () => {
    const px = await qrPixels(LINK);
    const pdf = pdfWithImage(`/Width ${px.width} /Height ${px.height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode`, toJpeg(px));
    expect(readAll(pdf)).toEqual([LINK]);
  });

  it('reads a QR code from FlateDecode RGB samples', async () => {
    const px = await qrPixels(LINK);
    const rgb = Buffer.alloc(px.width * px.height * 3);
    for (let i = 0; i < px.width * px.height; i++) px.data.copy(rgb, i * 3, i * 4, i * 4 + 3);
    const pdf = pdfWithImage(`/Width ${px.width} /Height ${px.height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode`, deflateSync(rgb));
    expect(readAll(pdf)).toEqual([LINK]);
  });

  it('reads grey samples with a PNG predictor, and an ICC colour space judged by the data', async () => {
    const px = await qrPixels(LINK);
    const grey = greySamples(px);
    const predicted = deflateSync(withUpPredictor(grey, px.width));
    const parms = `/DecodeParms << /Predictor 12 /Colors 1 /BitsPerComponent 8 /Columns ${px.width} >>`;
    const pdf = pdfWithImage(`/Width ${px.width} /Height ${px.height} /ColorSpace [/ICCBased 9 0 R] /BitsPerComponent 8 /Filter /FlateDecode ${parms}`, predicted);
    expect(readAll(pdf)).toEqual([LINK]);
  });

  it('reads a 1-bit image mask, and an inverted one', async () => {
    const px = await qrPixels(LINK);
    const rowBytes = Math.ceil(px.width / 8);
    const bits = (dark: 0 | 1) => {
      const out = Buffer.alloc(rowBytes * px.height, dark ? 0 : 0xff);
      for (let y = 0; y < px.height; y++) {
        for (let x = 0; x < px.width; x++) {
          const isDark = px.data[(y * px.width + x) * 4]! < 128;
          const bit = isDark ? dark : 1 - dark;
          const at = y * rowBytes + (x >> 3);
          out[at] = bit ? out[at]! | (0x80 >> (x & 7)) : out[at]! & ~(0x80 >> (x & 7));
        }
      }
      return deflateSync(out);
    };
    const plain = pdfWithImage(`/Width ${px.width} /Height ${px.height} /ImageMask true /Filter /FlateDecode`, bits(0));
    expect(readAll(plain)).toEqual([LINK]);
    const inverted = pdfWithImage(`/Width ${px.width} /Height ${px.height} /ImageMask true /Decode [1 0] /Filter /FlateDecode`, bits(1));
    expect(readAll(inverted)).toEqual([LINK]);
  });

  it('finds no code in a PDF photo, and no picture in a PDF without any', () => {
    const photo = pdfWithImage('/Width 400 /Height 300 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode', toJpeg(photoLike(400, 300)));
    expect(readAll(photo)).toEqual([undefined]);
    const none = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
    expect(mayHoldImages(none)).toBe(false);
    expect(pdfImages(none)).toEqual([]);
  });

  it('passes over pictures it cannot read: other filters, sizes outside the window, short or corrupt data, bombs', async () => {
    const px = await qrPixels(LINK);
    const cases = [
      pdfWithImage(`/Width ${px.width} /Height ${px.height} /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /JBIG2Decode`, Buffer.alloc(100)),
      pdfWithImage('/Width 100000 /Height 100000 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode', deflateSync(Buffer.alloc(1000))),
      pdfWithImage(`/Width ${px.width} /Height ${px.height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode`, deflateSync(Buffer.alloc(50))),
      pdfWithImage(`/Width ${px.width} /Height ${px.height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode`, Buffer.from('not deflate at all')),
      pdfWithImage(`/Width ${px.width} /Height ${px.height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode`, Buffer.from([0xff, 0xd8, 0xff, 0xc0, 0, 17, 8])),
      // 64 MB of zeros for a 300×300 grey picture: inflated only up to what the picture needs
      pdfWithImage('/Width 300 /Height 300 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode', deflateSync(Buffer.alloc(64 * 1024 * 1024))),
    ];
    const started = performance.now();
    for (const pdf of cases) expect(() => readAll(pdf)).not.toThrow();
    expect(cases.flatMap(readAll).filter(Boolean)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
