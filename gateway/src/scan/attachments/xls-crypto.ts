import { BlockKeystream, parseRc4Header, rc4PasswordKeys, rc4SchemeName, rc4TryRounds, type BlockKeys, type LockError, type Rc4Scheme } from './office-rc4.js';
import { ror8, type XorScheme } from './office-xor.js';

export type { BlockKeys, LockError } from './office-rc4.js';

/**
 * Encrypted legacy Excel workbooks ([MS-XLS] 2.2.10 and 2.4.117 FilePass, [MS-OFFCRYPTO] 2.3.5 and
 * 2.3.6): "Encrypt with password" on an .xls puts a FILEPASS record after the BOF of the Workbook
 * stream; from there on every record's data is RC4-encrypted, its header (type, size) left clear.
 * The keystream runs over the stream by absolute offset, rekeyed every 1024 bytes (the key of block
 * n is a hash of the password hash and n), and is spent on the header bytes too. BOF, FILEPASS,
 * USREXCL, FILELOCK, INTERFACEHDR, RRDINFO and RRDHEAD stay clear, and so do the first 4 bytes
 * (lbPlyPos) of each BOUNDSHEET. The schemes (RC4, Excel 97–2003's default, and RC4 CryptoAPI) and
 * their keys are office-rc4.ts's, shared with Word and PowerPoint.
 *
 * XOR obfuscation (wEncryptionType 0, office-xor.ts) leaves the same records and bytes clear; the
 * other record bytes are XORed with the password's 16-byte XOR array, byte o of a record of `size`
 * data bytes with array byte (o + size) mod 16, then rotated ([MS-OFFCRYPTO] 2.3.7.3, Method 1).
 * Excel 95's 4-byte FILEPASS (BIFF5) is reported unsupported. Nothing here throws for bad input:
 * a broken FILEPASS is a `LockError`.
 */

const BOF = 0x0809;
const EOF = 0x000a;
const FILEPASS = 0x002f;
const BOUNDSHEET = 0x0085;
/** Records whose data stays clear after FILEPASS ([MS-XLS] 2.2.10). */
const CLEAR_RECORDS: ReadonlySet<number> = new Set([
  BOF, FILEPASS, 0x0194 /* USREXCL */, 0x0195 /* FILELOCK */, 0x00e1 /* INTERFACEHDR */, 0x0196 /* RRDINFO */, 0x0138 /* RRDHEAD */,
]);
/** What an XOR try costs against the hash-round budget: no hash, but each try still counts. */
const XOR_TRY_ROUNDS = 1;
/** Bytes per RC4 key: the cipher is rekeyed at each multiple of it in the stream. */
const BLOCK = 1024;
/** Records read looking for FILEPASS: it comes right after BOF (a WRITEPROTECT may come first). */
const FILEPASS_SEARCH_RECORDS = 16;
export type XlsScheme = Rc4Scheme | XorScheme;

/** A Workbook stream encrypted with RC4 or RC4 CryptoAPI, or XOR-obfuscated, and where its FILEPASS record starts. */
export interface LockedWorkbook {
  stream: Buffer;
  filePassAt: number;
  scheme: XlsScheme;
  /** For the report: 'Excel RC4', 'Excel RC4 CryptoAPI 128-bit', 'Excel XOR obfuscation'. */
  name: string;
  /** Hash computations one password try costs (for the caller's budget, encrypted-office.ts). */
  rounds: number;
}

/**
 * The encryption of a Workbook stream: its FILEPASS record among the first records of the globals,
 * read into a scheme, or why it cannot be used.
 */
export function workbookLock(stream: Buffer): LockedWorkbook | LockError {
  if (stream.length < 4 || stream.readUInt16LE(0) !== BOF) return { error: 'the workbook stream does not start with a BOF record' };
  let pos = 0;
  for (let records = 0; records < FILEPASS_SEARCH_RECORDS && pos + 4 <= stream.length; records++) {
    const type = stream.readUInt16LE(pos);
    const size = stream.readUInt16LE(pos + 2);
    if (type === EOF) break;
    if (type === FILEPASS) {
      if (pos + 4 + size > stream.length) return { error: 'the FILEPASS record runs past the end of the stream' };
      const scheme = parseFilePass(stream.subarray(pos + 4, pos + 4 + size));
      if ('error' in scheme) return scheme;
      if (scheme.type === 'xor') return { stream, filePassAt: pos, scheme, name: 'Excel XOR obfuscation', rounds: XOR_TRY_ROUNDS };
      return { stream, filePassAt: pos, scheme, name: `Excel ${rc4SchemeName(scheme)}`, rounds: rc4TryRounds(scheme) };
    }
    pos += 4 + size;
  }
  return { error: 'no FILEPASS record after the BOF record' };
}

