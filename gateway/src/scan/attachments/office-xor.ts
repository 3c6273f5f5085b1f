/**
 * XOR obfuscation of legacy (97–2003) Office files, [MS-OFFCRYPTO] 2.3.6/2.3.7: the weakest
 * "Encrypt with password" (Excel's wEncryptionType 0 FILEPASS, xls-crypto.ts; Word's FibBase
 * fObfuscated, doc-crypto.ts). A password of 1 to 15
 * single-byte characters gives a 16-bit key (CreateXorKey_Method1: InitialCode and XorMatrix), a
 * 16-bit verifier (CreatePasswordVerifier_Method1) and a 16-byte XOR array (CreateXorArray_Method1:
 * the password padded with PadArray, each byte XORed with a byte of the key and rotated). The file
 * stores the key and the verifier; a password is right when both match, which costs no hash.
 *
 * Passwords are made single-byte as Office does: each character's low byte, or its high byte when
 * the low one is zero; past 15 characters they are cut (as Apache POI does). Nothing here throws.
 */

import type { LegacyDocument, XorDocument } from './ole-crypto.js';

/** An XOR-obfuscated file's stored key and verifier (Excel: FILEPASS after wEncryptionType 0). */
export interface XorScheme {
  type: 'xor';
  key: number;
  verifier: number;
}

const MAX_PASSWORD = 15;
const PAD_ARRAY = [0xbb, 0xff, 0xff, 0xba, 0xff, 0xff, 0xb9, 0x80, 0x00, 0xbe, 0x0f, 0x00, 0xbf, 0x0f, 0x00];
const INITIAL_CODE = [0xe1f0, 0x1d0f, 0xcc9c, 0x84c0, 0x110c, 0x0e10, 0xf1ce, 0x313e, 0x1872, 0xe139, 0xd40f, 0x84f9, 0x280c, 0xa96a, 0x4ec3];
const XOR_MATRIX = [
  0xaefc, 0x4dd9, 0x9bb2, 0x2745, 0x4e8a, 0x9d14, 0x2a09, 0x7b61, 0xf6c2, 0xfda5, 0xeb6b, 0xc6f7, 0x9dcf, 0x2bbf, 0x4563, 0x8ac6,
  0x05ad, 0x0b5a, 0x16b4, 0x2d68, 0x5ad0, 0x0375, 0x06ea, 0x0dd4, 0x1ba8, 0x3750, 0x6ea0, 0xdd40, 0xd849, 0xa0b3, 0x5147, 0xa28e,
  0x553d, 0xaa7a, 0x44d5, 0x6f45, 0xde8a, 0xad35, 0x4a4b, 0x9496, 0x390d, 0x721a, 0xeb23, 0xc667, 0x9cef, 0x29ff, 0x53fe, 0xa7fc,
  0x5fd9, 0x47d3, 0x8fa6, 0x0f6d, 0x1eda, 0x3db4, 0x7b68, 0xf6d0, 0xb861, 0x60e3, 0xc1c6, 0x93ad, 0x377b, 0x6ef6, 0xddec, 0x45a0,
  0x8b40, 0x06a1, 0x0d42, 0x1a84, 0x3508, 0x6a10, 0xaa51, 0x4483, 0x8906, 0x022d, 0x045a, 0x08b4, 0x1168, 0x76b4, 0xed68, 0xcaf1,
  0x85c3, 0x1ba7, 0x374e, 0x6e9c, 0x3730, 0x6e60, 0xdcc0, 0xa9a1, 0x4363, 0x86c6, 0x1dad, 0x3331, 0x6662, 0xccc4, 0x89a9, 0x0373,
  0x06e6, 0x0dcc, 0x1021, 0x2042, 0x4084, 0x8108, 0x1231, 0x2462, 0x48c4,
];

/** `b` (a byte) rotated right by `n` bits. */
export const ror8 = (b: number, n: number) => ((b >>> n) | (b << (8 - n))) & 0xff;

/** The password as XOR obfuscation reads it (1 to 15 bytes), or undefined when it is empty. */
export function xorPasswordBytes(password: string): number[] | undefined {
  const units = password.slice(0, MAX_PASSWORD);
  if (units.length === 0) return undefined;
  return Array.from({ length: units.length }, (_, i) => {
    const code = units.charCodeAt(i);
    return code & 0xff || (code >> 8) & 0xff;
  });
}

/** CreateXorKey_Method1: InitialCode of the length, XORed with a XorMatrix entry per set bit. */
export function xorKey(pw: readonly number[]): number {
  let key = INITIAL_CODE[pw.length - 1]!;
  let element = XOR_MATRIX.length - 1;
  for (let i = pw.length - 1; i >= 0; i--) {
    let c = pw[i]!;
    for (let bit = 0; bit < 7; bit++) {
      if (c & 0x40) key ^= XOR_MATRIX[element]!;
      c = (c << 1) & 0xff;
      element -= 1;
    }
  }
  return key;
}

/** CreatePasswordVerifier_Method1: the length and the bytes, last first, folded into 15 bits, XOR 0xCE4B. */
export function xorVerifier(pw: readonly number[]): number {
  let verifier = 0;
  for (const b of [pw.length, ...pw].reverse()) {
    verifier = (((verifier & 0x4000) === 0 ? 0 : 1) | ((verifier << 1) & 0x7fff)) ^ b;
  }
  return verifier ^ 0xce4b;
}

/**
 * CreateXorArray_Method1: the password then PadArray, each byte XORed with the key's high byte
 * (odd positions) or low byte (even positions) and rotated right by one bit.
 */
export function xorArray(pw: readonly number[], key: number): Buffer {
  const out = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) {
    const b = i < pw.length ? pw[i]! : PAD_ARRAY[i - pw.length]!;
    out[i] = ror8(b ^ (i & 1 ? key >> 8 : key & 0xff), 1);
  }
  return out;
}

/** The XOR array when `password` is the file's (its key and verifier both match), else undefined. */
export function xorPasswordArray(scheme: XorScheme, password: string): Buffer | undefined {
  const pw = xorPasswordBytes(password);
  if (!pw) return undefined;
  const key = xorKey(pw);
  return key === scheme.key && xorVerifier(pw) === scheme.verifier ? xorArray(pw, key) : undefined;
}

/** A legacy document whose password gives an XOR array (not RC4 block keys). */
export function isXorDocument(doc: LegacyDocument): doc is XorDocument {
  return doc.scheme.type === 'xor';
}
