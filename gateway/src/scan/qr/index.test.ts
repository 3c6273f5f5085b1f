import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { dataImageSources, readQrLinks, QR_MAX_IMAGES, QR_MAX_TOTAL_PIXELS, type QrSource } from './index.js';
import { qrPng } from './test-helpers.js';

const source = (png: Buffer, where: QrSource['where'] = 'attachment', name = 'p.png'): QrSource => ({ where, attachmentId: 'a1', path: [name], image: async () => png });

/** A PNG whose header declares `side`×`side` but whose data is garbage (decoding it fails at once). */
function fakeBig(side: number): Buffer {
  const png = PNG.sync.write({ width: 100, height: 100, data: Buffer.alloc(100 * 100 * 4, 255) } as PNG);
  png.writeUInt32BE(side, 16);
  png.writeUInt32BE(side, 20);
  return png;
}

describe('the per-message budget of the QR reader', () => {
  it(`decodes at most ${QR_MAX_IMAGES} pictures`, async () => {
    const sources = await Promise.all(Array.from({ length: QR_MAX_IMAGES + 3 }, async (_, i) => source(await qrPng(`https://q${i}.example/`))));
    const r = await readQrLinks(sources, undefined, { timeBudgetMs: 60_000 }); // the count, not this machine's speed
    expect(r.decoded).toBe(QR_MAX_IMAGES);
    expect(r.links).toHaveLength(QR_MAX_IMAGES);
  });

  it('reads smaller pictures first and keeps to the pixel budget', async () => {
    // two pictures of half the budget each fill it to within less than the QR picture's pixels
    const side = Math.floor(Math.sqrt(QR_MAX_TOTAL_PIXELS / 2 - 1000));
    const sources = [source(fakeBig(side), 'attachment', 'big1.png'), source(fakeBig(side), 'attachment', 'big2.png'), source(await qrPng('https://small.example/'), 'attachment', 'qr.png')];
    const r = await readQrLinks(sources);
    expect(r.links.map((l) => l.ref.host)).toEqual(['small.example']);
    expect(r.decoded).toBe(2); // the QR picture, then one big one: the second would cross the budget
  });

  it('reads body pictures before attachments, and keeps where each link came from', async () => {
    const r = await readQrLinks([source(await qrPng('https://att.example/')), source(await qrPng('https://body.example/'), 'body-image', 'inline')]);
    expect(r.links.map((l) => [l.where, l.ref.host])).toEqual([
      ['body-image', 'body.example'],
      ['attachment', 'att.example'],
    ]);
  });

  it('takes data: pictures from the HTML body, with a linear scan of very long bodies', async () => {
    const png = await qrPng('https://data.example/');
    const html = `<p>x</p><img src="data:image/png;base64,${png.toString('base64')}"><img src='data:image/gif;base64,R0lGOD'>`;
    const found = dataImageSources(html);
    expect(found).toHaveLength(2);
    expect(await found[0]!.image!()).toEqual(png);
    const huge = `<img src="data:image/png;base64,${'A'.repeat(4 * 1024 * 1024)}`.repeat(2);
    const started = performance.now();
    expect(dataImageSources(huge).length).toBe(2);
    expect(performance.now() - started).toBeLessThan(500);
    expect(dataImageSources('<p>no pictures</p>')).toEqual([]);
  });
});
