import { createHash } from 'node:crypto';
import CFB from 'cfb';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeForward, encodeForward, qpFault } from '../../src/act/encoded-forward.js';
import { diskImageOf, diskImageType } from '../../src/scan/attachments/disk-images.js';
import { deobfuscateWord, wordLock } from '../../src/scan/attachments/doc-crypto.js';
import { lfsrKey, rotationVerifier } from '../../src/scan/attachments/office-xor-builder.js';
import { xorArray, xorKey, xorPasswordArray, xorPasswordBytes, xorVerifier } from '../../src/scan/attachments/office-xor.js';
import { decryptWorkbookXor, workbookLock } from '../../src/scan/attachments/xls-crypto.js';
import { OCR_MAX_PIXELS, OCR_MAX_SIDE, ocrSizeAllowed, pictureInfo } from '../../src/scan/ocr/pictures.js';
import { Rng } from './mutators.js';
import { propertyRunner, randomBytes } from './property.js';
import { mutateDmg, mutateGpt, mutateMbr, mutatePicture } from './newer-format-mutators.js';
import { bmpPicture, diskImages, webpLossless, webpLossyHeader, xorDoc, xorXls } from './newer-format-seeds.js';

/**
 * Property tests of the readers of untrusted bytes added with newer-format-seeds.ts, called directly
 * on random and damaged input (as parsers.property.test.ts for the older ones): disk-image
 * detection and the DMG trailer, XOR obfuscation keys and deobfuscation, picture headers, and the
 * decode / encode of forwarded messages sent base64 or quoted-printable. Fixed seed, a case
 * count and a time budget per test; a failure prints the case's index.
 */

const SEED = 20251126;
const property = propertyRunner(SEED);

// ---- disk images ---------------------------------------------------------------------------------

