import { createHmac } from 'node:crypto';
import { t, type Lang } from '../i18n/index.js';
import type { Verdict } from '../policy/types.js';
import { bannerReasons, cleanText } from './reasons.js';

/**
 * The warning banner, as text and as HTML. Both carry a stable marker so that a part that
 * already has our banner (a message passing twice, a reply quoting it) does not get a second one:
 * - text: the first line starts with TEXT_MARKER ('[Lá Chắn]'; '[La Chan]' in the ASCII form);
 * - HTML: the comment HTML_MARKER_COMMENT and the attribute HTML_MARKER_ATTR on the banner table.
 */
export const TEXT_MARKER = '[Lá Chắn]';
export const TEXT_MARKER_ASCII = '[La Chan]';
export const HTML_MARKER_COMMENT = '<!-- lachan-banner -->';
export const HTML_MARKER_END = '<!-- /lachan-banner -->';
export const HTML_MARKER_ATTR = 'data-lachan-banner';

/** Languages of the banner, in order: Vietnamese first, English below it. */
export const BANNER_LANGS: readonly Lang[] = ['vi', 'en'];

export interface BannerSection {
  lang: Lang;
  title: string;
  reasons: string[];
  advice: string;
}

export interface BannerContent {
  sections: BannerSection[];
  footer: string;
  /**
   * The banner's token, written into its marker (see bannerToken): derived from this deployment's
   * banner key (ActPlan.bannerKey) and the reasons shown. Only a banner carrying the token of the
   * current verdict counts as ours when deciding not to add a second one, so a sender cannot
   * suppress the warning with a look-alike marker, nor with a marker copied from another of our
   * banners (one quoted back in a reply) unless that banner said exactly the same. Without a key,
   * a banner is always added.
   */
  key?: string;
}

/** Gateway names come from configuration but still end up in mail: printable, short. */
export function cleanGatewayName(name: string): string {
  return cleanText(name, 64).replace(/[^\x21-\x7e]/g, '') || 'lachan';
}

/**
 * The marker token of a banner: an HMAC, under this deployment's banner key, of the reasons it
 * shows (32 hex digits). The key itself never appears in mail, so a banner quoted in a reply to an
 * outside correspondent gives away no more than "a banner with these reasons": replayed at the top
 * of another message it suppresses our banner only where ours would have said the same thing.
 */
export function bannerToken(key: string, sections: readonly BannerSection[]): string {
  const mac = createHmac('sha256', key).update('lachan-banner-v2');
  for (const section of sections) for (const reason of section.reasons) mac.update(`\n${section.lang}\t${reason}`);
  return mac.digest('hex').slice(0, 32);
}

export function bannerContent(verdict: Verdict, ref: string, gatewayName: string, key?: string): BannerContent {
  const gateway = cleanGatewayName(gatewayName);
  const sections = BANNER_LANGS.map((lang) => ({
    lang,
    title: t('banner.title', {}, lang),
    reasons: bannerReasons(verdict, lang),
    advice: t('banner.advice', {}, lang),
  }));
  return {
    key: key && /^[A-Za-z0-9_-]{8,64}$/.test(key) ? bannerToken(key, sections) : undefined,
    sections,
    footer: BANNER_LANGS.map((lang) => t('banner.footer', { ref: cleanText(ref, 40), gateway }, lang)).join(' / '),
  };
}

/**
 * The text banner, lines joined with `eol`, ending with a rule and an empty line before the
 * original text. No line ends with a space (format=flowed would join it with the next).
 */
export function renderTextBanner(content: BannerContent, eol: string, marker = TEXT_MARKER, extraRule = 0): string {
  const lines: string[] = [];
  content.sections.forEach((section, i) => {
    if (i > 0) lines.push('');
    lines.push(`${marker} ${section.title}`);
    for (const reason of section.reasons) lines.push(`  - ${reason}`);
    lines.push(section.advice);
  });
  lines.push(content.footer);
  lines.push(textRule(content.key) + '-'.repeat(extraRule));
  return lines.map((l) => l.trimEnd()).join(eol) + eol + eol;
}

