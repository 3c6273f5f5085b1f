import { Readable } from 'node:stream';
import type { CFB$Container } from 'cfb';
import { describe, expect, it } from 'vitest';
import * as o from '../../../test-fixtures/attachments/office-payloads.mjs';
import * as p from '../../../test-fixtures/attachments/payloads.mjs';
import { boundaryReadings } from '../../src/parse/boundary-readings.js';
import { continuationsAsWritten, decodeUtf7, nameReadings } from '../../src/parse/name-readings.js';
import { toUrlRef } from '../../src/parse/url-ref.js';
import { compoundFile, encryptPresentation, encryptWordStreams, wordDocumentStream } from '../../src/scan/attachments/doc-crypto-builder.js';
import { decryptWord, deobfuscateWord, wordLock } from '../../src/scan/attachments/doc-crypto.js';
import { exOleObjStg, record } from '../../src/scan/attachments/lure-fixtures.js';
import { readCompoundFile } from '../../src/scan/attachments/cfb-guard.js';
import { parseRc4Header, rc4PasswordKeys, type BlockKeys } from '../../src/scan/attachments/office-rc4.js';
import { legacyLock } from '../../src/scan/attachments/ole-crypto.js';
import { isXorDocument } from '../../src/scan/attachments/office-xor.js';
import { compoundFileObjects, MAX_OBJECTS, packagedBytes, packageObject, readPackageHeader } from '../../src/scan/attachments/ole-objects.js';
import type { PdfEncryption } from '../../src/scan/attachments/pdf-crypt.js';
import { decryptedPdf, embeddedContent, MAX_EMBEDDED } from '../../src/scan/attachments/pdf-decrypted.js';
import { clearPdfEmbedded } from '../../src/scan/attachments/pdf-embedded.js';
import { decryptPresentation, presentationLock } from '../../src/scan/attachments/ppt-crypto.js';
import { headEnd, unsignedHead } from '../../src/scan/auth/unsigned-head.js';
import { isFraudAwareness } from '../../src/scan/content/awareness.js';
import { downloadedFile, windowsLinkTags } from '../../src/scan/urls/delivery.js';
import { mutateCfb, mutatePdf } from './format-mutators.js';
import { Rng } from './mutators.js';
import { CALL_MS, propertyRunner, randomBytes } from './property.js';

/**
 * Property tests of the newer readers on random and damaged input, called directly (the fuzzer
 * reaches them only through whole messages): each must return (never throw, past the errors its
 * caller handles), within a time bound, with output bounded by its input and its documented caps.
 * Each test runs for a fixed number of cases and a time budget of a few seconds, from a fixed seed
 * (a failure prints the case's index: rerun it with the same seed).
 */

const SEED = 20251125;
const property = propertyRunner(SEED);

/** Random text made of pieces that matter to the reader under test. */
function pieces(rng: Rng, list: readonly string[], n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += rng.chance(0.1) ? String.fromCharCode(rng.int(256)) : rng.pick(list);
  return s;
}

// ---- PDFs --------------------------------------------------------------------------------------

const pdfWith = p.pdfWithEmbedded;


const PDFS = [
  pdfWith([{ name: 'hoa-don.exe', data: p.makePe() }, { name: 'a.txt', data: Buffer.from('x'), raw: true }]),
  pdfWith([{ name: 'b.js', data: Buffer.from('WScript.Echo(1)'), typed: false }]),
  pdfWith(Array.from({ length: 5 }, (_, i) => ({ name: `f${i}.bat`, data: Buffer.alloc(3000, 0x41 + i) }))),
  p.makeJavaScriptPdf(),
];

type Crypt = Extract<PdfEncryption, { state: 'readable' }>;
const AS_IS: Crypt = { state: 'readable', method: 'none', decryptString: (s) => s, decryptStream: (d) => d };
/** A decryptor that answers garbage, nothing, or longer data (a wrong key, a broken cipher). */
const garbageCrypt = (rng: Rng): Crypt => ({
  state: 'readable',
  method: 'garbage',
  decryptString: (s) => (rng.chance(0.3) ? undefined : rng.chance(0.5) ? s.split('').reverse().join('') : '\0'.repeat(s.length)),
  decryptStream: (d) => (rng.chance(0.3) ? undefined : rng.chance(0.5) ? randomBytes(rng, Math.min(d.length, 4096)) : Buffer.concat([d, d])),
});