describe('disk-image detection and the DMG trailer (disk-images.ts)', () => {
  let disks: ReturnType<typeof diskImages>;
  beforeAll(() => {
    disks = diskImages();
  });

  /** What a koly trailer must say for diskImageOf to call the file a DMG, computed in BigInt. */
  const kolyHolds = (file: Buffer) => {
    const t = file.subarray(file.length - 512);
    if (file.length < 1024 || t.toString('latin1', 0, 4) !== 'koly' || t.readUInt32BE(4) !== 4 || t.readUInt32BE(8) !== 512) return false;
    const off = t.readBigUInt64BE(216);
    const len = t.readBigUInt64BE(224);
    return len > 0n && off + len <= BigInt(file.length - 512);
  };
  const source = (file: Buffer, how: number) => ({
    size: file.length,
    bytes: async () => file,
    ...(how === 0
      ? { readAt: async (pos: number, into: Buffer) => file.copy(into, 0, pos, pos + into.length) }
      : how === 1
        ? {
            readAt: async () => {
              throw new Error('EIO');
            },
          }
        : {}),
  });

  it('finds the images the seeds build, and the DMGs only by a trailer that fits the file', async () => {
    expect(diskImageType(undefined, disks.mbr)?.ext).toBe('img');
    expect(diskImageType(undefined, disks.gpt2)?.ext).toBe('img');
    expect(diskImageType(undefined, disks.fat)?.ext).toBe('img');
    // a raw (UDRO) DMG starts with the disk's first sector: the boot sector names it first
    expect((await diskImageOf(source(disks.dmgRaw, 0), undefined, disks.dmgRaw.subarray(0, 4100)))?.ext).toBe('img');
    for (const dmg of [disks.dmgZlib, disks.dmgRaw]) {
      if (dmg === disks.dmgZlib) expect((await diskImageOf(source(dmg, 0), undefined, dmg.subarray(0, 4100)))?.ext).toBe('dmg');
      expect((await diskImageOf(source(dmg, 2), { ext: 'dmg', mime: 'application/x-apple-diskimage' }, dmg.subarray(0, 4100)))?.ext).toBe('dmg');
    }
    // a trailer read that fails is no DMG, not an error
    expect(await diskImageOf(source(disks.dmgZlib, 1), undefined, disks.dmgZlib.subarray(0, 4100))).toBeUndefined();
  });

  it('diskImageOf answers a type or nothing for damaged DMGs, agreeing with the trailer, and never throws', async () => {
    let dmgs = 0;
    const ran = await property(600, async (rng) => {
      let file = rng.pick([disks.dmgZlib, disks.dmgRaw]);
      for (let k = 1 + rng.int(3); k > 0; k--) file = mutateDmg(file, rng);
      if (rng.chance(0.1)) file = file.subarray(rng.int(file.length));
      const how = rng.int(3);
      const got = await diskImageOf(source(file, how), rng.chance(0.2) ? { ext: 'dmg', mime: 'x' } : undefined, file.subarray(0, 4100));
      if (got?.ext === 'dmg') dmgs++;
      // a DMG only when the trailer holds (what 7-Zip is then given); nothing only when it does not (or cannot be read)
      if (got?.ext === 'dmg') expect(kolyHolds(file)).toBe(true);
      else if (!got && how !== 1) expect(kolyHolds(file)).toBe(false);
    });
    expect(ran).toBeGreaterThan(100);
    expect(dmgs).toBeGreaterThan(ran / 10);
  }, 20_000);

  it('diskImageType takes any partition table (huge counts, overlaps, loops) and any bytes', async () => {
    const ran = await property(2000, (rng) => {
      let file: Buffer;
      if (rng.chance(0.3)) {
        file = randomBytes(rng, rng.pick([0, 1, 511, 512, 513, 1024, 4096, 4200]));
        if (rng.chance(0.5) && file.length >= 512) (file[510] = 0x55), (file[511] = 0xaa);
        if (rng.chance(0.3) && file.length >= 528) file.write('EFI PART', 512, 'latin1');
      } else {
        file = rng.pick([disks.mbr, disks.gpt2]);
        for (let k = 1 + rng.int(3); k > 0; k--) file = rng.chance(0.5) && file.toString('latin1', 512, 520) === 'EFI PART' ? mutateGpt(file, rng) : mutateMbr(file, rng);
      }
      const head = file.subarray(0, rng.pick([512, 4100, file.length]));
      const got = diskImageType(undefined, head, rng.chance(0.2) ? rng.pick([0, 1, 2 ** 53]) : file.length);
      expect(got === undefined || got.ext === 'img').toBe(true);
    });
    expect(ran).toBeGreaterThan(500);
  }, 20_000);
});

// ---- XOR obfuscation -------------------------------------------------------------------------------

/** Any string: UTF-16 code units of every kind, lone surrogates and NULs included, 0–40 long. */
function anyPassword(rng: Rng): string {
  const n = rng.pick([0, 1, 2, 7, 15, 16, 40]);
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(rng.pick([rng.int(0x80), rng.int(0x100), rng.int(0x10000), 0, 0xd800, 0xdfff, 0x100, 0xff00]));
  return s;
}

