/**
 * Containers the attachment walk (walk.ts) opens itself, besides zip: a gzip and the other single
 * compressed streams (bz2, xz, lzma, zst, Z, lz, lz4: one member each, cut off at a cap), tar
 * archives and TNEF (winmail.dat).
 */
import { errorText } from '../../errors.js';
import type { Observation } from './checks.js';
import { gunzipLimited, gzipMemberName } from './gzip.js';
import { tarEntries, type TarEntry } from './tar.js';
import { readTnef } from './tnef.js';
import { decompressStream, EXTRACT_MAX_BYTES, LIST_MAX_BYTES } from './archive-listing.js';
import { streamMemberName } from './single-stream.js';
import { noteAppBundle, RATIO_MIN_BYTES, type FileItem, type Walk } from './walk-base.js';

/**
 * A single compressed stream (bz2, xz, lzma, zst, Z, and lz, lz4: single-stream.ts), decompressed
 * by 7-Zip (lzip and LZ4 by Debian's tools, tool-streams.ts) like a gzip is inflated: one member, named after the attachment (`evil.exe.bz2` holds
 * `evil.exe`, `.txz` a `.tar`), cut off at the least of the byte budget left, the ratio limit and
 * EXTRACT_MAX_BYTES (7-Zip is stopped there and nothing of it is kept: a bomb costs the cap).
 */
export async function walkStream(walk: Walk, item: FileItem, format: string, out: Observation[]): Promise<void> {
  const { limits } = walk.deps;
  const uninspectable = (detail: string, ...tags: string[]) =>
    out.push({ kind: 'attachment.uninspectable', detail: `${format} stream: ${detail}`, tags: [format, ...tags] });
  if (item.size > LIST_MAX_BYTES) return void uninspectable(`over ${LIST_MAX_BYTES / (1024 * 1024)} MB, not decompressed; its contents cannot be inspected`, 'too-big');
  if (!walk.canOpen(item, out)) return;
  const bytes = await item.bytes();
  const name = streamMemberName(item.name, format);
  const member = walk.nextEntry(item, name);
  if (!member) return;
  const room = walk.bytesLeft();
  const ratioCap = Math.max(RATIO_MIN_BYTES - 1, bytes.length * limits.archiveMaxRatio);
  const cap = Math.min(room, ratioCap, EXTRACT_MAX_BYTES);
  const result = await decompressStream(bytes, format, cap, walk.budgets.sevenZip);
  if (result.notInspected) {
    walk.nameOnly(member, name);
    return void uninspectable(`not inspected: ${result.failure}`, result.notInspected);
  }
  if (result.overCap) {
    if (cap === ratioCap || cap === room) return walk.pastCap(member, name, bytes.length, ratioCap, room, 'decompress');
    walk.nameOnly(member, name);
    return void uninspectable(`decompresses past ${EXTRACT_MAX_BYTES} bytes (what one archive may put out); not inspected`, 'not-extracted');
  }
  if (result.failure) uninspectable(`corrupt or cut off: ${result.failure}`, 'damaged');
  // what a cut stream still gives is checked too (as for a gzip); with nothing out, the name is
  if (result.data && (!result.failure || result.data.length > 0)) await walk.walkMember(item, name, result.data);
  else walk.nameOnly(member, name);
}

/** A gzip file: its one member is the inflated content, cut off at the ratio and total-bytes limits. */
export async function walkGzip(walk: Walk, item: FileItem, out: Observation[]): Promise<void> {
  const { limits } = walk.deps;
  if (!walk.canOpen(item, out)) return;
  const bytes = await item.bytes();
  const name = gzipMemberName(bytes, item.name);
  const member = walk.nextEntry(item, name);
  if (!member) return;
  // Unlike a zip entry, a gzip does not say (truthfully) how big it inflates: inflate with a cap and
  // stop there. Small outputs are not held to the ratio (as RATIO_MIN_BYTES for zip entries).
  const room = walk.bytesLeft();
  const ratioCap = Math.max(RATIO_MIN_BYTES - 1, bytes.length * limits.archiveMaxRatio);
  const result = await gunzipLimited(bytes, Math.min(room, ratioCap));
  if (result.overLimit) return walk.pastCap(member, name, bytes.length, ratioCap, room, 'inflate');
  if (result.error) out.push({ kind: 'attachment.uninspectable', detail: `corrupt gzip: ${result.error}`, tags: ['gz'] });
  // What a truncated gzip still gives is checked too: a file complete before the cut is as dangerous.
  if (!result.error || result.data.length > 0) await walk.walkMember(item, name, result.data);
}

