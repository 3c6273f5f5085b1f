import { createDecipheriv, createHmac, hash as digest, timingSafeEqual } from 'node:crypto';
import { errorText } from '../../errors.js';

/**
 * Password-encrypted OOXML documents (ECMA-376 encryption, [MS-OFFCRYPTO] 2.3.4): a docx/xlsx
 * saved with "Encrypt with password" is an OLE file holding an `EncryptionInfo` stream (how the
 * key is made from the password) and an `EncryptedPackage` stream (the zip, encrypted; its first
 * 8 bytes are the zip's size). Two schemes are read here:
 *
 *  - Standard (version 3.2 / 4.2, Office 2007): AES-128/192/256 in ECB mode, key from SHA-1
 *    spun 50,000 times, checked against the header's verifier.
 *  - Agile (version 4.4, Office 2010 and later): an XML descriptor; the password key comes from
 *    `spinCount` rounds of SHA-1/256/384/512 and unlocks the real key (`encryptedKeyValue`); the
 *    package is AES-CBC in 4096-byte segments, each with its own IV.
 *
 * RC4 and RC4 CryptoAPI (legacy .doc/.xls/.ppt encryption) and the "extensible" scheme are
 * reported as unsupported. Nothing here throws for bad input: a broken header is a `SchemeError`.
 *
 * Cost: one password try is `spinCount` hash rounds. Measured in Node 20 on the build box with
 * crypto.hash (one-shot): 100,000 SHA-512 rounds (Agile, Office's default) take about 80 ms,
 * 50,000 SHA-1 rounds (Standard) about 31 ms (about 4 times that with the 2 cores busy). The caller budgets the rounds (encrypted-office.ts).
 */

/** The password Excel tries by itself before asking: a file encrypted with it opens without a prompt. */
export const DEFAULT_PASSWORD = 'VelvetSweatshop';
/** Bytes of EncryptionInfo read at most: the Agile XML is 1–2 KB; anything far past it is not Office's. */
export const ENCRYPTION_INFO_MAX_BYTES = 64 * 1024;
/** Standard encryption's fixed spin count ([MS-OFFCRYPTO] 2.3.4.7). */
const STANDARD_SPINS = 50_000;
/** Agile's spin count may go up to 10,000,000 by the spec; the caller's budget decides what is tried. */
const AGILE_MAX_SPINS = 10_000_000;
const SEGMENT = 4096;

type HashName = 'sha1' | 'sha256' | 'sha384' | 'sha512';
const HASHES: Record<string, { name: HashName; size: number }> = {
  SHA1: { name: 'sha1', size: 20 },
  'SHA-1': { name: 'sha1', size: 20 },
  SHA256: { name: 'sha256', size: 32 },
  SHA384: { name: 'sha384', size: 48 },
  SHA512: { name: 'sha512', size: 64 },
};

export interface StandardScheme {
  type: 'standard';
  version: string;
  keyBytes: number;
  salt: Buffer;
  encryptedVerifier: Buffer;
  encryptedVerifierHash: Buffer;
  spinCount: number;
}

interface AgileKey {
  salt: Buffer;
  blockSize: number;
  keyBytes: number;
  hash: HashName;
  hashSize: number;
}

export interface AgileScheme {
  type: 'agile';
  version: string;
  /** keyData: how the package itself is encrypted. */
  data: AgileKey;
  /** The password key encryptor (encryptedKey). */
  password: AgileKey & { spinCount: number; verifierInput: Buffer; verifierHash: Buffer; keyValue: Buffer };
  integrity?: { hmacKey: Buffer; hmacValue: Buffer };
  spinCount: number;
}

export type Scheme = StandardScheme | AgileScheme;

export interface SchemeError {
  error: string;
  /** A real scheme this reader does not do (RC4, extensible, certificate-only), not damage. */
  unsupported?: boolean;
  /** What it is, for the report ('RC4 CryptoAPI', 'extensible', ...). */
  name?: string;
}

