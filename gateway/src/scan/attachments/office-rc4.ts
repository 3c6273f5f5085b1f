import { hash as digest, timingSafeEqual } from 'node:crypto';
import { rc4 } from './pdf-crypt.js';

/**
 * The two RC4 schemes of legacy (97–2003) Office files, [MS-OFFCRYPTO] 2.3.6 (RC4) and 2.3.5 (RC4
 * CryptoAPI), shared by Excel (xls-crypto.ts: in a FILEPASS record), Word (doc-crypto.ts: at the
 * start of the Table stream) and PowerPoint (ppt-crypto.ts: in a CryptSession10Container). Each
 * application stores the same EncryptionVersionInfo and header; they differ in where it is and in
 * which bytes the keystream covers (Excel rekeys every 1024 bytes, Word every 512, PowerPoint once
 * per persist object, keyed by its id).
 *
 *  - RC4 (version 1.1): MD5 of the password, cut to 5 bytes and mixed 16 times with the salt;
 *    key of block n = MD5(5 bytes of that ‖ n), 128 bits.
 *  - RC4 CryptoAPI (2.2, 3.2, 4.2): H0 = SHA-1(salt ‖ password); key of block n = SHA-1(H0 ‖ n)
 *    cut to KeySize (40 to 128 bits; a 40-bit key is padded to 128 bits with zeros).
 *
 * A password is checked with the header's verifier (2 or 3 hashes) before anything is decrypted.
 * Node's OpenSSL 3 has no 'rc4' cipher without the legacy provider, so RC4 is pdf-crypt.ts's.
 */

const VERIFIER_BYTES = 16;
const SALT_BYTES = 16;
const ALG_RC4 = 0x6801;
const ALG_SHA1 = 0x8004;

export type Rc4Scheme =
  | { type: 'rc4'; salt: Buffer; encryptedVerifier: Buffer; encryptedVerifierHash: Buffer }
  | { type: 'cryptoapi'; keyBits: number; salt: Buffer; encryptedVerifier: Buffer; encryptedVerifierHash: Buffer };

export interface LockError {
  error: string;
  /** A real scheme this reader does not do (XOR obfuscation), not damage. */
  unsupported?: boolean;
}

/** The RC4 key of each block (Excel, Word) or persist object (PowerPoint). */
export type BlockKeys = (block: number) => Buffer;

/**
 * An EncryptionVersionInfo (major, minor) and the header after it: RC4 (1.1) or RC4 CryptoAPI
 * (2.2, 3.2, 4.2), or why it cannot be used.
 */
export function parseRc4Header(data: Buffer): Rc4Scheme | LockError {
  if (data.length < 4) return { error: 'the encryption header is cut off before its version' };
  const major = data.readUInt16LE(0);
  const minor = data.readUInt16LE(2);
  if (major === 1 && minor === 1) return parseRc4(data.subarray(4));
  if (major >= 2 && major <= 4 && minor === 2) return parseCryptoApi(data.subarray(4));
  return { error: `unknown RC4 encryption version ${major}.${minor}` };
}

/** [MS-OFFCRYPTO] 2.3.6.1: Salt, EncryptedVerifier, EncryptedVerifierHash, 16 bytes each. */
function parseRc4(h: Buffer): Rc4Scheme | LockError {
  if (h.length < 48) return { error: 'the RC4 encryption header is cut off' };
  return { type: 'rc4', salt: h.subarray(0, 16), encryptedVerifier: h.subarray(16, 32), encryptedVerifierHash: h.subarray(32, 48) };
}

/**
 * [MS-OFFCRYPTO] 2.3.5.1: Flags, HeaderSize, an EncryptionHeader (Flags, SizeExtra, AlgID, AlgIDHash,
 * KeySize, ProviderType, 2 reserved, CSPName), then an EncryptionVerifier (SaltSize, Salt,
 * EncryptedVerifier, VerifierHashSize, EncryptedVerifierHash of 20 bytes for RC4).
 */
function parseCryptoApi(h: Buffer): Rc4Scheme | LockError {
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

/** For the report, after the application's name: 'RC4', 'RC4 CryptoAPI 128-bit'. */
export function rc4SchemeName(scheme: Rc4Scheme): string {
  return scheme.type === 'rc4' ? 'RC4' : `RC4 CryptoAPI ${scheme.keyBits}-bit`;
}

/** Hash computations one password try costs (for the caller's budget, encrypted-office.ts). */
export function rc4TryRounds(scheme: Rc4Scheme): number {
  return scheme.type === 'rc4' ? 3 : 2;
}

const le32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0, 0);
  return b;
};

function blockKeys(scheme: Rc4Scheme, password: string): BlockKeys {
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
 * Costs rc4TryRounds hashes and one RC4 key schedule.
 */
export function rc4PasswordKeys(scheme: Rc4Scheme, password: string): BlockKeys | undefined {
  const keys = blockKeys(scheme, password);
  const size = scheme.encryptedVerifierHash.length;
  // the verifier and its hash are one run of block 0's keystream
  const clear = rc4(keys(0), Buffer.concat([scheme.encryptedVerifier, scheme.encryptedVerifierHash]));
  const actual = digest(scheme.type === 'rc4' ? 'md5' : 'sha1', clear.subarray(0, VERIFIER_BYTES), 'buffer');
  return actual.length === size && timingSafeEqual(actual, clear.subarray(VERIFIER_BYTES)) ? keys : undefined;
}

/**
 * The RC4 keystream over a stream's offsets, rekeyed at each multiple of `blockSize` (Excel 1024,
 * Word 512): a byte at offset o is XORed with byte o % blockSize of block ⌊o / blockSize⌋'s
 * keystream, whether the bytes before it in its block are encrypted or not.
 */
export class BlockKeystream {
  private block = -1;
  private bytes: Buffer = Buffer.alloc(0);

  constructor(
    private readonly keys: BlockKeys,
    private readonly blockSize: number,
  ) {}

  xor(buf: Buffer, from: number, to: number): void {
    for (let o = from; o < to; o++) {
      const block = Math.floor(o / this.blockSize);
      if (block !== this.block) {
        this.block = block;
        this.bytes = rc4(this.keys(block), Buffer.alloc(this.blockSize));
      }
      buf[o]! ^= this.bytes[o % this.blockSize]!;
    }
  }
}
