import CFB from 'cfb';
import { makeCompoundFile } from '../../../../test-fixtures/attachments/office-payloads.mjs';
import { makeVbaStorage } from '../../../../test-fixtures/attachments/payloads.mjs';
import { keystream, rc4Encryption, type XlsEncryption } from './xls-crypto-builder.js';

/**
 * Encrypts legacy Word and PowerPoint files the way Office does ([MS-DOC] 2.2.6.2/2.2.6.3, [MS-PPT]
 * 2.3.7, [MS-OFFCRYPTO] 2.3.5/2.3.6), for tests only: Debian's msoffcrypto-tool decrypts .doc and
 * .ppt but cannot encrypt them. Shares the header and key code of xls-crypto-builder.ts (itself
 * apart from the readers), and the tests decrypt what it makes with `msoffcrypto-tool -p`, so a
 * mistake shared by builder and reader cannot pass unseen. Nothing on the mail path imports it.
 */

const u16 = (n: number) => Buffer.from([n & 0xff, (n >> 8) & 0xff]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};

/** XOR `buf` from `from` on with the keystream of 512-byte blocks numbered from the stream's start. */
function encrypt512(buf: Buffer, from: number, key: (block: number) => Buffer): Buffer {
  const out = Buffer.from(buf);
  for (let block = Math.floor(from / 512); block * 512 < out.length; block++) {
    const ks = keystream(key(block), 512);
    for (let i = Math.max(0, from - block * 512); i < 512 && block * 512 + i < out.length; i++) out[block * 512 + i]! ^= ks[i]!;
  }
  return out;
}

// ---- Word ----

/**
 * A WordDocument stream: a Word 97 FibBase (wIdent 0xA5EC, nFib 0xC1, fWhichTblStm = 1: the table is
 * "1Table"), then `text` from offset 1024 (where wordBinaryDdeHits and ClamAV find it) and padding.
 */
export function wordDocumentStream(text: Buffer, size = 4096): Buffer {
  const word = Buffer.alloc(Math.max(size, 1024 + text.length));
  word.writeUInt16LE(0xa5ec, 0);
  word.writeUInt16LE(0x00c1, 2);
  word.writeUInt16LE(0x0409, 6); // lid: en-US
  word.writeUInt16LE(0x0200, 10); // fWhichTblStm
  word.writeUInt16LE(0x00bf, 12); // nFibBack
  text.copy(word, 1024);
  return word;
}

export interface EncryptedWord {
  /** The streams as Word writes them encrypted. */
  streams: Record<string, Buffer>;
  /** What a decryptor gives back: FibBase flags and lKey cleared, the Table stream's header clear. */
  clear: Record<string, Buffer>;
}

/**
 * `word` (a WordDocument stream with a FibBase, not encrypted), a Table stream and a Data stream
 * encrypted with `password`: the EncryptionHeader before the Table stream's data, FibBase.fEncrypted
 * and lKey set, then all three encrypted in 512-byte blocks (the FibBase and the header stay clear).
 */
export function encryptWordStreams(word: Buffer, table: Buffer, data: Buffer | undefined, password: string, opts: XlsEncryption = { scheme: 'cryptoapi' }): EncryptedWord {
  const { info, key } = rc4Encryption(password, opts);
  const tableName = word.readUInt16LE(10) & 0x0200 ? '1Table' : '0Table';
  const locked = Buffer.from(word);
  locked.writeUInt16LE(locked.readUInt16LE(10) | 0x0100, 10);
  locked.writeUInt32LE(info.length, 14);
  const clearTable = Buffer.concat([info, table]);
  const streams: Record<string, Buffer> = { WordDocument: encrypt512(locked, 68, key), [tableName]: encrypt512(clearTable, info.length, key) };
  const clear: Record<string, Buffer> = { WordDocument: word, [tableName]: clearTable };
  if (data) {
    streams.Data = encrypt512(data, 0, key);
    clear.Data = data;
  }
  return { streams, clear };
}

/** A compound file of `streams` (root names) and `others` (full paths: '/Macros/VBA/...'). */
export function compoundFile(streams: Record<string, Buffer>, others: Record<string, Buffer> = {}): Buffer {
  return makeCompoundFile({ ...Object.fromEntries(Object.entries(streams).map(([name, data]) => [`/${name}`, data])), ...others });
}

