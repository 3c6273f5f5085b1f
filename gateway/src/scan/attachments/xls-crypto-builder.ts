import { createHash, randomBytes } from 'node:crypto';
import CFB from 'cfb';

/**
 * Encrypts a BIFF8 Workbook stream the way Excel does ([MS-XLS] 2.2.10, [MS-OFFCRYPTO] 2.3.5 RC4
 * CryptoAPI and 2.3.6 RC4), for tests only: Debian's msoffcrypto-tool decrypts .xls but cannot
 * encrypt. Written apart from xls-crypto.ts (no shared code, its own RC4), and the tests decrypt
 * what it makes with `msoffcrypto-tool -p`, so a mistake shared by builder and reader cannot pass
 * unseen. Nothing on the mail path imports this file.
 */

export type XlsEncryption = { scheme: 'cryptoapi'; keyBits?: number; version?: 2 | 3 | 4 } | { scheme: 'rc4' };

export interface EncryptedStream {
  /** The Workbook stream as Excel writes it: BOF, FILEPASS, then the records encrypted. */
  stream: Buffer;
  /** What a decryptor gives back: the clear records, FILEPASS blanked (type 0, zeros) as msoffcrypto-tool does. */
  clear: Buffer;
}

const BOF = 0x0809;
const BOUNDSHEET = 0x0085;
const CLEAR = new Set([0x0809, 0x002f, 0x0194, 0x0195, 0x00e1, 0x0196, 0x0138]);