/** The scheme an EncryptionInfo stream describes, or why it cannot be used. */
export function parseEncryptionInfo(info: Buffer): Scheme | SchemeError {
  if (info.length < 8) return { error: 'EncryptionInfo is shorter than its version header' };
  if (info.length > ENCRYPTION_INFO_MAX_BYTES) return { error: `EncryptionInfo is over ${ENCRYPTION_INFO_MAX_BYTES} bytes` };
  const major = info.readUInt16LE(0);
  const minor = info.readUInt16LE(2);
  const version = `${major}.${minor}`;
  if (major === 4 && minor === 4) return parseAgile(info, version);
  if ((major === 3 || major === 4) && minor === 3) return { error: 'extensible encryption is not supported', unsupported: true, name: 'extensible' };
  if (major >= 2 && major <= 4 && minor === 2) return parseStandard(info, version);
  if (major === 1 && minor === 1) return { error: 'RC4 encryption is not supported', unsupported: true, name: 'RC4' };
  return { error: `unknown EncryptionInfo version ${version}` };
}

const ALG_AES: Record<number, number> = { 0x660e: 16, 0x660f: 24, 0x6610: 32 };

function parseStandard(info: Buffer, version: string): StandardScheme | SchemeError {
  if (info.length < 12) return { error: 'Standard EncryptionInfo is cut off' };
  const headerSize = info.readUInt32LE(8);
  const headerEnd = 12 + headerSize;
  if (headerSize < 32 || headerEnd + 4 + 16 + 16 + 4 + 32 > info.length) return { error: 'Standard EncryptionInfo header is cut off' };
  const algId = info.readUInt32LE(12 + 8);
  const algHash = info.readUInt32LE(12 + 12);
  const keyBits = info.readUInt32LE(12 + 16);
  if (algId === 0x6801) return { error: 'RC4 CryptoAPI encryption is not supported', unsupported: true, name: 'RC4 CryptoAPI' };
  const keyBytes = ALG_AES[algId];
  if (!keyBytes) return { error: `Standard encryption with unknown algorithm 0x${algId.toString(16)}` };
  if (keyBits !== keyBytes * 8) return { error: `Standard encryption key size ${keyBits} does not match AES-${keyBytes * 8}` };
  if (algHash !== 0x8004 && algHash !== 0) return { error: `Standard encryption with unknown hash 0x${algHash.toString(16)}` };
  let at = headerEnd;
  const saltSize = info.readUInt32LE(at);
  if (saltSize !== 16) return { error: `Standard encryption salt of ${saltSize} bytes (16 expected)` };
  at += 4;
  const salt = info.subarray(at, at + 16);
  const encryptedVerifier = info.subarray(at + 16, at + 32);
  const hashSize = info.readUInt32LE(at + 32);
  if (hashSize !== 20) return { error: `Standard encryption verifier hash of ${hashSize} bytes (20 expected)` };
  const encryptedVerifierHash = info.subarray(at + 36, at + 36 + 32);
  if (encryptedVerifierHash.length !== 32) return { error: 'Standard encryption verifier is cut off' };
  return { type: 'standard', version, keyBytes, salt, encryptedVerifier, encryptedVerifierHash, spinCount: STANDARD_SPINS };
}

/**
 * A keyEncryptor element whose attributes name a certificate (uri=".../certificate"). Read tag by
 * tag (text between two '>'), linear in the descriptor; a `keyEncryptor[^>]*certificate` expression
 * would rescan the rest of a tag from every "keyEncryptor" in it.
 */
function forCertificate(xml: string): boolean {
  for (const tag of xml.split('>')) {
    const at = tag.indexOf('keyEncryptor');
    if (at >= 0 && tag.indexOf('certificate', at + 'keyEncryptor'.length) >= 0) return true;
  }
  return false;
}

/** Attributes of the first element named `name` (any namespace prefix) in a small XML text. */
function attributes(xml: string, name: string): Map<string, string> | undefined {
  const m = new RegExp(`<(?:[\\w.-]+:)?${name}\\b([^>]*)>`).exec(xml);
  if (!m) return undefined;
  const out = new Map<string, string>();
  // a name starts after a character that cannot be in one: a long run of name characters without
  // "=" is tried once, not from each of its positions (quadratic on a 64 KB descriptor otherwise)
  for (const a of m[1]!.matchAll(/(?<![\w:.-])([\w:.-]+)\s*=\s*"([^"]*)"/g)) out.set(a[1]!, a[2]!);
  return out;
}

