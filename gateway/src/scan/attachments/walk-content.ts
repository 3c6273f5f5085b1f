/**
 * The part of the attachment walk (walk.ts) that tells a file's type from its content when magic
 * bytes cannot (content-types.ts): a configuration profile or App Installer file under any name,
 * an internet shortcut's target, the address of a link file (.url, .webloc, .desktop...: shortcuts.ts),
 * a certification authority's certificate.
 */
import type { TrueType } from '../../parse/types.js';
import type { Observation } from './checks.js';
import { certificateObservation, CERTIFICATE_EXTS, CERTIFICATE_MAX_BYTES, CONTENT_SNIFF_BYTES, contentType, mayHaveContentType, SHORTCUT_EXTS, shortcutTargetTags } from './content-types.js';
import type { NameInfo } from './names.js';
import { LINK_FILE_EXTS, LINK_FILE_MAX_BYTES, linkFileObservation, linkFileUrls, type LinkFile } from './shortcuts.js';
import { LNK_MAX_BYTES, readShellLink, shellLinkTarget } from './shell-links.js';
import type { FileItem } from './walk-base.js';

export interface ToldByContent {
  /** The type the content shows, when it is not what the magic bytes said. */
  type?: TrueType;
  /** Tags for the file's attachment.dangerous-type (an internet shortcut's or a shell link's target). */
  tags: string[];
  /** What a shell link (.lnk) runs, for the end of its attachment.dangerous-type's detail (shell-links.ts). */
  targetDetail?: string;
  /** Other findings about the file. */
  observations: Observation[];
  /** A link file's addresses, for the URL checks (shortcuts.ts). */
  links?: LinkFile;
}

/** What the content of a file tells beyond its magic bytes; `trueType` is the magic bytes' reading. */
export async function toldByContent(item: FileItem, info: NameInfo, trueType: TrueType | undefined, head: Buffer): Promise<ToldByContent> {
  const told: ToldByContent = { tags: [], observations: [] };
  const text = trueType === undefined || trueType.ext === 'xml';
  const read = () => (item.size <= CONTENT_SNIFF_BYTES ? item.bytes() : item.head(CONTENT_SNIFF_BYTES));
  if (text && mayHaveContentType(head)) {
    const type = contentType(await read());
    if (type) told.type = type;
  }
  if (text && SHORTCUT_EXTS.has(info.ext)) told.tags.push(...(shortcutTargetTags(await read()) ?? []));
  // a Windows shortcut (.lnk by its header, under any name): what it runs (shell-links.ts)
  if (trueType?.ext === 'lnk') {
    const link = readShellLink(await item.head(LNK_MAX_BYTES));
    const target = link && shellLinkTarget(link);
    if (target) {
      told.tags.push(...target.tags);
      told.targetDetail = target.detail;
    }
  }
  // a link file (a binary plist .webloc has no type of its own either): its addresses, and a shortcut to a web site
  if ((text || head.subarray(0, 8).toString('latin1') === 'bplist00') && LINK_FILE_EXTS.has(info.ext)) {
    const links = linkFileUrls(info.ext, await item.head(LINK_FILE_MAX_BYTES));
    if (links) {
      told.links = links;
      const o = linkFileObservation(links);
      if (o) told.observations.push(o);
    }
  }
  if (text && CERTIFICATE_EXTS.has(info.ext) && item.size <= CERTIFICATE_MAX_BYTES) {
    const cert = certificateObservation(info.ext, await item.bytes());
    if (cert) told.observations.push(cert);
  }
  return told;
}

/**
 * The type observations (checks.ts) with a shortcut's target tags on its attachment.dangerous-type,
 * and what it opens at the end of the detail (`detail`: a shell link's target and arguments).
 */
export function withTargetTags(observations: Observation[], tags: readonly string[], detail?: string): Observation[] {
  if (tags.length === 0 && !detail) return observations;
  const end = detail ?? `the shortcut opens ${tags.join(', ')}`;
  return observations.map((o) => (o.kind === 'attachment.dangerous-type' ? { ...o, detail: `${o.detail}; ${end}`, tags: [...(o.tags ?? []), ...tags] } : o));
}