// ---- PowerPoint ----

function rec(ver: number, instance: number, type: number, body: Buffer): Buffer {
  return Buffer.concat([u16((instance << 4) | ver), u16(type), u32(body.length), body]);
}

/** A CurrentUserAtom (Current User stream) pointing at the UserEditAtom at `editAt`. */
function currentUserStream(editAt: number, encrypted: boolean): Buffer {
  const name = Buffer.from('Lac Chan', 'latin1');
  const body = Buffer.concat([
    u32(0x14), // size
    u32(encrypted ? 0xf3d1c4df : 0xe391c05f), // headerToken
    u32(editAt),
    u16(name.length),
    u16(0x03f4), // docFileVersion
    Buffer.from([3, 0]), // majorVersion, minorVersion
    u16(0), // unused
    name,
    u32(8), // relVersion
    Buffer.from('Lac Chan', 'utf16le'),
  ]);
  return rec(0, 0, 0x0ff6, body);
}

export interface EncryptedPresentation {
  /** 'Current User' and 'PowerPoint Document' as PowerPoint writes them encrypted. */
  streams: Record<string, Buffer>;
  /** The PowerPoint Document stream before encryption, and where its persist objects are ([start, end) each). */
  clearDoc: Buffer;
  objects: [start: number, end: number][];
}

/**
 * A PowerPoint Document stream of `records` (top-level records: a DocumentContainer, ExOleObjStg,
 * ...), each a persist object (ids 1, 2, ...), then the CryptSession10Container (the next id), one
 * PersistDirectoryAtom and a UserEditAtom naming the crypt session; each persist object but the
 * crypt session encrypted whole with its persist id's key (RC4 CryptoAPI only, as PowerPoint).
 */
export function encryptPresentation(records: Buffer[], password: string, opts: { keyBits?: number } = {}): EncryptedPresentation {
  const { info, key } = rc4Encryption(password, { scheme: 'cryptoapi', ...(opts.keyBits ? { keyBits: opts.keyBits } : {}), version: 3 });
  const offsets: number[] = [];
  let at = 0;
  for (const r of records) {
    offsets.push(at);
    at += r.length;
  }
  const crypt = rec(0xf, 0, 0x2f14, info);
  offsets.push(at);
  at += crypt.length;
  const cryptId = records.length + 1;
  const directoryAt = at;
  const directory = rec(0, 0, 0x1772, Buffer.concat([u32(1 | (cryptId << 20)), ...offsets.map(u32)]));
  at += directory.length;
  const editAt = at;
  const edit = rec(0, 0, 0x0ff5, Buffer.concat([
    u32(1), // lastSlideIdRef
    u16(0), // version
    Buffer.from([0, 3]), // minorVersion, majorVersion
    u32(0), // offsetLastEdit
    u32(directoryAt),
    u32(1), // docPersistIdRef
    u32(cryptId), // persistIdSeed
    u16(1), // lastView
    u16(0),
    u32(cryptId), // encryptSessionPersistIdRef
  ]));
  const clearDoc = Buffer.concat([...records, crypt, directory, edit]);
  const doc = Buffer.from(clearDoc);
  const objects: [number, number][] = [];
  records.forEach((r, i) => {
    const start = offsets[i]!;
    objects.push([start, start + r.length]);
    const ks = keystream(key(i + 1), r.length);
    for (let k = 0; k < r.length; k++) doc[start + k]! ^= ks[k]!;
  });
  return { streams: { 'Current User': currentUserStream(editAt, true), 'PowerPoint Document': doc }, clearDoc, objects };
}

/** The streams of a VBA project storage under /Macros/, as a .doc keeps them (Word never encrypts them), for compoundFile. */
export function docMacroStreams(): Record<string, Buffer> {
  const c = CFB.read(makeVbaStorage(), { type: 'buffer' });
  const out: Record<string, Buffer> = {};
  c.FullPaths.forEach((full, i) => {
    const e = c.FileIndex[i]!;
    if (e.type === 2 && e.content) out[`/Macros/${full.slice(c.FullPaths[0]!.length)}`] = Buffer.from(e.content as Uint8Array);
  });
  return out;
}