function agileKey(attrs: Map<string, string>, what: string): AgileKey | string {
  const hash = HASHES[attrs.get('hashAlgorithm') ?? ''];
  if (!hash) return `${what}: hash algorithm "${attrs.get('hashAlgorithm') ?? ''}" is not supported`;
  if (attrs.get('cipherAlgorithm') !== 'AES') return `${what}: cipher "${attrs.get('cipherAlgorithm') ?? ''}" is not supported`;
  if (attrs.get('cipherChaining') !== 'ChainingModeCBC') return `${what}: chaining "${attrs.get('cipherChaining') ?? ''}" is not supported`;
  const keyBits = Number(attrs.get('keyBits'));
  const blockSize = Number(attrs.get('blockSize'));
  if (![128, 192, 256].includes(keyBits)) return `${what}: key size ${attrs.get('keyBits') ?? '?'} is not AES's`;
  if (blockSize !== 16) return `${what}: block size ${attrs.get('blockSize') ?? '?'} is not AES's`;
  const salt = b64(attrs.get('saltValue'));
  if (salt.length < 1 || salt.length > 64) return `${what}: salt missing or out of range`;
  return { salt, blockSize, keyBytes: keyBits / 8, hash: hash.name, hashSize: hash.size };
}

function parseAgile(info: Buffer, version: string): AgileScheme | SchemeError {
  const xml = info.subarray(8).toString('utf8');
  const keyData = attributes(xml, 'keyData');
  const encryptedKey = attributes(xml, 'encryptedKey');
  if (!keyData) return { error: 'Agile EncryptionInfo has no keyData' };
  if (!encryptedKey) {
    // only a certificate key encryptor: no password opens it
    if (forCertificate(xml)) return { error: 'encrypted for a certificate, not a password', unsupported: true, name: 'certificate' };
    return { error: 'Agile EncryptionInfo has no password key encryptor' };
  }
  const data = agileKey(keyData, 'keyData');
  if (typeof data === 'string') return { error: data, unsupported: /not supported|not AES/.test(data) };
  const password = agileKey(encryptedKey, 'encryptedKey');
  if (typeof password === 'string') return { error: password, unsupported: /not supported|not AES/.test(password) };
  const spinCount = Number(encryptedKey.get('spinCount'));
  if (!Number.isInteger(spinCount) || spinCount < 0 || spinCount > AGILE_MAX_SPINS) {
    return { error: `Agile spin count ${encryptedKey.get('spinCount') ?? '?'} out of range` };
  }
  const verifierInput = b64(encryptedKey.get('encryptedVerifierHashInput'));
  const verifierHash = b64(encryptedKey.get('encryptedVerifierHashValue'));
  const keyValue = b64(encryptedKey.get('encryptedKeyValue'));
  for (const [name, v] of [['encryptedVerifierHashInput', verifierInput], ['encryptedVerifierHashValue', verifierHash], ['encryptedKeyValue', keyValue]] as const) {
    if (v.length === 0 || v.length % 16 !== 0 || v.length > 1024) return { error: `Agile ${name} missing or not whole AES blocks` };
  }
  if (verifierHash.length < password.hashSize || keyValue.length < data.keyBytes) return { error: 'Agile verifier or key shorter than its hash or key size' };
  const scheme: AgileScheme = { type: 'agile', version, data, password: { ...password, spinCount, verifierInput, verifierHash, keyValue }, spinCount };
  const integrity = attributes(xml, 'dataIntegrity');
  const hmacKey = b64(integrity?.get('encryptedHmacKey'));
  const hmacValue = b64(integrity?.get('encryptedHmacValue'));
  if (hmacKey.length > 0 && hmacValue.length > 0 && hmacKey.length % 16 === 0 && hmacValue.length % 16 === 0) {
    scheme.integrity = { hmacKey, hmacValue };
  }
  return scheme;
}

function b64(value: string | undefined): Buffer {
  if (!value || value.length > 4096 || !/^[A-Za-z0-9+/=\s]*$/.test(value)) return Buffer.alloc(0);
  return Buffer.from(value, 'base64');
}

/** Hash rounds between two yields to the event loop (about 15 ms of SHA-512): other mail keeps moving. */
const ROUNDS_PER_SLICE = 20_000;

