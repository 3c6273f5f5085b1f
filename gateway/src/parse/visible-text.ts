/**
 * What a reader sees of an HTML body. Inline CSS that hides an element sends its text to
 * hiddenText: display:none, visibility:hidden/collapse, font-size 0 (or ≤ 1px/pt), opacity ≈ 0,
 * width/height (or max-*) 0 with overflow hidden, mso-hide:all, the `hidden` attribute, text
 * moved off the page (a position, text-indent or margins thousands of pixels away),
 * clipped to nothing (clip: rect(0 0 0 0), clip-path: inset(50%)), and text whose colour equals
 * its background (inherited; white page assumed) or is transparent.
 */

export interface ElementStyle {
  hidden: boolean;
  color?: string;
  background?: string;
}

const NAMED: Record<string, string> = {
  white: '#ffffff',
  black: '#000000',
  red: '#ff0000',
  green: '#008000',
  blue: '#0000ff',
  yellow: '#ffff00',
  gray: '#808080',
  grey: '#808080',
  silver: '#c0c0c0',
};

/** Normalises a CSS colour to #rrggbb where it can; other values are returned lower-cased. */
export function normaliseColour(value: string): string {
  const v = value.trim().toLowerCase().replace(/\s+/g, '');
  if (NAMED[v]) return NAMED[v];
  let m = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(v);
  if (m) return `#${m[1]}${m[1]}${m[2]}${m[2]}${m[3]}${m[3]}`;
  if (/^#[0-9a-f]{6}$/.test(v)) return v;
  m = /^rgba?\((\d+),(\d+),(\d+)(?:,([\d.]+))?\)$/.exec(v);
  if (m) {
    if (m[4] !== undefined && Number(m[4]) === 0) return 'transparent';
    return `#${[m[1], m[2], m[3]].map((c) => Math.min(255, Number(c)).toString(16).padStart(2, '0')).join('')}`;
  }
  return v;
}

function declarations(style: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const decl of style.split(';')) {
    const colon = decl.indexOf(':');
    if (colon === -1) continue;
    const prop = decl.slice(0, colon).trim().toLowerCase();
    const value = decl
      .slice(colon + 1)
      .replace(/!\s*important/i, '')
      .trim()
      .toLowerCase();
    if (prop) map.set(prop, value);
  }
  return map;
}

function isZeroLength(value: string | undefined): boolean {
  if (value === undefined) return false;
  const m = /^(-?[\d.]+)\s*([a-z%]*)$/.exec(value);
  return m !== null && Number(m[1]) <= 0;
}

function isTinyFont(value: string | undefined): boolean {
  if (value === undefined) return false;
  const m = /^([\d.]+)\s*([a-z%]*)$/.exec(value);
  if (!m) return false;
  const size = Number(m[1]);
  return size === 0 || ((m[2] === 'px' || m[2] === 'pt') && size <= 1);
}

