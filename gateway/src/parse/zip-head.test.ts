import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import { sniffType as sniffHead } from '../scan/attachments/true-type.js';
import { makeZip } from '../../../test-fixtures/attachments/payloads.mjs';
import { zipHead } from '../../test/fuzz/changed-code-mutators.js';
import { Rng } from '../../test/fuzz/mutators.js';
import { parseMessage, releaseMessage } from './index.js';
import { plainZipHead } from './zip-head.js';

// file-type as it is, with its calls counted
const fileType = vi.hoisted(() => ({ calls: 0 }));
vi.mock('file-type', async (importOriginal) => {
  const real = await importOriginal<typeof import('file-type')>();
  return {
    ...real,
    fileTypeFromBuffer: (b: Uint8Array) => {
      fileType.calls++;
      return real.fileTypeFromBuffer(b);
    },
  };
});
const { fileTypeFromBuffer } = await import('file-type');

/** One local file header (and `data`), sizes as given: `flags` 8 is "sizes in a data descriptor". */
function localEntry(name: string, data: Buffer, opts: { flags?: number; method?: number; compressedSize?: number; descriptor?: boolean } = {}): Buffer {
  const n = Buffer.from(name);
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(opts.flags ?? 0, 6);
  h.writeUInt16LE(opts.method ?? 0, 8);
  h.writeUInt32LE(opts.compressedSize ?? data.length, 18);
  h.writeUInt32LE(data.length, 22);
  h.writeUInt16LE(n.length, 26);
  const dd = Buffer.alloc(opts.descriptor ? 16 : 0);
  if (opts.descriptor) dd.writeUInt32LE(0x08074b50, 0);
  return Buffer.concat([h, n, data, dd]);
}

/** What file-type itself makes of the bytes, in plainZipHead's terms. */
async function fileTypeSays(b: Buffer): Promise<string> {
  try {
    const found = await fileTypeFromBuffer(b);
    return found?.ext === 'zip' ? 'zip' : `other:${found?.ext}`;
  } catch {
    return 'gives-up';
  }
}

const CONTENT_TYPES = '<Types><Override ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';

async function zipHeads(): Promise<Buffer[]> {
  const text = Buffer.from('Báo cáo quý 3 '.repeat(200));
  const random = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 251));
  return [
    await makeZip({ 'a.txt': text, 'b/c.bin': random, 'd.txt': 'ngắn' }),
    await makeZip({ 'a.txt': text, 'b.bin': random }, { store: true }),
    await makeZip({ 'x.txt': 'một' }),
    Buffer.concat([localEntry('a.bin', random.subarray(0, 900)), localEntry('b.bin', random.subarray(0, 40))]),
    // sizes in a data descriptor: the walk looks for the descriptor's signature
    Buffer.concat([localEntry('a.bin', random.subarray(0, 500), { flags: 8, compressedSize: 0, descriptor: true }), localEntry('b.bin', text.subarray(0, 60))]),
    Buffer.concat([localEntry('a.bin', random.subarray(0, 500), { flags: 8, descriptor: true }), localEntry('b.bin', text.subarray(0, 60), { flags: 8, compressedSize: 0 })]),
    // entries that tell the type: by name, or by their data (read whole)
    await makeZip({ '[Content_Types].xml': CONTENT_TYPES, 'word/document.xml': text, 'word/media/a.bin': random }),
    await makeZip({ mimetype: 'application/vnd.oasis.opendocument.text', 'content.xml': text }, { store: true }),
    await makeZip({ 'a.txt': text, 'META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\n', 'classes.dex': random }),
    Buffer.concat([localEntry('a.bin', random.subarray(0, 300)), localEntry('mimetype', Buffer.from('application/epub+zip')), localEntry('b.bin', text.subarray(0, 60))]),
    // the fuzzed heads: a docx's first entry declaring 0xFFFFFFFF bytes (and no known method)
    Buffer.concat([localEntry('[Content_Types].xml', random.subarray(0, 1700), { flags: 0x800, method: 0xffff, compressedSize: 0xffffffff })]),
  ];
}