describe('PDF embedded files on damaged PDFs (pdf-embedded.ts, pdf-decrypted.ts)', () => {
  it('clearPdfEmbedded and decryptedPdf return bounded answers for every mutation, and embeddedContent keeps its cap', async () => {
    let embeddedSeen = 0;
    const ran = await property(400, async (rng) => {
      let pdf = rng.pick(PDFS);
      for (let k = 1 + rng.int(4); k > 0; k--) pdf = mutatePdf(pdf, rng);
      const files = clearPdfEmbedded(pdf);
      expect(files.length).toBeLessThanOrEqual(MAX_EMBEDDED);
      for (const f of files) expect(f.data.length).toBeLessThanOrEqual(pdf.length);
      embeddedSeen += files.length;
      const maxBytes = rng.pick([0, 100, 4096, pdf.length, 4 * pdf.length]);
      const copy = decryptedPdf(pdf, rng.chance(0.5) ? AS_IS : garbageCrypt(rng), { maxBytes, picturesOnly: rng.chance(0.2) });
      if (copy) {
        expect(copy.pdf.length).toBeLessThanOrEqual(maxBytes);
        expect(copy.embedded.length).toBeLessThanOrEqual(MAX_EMBEDDED);
      }
      for (const f of [...files, ...(copy?.embedded ?? [])].slice(0, 8)) {
        const cap = rng.pick([0, 1, 1000, 1 << 20]);
        const got = await embeddedContent(f, cap);
        if (got) expect(got.data.length).toBeLessThanOrEqual(Math.max(1, cap));
      }
    });
    expect(ran).toBeGreaterThan(50);
    // the mutations keep reaching embedded files (a broken mutator would test nothing)
    expect(embeddedSeen).toBeGreaterThan(ran / 4);
  }, 20_000);

  it('random bytes after a PDF header are not a PDF with files', async () => {
    await property(300, (rng) => {
      const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(pieces(rng, ['obj', 'endobj', 'stream\n', 'endstream', '<<', '>>', '/EF', '/Type /EmbeddedFile', '/ObjStm', ' 1 0 R', '(', ')', '\\'], rng.int(2000)), 'latin1')]);
      expect(clearPdfEmbedded(pdf).length).toBeLessThanOrEqual(MAX_EMBEDDED);
      decryptedPdf(pdf, AS_IS, { maxBytes: 1 << 20 });
    });
  }, 20_000);
});

// ---- OLE Package objects -----------------------------------------------------------------------

describe('OLE Package headers (ole-objects.ts packagedBytes)', () => {
  it('never reads past the data: the bytes returned are a view inside it, cut when the size says more', async () => {
    const base = [o.ole10NativeStream('huong-dan.js', o.FAKE_PROGRAM), o.packageNative('run.bat', o.FAKE_PROGRAM)];
    const ran = await property(3000, (rng) => {
      const sized = rng.chance(0.5);
      let native: Buffer;
      switch (rng.int(4)) {
        case 0: native = randomBytes(rng, rng.int(300)); break;
        case 1: native = Buffer.alloc(rng.pick([10, 70_000]), rng.pick([0x41, 0])); break; // no NUL / only NULs
        default: {
          native = Buffer.from(base[sized ? 0 : 1]!);
          for (let k = 1 + rng.int(4); k > 0; k--) {
            const at = rng.int(native.length);
            if (rng.chance(0.4) && at + 4 <= native.length) native.writeUInt32LE(rng.pick([0, 1, 3, 0xffff, 0x7fffffff, 0xffffffff, native.length]), at);
            else native[at] = rng.pick([0, 3, 0xff, rng.int(256)]);
          }
          if (rng.chance(0.3)) native = native.subarray(0, rng.int(native.length + 1));
        }
      }
      const got = packagedBytes(native, sized);
      if (got) {
        expect(got.data.length).toBeLessThanOrEqual(native.length);
        expect(got.data.buffer).toBe(native.buffer); // a view, not a copy
      }
      readPackageHeader(native, sized);
      const obj = packageObject(native, sized, ['Package']);
      expect(obj.kind).toBe('package');
    });
    expect(ran).toBeGreaterThan(500);
  }, 20_000);

  it('compoundFileObjects answers (or gives up) on damaged compound files holding packages', async () => {
    const docs = [o.makeOleDocWithPackage('huong-dan.js'), o.makeCompoundFile({ '/\u0001Ole10Native': o.ole10NativeStream('a.exe', o.FAKE_PROGRAM), '/\u0001CompObj': o.compObj('OLE Package', 'Package') })];
    await property(300, (rng) => {
      let cfb = rng.pick(docs);
      for (let k = 1 + rng.int(3); k > 0; k--) cfb = mutateCfb(cfb, rng);
      const objects = compoundFileObjects(cfb);
      if (objects) expect(objects.length).toBeLessThanOrEqual(MAX_OBJECTS);
    });
  }, 20_000);
});

