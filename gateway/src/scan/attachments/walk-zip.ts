/**
 * The zip part of the attachment walk (walk.ts): the archive yauzl reads and its entries (our own
 * record reader, zip.ts), encrypted entries opened with the message's passwords (encrypted-zip.ts),
 * the other readings other programs may show (zip-layout.ts: glued archives, orphan local headers,
 * local header names), and what kind of zip it is (an Office or OpenDocument document, a Java
 * archive, a plain archive).
 */
import { promisify } from 'node:util';
import { inflateRaw } from 'node:zlib';
import { errorText } from '../../errors.js';
import type { TrueType } from '../../parse/types.js';
import type { Observation } from './checks.js';
import { classifyZip, documentMacros, MACRO_ENABLED_EXTENSIONS } from './macros.js';
import { isDangerousExtension, type NameInfo } from './names.js';
import { zipPackage } from './content-types.js';
import { DANGEROUS_TRUE_TYPES } from './true-type.js';
import { openZip, ZipReadLimit, type OpenedZip, type ZipEntryInfo } from './zip.js';
import { HIDDEN_ENTRY, layoutDetail, layoutTags, LOCAL_HEADER, readingLabel, winrarSpoof, zipLayout, type OrphanEntry, type ZipLayout } from './zip-layout.js';
import { EncryptedEntries } from './encrypted-zip.js';
import { walkOoxml } from './walk-office.js';
import { officePictures, ODF_PICTURES } from './walk-pictures.js';
import { RATIO_MIN_BYTES, type FileItem, type Walk, type Where } from './walk-base.js';

/**
 * A zip: the archive yauzl reads (its last central directory; one whose offsets count from after
 * a stub or another archive is read from where it starts), then what other readers may show
 * instead (zip-layout.ts): other archives glued into the file and entries no central directory
 * lists, each walked like a member under "(first archive)", "(hidden entry)", ...
 */
export async function walkZip(walk: Walk, item: FileItem, info: NameInfo, trueType: TrueType, out: Observation[]): Promise<void> {
  const bytes = await item.bytes(); // a read failure is not a corrupt zip: let it become scanner.error
  const layout = zipLayout(bytes);
  let zip: OpenedZip | undefined;
  try {
    zip = await openZip(bytes, zipRoom(walk));
  } catch (err) {
    const main = layout.main;
    if (main && main.start > 0) zip = await openZip(bytes.subarray(main.start, main.end), zipRoom(walk)).catch(() => undefined);
    if (!zip) out.push({ kind: 'attachment.uninspectable', detail: `corrupt zip: ${errorText(err)}`, tags: ['zip'] });
  }
  if (zip) {
    try {
      await zipContents(walk, item, info, trueType, zip, out);
    } finally {
      zip.close();
    }
  }
  await otherReadings(walk, item, bytes, layout, zip?.entries ?? [], out);
}

/**
 * Zip entries to list: one past what is left of the budget, enough to know the limit is crossed. A
 * document's parts are no members (they are not counted): list at least DOCUMENT_MAX_PARTS, or
 * with the entry budget spent a .docx is listed as its first part alone and its own checks
 * (macros, relationships, objects) see nothing; a plain archive still stops at the limit (members).
 */
function zipRoom(walk: Walk): number {
  return Math.max(Math.max(0, walk.deps.limits.archiveMaxEntries - walk.entries) + 1, DOCUMENT_MAX_PARTS);
}

/**
 * What a zip holds besides the archive read above (zip-layout.ts), reported as one
 * attachment.ambiguous-archive (with winrar-spoof when the names of any of them show the
 * CVE-2023-38831 layout) and walked: each other archive's entries under "(first archive)",
 * "(second archive)", ..., the entries of orphan local headers under "(hidden entry)" (inflated
 * here, within the same limits as any zip entry), and the local header's name of an entry named
 * otherwise in the central directory checked as a name under "(local header)".
 */
