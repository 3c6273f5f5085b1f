import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.js';
import { OCR_MAX_PIXELS, ocrSizeAllowed, pictureInfo, readPictures, type MessagePicture } from './pictures.js';
import { OcrEngine } from './tesseract.js';
import { ensureOcrPackages, pictureRenderer, type PictureRenderer } from '../../../test/support/pictures.js';

/**
 * The tesseract runner with Debian's real tesseract and pictures drawn by chromium: what it reads,
 * how it stays off when the binary or the switch says so, and its hard limits (timeout, size window,
 * pictures per message).
 */
let renderer: PictureRenderer;
let dir: string;
let text: Buffer;

beforeAll(async () => {
  ensureOcrPackages();
  renderer = await pictureRenderer();
  dir = mkdtempSync(path.join(tmpdir(), 'lachan-ocr-'));
  text = await renderer.png('Mật khẩu giải nén: <b>x7Kq4821</b><br>Trân trọng cảm ơn');
}, 120_000);
afterAll(async () => {
  await renderer?.close();
  rmSync(dir, { recursive: true, force: true });
});

const picture = (bytes: Buffer, name = 'p.png'): MessagePicture => ({ name, inBody: false, bytes: async () => bytes });

describe('reading a picture with tesseract', () => {
  it('reads Vietnamese text from a PNG drawn by the browser', async () => {
    const engine = new OcrEngine();
    expect((await engine.check()).ok).toBe(true);
    const read = await engine.read(text);
    expect(read).toContain('x7Kq4821');
    expect(read?.normalize('NFC')).toMatch(/Mật khẩu/);
  }, 30_000);

  it('is off, without failing, when the binary does not exist', async () => {
    const engine = new OcrEngine({ binary: path.join(dir, 'no-such-tesseract') });
    const status = await engine.check();
    expect(status.ok).toBe(false);
    expect(!status.ok && status.reason).toMatch(/not usable \(not found\).*apt-get install tesseract-ocr tesseract-ocr-vie/);
    expect(await engine.read(text)).toBeUndefined();
  });

  it('is off when the Vietnamese data is missing', async () => {
    const fake = path.join(dir, 'tesseract-eng-only');
    writeFileSync(fake, '#!/bin/sh\necho "List of available languages (2):"\necho eng\necho osd\n');
    chmodSync(fake, 0o755);
    const status = await new OcrEngine({ binary: fake }).check();
    expect(status.ok).toBe(false);
    expect(!status.ok && status.reason).toMatch(/no vie language data/);
  });

  it('is off when LACHAN_OCR=off, and on by default', async () => {
    expect(loadConfig({}).ocr).toBe(true);
    const config = loadConfig({ LACHAN_OCR: 'off' });
    expect(config.ocr).toBe(false);
    const status = await new OcrEngine({ enabled: config.ocr }).check();
    expect(status).toEqual({ ok: false, reason: 'switched off (LACHAN_OCR=off)' });
  });

  it('kills a run that takes longer than its timeout and gives no text', async () => {
    // a "tesseract" that answers the checks and then hangs on the picture
    const hang = path.join(dir, 'tesseract-hangs');
    writeFileSync(hang, '#!/bin/sh\nif [ "$1" = "--list-langs" ]; then printf "vie\\neng\\n"; exit 0; fi\nif [ "$1" = "--version" ]; then echo "tesseract 5"; exit 0; fi\necho $$ > "$0.pid"\nexec sleep 30\n');
    chmodSync(hang, 0o755);
    const engine = new OcrEngine({ binary: hang, timeoutMs: 300 });
    const started = Date.now();
    expect(await engine.read(text)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(3000);
    const pid = Number(readFileSync(`${hang}.pid`, 'utf8'));
    await new Promise((r) => setTimeout(r, 100));
    expect(() => process.kill(pid, 0)).toThrow(); // the process is gone
  });

  it('runs at most two pictures at once', async () => {
    // a "tesseract" that records how many of it run at the same time
    const count = path.join(dir, 'tesseract-counts');
    const log = path.join(dir, 'running.log');
    writeFileSync(count, `#!/bin/sh\nif [ "$1" = "--list-langs" ]; then printf "vie\\neng\\n"; exit 0; fi\nif [ "$1" = "--version" ]; then echo "tesseract 5"; exit 0; fi\ncat > /dev/null\necho start >> ${log}\nsleep 0.3\necho end >> ${log}\necho text\n`);
    chmodSync(count, 0o755);
    const engine = new OcrEngine({ binary: count });
    const texts = await Promise.all(Array.from({ length: 5 }, () => engine.read(text)));
    expect(texts.every((t) => t?.trim() === 'text')).toBe(true);
    let running = 0;
    let most = 0;
    for (const line of readFileSync(log, 'utf8').trim().split('\n')) {
      running += line === 'start' ? 1 : -1;
      most = Math.max(most, running);
    }
    expect(most).toBe(2);
  });
});

describe('the pictures OCR looks at', () => {
  it('reads the size of BMP and WebP pictures from their headers, as of PNG and JPEG, and tesseract reads them all', async () => {
    expect(pictureInfo(text)).toEqual({ type: 'png', width: 640, height: 240 });
    const engine = new OcrEngine();
    for (const [kind, type] of [['bmp', 'bmp'], ['webp', 'webp'], ['webp-lossless', 'webp'], ['jpeg', 'jpeg']] as const) {
      const bytes = await renderer.convert(text, kind);
      expect(pictureInfo(bytes), kind).toEqual({ type, width: 640, height: 240 });
      expect(await engine.read(bytes), kind).toContain('x7Kq4821');
    }
    expect(pictureInfo(Buffer.from('not a picture at all, just some text'))).toBeUndefined();
  }, 60_000);

  it('does not run tesseract on a picture whose header declares too many pixels', async () => {
    const big = Buffer.from(text);
    big.writeUInt32BE(5000, 16); // IHDR width
    big.writeUInt32BE(3000, 20); // IHDR height
    expect(ocrSizeAllowed(pictureInfo(big)!)).toBe(false);
    expect(5000 * 3000).toBeGreaterThan(OCR_MAX_PIXELS);
    let ran = 0;
    const engine = new OcrEngine();
    const counting = Object.assign(Object.create(engine) as OcrEngine, { read: async (b: Buffer) => (ran++, engine.read(b)) });
    const reading = await readPictures(counting, [picture(big)]);
    expect(ran).toBe(0);
    expect(reading.texts).toEqual([]);
  });

  it('reads at most the given number of pictures of a message, and counts the others unread', async () => {
    const engine = new OcrEngine();
    const reading = await readPictures(engine, [picture(text, 'a.png'), picture(text, 'b.png'), picture(text, 'c.png')], { maxImages: 1 });
    expect(reading.read).toBe(1);
    expect(reading.unread).toBe(2);
    expect(reading.texts[0]!.picture.name).toBe('a.png');
    expect(reading.texts[0]!.text).toContain('x7Kq4821');
  }, 30_000);

  it('starts no picture once the message budget is spent', async () => {
    const reading = await readPictures(new OcrEngine(), [picture(text)], { budgetMs: 0 });
    expect(reading).toMatchObject({ read: 0, unread: 1, texts: [] });
  });
});