/** A length in px (em and rem taken as 16px, pt as 4/3 px); undefined when it is not a plain length. */
function pixels(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(-?[\d.]+)\s*(px|pt|em|rem|)$/.exec(value.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  if (!Number.isFinite(n)) return undefined;
  return m[2] === 'em' || m[2] === 'rem' ? n * 16 : m[2] === 'pt' ? (n * 4) / 3 : n;
}

/** Farther than this from the page (px) is off the page: no mail client window is that large. */
const OFFSCREEN_PX = 3000;
/** Pulled this far left or up (px) by a negative offset is off the page too. */
const PULLED_AWAY_PX = -900;

function farAway(px: number | undefined): boolean {
  return px !== undefined && (px <= PULLED_AWAY_PX || px >= OFFSCREEN_PX);
}

/** Margins: the longhands, and the shorthand's top and left (1–4 values, as CSS expands them). */
function margins(d: Map<string, string>): Array<number | undefined> {
  const out = [pixels(d.get('margin-left')), pixels(d.get('margin-top'))];
  const short = d.get('margin')?.split(/\s+/).filter(Boolean);
  if (short?.length) out.push(pixels(short[0]), pixels(short[short.length === 4 ? 3 : short.length === 1 ? 0 : 1]));
  return out;
}

/** Text moved off the page or clipped to nothing: present in the HTML, never on the screen. */
function offPage(d: Map<string, string>): boolean {
  const position = d.get('position') ?? '';
  const positioned = /^(absolute|fixed)$/.test(position);
  if (/^(absolute|fixed|relative)$/.test(position) && ['left', 'top', 'right', 'bottom'].some((p) => farAway(pixels(d.get(p))))) return true;
  if ((pixels(d.get('text-indent')) ?? 0) <= PULLED_AWAY_PX) return true;
  if (margins(d).some(farAway)) return true;
  const clip = (d.get('clip') ?? '').replace(/\s+/g, '');
  if (positioned && /^rect\(0(px)?,?0(px)?,?0(px)?,?0(px)?\)$/.test(clip)) return true;
  return /^(inset\((50|100)%\)|circle\(0(px|%)?\))$/.test((d.get('clip-path') ?? '').replace(/\s+/g, ''));
}

/** What an inline style attribute does, whatever the element inherits: it hides, and the colours it sets. */
export interface CssEffect {
  hides: boolean;
  background?: string;
  color?: string;
}

/** Style attributes remembered per cache (elementStyle), and the longest one remembered. */
const MAX_CACHED_STYLES = 256;
const MAX_CACHED_STYLE = 1024;

/** What one style attribute's declarations do (elementStyle): a function of the attribute alone. */
function cssEffect(css: string): CssEffect {
  const d = declarations(css);
  const overflowHidden = ['overflow', 'overflow-x', 'overflow-y'].some((p) => /^(hidden|clip)$/.test(d.get(p) ?? ''));
  const effect: CssEffect = {
    hides:
      d.get('display') === 'none' ||
      /^(hidden|collapse)$/.test(d.get('visibility') ?? '') ||
      isTinyFont(d.get('font-size')) ||
      (d.has('opacity') && Number.parseFloat(d.get('opacity')!) <= 0.05) ||
      d.get('mso-hide') === 'all' ||
      offPage(d) ||
      (overflowHidden && ['width', 'height', 'max-width', 'max-height'].some((p) => isZeroLength(d.get(p)))),
  };
  const bg = d.get('background-color') ?? d.get('background');
  if (bg && !/url\(/.test(bg)) effect.background = normaliseColour(bg.split(/\s+/)[0]!);
  if (d.has('color')) effect.color = normaliseColour(d.get('color')!);
  return effect;
}

/**
 * The style of an element from its inline CSS and attributes, inheriting from its parent.
 * `cache`: what style attributes already seen do (one per HTML body: mail repeats the same
 * style on every paragraph and cell), so each is read once.
 */
export function elementStyle(attribs: Record<string, string>, parent: ElementStyle, cache?: Map<string, CssEffect>): ElementStyle {
  const style: ElementStyle = { hidden: parent.hidden, color: parent.color, background: parent.background };
  if (attribs.hidden !== undefined) style.hidden = true;
  if (attribs.bgcolor) style.background = normaliseColour(attribs.bgcolor);
  if (attribs.color) style.color = normaliseColour(attribs.color);
  const css = attribs.style;
  if (!css) return style;
  let effect = cache?.get(css);
  if (!effect) {
    effect = cssEffect(css);
    if (cache && cache.size < MAX_CACHED_STYLES && css.length <= MAX_CACHED_STYLE) cache.set(css, effect);
  }
  if (effect.hides) style.hidden = true;
  if (effect.background !== undefined) style.background = effect.background;
  if (effect.color !== undefined) style.color = effect.color;
  return style;
}

/** True when text in this style is visible: not hidden, and not drawn in its background colour. */
export function isVisible(style: ElementStyle): boolean {
  if (style.hidden) return false;
  const color = style.color ?? '#000000';
  const background = style.background ?? '#ffffff';
  return color !== 'transparent' && color !== background;
}

/** Collapses HTML whitespace the way rendering does, keeping block breaks as newlines. */
export function tidyText(text: string): string {
  // Written to match only where something changes: a run of blanks that is not one space, a line
  // break with a space before it or blanks after it (the same text as replacing every run of
  // blanks with ' ' and every ' ?\n[ \n]*' with '\n', without rebuilding the text for each).
  return text
    .replace(/[\t\f\r\u00a0][ \t\f\r\u00a0]*| [ \t\f\r\u00a0]+/g, ' ')
    .replace(/ \n[ \n]*|\n[ \n]+/g, '\n')
    .trim();
}
