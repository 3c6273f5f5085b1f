import type { EncryptedWord } from './doc-crypto-builder.js';
import type { EncryptedStream } from './xls-crypto-builder.js';

/**
 * XOR-obfuscates a BIFF8 Workbook stream the way Excel does ("Encrypt with password" with the XOR
 * obfuscation type: a FILEPASS record of wEncryptionType 0, key and verifier), and Word 97 streams
 * (FibBase fEncrypted and fObfuscated, lKey), for tests only.
 * Debian's msoffcrypto-tool (5.0) cannot read XOR obfuscation, so this builder is written apart
 * from the reader in another formulation of [MS-OFFCRYPTO] 2.3.7 (the one LibreOffice's
 * MSCodec_XorXLS95 uses): the key from a 16-bit LFSR (taps 0x1020) instead of the XorMatrix table,
 * the verifier from 15-bit rotations of each byte instead of the fold, and each byte encoded as
 * ror3(byte XOR rol2(pad ⊕ key byte)) instead of being decoded with the XOR array and a rotation by 5
 * (Word: XORed with rol7(pad ⊕ key byte), MSCodec_XorWord95's, instead of the array's ror1).
 * The tests check the two formulations agree on many passwords and on the published verifier of
 * "VelvetSweatshop", so a mistake shared by builder and reader cannot pass unseen. Nothing on the
 * mail path imports this file.
 */

const BOF = 0x0809;
const BOUNDSHEET = 0x0085;
const CLEAR = new Set([0x0809, 0x002f, 0x0194, 0x0195, 0x00e1, 0x0196, 0x0138]);
const FILL = [0xbb, 0xff, 0xff, 0xba, 0xff, 0xff, 0xb9, 0x80, 0x00, 0xbe, 0x0f, 0x00, 0xbf, 0x0f, 0x00, 0x00];

const rol16 = (v: number) => ((v << 1) | (v >>> 15)) & 0xffff;
const rol15 = (v: number, n: number) => ((v << n) | (v >>> (15 - n))) & 0x7fff;
const rol8 = (v: number, n: number) => ((v << n) | (v >>> (8 - n))) & 0xff;
const ror8 = (v: number, n: number) => ((v >>> n) | (v << (8 - n))) & 0xff;

/** rol(password-or-fill byte XOR key byte, `rotate`) for each of the 16 positions. */
function codes(password: string, rotate: number): number[] {
  const key = lfsrKey(password);
  const pw = passwordBytes(password);
  return Array.from({ length: 16 }, (_, i) => rol8((i < pw.length ? pw[i]! : FILL[i - pw.length]!) ^ (i & 1 ? key >>> 8 : key & 0xff), rotate));
}

function passwordBytes(password: string): number[] {
  if (!/^[\x01-\x7f]{1,15}$/.test(password)) throw new Error('the test builder takes 1 to 15 ASCII characters');
  return [...password].map((c) => c.charCodeAt(0));
}

/** The 16-bit key, from a linear feedback shift register run over the bits of each byte, last byte first. */
export function lfsrKey(password: string): number {
  const pw = passwordBytes(password);
  let key = 0;
  let base = 0x8000;
  let end = 0xffff;
  for (const byte of [...pw].reverse()) {
    let c = byte & 0x7f;
    for (let bit = 0; bit < 8; bit++) {
      base = rol16(base);
      if (base & 1) base ^= 0x1020;
      if (c & 1) key ^= base;
      c >>= 1;
      end = rol16(end);
      if (end & 1) end ^= 0x1020;
    }
  }
  return key ^ end;
}

/** The 16-bit verifier: the length XOR 0xCE4B, XOR each byte rotated left (15 bits) by its position + 1. */
export function rotationVerifier(password: string): number {
  const pw = passwordBytes(password);
  let hash = pw.length ^ 0xce4b;
  pw.forEach((b, i) => {
    hash ^= rol15(b, (i + 1) % 15);
  });
  return hash;
}

/**
 * `clear` (a Workbook stream starting with its BOF, without FILEPASS) obfuscated with `password`:
 * a FILEPASS record (type 0, key, verifier) after the BOF, then the data of every later record but
 * the clear ones (and a BOUNDSHEET's lbPlyPos) encoded, the key index of a record's first data byte
 * being (its stream offset + the record's size) mod 16, then counting up.
 */
export function xorObfuscateWorkbookStream(clear: Buffer, password: string): EncryptedStream {
  if (clear.readUInt16LE(0) !== BOF) throw new Error('not a BIFF stream');
  const key = lfsrKey(password);
  const code = codes(password, 2);
  const filePass = Buffer.alloc(10);
  filePass.writeUInt16LE(0x002f, 0);
  filePass.writeUInt16LE(6, 2);
  filePass.writeUInt16LE(0, 4);
  filePass.writeUInt16LE(key, 6);
  filePass.writeUInt16LE(rotationVerifier(password), 8);
  const bofEnd = 4 + clear.readUInt16LE(2);
  const stream = Buffer.concat([clear.subarray(0, bofEnd), filePass, clear.subarray(bofEnd)]);
  const blanked = Buffer.concat([clear.subarray(0, bofEnd), Buffer.from([0, 0, 6, 0]), Buffer.alloc(6), clear.subarray(bofEnd)]);
  let pos = bofEnd + filePass.length;
  while (pos + 4 <= stream.length) {
    const type = stream.readUInt16LE(pos);
    const size = stream.readUInt16LE(pos + 2);
    const data = pos + 4;
    const end = Math.min(stream.length, data + size);
    if (!CLEAR.has(type)) {
      let index = (data + size) % 16;
      for (let o = data; o < end; o++, index = (index + 1) % 16) {
        if (type === BOUNDSHEET && o < data + 4) continue;
        stream[o] = ror8(stream[o]! ^ code[index]!, 3);
      }
    }
    pos = end;
  }
  return { stream, clear: blanked };
}

/**
 * `word` (a Word 97 WordDocument stream, not encrypted), a Table stream and a Data stream obfuscated
 * with `password`: FibBase fEncrypted and fObfuscated set, lKey the key (high word) and the verifier
 * (low word); past FibBase's 68 bytes, and in the whole Table and Data streams, each byte not zero
 * and not equal to its code (by stream offset mod 16) is XORed with it.
 */
export function xorObfuscateWordStreams(word: Buffer, table: Buffer, data: Buffer | undefined, password: string): EncryptedWord {
  const code = codes(password, 7);
  const encode = (buf: Buffer, from: number) => {
    const out = Buffer.from(buf);
    for (let o = from; o < out.length; o++) if (out[o] !== 0 && out[o] !== code[o % 16]) out[o]! ^= code[o % 16]!;
    return out;
  };
  const tableName = word.readUInt16LE(10) & 0x0200 ? '1Table' : '0Table';
  const locked = Buffer.from(word);
  locked.writeUInt16LE(locked.readUInt16LE(10) | 0x8100, 10);
  locked.writeUInt32LE(((lfsrKey(password) << 16) | rotationVerifier(password)) >>> 0, 14);
  const streams: Record<string, Buffer> = { WordDocument: encode(locked, 68), [tableName]: encode(table, 0) };
  const clear: Record<string, Buffer> = { WordDocument: word, [tableName]: table };
  if (data) {
    streams.Data = encode(data, 0);
    clear.Data = data;
  }
  return { streams, clear };
}
