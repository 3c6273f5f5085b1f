import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import { silentLogger } from '../log.js';
import { releaseMessage } from '../parse/index.js';
import { evaluate, type Evaluation } from '../pipeline/evaluate.js';
import { decide } from '../policy/engine.js';
import { loadPolicy } from '../policy/loader.js';
import type { Policy } from '../policy/types.js';
import { spooledFromBuffer } from '../smtp/spool.js';
import { testMail } from '../../test/support/pictures.js';
import { fakeClamd } from './attachments/test-helpers.js';
import { authScanner } from './auth/index.js';
import { DEFAULT_SCANNERS } from './index.js';
import { scanImageText } from './ocr/image-text.js';
import { OcrEngine } from './ocr/tesseract.js';
import { qrNotRead, readQrLinks } from './qr/index.js';
import { QrReader, replaceQrReader } from './qr/off-thread.js';
import type { QrSource } from './qr/read.js';
import { qrPng } from './qr/test-helpers.js';
import { makeContext } from './test-helpers.js';

/**
 * Fail closed on time: a picture reader that gives up because its time ran out reports
 * 'attachment.not-read', and the shipped policy warns (rule pictures-not-read). The readers are made
 * to give up on purpose (a QR worker that never answers, a budget no reading can meet), never by
 * racing a clock.
 */
const POLICY_DIR = fileURLToPath(new URL('../../../policies', import.meta.url));
let policy: Policy;
const done: Evaluation[] = [];
beforeAll(async () => {
  policy = await loadPolicy(POLICY_DIR);
});
afterAll(async () => {
  for (const e of done) await releaseMessage(e.parsed);
});

const picture = (bytes: Buffer, name: string): QrSource => ({ where: 'attachment', attachmentId: 'a1', path: [name], image: async () => bytes });
const rules = (findings: Parameters<typeof decide>[0]) => decide(findings, policy).hits.map((h) => h.rule);

describe('QR codes not read for want of time', () => {
  // a QR worker that takes every message and never answers: its deadline always passes
  let silentWorker: URL;
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'lachan-not-read-'));
    const file = path.join(tmp, 'silent-worker.mjs');
    await writeFile(file, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => {});\n");
    silentWorker = pathToFileURL(file);
  });
  afterAll(async () => {
    replaceQrReader(undefined);
    await rm(tmp, { recursive: true, force: true });
  });
  const silentReader = () => new QrReader({ workerUrl: async () => silentWorker, deadlineMs: 50 });

  it('reports the pictures left when the reader was stopped at its deadline, and warns', async () => {
    const png = await qrPng('https://quish.example/login');
    const reader = silentReader();
    const run = await reader.read([picture(png, 'a.png'), picture(png, 'b.png')]);
    await reader.close();
    expect(run.timedOut).toBe(true);
    expect(run.late).toEqual({ count: 2, where: ['attachment'] });
    const found = qrNotRead(run);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'attachment.not-read', scanner: 'attachments', tags: ['qr', 'deadline', 'attachment'] });
    expect(decide(found, policy).warning).toBe(true);
    expect(rules(found)).toContain('pictures-not-read');
  });

  it('always reads the first picture, and does not report a soft budget spent after it (a mail with many photos)', async () => {
    const png = await qrPng('https://quish.example/login');
    const other = await qrPng('https://other.example/');
    const r = await readQrLinks([picture(png, 'a.png'), picture(other, 'b.png')], undefined, { timeBudgetMs: -1 });
    expect(r.decoded).toBe(1);
    expect(r.links.map((l) => l.ref.host)).toHaveLength(1);
    expect(r.late).toEqual({ count: 1, where: ['attachment'] });
    expect(qrNotRead(r)).toEqual([]);
  });

  it('reports nothing when the pictures were read in time', async () => {
    const png = await qrPng('https://quish.example/login');
    const r = await readQrLinks([picture(png, 'a.png')], undefined, { timeBudgetMs: 60_000 });
    expect(r.late).toBeUndefined();
    expect(qrNotRead(r)).toEqual([]);
  });

  describe('a whole message whose only sign is a QR picture', () => {
    const mail = async () => testMail({ subject: 'Xác nhận hộp thư', text: 'Quét mã trong tệp đính kèm.', parts: [{ type: 'image/png', name: 'ma-qr.png', data: await qrPng('https://quish.example/login') }] });
    const scan = async () => {
      const scanners = DEFAULT_SCANNERS.filter((s) => s !== authScanner);
      const e = await evaluate(spooledFromBuffer(await mail()), { policy, limits: DEFAULT_LIMITS, clamd: fakeClamd(), log: silentLogger(), scanners });
      done.push(e);
      return e;
    };

    it('is not delivered clean when the QR reader was stopped at its deadline: it gets a warning', async () => {
      replaceQrReader(silentReader());
      const e = await scan();
      expect(e.findings.some((f) => f.kind === 'url.qr-code')).toBe(false);
      const notRead = e.findings.filter((f) => f.kind === 'attachment.not-read');
      expect(notRead.map((f) => f.tags)).toEqual([['qr', 'deadline', 'attachment']]);
      expect(e.verdict.hits.map((h) => h.rule)).toContain('pictures-not-read');
      expect(e.verdict.warning).toBe(true);
    });

    it('with its soft time budget spent before it started, still reads its only QR code', async () => {
      replaceQrReader(new QrReader({ workerUrl: async () => undefined, mainThread: true, timeBudgetMs: -1 }));
      const e = await scan();
      expect(e.findings.some((f) => f.kind === 'url.qr-code')).toBe(true);
      expect(e.findings.filter((f) => f.kind === 'attachment.not-read')).toEqual([]);
    });
  });
});

describe('text in pictures not read for want of time', () => {
  /** An OCR engine that is installed and would answer; it must not even be asked past the budget. */
  function readyEngine(): { engine: OcrEngine; asked: () => number } {
    let asked = 0;
    const engine = Object.assign(Object.create(OcrEngine.prototype) as OcrEngine, {
      check: async () => ({ ok: true as const, version: 'tesseract (fake)' }),
      read: async () => (asked++, 'Chúc mừng bạn đã trúng thưởng'),
    });
    return { engine, asked: () => asked };
  }
  const imageOnly = async () =>
    testMail({ subject: 'Thông báo', html: '<div><img src="cid:p1" alt=""></div>', parts: [{ type: 'image/png', name: 'banner.png', data: await qrPng('x'), disposition: 'inline', cid: 'p1' }] });
  const parsed = async () => {
    const e = await evaluate(spooledFromBuffer(await imageOnly()), { policy, limits: DEFAULT_LIMITS, clamd: fakeClamd(), log: silentLogger(), scanners: [] });
    done.push(e);
    return e.parsed;
  };

  it('reports the pictures an image-only message could not have read within its OCR budget, and warns', async () => {
    const { engine, asked } = readyEngine();
    const found = await scanImageText(await parsed(), makeContext(policy), engine, 0);
    expect(asked()).toBe(0);
    expect(found).toEqual([expect.objectContaining({ kind: 'attachment.not-read', scanner: 'content', tags: ['ocr', 'time'] })]);
    expect(rules(found)).toContain('pictures-not-read');
    expect(decide(found, policy).warning).toBe(true);
  });

  it('reports nothing about time when the pictures were read', async () => {
    const { engine, asked } = readyEngine();
    const found = await scanImageText(await parsed(), makeContext(policy), engine, 60_000);
    expect(asked()).toBe(1);
    expect(found.filter((f) => f.kind === 'attachment.not-read')).toEqual([]);
    expect(found.map((f) => f.kind)).toContain('content.image-text');
  });
});
