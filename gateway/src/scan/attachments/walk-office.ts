/**
 * The Office part of the attachment walk (walk.ts): OLE documents (.doc, .xls, .ppt; password-
 * encrypted ones opened with the message's passwords), RTF, OOXML documents (their relationships,
 * hyperlinks, pictures and embedded files), the files packaged in OLE Package objects, and OneNote
 * sections. What a document carries is walked like an archive member.
 */
import { sniffType, SNIFF_BYTES } from './true-type.js';
import type { Observation } from './checks.js';
import { inspectOle, isLockedOle, oleObservations, openLockedOle } from './macros.js';
import type { EmbeddedObject } from './ole-objects.js';
import { inspectRtf, rtfObservations, RTF_MAX_BYTES } from './rtf.js';
import { inspectOoxml, ooxmlObservations } from './ooxml.js';
import { ddeObservations, ooxmlDdeHits, rtfDdeHits } from './dde.js';
import { embeddedKind, oneNoteFileNames, oneNoteFiles, oneNoteObservations, type EmbeddedKind } from './onenote.js';
import { EncryptedDocuments } from './encrypted-office.js';
import { embeddedFileParts, isPlainPackage } from './ooxml-packages.js';
import type { OpenedZip } from './zip.js';
import { officePictures, OFFICE_MEDIA } from './walk-pictures.js';
import { DECRYPTED, memberItem, NO_PASSWORDS, type FileItem, type Walk } from './walk-base.js';

/** The opener of this attachment's password-encrypted Office documents (encrypted-office.ts), made on the first. */
function documentOpener(walk: Walk): EncryptedDocuments {
  return (walk.documents ??= new EncryptedDocuments(walk.deps.passwords ?? NO_PASSWORDS, walk.budgets.officeRounds));
}

/**
 * An OLE document (.doc, .xls, .ppt, ...: macros.ts). One holding a password-encrypted OOXML
 * package is opened with Excel's default password and the message's (encrypted-office.ts); the
 * document inside is walked as a member named "decrypted", within the archive limits. An .xls
 * encrypted with RC4 gets the same passwords, and so do a .doc (without VelvetSweatshop) or a .ppt
 * (PowerPoint's own default password instead, encrypted-office.ts);
 * they are read decrypted in place (macros.ts), ClamAV gets the decrypted copy, and the files
 * packaged in it are walked as members of that copy (packagedFiles).
 */
export async function walkOle(walk: Walk, item: FileItem, out: Observation[]): Promise<void> {
  const traits = inspectOle(await item.bytes());
  const sealed = traits.sealed;
  if (!sealed && isLockedOle(traits)) {
    // an RC4-encrypted .xls, .doc or .ppt: decrypted and read in place (macros.ts), not walked
    const { observations, decrypted, objects } = await openLockedOle(traits, await item.bytes(), documentOpener(walk), walk.bytesLeft());
    out.push(...observations);
    // not opened: the files its clear storages package (a .doc's ObjectPool, an .xls's MBD) as a clear file's
    if (!decrypted) return packagedFiles(walk, item, objects, out);
    // ClamAV gets the file decrypted too, as "file.xls → decrypted" (the checks above have read it)
    const clear = walk.canOpen(item, out) ? decrypted : undefined;
    if (clear && walk.nextEntry(item, DECRYPTED)) {
      walk.bytesOut += clear.length;
      const copy = memberItem(item, DECRYPTED, clear);
      await walk.queueClamd(copy);
      // and the files its Package objects carry are walked from the copy, one level deeper:
      // "file.doc → decrypted → ObjectPool/_1712345678 → invoice.exe" (the limits said on the copy)
      const inner: Observation[] = [];
      await packagedFiles(walk, copy, objects, inner);
      walk.note(copy, inner);
    }
    return;
  }
  const member = sealed && walk.canOpen(item, out) ? walk.nextEntry(item, DECRYPTED) : undefined;
  if (!sealed || !member) {
    out.push(...oleObservations(traits));
    return packagedFiles(walk, item, traits.objects, out);
  }
  out.push(...oleObservations({ ...traits, encrypted: false }));
  const documents = documentOpener(walk);
  const result = await documents.open(sealed, walk.bytesLeft());
  out.push(documents.observation(result));
  if (result.opened) await walk.walkMember(item, DECRYPTED, result.data);
}

/** An RTF document: its objects and DDE fields (rtf.ts, dde.ts), and the files its objects package. */
export async function walkRtf(walk: Walk, item: FileItem, out: Observation[]): Promise<void> {
  const bytes = item.size <= RTF_MAX_BYTES ? await item.bytes() : await item.head(RTF_MAX_BYTES);
  const rtf = inspectRtf(bytes);
  out.push(...rtfObservations(rtf));
  out.push(...ddeObservations(rtfDdeHits(bytes), 'rtf', 'RTF document'));
  await packagedFiles(walk, item, rtf.objects, out);
}

