import type { Attachment, TrueType } from '../../parse/types.js';
import type { Finding } from '../types.js';
import { STREAM_FORMATS } from './archive-listing.js';
import { nameObservations, otherNameObservations, typeObservations, type Observation } from './checks.js';
import type { DocumentLinks } from './document-links.js';
import { analyseName } from './names.js';
import type { PdfLureCandidate } from './pdf-lure.js';
import { looksLikeTar } from './tar.js';
import { withTargetTags } from './walk-content.js';
import type { FileItem } from './walk.js';

/**
 * One content, many copies: a message that attaches the same file forty times, a zip holding fifty
 * copies of one inner zip. Each distinct content is walked once (opened, unpacked, decrypted, sent
 * to ClamAV, read for QR codes); every other copy gets the first one's content findings under its
 * own name and path (and attachment id, so a strip rule removes every copy), and the checks that
 * belong to the copy itself — its name(s), its declared type against its true type — run for each.
 *
 * "The same content" is more than the same SHA-256: a few content checks also read the name or the
 * declared type (the extension opens a .docm as macro-enabled, a .csv or .html as text to read, a
 * gzip's or .bz2's member is named after the file), so those are part of the key (contentKey,
 * memberMayReuse). Attachments are keyed in the scanner (index.ts); members in the walk
 * (walk.ts walkMember), per attachment, where the archive budgets (entries, bytes) still count
 * every copy: a copy reused costs what its first walk cost, and one that would cross a limit is
 * walked for real, so a bomb of identical members still meets the limit (and says so).
 */

/**
 * Whether the walk names a member after the file (gzip, single streams; an LZMA-alone stream, which
 * has no magic, is known by its extension): then the whole name is part of the content walk.
 */
function namedContent(trueType: TrueType | undefined, ext: string): boolean {
  if (trueType === undefined) return ext === 'lzma' || ext === 'tlz';
  return trueType.ext === 'gz' || STREAM_FORMATS.has(trueType.ext);
}

/**
 * What makes two attachments one content for the walk: the bytes (SHA-256 and size), the name's
 * extension, the declared type, the disposition (inline pictures are read as body pictures), and
 * the whole name when the walk names a member after it. (The walk takes the parser's true type,
 * but a tar header wins over it: see AttachmentWalk.inspect.)
 */
export function contentKey(att: Attachment): string {
  const ext = analyseName(att.filename).ext;
  const trueType: TrueType | undefined = looksLikeTar(att.content.head) ? { ext: 'tar', mime: 'application/x-tar' } : att.trueType;
  return JSON.stringify([att.sha256, att.size, ext, att.contentType, att.disposition, namedContent(trueType, ext) ? att.filename : null]);
}

/** The attachments by content: each first copy with the later ones (attachment order), only for contents met twice or more. */
export function duplicateGroups(attachments: readonly Attachment[]): Map<Attachment, Attachment[]> {
  const first = new Map<string, Attachment>();
  const groups = new Map<Attachment, Attachment[]>();
  for (const att of attachments) {
    if (!att.sha256) continue; // (no hash, no sharing)
    const key = contentKey(att);
    const seen = first.get(key);
    if (!seen) first.set(key, att);
    else groups.set(seen, [...(groups.get(seen) ?? []), att]);
  }
  return groups;
}

/**
 * Whether a member may take the walk of an earlier one with the same bytes at the same depth (the
 * caller checks those): the same name's extension, and the same name when the member's type is
 * one the walk names things after (`trueType`: what the walk sniffs from the bytes).
 */
export function memberMayReuse(record: Pick<MemberRecord, 'name'>, name: string, trueType: TrueType | undefined): boolean {
  if (record.name === name) return true;
  const ext = analyseName(name).ext;
  return analyseName(record.name).ext === ext && !namedContent(trueType, ext);
}

/** The key of a member's walk: its bytes and depth (the depth limit is counted from it). */
export function memberKey(sha256: string, archiveDepth: number): string {
  return `${archiveDepth}:${sha256}`;
}

/**
 * What a member's walk gave, kept to give a copy met later (same attachment) the same findings;
 * with what the walk found it to be (TypedAs: its true type, a shortcut's target tags and detail).
 */
