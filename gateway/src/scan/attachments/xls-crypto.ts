import { hash as digest, timingSafeEqual } from 'node:crypto';
import { rc4 } from './pdf-crypt.js';

/**
 * Encrypted legacy Excel workbooks ([MS-XLS] 2.2.10 and 2.4.117 FilePass, [MS-OFFCRYPTO] 2.3.5 and
 * 2.3.6): "Encrypt with password" on an .xls puts a FILEPASS record after the BOF of the Workbook
 * stream; from there on every record's data is RC4-encrypted, its header (type, size) left clear.
 * The keystream runs over the stream by absolute offset, rekeyed every 1024 bytes (the key of block
 * n is a hash of the password hash and n), and is spent on the header bytes too. BOF, FILEPASS,
 * USREXCL, FILELOCK, INTERFACEHDR, RRDINFO and RRDHEAD stay clear, and so do the first 4 bytes
 * (lbPlyPos) of each BOUNDSHEET. Two schemes are read here:
 *
 *  - RC4 (EncryptionVersionInfo 1.1, Excel 97–2003's default): MD5 of the password, cut to 5 bytes
 *    and mixed 16 times with the salt; key of block n = MD5(5 bytes of that ‖ n), 128 bits.
 *  - RC4 CryptoAPI (2.2, 3.2, 4.2: Excel 2002 and later with a CryptoAPI provider): H0 = SHA-1(salt
 *    ‖ password); key of block n = SHA-1(H0 ‖ n) cut to KeySize (40 to 128 bits; a 40-bit key is
 *    padded to 128 bits with zeros).
 *
 * XOR obfuscation (wEncryptionType 0, Excel 95's) is reported unsupported. A password is checked
 * with the header's verifier (a few hashes) before anything is decrypted. Node's OpenSSL 3 has no
 * 'rc4' cipher without the legacy provider, so RC4 is ours (pdf-crypt.ts's rc4). Nothing here throws for
 * bad input: a broken FILEPASS is a `LockError`.
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
const VERIFIER_BYTES = 16;
const SALT_BYTES = 16;
const ALG_RC4 = 0x6801;
const ALG_SHA1 = 0x8004;

export type XlsScheme =
  | { type: 'rc4'; salt: Buffer; encryptedVerifier: Buffer; encryptedVerifierHash: Buffer }
  | { type: 'cryptoapi'; keyBits: number; salt: Buffer; encryptedVerifier: Buffer; encryptedVerifierHash: Buffer };

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

export interface LockError {
  error: string;
  /** A real scheme this reader does not do (XOR obfuscation), not damage. */
  unsupported?: boolean;
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
      return { stream, filePassAt: pos, scheme, name: schemeName(scheme), rounds: scheme.type === 'rc4' ? 3 : 2 };
    }
    pos += 4 + size;
  }
  return { error: 'no FILEPASS record after the BOF record' };
}

/** FILEPASS data: wEncryptionType, then for RC4 an EncryptionVersionInfo and the scheme's header. */
function parseFilePass(data: Buffer): XlsScheme | LockError {
  if (data.length < 2) return { error: 'the FILEPASS record is empty' };
  const type = data.readUInt16LE(0);
  if (type === 0) return { error: 'XOR obfuscation is not supported', unsupported: true };
  if (type !== 1) return { error: `unknown FILEPASS encryption type ${type}` };
  if (data.length < 6) return { error: 'the FILEPASS record is cut off before its version' };
  const major = data.readUInt16LE(2);
  const minor = data.readUInt16LE(4);
  if (major === 1 && minor === 1) return parseRc4(data.subarray(6));
  if (major >= 2 && major <= 4 && minor === 2) return parseCryptoApi(data.subarray(6));
  return { error: `unknown RC4 encryption version ${major}.${minor}` };
}

/** [MS-OFFCRYPTO] 2.3.6.1: Salt, EncryptedVerifier, EncryptedVerifierHash, 16 bytes each. */
function parseRc4(h: Buffer): XlsScheme | LockError {
  if (h.length < 48) return { error: 'the RC4 encryption header is cut off' };
  return { type: 'rc4', salt: h.subarray(0, 16), encryptedVerifier: h.subarray(16, 32), encryptedVerifierHash: h.subarray(32, 48) };
}

/**
 * [MS-OFFCRYPTO] 2.3.5.1: Flags, HeaderSize, an EncryptionHeader (Flags, SizeExtra, AlgID, AlgIDHash,
 * KeySize, ProviderType, 2 reserved, CSPName), then an EncryptionVerifier (SaltSize, Salt,
 * EncryptedVerifier, VerifierHashSize, EncryptedVerifierHash of 20 bytes for RC4).
 */
