/**
 * Archives the attachment walk (walk.ts) finds past the start of a file (hidden-archive.ts): a zip,
 * RAR or 7z after a stub or inside a self-extracting program, walked like any archive (walk-zip.ts,
 * walk-listed.ts) under a path segment that says where it was found.
 */
import type { TrueType } from '../../parse/types.js';
import type { Observation } from './checks.js';
import type { NameInfo } from './names.js';
import { findHiddenArchive, TRUE_TYPES as HIDDEN_TRUE_TYPES } from './hidden-archive.js';
import { walkListed } from './walk-listed.js';
import { walkZip } from './walk-zip.js';
import type { FileItem, Walk } from './walk-base.js';

/**
 * An archive found past the start of a file (hidden-archive.ts), walked like any archive under
 * "(self-extracting)" for a program (WinRAR, 7-Zip, zip SFX: the program is dangerous by type
 * already; this names what it unpacks and gives ClamAV each member) or "(behind a stub)" for any
 * other file, which is also reported: attachment.hidden-archive, tagged with the format, behind-stub
 * and what the stub looks like. A zip is read whole (its offsets may count from the file's start or
 * from the archive's), a RAR or 7z from its signature on; within the usual limits.
 */
export async function hiddenArchive(walk: Walk, item: FileItem, info: NameInfo, trueType: TrueType | undefined, role: 'self-extracting' | 'behind-stub', out: Observation[]): Promise<void> {
  const bytes = await item.bytes();
  const found = findHiddenArchive(bytes);
  if (!found) return;
  const type = HIDDEN_TRUE_TYPES[found.format];
  const label = role === 'self-extracting' ? SELF_EXTRACTING : BEHIND_STUB;
  if (role === 'behind-stub') {
    const stub = trueType ? `${trueType.ext} (${trueType.mime})` : 'unrecognised bytes';
    out.push({
      kind: 'attachment.hidden-archive',
      detail: `${found.format} archive behind ${found.start} bytes of ${stub}: archive programs open it, type checks do not see an archive`,
      tags: [found.format, 'behind-stub', trueType?.ext ?? 'unknown'],
    });
  }
  if (found.format === 'zip') return walkZip(walk, { ...item, path: [...item.path, label] }, info, type, out);
  const archive = bytes.subarray(found.start);
  const carved: FileItem = { ...item, path: [...item.path, label], size: archive.length, head: async (n) => archive.subarray(0, n), bytes: async () => archive, clamdInput: () => archive };
  delete carved.readAt;
  await walkListed(walk, carved, type, out);
}

/** The member path segments under which a hidden archive's entries are walked (hiddenArchive). */
const SELF_EXTRACTING = '(self-extracting)';
const BEHIND_STUB = '(behind a stub)';
