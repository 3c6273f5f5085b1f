import type { Handler } from 'htmlparser2';
import { parseFlat } from './flat-parse.js';
import { scriptTraits, type DataUrl, type ScriptTraits } from './html-script.js';

/**
 * What an HTML (or SVG) attachment can do once opened in a browser: a form that collects a password
 * and posts it elsewhere is the classic credential-phishing attachment; scripts can do the same
 * (or fetch the next stage).
 */
export interface HtmlTraits {
  form: boolean;
  password: boolean;
  /** A form posts to an absolute http(s) URL (somewhere other than the file itself). */
  externalAction: boolean;
  /** Hosts forms post to, for the finding's detail. */
  actionHosts: string[];
  script: boolean;
  /** on* event handler attributes or javascript: URLs. */
  eventHandler: boolean;
  metaRefresh: boolean;
  /** What the scripts do: build a file (smuggling), decode and run, redirect (html-script.ts). */
  scripts: ScriptTraits;
  /** Absolute http(s) addresses of links (a, area: href or xlink:href), at most MAX_LINKS; for SVG files (svg.ts). */
  links: string[];
  /** Absolute http(s) addresses shown inside the page (iframe, frame, embed, object), at most MAX_FRAMES. */
  remoteFrames: string[];
  /** A page carried in a data: address of a frame, embed or object holds a form (its form traits are in form, password, externalAction). */
  dataFrameForm: boolean;
}

const MAX_LINKS = 50;
const MAX_FRAMES = 10;
/** Elements that show another page inside this one, and the attribute naming it. */
const FRAME_TAGS: Readonly<Record<string, string>> = { iframe: 'src', frame: 'src', embed: 'src', object: 'data' };

/** HTML files bigger than this are read only up to here; phishing pages are small. */
export const HTML_MAX_BYTES = 4 * 1024 * 1024;

export const HTML_EXTENSIONS: ReadonlySet<string> = new Set(['html', 'htm', 'shtml', 'xhtml', 'xht', 'svg', 'mht', 'mhtml', 'hta']);

/** Does this look like HTML/SVG by name, declared type or first bytes? */
export function looksLikeHtml(ext: string, declaredType: string, head: Buffer): boolean {
  if (HTML_EXTENSIONS.has(ext)) return true;
  if (/^(text\/html|application\/xhtml\+xml|image\/svg\+xml)$/.test(declaredType)) return true;
  const start = head.subarray(0, 2048).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart().toLowerCase();
  // SVG and XHTML files usually open with an XML declaration, comments and a DOCTYPE first
  const body = start.replace(/^(?:<\?xml[^>]*>\s*|<!--[\s\S]*?-->\s*|<!doctype\s+(?:svg|html)\b[^>]*>\s*)+/, '');
  return /^<(!doctype\s+html|html|svg|head|body|form|script)\b/.test(body);
}

/**
 * Traits already read, by the buffer they were read from: the attachments scanner and the html
 * scanner both look at every HTML attachment, concurrently, from the same in-memory content, and
 * the page is parsed once. (Treat the result as read-only.)
 */
const inspected = new WeakMap<Buffer, HtmlTraits>();

export function inspectHtml(bytes: Buffer): HtmlTraits {
  const known = inspected.get(bytes);
  if (known) return known;
  const traits = readHtml(bytes);
  inspected.set(bytes, traits);
  return traits;
}

/** Elements whose data: address is a file handed to the browser (not a picture on the page). */
const DATA_URL_TAGS: Readonly<Record<string, string>> = { a: 'href', area: 'href', iframe: 'src', embed: 'src', object: 'data' };

/** Pages carried in data: frames are read at most this many per page, this deep, this big (decoded). */
const MAX_DATA_PAGES = 5;
const MAX_DATA_DEPTH = 2;
export const DATA_PAGE_MAX_BYTES = 512 * 1024;
/** The media types of a data: address a browser shows as a page. */
const DATA_PAGE = /^data:\s*(?:text\/html|application\/xhtml\+xml|image\/svg\+xml)\s*(?:;[^,]*)?,/i;

/**
 * The page a data: address carries (data:text/html;base64,… or percent-encoded), decoded, at most
 * DATA_PAGE_MAX_BYTES of it; undefined when the address carries no page.
 */
