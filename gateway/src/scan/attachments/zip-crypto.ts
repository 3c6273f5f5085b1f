import { createCipheriv, createHmac, pbkdf2Sync, timingSafeEqual } from 'node:crypto';

/**
 * The two password schemes of zip files, on node:crypto alone, to test passwords and decrypt entry
 * data held in memory (the raw, still compressed bytes of one entry):
 *
 * - traditional PKWARE encryption ("ZipCrypto", what `zip -P` writes): three 32-bit keys stirred
 *   by the password; a 12-byte header whose last byte must equal the CRC's high byte (or, when
 *   general-purpose bit 3 is set, the modification time's high byte) rejects 255 of 256 wrong
 *   passwords for the cost of a few dozen operations; the inflated data's CRC-32 decides.
 * - WinZip AES (method 99, extra field 0x9901; AE-1/AE-2, 128/192/256-bit keys): PBKDF2-HMAC-SHA1
 *   with 1000 rounds over the entry's salt gives the keys and a 2-byte password verifier; the data
 *   is AES in CTR mode with a little-endian counter starting at 1 (not node's big-endian CTR: the
 *   key stream is built here with AES-ECB on counter blocks); a 10-byte HMAC-SHA1 closes the data.
 *
 * Nothing here inflates: the caller does (with its own limits) and checks the CRC.
 */

// ---- ZipCrypto --------------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** The ZipCrypto header: 12 bytes before the data. */
export const ZIPCRYPTO_HEADER = 12;

class ZipCryptoKeys {
  private k0 = 0x12345678;
  private k1 = 0x23456789;
  private k2 = 0x34567890;

  constructor(password: Buffer) {
    for (const b of password) this.update(b);
  }

  private update(b: number): void {
    this.k0 = CRC_TABLE[(this.k0 ^ b) & 0xff]! ^ (this.k0 >>> 8);
    this.k1 = (Math.imul((this.k1 + (this.k0 & 0xff)) >>> 0, 134775813) + 1) >>> 0;
    this.k2 = CRC_TABLE[(this.k2 ^ (this.k1 >>> 24)) & 0xff]! ^ (this.k2 >>> 8);
  }

  /** Decrypts `data` in place from `start` to `end`. */
  decrypt(data: Buffer, start: number, end: number): void {
    for (let i = start; i < end; i++) {
      const t = (this.k2 | 2) & 0xffff;
      const plain = data[i]! ^ ((Math.imul(t, t ^ 1) >>> 8) & 0xff);
      data[i] = plain;
      this.update(plain);
    }
  }
}

/**
 * Whether `password` passes the header check of a ZipCrypto entry (a wrong password passes with
 * probability 1/256: only decrypting and checking the CRC proves it). `check` is the expected last
 * header byte: the CRC's high byte, or the DOS time's high byte when bit 3 (data descriptor) is set.
 */
export function zipCryptoHeaderMatches(raw: Buffer, password: Buffer, check: number): boolean {
  if (raw.length < ZIPCRYPTO_HEADER) return false;
  const header = Buffer.from(raw.subarray(0, ZIPCRYPTO_HEADER));
  new ZipCryptoKeys(password).decrypt(header, 0, ZIPCRYPTO_HEADER);
  return header[ZIPCRYPTO_HEADER - 1] === check;
}

/** The entry's data (still compressed) after the header; undefined when the header check fails. */
export function zipCryptoDecrypt(raw: Buffer, password: Buffer, check: number): Buffer | undefined {
  if (raw.length < ZIPCRYPTO_HEADER) return undefined;
  const out = Buffer.from(raw);
  const keys = new ZipCryptoKeys(password);
  keys.decrypt(out, 0, ZIPCRYPTO_HEADER);
  if (out[ZIPCRYPTO_HEADER - 1] !== check) return undefined;
  keys.decrypt(out, ZIPCRYPTO_HEADER, out.length);
  return out.subarray(ZIPCRYPTO_HEADER);
}

