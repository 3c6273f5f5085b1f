import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import type JpegJs from 'jpeg-js';
import type JsQrModule from 'jsqr';
import type { GifReader as GifReaderClass } from 'omggif';
import type { PNG as PngClass } from 'pngjs';

/**
 * Reading a QR code out of one picture: the size from the file's header (PNG IHDR, JPEG SOFn, GIF
 * logical screen) before anything is decoded; pixels with small pure-JS decoders (pngjs, jpeg-js,
 * omggif); a box downscale so that jsQR (whose cost is per pixel) sees at most QR_MAX_SIDE pixels a
 * side; then jsQR. Everything here is synchronous: one picture is decoded and dropped before the
 * next, so a process holds one decoded picture at a time.
 *
 * Never throws: a file that is not a picture, a corrupt one or one outside the size window gives
 * undefined. Most pictures are no QR code, so "nothing found" is the usual answer and no finding.
 */

export type ImageType = 'png' | 'jpeg' | 'gif';

export interface ImageInfo {
  type: ImageType;
  width: number;
  height: number;
}

export interface Rgba {
  width: number;
  height: number;
  /** width × height × 4 bytes */
  data: Uint8Array | Uint8ClampedArray;
}

type JsQr = typeof JsQrModule.default;
interface Decoders {
  jpeg: typeof JpegJs;
  jsQR: JsQr;
  GifReader: typeof GifReaderClass;
  PNG: typeof PngClass;
}
/**
 * The decoders are loaded the first time a picture is decoded, not with the gateway: most mail has
 * no picture to read, and the four libraries cost each process ~15 MiB of memory (the 20 × 25 MB
 * memory target counts every MiB).
 */
const require = createRequire(import.meta.url);
let loaded: Decoders | undefined;
function decoders(): Decoders {
  if (!loaded) {
    // jsqr is CommonJS with `exports.default`
    const jsqr = require('jsqr') as { default?: JsQr } & JsQr;
    loaded = { jpeg: require('jpeg-js'), jsQR: jsqr.default ?? jsqr, GifReader: (require('omggif') as { GifReader: typeof GifReaderClass }).GifReader, PNG: (require('pngjs') as { PNG: typeof PngClass }).PNG };
  }
  return loaded;
}

/** Loads the decoders now (the QR worker does at its start, so that no message's time budget pays for it). */
export function loadDecoders(): void {
  decoders();
}

/** Smaller pictures are icons, spacers and tracking pixels: a QR code people scan is bigger. */
export const QR_MIN_SIDE = 60;
/** Larger pictures are refused before decoding (a 4000×4000 picture is 64 MB of pixels). */
export const QR_MAX_SIDE_DECODED = 4000;
/**
 * Pixels of one picture at most, whatever its sides: jpeg-js needs ~11 bytes and ~95 ns a pixel
 * (an A4 page scanned at 200 dpi, 3.9 MP, takes ~0.4 s; at 300 dpi, 8.7 MP, ~0.8 s and 100 MB: not read; a
 * phone photo of 12 MP neither).
 */
export const QR_MAX_PIXELS = 4_500_000;
/** jsQR sees at most this many pixels a side (its cost grows faster than the pixel count on busy pictures: ~0.1 s for a page of text, up to ~0.4 s for adversarial stripes at this size, ~1.3 s at 1000 px); bigger pictures are scaled down by an integer factor first. */
export const QR_MAX_SIDE = 800;
/** Files bigger than this are not decoded (a picture within the size window is smaller). */
export const QR_MAX_FILE_BYTES = 12 * 1024 * 1024;

/** The type and size a picture's header declares; undefined when it is none of ours or its header is unreadable. */
export function imageInfo(bytes: Uint8Array): ImageInfo | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length >= 24 && b.readUInt32BE(0) === 0x89504e47 && b.toString('latin1', 12, 16) === 'IHDR') {
    return { type: 'png', width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  }
  if (b.length >= 10 && (b.toString('latin1', 0, 6) === 'GIF87a' || b.toString('latin1', 0, 6) === 'GIF89a')) {
    return { type: 'gif', width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) return jpegInfo(b);
  return undefined;
}

/** Walks the JPEG markers up to the first SOFn (linear: each step skips a whole segment). */
function jpegInfo(b: Buffer): ImageInfo | undefined {
  let p = 2;
  while (p + 4 <= b.length) {
    if (b[p] !== 0xff) return undefined;
    const marker = b[p + 1]!;
    if (marker === 0xff) {
      p++; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      p += 2;
      continue;
    }
    const len = b.readUInt16BE(p + 2);
    if (len < 2) return undefined;
    const sof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (sof) {
      if (p + 9 > b.length) return undefined;
      return { type: 'jpeg', height: b.readUInt16BE(p + 5), width: b.readUInt16BE(p + 7) };
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // end of image / scan before any frame header
    p += 2 + len;
  }
  return undefined;
}

/** Within the size window QR_MIN_SIDE … QR_MAX_SIDE_DECODED on both sides, and at most QR_MAX_PIXELS. */
export function sizeAllowed(info: { width: number; height: number }): boolean {
  const { width: w, height: h } = info;
  return w >= QR_MIN_SIDE && h >= QR_MIN_SIDE && w <= QR_MAX_SIDE_DECODED && h <= QR_MAX_SIDE_DECODED && w * h <= QR_MAX_PIXELS;
}

/** The picture's pixels, or undefined (not ours, outside the size window, corrupt). Check the header first with imageInfo. */
export function decodeImage(bytes: Uint8Array, info: ImageInfo): Rgba | undefined {
  if (!sizeAllowed(info) || bytes.length > QR_MAX_FILE_BYTES) return undefined;
  try {
    if (info.type === 'png') return decodePng(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), info);
    if (info.type === 'gif') return decodeGif(bytes, info);
    const maxMP = QR_MAX_PIXELS / 1e6;
    const img = decoders().jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, tolerantDecoding: true, maxResolutionInMP: maxMP, maxMemoryUsageInMB: 96 });
    if (img.width !== info.width || img.height !== info.height || img.data.length < img.width * img.height * 4) return undefined;
    return img;
  } catch {
    return undefined;
  }
}

