import { t } from '../i18n/index.js';
import type { Attachment } from '../parse/types.js';
import type { Verdict } from '../policy/types.js';
import { BANNER_LANGS, TEXT_MARKER } from './banner.js';
import { buildParam, encodeQp } from './encoding.js';
import { headerField, type HeaderBlock } from './headers.js';
import { attachmentReasons, cleanText } from './reasons.js';
import type { StripTarget } from './types.js';

/** Suffix of the text part that replaces a removed attachment. */
export const REMOVED_SUFFIX = '.lachan-removed.txt';

/** A file name safe to show and to reuse as a file name: no controls, bidi, path or reserved characters. */
export function cleanFileName(name: string): string {
  return cleanText(name, 100).replace(/[\\/:*?"<>|]/g, '_');
}

/** The name of the replacement part: '<original name>.lachan-removed.txt'. */
export function removedFileName(original: string): string {
  return `${cleanFileName(original) || 'attachment'}${REMOVED_SUFFIX}`;
}

/** The bilingual notice: which file, why, that the original is in quarantine and can be released, the reference. */
export function removalNotice(targets: StripTarget[], verdict: Verdict, ref: string, eol: string): string {
  const lines: string[] = [];
  BANNER_LANGS.forEach((lang, i) => {
    if (i > 0) lines.push('');
    lines.push(`${TEXT_MARKER} ${t('strip.notice.title', {}, lang)}`);
    for (const target of targets) {
      const filename = cleanFileName(target.filename) || t('strip.notice.unnamed', {}, lang);
      lines.push(t('strip.notice.file', { filename }, lang));
      lines.push(t('strip.notice.why', {}, lang));
      for (const reason of attachmentReasons(verdict, target.id, lang)) lines.push(`  - ${reason}`);
    }
    lines.push(t('strip.notice.quarantine', {}, lang));
    lines.push(t('strip.notice.reference', { ref: cleanText(ref, 40) }, lang));
  });
  return lines.join(eol) + eol;
}

function paramValue(value: string, params: string[], eol: string): string {
  return [value, ...params].join(`;${eol} `);
}

/**
 * The header fields of the replacement part: text/plain UTF-8, quoted-printable, an attachment
 * named '<original>.lachan-removed.txt' (RFC 2231 when the name is not ASCII).
 */
export function replacementFields(targets: StripTarget[], eol: string): ReturnType<typeof headerField>[] {
  const name = removedFileName(targets.find((x) => x.filename)?.filename ?? '');
  return [
    headerField('Content-Type', paramValue('text/plain', ['charset=utf-8', ...buildParam('name', name)], eol), eol),
    headerField('Content-Transfer-Encoding', 'quoted-printable', eol),
    headerField('Content-Disposition', paramValue('attachment', buildParam('filename', name), eol), eol),
  ];
}

/**
 * Turns the header block of the removed part into the replacement's: a MIME part gets a fresh
 * block; the top-level message (a message that is one attachment) keeps its other fields and
 * loses only its Content-* fields.
 */
export function replaceHeaders(block: HeaderBlock, targets: StripTarget[], isRoot: boolean): void {
  const fields = replacementFields(targets, block.eol);
  block.fields = isRoot ? [...block.fields.filter((f) => !f.name.startsWith('content-')), ...fields] : fields;
  block.tail = block.eol;
}

export function replacementBody(targets: StripTarget[], verdict: Verdict, ref: string, eol: string): Buffer {
  return Buffer.from(encodeQp(Buffer.from(removalNotice(targets, verdict, ref, eol), 'utf8'), eol), 'latin1');
}

/**
 * The attachments that cannot be removed alone: files carried inside another part (a calendar
 * invitation's inline ATTACH, Attachment.carriedBy). The policy engine holds a message whose strip
 * would need one (DecideOptions.unstrippable); stripTargets never names them.
 */
export function unstrippableIds(attachments: readonly Attachment[]): Set<string> {
  return new Set(attachments.filter((a) => a.carriedBy !== undefined).map((a) => a.id));
}

/** The strip targets for the attachments with these ids (in the parsed message's order). */
export function stripTargets(attachments: readonly Attachment[], ids: readonly string[]): StripTarget[] {
  return attachments
    .filter((a) => ids.includes(a.id) && a.carriedBy === undefined)
    .map((a) => {
      // the part at the exact path declares the name mailparser reported (the same splitter over the
      // same bytes, at every level), so the name is checked inside forwarded messages too
      const target: StripTarget = { id: a.id, partPath: a.partPath ?? '', filename: a.filename, partFilename: a.filename };
      if (a.nestedPath) {
        target.nestedPath = a.nestedPath;
        target.forwardedSha256 = forwardedDigests(attachments, a.partPath ?? '', a.nestedPath);
      }
      return target;
    });
}

/**
 * The SHA-256 of each forwarded message on the way down to a nested attachment (StripTarget.forwardedSha256):
 * the message/rfc822 (or message/global) attachment at partPath, then the one at each prefix of nestedPath.
 */
function forwardedDigests(attachments: readonly Attachment[], partPath: string, nestedPath: readonly string[]): string[] {
  const digests: string[] = [];
  for (let level = 0; level < nestedPath.length; level++) {
    const way = nestedPath.slice(0, level);
    const message = attachments.find(
      (a) =>
        (a.contentType === 'message/rfc822' || a.contentType === 'message/global') &&
        (a.partPath ?? '') === partPath &&
        (a.nestedPath ?? []).length === way.length &&
        way.every((p, i) => a.nestedPath![i] === p),
    );
    digests.push(message?.sha256 ?? '');
  }
  return digests;
}
