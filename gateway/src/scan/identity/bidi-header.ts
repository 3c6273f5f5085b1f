import { codePointLabels } from '../attachments/names.js';
import type { Finding } from '../types.js';

/**
 * Bidi controls in the Subject or the From name: a right-to-left override (U+202E) turns
 * "Remit_\u202Efdp.html" into "Remit_lmth.pdf" on screen, the file-name trick (attachment.rtlo) played in
 * the headers to make a link or a page pass for a PDF. Right-to-left text needs them now and then
 * (an Arabic or Hebrew subject wrapped in U+202B … U+202C), so a field whose letters are largely
 * Arabic or Hebrew (RTL_SHARE) is left alone; in Latin, Vietnamese or Chinese text they have no
 * use but to deceive.
 *
 * content.bidi-control: tags subject|from-name, the controls as 'U+202E' (at most one per message:
 * the subject first).
 */

/** Bidi embeddings, overrides and isolates (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI). The marks (LRM, RLM, ALM) only nudge neutral characters: not counted. */
const BIDI = /[\u202A-\u202E\u2066-\u2069]/g;
/** Letters of the right-to-left scripts: Hebrew, Arabic, Syriac, Thaana, NKo, and their presentation forms. */
const RTL_LETTER = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/gu;
const LETTER = /\p{L}/gu;
/** A field at least this share of whose letters are right-to-left is genuine right-to-left text. */
export const RTL_SHARE = 0.3;
/** Only the start of a field is read. */
const FIELD_CHARS = 1000;

/** The bidi controls of `text` as 'U+202E', when it is not right-to-left text; else []. */
export function deceivingBidi(text: string): string[] {
  const t = text.slice(0, FIELD_CHARS);
  const controls = t.match(BIDI);
  if (!controls) return [];
  const letters = t.match(LETTER)?.length ?? 0;
  const rtl = t.match(RTL_LETTER)?.length ?? 0;
  if (letters > 0 && rtl / letters >= RTL_SHARE) return [];
  return codePointLabels(controls);
}

/** content.bidi-control for a subject or From name holding bidi controls outside right-to-left text. */
export function bidiHeaderFinding(subject: string, fromName: string): Finding | undefined {
  for (const [where, text] of [['subject', subject], ['from-name', fromName]] as const) {
    const controls = deceivingBidi(text);
    if (controls.length === 0) continue;
    return {
      scanner: 'sender',
      kind: 'content.bidi-control',
      detail: `the ${where === 'subject' ? 'subject' : 'From name'} holds ${controls.join(', ')}, which reorders the text on screen (without them it reads "${text.replace(BIDI, '').slice(0, 100)}")`,
      subject: text.replace(BIDI, '').slice(0, 100),
      tags: [where, ...controls],
    };
  }
  return undefined;
}
