import { crc32, deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { decodeImage, downscale, imageInfo, qrOfImageFile, readQr, QR_MAX_SIDE } from './images.js';
import { qrTextToUrl } from './index.js';
import { photoLike, qrPixels, qrPng, toGif, toJpeg } from './test-helpers.js';

const LINK = 'https://xacthuc-hopthu.example/login?id=8841';

describe('reading a QR code out of a picture', () => {
  it('reads the link of a PNG QR code', async () => {
    const png = await qrPng(LINK);
    expect(imageInfo(png)).toMatchObject({ type: 'png' });
    expect(qrOfImageFile(png).text).toBe(LINK);
  });

  it('reads a JPEG and a GIF of the same code', async () => {
    const px = await qrPixels(LINK);
    const jpg = toJpeg(px);
    expect(imageInfo(jpg)).toEqual({ type: 'jpeg', width: px.width, height: px.height });
    expect(qrOfImageFile(jpg).text).toBe(LINK);
    const gif = toGif(px);
    expect(imageInfo(gif)).toEqual({ type: 'gif', width: px.width, height: px.height });
    expect(qrOfImageFile(gif).text).toBe(LINK);
  });

  it('reads a code drawn small on a big picture, after scaling it down', async () => {
    const qr = await qrPixels(LINK, 8);
    const width = 2400;
    const height = 1800;
    const page = Buffer.alloc(width * height * 4, 255);
    for (let y = 0; y < qr.height; y++) qr.data.copy(page, ((y + 700) * width + 900) * 4, y * qr.width * 4, (y + 1) * qr.width * 4);
    const img = { width, height, data: page };
    expect(downscale(img).width).toBeLessThanOrEqual(QR_MAX_SIDE);
    expect(readQr(img)).toBe(LINK);
  });

  it('finds nothing in a photo-like picture', () => {
    const jpg = toJpeg(photoLike(640, 480));
    const r = qrOfImageFile(jpg);
    expect(r.decoded).toBe(true);
    expect(r.text).toBeUndefined();
  });

  it('refuses a picture whose header declares a huge size, before decoding it', () => {
    const png = PNG.sync.write({ width: 100, height: 100, data: Buffer.alloc(100 * 100 * 4, 255) } as PNG);
    png.writeUInt32BE(60_000, 16); // IHDR width (CRC now wrong: never read that far)
    png.writeUInt32BE(60_000, 20);
    const started = performance.now();
    const r = qrOfImageFile(png);
    expect(r).toEqual({ info: { type: 'png', width: 60_000, height: 60_000 }, decoded: false });
    expect(decodeImage(png, r.info!)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('passes over icons and spacers smaller than the size window', async () => {
    const tiny = PNG.sync.write({ width: 40, height: 40, data: Buffer.alloc(40 * 40 * 4, 0) } as PNG);
    expect(qrOfImageFile(tiny)).toMatchObject({ decoded: false });
  });

  it('gives nothing, without throwing, for corrupt and truncated pictures', async () => {
    const png = await qrPng(LINK);
    const px = await qrPixels(LINK);
    const jpg = toJpeg(px);
    const gif = toGif(px);
    const broken = [
      png.subarray(0, 60),
      Buffer.concat([png.subarray(0, 40), Buffer.alloc(2000, 0x5a)]),
      jpg.subarray(0, 700),
      Buffer.concat([jpg.subarray(0, 300), Buffer.alloc(5000, 0xff)]),
      gif.subarray(0, 30),
      Buffer.from('GIF89a\xff\xff\xff\xff', 'latin1'),
      Buffer.from([0xff, 0xd8, 0xff, 0xc0, 0x00, 0x01]),
    ];
    for (const b of broken) expect(() => qrOfImageFile(b)).not.toThrow();
    for (const b of broken) expect(qrOfImageFile(b).text).toBeUndefined();
  });

  it('does not inflate an interlaced PNG past its declared size', () => {
    // IHDR 100×100, 8-bit grey, interlaced; IDAT: 128 MB of zeros deflated to ~130 KB; valid CRCs
    const chunk = (type: string, data: Buffer) => {
      const b = Buffer.alloc(12 + data.length);
      b.writeUInt32BE(data.length, 0);
      b.write(type, 4, 'latin1');
      data.copy(b, 8);
      b.writeUInt32BE(crc32(b.subarray(4, 8 + data.length)), 8 + data.length);
      return b;
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(100, 0);
    ihdr.writeUInt32BE(100, 4);
    ihdr[8] = 8;
    ihdr[12] = 1;
    const idat = deflateSync(Buffer.alloc(128 * 1024 * 1024));
    const bomb = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
    expect(bomb.length).toBeLessThan(256 * 1024);
    const started = performance.now();
    expect(qrOfImageFile(bomb)).toMatchObject({ decoded: false });
    // inflating it all takes ~0.3 s and 128 MB; the bound stops after ~80 KB
    expect(performance.now() - started).toBeLessThan(100);
  });
});

describe('the link in a QR code text', () => {
  it('takes http(s) URLs, also inside other text', () => {
    expect(qrTextToUrl('https://a.example/x')?.host).toBe('a.example');
    expect(qrTextToUrl('Quét để xác thực: http://b.example/y?z=1 ngay')?.url).toBe('http://b.example/y?z=1');
    expect(qrTextToUrl(' HTTPS://C.Example ')?.source).toBe('qr-code');
  });

  it('takes bare www. and domain forms with a real suffix, and URLTO/MEBKM bookmarks', () => {
    expect(qrTextToUrl('www.dangnhap-mail.com/verify')?.url).toBe('https://www.dangnhap-mail.com/verify');
    expect(qrTextToUrl('dangnhap-mail.vn')?.host).toBe('dangnhap-mail.vn');
    expect(qrTextToUrl('MEBKM:TITLE:Mail;URL:mail-check.net/a;;')?.host).toBe('mail-check.net');
    expect(qrTextToUrl('URLTO:evil.org')?.host).toBe('evil.org');
  });

  it('leaves payment, Wi-Fi, contact and plain-text codes alone', () => {
    for (const t of [
      '00020101021238570010A000000727012700069704360113123456789012345',
      'WIFI:S:CoQuan;T:WPA;P:matkhau123;;',
      'BEGIN:VCARD\nFN:Nguyen Van A\nEND:VCARD',
      'mailto:a@b.example',
      'tel:+84912345678',
      'file.exe',
      'Mã hồ sơ 12345',
    ]) {
      expect(qrTextToUrl(t)).toBeUndefined();
    }
  });
});