/** H(salt + password as UTF-16LE), then `spins` rounds of H(round as LE32 + previous). */
async function spun(hashName: HashName, salt: Buffer, password: string, spins: number): Promise<Buffer> {
  let h = digest(hashName, Buffer.concat([salt, Buffer.from(password, 'utf16le')]), 'buffer');
  const buf = Buffer.alloc(4 + h.length);
  for (let i = 0; i < spins; i++) {
    if (i > 0 && i % ROUNDS_PER_SLICE === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    buf.writeUInt32LE(i, 0);
    h.copy(buf, 4);
    h = digest(hashName, buf, 'buffer');
  }
  return h;
}

/** A hash cut or padded (with 0x36, [MS-OFFCRYPTO] 2.3.4.11) to `size` bytes. */
function fit(h: Buffer, size: number, pad = 0x36): Buffer {
  if (h.length >= size) return h.subarray(0, size);
  return Buffer.concat([h, Buffer.alloc(size - h.length, pad)]);
}

function aes(mode: 'ecb' | 'cbc', key: Buffer, iv: Buffer | null, data: Buffer): Buffer {
  const d = createDecipheriv(`aes-${key.length * 8}-${mode}`, key, iv);
  d.setAutoPadding(false);
  return Buffer.concat([d.update(data), d.final()]);
}

const BLOCK_VERIFIER_INPUT = Buffer.from([0xfe, 0xa7, 0xd2, 0x76, 0x3b, 0x4b, 0x9e, 0x79]);
const BLOCK_VERIFIER_HASH = Buffer.from([0xd7, 0xaa, 0x0f, 0x6d, 0x30, 0x61, 0x34, 0x4e]);
const BLOCK_KEY_VALUE = Buffer.from([0x14, 0x6e, 0x0b, 0xe7, 0xab, 0xac, 0xd0, 0xd6]);
const BLOCK_HMAC_KEY = Buffer.from([0x5f, 0xb2, 0xad, 0x01, 0x0c, 0xb9, 0xe1, 0xf6]);
const BLOCK_HMAC_VALUE = Buffer.from([0xa0, 0x67, 0x7f, 0x02, 0xb2, 0x2c, 0x84, 0x33]);

/**
 * The package key when `password` is the right one (the verifier matches), else undefined. Costs
 * `scheme.spinCount` hash rounds, yielding to the event loop every ROUNDS_PER_SLICE. Never rejects.
 */
export async function packageKey(scheme: Scheme, password: string): Promise<Buffer | undefined> {
  try {
    return scheme.type === 'standard' ? await standardKey(scheme, password) : await agileKeyFor(scheme, password);
  } catch {
    return undefined;
  }
}

async function standardKey(s: StandardScheme, password: string): Promise<Buffer | undefined> {
  const h = await spun('sha1', s.salt, password, s.spinCount);
  const final = digest('sha1', Buffer.concat([h, Buffer.alloc(4)]), 'buffer'); // block 0
  // [MS-OFFCRYPTO] 2.3.4.7: the key is drawn out of SHA-1(0x36… ^ H) ‖ SHA-1(0x5c… ^ H)
  const derive = (c: number) => {
    const buf = Buffer.alloc(64, c);
    for (let i = 0; i < final.length; i++) buf[i]! ^= final[i]!;
    return digest('sha1', buf, 'buffer');
  };
  const key = Buffer.concat([derive(0x36), derive(0x5c)]).subarray(0, s.keyBytes);
  const verifier = aes('ecb', key, null, s.encryptedVerifier);
  const expected = aes('ecb', key, null, s.encryptedVerifierHash).subarray(0, 20);
  return timingSafeEqual(digest('sha1', verifier, 'buffer'), expected) ? key : undefined;
}

async function agileKeyFor(s: AgileScheme, password: string): Promise<Buffer | undefined> {
  const p = s.password;
  const h = await spun(p.hash, p.salt, password, p.spinCount);
  const keyFor = (block: Buffer) => fit(digest(p.hash, Buffer.concat([h, block]), 'buffer'), p.keyBytes);
  const iv = fit(p.salt, p.blockSize);
  const input = aes('cbc', keyFor(BLOCK_VERIFIER_INPUT), iv, p.verifierInput).subarray(0, p.salt.length);
  const expected = aes('cbc', keyFor(BLOCK_VERIFIER_HASH), iv, p.verifierHash).subarray(0, p.hashSize);
  if (!timingSafeEqual(digest(p.hash, input, 'buffer'), expected)) return undefined;
  return aes('cbc', keyFor(BLOCK_KEY_VALUE), iv, p.keyValue).subarray(0, s.data.keyBytes);
}

export type Decrypted =
  | { ok: true; data: Buffer; integrity: 'valid' | 'invalid' | 'absent' }
  | { ok: false; reason: 'corrupt' | 'size'; detail: string };

/** The zip's size as the package declares it (its first 8 bytes), or undefined when cut off or absurd. */
export function declaredSize(pkg: Buffer): number | undefined {
  if (pkg.length < 8) return undefined;
  const size = pkg.readBigUInt64LE(0);
  return size <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(size) : undefined;
}

/**
 * Why a package cannot be decrypted whatever the password: cut off, or declaring more than `maxBytes`
 * (the walk's room) or than the stream holds. Checked before any key is derived.
 */
export function packageProblem(pkg: Buffer, maxBytes: number): { reason: 'corrupt' | 'size'; detail: string } | undefined {
  const size = declaredSize(pkg);
  if (size === undefined) return { reason: 'corrupt', detail: 'EncryptedPackage is shorter than its size field' };
  if (size > maxBytes) return { reason: 'size', detail: `decrypted document would be ${size} bytes, over the ${maxBytes} bytes left to inspect` };
  // the ciphertext is whole AES blocks at least as long as the plaintext (the last one padded)
  if (padded(size) > pkg.length - 8) return { reason: 'corrupt', detail: `EncryptedPackage declares ${size} bytes but holds ${pkg.length - 8}` };
  return undefined;
}

const padded = (size: number) => Math.ceil(size / 16) * 16;

/**
 * The decrypted package: never more than its declared size, never more than `maxBytes`.
 * Agile's HMAC is checked when present (one pass over the stream).
 */
export function decryptPackage(scheme: Scheme, key: Buffer, pkg: Buffer, maxBytes: number): Decrypted {
  const problem = packageProblem(pkg, maxBytes);
  if (problem) return { ok: false, ...problem };
  const size = declaredSize(pkg)!;
  const body = pkg.subarray(8, 8 + padded(size));
  try {
    const data = scheme.type === 'standard' ? aes('ecb', key, null, body) : agileDecrypt(scheme, key, body);
    return { ok: true, data: data.subarray(0, size), integrity: scheme.type === 'agile' ? agileIntegrity(scheme, key, pkg) : 'absent' };
  } catch (err) {
    return { ok: false, reason: 'corrupt', detail: `EncryptedPackage cannot be decrypted: ${errorText(err)}` };
  }
}

function agileDecrypt(s: AgileScheme, key: Buffer, body: Buffer): Buffer {
  const need = body.length;
  const out = Buffer.alloc(need);
  const index = Buffer.alloc(4);
  for (let at = 0, i = 0; at < need; at += SEGMENT, i++) {
    index.writeUInt32LE(i, 0);
    const iv = fit(digest(s.data.hash, Buffer.concat([s.data.salt, index]), 'buffer'), s.data.blockSize);
    aes('cbc', key, iv, body.subarray(at, Math.min(at + SEGMENT, need))).copy(out, at);
  }
  return out;
}

/** Agile's dataIntegrity: an HMAC of the whole EncryptedPackage stream, under a key sealed with the package key. */
function agileIntegrity(s: AgileScheme, key: Buffer, pkg: Buffer): 'valid' | 'invalid' | 'absent' {
  if (!s.integrity) return 'absent';
  try {
    const ivFor = (block: Buffer) => fit(digest(s.data.hash, Buffer.concat([s.data.salt, block]), 'buffer'), s.data.blockSize);
    const size = s.data.hashSize;
    const hmacKey = aes('cbc', key, ivFor(BLOCK_HMAC_KEY), s.integrity.hmacKey).subarray(0, size);
    const expected = aes('cbc', key, ivFor(BLOCK_HMAC_VALUE), s.integrity.hmacValue).subarray(0, size);
    const actual = createHmac(s.data.hash, hmacKey).update(pkg).digest();
    return expected.length === actual.length && timingSafeEqual(expected, actual) ? 'valid' : 'invalid';
  } catch {
    return 'invalid';
  }
}