/** The line under the text banner; base64 parts lengthen it by up to two dashes (see text-part.ts). */
export const TEXT_RULE = '-'.repeat(64);

/** The rule line, carrying the deployment's key when there is one ('-----… #key'). */
export function textRule(key?: string): string {
  return key ? `${'-'.repeat(Math.max(8, 62 - key.length))} #${key}` : TEXT_RULE;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);
}

/** Every non-ASCII character as a numeric reference: the banner is then the same bytes in any ASCII-compatible charset. */
export function asciiHtml(html: string): string {
  return html.replace(/[^\x00-\x7f]/gu, (c) => `&#${c.codePointAt(0)};`);
}

// Colours chosen for contrast on their own background whatever the page around them is
// (light or dark client): dark brown text on pale amber, every element with its own colour.
const BG = '#fff4ce';
const FG = '#3d2c00';
const ACCENT = '#a15c00';
const FONT = "font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.45;";

function p(text: string, extra = '', lang?: Lang): string {
  const langAttr = lang ? ` lang="${lang}"` : '';
  return `<p${langAttr} style="margin:0 0 6px 0;padding:0;color:${FG};background-color:${BG};${FONT}${extra}">${text}</p>`;
}

/**
 * The HTML banner: one table with inline styles only (no CSS blocks, images or scripts), explicit
 * background and text colours on every element so dark-mode clients cannot leave light text on
 * our light background, and a border. All text is escaped; the result is pure ASCII.
 */
export function renderHtmlBanner(content: BannerContent): string {
  const sections = content.sections.map((section, i) => {
    const parts: string[] = [];
    if (i > 0) {
      parts.push(
        `<div style="height:0;margin:8px 0;padding:0;border-top:1px solid ${ACCENT};font-size:0;line-height:0;background-color:${BG};"></div>`,
      );
    }
    parts.push(p(`<strong style="color:${FG};background-color:${BG};">${escapeHtml(section.title)}</strong>`, 'font-size:15px;', section.lang));
    for (const reason of section.reasons) {
      parts.push(p(`&#8226;&nbsp;${escapeHtml(reason)}`, 'padding-left:12px;', section.lang));
    }
    parts.push(p(escapeHtml(section.advice), '', section.lang));
    return parts.join('\n');
  });
  const html = [
    HTML_MARKER_COMMENT,
    `<table role="presentation" ${HTML_MARKER_ATTR}="${content.key ?? '1'}" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="${BG}" style="width:100%;border-collapse:separate;margin:0 0 16px 0;background-color:${BG};color:${FG};border:2px solid ${ACCENT};border-left:6px solid ${ACCENT};">`,
    `<tr><td bgcolor="${BG}" style="padding:10px 14px;background-color:${BG};color:${FG};${FONT}text-align:left;">`,
    ...sections,
    p(escapeHtml(content.footer), 'font-size:12px;margin:8px 0 0 0;'),
    '</td></tr></table>',
    HTML_MARKER_END,
    '',
  ].join('\n');
  return wrapLines(asciiHtml(html), 160);
}

/** Breaks lines longer than `max` at spaces (a line break is a space in HTML): mail lines must stay under 998 bytes. */
export function wrapLines(text: string, max: number): string {
  return text
    .split('\n')
    .map((line) => {
      const out: string[] = [];
      let rest = line;
      while (rest.length > max) {
        let cut = rest.lastIndexOf(' ', max);
        if (cut <= 0) cut = rest.indexOf(' ', max);
        if (cut <= 0) break;
        out.push(rest.slice(0, cut));
        rest = rest.slice(cut + 1);
      }
      out.push(rest);
      return out.join('\n');
    })
    .join('\n');
}
