import type { Finding, ScannerName } from './types.js';

/**
 * 'attachment.not-read': pictures a reader had to leave unread because its time ran out, so that
 * a timeout is never read as "nothing there" (fail closed: the policy warns, rule pictures-not-read).
 * Readers: 'qr' (QR codes, qr/index.ts), 'ocr' (text in pictures, ocr/image-text.ts). `why`:
 * 'time' when the message's budget ran out, 'deadline' when the reader was stopped at its hard limit.
 */
export type PictureReader = 'qr' | 'ocr';

export function notReadFinding(
  scanner: ScannerName,
  reader: PictureReader,
  why: 'time' | 'deadline',
  unread: number,
  places: readonly string[] = [],
): Finding {
  const what = reader === 'qr' ? 'QR codes' : 'text in pictures';
  return {
    scanner,
    kind: 'attachment.not-read',
    detail: `${unread === 1 ? 'a picture' : `${unread} pictures`} not read for ${what}: ${why === 'deadline' ? 'the reader was stopped at its time limit' : "the message's time budget ran out"}`,
    subject: `${reader}: ${unread} unread`,
    tags: [reader, why, ...places],
  };
}
