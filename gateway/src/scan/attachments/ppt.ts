import { inflateSync } from 'node:zlib';
import { readCompoundFile } from './cfb-guard.js';
import { CFB_MAGIC, containerObjects, MAX_OBJECTS, type EmbeddedObject } from './ole-objects.js';

/**
 * Legacy PowerPoint (.ppt, .pps, .pot): unlike Word and Excel, PowerPoint does not keep embedded OLE
 * objects as storages of the compound file. Each one is an ExOleObjStg record (type 0x1011) of the
 * "PowerPoint Document" stream, holding the object's own compound file — zlib-compressed when the
 * record's instance is 1, after a 32-bit decompressed size (MS-PPT 2.10.34). The VBA project of a
 * macro presentation is kept the same way. So the OLE checks (ole-objects.ts: Package, Equation
 * Editor, links) and the VBA check need this record walk to see anything in a .ppt.
 *
 * The walk is flat and bounded: record headers are read one after another (a container's header
 * is stepped into, an atom is stepped over), at most MAX_RECORDS of them; at most MAX_OBJECTS
 * storages, each inflated to at most STORAGE_MAX_BYTES and STORAGE_TOTAL_BYTES in all. A record
 * running past the end of the stream is read as far as it goes, then the walk stops.
 */

export const PPT_STREAM = 'PowerPoint Document';
const EX_OLE_OBJ_STG = 0x1011;
const MAX_RECORDS = 200_000;
const STORAGE_MAX_BYTES = 8 * 1024 * 1024;
const STORAGE_TOTAL_BYTES = 32 * 1024 * 1024;

export interface PptReport {
  /** ExOleObjStg records met. */
  storages: number;
  /** Equation, Package and link objects among them. */
  objects: EmbeddedObject[];
  /** One of them is a VBA project (a macro presentation). */
  vba: boolean;
  /** Storages that could not be inflated or read as compound files. */
  unreadable: number;
}

/** The embedded storages of a "PowerPoint Document" stream. Never throws. */
export function inspectPptStream(stream: Buffer): PptReport {
  const report: PptReport = { storages: 0, objects: [], vba: false, unreadable: 0 };
  let budget = STORAGE_TOTAL_BYTES;
  let pos = 0;
  let records = 0;
  while (pos + 8 <= stream.length && records < MAX_RECORDS) {
    records++;
    const verInstance = stream.readUInt16LE(pos);
    const type = stream.readUInt16LE(pos + 2);
    const len = stream.readUInt32LE(pos + 4);
    if ((verInstance & 0xf) === 0xf) {
      pos += 8; // a container: its children follow its header
      continue;
    }
    if (type === EX_OLE_OBJ_STG && report.storages < MAX_OBJECTS) {
      report.storages++;
      const body = stream.subarray(pos + 8, pos + 8 + len);
      const storage = storageBytes(body, verInstance >> 4, Math.min(STORAGE_MAX_BYTES, budget));
      if (storage) {
        budget -= storage.length;
        readStorage(storage, report);
      } else report.unreadable++;
    }
    pos += 8 + len;
  }
  return report;
}

/** The compound file an ExOleObjStg holds: inflated (instance 1) or as it is (instance 0). */
function storageBytes(body: Buffer, instance: number, max: number): Buffer | undefined {
  if (instance !== 1) return body.subarray(0, max);
  if (body.length < 6 || max <= 0) return undefined;
  // the declared size (first 4 bytes) is not trusted: the cap is ours
  try {
    return inflateSync(body.subarray(4), { maxOutputLength: max });
  } catch {
    return undefined; // past the cap, or not zlib data
  }
}

function readStorage(bytes: Buffer, report: PptReport): void {
  if (bytes.length < 512 || !bytes.subarray(0, 8).equals(CFB_MAGIC)) {
    report.unreadable++;
    return;
  }
  try {
    const container = readCompoundFile(bytes);
    if (container.FileIndex.some((e) => e.name === '_VBA_PROJECT' || e.name === '_VBA_PROJECT_CUR' || (e.name === 'VBA' && e.type === 1))) report.vba = true;
    for (const o of containerObjects(container)) if (report.objects.length < MAX_OBJECTS) report.objects.push(o);
  } catch {
    report.unreadable++;
  }
}
