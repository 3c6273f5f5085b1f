import { inflateSync } from 'node:zlib';
import { namesOf, parseValues, splitStreamRanges, streamBytes, type PdfValue } from '../attachments/pdf-syntax.js';
import { PDF_MAX_BYTES } from '../attachments/pdf.js';
import { decodeImage, imageInfo, sizeAllowed, type Rgba } from './images.js';

/**
 * The pictures of a PDF (image XObjects), for the QR reader: a DCTDecode stream is a JPEG file; a
 * FlateDecode one is raw samples described by its dictionary (/Width /Height /BitsPerComponent
 * /ColorSpace, /DecodeParms with PNG predictors, /ImageMask, /Decode). Samples are turned into RGBA
 * only when asked (`decode()`), so a caller can stop at its own budget first.
 *
 * What is read: DeviceGray/RGB/CMYK, Indexed with an inline palette, ICCBased and other colour
 * spaces by the number of components the data holds; 1, 2, 4, 8 and 16 bits a sample. What is not:
 * other filters (JBIG2, CCITT, JPX, LZW ...), an encrypted PDF's streams, a palette held in a
 * stream, and QR codes drawn as vector paths (no picture at all) — those are simply not seen.
 */

export interface PdfImage {
  width: number;
  height: number;
  /** The pixels, or undefined when the stream cannot be read (never throws). */
  decode(): Rgba | undefined;
}

/** Image streams looked at per PDF at most. */
export const PDF_MAX_IMAGES = 32;

/** True when the PDF may hold pictures at all (a cheap test before any parsing). */
export function mayHoldImages(pdf: Buffer): boolean {
  return pdf.includes('/Image') && pdf.includes('stream');
}

export function pdfImages(pdf: Buffer): PdfImage[] {
  if (!mayHoldImages(pdf)) return [];
  const head = pdf.subarray(0, PDF_MAX_BYTES);
  // byte ranges, not a string of the whole file: picture data is read where it lies, never copied
  const { streams } = splitStreamRanges(head, (dict) => {
    const names = namesOf(dict);
    return names.includes('Image') && names.includes('Subtype');
  });
  const out: PdfImage[] = [];
  for (const s of streams.slice(0, PDF_MAX_IMAGES)) {
    const dict = parseValues(s.dict, undefined, 1)[0];
    if (dict?.t !== 'dict') continue;
    const img = describe(dict.m, streamBytes(head, s));
    if (img) out.push(img);
  }
  return out;
}

function num(v: PdfValue | undefined): number | undefined {
  return v?.t === 'num' && Number.isFinite(v.v) ? v.v : undefined;
}

function names(v: PdfValue | undefined): string[] {
  if (v?.t === 'name') return [v.v];
  if (v?.t === 'arr') return v.a.flatMap((x) => (x.t === 'name' ? [x.v] : []));
  return [];
}

function describe(m: Map<string, PdfValue>, data: Buffer): PdfImage | undefined {
  const width = num(m.get('Width') ?? m.get('W'));
  const height = num(m.get('Height') ?? m.get('H'));
  if (!width || !height || !Number.isInteger(width) || !Number.isInteger(height)) return undefined;
  if (!sizeAllowed({ width, height })) return undefined;
  const filters = names(m.get('Filter') ?? m.get('F'));
  const known = (f: string) => f === 'FlateDecode' || f === 'Fl' || f === 'DCTDecode' || f === 'DCT';
  if (!filters.every(known)) return undefined;
  const dct = filters.some((f) => f === 'DCTDecode' || f === 'DCT');
  const flate = filters.some((f) => f === 'FlateDecode' || f === 'Fl');

  if (dct) {
    return {
      width,
      height,
      decode() {
        try {
          const bytes = flate ? inflateSync(data, { maxOutputLength: width * height * 4 + 65536 }) : data;
          const info = imageInfo(bytes);
          return info?.type === 'jpeg' ? decodeImage(bytes, info) : undefined;
        } catch {
          return undefined;
        }
      },
    };
  }
  const mask = m.get('ImageMask') ?? m.get('IM');
  const isMask = mask?.t === 'kw' && mask.v === 'true';
  const bpc = isMask ? 1 : (num(m.get('BitsPerComponent') ?? m.get('BPC')) ?? 8);
  if (![1, 2, 4, 8, 16].includes(bpc)) return undefined;
  const parms = m.get('DecodeParms') ?? m.get('DP');
  const parmsDict = parms?.t === 'dict' ? parms.m : parms?.t === 'arr' && parms.a[0]?.t === 'dict' ? parms.a[0].m : undefined;
  const predictor = num(parmsDict?.get('Predictor')) ?? 1;
  if (predictor !== 1 && predictor < 10) return undefined; // TIFF predictor: not read
  const decodeArr = m.get('Decode') ?? m.get('D');
  const inverted = decodeArr?.t === 'arr' && num(decodeArr.a[0]) === 1 && num(decodeArr.a[1]) === 0;
  const space = isMask ? { comps: 1 } : colourSpace(m.get('ColorSpace') ?? m.get('CS'));
  if (!space) return undefined;

  return {
    width,
    height,
    decode() {
      try {
        const rowPad = predictor >= 10 ? 1 : 0;
        // components: from the colour space, or from how much data there is (ICCBased, named spaces)
        let comps = space.comps;
        const maxRow = Math.ceil((width * 4 * bpc) / 8) + rowPad;
        const raw = flate ? inflateSync(data, { maxOutputLength: maxRow * height }) : data;
        if (comps === undefined) {
          comps = [1, 3, 4].find((c) => raw.length === (Math.ceil((width * c * bpc) / 8) + rowPad) * height);
          if (comps === undefined) return undefined;
        }
        const rowBytes = Math.ceil((width * comps * bpc) / 8);
        if (raw.length < (rowBytes + rowPad) * height) return undefined;
        const rows = rowPad ? unpredict(raw, rowBytes, height, Math.max(1, (comps * bpc) >> 3)) : raw;
        // an image mask paints its 0 samples (black on white), as a grey image reads them; /Decode [1 0] swaps both
        return toRgba(rows, width, height, comps, bpc, rowBytes, space.palette, inverted);
      } catch {
        return undefined;
      }
    },
  };
}