// ---- RC4 Word and PowerPoint -------------------------------------------------------------------

const PASSWORD = 'Mk@2024';
const wordSealed = () => encryptWordStreams(wordDocumentStream(Buffer.alloc(1200, 0x61)), Buffer.alloc(1500, 0x33), Buffer.alloc(800, 0x44), PASSWORD, { scheme: 'cryptoapi' });
const wordSealedRc4 = () => encryptWordStreams(wordDocumentStream(Buffer.alloc(700, 0x62)), Buffer.alloc(600, 0x33), undefined, PASSWORD, { scheme: 'rc4' });
const pptSealed = () =>
  encryptPresentation(
    [record(0xf, 0, 0x03e8, record(0, 0, 0x0fa0, Buffer.alloc(600, 0x41))), exOleObjStg(o.makeOleDocWithPackage('x.js'))],
    PASSWORD,
  ).streams;

/** Flips, overwrites or cuts `buf` a little (more often in its first bytes, where the headers are). */
function damage(buf: Buffer, rng: Rng): Buffer {
  let out = Buffer.from(buf);
  for (let k = 1 + rng.int(4); k > 0; k--) {
    const at = rng.chance(0.6) ? rng.int(Math.min(out.length, 128)) : rng.int(out.length);
    if (rng.chance(0.4) && at + 4 <= out.length) out.writeUInt32LE(rng.pick([0, 1, 2, 4, 0x14, 0x200, 0xffff, 0x7fffffff, 0xffffffff, out.length, out.length - 8]) >>> 0, at);
    else if (at < out.length) out[at] = rng.int(256);
  }
  if (rng.chance(0.25)) out = out.subarray(0, rng.int(out.length + 1));
  return out;
}

const randomKeys = (rng: Rng): BlockKeys => {
  const seed = randomBytes(rng, 16);
  return (block) => Buffer.concat([seed.subarray(0, 12), Buffer.from([block & 0xff, 0, 0, 0])]);
};

describe('RC4 Word and PowerPoint readers on damaged streams (doc-crypto.ts, ppt-crypto.ts, office-rc4.ts, ole-crypto.ts)', () => {
  it('wordLock answers a lock, an error or nothing, and decryptWord keeps each stream its length', async () => {
    const sealed = [wordSealed(), wordSealedRc4()];
    let locks = 0;
    await property(1500, (rng) => {
      const s = rng.pick(sealed).streams;
      const word = rng.chance(0.7) ? damage(s.WordDocument!, rng) : s.WordDocument!;
      const streams: Record<string, Buffer> = { ...s, WordDocument: word };
      const tableName = Object.keys(s).find((n) => n.endsWith('Table'))!;
      if (rng.chance(0.6)) streams[tableName] = damage(s[tableName]!, rng);
      if (rng.chance(0.1)) delete streams[tableName];
      const lock = wordLock(word, (n) => streams[n]);
      if (!lock || 'error' in lock) return;
      locks++;
      const table = streams[lock.table]!;
      const parts = { word, table, ...(streams.Data ? { data: streams.Data } : {}) };
      // a damaged FibBase may say XOR obfuscation: any 16-byte array
      const out = 'headerBytes' in lock ? decryptWord(lock, rc4PasswordKeys(lock.scheme, PASSWORD) ?? randomKeys(rng), parts) : deobfuscateWord(lock, randomBytes(rng, 16), parts);
      expect(out.WordDocument!.length).toBe(word.length);
      expect(out[lock.table]!.length).toBe(table.length);
    });
    expect(locks).toBeGreaterThan(10);
  }, 20_000);

  it('presentationLock follows edits and persist directories without looping, and decryptPresentation keeps the lengths', async () => {
    const s = pptSealed();
    let locks = 0;
    await property(1500, (rng) => {
      const doc = rng.chance(0.8) ? damage(s['PowerPoint Document']!, rng) : s['PowerPoint Document']!;
      const currentUser = rng.chance(0.4) ? damage(s['Current User']!, rng) : s['Current User']!;
      const lock = presentationLock(rng.chance(0.05) ? undefined : currentUser, doc);
      if (!lock || 'error' in lock) return;
      locks++;
      expect(lock.objects.length).toBeLessThanOrEqual(doc.length);
      const keys = rc4PasswordKeys(lock.scheme, PASSWORD) ?? randomKeys(rng);
      const out = decryptPresentation(lock, keys, { currentUser, doc });
      expect(out['PowerPoint Document']!.length).toBe(doc.length);
      expect(out['Current User']!.length).toBe(currentUser.length);
    });
    expect(locks).toBeGreaterThan(10);
  }, 20_000);

  it('parseRc4Header takes any bytes', async () => {
    await property(5000, (rng) => {
      const head = rng.pick([Buffer.from([1, 0, 1, 0]), Buffer.from([2, 0, 2, 0]), Buffer.from([4, 0, 2, 0]), Buffer.alloc(0)]);
      const data = Buffer.concat([head, randomBytes(rng, rng.int(300))]);
      if (rng.chance(0.5) && data.length >= 12) data.writeUInt32LE(rng.pick([0, 32, 200, 0xffffffff]), 8);
      const scheme = parseRc4Header(data);
      if (!('error' in scheme)) rc4PasswordKeys(scheme, PASSWORD);
    });
  }, 20_000);

  it('legacyLock and its decrypt on damaged compound files: the caller sees undefined, an error or a lock', async () => {
    const files = [compoundFile(wordSealed().streams), compoundFile(pptSealed())];
    let read = 0;
    await property(250, (rng) => {
      let file = rng.pick(files);
      for (let k = 1 + rng.int(2); k > 0; k--) file = mutateCfb(file, rng);
      let container: CFB$Container;
      try {
        container = readCompoundFile(file);
      } catch {
        return; // walk.ts reads the container in a try: a file that cannot be read is not opened
      }
      read++;
      const lock = legacyLock(container, file);
      if (lock && 'document' in lock) {
        const doc = lock.document;
        const out = isXorDocument(doc) ? doc.decrypt(randomBytes(rng, 16)) : doc.decrypt(rc4PasswordKeys(doc.scheme, PASSWORD) ?? randomKeys(rng));
        if (out) expect(out.length).toBeLessThan(file.length * 4 + 1_000_000);
      }
    });
    expect(read).toBeGreaterThan(20);
  }, 30_000);
});

