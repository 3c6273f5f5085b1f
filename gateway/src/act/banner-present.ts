import iconv from 'iconv-lite';
import { isAsciiIncompatible, isKnownCharset, normalizeCharset } from './charset.js';
import { decodeTransfer } from './encoding.js';
import { hasHtmlBanner } from './html-part.js';
import { startsWithTextBanner, transferKind, type PartInfo } from './text-part.js';

/**
 * For a body part that bannerTextPart / bannerHtmlPart left unchanged: whether that is because our
 * banner (with this deployment's key) is already in it — the same checks they make first, on the
 * same decoded bytes. Otherwise they left it because they could not write into it (a charset that
 * cannot be read), and the part shows no warning.
 */
export function hasOurBanner(kind: 'plain' | 'html', body: Buffer, info: PartInfo, key: string | undefined): boolean {
  if (key === undefined) return false;
  const charset = normalizeCharset(info.charset);
  const decoded = decodeTransfer(body, transferKind(info.cte));
  if (kind === 'plain') return startsWithTextBanner(decoded, charset, key);
  if (!isAsciiIncompatible(charset)) return hasHtmlBanner(decoded.toString('latin1'), key);
  return isKnownCharset(charset) && hasHtmlBanner(iconv.decode(decoded, charset, { stripBOM: false }), key);
}