function decodePng(b: Buffer, info: ImageInfo): Rgba | undefined {
  // pngjs bounds what it inflates by the declared size, except for interlaced files: inflate those
  // here first within that bound (a few KB must not inflate to gigabytes).
  if (b.length > 28 && b[28] === 1) {
    const idat: Buffer[] = [];
    for (let p = 8; p + 8 <= b.length; ) {
      const len = b.readUInt32BE(p);
      const type = b.toString('latin1', p + 4, p + 8);
      if (type === 'IDAT') idat.push(b.subarray(p + 8, p + 8 + len));
      if (type === 'IEND') break;
      p += 12 + len;
    }
    // 8 bytes per pixel (16-bit RGBA) plus filter bytes of the seven passes
    const bound = info.width * info.height * 8 + 7 * (info.height + 8);
    inflateSync(Buffer.concat(idat), { maxOutputLength: bound }); // throws past the bound
  }
  const png = decoders().PNG.sync.read(b, { skipRescale: false });
  if (png.width !== info.width || png.height !== info.height) return undefined;
  return { width: png.width, height: png.height, data: png.data };
}

function decodeGif(bytes: Uint8Array, info: ImageInfo): Rgba | undefined {
  const reader = new (decoders().GifReader)(bytes);
  if (reader.numFrames() < 1) return undefined;
  const data = new Uint8Array(info.width * info.height * 4).fill(255); // transparent parts read as white paper
  reader.decodeAndBlitFrameRGBA(0, data);
  return { width: info.width, height: info.height, data };
}

/**
 * A box-filtered copy at most `maxSide` pixels a side (an integer factor, so each output pixel is
 * the mean of a factor×factor block); the same picture when it is small enough. Transparent pixels
 * are taken as white paper.
 */
export function downscale(img: Rgba, maxSide = QR_MAX_SIDE): Rgba {
  const f = Math.ceil(Math.max(img.width, img.height) / maxSide);
  if (f <= 1) return img;
  const w = Math.floor(img.width / f);
  const h = Math.floor(img.height / f);
  const out = new Uint8ClampedArray(w * h * 4);
  const src = img.data;
  const n = f * f;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let r = 0;
      let g = 0;
      let bl = 0;
      for (let dy = 0; dy < f; dy++) {
        let i = ((y * f + dy) * img.width + x * f) * 4;
        for (let dx = 0; dx < f; dx++, i += 4) {
          const a = src[i + 3]!;
          const paper = 255 - a;
          r += (src[i]! * a) / 255 + paper;
          g += (src[i + 1]! * a) / 255 + paper;
          bl += (src[i + 2]! * a) / 255 + paper;
        }
      }
      const o = (y * w + x) * 4;
      out[o] = r / n;
      out[o + 1] = g / n;
      out[o + 2] = bl / n;
      out[o + 3] = 255;
    }
  }
  return { width: w, height: h, data: out };
}

/** The text of a QR code in the picture (scaled down first when big); undefined when jsQR finds none. */
export function readQr(img: Rgba): string | undefined {
  const small = downscale(img);
  const data = small.data instanceof Uint8ClampedArray ? small.data : new Uint8ClampedArray(small.data.buffer, small.data.byteOffset, small.data.byteLength);
  try {
    // dontInvert: light-on-dark codes are rare in mail, and trying both doubles the cost
    const code = decoders().jsQR(data, small.width, small.height, { inversionAttempts: 'dontInvert' });
    return code?.data || undefined;
  } catch {
    return undefined;
  }
}

/** Header check, decode and QR read of one picture file, in that order. */
export function qrOfImageFile(bytes: Uint8Array): { info?: ImageInfo; text?: string; decoded: boolean } {
  const info = imageInfo(bytes);
  if (!info || !sizeAllowed(info)) return info ? { info, decoded: false } : { decoded: false };
  const img = decodeImage(bytes, info);
  if (!img) return { info, decoded: false };
  const text = readQr(img);
  return text === undefined ? { info, decoded: true } : { info, text, decoded: true };
}