/** CRC-32 (zip, gzip) of `data`. */
export function crc32(data: Buffer): number {
  let c = -1;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

// ---- WinZip AES ---------------------------------------------------------------------------------

/** What the 0x9901 extra field says about an AES entry. */
export interface AesInfo {
  /** 1: AE-1 (the CRC is stored and checked), 2: AE-2 (CRC 0, the HMAC alone protects the data). */
  version: 1 | 2;
  /** Key length in bytes: 16, 24 or 32. */
  keyBytes: 16 | 24 | 32;
  /** The compression method of the data inside (0 stored, 8 deflate, ...). */
  method: number;
}

const STRENGTH: Record<number, 16 | 24 | 32> = { 1: 16, 2: 24, 3: 32 };
export const AES_MAC_BYTES = 10;
const AES_ROUNDS = 1000;
/** Counter blocks encrypted per AES-ECB call: bounds the memory of the key stream. */
const CTR_CHUNK_BLOCKS = 4096;

/** Reads the 0x9901 extra field; undefined when absent or malformed. */
export function aesInfo(extraFields: readonly { id: number; data: Buffer }[]): AesInfo | undefined {
  const field = extraFields.find((f) => f.id === 0x9901);
  if (!field || field.data.length < 7) return undefined;
  const version = field.data.readUInt16LE(0);
  const vendor = field.data.toString('latin1', 2, 4);
  const keyBytes = STRENGTH[field.data[4]!];
  if ((version !== 1 && version !== 2) || vendor !== 'AE' || !keyBytes) return undefined;
  return { version, keyBytes, method: field.data.readUInt16LE(5) };
}

export interface AesKeys {
  encKey: Buffer;
  macKey: Buffer;
  verifier: Buffer;
}

export function aesKeys(password: Buffer, salt: Buffer, keyBytes: number): AesKeys {
  const derived = pbkdf2Sync(password, salt, AES_ROUNDS, 2 * keyBytes + 2, 'sha1');
  return { encKey: derived.subarray(0, keyBytes), macKey: derived.subarray(keyBytes, 2 * keyBytes), verifier: derived.subarray(2 * keyBytes) };
}

/** Salt bytes for a key length: half the key. */
function saltBytes(keyBytes: number): number {
  return keyBytes / 2;
}

export type AesResult =
  | { ok: true; data: Buffer }
  /** The 2-byte verifier does not match: a wrong password (1 in 65536 wrong ones pass it). */
  | { ok: false; reason: 'wrong-password' }
  /** The verifier matched but the authentication code does not: a wrong password or altered data. */
  | { ok: false; reason: 'bad-mac' }
  | { ok: false; reason: 'truncated' };

/**
 * Tests `password` on an AES entry's raw bytes (salt, verifier, data, authentication code) and,
 * when it passes the verifier and the HMAC, returns the decrypted (still compressed) data.
 */
export function aesDecrypt(raw: Buffer, password: Buffer, info: AesInfo): AesResult {
  const salt = saltBytes(info.keyBytes);
  if (raw.length < salt + 2 + AES_MAC_BYTES) return { ok: false, reason: 'truncated' };
  const keys = aesKeys(password, raw.subarray(0, salt), info.keyBytes);
  if (!keys.verifier.equals(raw.subarray(salt, salt + 2))) return { ok: false, reason: 'wrong-password' };
  const cipher = raw.subarray(salt + 2, raw.length - AES_MAC_BYTES);
  const mac = createHmac('sha1', keys.macKey).update(cipher).digest().subarray(0, AES_MAC_BYTES);
  if (!timingSafeEqual(mac, raw.subarray(raw.length - AES_MAC_BYTES))) return { ok: false, reason: 'bad-mac' };
  return { ok: true, data: aesCtrLittleEndian(keys.encKey, cipher) };
}

/** AES-CTR as WinZip does it: 16-byte little-endian counter, first block 1. Also encrypts (tests). */
export function aesCtrLittleEndian(key: Buffer, input: Buffer): Buffer {
  const out = Buffer.allocUnsafe(input.length);
  const ecb = createCipheriv(`aes-${key.length * 8}-ecb`, key, null);
  ecb.setAutoPadding(false);
  const blocks = Math.ceil(input.length / 16);
  let counter = 1;
  for (let first = 0; first < blocks; first += CTR_CHUNK_BLOCKS) {
    const n = Math.min(CTR_CHUNK_BLOCKS, blocks - first);
    const counters = Buffer.alloc(n * 16);
    for (let i = 0; i < n; i++, counter++) {
      // entries past 2^32 blocks (64 GB) cannot reach here: sizes are capped far below
      counters.writeUInt32LE(counter >>> 0, i * 16);
    }
    const stream = ecb.update(counters);
    const start = first * 16;
    const end = Math.min(input.length, start + n * 16);
    for (let i = start; i < end; i++) out[i] = input[i]! ^ stream[i - start]!;
  }
  return out;
}
