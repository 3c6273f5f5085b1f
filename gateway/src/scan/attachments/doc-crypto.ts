import { BlockKeystream, parseRc4Header, rc4SchemeName, rc4TryRounds, type BlockKeys, type LockError, type Rc4Scheme } from './office-rc4.js';
import type { XorScheme } from './office-xor.js';

/**
 * Encrypted Word 97–2003 documents ([MS-DOC] 2.2.6): "Encrypt with password" sets FibBase.fEncrypted
 * at the start of the WordDocument stream. With fObfuscated also set it is XOR obfuscation
 * ([MS-OFFCRYPTO] 2.3.7, Method 2): FibBase.lKey holds the key (high word) and the verifier (low
 * word) of the password (office-xor.ts), and the WordDocument stream past FibBase, the whole Table
 * and Data streams are XORed with the password's 16-byte XOR array by stream offset, a byte left as
 * it is when it is zero or equal to its array byte (Word 95's XOR differs: reported unsupported).
 * Else the EncryptionHeader of RC4 or RC4 CryptoAPI (office-rc4.ts) stands clear in the first
 * FibBase.lKey bytes of the Table stream (0Table or 1Table, as fWhichTblStm says), and
 * the rest of the Table stream, the WordDocument stream past its first 68 bytes (FibBase) and the
 * whole Data stream are encrypted in 512-byte blocks numbered from each stream's start — the
 * keystream is spent on the clear bytes too. Every other stream and storage (Macros/VBA,
 * ObjectPool, summary information) is left clear by Word.
 */

const WORD_IDENT = 0xa5ec;
const FIB_BASE_BYTES = 68;
const BLOCK = 512;
const F_ENCRYPTED = 0x0100;
const F_WHICH_TABLE = 0x0200;
const F_OBFUSCATED = 0x8000;
/** FibBase.nFib below this is Word 95 or older, whose FIB and XOR obfuscation differ (not read here). */
const NFIB_WORD97 = 0x00c0;
/** What an XOR try costs against the hash-round budget: no hash, but each try still counts. */
const XOR_TRY_ROUNDS = 1;
/** An EncryptionHeader longer than this is not Word's (a CryptoAPI header is about 200 bytes). */
const HEADER_MAX_BYTES = 4096;

export interface LockedWord {
  scheme: Rc4Scheme;
  /** The Table stream's name: '0Table' or '1Table'. */
  table: string;
  /** FibBase.lKey: the bytes of the Table stream holding the clear EncryptionHeader. */
  headerBytes: number;
  /** For the report: 'Word RC4', 'Word RC4 CryptoAPI 128-bit'. */
  name: string;
  /** Hash computations one password try costs. */
  rounds: number;
}

/** An XOR-obfuscated Word document: FibBase.lKey's key and verifier, and its Table stream's name. */
export interface ObfuscatedWord {
  scheme: XorScheme;
  table: string;
  /** For the report: 'Word XOR obfuscation'. */
  name: string;
  rounds: number;
}

/** The Table stream's name that a WordDocument stream's FibBase names. */
export function wordTableName(word: Buffer): string {
  return word.length >= 12 && word.readUInt16LE(10) & F_WHICH_TABLE ? '1Table' : '0Table';
}

/**
 * The encryption of a Word document from its WordDocument stream and root streams: undefined when
 * it is not encrypted (or not a Word 97+ FIB), a LockedWord for RC4 and RC4 CryptoAPI, an
 * ObfuscatedWord for XOR obfuscation, else why it cannot be opened (Word 95's XOR: unsupported).
 */
export function wordLock(word: Buffer, stream: (name: string) => Buffer | undefined): LockedWord | ObfuscatedWord | LockError | undefined {
  if (word.length < FIB_BASE_BYTES || word.readUInt16LE(0) !== WORD_IDENT) return undefined;
  const flags = word.readUInt16LE(10);
  if (!(flags & F_ENCRYPTED)) return undefined;
  const table = wordTableName(word);
  if (flags & F_OBFUSCATED) {
    if (word.readUInt16LE(2) < NFIB_WORD97) return { error: 'XOR obfuscation of a Word 95 document is not supported', unsupported: true };
    if (!stream(table)) return { error: `the ${table} stream is missing` };
    const lKey = word.readUInt32LE(14);
    return { scheme: { type: 'xor', key: lKey >>> 16, verifier: lKey & 0xffff }, table, name: 'Word XOR obfuscation', rounds: XOR_TRY_ROUNDS };
  }
  const tableStream = stream(table);
  if (!tableStream) return { error: `the ${table} stream holding the encryption header is missing` };
  const headerBytes = word.readUInt32LE(14);
  if (headerBytes < 4 || headerBytes > Math.min(HEADER_MAX_BYTES, tableStream.length)) return { error: `an encryption header of ${headerBytes} bytes in a ${tableStream.length}-byte ${table} stream` };
  const scheme = parseRc4Header(tableStream.subarray(0, headerBytes));
  if ('error' in scheme) return scheme;
  return { scheme, table, headerBytes, name: `Word ${rc4SchemeName(scheme)}`, rounds: rc4TryRounds(scheme) };
}

/**
 * The WordDocument, Table and Data streams decrypted, as Word reads them: the FibBase says the
 * document is no longer encrypted (fEncrypted, fObfuscated and lKey cleared, as msoffcrypto-tool
 * writes), the Table stream keeps its clear EncryptionHeader. One hash and one key schedule per
 * 512 bytes; streams cut off are decrypted as far as they go.
 */
export function decryptWord(lock: LockedWord, keys: BlockKeys, streams: { word: Buffer; table: Buffer; data?: Buffer }): Record<string, Buffer> {
  return eachStream(lock.table, lock.headerBytes, streams, (buf, from) => new BlockKeystream(keys, BLOCK).xor(buf, from, buf.length));
}

/**
 * The WordDocument, Table and Data streams of an XOR-obfuscated document deobfuscated with the
 * password's XOR array (office-xor.ts), as decryptWord leaves an RC4 one. One pass, no hash.
 */
export function deobfuscateWord(lock: ObfuscatedWord, array: Buffer, streams: { word: Buffer; table: Buffer; data?: Buffer }): Record<string, Buffer> {
  return eachStream(lock.table, 0, streams, (buf, from) => {
    for (let o = from; o < buf.length; o++) {
      const b = buf[o]!;
      const x = array[o % 16]!;
      // Method 2 leaves a zero byte, and a byte equal to its array byte, as they are
      if (b !== 0 && b !== x) buf[o] = b ^ x;
    }
  });
}

/**
 * Copies of the streams, `decrypt` run on each from where it is encrypted (the WordDocument stream
 * past FibBase, the Table stream past `tableFrom`, the whole Data stream), and the FibBase saying
 * the document is no longer encrypted.
 */
function eachStream(
  tableName: string,
  tableFrom: number,
  streams: { word: Buffer; table: Buffer; data?: Buffer },
  decrypt: (buf: Buffer, from: number) => void,
): Record<string, Buffer> {
  const word = Buffer.from(streams.word);
  decrypt(word, FIB_BASE_BYTES);
  word.writeUInt16LE(word.readUInt16LE(10) & ~(F_ENCRYPTED | F_OBFUSCATED), 10);
  word.writeUInt32LE(0, 14);
  const table = Buffer.from(streams.table);
  decrypt(table, tableFrom);
  const out: Record<string, Buffer> = { WordDocument: word, [tableName]: table };
  if (streams.data) {
    const data = Buffer.from(streams.data);
    decrypt(data, 0);
    out.Data = data;
  }
  return out;
}