// ---- header blocks (unsigned-head.ts) ----------------------------------------------------------

const HEAD_PIECES = ['\r\n', '\n', '\r', 'From: a@b.example', 'Subject: x', ' folded', '\t', 'DKIM-Signature: v=1', 'ARC-Seal: i=1', 'X-DKIM-Signature: no', ':', 'a', '\0', '\r\n\r\n', '\n\n', '\n\r\n', 'body'];

/** Where the header block ends, written the simple way: the first LF LF or LF CR LF, just after it. */
function referenceHeadEnd(buf: Buffer): number {
  const a = buf.indexOf('\n\n');
  const b = buf.indexOf('\n\r\n');
  const ends = [a < 0 ? -1 : a + 2, b < 0 ? -1 : b + 3].filter((e) => e >= 0);
  return ends.length ? Math.min(...ends) : -1;
}

describe('header blocks for mailauth (unsigned-head.ts)', () => {
  it('headEnd finds the first empty line as a plain search does, and unsignedHead reads the same from a stream cut anywhere', async () => {
    const ran = await property(3000, async (rng) => {
      const buf = Buffer.from(pieces(rng, HEAD_PIECES, rng.int(60)), 'latin1');
      expect(headEnd(buf)).toBe(referenceHeadEnd(buf));
      const maxBytes = rng.pick([4, 64, 1 << 20]);
      const whole = await unsignedHead(buf, maxBytes);
      // the stream version, in chunks of random sizes
      const chunks: Buffer[] = [];
      for (let at = 0; at < buf.length; ) {
        const n = 1 + rng.int(8);
        chunks.push(buf.subarray(at, at + n));
        at += n;
      }
      const streamed = await unsignedHead(Readable.from(chunks), maxBytes);
      expect(streamed?.toString('latin1')).toBe(whole?.toString('latin1'));
      if (whole) {
        expect(whole.length).toBeLessThanOrEqual(Math.min(buf.length, maxBytes));
        expect(/(?:^|\n)(?:dkim-signature|arc-seal)[ \t]*:/i.test(whole.toString('latin1'))).toBe(false);
        expect(whole.toString('latin1')).toMatch(/\n\r?\n$/);
      }
    });
    expect(ran).toBeGreaterThan(500);
  }, 20_000);

  it('a header block without an end, larger than the cap, is refused without reading on', async () => {
    let pulled = 0;
    const endless = new Readable({
      read() {
        pulled++;
        this.push(Buffer.from(`X-H${pulled}: ${'v'.repeat(1000)}\r\n`));
      },
    });
    const t = performance.now();
    expect(await unsignedHead(endless, 100_000)).toBeUndefined();
    expect(pulled).toBeLessThan(200);
    expect(performance.now() - t).toBeLessThan(CALL_MS);
  });
});

