import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import type { PdfDict, PdfValue } from './pdf-syntax.js';

/**
 * PDF encryption (the standard security handler, ISO 32000-2 §7.6), only as far as a scanner needs:
 * does the file open without a password, and if so, the key to read its strings and object streams.
 *
 * Most encrypted PDFs in ordinary mail are "permissions only": the user password is empty (anyone
 * opens them; printing or copying is restricted by an owner password). Readers open them silently,
 * so they are no hiding place for the reader, but their strings (/URI targets) and object streams
 * are encrypted with a key derived from the empty password. We derive the same key (RC4 40–128 bit,
 * AES-128, AES-256: revisions 2 to 6) and read them like any other PDF. A file that needs a real
 * password, or another security handler (certificates: /Adobe.PubSec), cannot be read: the caller
 * reports it as encrypted.
 *
 * Bounded: a fixed number of hash rounds (revision 6 stops after at most 288), no loops on input.
 */

export type PdfEncryption =
  | { state: 'readable'; method: string; decryptString(s: string, num: number, gen: number): string | undefined; decryptStream(data: Buffer, num: number, gen: number): Buffer | undefined }
  | { state: 'password' | 'unsupported'; method: string };

type Cipher = 'none' | 'rc4' | 'aes128' | 'aes256';

/** The padding string of Algorithm 2 (the empty password padded to 32 bytes is exactly this). */
const PAD = Buffer.from('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a', 'hex');

const md5 = (...parts: Buffer[]) => createHash('md5').update(Buffer.concat(parts)).digest();
const sha = (alg: string, ...parts: Buffer[]) => createHash(alg).update(Buffer.concat(parts)).digest();

function num(v: PdfValue | undefined, dflt: number): number {
  return v?.t === 'num' ? v.v : dflt;
}
function bytes(v: PdfValue | undefined): Buffer {
  return v?.t === 'str' ? Buffer.from(v.s, 'latin1') : Buffer.alloc(0);
}
function name(v: PdfValue | undefined): string | undefined {
  return v?.t === 'name' ? v.v : undefined;
}

/**
 * Opens the encryption dictionary `enc` (with `id0`, the first string of the trailer's /ID) for the
 * given user password (the empty one in the mail path; tests pass others).
 */
export function openEncryption(enc: PdfDict, id0: string, password = ''): PdfEncryption {
  const filter = name(enc.m.get('Filter')) ?? 'none';
  if (filter !== 'Standard') return { state: 'unsupported', method: filter };
  const v = num(enc.m.get('V'), 0);
  const r = num(enc.m.get('R'), 0);
  const pw = Buffer.from(password, 'latin1');
  const O = bytes(enc.m.get('O'));
  const U = bytes(enc.m.get('U'));

  if (v === 5 && (r === 5 || r === 6)) {
    if (U.length < 48) return { state: 'unsupported', method: `AES-256 R${r}` };
    const pw127 = Buffer.from(password, 'utf8').subarray(0, 127);
    const hash = (salt: Buffer) => (r === 5 ? sha('sha256', pw127, salt) : hash2B(pw127, salt));
    const method = 'AES-256';
    if (!hash(U.subarray(32, 40)).equals(U.subarray(0, 32))) return { state: 'password', method };
    const UE = bytes(enc.m.get('UE'));
    if (UE.length < 32) return { state: 'unsupported', method };
    const d = createDecipheriv('aes-256-cbc', hash(U.subarray(40, 48)), Buffer.alloc(16));
    d.setAutoPadding(false);
    const key = Buffer.concat([d.update(UE.subarray(0, 32)), d.final()]);
    const { stm, str } = cryptFilters(enc, v, 'aes256');
    return readable(method, key, stm, str, false);
  }

  if ((v !== 1 && v !== 2 && v !== 4) || r < 2 || r > 4 || O.length < 32 || U.length < 16) {
    return { state: 'unsupported', method: `V${v} R${r}` };
  }
  const { stm, str } = cryptFilters(enc, v, 'rc4');
  const aes = stm === 'aes128' || str === 'aes128';
  let bits = v === 1 || r === 2 ? 40 : num(enc.m.get('Length'), v === 4 ? 128 : 40);
  if (bits >= 5 && bits <= 16) bits *= 8; // a length written in bytes, as some writers do
  const n = aes ? 16 : Math.min(16, Math.max(5, Math.floor(bits / 8)));
  const method = aes ? 'AES-128' : `RC4-${n * 8}`;
  const p = Buffer.alloc(4);
  p.writeInt32LE(num(enc.m.get('P'), 0) | 0);
  const meta = enc.m.get('EncryptMetadata');
  const noMetadata = r >= 4 && meta?.t === 'kw' && meta.v === 'false';
  const padded = Buffer.concat([pw.subarray(0, 32), PAD]).subarray(0, 32);
  const id = Buffer.from(id0, 'latin1');
  // the declared key length first; writers that declare a wrong one still get their file read
  for (const len of new Set([n, 16, 5])) {
    const key = fileKey(r, len, padded, O, p, id, noMetadata);
    if (userKeyMatches(r, key, id, U)) return readable(method, key, stm, str, true);
  }
  return { state: 'password', method };
}

/** Algorithm 2: the file key of revisions 2–4 for a padded password. */
function fileKey(r: number, n: number, padded: Buffer, O: Buffer, p: Buffer, id: Buffer, noMetadata: boolean): Buffer {
  let key = md5(padded, O.subarray(0, 32), p, id, noMetadata ? Buffer.from([0xff, 0xff, 0xff, 0xff]) : Buffer.alloc(0));
  if (r >= 3) for (let i = 0; i < 50; i++) key = md5(key.subarray(0, n));
  return key.subarray(0, n);
}