describe('plainZipHead', () => {
  it("gives file-type's own answer for zip heads, whole, truncated and damaged", async () => {
    const rng = new Rng(20261125);
    const seen: Record<string, number> = {};
    const check = async (head: Buffer) => {
      const plain = plainZipHead(head);
      seen[plain ?? 'asks'] = (seen[plain ?? 'asks'] ?? 0) + 1;
      if (!plain) return;
      expect([head.toString('hex').slice(0, 200), plain]).toEqual([head.toString('hex').slice(0, 200), await fileTypeSays(head)]);
    };
    for (const zip of await zipHeads()) {
      for (let len = 4; len <= zip.length; len += len < 120 ? 1 : 53) await check(zip.subarray(0, len));
      await check(zip);
      for (let k = 0; k < 60; k++) {
        const damaged = Buffer.from(zip.subarray(0, 4 + rng.int(zip.length - 3)));
        for (let f = 1 + rng.int(3); f > 0; f--) damaged[4 + rng.int(Math.max(1, damaged.length - 4))] = rng.int(256);
        await check(damaged);
      }
    }
    // both answers, the central directory's and the local headers' ways, were met many times
    expect(seen.zip).toBeGreaterThan(20);
    expect(seen['gives-up']).toBeGreaterThan(500);
    expect(seen.asks).toBeGreaterThan(20);
  });

  it("gives file-type's own answer for the fuzzer's zip heads (names cut anywhere, lying sizes, data descriptors, central directories pointing anywhere)", async () => {
    const seen: Record<string, number> = {};
    for (let seed = 0; seed < 600; seed++) {
      const head = zipHead(new Rng(seed));
      const plain = plainZipHead(head);
      seen[plain ?? 'asks'] = (seen[plain ?? 'asks'] ?? 0) + 1;
      if (plain) expect([seed, plain]).toEqual([seed, await fileTypeSays(head)]);
    }
    expect(seen.zip).toBeGreaterThan(20);
    expect(seen['gives-up']).toBeGreaterThan(200);
  });

  it('leaves to file-type the heads naming an entry it tells a type by, and other bytes', async () => {
    const docx = await makeZip({ '[Content_Types].xml': CONTENT_TYPES, 'word/document.xml': '<w/>' });
    expect(plainZipHead(docx)).toBeUndefined();
    expect(await sniffHead(docx)).toEqual({ ext: 'docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
    for (const name of ['mimetype', 'META-INF/MANIFEST.MF', 'classes2.dex']) expect(plainZipHead(await makeZip({ [name]: 'x' }))).toBeUndefined();
    expect(plainZipHead(Buffer.from('%PDF-1.7\n'))).toBeUndefined();
    expect(plainZipHead(Buffer.from('PK\x05\x06', 'latin1'))).toBeUndefined();
  });

  it('types a message of many truncated zip heads without running file-type on them', async () => {
    const heads = Array.from({ length: 40 }, (_, i) =>
      i % 2
        ? localEntry(`tep-${i}.bin`, Buffer.alloc(200, 0x41), { compressedSize: 100_000 })
        : // a docx head whose first entry declares more bytes than there are (file-type would make a buffer of 4 GiB for it)
          localEntry('[Content_Types].xml', Buffer.alloc(200, 0x41), { flags: 0x800, method: 8, compressedSize: 0xffffffff - i }),
    );
    const whole = await makeZip({ 'a.txt': 'xin chào' });
    const parts = [...heads, whole].map(
      (b, i) => `--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="f${i}.dat"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b.toString('base64')}\r\n`,
    );
    const raw = Buffer.from(`From: a@example.com\r\nTo: b@example.org\r\nSubject: t\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n${parts.join('')}--b--\r\n`);
    fileType.calls = 0;
    const parsed = await parseMessage(raw, DEFAULT_LIMITS);
    try {
      expect(parsed.attachments).toHaveLength(41);
      // what file-type answered for them: it gives up on a truncated head (no type), a whole zip is a zip
      expect(parsed.attachments.slice(0, 40).map((a) => a.trueType)).toEqual(heads.map(() => undefined));
      expect(parsed.attachments[40]!.trueType).toEqual({ ext: 'zip', mime: 'application/zip' });
      // the attachment walk's sniff: a truncated zip head is a zip
      for (const h of heads) expect(await sniffHead(h)).toEqual({ ext: 'zip', mime: 'application/zip' });
      expect(fileType.calls).toBe(0);
    } finally {
      await releaseMessage(parsed);
    }
  });
});
