import type { UrlSource } from './types.js';
import { trimEndChar } from '../trim.js';

/** A URL string found in HTML, before <base href> resolution. */
export interface HtmlUrl {
  raw: string;
  source: UrlSource;
  /** For href: the visible link text (filled in by the HTML walk). */
  text?: string;
}

const SRC_TAGS = new Set(['img', 'iframe', 'frame', 'script', 'embed', 'source', 'video', 'audio', 'input', 'track']);

/**
 * The URLs one start tag carries (attributes already entity-decoded by htmlparser2):
 * a/area href, src of embedding elements, srcset candidates, form action and formaction,
 * meta refresh, background/poster/object data, CSS url() in the style attribute.
 */
export function tagUrls(name: string, attribs: Record<string, string>): HtmlUrl[] {
  const out: HtmlUrl[] = [];
  const push = (raw: string | undefined, source: UrlSource) => {
    if (raw !== undefined && raw.trim() !== '') out.push({ raw, source });
  };
  if (name === 'a' || name === 'area') push(attribs.href ?? attribs['xlink:href'], 'href');
  if (name === 'link') push(attribs.href, 'src');
  if (name === 'image' || name === 'use') push(attribs.href ?? attribs['xlink:href'], 'src');
  if (SRC_TAGS.has(name)) push(attribs.src, 'src');
  if (name === 'video') push(attribs.poster, 'src');
  if (name === 'object') push(attribs.data, 'src');
  if (attribs.background !== undefined) push(attribs.background, 'src');
  if (attribs.srcset !== undefined) for (const raw of srcsetUrls(attribs.srcset)) push(raw, 'srcset');
  if (name === 'form') push(attribs.action, 'form');
  if (name === 'button' || name === 'input') push(attribs.formaction, 'form');
  if (name === 'meta' && (attribs['http-equiv'] ?? '').trim().toLowerCase() === 'refresh') {
    push(metaRefreshUrl(attribs.content ?? ''), 'meta-refresh');
  }
  if (attribs.style !== undefined) for (const raw of cssUrls(attribs.style)) push(raw, 'css');
  return out;
}

/** The candidate URLs of a srcset ("a.png 1x, b.png 2x"), parsed as the HTML standard does. */
export function srcsetUrls(srcset: string): string[] {
  const urls: string[] = [];
  let i = 0;
  const n = srcset.length;
  while (i < n) {
    while (i < n && (srcset[i] === ',' || /\s/.test(srcset[i]!))) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && !/\s/.test(srcset[i]!)) i++;
    let url = srcset.slice(start, i);
    if (url.endsWith(',')) {
      url = trimEndChar(url, ',');
    } else {
      // skip the descriptors up to the next comma
      while (i < n && srcset[i] !== ',') i++;
    }
    if (url) urls.push(url);
  }
  return urls;
}

/** The URL in `<meta http-equiv=refresh content="0; url='https://…'">`, if any. */
export function metaRefreshUrl(content: string): string | undefined {
  const m = /^\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?(.*)$/is.exec(content);
  let url = (m?.[1] ?? '').trim();
  const quote = url[0];
  if (quote === '"' || quote === "'") {
    const end = url.indexOf(quote, 1);
    url = end === -1 ? url.slice(1) : url.slice(1, end);
  }
  return url || undefined;
}

const SPACE = /\s/;
function skipSpace(s: string, i: number): number {
  while (i < s.length && SPACE.test(s[i]!)) i++;
  return i;
}

/** indexOf(quote, from), remembering the last answer for each quote so repeated searches stay linear. */
function nextIndex(s: string): (ch: string, from: number) => number {
  const last = new Map<string, [from: number, at: number]>();
  return (ch, from) => {
    const known = last.get(ch);
    if (known && from >= known[0] && (known[1] === -1 || from <= known[1])) return known[1];
    const at = s.indexOf(ch, from);
    last.set(ch, [from, at]);
    return at;
  };
}

/**
 * Where an unquoted url( argument starting at j ends (the first ')', quote or space) and where the
 * spaces after it end. Every start inside one argument ends at the same place: remembered.
 */
function bareUrlEnd(s: string): (j: number) => [stop: number, after: number] {
  let known: [from: number, stop: number, after: number] | undefined;
  return (j) => {
    if (known && j >= known[0] && j <= known[1]) return [known[1], known[2]];
    let k = j;
    while (k < s.length) {
      const c = s[k]!;
      if (c === ')' || c === '"' || c === "'" || SPACE.test(c)) break;
      k++;
    }
    known = [j, k, skipSpace(s, k)];
    return [k, known[2]];
  };
}

/** url(...) and @import "..." in CSS (style attributes and <style> elements). */
export function cssUrls(css: string): string[] {
  const urls: string[] = [];
  if (!/url|@import/i.test(css)) return urls;
  const unescaped = css.replace(/\\([0-9a-fA-F]{1,6})\s?/g, (_m, hex: string) => {
    const code = Number.parseInt(hex, 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
  // The same as /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')/gi,
  // written out: as an expression it rescanned the rest of the text from every "url(" without a
  // closing ')' (quadratic: 100 KB of CSS took over a second). Here each scan is remembered.
  const quote = nextIndex(unescaped);
  const bareEnd = bareUrlEnd(unescaped);
  const start = /url\(|@import/gi;
  for (let m = start.exec(unescaped); m; m = start.exec(unescaped)) {
    const p = m.index;
    let j = p + m[0].length;
    if (m[0].length === 4) {
      // url( … )
      j = skipSpace(unescaped, j);
      const c = unescaped[j];
      let end = -1;
      let url = '';
      if (c === '"' || c === "'") {
        const close = quote(c, j + 1);
        if (close >= 0) {
          const after = skipSpace(unescaped, close + 1);
          if (unescaped[after] === ')') [url, end] = [unescaped.slice(j + 1, close), after + 1];
        }
      } else {
        const [stop, after] = bareEnd(j);
        if (unescaped[after] === ')') [url, end] = [unescaped.slice(j, stop), after + 1];
      }
      if (end < 0) continue;
      if (url) urls.push(url);
      start.lastIndex = end;
    } else {
      // @import "…"
      const k = skipSpace(unescaped, j);
      const c = unescaped[k];
      if (k === j || (c !== '"' && c !== "'")) continue;
      const close = quote(c, k + 1);
      if (close < 0) continue;
      if (close > k + 1) urls.push(unescaped.slice(k + 1, close));
      start.lastIndex = close + 1;
    }
  }
  return urls;
}
