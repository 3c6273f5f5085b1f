import { runBounded } from '../../child-process.js';
import { createLimiter, type Limiter } from '../../limiter.js';

/**
 * Text in pictures, read by Debian's Tesseract command (`tesseract-ocr` + `tesseract-ocr-vie`): one
 * `tesseract stdin stdout -l vie+eng --psm 6` process per picture, the picture's bytes on stdin,
 * the text on stdout. Measured here (Tesseract 5.3, 2 cores): ~1.1 s and ~50 MB for a 700×400
 * screenshot of text, most of it loading the two language models.
 *
 * Hard limits: a picture runs at most OCR_TIMEOUT_MS and is killed (SIGKILL) past it; at most
 * OCR_MAX_OUTPUT_CHARS of text are kept; at most OCR_PROCESSES run at once in the process, the
 * others wait their turn (and give up when their caller's deadline passes while they wait);
 * OpenMP is held to one thread (OMP_THREAD_LIMIT=1) so one picture takes one core.
 *
 * OCR is an extra: a missing binary or language, a timeout, a crash or garbage is "no text",
 * never an error for the message (the scanners that use it have no part in a safe verdict).
 */

/** One picture's OCR at most; the process is killed past it. */
export const OCR_TIMEOUT_MS = 4000;
/** Tesseract processes at once in this gateway process. */
export const OCR_PROCESSES = 2;
/** Characters of text kept per picture. */
export const OCR_MAX_OUTPUT_CHARS = 16 * 1024;
/** The languages read; both must be installed (`tesseract --list-langs`). */
export const OCR_LANGUAGES = ['vie', 'eng'] as const;

export const OCR_INSTALL_HINT = 'Debian: apt-get install tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng';

export interface OcrOptions {
  /** false: OCR off (LACHAN_OCR=off). */
  enabled?: boolean;
  /** The tesseract binary [tesseract, found on PATH]. */
  binary?: string;
  timeoutMs?: number;
  processes?: number;
}

/** Whether OCR can run, and if not why (one line, with how to install it). */
export type OcrStatus = { ok: true; version: string } | { ok: false; reason: string };

export class OcrEngine {
  readonly binary: string;
  private readonly enabled: boolean;
  private readonly timeoutMs: number;
  private readonly limit: Limiter;
  private status: Promise<OcrStatus> | undefined;

  constructor(opts: OcrOptions = {}) {
    this.enabled = opts.enabled ?? true;
    this.binary = opts.binary ?? 'tesseract';
    this.timeoutMs = opts.timeoutMs ?? OCR_TIMEOUT_MS;
    this.limit = createLimiter(opts.processes ?? OCR_PROCESSES);
  }

  /**
   * Whether OCR runs: switched on, the binary answers `--list-langs` and lists vie and eng. Asked
   * once per engine (the answer is kept); never throws.
   */
  check(): Promise<OcrStatus> {
    return (this.status ??= this.probe());
  }

  private async probe(): Promise<OcrStatus> {
    if (!this.enabled) return { ok: false, reason: 'switched off (LACHAN_OCR=off)' };
    const langs = await run(this.binary, ['--list-langs'], undefined, 5000);
    if (!langs.ok) return { ok: false, reason: `${this.binary} not usable (${langs.error}) — ${OCR_INSTALL_HINT}` };
    const listed = new Set(langs.stdout.split(/\r?\n/).map((l) => l.trim()));
    const missing = OCR_LANGUAGES.filter((l) => !listed.has(l));
    if (missing.length > 0) return { ok: false, reason: `${this.binary} has no ${missing.join(', ')} language data — ${OCR_INSTALL_HINT}` };
    const version = await run(this.binary, ['--version'], undefined, 5000);
    const first = version.ok ? /tesseract\s+\S+/i.exec(version.stdout)?.[0] : undefined;
    return { ok: true, version: first ?? 'tesseract' };
  }

  /**
   * The text in one picture (PNG, JPEG, GIF, BMP, WebP bytes; the caller has checked its header and
   * size), or undefined: OCR off, timed out, failed, or `deadline` (epoch ms) passed while waiting
   * for a turn. Never throws.
   */
  async read(image: Buffer, opts: { deadline?: number; signal?: AbortSignal } = {}): Promise<string | undefined> {
    if (!(await this.check()).ok) return undefined;
    const late = () => (opts.deadline !== undefined && Date.now() >= opts.deadline) || opts.signal?.aborted === true;
    if (late()) return undefined;
    const args = ['stdin', 'stdout', '-l', OCR_LANGUAGES.join('+'), '--psm', '6'];
    try {
      return await this.limit(async () => {
        if (late()) return undefined; // the caller gave up while this waited for a turn
        const left = opts.deadline === undefined ? this.timeoutMs : Math.min(this.timeoutMs, opts.deadline - Date.now());
        const r = await run(this.binary, args, image, Math.max(1, left), opts.signal);
        return r.ok ? r.stdout : undefined;
      });
    } catch {
      return undefined;
    }
  }
}

type RunResult = { ok: true; stdout: string } | { ok: false; error: string };

/** Runs the binary with `input` on stdin; killed (SIGKILL) after `timeoutMs` or on abort (child-process.ts). Never throws. */
async function run(binary: string, args: string[], input: Buffer | undefined, timeoutMs: number, signal?: AbortSignal): Promise<RunResult> {
  // tesseract's UTF-8: keep at most ~4 bytes a character of the limit, drop the rest
  const r = await runBounded(binary, args, {
    input, timeoutMs, signal, maxStdout: OCR_MAX_OUTPUT_CHARS * 4, overStdout: 'drop',
    env: { ...process.env, OMP_THREAD_LIMIT: '1' },
  });
  switch (r.outcome) {
    case 'exited':
      if (r.code !== 0) return { ok: false, error: `exit code ${r.code}` };
      return { ok: true, stdout: r.stdout.toString('utf8').slice(0, OCR_MAX_OUTPUT_CHARS) };
    case 'timeout':
      return { ok: false, error: `no answer within ${timeoutMs} ms` };
    case 'aborted':
      return { ok: false, error: 'aborted' };
    case 'over-cap':
      return { ok: false, error: 'too much output' };
    default:
      return { ok: false, error: r.error };
  }
}

let shared: OcrEngine | undefined;

/** The process's OCR engine (made with the defaults on first use unless useOcr set it at start). */
export function ocrEngine(): OcrEngine {
  return (shared ??= new OcrEngine());
}

/** Sets the process's OCR engine from the configuration (at start, as useQrThread); returns it. */
export function useOcr(opts: OcrOptions): OcrEngine {
  shared = new OcrEngine(opts);
  return shared;
}