async function otherReadings(walk: Walk, item: FileItem, bytes: Buffer, layout: ZipLayout, mainEntries: readonly ZipEntryInfo[], out: Observation[]): Promise<void> {
  const tags = layoutTags(layout);
  const names: { name: string; directory: boolean }[] = [...mainEntries];
  const others = layout.readings.filter((r) => r !== layout.main);
  const open = tags.length > 0 && walk.canOpen(item, out);
  for (const reading of open ? others : []) {
    const parent: FileItem = { ...item, path: [...item.path, readingLabel(layout, reading)] };
    const zip = await openZip(bytes.subarray(reading.start, reading.end), zipRoom(walk)).catch((err: unknown) => {
      walk.note(parent, [{ kind: 'attachment.uninspectable', detail: `corrupt zip: ${errorText(err)}`, tags: ['zip'] }]);
      return undefined;
    });
    if (!zip) continue;
    try {
      names.push(...zip.entries);
      await zipMembers(walk, parent, zip);
    } finally {
      zip.close();
    }
  }
  if (open) await orphanEntries(walk, item, bytes, layout.orphans);
  for (const m of open ? layout.mismatches : []) walk.nameOnly({ attachmentId: item.attachmentId, path: [...item.path, LOCAL_HEADER, m.local] }, m.local);
  names.push(...layout.orphans.map((o) => ({ name: o.name, directory: /[\\/]$/.test(o.name) })));
  const spoof = winrarSpoof(names);
  if (spoof) tags.push('winrar-spoof');
  if (tags.length === 0) return;
  const detail = [layoutDetail(layout), spoof ? `WinRAR CVE-2023-38831 layout: ${spoof}` : ''].filter(Boolean).join('; ');
  out.push({ kind: 'attachment.ambiguous-archive', detail, tags: ['zip', ...tags] });
}

/** The entries of local headers no central directory lists, inflated (node:zlib) within the limits of any zip entry. */
async function orphanEntries(walk: Walk, item: FileItem, bytes: Buffer, orphans: readonly OrphanEntry[]): Promise<void> {
  const { limits } = walk.deps;
  const parent: FileItem = { ...item, path: [...item.path, HIDDEN_ENTRY] };
  for (const o of orphans) {
    const member = walk.nextEntry(parent, o.name);
    if (!member) return;
    if (/[\\/]$/.test(o.name)) continue;
    const stored = o.compressedSize === undefined ? bytes.subarray(o.dataStart) : bytes.subarray(o.dataStart, o.dataStart + o.compressedSize);
    if (o.encrypted || (o.method !== 0 && o.method !== 8) || (o.method === 0 && o.compressedSize === undefined)) {
      walk.nameOnly(member, o.name);
      continue;
    }
    const declared = o.uncompressedSize ?? 0;
    const ratio = o.compressedSize ? declared / o.compressedSize : Infinity;
    const limited = walk.unpackedLimit(member, o.name, declared, ratio, {
      ratio: 'bytes); not inflated',
      budget: `archive inflates past ${limits.archiveMaxTotalBytes} bytes`,
    });
    if (limited === 'skip') continue;
    if (limited === 'stop') return;
    const room = walk.bytesLeft();
    const ratioCap = Math.max(RATIO_MIN_BYTES - 1, stored.length * limits.archiveMaxRatio);
    const cap = o.uncompressedSize !== undefined ? o.uncompressedSize : Math.min(room, ratioCap);
    let data: Buffer;
    try {
      data = o.method === 0 ? stored : await inflateRawAsync(stored, { maxOutputLength: Math.max(1, cap) });
    } catch (err) {
      if ((err as { code?: string }).code !== 'ERR_BUFFER_TOO_LARGE') {
        walk.nameOnly(member, o.name);
        walk.note(member, [{ kind: 'attachment.uninspectable', detail: `hidden zip entry cannot be read: ${errorText(err)}`, tags: ['zip'] }]);
        continue;
      }
      if (o.uncompressedSize === undefined) return walk.pastCap(member, o.name, stored.length, ratioCap, room, 'inflate');
      walk.nameOnly(member, o.name);
      walk.stop(member, `entry inflates past its declared size ${o.uncompressedSize}`, 'size');
      return;
    }
    if (walk.bytesOut + data.length > limits.archiveMaxTotalBytes) {
      walk.nameOnly(member, o.name);
      walk.stop(member, `archive inflates past ${limits.archiveMaxTotalBytes} bytes`, 'total-bytes');
      return;
    }
    await walk.walkMember(parent, o.name, data);
  }
}