/**
 * FILEPASS data: wEncryptionType, then for XOR obfuscation (0) the key and the verifier (2 bytes
 * each), for RC4 (1) an EncryptionVersionInfo and the scheme's header. Excel 95 (BIFF5) writes only
 * a 2-byte key and a 2-byte verifier: XOR obfuscation of a BIFF5 stream, not read here.
 */
function parseFilePass(data: Buffer): XlsScheme | LockError {
  if (data.length < 2) return { error: 'the FILEPASS record is empty' };
  if (data.length === 4) return { error: 'XOR obfuscation (Excel 95) is not supported', unsupported: true };
  const type = data.readUInt16LE(0);
  if (type === 0) {
    if (data.length < 6) return { error: 'the XOR obfuscation FILEPASS record is cut off' };
    return { type: 'xor', key: data.readUInt16LE(2), verifier: data.readUInt16LE(4) };
  }
  if (type !== 1) return { error: `unknown FILEPASS encryption type ${type}` };
  if (data.length < 6) return { error: 'the FILEPASS record is cut off before its version' };
  return parseRc4Header(data.subarray(2));
}

/**
 * The block keys when `password` is the right one for an RC4 workbook (the verifier's hash
 * matches), else undefined (XOR obfuscation: office-xor.ts xorPasswordArray). Costs `rounds`
 * hashes and one RC4 key schedule.
 */
export function workbookKey(locked: LockedWorkbook, password: string): BlockKeys | undefined {
  return locked.scheme.type === 'xor' ? undefined : rc4PasswordKeys(locked.scheme, password);
}

/**
 * The Workbook stream decrypted, record headers and clear records as they are. The FILEPASS record
 * is blanked (type 0, its data zeros: what msoffcrypto-tool writes), so the stream reads like a
 * clear one (xls.ts stops at a FILEPASS). A record running past the end is decrypted as far as it
 * goes. One pass, one hash and one key schedule per 1024 bytes.
 */
export function decryptWorkbook(locked: LockedWorkbook, keys: BlockKeys): Buffer {
  const stream = new BlockKeystream(keys, BLOCK);
  return eachEncryptedRun(locked, (out, from, to) => stream.xor(out, from, to));
}

/**
 * The Workbook stream of an XOR-obfuscated workbook deobfuscated with the password's XOR array
 * (office-xor.ts), as decryptWorkbook leaves an RC4 one: FILEPASS blanked, record headers and clear
 * records as they are, a record cut off deobfuscated as far as it goes. One pass, no hash.
 */
export function decryptWorkbookXor(locked: LockedWorkbook, array: Buffer): Buffer {
  return eachEncryptedRun(locked, (out, from, to, size) => {
    for (let o = from; o < to; o++) out[o] = ror8(out[o]! ^ array[(o + size) % 16]!, 5);
  });
}

/**
 * A copy of the stream with FILEPASS blanked (type 0, its data zeros: what msoffcrypto-tool writes,
 * so xls.ts, which stops at a FILEPASS, reads on), and `decrypt` called on the encrypted bytes of
 * each later record: its data, past lbPlyPos for a BOUNDSHEET, none for the clear records. `size`
 * is the record's data size as its header says (the record may be cut off before it).
 */
function eachEncryptedRun(locked: LockedWorkbook, decrypt: (out: Buffer, from: number, to: number, size: number) => void): Buffer {
  const out = Buffer.from(locked.stream);
  const at = locked.filePassAt;
  const filePassEnd = at + 4 + out.readUInt16LE(at + 2);
  out.writeUInt16LE(0, at);
  out.fill(0, at + 4, filePassEnd);
  for (let pos = filePassEnd; pos + 4 <= out.length; ) {
    const type = out.readUInt16LE(pos);
    const size = out.readUInt16LE(pos + 2);
    const start = pos + 4;
    const end = Math.min(out.length, start + size);
    if (!CLEAR_RECORDS.has(type)) decrypt(out, type === BOUNDSHEET ? Math.min(end, start + 4) : start, end, size);
    pos = end;
  }
  return out;
}
