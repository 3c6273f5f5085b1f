/**
 * Builders for the OCR tests (src/scan/ocr): pictures of text rendered by a real browser (Debian
 * chromium through playwright-core, as act/banner-render.test.ts) and whole messages carrying them.
 * Only for tests; nothing on the mail path imports this file.
 */
import { chromium, type Browser } from 'playwright-core';
import { ensureDebianPackages } from './debian.js';

const CHROMIUM = '/usr/bin/chromium';

/** Debian's tesseract and its data (the OCR tests use the real one), and chromium to draw pictures. */
export function ensureOcrPackages(): void {
  ensureDebianPackages([
    { pkg: 'chromium', file: CHROMIUM },
    { pkg: 'tesseract-ocr', file: '/usr/bin/tesseract' },
    { pkg: 'tesseract-ocr-vie', file: '/usr/share/tesseract-ocr/5/tessdata/vie.traineddata' },
    { pkg: 'tesseract-ocr-eng', file: '/usr/share/tesseract-ocr/5/tessdata/eng.traineddata' },
  ]);
}

export interface PictureRenderer {
  /** A PNG screenshot of `html` (a body's content) at the given size. */
  png(html: string, size?: { width: number; height: number }): Promise<Buffer>;
  /** The same picture as WebP (the browser's canvas encoder; `lossless`: VP8L) or as a 24-bit BMP (from the canvas's pixels). */
  convert(png: Buffer, type: 'webp' | 'webp-lossless' | 'jpeg' | 'bmp'): Promise<Buffer>;
  close(): Promise<void>;
}

export async function pictureRenderer(): Promise<PictureRenderer> {
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  return {
    async png(html, size = { width: 640, height: 240 }) {
      const page = await browser.newPage({ viewport: size });
      try {
        await page.setContent(`<!doctype html><meta charset="utf-8"><body style="margin:24px;font:24px 'DejaVu Sans',sans-serif;color:#111;background:#fff">${html}</body>`);
        return await page.screenshot({ type: 'png' });
      } finally {
        await page.close();
      }
    },
    async convert(png, type) {
      const page = await browser.newPage();
      try {
        // runs in the page (a string: this project's TypeScript has no DOM types)
        const script = `(async () => {
          const img = new Image();
          img.src = ${JSON.stringify(`data:image/png;base64,${png.toString('base64')}`)};
          await img.decode();
          const canvas = document.createElement('canvas');
          canvas.width = img.width;
          canvas.height = img.height;
          const ctx = canvas.getContext('2d');
          ctx.drawImage(img, 0, 0);
          const type = ${JSON.stringify(type)};
          if (type !== 'bmp') {
            const url = canvas.toDataURL(type === 'jpeg' ? 'image/jpeg' : 'image/webp', type === 'webp-lossless' ? 1 : 0.9);
            return { b64: url.slice(url.indexOf(',') + 1) };
          }
          return { w: img.width, h: img.height, rgba: Array.from(ctx.getImageData(0, 0, img.width, img.height).data) };
        })()`;
        const out = (await page.evaluate(script)) as { b64?: string; w?: number; h?: number; rgba?: number[] };
        if (out.b64) return Buffer.from(out.b64, 'base64');
        return bmp(out.w!, out.h!, out.rgba!);
      } finally {
        await page.close();
      }
    },
    close: () => browser.close(),
  };
}

/** A bottom-up 24-bit BMP (BITMAPINFOHEADER) of RGBA pixels. */
function bmp(width: number, height: number, rgba: number[]): Buffer {
  const row = Math.ceil((width * 3) / 4) * 4;
  const out = Buffer.alloc(54 + row * height);
  out.write('BM', 0, 'latin1');
  out.writeUInt32LE(out.length, 2);
  out.writeUInt32LE(54, 10);
  out.writeUInt32LE(40, 14);
  out.writeInt32LE(width, 18);
  out.writeInt32LE(height, 22);
  out.writeUInt16LE(1, 26);
  out.writeUInt16LE(24, 28);
  out.writeUInt32LE(row * height, 34);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const o = 54 + (height - 1 - y) * row + x * 3;
      out[o] = rgba[i + 2]!;
      out[o + 1] = rgba[i + 1]!;
      out[o + 2] = rgba[i]!;
    }
  }
  return out;
}

/** A part of a test message. */
export interface TestPart {
  type: string;
  data: Buffer;
  name?: string;
  /** 'inline' with a Content-ID (shown by `<img src="cid:…">`), or 'attachment'. */
  disposition?: 'inline' | 'attachment';
  cid?: string;
}

const wrap = (b: Buffer) => b.toString('base64').replace(/.{76}/g, '$&\r\n');

/**
 * A message from an outside sender: a text or HTML body, then the parts. Inline parts go in a
 * multipart/related beside the HTML, attachments in the multipart/mixed around it.
 */
export function testMail(opts: { subject: string; text?: string; html?: string; parts?: TestPart[]; from?: string }): Buffer {
  const mixed = '----=_lachan_ocr_mixed';
  const related = '----=_lachan_ocr_related';
  const parts = opts.parts ?? [];
  const inline = parts.filter((p) => p.disposition === 'inline');
  const attached = parts.filter((p) => p.disposition !== 'inline');
  const body = opts.html
    ? ['Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: base64', '', wrap(Buffer.from(opts.html))]
    : ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '', wrap(Buffer.from(opts.text ?? ''))];
  const partLines = (p: TestPart) => [
    `Content-Type: ${p.type}${p.name ? `; name="${p.name}"` : ''}`,
    `Content-Disposition: ${p.disposition ?? 'attachment'}${p.name ? `; filename="${p.name}"` : ''}`,
    ...(p.cid ? [`Content-ID: <${p.cid}>`] : []),
    'Content-Transfer-Encoding: base64',
    '',
    wrap(p.data),
  ];
  const bodyBlock = inline.length
    ? [`Content-Type: multipart/related; boundary="${related}"`, '', `--${related}`, ...body, ...inline.flatMap((p) => [`--${related}`, ...partLines(p)]), `--${related}--`]
    : body;
  return Buffer.from(
    [
      `From: ${opts.from ?? 'Phong Khach Hang <cskh@sender.example>'}`,
      'To: nhan.vien@lachan.test',
      `Subject: =?UTF-8?B?${Buffer.from(opts.subject).toString('base64')}?=`,
      'Date: Mon, 4 Nov 2024 08:00:00 +0700',
      'Message-ID: <ocr-test@sender.example>',
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${mixed}"`,
      '',
      `--${mixed}`,
      ...bodyBlock,
      ...attached.flatMap((p) => [`--${mixed}`, ...partLines(p)]),
      `--${mixed}--`,
      '',
    ].join('\r\n'),
  );
}