export interface MemberRecord extends TypedAs {
  name: string;
  /** The member's display path when walked. */
  path: string[];
  /** Findings about the member and everything in it (ClamAV's arrive until the walk's finish()). */
  findings: Finding[];
  /** Its own name and type findings (not replayed: each copy gets its own, ownObservations). */
  own: Set<Finding>;
  pdfLinks: DocumentLinks[];
  officeLinks: DocumentLinks[];
  pdfLures: PdfLureCandidate[];
  /** Archive entries and unpacked bytes its walk counted (its own bytes included). */
  entries: number;
  bytes: number;
}

/** What the walk found a file to be: its true type, and a shortcut's target tags and what it runs. */
export interface TypedAs {
  /** What the walk found its true type to be. */
  trueType: TrueType | undefined;
  /** A shortcut's target tags on its attachment.dangerous-type (walk-content.ts). */
  targetTags?: string[];
  /** A shell link's target and arguments, at the end of that finding's detail (walk-content.ts). */
  targetDetail?: string;
}

/**
 * The checks of a file's own name(s) and declared type against its true type — not of its content —
 * for a copy whose content was walked as another (as AttachmentWalk.inspect runs them).
 * `typed`: the true type the walk found, undefined when the walk failed before it knew it.
 */
export function ownObservations(item: Pick<FileItem, 'name' | 'otherNames' | 'declaredType'>, typed: TypedAs | undefined): Observation[] {
  const info = analyseName(item.name);
  const out = [...nameObservations(info)];
  for (const other of item.otherNames ?? []) out.push(...otherNameObservations(other));
  // (an internet shortcut's target tags too: a copy is judged like the first, walk-content.ts)
  if (typed) out.push(...withTargetTags(typeObservations(info, item.declaredType, typed.trueType), typed.targetTags ?? [], typed.targetDetail));
  return out;
}

/** A finding about a file or member (subject: its display path). */
export function observationFinding(where: Pick<FileItem, 'attachmentId' | 'path'>, o: Observation): Finding {
  const f: Finding = { scanner: 'attachments', kind: o.kind, detail: o.detail, subject: where.path.join(' → '), attachment: where.attachmentId };
  if (o.tags && o.tags.length > 0) f.tags = o.tags;
  if (o.list) f.list = o.list;
  if (o.urls && o.urls.length > 0) f.urls = o.urls;
  return f;
}

/** A display path moved from one copy to another: `from` is the first copy's path (a prefix of `path`). */
export function rebasePath(path: readonly string[], from: readonly string[], to: readonly string[]): string[] {
  return [...to, ...path.slice(from.length)];
}

/** A finding of the first copy, about the copy at `to` (attachment `attachmentId`). */
export function rebaseFinding(f: Finding, from: readonly string[], to: readonly string[], attachmentId: string): Finding {
  const out: Finding = { ...f, attachment: attachmentId };
  const prefix = from.join(' → ');
  if (f.subject === prefix || f.subject?.startsWith(`${prefix} → `)) out.subject = to.join(' → ') + f.subject.slice(prefix.length);
  if (f.tags) out.tags = [...f.tags];
  return out;
}

/** Links (or lure candidates) of the first copy, about the copy at `to`. */
export function rebaseWhere<T extends { attachmentId: string; path: string[] }>(x: T, from: readonly string[], to: readonly string[], attachmentId: string): T {
  return { ...x, attachmentId, path: rebasePath(x.path, from, to) };
}

/**
 * The QR findings named after a picture of a first copy (attachment `from`), again for each later
 * copy: the QR reader read the picture once, and a strip rule must remove every copy.
 */
export function qrCopies(findings: readonly Finding[], copies: ReadonlyMap<string, { from: string[]; copies: { id: string; path: string[] }[] }>): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    const group = f.attachment ? copies.get(f.attachment) : undefined;
    if (!group) continue;
    // the detail ends "(link in a QR code: an attached picture, a.png → …)": the path is the copy's
    const from = group.from.join(' → ');
    const at = f.detail.lastIndexOf(`, ${from}`);
    for (const copy of group.copies) {
      const detail = at < 0 ? f.detail : `${f.detail.slice(0, at)}, ${copy.path.join(' → ')}${f.detail.slice(at + 2 + from.length)}`;
      out.push({ ...f, detail, attachment: copy.id });
    }
  }
  return out;
}