// ---- header values: boundaries and names -------------------------------------------------------

const BOUNDARY_PIECES = ['boundary', '=', '"', '\r\n ', '\r\n\t', '\r', '\n', ' ', '\t', ';', 'b1', 'x', '\\', '\xe1', '\0', 'multipart/mixed', 'BOUNDARY'];

describe('boundary and file-name readings (boundary-readings.ts, name-readings.ts)', () => {
  it('boundaryReadings gives a few 7-bit readings other than the one used, quickly, for any value', async () => {
    await property(5000, (rng) => {
      const raw = rng.chance(0.02) ? `boundary="${'\r\n x'.repeat(rng.pick([1000, 30_000]))}"` : pieces(rng, BOUNDARY_PIECES, rng.int(40));
      const used = rng.pick(['b1', 'b1 x', 'x', '']);
      const r = boundaryReadings(raw, used);
      if (!r) return;
      expect(r.others.length).toBeLessThanOrEqual(4);
      for (const b of r.others) {
        expect(b.length).toBeGreaterThan(0);
        expect(b.length).toBeLessThanOrEqual(raw.length);
        expect(b.toString('latin1')).not.toBe(used);
        expect(b.every((c) => c < 0x80)).toBe(true);
      }
    });
  }, 20_000);

  it('nameReadings, decodeUtf7 and continuationsAsWritten take any value: few readings, none longer than the value', async () => {
    const NAME_PIECES = ['=?', '?=', '?Q?', '?B?', '?q?', 'utf-7', 'x-unknown', 'utf-8', '+', '-', 'AC4', '+AC4-', '\0', '.', 'exe', 'hoa-don', '=2E', '_', '*', "''", '%', '%E1', 'QUFB'];
    await property(5000, (rng) => {
      const name = rng.chance(0.02) ? `=?utf-7?Q?+${'A'.repeat(rng.pick([1000, 100_000]))}?=` : pieces(rng, NAME_PIECES, rng.int(30));
      const readings = nameReadings(name);
      expect(readings.length).toBeLessThanOrEqual(4); // NUL cut, latin1 and UTF-7 of unknown charsets, adjacent words joined
      for (const r of readings) expect(r.length).toBeLessThanOrEqual(name.length);
      expect(decodeUtf7(name).length).toBeLessThanOrEqual(name.length);
      const params = Array.from({ length: rng.int(8) }, () => [rng.pick(['filename', 'name', 'x']) + rng.pick(['*0', '*1', '*2*', '*0*', '*', '*01', '*999', '*1000', '']), name] as const);
      const joined = continuationsAsWritten(params, 'filename');
      if (joined !== undefined) expect(joined.length).toBeLessThanOrEqual(params.length * (name.length + 1));
    });
  }, 20_000);
});

// ---- links and text ----------------------------------------------------------------------------

describe('links and text (url-ref.ts, delivery.ts, awareness.ts)', () => {
  it('toUrlRef, downloadedFile and windowsLinkTags take any link', async () => {
    const LINK_PIECES = ['file:', '//', '\\\\', '\\', '/', 'https:', 'search-ms:', 'ms-word:', '@SSL', '@443', 'DavWWWRoot', '%2F', '%', '%E1', '?', '#', '.exe', '.zip', '.lnk', 'a', '..', ':', '[', ']', '\0', ' ', '%00'];
    await property(5000, (rng) => {
      const raw = rng.chance(0.01) ? `https://a.example/${'%2F'.repeat(50_000)}x.exe` : pieces(rng, LINK_PIECES, rng.int(20));
      const ref = toUrlRef(raw, rng.pick(['href', 'text', 'src'] as const), rng.chance(0.2) ? 'https://base.example/dir/' : undefined);
      if (!ref) return;
      downloadedFile(ref);
      windowsLinkTags(ref, ref.scheme);
    });
  }, 20_000);

  it('isFraudAwareness stays linear on long and repetitive text', async () => {
    const WORDS = ['cảnh giác', 'lừa đảo', 'không', 'cung cấp', 'mã OTP', 'công an', 'mật khẩu', 'đường link', ' ', '\n', 'a', '.'];
    await property(200, (rng) => {
      const text = rng.chance(0.2) ? rng.pick(WORDS).repeat(rng.pick([10_000, 100_000])) : pieces(rng, WORDS, rng.int(2000));
      isFraudAwareness(text.slice(0, 200), text);
    });
  }, 20_000);
});
