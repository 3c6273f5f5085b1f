/**
 * HTML and SVG files in the attachment walk (walk.ts): forms, smuggling and obfuscated loaders
 * (html.ts, html-script.ts), SVG links and framed pages (svg.ts); their links are handed to the URL
 * checks with the Office documents' hyperlinks.
 */
import type { Observation } from './checks.js';
import { htmlTags, inspectHtml, HTML_MAX_BYTES } from './html.js';
import { mentionsAddress, scriptObservations } from './html-script.js';
import type { NameInfo } from './names.js';
import { htmlDocumentLinks, isSvg, svgObservations } from './svg.js';
import type { FileItem, Walk } from './walk-base.js';

/** An HTML (or SVG) file: its form, scripts and links. */
export async function walkHtmlFile(walk: Walk, item: FileItem, info: NameInfo, head: Buffer, out: Observation[]): Promise<void> {
  const bytes = item.size <= HTML_MAX_BYTES ? await item.bytes() : await item.head(HTML_MAX_BYTES);
  const traits = inspectHtml(bytes);
  const tags = htmlTags(traits);
  if (tags.length > 0) {
    const hosts = traits.actionHosts.length ? `; form posts to ${traits.actionHosts.join(', ')}` : '';
    out.push({ kind: 'attachment.html-form', detail: `HTML with ${tags.join(', ')}${hosts}`, tags });
  }
  // smuggling and obfuscated loaders (html-script.ts)
  const recipientInFile = () => mentionsAddress(bytes.subarray(0, HTML_MAX_BYTES).toString('utf8'), walk.deps.recipients ?? []);
  out.push(...scriptObservations(traits.scripts, recipientInFile));
  // SVG links and pages framed from elsewhere (svg.ts), also handed to the URL checks
  const svg = isSvg(info.ext, item.declaredType, head);
  out.push(...svgObservations(traits, svg));
  // (and where a redirect sends the browser: location = "https://…", a meta refresh; the parser already
  // reads the meta refresh of an attachment declared text/html, whose finding is not given twice)
  const parserRead = item.archiveDepth === 0 && item.declaredType.split(';')[0]!.trim().toLowerCase() === 'text/html';
  const redirects = traits.scripts.redirectUrls.filter((u) => !parserRead || !traits.scripts.refreshUrls.includes(u));
  const uris = [...new Set([...htmlDocumentLinks(traits, svg), ...redirects])];
  if (uris.length > 0) walk.officeLinks.push({ attachmentId: item.attachmentId, path: item.path, uris });
}