export function dataPage(url: string): Buffer | undefined {
  const head = DATA_PAGE.exec(url.slice(0, 300));
  if (!head) return undefined;
  const body = url.slice(head[0].length);
  if (/;\s*base64\s*,$/i.test(head[0])) {
    // four base64 characters make three bytes: read no more than the bound needs
    return Buffer.from(body.slice(0, Math.ceil(DATA_PAGE_MAX_BYTES / 3) * 4).replace(/[^A-Za-z0-9+/_-]/g, ''), 'base64').subarray(0, DATA_PAGE_MAX_BYTES);
  }
  const raw = body.slice(0, DATA_PAGE_MAX_BYTES * 3);
  let text: string;
  try {
    text = decodeURIComponent(raw);
  } catch {
    text = raw.replace(/%([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
  return Buffer.from(text, 'utf8').subarray(0, DATA_PAGE_MAX_BYTES);
}

function readHtml(bytes: Buffer, depth = 0): HtmlTraits {
  const traits: Omit<HtmlTraits, 'scripts' | 'links' | 'remoteFrames' | 'dataFrameForm'> = {
    form: false,
    password: false,
    externalAction: false,
    actionHosts: [],
    script: false,
    eventHandler: false,
    metaRefresh: false,
  };
  const hosts = new Set<string>();
  // Script text (elements, event handlers, javascript: addresses) and the page's other text, each
  // at most the page's own size (HTML_MAX_BYTES).
  const script: string[] = [];
  const text: string[] = [];
  const dataUrls: DataUrl[] = [];
  const refreshUrls: string[] = [];
  const links = new Set<string>();
  const frames = new Set<string>();
  const dataPages: Buffer[] = [];
  let inScript = 0;
  let inStyle = 0;
  const handler: Partial<Handler> = {
    onopentag(name, attribs) {
      // an XML file (SVG, XHTML) may write its elements with a namespace prefix: <svg:script>
      const tag = name.toLowerCase().replace(/^[a-z][\w.-]{0,31}:(?=[a-z])/, '');
      if (tag === 'form') {
        traits.form = true;
        noteAction(attribs.action);
      }
      if (tag === 'input' || tag === 'button') {
        if ((attribs.type ?? '').toLowerCase() === 'password') {
          traits.password = true;
          traits.form = true;
        }
        noteAction(attribs.formaction);
      }
      if (tag === 'script') {
        traits.script = true;
        inScript++;
      }
      if (tag === 'style') inStyle++;
      if ((tag === 'a' || tag === 'area') && links.size < MAX_LINKS) {
        const href = (attribs.href ?? attribs['xlink:href'] ?? '').trim();
        if (/^https?:\/\/[^\s/?#\\]/i.test(href)) links.add(href);
      }
      const frameAttr = FRAME_TAGS[tag];
      const frameSrc = frameAttr ? (attribs[frameAttr] ?? '').trim() : '';
      if (/^(?:https?:)?\/\/[^\s/?#\\]/i.test(frameSrc) && frames.size < MAX_FRAMES) frames.add(frameSrc);
      // a page carried in the frame's own data: address, read below with the same checks
      const carried = depth < MAX_DATA_DEPTH && dataPages.length < MAX_DATA_PAGES && /^data:/i.test(frameSrc) ? dataPage(frameSrc) : undefined;
      if (carried) dataPages.push(carried);
      if (tag === 'meta' && (attribs['http-equiv'] ?? '').toLowerCase() === 'refresh') {
        traits.metaRefresh = true;
        const url = /url\s*=\s*['"]?([^'"\s]+)/i.exec(attribs.content ?? '')?.[1];
        if (url && refreshUrls.length < 10) refreshUrls.push(url);
      }
      const dataAttr = DATA_URL_TAGS[tag];
      const target = dataAttr ? (attribs[dataAttr] ?? (dataAttr === 'href' ? attribs['xlink:href'] : undefined) ?? '').trim() : '';
      // a download link (data: or blob:) or an embedded frame or object holding a file (data:)
      const link = tag === 'a' || tag === 'area';
      if (dataUrls.length < 50 && (link ? 'download' in attribs && /^(data|blob):/i.test(target) : /^data:/i.test(target))) {
        dataUrls.push({ how: link ? 'download-link' : 'embedded-file', url: target });
      }
      for (const [key, value] of Object.entries(attribs)) {
        if (/^on[a-z]+$/i.test(key)) {
          traits.eventHandler = true;
          script.push(value);
        }
        // SVG animations set an attribute to a javascript: address: <set attributeName="href" to="javascript:…">
        if (/(?:^|;)\s*javascript:/i.test(value) && /^(href|src|action|formaction|xlink:href|to|from|values)$/i.test(key)) {
          traits.eventHandler = true;
          script.push(value);
        }
      }
    },
    ontext(data) {
      if (inScript > 0) script.push(data);
      else if (inStyle === 0) text.push(data);
    },
    onclosetag(closed) {
      const name = closed.toLowerCase().replace(/^[a-z][\w.-]{0,31}:(?=[a-z])/, '');
      if (name === 'script' && inScript > 0) {
        inScript--;
        script.push('\n');
      }
      if (name === 'style' && inStyle > 0) inStyle--;
    },
  };
  function noteAction(action: string | undefined): void {
    if (!action) return;
    const a = action.trim();
    const m = /^(?:https?:)?\/\/([^/?#:\s]+)/i.exec(a);
    if (m?.[1]) {
      traits.externalAction = true;
      hosts.add(m[1].toLowerCase());
    }
  }
  // however deep the page nests, in linear time (flat-parse.ts); CDATA sections are text in SVG (a
  // script may be written <svg:script><![CDATA[ … ]]>)
  parseFlat(bytes.subarray(0, HTML_MAX_BYTES).toString('utf8'), handler, {
    decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true, recognizeCDATA: true,
  });
  let dataFrameForm = false;
  for (const page of dataPages) {
    const inner = readHtml(page, depth + 1);
    if (!inner.form) continue;
    dataFrameForm = true;
    traits.form = true;
    traits.password ||= inner.password;
    traits.externalAction ||= inner.externalAction;
    for (const h of inner.actionHosts) hosts.add(h);
  }
  traits.actionHosts = [...hosts];
  return { ...traits, dataFrameForm, scripts: scriptTraits(script.join('\n'), text.join(''), dataUrls, refreshUrls), links: [...links], remoteFrames: [...frames] };
}

/** Tags for the 'attachment.html-form' finding; empty when the HTML is harmless. */
export function htmlTags(t: HtmlTraits): string[] {
  const tags: string[] = [];
  if (t.form) tags.push('form');
  if (t.password) tags.push('password');
  if (t.externalAction) tags.push('external-action');
  if (t.dataFrameForm) tags.push('data-frame');
  if (t.script) tags.push('script');
  if (t.eventHandler) tags.push('event-handler');
  if (t.metaRefresh && tags.length > 0) tags.push('meta-refresh');
  return tags;
}
