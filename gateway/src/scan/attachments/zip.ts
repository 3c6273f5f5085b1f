import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

/**
 * A thin promise layer over yauzl: list the central directory (names and declared sizes, nothing
 * inflated), then inflate chosen entries with a hard byte cap. Limits are decided by the caller
 * (walk-zip.ts); this file only guarantees that nothing is inflated past the cap it is given.
 */

export interface ZipEntryInfo {
  /** Path inside the archive as stored (UTF-8 flag / Info-ZIP unicode field / CP437 honoured). */
  name: string;
  directory: boolean;
  encrypted: boolean;
  compressedSize: number;
  uncompressedSize: number;
  compressionMethod: number;
  /** yauzl's entry, for read(). */
  readonly raw: yauzl.Entry;
}

export interface OpenedZip {
  entries: ZipEntryInfo[];
  /** True when the archive has more entries than were listed (the caller's limit). */
  truncated: boolean;
  /**
   * Inflates one entry; rejects with ZipReadLimit past `maxBytes` (with `truncate`: resolves with
   * its first `maxBytes` bytes instead), with Error on corrupt data.
   */
  read(entry: ZipEntryInfo, maxBytes: number, opts?: { truncate?: boolean }): Promise<Buffer>;
  /** The entry's stored bytes as they are (still encrypted, still compressed): its compressed size at most. */
  readRaw(entry: ZipEntryInfo): Promise<Buffer>;
  close(): void;
}

export class ZipReadLimit extends Error {
  constructor(readonly bytes: number) {
    super(`entry inflates past ${bytes} bytes`);
    this.name = 'ZipReadLimit';
  }
}

/** Opens a zip held in memory; rejects when it is not a readable zip (the caller reports it). */
export function openZip(buffer: Buffer, maxEntries: number): Promise<OpenedZip> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(
      buffer,
      // decodeStrings: false — yauzl would otherwise refuse the whole archive for one absolute or
      // '../' path; we decode names ourselves and only look at them (nothing is written to disk).
      { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true, strictFileNames: false },
      (err, zip) => {
        if (err || !zip) return reject(err ?? new Error('cannot open zip'));
        const entries: ZipEntryInfo[] = [];
        let truncated = false;
        let done = false;
        const fail = (e: Error) => {
          if (done) return;
          done = true;
          zip.close();
          reject(e);
        };
        zip.on('error', fail);
        zip.on('entry', (entry: yauzl.Entry) => {
          if (done) return;
          if (entries.length >= maxEntries) {
            truncated = true;
            return finish();
          }
          const raw = entry.fileNameRaw ?? (entry.fileName as unknown as Buffer);
          const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false);
          entries.push({
            name,
            directory: /\/$/.test(name),
            encrypted: entry.isEncrypted(),
            compressedSize: entry.compressedSize,
            uncompressedSize: entry.uncompressedSize,
            compressionMethod: entry.compressionMethod,
            raw: entry,
          });
          zip.readEntry();
        });
        zip.on('end', () => finish());
        function finish(): void {
          if (done) return;
          done = true;
          resolve({
            entries,
            truncated,
            read: (e, max, opts) => readEntry(zip, e, max, opts?.truncate ?? false),
            readRaw: (e) => readEntry(zip, e, e.compressedSize, false, { decodeFileData: false }),
            close: () => zip.close(),
          });
        }
        zip.readEntry();
      },
    );
  });
}

function readEntry(zip: yauzl.ZipFile, entry: ZipEntryInfo, maxBytes: number, truncate: boolean, options?: yauzl.ZipFileOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const opened = (err: Error | null, stream?: Readable) => {
      if (err || !stream) return reject(err ?? new Error('cannot read entry'));
      const chunks: Buffer[] = [];
      let total = 0;
      let settled = false;
      stream.on('data', (chunk: Buffer) => {
        if (settled) return;
        if (total + chunk.length > maxBytes) {
          settled = true;
          stream.destroy();
          if (!truncate) return reject(new ZipReadLimit(maxBytes));
          chunks.push(chunk.subarray(0, maxBytes - total));
          return resolve(Buffer.concat(chunks, maxBytes));
        }
        total += chunk.length;
        chunks.push(chunk);
      });
      stream.on('error', (e: Error) => {
        if (settled) return;
        settled = true;
        reject(e);
      });
      stream.on('end', () => {
        if (settled) return;
        settled = true;
        resolve(Buffer.concat(chunks, total));
      });
    };
    try {
      if (options) zip.openReadStream(entry.raw, options, opened);
      else zip.openReadStream(entry.raw, opened);
    } catch (err) {
      // yauzl throws (rather than calls back) for options it finds invalid for this entry
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