/**
 * A TNEF stream (winmail.dat, tnef.ts): Outlook's wrapper around a "rich text" message's
 * attachments. Each attachment is walked as a member, an embedded Outlook message as a TNEF of
 * its own (one archive level deeper, so nesting is bounded by the depth limit).
 */
export async function walkTnef(walk: Walk, item: FileItem, out: Observation[]): Promise<void> {
  const { limits } = walk.deps;
  if (!walk.canOpen(item, out)) return;
  const contents = readTnef(await item.bytes());
  for (const a of contents.attachments) {
    const member = walk.nextEntry(item, a.name);
    if (!member) return;
    if (walk.bytesOut + a.data.length > limits.archiveMaxTotalBytes) {
      walk.nameOnly(member, a.name);
      walk.stop(member, `archive holds more than ${limits.archiveMaxTotalBytes} bytes`, 'total-bytes');
      return;
    }
    await walk.walkMember(item, a.name, a.data);
  }
  // the attachments before the damage were walked; what follows it is unseen
  if (contents.damage) out.push({ kind: 'attachment.uninspectable', detail: `corrupt TNEF (winmail.dat): ${contents.damage}`, tags: ['tnef'] });
}

/** A tar: every file member is walked; links and devices are noted (by name), never followed. */
export async function walkTar(walk: Walk, item: FileItem, out: Observation[]): Promise<void> {
  if (!walk.canOpen(item, out)) return;
  const names: string[] = [];
  await tarMembers(walk, item, names, out);
  // a macOS .app folder among the entries read (walk-base.ts)
  noteAppBundle(walk, item, names);
}

/** The tar's entries walked in order (their names added to `names`), until its end, damage or a limit. */
async function tarMembers(walk: Walk, item: FileItem, names: string[], out: Observation[]): Promise<void> {
  const { limits } = walk.deps;
  const entries = tarEntries(await item.bytes());
  const files = new Set<string>();
  for (;;) {
    let next: IteratorResult<TarEntry>;
    try {
      next = entries.next();
    } catch (err) {
      // The entries before the damage were walked; the rest is unseen.
      out.push({ kind: 'attachment.uninspectable', detail: `corrupt tar: ${errorText(err)}`, tags: ['tar'] });
      return;
    }
    if (next.done) return;
    const entry = next.value;
    names.push(entry.name);
    const member = walk.nextEntry(item, entry.name);
    if (!member) return;
    if (entry.type === 'directory') continue;
    if (entry.type === 'file') {
      if (walk.bytesOut + entry.data.length > limits.archiveMaxTotalBytes) {
        walk.nameOnly(member, entry.name);
        walk.stop(member, `archive holds more than ${limits.archiveMaxTotalBytes} bytes`, 'total-bytes');
        return;
      }
      files.add(entry.name);
      await walk.walkMember(item, entry.name, entry.data);
      continue;
    }
    walk.nameOnly(member, entry.name);
    // A hard link to a file already walked here is that file again; anything else points elsewhere.
    if (entry.type === 'hardlink' && files.has(entry.linkName)) continue;
    const what = TAR_SPECIAL[entry.type] ?? `tar entry of type '${entry.typeflag}'`;
    const target = entry.type === 'symlink' || entry.type === 'hardlink' ? ` to "${entry.linkName}"` : '';
    walk.note(member, [{ kind: 'attachment.uninspectable', detail: `${what}${target}: not followed, not inspected`, tags: ['tar', entry.type] }]);
  }
}

const TAR_SPECIAL: Partial<Record<TarEntry['type'], string>> = {
  symlink: 'symbolic link',
  hardlink: 'hard link',
  device: 'device file',
  fifo: 'named pipe',
};
