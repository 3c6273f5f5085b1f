import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import { ensureDebianPackages } from '../../../test/support/debian.js';
import { makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import type { Finding } from '../types.js';
import { decide } from '../../policy/engine.js';
import { loadPolicy } from '../../policy/loader.js';
import { extractArchive, type PickLimits } from './archive-listing.js';
import { TryBudget } from './archive-passwords.js';
import { attachmentsScanner } from './index.js';
import { AFTER_FAILURE, replaceSevenZipThread, SevenZipThread, SEVENZIP_TIMEOUT_MS } from './seven-zip-thread.js';
import { fakeClamd, makeAttachment } from './test-helpers.js';

/**
 * 7-Zip in its worker thread (seven-zip-thread.ts): the main thread's event loop keeps turning
 * while an archive is extracted or its passwords tried; a 7-Zip that runs too long or a worker that
 * dies gives a not-inspected archive (never a clean one) and a fresh worker for the next. The
 * archives are made by Debian's 7z (p7zip-full).
 */
let dir: string;
beforeAll(() => {
  ensureDebianPackages([{ pkg: 'p7zip-full', file: '/usr/bin/7z' }]);
  dir = mkdtempSync(path.join(tmpdir(), 'lachan-7zthread-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => replaceSevenZipThread(undefined));

function make7z(files: Record<string, Buffer | string>, args: string[]): Buffer {
  const work = mkdtempSync(path.join(dir, 'a-'));
  for (const [name, data] of Object.entries(files)) writeFileSync(path.join(work, name), data);
  const r = spawnSync('/usr/bin/7z', ['a', '-t7z', '-bd', ...args, 'out.7z', ...Object.keys(files)], { cwd: work, timeout: 60_000 });
  if (r.status !== 0) throw new Error(`7z: ${r.stdout?.toString()} ${r.stderr?.toString()}`);
  return readFileSync(path.join(work, 'out.7z'));
}

const LIMITS: PickLimits = { first: 100, ratioBytes: 1e9, budget: 1e9 };
const WRONG = Array.from({ length: 40 }, (_, i) => `sai-${i}`);
/** A 7z none of WRONG opens: all 24 tries of an attachment spent on it (~0.7–2 s of 7-Zip). */
const locked = () => make7z({ 'a.txt': 'bí mật' }, ['-pDung-1357']);

/** Runs `task` with a 2 ms interval ticking: how many ticks, and the longest time between two (or since the start, or to the end). */
async function ticking<T>(task: () => Promise<T>): Promise<{ result: T; ticks: number; longestMs: number; totalMs: number }> {
  const start = performance.now();
  let last = start;
  let longestMs = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longestMs = Math.max(longestMs, now - last);
    last = now;
    ticks += 1;
  }, 2);
  try {
    const result = await task();
    const end = performance.now();
    return { result, ticks, longestMs: Math.max(longestMs, end - last), totalMs: end - start };
  } finally {
    clearInterval(timer);
  }
}

describe('the main thread keeps turning while 7-Zip works', () => {
  it('while 24 wrong passwords are tried on a 7z', async () => {
    const archive = locked();
    await extractArchive(archive, 10, LIMITS); // the worker started and 7-Zip compiled beforehand
    const { result, ticks, longestMs, totalMs } = await ticking(() => extractArchive(archive, 10, LIMITS, { candidates: () => WRONG, budget: new TryBudget() }));
    expect(result.unlock).toMatchObject({ opened: false, reason: 'budget' });
    // on the main thread, one synchronous stretch of the whole time: no tick at all
    expect(totalMs).toBeGreaterThan(300);
    expect(ticks).toBeGreaterThan(20);
    expect(longestMs).toBeLessThan(totalMs / 3);
  });

  it('while a 7z of 24 MB of text is extracted, and the files come back whole', async () => {
    const lines = Array.from({ length: 400_000 }, (_, i) => `dong ${i} ${createHash('md5').update(String(i)).digest('hex')}\n`).join('');
    const text = Buffer.from(lines);
    const archive = make7z({ 'nhat-ky.txt': text }, ['-mx=1']);
    await extractArchive(locked(), 10, LIMITS);
    const { result, ticks, longestMs, totalMs } = await ticking(() => extractArchive(archive, 10, LIMITS));
    const [entry, data] = [...result.extraction!.files][0]!;
    expect([entry.name, data.length, data.equals(text)]).toEqual(['nhat-ky.txt', text.length, true]);
    expect(Buffer.isBuffer(data)).toBe(true);
    expect(ticks).toBeGreaterThan(5);
    expect(longestMs).toBeLessThan(totalMs / 3);
  });
});

describe('a 7-Zip that does not finish, or a worker that dies', () => {
  it('reports an archive past the timeout as not inspected, spends the attachment\'s tries, and opens the next', async () => {
    const thread = new SevenZipThread();
    await replaceSevenZipThread(thread);
    const archive = locked();
    await extractArchive(archive, 10, LIMITS);
    thread.timeoutMs = 150;
    const budget = new TryBudget();
    const r = await extractArchive(archive, 10, LIMITS, { candidates: () => WRONG, budget });
    expect(r.listing).toEqual({ ok: false, reason: 'timeout', detail: '7-Zip did not finish within 0.15 s' });
    expect([r.extraction, budget.remaining]).toEqual([undefined, 0]);
    thread.timeoutMs = SEVENZIP_TIMEOUT_MS;
    const next = await extractArchive(archive, 10, LIMITS, { candidates: () => ['Dung-1357'], budget: new TryBudget() });
    expect(next.unlock).toEqual({ opened: true, password: 'Dung-1357' });
    expect([...next.extraction!.files.values()].map(String)).toEqual(['bí mật']);
  });

  it('reports the archive of a worker killed mid-request as not inspected, and starts a fresh one', async () => {
    const thread = new SevenZipThread();
    await replaceSevenZipThread(thread);
    const archive = locked();
    // killed while 7-Zip tries the passwords (asked for once the listing shows encryption)
    const candidates = () => {
      setTimeout(() => thread.killWorker(), 100);
      return WRONG;
    };
    const r = await extractArchive(archive, 10, LIMITS, { candidates, budget: new TryBudget() });
    expect(r.listing).toMatchObject({ ok: false, reason: 'worker-failed', detail: expect.stringMatching(/exited/) });
    expect(thread.running).toBe(false);
    const next = await extractArchive(archive, 10, LIMITS, { candidates: () => ['Dung-1357'], budget: new TryBudget() });
    expect([...next.extraction!.files.values()].map(String)).toEqual(['bí mật']);
    expect(thread.running).toBe(true);
  });

  it('gives the archive in the worker, and those waiting for it, back as not inspected when closed', async () => {
    const thread = new SevenZipThread();
    await replaceSevenZipThread(thread);
    const archive = locked();
    // closed while 7-Zip tries the passwords of the first; the second waits its turn
    const candidates = () => {
      setTimeout(() => void thread.close(), 100);
      return WRONG;
    };
    const budget = new TryBudget();
    const [first, second] = await Promise.all([
      extractArchive(archive, 10, LIMITS, { candidates, budget }),
      extractArchive(archive, 10, LIMITS, { candidates: () => ['Dung-1357'], budget: new TryBudget() }),
    ]);
    expect([first.listing, second.listing]).toEqual([
      { ok: false, reason: 'worker-failed', detail: 'the 7-Zip worker was stopped' },
      { ok: false, reason: 'worker-failed', detail: 'the 7-Zip worker was stopped' },
    ]);
    expect([thread.running, budget.remaining]).toEqual([false, 0]);
  });

  it('stops the worker when idle, and starts it again for the next archive', async () => {
    const thread = new SevenZipThread({ idleMs: 100 });
    await replaceSevenZipThread(thread);
    const archive = make7z({ 'a.txt': 'mot' }, []);
    await extractArchive(archive, 10, LIMITS);
    expect(thread.running).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(thread.running).toBe(false);
    const again = await extractArchive(archive, 10, LIMITS);
    expect([...again.extraction!.files.values()].map(String)).toEqual(['mot']);
  });
});

describe('an archive 7-Zip does not finish, in a whole walk', () => {
  const scan = async (name: string, data: Buffer, contentType: string): Promise<Finding[]> => {
    const att = makeAttachment(name, data, { contentType, id: 'a1' });
    return attachmentsScanner.scan(makeMessage({ attachments: [att] }), makeContext(makePolicy(), { clamd: fakeClamd(), limits: {} }));
  };

  it('sends no more of a message\'s archives once one hung 7-Zip: they are answered at once, the same way', async () => {
    await replaceSevenZipThread(new SevenZipThread({ timeoutMs: 1 }));
    // three different archives (one attached three times is walked once: duplicates.ts)
    const archive = make7z({ 'hoa-don.exe': p.makePe() }, []);
    const atts = [1, 2, 3].map((i) => makeAttachment(`hoa-don-${i}.7z`, make7z({ [`hoa-don-${i}.exe`]: p.makePe() }, []), { contentType: 'application/x-7z-compressed', id: `a${i}` }));
    const findings = await attachmentsScanner.scan(makeMessage({ attachments: atts }), makeContext(makePolicy(), { clamd: fakeClamd(), limits: {} }));
    const details = findings.filter((f) => f.kind === 'attachment.uninspectable').map((f) => `${f.tags?.join(',')}: ${f.detail.replace(/^.*not inspected: /, '')}`);
    expect(details.sort()).toEqual([
      '7z,timeout: 7-Zip did not finish within 0.001 s',
      `7z,timeout: ${AFTER_FAILURE}`,
      `7z,timeout: ${AFTER_FAILURE}`,
    ]);
    // the next message starts afresh
    const next = await scan('hoa-don.7z', archive, 'application/x-7z-compressed');
    expect(next.filter((f) => f.kind === 'attachment.uninspectable').map((f) => f.detail)).toEqual([expect.stringContaining('7-Zip did not finish')]);
  });

  it('is uninspectable, tagged timeout (a 7z holding a program, and an xz stream), never clean', async () => {
    await replaceSevenZipThread(new SevenZipThread({ timeoutMs: 1 }));
    const archive = await scan('hoa-don.7z', make7z({ 'hoa-don.exe': p.makePe() }, []), 'application/x-7z-compressed');
    expect(archive.filter((f) => f.kind === 'attachment.uninspectable').map((f) => [f.tags, f.detail])).toEqual([
      [['7z', 'timeout'], '7z archive (application/x-7z-compressed): not inspected: 7-Zip did not finish within 0.001 s'],
    ]);
    const xz = spawnSync('xz', ['-c'], { input: p.makePe() }).stdout;
    const stream = await scan('hoa-don.exe.xz', xz, 'application/x-xz');
    expect(stream.filter((f) => f.kind === 'attachment.uninspectable').map((f) => f.tags)).toEqual([['xz', 'timeout']]);
    // the name still checked: a program's name inside
    expect(stream.filter((f) => f.kind === 'attachment.dangerous-type').map((f) => f.subject)).toEqual(['hoa-don.exe.xz → hoa-don.exe']);
    // the shipped policy holds an archive 7-Zip did not finish (archive-scan-failed), never only warns
    const policy = await loadPolicy(new URL('../../../../policies', import.meta.url).pathname);
    const verdict = decide(archive, policy);
    expect(verdict.action).toBe('quarantine');
    expect(verdict.hits.map((h) => h.rule)).toContain('archive-scan-failed');
  });
});
