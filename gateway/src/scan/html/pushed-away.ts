import type { ParsedMessage } from '../../parse/types.js';
import type { Finding } from '../types.js';

/**
 * content.pushed-out-of-view: the HTML body's CSS pushes part of the message whole screens away
 * from where the reader looks: a margin, padding or height of tens of thousands of pixels
 * ("margin-top: 470500px"), a height of ten screens or more ("height: 10000vh"), a flex spacer
 * told to take thousands of shares ("flex-grow: 10000"). The spammer's use: a genuine newsletter
 * copied whole and shoved far below, so that filters read a respectable text while the reader
 * sees only the picture or link pasted above it (url.pasted-top-link), or an offer above miles of
 * filler. Layouts of real mail are a page or a few long: nothing in them measures ten screens.
 * At most one per message; the subject is the declaration as written.
 */

/** Pixels (or points) from which a vertical length is no layout: ~10 screens. */
export const PUSH_MIN_PX = 10_000;
/** Viewport heights (vh) or em/rem from which it is none either. */
export const PUSH_MIN_VH = 1_000;
export const PUSH_MIN_EM = 600;
/** Flex shares from which a spacer is there to push (layouts use 1, 2, 3…). */
export const PUSH_MIN_FLEX = 1_000;
/** Only the start of a large HTML body is read: the trick sits in its head or first block. */
const HTML_WINDOW = 512 * 1024;
const NESTED_DEPTH = 8;

/**
 * A vertical length or a flex share of three digits or more; the property name must start the
 * declaration (after `{`, `;`, a quote or space), so "line-height" is not read as "height". Linear:
 * each part is a fixed word or a digit run with a fixed character after it.
 */
const DECLARATION =
  /(?:^|[{;"'\s])(margin-top|margin-bottom|padding-top|padding-bottom|min-height|height|top|bottom|flex-grow|flex)\s*:\s*(-?\d{3,9})(?:\.\d+)?\s*(px|pt|vh|em|rem)?/gi;

function pushes(property: string, value: number, unit: string): boolean {
  const n = Math.abs(value);
  const p = property.toLowerCase();
  if (p === 'flex-grow' || p === 'flex') return unit === '' && n >= PUSH_MIN_FLEX;
  switch (unit.toLowerCase()) {
    case 'px':
    case 'pt':
      return n >= PUSH_MIN_PX;
    case 'vh':
      return n >= PUSH_MIN_VH;
    case 'em':
    case 'rem':
      return n >= PUSH_MIN_EM;
    default:
      return false;
  }
}

/** The first declaration in `html` that pushes content screens away, as written; undefined if none. */
export function pushingDeclaration(html: string): string | undefined {
  const text = html.length > HTML_WINDOW ? html.slice(0, HTML_WINDOW) : html;
  DECLARATION.lastIndex = 0;
  for (let m = DECLARATION.exec(text); m !== null; m = DECLARATION.exec(text)) {
    if (pushes(m[1]!, Number(m[2]), m[3] ?? '')) return `${m[1]}: ${m[2]}${m[3] ?? ''}`;
  }
  return undefined;
}

export function pushedOutOfViewFinding(message: ParsedMessage): Finding | undefined {
  const find = (m: ParsedMessage, depth: number): string | undefined =>
    pushingDeclaration(m.html) ?? (depth < NESTED_DEPTH ? m.nested.map((n) => find(n, depth + 1)).find((d) => d !== undefined) : undefined);
  const declaration = find(message, 0);
  if (declaration === undefined) return undefined;
  return {
    scanner: 'content',
    kind: 'content.pushed-out-of-view',
    detail: `the HTML body's style pushes part of the message screens away from view ("${declaration}"): a copied text shoved out of sight below what the reader is shown`,
    subject: declaration,
  };
}