/** Components of a colour space (undefined: judge by the data), with the palette of an Indexed one. */
function colourSpace(v: PdfValue | undefined): { comps?: number; palette?: { base: number; bytes: Buffer } } | undefined {
  const one = (n: string) => (/Gray$|^G$/.test(n) ? 1 : /RGB$/.test(n) ? 3 : /CMYK$/.test(n) ? 4 : undefined);
  if (v === undefined) return {};
  if (v.t === 'name') return { comps: one(v.v) };
  if (v.t === 'arr' && v.a[0]?.t === 'name' && (v.a[0].v === 'Indexed' || v.a[0].v === 'I')) {
    const hival = num(v.a[2]);
    const lookup = v.a[3];
    if (hival === undefined || lookup?.t !== 'str') return undefined;
    const bytes = Buffer.from(lookup.s, 'latin1');
    const base = Math.round(bytes.length / (hival + 1));
    if (![1, 3, 4].includes(base)) return undefined;
    return { comps: 1, palette: { base, bytes } };
  }
  if (v.t === 'arr' && v.a[0]?.t === 'name') return { comps: one(v.a[0].v) };
  return {}; // a reference or another space: by the data
}

/** Undoes the PNG predictors (one filter-type byte before each row). */
function unpredict(raw: Buffer, rowBytes: number, height: number, bpp: number): Buffer {
  const out = Buffer.alloc(rowBytes * height);
  for (let y = 0; y < height; y++) {
    const type = raw[y * (rowBytes + 1)]!;
    const src = y * (rowBytes + 1) + 1;
    const at = y * rowBytes;
    for (let x = 0; x < rowBytes; x++) {
      const a = x >= bpp ? out[at + x - bpp]! : 0;
      const b = y > 0 ? out[at - rowBytes + x]! : 0;
      const c = x >= bpp && y > 0 ? out[at - rowBytes + x - bpp]! : 0;
      const r = raw[src + x]!;
      let v = r;
      if (type === 1) v = r + a;
      else if (type === 2) v = r + b;
      else if (type === 3) v = r + ((a + b) >> 1);
      else if (type === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v = r + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
      }
      out[at + x] = v & 0xff;
    }
  }
  return out;
}

function toRgba(
  rows: Buffer,
  width: number,
  height: number,
  comps: number,
  bpc: number,
  rowBytes: number,
  palette: { base: number; bytes: Buffer } | undefined,
  invert: boolean,
): Rgba {
  const data = new Uint8ClampedArray(width * height * 4);
  const max = (1 << Math.min(bpc, 8)) - 1;
  const sample = (row: number, i: number): number => {
    if (bpc === 8) return rows[row + i]!;
    if (bpc === 16) return rows[row + 2 * i]!;
    const bit = i * bpc;
    return (rows[row + (bit >> 3)]! >> (8 - bpc - (bit & 7))) & max;
  };
  const scale = (s: number) => (bpc >= 8 ? s : Math.round((s * 255) / max));
  for (let y = 0; y < height; y++) {
    const row = y * rowBytes;
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      let r: number;
      let g: number;
      let b: number;
      if (palette) {
        const idx = sample(row, x) * palette.base;
        const p = palette.bytes;
        if (palette.base === 1) r = g = b = p[idx] ?? 0;
        else if (palette.base === 3) [r, g, b] = [p[idx] ?? 0, p[idx + 1] ?? 0, p[idx + 2] ?? 0];
        else [r, g, b] = cmyk(p[idx] ?? 0, p[idx + 1] ?? 0, p[idx + 2] ?? 0, p[idx + 3] ?? 0);
      } else if (comps === 1) {
        r = g = b = scale(sample(row, x));
      } else if (comps === 3) {
        [r, g, b] = [scale(sample(row, 3 * x)), scale(sample(row, 3 * x + 1)), scale(sample(row, 3 * x + 2))];
      } else {
        [r, g, b] = cmyk(scale(sample(row, 4 * x)), scale(sample(row, 4 * x + 1)), scale(sample(row, 4 * x + 2)), scale(sample(row, 4 * x + 3)));
      }
      if (invert) [r, g, b] = [255 - r, 255 - g, 255 - b];
      data[o] = r;
      data[o + 1] = g;
      data[o + 2] = b;
      data[o + 3] = 255;
    }
  }
  return { width, height, data };
}

function cmyk(c: number, m: number, y: number, k: number): [number, number, number] {
  return [255 - Math.min(255, c + k), 255 - Math.min(255, m + k), 255 - Math.min(255, y + k)];
}
