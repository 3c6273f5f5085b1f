import type { ParsedMessage } from '../../parse/types.js';
import { deobfuscate } from '../content/deobfuscate.js';
import { foldText } from '../content/fold.js';
import { lureFinding } from '../content/lure.js';
import { callbackScamFinding, callbackSender } from '../content/callback.js';
import { scamOfferFinding } from '../content/offer.js';
import { exactPhraseMatcher, exactText, phraseMatcher } from '../content/phrases.js';
import { guardedScanner } from '../guarded.js';
import { IMAGE_ONLY_MAX_LETTERS, visibleLetters } from '../html/image-only.js';
import type { Finding, ScanContext, Scanner } from '../types.js';
import { sentFromKnownDomain } from '../urls/lists.js';
import { messagePictures, readPictures, type MessagePicture, type PictureText } from './pictures.js';
import { ocrEngine, type OcrEngine } from './tesseract.js';
import { notReadFinding } from '../not-read.js';

/**
 * content.image-text: lure text shown only as a picture. Image spam draws its offer in a picture
 * ("Chúc mừng bạn đã trúng thưởng… liên hệ Zalo …") so that the text checks see an empty body. For
 * a message whose visible text is (nearly) empty — fewer letters than content.image-only's
 * threshold — and that shows one to IMAGE_TEXT_MAX_PICTURES pictures of its own (inline, data: or
 * attached; no other file beside them, as for content.image-only), the pictures are read by OCR
 * (pictures.ts, tesseract.ts) and the text read goes through the same checks as a body's: the
 * policy's phrase lists, the lure shape (content/lure.ts) and the scam offer (content/offer.ts); the
 * last two not for mail from the local or allowed domains, as in the content scanner.
 *
 * One finding per message, tagged with what matched: 'phrase' and the lists (phrases_scam, ...),
 * 'lure' and its topics (account, payment, ..., prize), 'scam-offer' and its tags (job, loan, ...,
 * messaging-app|phone); the detail quotes a short sample of the picture's text. A fake charge
 * notice asking to call a number to cancel (content/callback.ts) is reported beside it as its own
 * content.callback-scam, tagged 'in-picture'. OCR off or a failure: no finding (the message is
 * scanned as without OCR); pictures the message's time budget left unread: 'attachment.not-read'
 * (tags ocr, time), which the policy warns about.
 */

/** Pictures a message may show to be read here (more is a newsletter or an album, not one picture of text). */
export const IMAGE_TEXT_MAX_PICTURES = 4;
/** Characters of the picture's text quoted in the detail. */
const SAMPLE_CHARS = 120;
/** Phrases named in the detail at most. */
const MAX_PHRASES_NAMED = 5;

/** The pictures to read: the message shows (nearly) no words, only a few pictures of its own and no other file. */
export function imageTextPictures(message: ParsedMessage): MessagePicture[] {
  if (visibleLetters(message, IMAGE_ONLY_MAX_LETTERS) >= IMAGE_ONLY_MAX_LETTERS) return [];
  const otherFiles = message.attachments.some((a) => a.depth === 0 && !a.contentType.startsWith('image/'));
  if (otherFiles) return [];
  const pictures = messagePictures(message);
  return pictures.length <= IMAGE_TEXT_MAX_PICTURES ? pictures : [];
}

/** The text read in pictures, folded as the content scanner folds a body (deobfuscate, foldText). */
function pictureText(texts: readonly PictureText[]): string {
  return foldText(deobfuscate(texts.map((t) => t.text.replace(/\s+/g, ' ').trim()).join(' | ')).text);
}

/** The checks of the content scanner on the text read in pictures; undefined when none matches. */
export function imageTextFinding(texts: readonly PictureText[], ctx: Pick<ScanContext, 'policy'>, known: boolean): Finding | undefined {
  if (texts.length === 0) return undefined;
  const text = texts.map((t) => t.text.replace(/\s+/g, ' ').trim()).join(' | ');
  const clean = deobfuscate(text);
  const folded = foldText(clean.text);
  const tags: string[] = [];
  const said: string[] = [];
  const phrases = [...phraseMatcher(ctx.policy).findFolded(folded), ...exactPhraseMatcher(ctx.policy).findFolded(exactText(clean.text))];
  if (phrases.length > 0) {
    tags.push('phrase', ...new Set(phrases.map((p) => p.list)));
    said.push(`phrases ${[...new Set(phrases.map((p) => `"${p.phrase}"`))].slice(0, MAX_PHRASES_NAMED).join(', ')}`);
  }
  if (!known) {
    const lure = lureFinding(folded);
    if (lure) {
      tags.push('lure', ...(lure.tags ?? []));
      said.push(`a lure (${(lure.tags ?? []).join(', ')})`);
    }
    const offer = scamOfferFinding(folded);
    if (offer) {
      tags.push('scam-offer', ...(offer.tags ?? []));
      said.push(`a scam offer (${(offer.tags ?? []).join(', ')})`);
    }
  }
  if (tags.length === 0) return undefined;
  const sample = text.length > SAMPLE_CHARS ? `${text.slice(0, SAMPLE_CHARS)}…` : text;
  const where = texts.map((t) => t.picture.name).slice(0, 3).join(', ');
  return {
    scanner: 'content',
    kind: 'content.image-text',
    detail: `text shown only in a picture (${where}) holds ${said.join('; ')}: "${sample}"`,
    subject: sample.length > 80 ? `${sample.slice(0, 80)}…` : sample,
    tags: [...new Set(tags)],
  };
}

/** The OCR step for image-only messages; `engine` and `budgetMs` (replaces OCR_MESSAGE_BUDGET_MS) for tests. */
export async function scanImageText(message: ParsedMessage, ctx: ScanContext, engine: OcrEngine = ocrEngine(), budgetMs?: number): Promise<Finding[]> {
  const pictures = imageTextPictures(message);
  if (pictures.length === 0) return [];
  let texts: PictureText[];
  let late = 0;
  try {
    if (!(await engine.check()).ok) return [];
    const reading = await readPictures(engine, pictures, { ...(ctx.signal ? { signal: ctx.signal } : {}), ...(budgetMs === undefined ? {} : { budgetMs }) });
    ctx.log.debug({ evt: 'scan.ocr.image-text', pictures: pictures.length, read: reading.read, unread: reading.unread, late: reading.late, ms: reading.ms }, 'pictures read for text');
    texts = reading.texts;
    late = reading.late;
  } catch (err) {
    // OCR is an extra: the message is scanned as without it
    ctx.log.warn({ evt: 'scan.ocr.error', err }, 'pictures not read for text');
    return [];
  }
  const known = sentFromKnownDomain(message, ctx.policy);
  const finding = imageTextFinding(texts, ctx, known);
  // a fake charge notice drawn in a picture, "call … to cancel" (content/callback.ts)
  const callback = known || texts.length === 0 ? undefined : callbackScamFinding(pictureText(texts), callbackSender(message, ctx.policy), 'in-picture');
  // pictures the message's OCR budget (OCR_MESSAGE_BUDGET_MS) left unread: fail closed, the policy warns
  const notRead = late > 0 ? notReadFinding('content', 'ocr', 'time', late) : undefined;
  return [finding, callback, notRead].filter((f): f is Finding => f !== undefined);
}

export const imageTextScanner: Scanner = guardedScanner('content', 'image-text', (m, ctx) => scanImageText(m, ctx));
