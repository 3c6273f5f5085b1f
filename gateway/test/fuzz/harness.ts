/**
 * Runs one (mutated) message through the same code as the mail path — evaluate() then
 * applyActions() with a plan that warns and strips every attachment — and says what went wrong:
 * an exception, a hang, a memory or output blow-up, a scanner that failed, or nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { applyActions, stripTargets, type ActPlan } from '../../src/act/index.js';
import { DEFAULT_LIMITS } from '../../src/config/defaults.js';
import { LachanError } from '../../src/errors.js';
import { silentLogger } from '../../src/log.js';
import { evaluate, type Engine } from '../../src/pipeline/evaluate.js';
import { PROBLEM_CODES, type ProblemCode } from '../../src/parse/problems.js';
import { loadPolicy } from '../../src/policy/loader.js';
import type { ClamdClient } from '../../src/scan/attachments/clamd.js';
import { spooledFromBuffer } from '../../src/smtp/spool.js';
import { formatSeeds, generatedSeeds, hamSeeds } from './format-seeds.js';

const REPO = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const FIXTURES = path.join(REPO, 'test-fixtures');
export const MALFORMED_DIR = path.join(FIXTURES, 'malformed');

// built once per process: the newer formats' seeds (format-seeds.ts) and the generated malformed fixtures
const EXTRA_SEEDS = [...hamSeeds(FIXTURES), ...(await formatSeeds()), ...(await generatedSeeds(FIXTURES))];

/**
 * Every committed .eml under test-fixtures/{mail,malformed,attachments}, sorted by path, then the
 * ham-vi messages, the seeds format-seeds.ts builds and the smaller generated malformed fixtures.
 */
export function loadSeeds(): Array<{ name: string; bytes: Buffer }> {
  return [
    ...['mail', 'malformed', 'attachments'].flatMap((group) =>
      readdirSync(path.join(FIXTURES, group))
        .filter((f) => f.endsWith('.eml'))
        .sort()
        .map((f) => ({ name: `${group}/${f}`, bytes: readFileSync(path.join(FIXTURES, group, f)) })),
    ),
    ...EXTRA_SEEDS,
  ];
}

/** A clamd that answers clean (fast, and enough to walk every attachment path). */
export function cleanClamd(): ClamdClient {
  return {
    address: 'fake://clean',
    async scan(data) {
      if (data instanceof Readable) for await (const _ of data) void _;
      return { infected: false };
    },
    async ping() {},
    async close() {},
  };
}

export async function fuzzEngine(): Promise<Engine> {
  const policy = await loadPolicy(path.join(REPO, 'policies'), { extraLocalDomains: ['lachan.test'] });
  return { policy, limits: DEFAULT_LIMITS, clamd: cleanClamd(), log: silentLogger(), scannerTimeoutMs: 20_000 };
}

export type FailureKind =
  | 'exception'
  | 'act-error'
  | 'hang'
  | 'memory'
  | 'output-blowup'
  | 'scanner-error'
  | 'parse-error'
  | 'fail-open'
  | 'part-mismatch';

/**
 * act/'s refusals that mean it numbered the parts otherwise than parse/ (SPLIT_OPTIONS): the message
 * is held, so nothing unsafe passes, but its verdict was not carried out. A failure, unlike the
 * refusals for MIME limits.
 */
const PART_MISMATCH = /attachment to strip not found|is not the attachment to strip/;

export interface RunResult {
  failure?: { kind: FailureKind; detail: string };
  ms: number;
  action?: string;
  problems?: string[];
  /** applyActions refused the message with a LachanError (it would not be delivered) */
  actRefused?: string;
}

