import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QrReader, qrReader, useQrThread } from './off-thread.js';
import type { QrSource } from './read.js';
import { photoLike, qrPixels, qrPng, toJpeg } from './test-helpers.js';

/**
 * The QR worker thread: real pictures made by code (qrcode, jpeg-js), read by the real worker
 * (under vitest: worker.ts bundled with esbuild; built: dist/scan/qr/worker.js, see test/flow).
 */
const picture = (bytes: Buffer, name: string, where: QrSource['where'] = 'attachment'): QrSource => ({ where, attachmentId: 'a1', path: [name], image: async () => bytes });

let tmp: string;
const readers: QrReader[] = [];
function reader(...args: ConstructorParameters<typeof QrReader>): QrReader {
  const r = new QrReader(...args);
  readers.push(r);
  return r;
}
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'lachan-qr-worker-'));
});
afterAll(async () => {
  await Promise.all(readers.map((r) => r.close()));
  await rm(tmp, { recursive: true, force: true });
});

describe('the QR worker thread', () => {
  it('reads a QR PNG and a QR JPEG in the worker, not on the main thread', async () => {
    const png = await qrPng('https://png.example/login');
    const jpg = toJpeg(await qrPixels('https://jpeg.example/verify', 5));
    const r = reader();
    const a = await r.read([picture(png, 'a.png')]);
    const b = await r.read([picture(jpg, 'b.jpg', 'body-image')]);
    for (const run of [a, b]) {
      expect(run.via).toBe('worker');
      expect(run.fallback).toBeUndefined();
      expect(run.decoded).toBe(1);
      expect(run.unread).toBe(0);
    }
    expect([...a.links, ...b.links].map((l) => [l.where, l.ref.host, l.path[0], l.attachmentId])).toEqual([
      ['attachment', 'png.example', 'a.png', 'a1'],
      ['body-image', 'jpeg.example', 'b.jpg', 'a1'],
    ]);
  });

  it('leaves the caller its buffers (the worker gets copies)', async () => {
    const png = await qrPng('https://keep.example/');
    const before = Buffer.from(png);
    await reader().read([picture(png, 'k.png')]);
    expect(png.byteLength).toBe(before.byteLength);
    expect(png.equals(before)).toBe(true);
  });

  it('keeps the main thread free while a big picture is decoded', async () => {
    const photo = toJpeg(photoLike(1400, 1200), 90);
    const r = reader({ deadlineMs: 60_000 });
    await r.read([picture(await qrPng('https://warm.example/'), 'w.png')]); // worker started and warm
    let last = performance.now();
    let worst = 0;
    const tick = setInterval(() => {
      const now = performance.now();
      worst = Math.max(worst, now - last);
      last = now;
    }, 5);
    const started = performance.now();
    const run = await r.read([picture(photo, 'photo.jpg')]);
    const took = performance.now() - started;
    clearInterval(tick);
    expect(run.via).toBe('worker');
    expect(run.decoded).toBe(1);
    // the decode itself takes a good while; the main thread's timers kept running meanwhile
    expect(took).toBeGreaterThan(100);
    expect(worst).toBeLessThan(took / 2);
  });

  // the largest picture read (4.4 MP): ~0.5 s on an idle core
  const bigPhoto = () => toJpeg(photoLike(2100, 2100), 90);

  it('stops the worker at its deadline, reports the pictures not read, and starts a new worker next time', async () => {
    const r = reader();
    await r.read([picture(await qrPng('https://warm.example/'), 'w.png')]);
    const cut = await r.read([picture(bigPhoto(), 'photo.jpg')], undefined, { deadlineMs: 150 });
    expect(cut.via).toBe('worker');
    expect(cut.timedOut).toBe(true);
    expect(cut.decoded).toBe(0);
    expect(cut.unread).toBe(1);
    expect(cut.ms).toBeLessThan(150 + 700);
    const next = await r.read([picture(await qrPng('https://next.example/'), 'n.png')]);
    expect(next.via).toBe('worker');
    expect(next.timedOut).toBeUndefined();
    expect(next.links.map((l) => l.ref.host)).toEqual(['next.example']);
  });

  it('keeps the links found before the deadline', async () => {
    const r = reader();
    await r.read([picture(await qrPng('https://warm.example/'), 'w.png')]);
    const qr = await qrPng('https://before.example/');
    // smaller first: the QR picture, then two photos that the deadline cuts off (no soft time budget here)
    const cut = await r.read([picture(bigPhoto(), 'p1.jpg'), picture(bigPhoto(), 'p2.jpg'), picture(qr, 'qr.png')], undefined, { deadlineMs: 600, timeBudgetMs: 60_000 });
    expect(cut.timedOut).toBe(true);
    expect(cut.links.map((l) => l.ref.host)).toEqual(['before.example']);
    expect(cut.unread).toBeGreaterThanOrEqual(1);
  });

  it('reads on the main thread when the worker cannot start', async () => {
    const missing = pathToFileURL(path.join(tmp, 'no-such-worker.mjs'));
    const r = reader({ workerUrl: async () => missing });
    const run = await r.read([picture(await qrPng('https://fallback.example/'), 'f.png')]);
    expect(run.via).toBe('main');
    expect(run.fallback).toMatch(/no-such-worker|Cannot find|exited/i);
    expect(run.links.map((l) => l.ref.host)).toEqual(['fallback.example']);
  });

  it('reads on the main thread when the worker dies on a message, and after repeated failures stops trying', async () => {
    const crashing = path.join(tmp, 'crashing-worker.mjs');
    await writeFile(crashing, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => process.exit(7));\n");
    const r = reader({ workerUrl: async () => pathToFileURL(crashing) });
    for (let i = 0; i < 4; i++) {
      const run = await r.read([picture(await qrPng(`https://crash${i}.example/`), 'c.png')]);
      expect(run.via).toBe('main');
      expect(run.links.map((l) => l.ref.host)).toEqual([`crash${i}.example`]);
      expect(run.fallback).toMatch(i < 3 ? /exited \(code 7\)/ : /disabled/);
    }
  });

  it('reads on the main thread when the worker answers with a failure', async () => {
    const failing = path.join(tmp, 'failing-worker.mjs');
    await writeFile(failing, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', (m) => parentPort.postMessage({ id: m.id, type: 'failed', error: 'boom' }));\n");
    const run = await reader({ workerUrl: async () => pathToFileURL(failing) }).read([picture(await qrPng('https://failed.example/'), 'f.png')]);
    expect(run.via).toBe('main');
    expect(run.fallback).toMatch(/boom/);
    expect(run.links.map((l) => l.ref.host)).toEqual(['failed.example']);
  });

  it('sends nothing for sources that are no pictures within the size window', async () => {
    const run = await reader().read([picture(Buffer.from('not a picture'), 'x.png'), picture(await qrPng('https://tiny.example/', 1), 'tiny.png')]);
    expect(run.via).toBe('none');
    expect(run.links).toEqual([]);
  });

  it('reads on the main thread, with no fallback reported, when the process chose so (LACHAN_QR_THREAD off), and in the worker again when switched on', async () => {
    const png = await qrPng('https://choice.example/');
    useQrThread(false);
    try {
      const run = await qrReader().read([picture(png, 'c.png')]);
      expect(run.via).toBe('main');
      expect(run.fallback).toBeUndefined();
      expect(run.links.map((l) => l.ref.host)).toEqual(['choice.example']);
    } finally {
      useQrThread(true);
    }
    const again = await qrReader().read([picture(png, 'c.png')]);
    expect(again.via).toBe('worker');
    await qrReader().close();
  });
});