function md(alg: 'md5' | 'sha1', ...parts: Buffer[]): Buffer {
  const h = createHash(alg);
  for (const p of parts) h.update(p);
  return h.digest();
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

/** A plain RC4 keystream generator (the textbook KSA and PRGA). */
export function keystream(key: Buffer, n: number): Buffer {
  const S = Array.from({ length: 256 }, (_, i) => i);
  let j = 0;
  for (let i = 0; i < 256; i++) {
    j = (j + S[i]! + key[i % key.length]!) % 256;
    const t = S[i]!;
    S[i] = S[j]!;
    S[j] = t;
  }
  const out = Buffer.alloc(n);
  let a = 0;
  let b = 0;
  for (let k = 0; k < n; k++) {
    a = (a + 1) % 256;
    b = (b + S[a]!) % 256;
    const t = S[a]!;
    S[a] = S[b]!;
    S[b] = t;
    out[k] = S[(S[a]! + S[b]!) % 256]!;
  }
  return out;
}

const xor = (a: Buffer, b: Buffer) => Buffer.from(a.map((x, i) => x ^ b[i]!));

/**
 * The EncryptionVersionInfo and header of RC4 or RC4 CryptoAPI for `password` (what Excel puts in
 * FILEPASS after wEncryptionType 1, Word at the start of the Table stream, PowerPoint in its
 * CryptSession10Container), and the RC4 key of each block (doc-crypto-builder.ts uses it too).
 */
export function rc4Encryption(password: string, opts: XlsEncryption): { info: Buffer; key: (block: number) => Buffer } {
  const salt = randomBytes(16);
  const verifier = randomBytes(16);
  const pw = Buffer.from(password, 'utf16le');
  if (opts.scheme === 'rc4') {
    const trunc = md('md5', pw).subarray(0, 5);
    const inter = md('md5', Buffer.concat(new Array<Buffer>(16).fill(Buffer.concat([trunc, salt])))).subarray(0, 5);
    const key = (block: number) => md('md5', inter, u32(block));
    const sealed = xor(Buffer.concat([verifier, md('md5', verifier)]), keystream(key(0), 32));
    return { info: Buffer.concat([Buffer.from([1, 0, 1, 0]), salt, sealed]), key };
  }
  const keyBits = opts.keyBits ?? 128;
  const h0 = md('sha1', salt, pw);
  const key = (block: number) => {
    const k = md('sha1', h0, u32(block)).subarray(0, keyBits / 8);
    return keyBits === 40 ? Buffer.concat([k, Buffer.alloc(11)]) : k;
  };
  const csp = Buffer.from('Microsoft Enhanced Cryptographic Provider v1.0\0', 'utf16le');
  // EncryptionHeader: Flags (fCryptoAPI), SizeExtra, AlgID RC4, AlgIDHash SHA-1, KeySize, ProviderType, 2 reserved, CSPName
  const header = Buffer.concat([u32(0x04), u32(0), u32(0x6801), u32(0x8004), u32(keyBits), u32(1), u32(0), u32(0), csp]);
  const sealed = xor(Buffer.concat([verifier, md('sha1', verifier)]), keystream(key(0), 36));
  const version = Buffer.from([opts.version ?? 2, 0, 2, 0]);
  const info = Buffer.concat([version, u32(0x04), u32(header.length), header, u32(16), salt, sealed.subarray(0, 16), u32(20), sealed.subarray(16)]);
  return { info, key };
}

/** FILEPASS data (wEncryptionType 1, then the header) and the key of each 1024-byte block for `password`. */
function scheme(password: string, opts: XlsEncryption): { filePass: Buffer; key: (block: number) => Buffer } {
  const { info, key } = rc4Encryption(password, opts);
  return { filePass: Buffer.concat([Buffer.from([1, 0]), info]), key };
}

/**
 * `clear` (a Workbook stream starting with its BOF, without FILEPASS) encrypted with `password`:
 * a FILEPASS record after the BOF, then every later record's data XORed with the keystream of its
 * 1024-byte block at its offset in the stream (the headers spend keystream but stay clear).
 */
export function encryptWorkbookStream(clear: Buffer, password: string, opts: XlsEncryption = { scheme: 'cryptoapi' }): EncryptedStream {
  if (clear.readUInt16LE(0) !== BOF) throw new Error('not a BIFF stream');
  const { filePass, key } = scheme(password, opts);
  const bofEnd = 4 + clear.readUInt16LE(2);
  const head = Buffer.alloc(4);
  head.writeUInt16LE(0x002f, 0);
  head.writeUInt16LE(filePass.length, 2);
  const stream = Buffer.concat([clear.subarray(0, bofEnd), head, filePass, clear.subarray(bofEnd)]);
  const blanked = Buffer.concat([clear.subarray(0, bofEnd), Buffer.from([0, 0]), head.subarray(2), Buffer.alloc(filePass.length), clear.subarray(bofEnd)]);
  // the mask: which bytes of the stream are encrypted
  const pad = Buffer.alloc(stream.length);
  let pos = bofEnd + 4 + filePass.length;
  while (pos + 4 <= stream.length) {
    const type = stream.readUInt16LE(pos);
    const size = stream.readUInt16LE(pos + 2);
    const from = type === BOUNDSHEET ? pos + 8 : pos + 4;
    if (!CLEAR.has(type)) pad.fill(1, from, Math.min(stream.length, pos + 4 + size));
    pos += 4 + size;
  }
  const out = Buffer.from(stream);
  for (let block = 0; block * 1024 < out.length; block++) {
    const ks = keystream(key(block), 1024);
    for (let i = 0; i < 1024 && block * 1024 + i < out.length; i++) {
      if (pad[block * 1024 + i]) out[block * 1024 + i]! ^= ks[i]!;
    }
  }
  return { stream: out, clear: blanked };
}

/** An .xls file: `workbook` as its Workbook stream, and any other streams (a VBA storage ...). */
export function xlsFile(workbook: Buffer, others: Record<string, Buffer> = {}): Buffer {
  const c = CFB.utils.cfb_new();
  CFB.utils.cfb_add(c, '/Workbook', workbook);
  for (const [name, data] of Object.entries(others)) CFB.utils.cfb_add(c, name, data);
  return Buffer.from(CFB.write(c, { type: 'buffer' }) as Uint8Array);
}
