import { promisify } from 'node:util';
import { constants as zlibConstants, inflate } from 'node:zlib';
import { namesOf, parseValues, splitStreamRanges, streamBytes, type PdfDict, type PdfValue, type Segment } from './pdf-syntax.js';

/**
 * What a PDF looks like on screen, as far as a lure is concerned (pdf-lure.ts): how many pages, where
 * its link annotations sit and how big they are, and how much text its pages show.
 *
 *  - pages: distinct `/Type /Page` objects, or the largest `/Count` of a `/Pages` node if more;
 *  - links: `/Subtype /Link` annotations, with their `/Rect` as a share of the first media box, and
 *    whether they open a web address (`/A` an action with `/S /URI`, also by reference) or only
 *    go somewhere inside the document (`/Dest`, `/GoTo`);
 *  - textChars: characters the page contents show (strings of BT … ET text objects, decoded from
 *    FlateDecode content streams, two bytes a character with composite /Type0 fonts): only measured
 *    for a PDF that could be a lure (pageText), never for an encrypted or a big one.
 *
 * Names and numbers are never encrypted in a PDF, so pages and link boxes are read from an
 * encrypted file as well; the reader (pdf.ts) decrypts the link targets themselves.
 */

export interface PdfLinkBox {
  /** Share of the page's area the clickable rectangle covers (0–1). */
  area: number;
  /** Height of the rectangle's centre on the page, 0 at the bottom, 1 at the top. */
  y: number;
  /** Opens a web address (a /URI action), not a place inside the document. */
  web: boolean;
}

export interface PdfLayout {
  pages: number;
  /** Link annotations (at most MAX_LINKS), in file order. */
  links: PdfLinkBox[];
  /** A composite (/Type0) font is used: page strings take two bytes a character. */
  type0Fonts: boolean;
  /** Characters shown by the page contents; undefined when not measured. */
  textChars?: number;
}

const MAX_LINKS = 50;
/** Content-stream bytes inflated for pageText at most, and content streams looked at. */
const TEXT_INFLATE_BYTES = 2 * 1024 * 1024;
const TEXT_MAX_STREAMS = 64;
/** A US Letter page, when no media box is found (what readers fall back to). */
const DEFAULT_BOX: readonly [number, number, number, number] = [0, 0, 612, 792];

const inflateAsync = promisify(inflate);

/** Pages and link boxes of a PDF from its objects (plain ones and object-stream members). Never throws. */
export function pdfLayout(objects: readonly Segment[]): PdfLayout {
  const byNum = new Map<number, Segment>();
  for (const seg of objects) if (seg.num !== undefined) byNum.set(seg.num, seg);
  const pages = new Set<number | Segment>();
  let count = 0;
  let box: number[] | undefined;
  let pagesBox: number[] | undefined;
  let type0Fonts = false;
  const rects: { rect: number[]; web: boolean }[] = [];
  for (const seg of objects) {
    const t = seg.text;
    if (!t.includes('/Page') && !t.includes('/Link') && !t.includes('/Type0') && !t.includes('#')) continue;
    parseValues(t, (d) => {
      const type = nameOf(d.m.get('Type'));
      const subtype = nameOf(d.m.get('Subtype'));
      if (type === 'Page') {
        pages.add(seg.num ?? seg);
        box ??= numbers(d.m.get('MediaBox'), 4);
      } else if (type === 'Pages') {
        const c = d.m.get('Count');
        if (c?.t === 'num' && Number.isInteger(c.v) && c.v > count) count = Math.min(c.v, 1_000_000);
        pagesBox ??= numbers(d.m.get('MediaBox'), 4);
      }
      if (subtype === 'Type0') type0Fonts = true;
      if (subtype === 'Link' && rects.length < MAX_LINKS) {
        const rect = numbers(d.m.get('Rect'), 4);
        if (rect) rects.push({ rect, web: opensWeb(d, byNum) });
      }
    });
  }
  const [x0, y0, x1, y1] = box ?? pagesBox ?? DEFAULT_BOX;
  const width = Math.abs(x1! - x0!) || DEFAULT_BOX[2];
  const height = Math.abs(y1! - y0!) || DEFAULT_BOX[3];
  const bottom = Math.min(y0!, y1!);
  const links = rects.map(({ rect, web }) => {
    const w = Math.min(Math.abs(rect[2]! - rect[0]!), width);
    const h = Math.min(Math.abs(rect[3]! - rect[1]!), height);
    const centre = (rect[1]! + rect[3]!) / 2;
    return { area: (w * h) / (width * height), y: clamp01((centre - bottom) / height), web };
  });
  return { pages: Math.max(pages.size, count), links, type0Fonts };
}

/**
 * Characters shown by the text objects of a PDF's content streams (unencrypted, read whole: `pdf`
 * is its bytes). Streams that are pictures, fonts, object streams or cross-reference
 * streams are skipped; FlateDecode or unfiltered ones are read, within TEXT_INFLATE_BYTES.
 */