/** Algorithms 4 and 5: does the key reproduce /U (all 32 bytes for revision 2, the first 16 after)? */
function userKeyMatches(r: number, key: Buffer, id: Buffer, U: Buffer): boolean {
  if (r === 2) return rc4(key, PAD).equals(U.subarray(0, 32));
  let check = rc4(key, md5(PAD, id));
  for (let i = 1; i <= 19; i++) check = rc4(Buffer.from(key.map((b) => b ^ i)), check);
  return check.equals(U.subarray(0, 16));
}

/** The ciphers for streams and strings: V1/V2 RC4 for both; V4/V5 by crypt filter (/StmF, /StrF in /CF). */
function cryptFilters(enc: PdfDict, v: number, base: Cipher): { stm: Cipher; str: Cipher } {
  if (v < 4) return { stm: base, str: base };
  const cf = enc.m.get('CF');
  const pick = (which: string): Cipher => {
    const filterName = name(enc.m.get(which)) ?? 'Identity';
    if (filterName === 'Identity') return 'none';
    const f = cf?.t === 'dict' ? cf.m.get(filterName) : undefined;
    const cfm = f?.t === 'dict' ? name(f.m.get('CFM')) : undefined;
    if (cfm === 'AESV2') return 'aes128';
    if (cfm === 'AESV3') return 'aes256';
    if (cfm === 'V2') return 'rc4';
    if (cfm === 'None') return 'none';
    return base;
  };
  return { stm: pick('StmF'), str: pick('StrF') };
}

function readable(method: string, fileKey: Buffer, stm: Cipher, str: Cipher, perObject: boolean): PdfEncryption {
  const keys = new Map<string, Buffer>();
  // Algorithm 1: one key per object (revisions 2–4); AES-256 uses the file key for every object.
  const keyFor = (cipher: Cipher, num: number, gen: number): Buffer => {
    if (!perObject) return fileKey;
    const id = `${num} ${gen} ${cipher}`;
    let k = keys.get(id);
    if (!k) {
      const salt = cipher === 'aes128' ? Buffer.from('sAlT', 'latin1') : Buffer.alloc(0);
      const obj = Buffer.from([num & 0xff, (num >> 8) & 0xff, (num >> 16) & 0xff, gen & 0xff, (gen >> 8) & 0xff]);
      k = md5(fileKey, obj, salt).subarray(0, Math.min(16, fileKey.length + 5));
      if (keys.size < 10_000) keys.set(id, k);
    }
    return k;
  };
  const run = (cipher: Cipher, data: Buffer, num: number, gen: number): Buffer | undefined => {
    if (cipher === 'none') return data;
    const key = keyFor(cipher, num, gen);
    return cipher === 'rc4' ? rc4(key, data) : aesDecrypt(cipher === 'aes256' ? 'aes-256-cbc' : 'aes-128-cbc', key, data);
  };
  return {
    state: 'readable',
    method,
    decryptString: (s, num, gen) => run(str, Buffer.from(s, 'latin1'), num, gen)?.toString('latin1'),
    decryptStream: (data, num, gen) => run(stm, data, num, gen),
  };
}

/** AES-CBC with the IV in the first 16 bytes and PKCS#5 padding (kept as is when it is not valid). */
function aesDecrypt(alg: 'aes-128-cbc' | 'aes-256-cbc', key: Buffer, data: Buffer): Buffer | undefined {
  if (data.length < 32) return data.length === 16 ? Buffer.alloc(0) : undefined;
  const body = data.subarray(16, 16 + Math.floor((data.length - 16) / 16) * 16);
  const d = createDecipheriv(alg, key, data.subarray(0, 16));
  d.setAutoPadding(false);
  const out = Buffer.concat([d.update(body), d.final()]);
  const pad = out[out.length - 1]!;
  if (pad >= 1 && pad <= 16 && out.subarray(out.length - pad).every((b) => b === pad)) return out.subarray(0, out.length - pad);
  return out;
}

/** RC4: `data` XORed with the keystream of `key` (a new buffer); PDF and legacy Excel encryption (xls-crypto.ts). */
export function rc4(key: Buffer, data: Buffer): Buffer {
  const s = new Uint8Array(256);
  for (let i = 0; i < 256; i++) s[i] = i;
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = Buffer.alloc(data.length);
  for (let k = 0, i = 0, j = 0; k < data.length; k++) {
    i = (i + 1) & 0xff;
    j = (j + s[i]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[k] = data[k]! ^ s[(s[i]! + s[j]!) & 0xff]!;
  }
  return out;
}

/** Algorithm 2.B (revision 6): the hash of a password with a salt (user passwords: no extra data). */
export function hash2B(password: Buffer, salt: Buffer, udata: Buffer = Buffer.alloc(0)): Buffer {
  let k = sha('sha256', password, salt, udata);
  let e = Buffer.alloc(0);
  // at least 64 rounds, then until the last byte of E is at most (rounds done - 32): ends by round 288
  for (let i = 0; i < 64 || e[e.length - 1]! > i - 32; i++) {
    const k1 = Buffer.concat([password, k.subarray(0, k.length), udata]);
    const c = createCipheriv('aes-128-cbc', k.subarray(0, 16), k.subarray(16, 32));
    c.setAutoPadding(false);
    e = Buffer.concat([c.update(Buffer.concat(Array.from({ length: 64 }, () => k1))), c.final()]);
    let sum = 0;
    for (let b = 0; b < 16; b++) sum += e[b]!;
    k = sha(['sha256', 'sha384', 'sha512'][sum % 3]!, e);
  }
  return k.subarray(0, 32);
}
