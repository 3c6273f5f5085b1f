import CFB from 'cfb';
import { describe, expect, it } from 'vitest';
import * as o from '../../../../test-fixtures/attachments/office-payloads.mjs';
import { fuzzEngine, runOne } from '../../../test/fuzz/harness.js';
import { checkCompoundFile, CompoundFileError, readCompoundFile } from './cfb-guard.js';
import { compoundFile, encryptPresentation, encryptWordStreams, wordDocumentStream } from './doc-crypto-builder.js';
import { inspectOle } from './macros.js';
import { withStreams } from './ole-crypto.js';
import { compoundFileObjects } from './ole-objects.js';

/**
 * cfb's CFB.read on a directory whose entries are each other's siblings in a loop grows an array
 * until V8 aborts the process (found by test/fuzz/parsers.property.test.ts: a .doc attachment
 * would have taken the gateway down). readCompoundFile refuses such files with an error the
 * callers already catch; files as Office writes them read as before.
 */


/** A compound file whose 4 KB stream starts past the end of the file, on a FAT entry pointing at itself. */
function chainLoopPastTheEnd(): Buffer {
  const doc = Buffer.from(o.makeOleDocWithPackage('huong-dan.js'));
  const count = Math.ceil(doc.length / 512) - 1;
  const start = count + 3;
  const fat = (doc.readInt32LE(76) + 1) * 512;
  doc.writeInt32LE(start, fat + start * 4);
  const dir = (doc.readInt32LE(48) + 1) * 512;
  // the first stream entry after the root
  doc.writeInt32LE(start, dir + 128 + 116);
  doc.writeInt32LE(8192, dir + 128 + 120);
  return doc;
}

const mail = (doc: Buffer) =>
  Buffer.from(
    'From: a@sender.example\r\nTo: staff@lachan.test\r\nSubject: cong van\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n' +
      `--b\r\nContent-Type: text/plain\r\n\r\nXem.\r\n--b\r\nContent-Type: application/msword\r\nContent-Disposition: attachment; filename="cong-van.doc"\r\nContent-Transfer-Encoding: base64\r\n\r\n${doc.toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n--b--\r\n`,
  );

describe('compound files cfb would run away on (cfb-guard.ts)', () => {
  it('a directory whose entries are each other siblings in a loop is refused, quickly', () => {
    const t = performance.now();
    expect(() => readCompoundFile(o.makeLoopedDirectoryDoc())).toThrow(CompoundFileError);
    expect(performance.now() - t).toBeLessThan(1_000);
  });

  it('a big stream whose sector chain starts past the end of the file and loops is refused', () => {
    expect(() => checkCompoundFile(chainLoopPastTheEnd())).toThrow(/sector chain loops/);
  });

  it('the readers that open compound files answer "unreadable" instead of crashing', () => {
    const bad = o.makeLoopedDirectoryDoc();
    expect(compoundFileObjects(bad)).toBeUndefined();
    expect(withStreams(bad, {})).toBeUndefined();
    expect(() => inspectOle(bad)).not.toThrow();
  });

  it('a message carrying such a .doc gets a verdict on the mail path', async () => {
    const engine = await fuzzEngine();
    for (const doc of [o.makeLoopedDirectoryDoc(), chainLoopPastTheEnd()]) {
      const r = await runOne(mail(doc), engine, { timeoutMs: 5_000 });
      expect(r.failure).toBeUndefined();
      expect(r.action).toBeDefined();
    }
  }, 30_000);

  it('files as Office writes them read exactly as CFB.read reads them', () => {
    const sealedWord = encryptWordStreams(wordDocumentStream(Buffer.alloc(2000, 0x61)), Buffer.alloc(1500, 0x33), Buffer.alloc(800, 0x44), 'Mk@2024');
    const files = [
      o.makeOleDocWithPackage('huong-dan.js'),
      o.makeEquationOleObject(),
      compoundFile(sealedWord.streams),
      compoundFile(encryptPresentation([Buffer.from([0, 0, 0xa0, 0x0f, 4, 0, 0, 0, 1, 2, 3, 4])], 'Mk@2024').streams),
      // a directory of 1,000 entries (a big workbook or a document with many objects)
      o.makeCompoundFile(Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`/S${i}`, Buffer.from(`stream ${i}`)]))),
    ];
    for (const f of files) {
      const t = performance.now();
      expect(readCompoundFile(f).FullPaths).toEqual(CFB.read(f, { type: 'buffer' }).FullPaths);
      expect(performance.now() - t).toBeLessThan(2_000);
    }
  });
});