describe('XOR obfuscation keys and deobfuscation (office-xor.ts, xls-crypto.ts, doc-crypto.ts)', () => {
  it('derives a 16-bit key and verifier and a 16-byte array from any password, without throwing', async () => {
    const ran = await property(5000, (rng) => {
      const password = anyPassword(rng);
      const pw = xorPasswordBytes(password);
      if (password.length === 0) return expect(pw).toBeUndefined();
      expect(pw!.length).toBe(Math.min(15, password.length));
      for (const b of pw!) expect(b >= 0 && b <= 0xff).toBe(true);
      const key = xorKey(pw!);
      const verifier = xorVerifier(pw!);
      expect(key).toBe(key & 0xffff);
      expect(verifier).toBe(verifier & 0xffff);
      expect(xorArray(pw!, key).length).toBe(16);
      expect(xorPasswordArray({ type: 'xor', key, verifier }, password)?.length).toBe(16);
      const other = { type: 'xor' as const, key: rng.int(0x10000), verifier: rng.int(0x10000) };
      const array = xorPasswordArray(other, password);
      if (array) expect(other.key === key && other.verifier === verifier).toBe(true);
    });
    expect(ran).toBeGreaterThan(1000);
  });

  it('agrees with the builder\'s other formulation on random ASCII passwords', async () => {
    await property(3000, (rng) => {
      const n = 1 + rng.int(15);
      let password = '';
      for (let i = 0; i < n; i++) password += String.fromCharCode(1 + rng.int(0x7f));
      const pw = xorPasswordBytes(password)!;
      expect(xorKey(pw)).toBe(lfsrKey(password));
      expect(xorVerifier(pw)).toBe(rotationVerifier(password));
    });
  });

  it('deobfuscates damaged workbooks and Word streams to their own length, with any array', async () => {
    const book = CFB.find(CFB.read(xorXls('Mk@2024'), { type: 'buffer' }), 'Workbook')!.content as Uint8Array;
    const doc = CFB.read(xorDoc('Mk@2024'), { type: 'buffer' });
    const stream = (name: string) => Buffer.from((CFB.find(doc, name)?.content as Uint8Array | undefined) ?? []);
    let locked = 0;
    const ran = await property(2000, (rng) => {
      const array = randomBytes(rng, 16);
      const wb = Buffer.from(book);
      for (let k = rng.int(6); k > 0; k--) {
        const at = rng.chance(0.7) ? rng.int(Math.min(wb.length, 64)) : rng.int(wb.length);
        wb[at] = rng.chance(0.5) ? rng.int(256) : rng.pick([0, 0x2f, 0xff, 6]);
      }
      const cut = rng.chance(0.2) ? wb.subarray(0, rng.int(wb.length)) : wb;
      const lock = workbookLock(cut);
      if (!('error' in lock) && lock.scheme.type === 'xor') {
        locked++;
        expect(decryptWorkbookXor(lock, array).length).toBe(cut.length);
      }
      const word = stream('WordDocument');
      for (let k = rng.int(4); k > 0; k--) word[rng.int(Math.min(word.length, 40))] = rng.int(256);
      const table = stream(rng.pick(['1Table', '0Table']));
      const wl = wordLock(word, (n) => (n.endsWith('Table') ? table : undefined));
      if (wl && !('error' in wl) && 'scheme' in wl && wl.scheme.type === 'xor') {
        const out = deobfuscateWord(wl as Parameters<typeof deobfuscateWord>[0], array, { word, table, data: rng.chance(0.5) ? randomBytes(rng, 100) : undefined });
        expect(out.WordDocument!.length).toBe(word.length);
      }
    });
    expect(locked).toBeGreaterThan(ran / 4);
  }, 20_000);
});

// ---- picture headers -------------------------------------------------------------------------------

describe('picture headers (scan/ocr/pictures.ts pictureInfo, ocrSizeAllowed)', () => {
  const PICTURES = [bmpPicture(96, 40), bmpPicture(32, 24, true), webpLossless(64, 32), webpLossless(40, 24, true), webpLossyHeader(48, 32)];

  it('reads the sizes the builders write', () => {
    expect(PICTURES.map((b) => pictureInfo(b))).toEqual([
      { type: 'bmp', width: 96, height: 40 },
      { type: 'bmp', width: 32, height: 24 },
      { type: 'webp', width: 64, height: 32 },
      { type: 'webp', width: 40, height: 24 },
      { type: 'webp', width: 48, height: 32 },
    ]);
  });

  it('answers a picture with whole, non-negative sides or nothing for damaged headers; the size window holds', async () => {
    const ran = await property(5000, (rng) => {
      let pic = rng.pick(PICTURES);
      for (let k = 1 + rng.int(3); k > 0; k--) pic = mutatePicture(pic, rng);
      if (rng.chance(0.1)) pic = Buffer.concat([pic.subarray(0, 16), randomBytes(rng, rng.int(20))]);
      const info = pictureInfo(pic);
      if (!info) return;
      for (const side of [info.width, info.height]) expect(Number.isSafeInteger(side) && side >= 0).toBe(true);
      if (ocrSizeAllowed(info)) {
        expect(Math.max(info.width, info.height)).toBeLessThanOrEqual(OCR_MAX_SIDE);
        expect(info.width * info.height).toBeLessThanOrEqual(OCR_MAX_PIXELS);
      }
    });
    expect(ran).toBeGreaterThan(1000);
  });
});