async function zipContents(walk: Walk, item: FileItem, info: NameInfo, trueType: TrueType, zip: OpenedZip, out: Observation[]): Promise<void> {
  const names = zip.entries.map((e) => e.name);
  // an app package (APK, MSIX/AppX, IPA, a zipped macOS .app): dangerous whatever the zip is named (content-types.ts)
  const app = zipPackage(names);
  if (app && !isDangerousExtension(info.ext) && !DANGEROUS_TRUE_TYPES.has(trueType.ext)) {
    out.push({ kind: 'attachment.dangerous-type', detail: app.detail, tags: [app.ext] });
  }
  if (app && app.ext !== 'app' && app.ext !== 'xapk') return;
  const kind = classifyZip(names);
  if (kind === 'ooxml' || kind === 'odf') {
    const macros = documentMacros(kind, names);
    const enabled = [info.ext, trueType.ext].find((e) => MACRO_ENABLED_EXTENSIONS.has(e));
    if (macros.length > 0 || enabled) {
      const detail = macros.length > 0 ? `${kind.toUpperCase()} document with ${macros.join(', ')} macros` : `macro-enabled document (.${enabled})`;
      out.push({ kind: 'attachment.macro', detail, tags: [...macros, ...(enabled ? [enabled] : []), kind] });
    }
    if (zip.entries.some((e) => e.encrypted)) {
      out.push({ kind: 'attachment.encrypted', detail: 'document parts are encrypted', tags: [kind] });
    }
    if (kind === 'ooxml') await walkOoxml(walk, item, zip, out);
    // an OpenDocument's pictures (Pictures/) are read for QR codes like an OOXML document's media
    if (kind === 'odf') await officePictures(walk, item, zip, ODF_PICTURES);
    // Document parts are not walked one by one: clamd gets (and unpacks) the whole document.
    return;
  }
  if (kind === 'java') {
    if (trueType.ext !== 'jar' && trueType.ext !== 'apk') {
      out.push({ kind: 'attachment.dangerous-type', detail: 'zip is a Java/Android archive', tags: ['jar'] });
    }
    return;
  }
  if (!walk.canOpen(item, out)) return;
  await zipMembers(walk, item, zip);
}

/** Walks a zip's entries (`entries`: some of them, as a document's embedded files) within the limits. */
export async function zipMembers(walk: Walk, parent: FileItem, zip: OpenedZip, entries: readonly ZipEntryInfo[] = zip.entries): Promise<void> {
  const { limits } = walk.deps;
  for (const entry of entries) {
    const member = walk.nextEntry(parent, entry.name);
    if (!member) return;
    if (entry.directory) continue;
    // Entries we do not inflate still have a name worth checking (an encrypted zip shows its names).
    const nameOnly = () => walk.nameOnly(member, entry.name);
    const ratio = entry.compressedSize > 0 ? entry.uncompressedSize / entry.compressedSize : Infinity;
    const overRatio = entry.uncompressedSize >= RATIO_MIN_BYTES && ratio > limits.archiveMaxRatio;
    if (entry.encrypted) {
      // with the message's passwords (encrypted-zip.ts), within the same limits as any entry
      const fits = !overRatio && walk.bytesOut + entry.uncompressedSize <= limits.archiveMaxTotalBytes;
      const data = fits ? await unlock(walk, member, zip, entry) : undefined;
      if (data) await walk.walkMember(parent, entry.name, data);
      else {
        nameOnly();
        if (!fits) walk.note(member, [{ kind: 'attachment.encrypted', detail: 'encrypted archive entry past the size or ratio limits: not opened', tags: ['zip'] }]);
      }
      continue;
    }
    const limited = walk.unpackedLimit(member, entry.name, entry.uncompressedSize, ratio, {
      ratio: 'bytes); not inflated',
      budget: `archive inflates past ${limits.archiveMaxTotalBytes} bytes`,
    });
    if (limited === 'skip') continue;
    if (limited === 'stop') return;
    let data: Buffer;
    try {
      data = await zip.read(entry, entry.uncompressedSize);
    } catch (err) {
      nameOnly();
      if (err instanceof ZipReadLimit) {
        walk.stop(member, `entry inflates past its declared size ${entry.uncompressedSize}`, 'size');
        return;
      }
      walk.note(member, [{ kind: 'attachment.uninspectable', detail: `archive entry cannot be read: ${errorText(err)}`, tags: ['zip'] }]);
      continue;
    }
    await walk.walkMember(parent, entry.name, data);
  }
}

/** Tries the message's passwords on an encrypted entry; notes attachment.encrypted either way. */
async function unlock(walk: Walk, member: Where, zip: OpenedZip, entry: ZipEntryInfo): Promise<Buffer | undefined> {
  const passwords = walk.deps.passwords;
  if (!passwords) {
    walk.note(member, [{ kind: 'attachment.encrypted', detail: 'encrypted archive entry: contents not inspectable', tags: ['zip'] }]);
    return undefined;
  }
  walk.encrypted ??= new EncryptedEntries(passwords, walk.budgets.zip);
  const result = await walk.encrypted.unlock(zip, entry);
  walk.note(member, [walk.encrypted.observation(result)]);
  return result.opened ? result.data : undefined;
}

const inflateRawAsync = promisify(inflateRaw);

/** Zip entries listed at least, whatever is left of the entry limit, so that a document is seen whole (zip). */
const DOCUMENT_MAX_PARTS = 10_000;
