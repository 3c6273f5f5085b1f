/**
 * The archives the attachment walk (walk.ts) opens through 7-Zip (archive-listing.ts): rar, 7z,
 * cab, arj, ... and disk images (disk-images.ts), listed first, then the entries that fit the
 * limits extracted and walked as members; encrypted ones with the message's passwords
 * (archive-passwords.ts).
 */
import type { TrueType } from '../../parse/types.js';
import type { Observation } from './checks.js';
import { winrarSpoof } from './zip-layout.js';
import { encryptedObservation, SEVENZIP_MAX_TRIES, TryBudget } from './archive-passwords.js';
import { extractArchive, LISTABLE_ARCHIVES, LIST_MAX_BYTES, type ListedEntry, type SkipReason } from './archive-listing.js';
import { DISK_IMAGES, imageDamage } from './disk-images.js';
import { noteAppBundle, RATIO_MIN_BYTES, type FileItem, type Walk } from './walk-base.js';

/**
 * rar, 7z, cab, arj, ... (archive-listing.ts): listed, then the entries that fit the limits are
 * extracted and walked like zip members. They are picked from the listing before anything is
 * extracted (pickEntries: no encrypted entry, no link, within the ratio limit over the whole
 * archive, the byte budget left and EXTRACT_MAX_BYTES). Each extracted file is walked (the byte
 * budget checked again, as nested archives walked meanwhile spend it too; past it the walk stops,
 * as for tar), every other entry gets the name checks; encrypted entries are reported like
 * encrypted zip entries: with the message's passwords (archive-passwords.ts), hidden names or
 * encrypted entries that one opens are walked like the others ('opened'). The archive is
 * attachment.uninspectable only when something in it was not inspected: hidden names, encrypted
 * entries not opened, damage, a limit, entries not extracted (the tags say which).
 */