// ---- forwarded messages sent base64 or quoted-printable --------------------------------------------

/** Random bytes with line breaks, dashes at line starts, spaces before breaks, '=' and 8-bit bytes. */
function messageLike(rng: Rng, eol: string): Buffer {
  const pieces = ['-', '--', '--out', ' ', '\t', '=', '=3D', '.', 'a', 'Ư', '\r', '\0', '\xff', eol, eol, ` ${eol}`, `-${eol}`, 'x'.repeat(80)];
  let s = '';
  for (let n = rng.int(300); n > 0; n--) s += rng.chance(0.2) ? String.fromCharCode(rng.int(256)) : rng.pick(pieces);
  return Buffer.from(s, 'latin1');
}

describe('forwarded messages decoded and encoded again (act/encoded-forward.ts)', () => {
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

  it('base64: decode(encode(x)) is x for any bytes, with either line ending', async () => {
    const ran = await property(3000, (rng) => {
      const x = rng.chance(0.5) ? randomBytes(rng, rng.int(2000)) : messageLike(rng, '\r\n');
      const eol = rng.pick(['\r\n', '\n']);
      const encoded = encodeForward(x, 'base64', eol, rng.chance(0.5));
      const back = decodeForward(encoded, 'base64', sha(x));
      expect('bytes' in back && back.bytes.equals(x)).toBe(true);
    });
    expect(ran).toBeGreaterThan(500);
  });

  it('quoted-printable: decode(encode(x)) is x when x breaks its lines with the body\'s line ending; no encoded line starts with "--"', async () => {
    const ran = await property(3000, (rng) => {
      const eol = rng.pick(['\r\n', '\n']);
      // (a lone CR is escaped; a line break of the other kind becomes the body's: see encodeQp)
      let x = rng.chance(0.3) ? randomBytes(rng, rng.int(2000)) : messageLike(rng, eol);
      x = Buffer.from(x.toString('latin1').replace(/\r*\n/g, eol), 'latin1');
      const encoded = encodeForward(x, 'quoted-printable', eol, true);
      expect(qpFault(encoded)).toBe('');
      for (const line of encoded.toString('latin1').split(/\r?\n/)) {
        expect(line.startsWith('-'), line).toBe(false);
        expect(line.length).toBeLessThanOrEqual(76);
      }
      const back = decodeForward(encoded, 'quoted-printable', sha(x));
      expect('bytes' in back && back.bytes.equals(x), JSON.stringify(x.toString('latin1'))).toBe(true);
    });
    expect(ran).toBeGreaterThan(500);
  });

  it('decodeForward takes any body: bytes or a fault, never an exception', async () => {
    const ran = await property(3000, (rng) => {
      const raw = rng.chance(0.5) ? randomBytes(rng, rng.int(3000)) : Buffer.from(messageLike(rng, rng.pick(['\r\n', '\n'])).toString('base64').replace(/.{1,76}/g, '$&\r\n').replace(/=/g, () => rng.pick(['=', '', '==', ' ='])), 'latin1');
      const got = decodeForward(raw, rng.pick(['base64', 'quoted-printable'] as const), rng.chance(0.5) ? undefined : sha(raw));
      expect('bytes' in got || typeof got.fault === 'string').toBe(true);
    });
    expect(ran).toBeGreaterThan(500);
  });
});
