import iconv from 'iconv-lite';
import libmime from './libmime.js'; // the instance text-decode.ts uses (spied on below)
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mailparserReference } from '../../test/support/mailparser-reference.js';
import { PATHOLOGICAL } from '../../test/support/pathological-mail.js';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import { TEXT_KEEP_FACTOR } from './bodies.js';
import { parseMessage, releaseMessage } from './index.js';
import { JisSegments } from './text-decode.js';

const MB = 1024 * 1024;

/** Bytes from a fixed-seed generator (xorshift). */
function seeded(seed: number): () => number {
  let x = seed | 0;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

/** What libmime's decoder makes of `bytes` given whole (as the extractor did before, and mailparser does). */
function decodeWhole(bytes: Buffer, charset: string): Promise<string> {
  const stream = libmime.createDecodeStream(charset);
  const out: Buffer[] = [];
  stream.on('data', (b: Buffer) => out.push(b));
  return new Promise((resolve, reject) => {
    stream.once('end', () => resolve(Buffer.concat(out).toString()));
    stream.once('error', reject);
    stream.end(bytes);
  });
}

function mail(contentType: string, body: Buffer, encoding = 'binary'): Buffer {
  const head = `From: a@example.com\r\nTo: b@example.com\r\nSubject: t\r\nMIME-Version: 1.0\r\nContent-Type: ${contentType}\r\nContent-Transfer-Encoding: ${encoding}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

/** ISO-2022-JP text: lines of ASCII, JIS X 0208 runs and half-width katakana, as mail writes it. */
function iso2022jp(bytes: number, seed: number): Buffer {
  const next = seeded(seed);
  const out: number[] = [];
  const seq = (s: string) => out.push(...Buffer.from(s, 'latin1'));
  while (out.length < bytes) {
    for (let w = next() % 12; w > 0; w--) {
      const kind = next() % 3;
      if (kind === 0) seq(' word' + (next() % 1000));
      else if (kind === 1) {
        seq('\x1b$B');
        for (let n = 1 + (next() % 20); n > 0; n--) out.push(0x30 + (next() % 0x40), 0x21 + (next() % 0x5e));
        seq('\x1b(B');
      } else {
        seq('\x1b(I');
        for (let n = 1 + (next() % 5); n > 0; n--) out.push(0x21 + (next() % 0x3f));
        seq('\x1b(B');
      }
    }
    seq('\r\n');
  }
  return Buffer.from(out);
}

describe('charset decoding of body text holds no whole part (text-decode.ts)', () => {
  afterEach(() => vi.restoreAllMocks());

  /** Every input libmime's charset decoders get while `run` runs: its largest single piece and the total. */
  async function decoderInputs(run: () => Promise<void>): Promise<{ largest: number; total: number }> {
    const seen = { largest: 0, total: 0 };
    const original = libmime.createDecodeStream.bind(libmime);
    const count = (chunk: unknown) => {
      const n = Buffer.isBuffer(chunk) ? chunk.length : 0;
      seen.total += n;
      seen.largest = Math.max(seen.largest, n);
    };
    vi.spyOn(libmime, 'createDecodeStream').mockImplementation((charset?: unknown) => {
      const stream = original(charset as string | undefined);
      const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
      const end = stream.end.bind(stream) as (...args: unknown[]) => typeof stream;
      stream.write = ((chunk: unknown, ...rest: unknown[]) => (count(chunk), write(chunk, ...rest))) as typeof stream.write;
      stream.end = ((chunk?: unknown, ...rest: unknown[]) => (count(chunk), end(chunk, ...rest))) as typeof stream.end;
      return stream;
    });
    await run();
    return seen;
  }

  for (const charset of ['utf-16', 'utf-7', 'iso-2022-jp']) {
    it(`a text part in ${charset} of 8 MB binary junk reaches the decoder in pieces of at most 1 MiB, and only until the text kept is full`, async () => {
      const c = PATHOLOGICAL.find((p) => p.name === `a text part in charset=${charset} of 8 MB binary junk`)!;
      const raw = c.build();
      let kept = 0;
      const seen = await decoderInputs(async () => {
        const m = await parseMessage(raw, DEFAULT_LIMITS);
        kept = Buffer.byteLength(m.text);
        expect(m.problems.map((p) => p.code)).toContain('text-too-long');
        await releaseMessage(m);
      });
      // before: the whole part (8 MB, the extractor's TEXT_KEEP_FACTOR × maxTextBytes) in one piece
      expect(seen.largest).toBeGreaterThan(0);
      expect(seen.largest).toBeLessThanOrEqual(MB);
      expect(seen.total).toBeLessThan(TEXT_KEEP_FACTOR * DEFAULT_LIMITS.maxTextBytes);
      // and the text is as long as the limit allows: decoding stopped only once it was full
      expect(kept).toBeGreaterThan(DEFAULT_LIMITS.maxTextBytes - 16);
    });
  }

  it('a 1.5 MB UTF-16 part past a 256 KB limit: the text kept is the same, and the decoder is fed about what the limit needs', async () => {
    const limits = { ...DEFAULT_LIMITS, maxTextBytes: 256 * 1024 };
    const text = 'Thông báo khẩn: https://a.example/ ,\r\n'.repeat(20_000);
    const raw = mail('text/plain; charset=utf-16le', iconv.encode(text, 'utf-16le'));
    const seen = await decoderInputs(async () => {
      const m = await parseMessage(raw, limits);
      expect(Buffer.byteLength(m.text)).toBeGreaterThan(limits.maxTextBytes - 4);
      expect(m.text).toBe((await parseMessage(raw, limits, { parser: mailparserReference })).text);
    });
    // the reference parser gave its decoder the whole part (1.5 MB, counted too); ours about 2 × 256 KB
    expect(seen.total - raw.length).toBeLessThan(limits.maxTextBytes * 3);
  });
});

describe('streamed charset decoding gives the text the whole part gives (against mailparser)', () => {
  const bodies: Array<[string, Buffer]> = [
    ['iso-2022-jp', iso2022jp(400_000, 1)],
    ['ISO-2022-JP-2', iso2022jp(200_000, 2)],
    ['euc-jp', iconv.encode('こんにちは、世界。請求書を確認してください。\r\n'.repeat(8000), 'euc-jp')],
    ['shift_jis', iconv.encode('ｶﾀｶﾅ と 漢字の お知らせ\r\n'.repeat(10_000), 'shift_jis')],
    ['gb18030', iconv.encode('发票 𠀀 通知 a \r\n'.repeat(20_000), 'gb18030')],
    ['utf-16', iconv.encode('\ufeffHóa đơn điện tử 😀\r\n'.repeat(10_000), 'utf-16le')],
    ['windows-1258', iconv.encode('Tài khoản của bạn\r\n'.normalize('NFD').repeat(20_000), 'windows-1258')],
    ['koi8-r', iconv.encode('Счёт на оплату\r\n'.repeat(20_000), 'koi8-r')],
  ];
  for (const [charset, body] of bodies) {
    it(`${charset}, ${Math.round(body.length / 1024)} KB in base64 and as it is`, async () => {
      for (const [encoding, bytes] of [
        ['base64', Buffer.from(body.toString('base64').replace(/.{76}/g, '$&\r\n'), 'latin1')],
        ['binary', body],
      ] as const) {
        const raw = mail(`text/plain; charset=${charset}`, bytes, encoding);
        const ours = await parseMessage(raw, DEFAULT_LIMITS);
        const reference = await parseMessage(raw, DEFAULT_LIMITS, { parser: mailparserReference });
        expect(ours.text.length).toBeGreaterThan(body.length / 8);
        expect(ours.text).toBe(reference.text);
        expect(ours.problems).toEqual(reference.problems);
      }
    });
  }

  it('several parts of both kinds past a small limit: the text kept is what the whole decoding gave', async () => {
    const limits = { ...DEFAULT_LIMITS, maxTextBytes: 96 * 1024 };
    const part = (type: string, charset: string, body: Buffer) =>
      Buffer.concat([Buffer.from(`--k\r\nContent-Type: ${type}; charset=${charset}\r\nContent-Transfer-Encoding: base64\r\n\r\n`), Buffer.from(body.toString('base64').replace(/.{76}/g, '$&\r\n') + '\r\n')]);
    const raw = Buffer.concat([
      Buffer.from('From: a@example.com\r\nTo: b@example.com\r\nSubject: t\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=k\r\n\r\n'),
      part('text/plain', 'utf-16le', iconv.encode('một\r\n'.repeat(5000), 'utf-16le')),
      part('text/html', 'iso-2022-jp', iso2022jp(120_000, 3)),
      part('text/plain', 'windows-1252', iconv.encode('caf\u00e9 '.repeat(40_000), 'windows-1252')),
      part('text/plain', 'utf-8', Buffer.from('after https://after.example/\r\n')),
      part('text/html', 'utf-16be', iconv.encode('<p>tail</p>'.repeat(20_000), 'utf-16be')),
      Buffer.from('--k--\r\n'),
    ]);
    const ours = await parseMessage(raw, limits);
    const reference = await parseMessage(raw, limits, { parser: mailparserReference });
    expect(Buffer.byteLength(ours.text)).toBeGreaterThan(limits.maxTextBytes - 4);
    expect([ours.text, ours.html, ours.visibleText]).toEqual([reference.text, reference.html, reference.visibleText]);
    expect(ours.problems.map((p) => p.code)).toContain('text-too-long');
  });
});

describe('JisSegments', () => {
  async function segmented(bytes: Buffer, charset: string, chunk: number): Promise<{ text: string; segments: number; largest: number }> {
    const cutter = new JisSegments();
    const segments: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += chunk) segments.push(...cutter.write(bytes.subarray(i, i + chunk)));
    segments.push(cutter.end());
    const texts = await Promise.all(segments.map((s) => decodeWhole(s, charset)));
    return { text: texts.join(''), segments: segments.length, largest: Math.max(...segments.map((s) => s.length)) };
  }

  it('cuts ISO-2022-JP text into segments that decode, each alone, to the text of the whole', async () => {
    const body = iso2022jp(1_000_000, 7);
    for (const chunk of [1000, 65_536, 300_001]) {
      const got = await segmented(body, 'ISO-2022-JP', chunk);
      expect(got.segments).toBeGreaterThan(8);
      expect(got.largest).toBeLessThan(64 * 1024 + chunk);
      expect(got.text).toBe(await decodeWhole(body, 'ISO-2022-JP'));
    }
  });

  it('binary junk too, where it has safe places to cut (EUC-JP and ISO-2022-JP readings)', async () => {
    const next = seeded(11);
    const junk = Buffer.alloc(2 * MB);
    for (let i = 0; i < junk.length; i++) junk[i] = next() & 0xff;
    for (const charset of ['ISO-2022-JP', 'EUCJP']) {
      const got = await segmented(junk, charset, 65_536);
      expect(got.segments).toBeGreaterThan(16);
      expect(got.text).toBe(await decodeWhole(junk, charset));
    }
  });

  it('cuts input with no safe place at 1 MiB, carrying the JIS state over', async () => {
    // JIS X 0208 pairs with no return to ASCII: a safe place never comes
    const body = Buffer.concat([Buffer.from('\x1b$B', 'latin1'), Buffer.from('$3$s'.repeat(700_000), 'latin1')]);
    const got = await segmented(body, 'ISO-2022-JP', 65_536);
    expect(got.largest).toBeLessThanOrEqual(MB + 3);
    expect(got.text).toBe(await decodeWhole(body, 'ISO-2022-JP'));
  });
});