function parseCryptoApi(h: Buffer): XlsScheme | LockError {
  if (h.length < 8) return { error: 'the RC4 CryptoAPI header is cut off' };
  const headerSize = h.readUInt32LE(4);
  const verifierAt = 8 + headerSize;
  if (headerSize < 32 || verifierAt + 4 + SALT_BYTES + VERIFIER_BYTES + 4 + 20 > h.length) return { error: 'the RC4 CryptoAPI header is cut off' };
  const algId = h.readUInt32LE(8 + 8);
  const algHash = h.readUInt32LE(8 + 12);
  // KeySize 0 means 40 bits; else 40 to 128 bits by steps of 8 ([MS-OFFCRYPTO] 2.3.5.1)
  const keyBits = h.readUInt32LE(8 + 16) || 40;
  if (algId !== ALG_RC4 && algId !== 0) return { error: `RC4 CryptoAPI header naming algorithm 0x${algId.toString(16)}` };
  if (algHash !== ALG_SHA1 && algHash !== 0) return { error: `RC4 CryptoAPI header naming hash 0x${algHash.toString(16)}` };
  if (keyBits < 40 || keyBits > 128 || keyBits % 8 !== 0) return { error: `RC4 CryptoAPI key size ${keyBits} out of range` };
  const saltSize = h.readUInt32LE(verifierAt);
  if (saltSize !== SALT_BYTES) return { error: `RC4 CryptoAPI salt of ${saltSize} bytes (16 expected)` };
  const at = verifierAt + 4;
  const hashSize = h.readUInt32LE(at + 32);
  if (hashSize !== 20) return { error: `RC4 CryptoAPI verifier hash of ${hashSize} bytes (20 expected)` };
  return {
    type: 'cryptoapi',
    keyBits,
    salt: h.subarray(at, at + 16),
    encryptedVerifier: h.subarray(at + 16, at + 32),
    encryptedVerifierHash: h.subarray(at + 36, at + 56),
  };
}

function schemeName(scheme: XlsScheme): string {
  return scheme.type === 'rc4' ? 'Excel RC4' : `Excel RC4 CryptoAPI ${scheme.keyBits}-bit`;
}

/** The RC4 key of each 1024-byte block of the stream. */
export type BlockKeys = (block: number) => Buffer;

const le32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0, 0);
  return b;
};

function blockKeys(scheme: XlsScheme, password: string): BlockKeys {
  const pw = Buffer.from(password, 'utf16le');
  if (scheme.type === 'rc4') {
    // [MS-OFFCRYPTO] 2.3.6.2
    const h0 = digest('md5', pw, 'buffer').subarray(0, 5);
    const mixed = Buffer.concat(Array.from({ length: 16 }, () => Buffer.concat([h0, scheme.salt])));
    const h1 = digest('md5', mixed, 'buffer').subarray(0, 5);
    return (block) => digest('md5', Buffer.concat([h1, le32(block)]), 'buffer');
  }
  // [MS-OFFCRYPTO] 2.3.5.2
  const h0 = digest('sha1', Buffer.concat([scheme.salt, pw]), 'buffer');
  const keyBytes = scheme.keyBits / 8;
  return (block) => {
    const key = digest('sha1', Buffer.concat([h0, le32(block)]), 'buffer').subarray(0, keyBytes);
    return keyBytes === 5 ? Buffer.concat([key, Buffer.alloc(11)]) : key;
  };
}

/**
 * The block keys when `password` is the right one (the verifier's hash matches), else undefined.
 * Costs `rounds` hashes and one RC4 key schedule.
 */
export function workbookKey(locked: LockedWorkbook, password: string): BlockKeys | undefined {
  const s = locked.scheme;
  const keys = blockKeys(s, password);
  const size = s.encryptedVerifierHash.length;
  // the verifier and its hash are one run of block 0's keystream
  const clear = rc4(keys(0), Buffer.concat([s.encryptedVerifier, s.encryptedVerifierHash]));
  const actual = digest(s.type === 'rc4' ? 'md5' : 'sha1', clear.subarray(0, VERIFIER_BYTES), 'buffer');
  return actual.length === size && timingSafeEqual(actual, clear.subarray(VERIFIER_BYTES)) ? keys : undefined;
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
  const stream = new Keystream(keys);
  for (let pos = filePassEnd; pos + 4 <= out.length; ) {
    const type = out.readUInt16LE(pos);
    const start = pos + 4;
    const end = Math.min(out.length, start + out.readUInt16LE(pos + 2));
    if (!CLEAR_RECORDS.has(type)) stream.xor(out, type === BOUNDSHEET ? Math.min(end, start + 4) : start, end);
    pos = end;
  }
  return out;
}

/** The RC4 keystream over the stream's offsets, one key per 1024-byte block. */
class Keystream {
  private block = -1;
  private bytes: Buffer = Buffer.alloc(0);

  constructor(private readonly keys: BlockKeys) {}

  xor(buf: Buffer, from: number, to: number): void {
    for (let o = from; o < to; o++) {
      const block = Math.floor(o / BLOCK);
      if (block !== this.block) {
        this.block = block;
        this.bytes = rc4(this.keys(block), Buffer.alloc(BLOCK));
      }
      buf[o]! ^= this.bytes[o % BLOCK]!;
    }
  }
}
