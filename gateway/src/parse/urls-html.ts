import type { UrlSource } from './types.js';

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
      url = url.replace(/,+$/, '');
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

/** url(...) and @import "..." in CSS (style attributes and <style> elements). */
export function cssUrls(css: string): string[] {
  const urls: string[] = [];
  if (!/url|@import/i.test(css)) return urls;
  const unescaped = css.replace(/\\([0-9a-fA-F]{1,6})\s?/g, (_m, hex: string) => {
    const code = Number.parseInt(hex, 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
  const re = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')/gi;
  for (const m of unescaped.matchAll(re)) {
    const url = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5];
    if (url) urls.push(url);
  }
  return urls;
}
