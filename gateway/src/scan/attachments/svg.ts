import type { Observation } from './checks.js';
import type { HtmlTraits } from './html.js';
import { list } from './ole-objects.js';

/**
 * SVG pictures as phishing pages and redirectors (a common lure since 2024): an SVG opens in the
 * browser, where it is a small web page. What html.ts / html-script.ts already see in one, as in
 * any HTML file: <script> (also written <svg:script> with CDATA), on* handlers (onload="location=…"),
 * javascript: addresses (also set by <set>/<animate> to/values), forms inside <foreignObject>,
 * redirects (location = "https://…", atob of the address, the recipient's address in base64),
 * data:/blob: downloads. What this file adds:
 *  - a picture that is one big link to a web page (<a xlink:href="https://…"> around it, no script):
 *    attachment.html-loader, tags 'svg', 'svg-link'; the links also go through the URL checks
 *    (walk-html.ts hands them over like a PDF's links), so a listed or look-alike address is caught;
 *  - a page shown inside the file from another site (<foreignObject><iframe src="https://…">, an
 *    <embed>/<object>): attachment.html-loader, tags 'remote-frame' and, in an SVG, 'svg-remote-frame'
 *    (the sign-in page itself comes from there). Its address goes to the URL checks too.
 */

/** Is this an SVG file (by name, declared type or its first element)? */
export function isSvg(ext: string, declaredType: string, head: Buffer): boolean {
  if (ext === 'svg' || ext === 'svgz' || /^image\/svg\+xml$/i.test(declaredType)) return true;
  const start = head.subarray(0, 2048).toString('latin1').toLowerCase();
  return /<(?:[a-z][\w.-]{0,31}:)?svg\b/.test(start) && !/<(?:html|body|head)\b/.test(start);
}

function host(url: string): string {
  return /^(?:https?:)?\/\/([^/?#\\\s:]{1,253})/i.exec(url)?.[1]?.toLowerCase() ?? url;
}

export function svgObservations(traits: HtmlTraits, svg: boolean): Observation[] {
  const out: Observation[] = [];
  if (traits.remoteFrames.length > 0) {
    const hosts = [...new Set(traits.remoteFrames.map(host))];
    out.push({
      kind: 'attachment.html-loader',
      detail: `${svg ? 'SVG image' : 'HTML file'} shows a page from ${list(hosts)} inside itself`,
      tags: svg ? ['svg', 'remote-frame', 'svg-remote-frame'] : ['remote-frame'],
    });
  }
  if (svg && traits.links.length > 0) {
    const hosts = [...new Set(traits.links.map(host))];
    out.push({ kind: 'attachment.html-loader', detail: `SVG image links to ${list(hosts)}: a click on the picture opens that page`, tags: ['svg', 'svg-link'] });
  }
  return out;
}

/** The addresses of an HTML or SVG file that go through the URL checks: its frames, and an SVG's links. */
export function htmlDocumentLinks(traits: HtmlTraits, svg: boolean): string[] {
  const urls = [...traits.remoteFrames.map((u) => (u.startsWith('//') ? `https:${u}` : u)), ...(svg ? traits.links : [])];
  return [...new Set(urls)];
}
