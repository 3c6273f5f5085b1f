import { Parser } from 'htmlparser2';
import { cssUrls, tagUrls, type HtmlUrl } from './urls-html.js';
import { elementStyle, isVisible, tidyText, type CssEffect, type ElementStyle } from './visible-text.js';

/** Elements whose content is never shown as text. */
const SKIPPED = new Set(['script', 'style', 'head', 'template', 'title', 'noembed', 'xml']);
/** Elements that start a new line of text. */
const BLOCKS = new Set([
  'p', 'div', 'br', 'tr', 'li', 'ul', 'ol', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'blockquote', 'pre', 'hr', 'section', 'article', 'header', 'footer', 'center', 'dd', 'dt', 'form',
]);
const CELLS = new Set(['td', 'th']);
/**
 * Open-element depth at which the walk stops: htmlparser2 keeps its stack with unshift, so deeper
 * nesting costs quadratic time (mailparser found 200k nested <b> took 9 s). Browsers flatten
 * at 512 as well.
 */
export const MAX_HTML_DEPTH = 512;
const SLICE = 16 * 1024;
const MAX_LINK_TEXT = 1000;

export interface HtmlWalk {
  urls: HtmlUrl[];
  /** First <base href>, for resolving relative URLs. */
  base?: string;
  visible: string;
  hidden: string;
  /** True when nesting went past MAX_HTML_DEPTH and the rest of the HTML was not walked. */
  tooDeep: boolean;
}

interface Open {
  name: string;
  style: ElementStyle;
  skip: boolean;
  /** The link whose text this element's text extends (for <a href>). */
  link?: HtmlUrl;
}

/** One htmlparser2 pass over an HTML body: its URLs, its visible text and its CSS-hidden text. */
export function walkHtml(html: string, maxText: number): HtmlWalk {
  const result: HtmlWalk = { urls: [], visible: '', hidden: '', tooDeep: false };
  const root: Open = { name: '', style: { hidden: false }, skip: false };
  const stack: Open[] = [root];
  let visible = '';
  let hidden = '';
  let css = '';
  const styles = new Map<string, CssEffect>();
  const breakLine = () => {
    if (visible.length < maxText) visible += '\n';
    if (hidden.length < maxText) hidden += '\n';
  };

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const parent = stack[stack.length - 1]!;
        const urls = tagUrls(name, attribs);
        for (const url of urls) result.urls.push(url);
        if (name === 'base' && result.base === undefined && attribs.href) result.base = attribs.href.trim();
        const open: Open = {
          name,
          style: elementStyle(attribs, parent.style, styles),
          skip: parent.skip || SKIPPED.has(name),
          link: parent.link,
        };
        const link = urls.find((u) => u.source === 'href');
        if (link && name === 'a') {
          link.text = '';
          open.link = link;
        } else if (link && name === 'area') {
          link.text = attribs.alt ?? '';
        }
        if (BLOCKS.has(name)) breakLine();
        stack.push(open);
        if (stack.length > MAX_HTML_DEPTH) {
          result.tooDeep = true;
          parser.pause();
        }
      },
      ontext(text) {
        const top = stack[stack.length - 1]!;
        if (top.name === 'style') {
          if (css.length < maxText) css += text;
          return;
        }
        if (top.skip) return;
        // every run of white space made one space (a lone space is left as it is)
        const clean = text.replace(/[^\S ]\s*| \s+/g, ' ');
        if (isVisible(top.style)) {
          if (visible.length < maxText) visible += clean;
          if (top.link && top.link.text !== undefined && top.link.text.length < MAX_LINK_TEXT) top.link.text += clean;
        } else if (hidden.length < maxText) {
          hidden += clean;
        }
      },
      onclosetag(name) {
        // htmlparser2 closes every element it opened (implied ends included); pop to it
        for (let i = stack.length - 1; i > 0; i--) {
          if (stack[i]!.name === name) {
            stack.length = i;
            break;
          }
        }
        if (BLOCKS.has(name)) breakLine();
        if (CELLS.has(name) && visible.length < maxText) visible += ' ';
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  try {
    for (let i = 0; i < html.length && !result.tooDeep; i += SLICE) parser.write(html.slice(i, i + SLICE));
    if (!result.tooDeep) parser.end();
  } catch {
    // htmlparser2 does not throw on markup; this only guards the callbacks above
  }
  for (const raw of cssUrls(css)) result.urls.push({ raw, source: 'css' });
  for (const url of result.urls) if (url.text !== undefined) url.text = url.text.replace(/\s+/g, ' ').trim();
  result.visible = tidyText(visible);
  result.hidden = tidyText(hidden);
  return result;
}