export async function walkListed(walk: Walk, item: FileItem, trueType: TrueType, out: Observation[]): Promise<void> {
  const { limits } = walk.deps;
  const what = `${trueType.ext} archive (${trueType.mime})`;
  const uninspectable = (detail: string, ...tags: string[]) =>
    out.push({ kind: 'attachment.uninspectable', detail: `${what}: ${detail}`, tags: [trueType.ext, ...tags] });
  if (!LISTABLE_ARCHIVES.has(trueType.ext) && !DISK_IMAGES.has(trueType.ext)) return void uninspectable('its contents cannot be inspected');
  if (item.size > LIST_MAX_BYTES) return void uninspectable(`over ${LIST_MAX_BYTES / (1024 * 1024)} MB, entry names not listed; its contents cannot be inspected`, 'too-big');
  if (!walk.canOpen(item, out)) return;
  const bytes = await item.bytes();
  const room = Math.max(0, limits.archiveMaxEntries - walk.entries) + 1;
  const ratioCap = Math.max(RATIO_MIN_BYTES - 1, bytes.length * limits.archiveMaxRatio);
  // (the last entry listed is the one past the entry limit, when there is one: the walk stops there)
  // (picked in the 7-Zip worker by pickEntries; again without the encrypted entries when no password opens them)
  const pick = { first: room - 1, ratioBytes: ratioCap, budget: walk.bytesLeft() };
  const passwords = walk.deps.passwords;
  const tries = passwords ? { candidates: () => passwords().list, budget: (walk.archiveTries ??= new TryBudget(SEVENZIP_MAX_TRIES, walk.budgets.archiveTries)) } : undefined;
  const { listing, extraction, unlock, overBudget, skipped = new Map<ListedEntry, SkipReason>() } = await extractArchive(bytes, room, pick, tries, walk.budgets.sevenZip);
  const encrypted = (state: Parameters<typeof encryptedObservation>[3]) => encryptedObservation(trueType.ext, passwords?.(), unlock, state);
  if (!listing.ok) {
    // 7-Zip hung or its worker died: fail closed, with why as the tag
    if (listing.reason === 'timeout' || listing.reason === 'worker-failed') return void uninspectable(`not inspected: ${listing.detail}`, listing.reason);
    if (listing.reason !== 'encrypted-headers') return void uninspectable(`cannot be listed: ${listing.detail}`, listing.reason);
    out.push(encrypted({ opened: false, headers: true }));
    return void uninspectable('entry names and contents encrypted; not inspected', 'encrypted-headers');
  }
  // a file and a folder of one name but for spaces, "x.pdf .cmd" (WinRAR CVE-2023-38831, zip-layout.ts)
  const spoof = winrarSpoof(listing.entries);
  if (spoof) out.push({ kind: 'attachment.ambiguous-archive', detail: `WinRAR CVE-2023-38831 layout: ${spoof}`, tags: [trueType.ext, 'winrar-spoof'] });
  if (DISK_IMAGES.has(trueType.ext)) {
    // a VHD's footer, a disk's unused space: no damage (disk-images.ts)
    const damage = imageDamage(listing.damage);
    if (damage) listing.damage = damage;
    else delete listing.damage;
  }
  // a macOS .app folder in a 7z, a rar, an ISO or a DMG (walk-base.ts)
  noteAppBundle(walk, item, listing.entries.map((e) => e.name));
  if (unlock?.opened && listing.entries.every((e) => !e.encrypted)) {
    // hidden names opened, no entry marked encrypted (each would say it): the archive says it
    out.push(encrypted({ opened: true, headers: true }));
  }
  const reasons = new Set<string>(listing.damage ? ['damaged'] : []);
  let files = 0;
  let checked = 0;
  let missing = 0;
  for (const entry of listing.entries) {
    const member = walk.nextEntry(item, entry.name);
    if (!member) break;
    if (entry.directory) continue;
    files += 1;
    const data = extraction?.files.get(entry);
    if (data && walk.bytesOut + data.length <= limits.archiveMaxTotalBytes) {
      if (entry.encrypted) walk.note(member, [encrypted({ opened: true })]);
      await walk.walkMember(item, entry.name, data);
      checked += 1;
      continue;
    }
    walk.nameOnly(member, entry.name);
    const why = data ? 'total-bytes' : extraction?.overCap === entry ? 'size' : skipped.get(entry);
    if (why === 'encrypted' || (entry.encrypted && why === undefined)) {
      // not opened: no password did, its key past the budget, past a limit, or 7-Zip stopped before it
      const because = overBudget?.has(entry) ? 'password tries used up before its key'
        : !unlock?.opened ? undefined
        : why === 'encrypted' ? 'past the size or ratio limits: not opened'
        : 'not extracted with the password that opened the others';
      walk.note(member, [encrypted({ opened: false, ...(because ? { why: because } : {}) })]);
      reasons.add('encrypted-entries');
    } else if (why === 'link') {
      walk.note(member, [{ kind: 'attachment.uninspectable', detail: 'symbolic link: not followed, not inspected', tags: [trueType.ext, 'symlink'] }]);
    } else if (why === 'ratio') {
      walk.note(member, [{
        kind: 'attachment.archive-limit',
        detail: `compression ratio over ${limits.archiveMaxRatio}:1 (the ${bytes.length}-byte archive unpacks past ${ratioCap} bytes with this ${entry.size}-byte entry); not extracted`,
        tags: ['ratio'],
      }]);
    } else if (why === 'total-bytes') {
      walk.stop(member, `archive holds more than ${limits.archiveMaxTotalBytes} bytes`, 'total-bytes');
      break;
    } else if (why === 'size') {
      walk.stop(member, `archive writes more than its entries declare (${entry.size} bytes)`, 'size');
      break;
    } else if (why === 'not-extracted') reasons.add('not-extracted');
    else missing += 1; // picked, but 7-Zip stopped before it, or wrote it under another name (below)
  }
  // files written under another name than listed (a second "a.txt" as "a_1.txt", "../a" as "a")
  for (const other of extraction?.others ?? []) {
    if (walk.stopped) break;
    if (walk.bytesOut + other.data.length > limits.archiveMaxTotalBytes) {
      walk.stop({ attachmentId: item.attachmentId, path: [...item.path, other.name] }, `archive holds more than ${limits.archiveMaxTotalBytes} bytes`, 'total-bytes');
      break;
    }
    await walk.walkMember(item, other.name, other.data);
    checked += 1;
  }
  if (missing > (extraction?.others.length ?? 0)) reasons.add('not-extracted');
  if (walk.stopped || [...skipped.values()].includes('ratio')) reasons.add('over-limits');
  if (reasons.size === 0) return;
  const failure = extraction?.failure ? `; extraction stopped: ${extraction.failure}` : '';
  const damage = listing.damage ? `; damaged: ${listing.damage}` : '';
  uninspectable(`${checked} of ${files} entries extracted and checked (${listing.format}), the others by name only${failure}${damage}`, ...reasons);
}
