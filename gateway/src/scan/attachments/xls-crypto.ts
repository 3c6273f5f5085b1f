import { BlockKeystream, parseRc4Header, rc4PasswordKeys, rc4SchemeName, rc4TryRounds, type BlockKeys, type LockError, type Rc4Scheme } from './office-rc4.js';

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
 * XOR obfuscation (wEncryptionType 0, and Excel 95's 4-byte FILEPASS) is reported unsupported.
 * Nothing here throws for bad input: a broken FILEPASS is a `LockError`.
 */

const BOF = 0x0809;
const EOF = 0x000a;
const FILEPASS = 0x002f;
const BOUNDSHEET = 0x0085;
/** Records whose data stays clear after FILEPASS ([MS-XLS] 2.2.10). */
const CLEAR_RECORDS: ReadonlySet<number> = new Set([
  BOF, FILEPASS, 0x0194 /* USREXCL */, 0x0195 /* FILELOCK */, 0x00e1 /* INTERFACEHDR */, 0x0196 /* RRDINFO */, 0x0138 /* RRDHEAD */,
]);
/** Bytes per RC4 key: the cipher is rekeyed at each multiple of it in the stream. */
const BLOCK = 1024;
/** Records read looking for FILEPASS: it comes right after BOF (a WRITEPROTECT may come first). */
const FILEPASS_SEARCH_RECORDS = 16;
export type XlsScheme = Rc4Scheme;

/** A Workbook stream encrypted with RC4 or RC4 CryptoAPI, and where its FILEPASS record starts. */
export interface LockedWorkbook {
  stream: Buffer;
  filePassAt: number;
  scheme: XlsScheme;
  /** For the report: 'RC4', 'RC4 CryptoAPI 128-bit'. */
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
      return { stream, filePassAt: pos, scheme, name: `Excel ${rc4SchemeName(scheme)}`, rounds: rc4TryRounds(scheme) };
    }
    pos += 4 + size;
  }
  return { error: 'no FILEPASS record after the BOF record' };
}

/**
 * FILEPASS data: wEncryptionType, then for RC4 an EncryptionVersionInfo and the scheme's header.
 * Excel 95 (BIFF5) writes only a 2-byte key and a 2-byte verifier: XOR obfuscation too.
 */
function parseFilePass(data: Buffer): XlsScheme | LockError {
  if (data.length < 2) return { error: 'the FILEPASS record is empty' };
  if (data.length === 4) return { error: 'XOR obfuscation (Excel 95) is not supported', unsupported: true };
  const type = data.readUInt16LE(0);
  if (type === 0) return { error: 'XOR obfuscation is not supported', unsupported: true };
  if (type !== 1) return { error: `unknown FILEPASS encryption type ${type}` };
  if (data.length < 6) return { error: 'the FILEPASS record is cut off before its version' };
  return parseRc4Header(data.subarray(2));
}

/**
 * The block keys when `password` is the right one (the verifier's hash matches), else undefined.
 * Costs `rounds` hashes and one RC4 key schedule.
 */
export function workbookKey(locked: LockedWorkbook, password: string): BlockKeys | undefined {
  return rc4PasswordKeys(locked.scheme, password);
}

/**
 * The Workbook stream decrypted, record headers and clear records as they are. The FILEPASS record
 * is blanked (type 0, its data zeros: what msoffcrypto-tool writes), so the stream reads like a
 * clear one (xls.ts stops at a FILEPASS). A record running past the end is decrypted as far as it
 * goes. One pass, one hash and one key schedule per 1024 bytes.
 */
export function decryptWorkbook(locked: LockedWorkbook, keys: BlockKeys): Buffer {
  const out = Buffer.from(locked.stream);
  const at = locked.filePassAt;
  const filePassEnd = at + 4 + out.readUInt16LE(at + 2);
  out.writeUInt16LE(0, at);
  out.fill(0, at + 4, filePassEnd);
  const stream = new BlockKeystream(keys, BLOCK);
  for (let pos = filePassEnd; pos + 4 <= out.length; ) {
    const type = out.readUInt16LE(pos);
    const start = pos + 4;
    const end = Math.min(out.length, start + out.readUInt16LE(pos + 2));
    if (!CLEAR_RECORDS.has(type)) stream.xor(out, type === BOUNDSHEET ? Math.min(end, start + 4) : start, end);
    pos = end;
  }
  return out;
}