export interface RunOptions {
  /** wall-clock bound for evaluate + act (async hangs only; a synchronous loop is caught by the run script's watchdog) */
  timeoutMs?: number;
  /** heap growth allowed beyond this many times the input size (plus 96 MB) */
  heapFactor?: number;
  /** report mailparser failures ('parse-error' problems) as failures; they are handled (unscannable), so off by default */
  reportParseErrors?: boolean;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HangError(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

class HangError extends Error {}

async function consume(stream: Readable, limit: number): Promise<number> {
  let total = 0;
  for await (const chunk of stream) {
    total += (chunk as Buffer).length;
    if (total > limit) {
      stream.destroy();
      throw new Error(`output passed ${limit} bytes`);
    }
  }
  return total;
}

/**
 * The most one banner adds to a part, encoded: four reason lines (MAX_REASON_LINES) of up to ~300
 * characters each, in Vietnamese and English, are ~2.9 KB of text (~4.2 KB quoted-printable) and
 * ~7.3 KB of HTML. It was 2,048 when reasons were short: the run of 2026-11-25 (seed 905113, #4156)
 * reported ~1,000 text parts with a 4 KB banner each as an output blow-up.
 */
const BANNER_BYTES = 12 * 1024;

/** Lines starting "--": at least as many as the parts a banner can go into. */
function delimiterLines(raw: Buffer): number {
  let n = 0;
  for (const eol of ['\n--', '\r--']) for (let i = raw.indexOf(eol); i >= 0; i = raw.indexOf(eol, i + 3)) n++;
  return n;
}

export async function runOne(raw: Buffer, engine: Engine, opts: RunOptions = {}): Promise<RunResult> {
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const heapFactor = opts.heapFactor ?? 60;
  const heapBefore = process.memoryUsage().heapUsed;
  let heapPeak = heapBefore;
  const sampler = setInterval(() => {
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  }, 5);
  const started = performance.now();
  const done = (r: Omit<RunResult, 'ms'>): RunResult => ({ ...r, ms: performance.now() - started });
  try {
    let ev;
    try {
      ev = await withTimeout(evaluate(spooledFromBuffer(raw), engine), timeoutMs, 'evaluate');
    } catch (err) {
      if (err instanceof HangError) return done({ failure: { kind: 'hang', detail: err.message } });
      if (err instanceof LachanError) return done({ action: `throw:${err.code}` });
      return done({ failure: { kind: 'exception', detail: `evaluate threw: ${(err as Error)?.stack ?? String(err)}` } });
    }
    const problems = ev.parsed.problems.map((p) => p.code);
    const failedScanner = ev.findings.find((f) => f.kind === 'scanner.error');
    const parseError = ev.parsed.problems.find((p) => p.code === 'parse-error');

    const plan: ActPlan = {
      ref: '01J9ZX4T5S6V7W8X9Y0Z1A2B3C',
      verdict: { ...ev.verdict, action: 'deliver', warning: true, strip: ev.parsed.attachments.map((a) => a.id) },
      strip: stripTargets(ev.parsed.attachments, ev.parsed.attachments.map((a) => a.id)),
      gatewayName: 'mx1.lachan.test',
      bannerKey: 'k3yOfThisGateway',
      subjectTag: '[CẢNH BÁO]',
    };
    // a banner may re-encode a whole text part (UTF-16 → UTF-8 → quoted-printable is ~4.5×), and
    // every body text part gets one: 1,000 empty parts of 7 bytes each are megabytes delivered
    // (the plan here warns whatever the verdict; the shipped policy holds a message of over
    // LACHAN_LIMIT_PARTS parts, so that many banners stay within parts × banner)
    const outLimit = raw.length * 6 + 1_000_000 + BANNER_BYTES * delimiterLines(raw);
    let actRefused: string | undefined;
    try {
      const remaining = Math.max(500, timeoutMs - (performance.now() - started));
      await withTimeout(consume(applyActions(Readable.from([raw]), plan), outLimit), remaining, 'applyActions');
    } catch (err) {
      if (err instanceof HangError) return done({ failure: { kind: 'hang', detail: err.message }, problems });
      if (err instanceof LachanError && PART_MISMATCH.test(err.message)) {
        return done({ failure: { kind: 'part-mismatch', detail: `${err.code}: ${err.message}` }, action: ev.verdict.action, problems });
      } else if (err instanceof LachanError) {
        // a refusal with a stable code is an answer (the message is not delivered), not a crash
        actRefused = `${err.code}: ${err.message}`;
      } else if ((err as Error)?.message?.startsWith('output passed')) {
        return done({ failure: { kind: 'output-blowup', detail: (err as Error).message }, problems });
      } else {
        return done({ failure: { kind: 'act-error', detail: (err as Error)?.stack ?? String(err) }, problems });
      }
    }
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    const growth = heapPeak - heapBefore;
    if (growth > raw.length * heapFactor + 96 * 1024 * 1024) {
      return done({ failure: { kind: 'memory', detail: `heap grew ${Math.round(growth / 1e6)} MB for ${raw.length} bytes` }, problems });
    }
    if (failedScanner) return done({ failure: { kind: 'scanner-error', detail: failedScanner.detail }, action: ev.verdict.action, problems });
    // a message that was not fully read must never pass as clean (fail closed)
    const unscannable = ev.parsed.problems.find((p) => PROBLEM_CODES[p.code as ProblemCode] === 'unscannable');
    if (unscannable && ev.verdict.action === 'deliver' && !ev.verdict.warning) {
      return done({ failure: { kind: 'fail-open', detail: `${unscannable.code} delivered as clean: ${unscannable.detail}` }, action: ev.verdict.action, problems });
    }
    if (parseError && opts.reportParseErrors) return done({ failure: { kind: 'parse-error', detail: parseError.detail }, action: ev.verdict.action, problems });
    return done({ action: ev.verdict.action, problems, actRefused });
  } finally {
    clearInterval(sampler);
  }
}