export async function pageText(pdf: Buffer, type0Fonts: boolean): Promise<number> {
  const { streams } = splitStreamRanges(pdf, isContentStream);
  let budget = TEXT_INFLATE_BYTES;
  let bytes = 0;
  for (const s of streams.slice(0, TEXT_MAX_STREAMS)) {
    if (budget <= 0) break;
    const raw = streamBytes(pdf, s);
    let data: Buffer;
    if (namesOf(s.dict).includes('FlateDecode')) {
      try {
        data = await inflateAsync(raw, { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: budget });
      } catch {
        continue; // broken or past the budget: not counted
      }
    } else data = raw.subarray(0, budget);
    budget -= data.length;
    bytes += shownBytes(data.toString('latin1'));
  }
  return type0Fonts ? Math.ceil(bytes / 2) : bytes;
}

/** A stream that may be page content: no picture, font, metadata, embedded file, object or xref stream, no filter but Flate. */
function isContentStream(dict: string): boolean {
  const names = namesOf(dict);
  if (names.some((n) => SKIP_NAMES.has(n))) return false;
  if (/\/Length[123]\b/.test(dict)) return false; // an embedded font program
  const filter = names.indexOf('Filter');
  if (filter < 0) return true;
  return names[filter + 1] === 'FlateDecode' && !names.slice(filter + 2).some((n) => /Decode$/.test(n));
}
const SKIP_NAMES = new Set(['Image', 'ObjStm', 'XRef', 'Metadata', 'EmbeddedFile', 'FontFile', 'FontFile2', 'FontFile3', 'ICCBased', 'DCTDecode', 'JPXDecode', 'CCITTFaxDecode', 'JBIG2Decode']);

/** Bytes of the strings inside BT … ET text objects of a content stream (inline pictures skipped). */
export function shownBytes(content: string): number {
  let total = 0;
  let inText = false;
  const n = content.length;
  let i = 0;
  while (i < n) {
    const c = content.charCodeAt(i);
    if (c === 0x28 /* ( */) {
      let depth = 1;
      let k = i + 1;
      let len = 0;
      while (k < n && depth > 0) {
        const d = content.charCodeAt(k);
        if (d === 0x5c /* \ */) {
          k += 2;
          len++;
          continue;
        }
        if (d === 0x28) depth++;
        else if (d === 0x29) depth--;
        if (depth > 0) len++;
        k++;
      }
      if (inText) total += len;
      i = k;
      continue;
    }
    if (c === 0x3c /* < */ && content.charCodeAt(i + 1) !== 0x3c) {
      const end = content.indexOf('>', i + 1);
      if (end < 0) break;
      if (inText) total += Math.floor(content.slice(i + 1, end).replace(/[^0-9a-fA-F]/g, '').length / 2);
      i = end + 1;
      continue;
    }
    if (c === 0x25 /* % */) {
      while (i < n && content.charCodeAt(i) !== 0x0a && content.charCodeAt(i) !== 0x0d) i++;
      continue;
    }
    if (isLetter(c) && !isLetter(content.charCodeAt(i - 1))) {
      let k = i;
      while (k < n && isLetter(content.charCodeAt(k))) k++;
      const word = content.slice(i, k);
      if (word === 'BT') inText = true;
      else if (word === 'ET') inText = false;
      else if (word === 'ID' && isSpace(content.charCodeAt(k))) {
        // inline picture data, up to "EI" between white space
        const m = /\sEI(?=[\s]|$)/g;
        m.lastIndex = k + 1;
        const found = m.exec(content);
        i = found ? found.index + 3 : n;
        continue;
      }
      i = k;
      continue;
    }
    i++;
  }
  return total;
}

function opensWeb(d: PdfDict, byNum: ReadonlyMap<number, Segment>): boolean {
  let a = d.m.get('A');
  if (a?.t === 'ref') {
    const seg = byNum.get(a.n);
    if (!seg) return false;
    a = parseValues(seg.text, undefined, 1)[0];
  }
  return a?.t === 'dict' && nameOf(a.m.get('S')) === 'URI';
}

function nameOf(v: PdfValue | undefined): string | undefined {
  return v?.t === 'name' ? v.v : undefined;
}

function numbers(v: PdfValue | undefined, n: number): number[] | undefined {
  if (v?.t !== 'arr' || v.a.length < n) return undefined;
  const out = v.a.slice(0, n).map((x) => (x.t === 'num' && Number.isFinite(x.v) ? x.v : NaN));
  return out.some((x) => Number.isNaN(x)) ? undefined : out;
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0.5;
}

function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2a || c === 0x27 || c === 0x22;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
}

/** Web links a one-page lure carries at most (a logo, a button and the same address written out). */
export const LURE_MAX_WEB_LINKS = 3;

/** Could this PDF be a one-link lure (pdf-lure.ts)? One page, one to LURE_MAX_WEB_LINKS web links: then its text is worth counting. */
export function mayBeLure(layout: PdfLayout): boolean {
  const web = layout.links.filter((l) => l.web).length;
  return layout.pages === 1 && web >= 1 && web <= LURE_MAX_WEB_LINKS;
}