/**
 * The files packaged in a document's OLE Package objects (ole-objects.ts: a .doc's ObjectPool, an
 * .xls's MBD storages, a .ppt's ExOleObjStg records, OOXML embeddings/oleObject*.bin, RTF
 * \objdata), each walked like an archive member — name, true type, macros, archives, ClamAV — as
 * "report.docx → word/embeddings/oleObject1.bin → invoice.exe" (one level deeper than the
 * document, the parts between only named), within the depth, entry and byte limits, and the ratio
 * limit of the OOXML part it was inflated from.
 */
async function packagedFiles(walk: Walk, item: FileItem, objects: readonly EmbeddedObject[] | undefined, out: Observation[]): Promise<void> {
  const { limits } = walk.deps;
  const files = (objects ?? []).filter((o) => o.packaged);
  if (files.length === 0 || !walk.canOpen(item, out)) return;
  for (const o of files) {
    const file = o.packaged!;
    const name = o.fileName ?? 'packaged file';
    const parent: FileItem = file.via.length > 0 ? { ...item, path: [...item.path, ...file.via] } : item;
    const member = walk.nextEntry(parent, name);
    if (!member) return;
    const limited = walk.unpackedLimit(member, name, file.data.length, file.ratio ?? 0, {
      ratio: 'bytes packaged); not inspected',
      budget: `document holds more than ${limits.archiveMaxTotalBytes} bytes of packaged files`,
    });
    if (limited === 'skip') continue;
    if (limited === 'stop') return;
    await walk.walkMember(parent, name, file.data);
  }
}

/**
 * An OOXML document: remote templates and objects, exploit protocols in its relationships, its
 * embedded Equation/Package objects (ooxml.ts); its hyperlinks are kept for the URL checks.
 */
export async function walkOoxml(walk: Walk, item: FileItem, zip: OpenedZip, out: Observation[]): Promise<void> {
  const report = await inspectOoxml(zip);
  out.push(...ooxmlObservations(report));
  out.push(...ddeObservations(await ooxmlDdeHits(zip), 'ooxml', 'OOXML document'));
  if (report.hyperlinks.length > 0) walk.officeLinks.push({ attachmentId: item.attachmentId, path: item.path, uris: report.hyperlinks });
  await officePictures(walk, item, zip, OFFICE_MEDIA);
  await packagedFiles(walk, item, report.objects, out);
  await embeddedPackages(walk, item, zip, out);
}

/**
 * The whole files an OOXML document embeds beside its OLE objects (ooxml-packages.ts: a chart's
 * workbook, an embedded .xlsm, .docx, .pptx, any other file there, and a `.bin` part that is no
 * OLE object: a zip or a program renamed oleObject1.bin), each walked like an archive member —
 * "report.docx → word/embeddings/x.xlsm" — within the depth, entry, byte and ratio limits. A
 * chart's workbook adds nothing unless something in it is found; at the depth limit one named as
 * a plain document is left to ClamAV (it has the document whole) without a finding.
 */
async function embeddedPackages(walk: Walk, item: FileItem, zip: OpenedZip, out: Observation[]): Promise<void> {
  const parts = await embeddedFileParts(zip);
  if (parts.length === 0) return;
  if (item.archiveDepth + 1 > walk.deps.limits.archiveMaxDepth) {
    // (packagedFiles may have said so already for this document)
    const said = out.some((o) => o.kind === 'attachment.archive-limit' && o.tags?.includes('depth'));
    if (!said && !parts.every(isPlainPackage)) walk.canOpen(item, out);
    return;
  }
  await walk.members(item, zip, parts);
}

/**
 * A OneNote section: its embedded files are reported when one runs code or holds other files
 * (onenote.ts), and each is walked like an archive member (same entry, byte and depth limits).
 */
export async function walkOneNote(walk: Walk, item: FileItem, out: Observation[]): Promise<void> {
  const { limits } = walk.deps;
  const bytes = await item.bytes();
  const files = oneNoteFiles(bytes);
  if (files.length === 0) return;
  const kinds: EmbeddedKind[] = [];
  for (const data of files) kinds.push(embeddedKind(data, (await sniffType(data.subarray(0, SNIFF_BYTES)))?.ext));
  out.push(...oneNoteObservations(kinds, oneNoteFileNames(bytes)));
  if (!walk.canOpen(item, out)) return;
  for (let i = 0; i < files.length; i++) {
    const name = `embedded file ${i + 1}`;
    const member = walk.nextEntry(item, name);
    if (!member) return;
    if (walk.bytesOut + files[i]!.length > limits.archiveMaxTotalBytes) {
      walk.stop(member, `OneNote section holds more than ${limits.archiveMaxTotalBytes} bytes of files`, 'total-bytes');
      return;
    }
    await walk.walkMember(item, name, files[i]!);
  }
}
