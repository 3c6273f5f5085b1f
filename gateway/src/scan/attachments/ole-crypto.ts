import CFB from 'cfb';
import { readCompoundFile } from './cfb-guard.js';
import type { CFB$Blob, CFB$Container } from 'cfb';
import { decryptWord, deobfuscateWord, wordLock } from './doc-crypto.js';
import type { BlockKeys, Rc4Scheme } from './office-rc4.js';
import type { XorScheme } from './office-xor.js';
import { decryptPresentation, presentationLock } from './ppt-crypto.js';
import { POWERPOINT_DEFAULT_PASSWORD } from './encrypted-office.js';

/**
 * Word and PowerPoint 97–2003 files encrypted with RC4 or RC4 CryptoAPI (doc-crypto.ts,
 * ppt-crypto.ts), or Word files XOR-obfuscated (doc-crypto.ts, office-xor.ts), as found in a compound file, and the compound file written again with the
 * decrypted streams: what Word or PowerPoint would open, for the OLE checks (macros.ts) and ClamAV.
 */

/** A legacy document encrypted with RC4 or RC4 CryptoAPI: what a password try needs (encrypted-office.ts). */
export interface Rc4Document {
  scheme: Rc4Scheme;
  /** For the report: 'Word RC4 CryptoAPI 128-bit'. */
  name: string;
  /** Hash computations one password try costs. */
  rounds: number;
  /** What it is, for the report: 'workbook', 'document', 'presentation'. */
  what: string;
  /** Bytes that decrypting it writes, checked against what the walk may still inspect. */
  bytes: number;
  /**
   * The password the application opens the file with without asking, tried first: Excel's
   * "VelvetSweatshop", PowerPoint's "/01Hannes Ruescher/01" (encrypted-office.ts); Word has none.
   */
  defaultPassword: string | undefined;
  /** The document decrypted (a whole compound file for Word and PowerPoint), or undefined when it cannot be written. */
  decrypt(keys: BlockKeys): Buffer | undefined;
}

/**
 * A legacy document XOR-obfuscated (office-xor.ts: an .xls workbook stream, a whole .doc): what a password try
 * needs. As an Rc4Document, but a right password gives the 16-byte XOR array, not block keys.
 */
export interface XorDocument extends Omit<Rc4Document, 'scheme' | 'decrypt'> {
  scheme: XorScheme;
  /** The document deobfuscated with the password's XOR array, or undefined when it cannot be written. */
  decrypt(array: Buffer): Buffer | undefined;
}

/** A legacy document locked with a password, RC4 or XOR obfuscation (encrypted-office.ts openRc4). */
export type LegacyDocument = Rc4Document | XorDocument;

/** An encrypted Word ('doc') or PowerPoint ('ppt') file: ready for passwords, or why not (Word 95's XOR obfuscation, damage). */
export type LegacyLock = { tag: 'doc' | 'ppt'; document: LegacyDocument } | { tag: 'doc' | 'ppt'; error: string };

/** The encryption of a Word or PowerPoint compound file (`file` is its bytes), or undefined when it has none. */
export function legacyLock(container: CFB$Container, file: Buffer): LegacyLock | undefined {
  const stream = rootStreams(container);
  const word = stream('WordDocument');
  if (word) {
    const lock = wordLock(word, stream);
    if (!lock) return undefined;
    if ('error' in lock) return { tag: 'doc', error: lock.error };
    const table = stream(lock.table)!;
    const data = stream('Data');
    const streams = { word, table, ...(data ? { data } : {}) };
    if (!('headerBytes' in lock)) {
      // XOR obfuscation: a right password gives the XOR array (office-xor.ts)
      const document: XorDocument = { ...lock, what: 'document', bytes: file.length, defaultPassword: undefined, decrypt: (array) => withStreams(file, deobfuscateWord(lock, array, streams)) };
      return { tag: 'doc', document };
    }
    return {
      tag: 'doc',
      document: {
        ...lock,
        what: 'document',
        bytes: file.length,
        defaultPassword: undefined,
        decrypt: (keys: BlockKeys) => withStreams(file, decryptWord(lock, keys, streams)),
      },
    };
  }
  const doc = stream('PowerPoint Document');
  if (!doc) return undefined;
  const currentUser = stream('Current User');
  const lock = presentationLock(currentUser, doc);
  if (!lock) {
    // a presentation whose Current User stream is gone or unreadable, with encrypted properties: still encrypted
    return stream('EncryptedSummary') ? { tag: 'ppt', error: 'the Current User stream does not say how it is encrypted' } : undefined;
  }
  if ('error' in lock) return { tag: 'ppt', error: lock.error };
  return {
    tag: 'ppt',
    document: {
      ...lock,
      what: 'presentation',
      bytes: file.length,
      defaultPassword: POWERPOINT_DEFAULT_PASSWORD,
      decrypt: (keys: BlockKeys) => withStreams(file, decryptPresentation(lock, keys, { currentUser: currentUser!, doc })),
    },
  };
}

/** The streams at the root of a compound file, by name (as Office reads them: case-insensitive). */
function rootStreams(container: CFB$Container): (name: string) => Buffer | undefined {
  const root = (container.FullPaths[0] ?? '').toLowerCase();
  return (name) => {
    const i = container.FullPaths.findIndex((p, j) => p.toLowerCase() === root + name.toLowerCase() && container.FileIndex[j]?.type === 2);
    const content = i >= 0 ? container.FileIndex[i]!.content : undefined;
    if (!content) return undefined;
    return Buffer.isBuffer(content) ? content : Buffer.from(content as ArrayLike<number>);
  };
}

/**
 * The compound file `bytes` with the root streams named in `streams` (case-insensitive) replaced.
 * Undefined when the container cannot be read or written, or a stream is not there.
 */
export function withStreams(bytes: Buffer, streams: Record<string, Buffer>): Buffer | undefined {
  try {
    const container = readCompoundFile(bytes);
    const root = (container.FullPaths[0] ?? '').toLowerCase();
    for (const [name, data] of Object.entries(streams)) {
      const at = container.FullPaths.findIndex((p, i) => p.toLowerCase() === root + name.toLowerCase() && container.FileIndex[i]?.type === 2);
      if (at < 0) return undefined;
      const entry = container.FileIndex[at]!;
      entry.content = data as unknown as CFB$Blob;
      entry.size = data.length;
    }
    return Buffer.from(CFB.write(container, { type: 'buffer' }) as Uint8Array);
  } catch {
    return undefined;
  }
}
