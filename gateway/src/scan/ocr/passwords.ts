import type { Attachment, ParsedMessage } from '../../parse/types.js';
import { candidatesFromText, MAX_CANDIDATES, type PasswordCandidates } from '../attachments/passwords.js';
import type { Finding, ScanContext } from '../types.js';
import { messagePictures, readPictures } from './pictures.js';
import { ocrEngine, type OcrEngine } from './tesseract.js';

/**
 * Passwords given only in a picture: malware senders put the password of an encrypted zip, 7z, RAR,
 * Office file or PDF in an image ("Mật khẩu: 4821", "pass giải nén: x7Kq") so that no filter reads
 * it. When a file of the message stayed encrypted with every password of the text, the message's
 * own pictures (image attachments, inline and data: pictures: pictures.ts) are read by OCR, the
 * candidates found there by the same rules as in the text (attachments/passwords.ts
 * candidatesFromText), and the locked files walked again with them first. A file that opens is
 * walked as usual, and its attachment.encrypted finding says so: tags 'opened',
 * 'password-in-message', 'password-in-picture'. A file that still does not open when a picture
 * gives a password the way a text would ("Mật khẩu: …") is reported as one whose given password does
 * not open it ('not-opened', 'password-in-message', 'password-in-picture': held by
 * encrypted-archive-password-in-message, as when the text gives a wrong one); otherwise it keeps
 * the findings of its first walk, as when OCR is off.
 *
 * Costs: nothing runs unless a file stayed locked and the message has a picture; OCR within the
 * picture limits of pictures.ts; a file walked again (ClamAV included) only when a picture gave a
 * password not tried yet, with a fresh password budget (so at most twice the usual password work).
 */

/** Passwords taken from pictures at most (tried before the text's and the common ones). */
export const PICTURE_MAX_CANDIDATES = 12;

/** An encrypted item no password opened and that a password could open (not 'unsupported', not opened by a default password). */
export function stayedLocked(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.kind === 'attachment.encrypted' && !f.tags?.some((t) => t === 'opened' || t === 'unsupported' || t === 'default-password'));
}

/**
 * The passwords the message's pictures show that the text did not already give, merged with the
 * text's (`known`) into one list, picture ones first and marked (fromPicture); undefined when OCR is
 * off or no picture gives a new one.
 */
export async function picturePasswords(
  message: ParsedMessage,
  ctx: Pick<ScanContext, 'log' | 'signal'>,
  known: PasswordCandidates,
  engine: OcrEngine = ocrEngine(),
): Promise<PasswordCandidates | undefined> {
  const pictures = messagePictures(message);
  if (pictures.length === 0 || !(await engine.check()).ok) return undefined;
  const reading = await readPictures(engine, pictures, ctx.signal ? { signal: ctx.signal } : {});
  const found: string[] = [];
  let announced = false;
  for (const { text } of reading.texts) {
    const c = candidatesFromText(text);
    announced ||= c.announced;
    for (const p of c.fromMessage) if (!known.list.includes(p) && !found.includes(p)) found.push(p);
  }
  // then the same read with the letters OCR mixes up swapped (I/l/1, O/0): "Tl2024" is often read "TI2024"
  for (const p of [...found]) for (const v of ocrVariants(p)) if (!known.list.includes(v) && !found.includes(v)) found.push(v);
  ctx.log.debug({ evt: 'scan.ocr.passwords', pictures: pictures.length, read: reading.read, unread: reading.unread, found: found.length, ms: reading.ms }, 'pictures read for passwords');
  if (found.length === 0) return undefined;
  const fromPicture = found.slice(0, PICTURE_MAX_CANDIDATES);
  const list = [...new Set([...fromPicture, ...known.list])].slice(0, Math.max(MAX_CANDIDATES, fromPicture.length));
  return {
    list,
    fromMessage: new Set([...known.fromMessage, ...fromPicture]),
    announced: known.announced || announced,
    fromPicture: new Set(fromPicture),
  };
}

/** Look-alike characters OCR confuses, each swap applied to the whole word (at most one variant a swap). */
const CONFUSED: [RegExp, string][] = [
  [/I/g, 'l'],
  [/l/g, 'I'],
  [/[Il|]/g, '1'],
  [/1/g, 'l'],
  [/O/g, '0'],
  [/0/g, 'O'],
];

/** Other readings of a password read by OCR: each look-alike swap of CONFUSED that changes it. */
export function ocrVariants(password: string): string[] {
  const out: string[] = [];
  for (const [from, to] of CONFUSED) {
    const v = password.replace(from, to);
    if (v !== password && !out.includes(v)) out.push(v);
  }
  return out;
}

/** One attachment walked again with a picture's password (opened, or not opened by it): its index in message.attachments and its new walk. */
export interface Unlocked<W> {
  index: number;
  att: Attachment;
  walked: W;
}

/**
 * The attachments scanner's hook (attachments/index.ts), once every attachment was walked:
 * `perFile` holds each attachment's findings (message.attachments order). When one stayed locked,
 * the pictures' passwords (picturePasswords) are tried by walking it again (`walkAgain`); the
 * walks in which a picture's password opened something are returned, for the caller to put in
 * place of the first ones. `skip`: attachments not to walk again (copies of another one);
 * `found`: told the pictures' passwords before any walk again (the PDF text step tries them too:
 * pdf-text/archive-pdfs.ts). Never throws for OCR; a failure of `walkAgain` (ClamAV down) is the
 * caller's, as on the first walk.
 */
export async function unlockWithPicturePasswords<W extends { walk: { findings: Finding[] } }>(
  message: ParsedMessage,
  ctx: Pick<ScanContext, 'log' | 'signal'>,
  perFile: readonly Finding[][],
  known: () => PasswordCandidates,
  walkAgain: (att: Attachment, passwords: PasswordCandidates) => Promise<W>,
  opts: { skip?: (att: Attachment) => boolean; engine?: OcrEngine; found?: (passwords: PasswordCandidates) => void } = {},
): Promise<Unlocked<W>[]> {
  const locked = message.attachments.map((att, index) => ({ att, index })).filter(({ att, index }) => !opts.skip?.(att) && stayedLocked(perFile[index] ?? []));
  if (locked.length === 0) return [];
  let passwords: PasswordCandidates | undefined;
  try {
    passwords = await picturePasswords(message, ctx, known(), opts.engine);
  } catch (err) {
    ctx.log.warn({ evt: 'scan.ocr.error', err }, 'pictures not read for passwords');
  }
  if (!passwords) return [];
  opts.found?.(passwords);
  const out: Unlocked<W>[] = [];
  for (const { att, index } of locked) {
    const walked = await walkAgain(att, passwords);
    // opened with a picture's password, or newly reported as not opened by the password it gives
    if (walked.walk.findings.some((f) => f.kind === 'attachment.encrypted' && f.tags?.includes('password-in-picture'))) out.push({ index, att, walked });
  }
  return out;
}
