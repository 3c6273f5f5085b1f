import { spawn } from 'node:child_process';

/**
 * One run of an outside program (a Debian tool: tesseract for OCR, lzip and lz4 for compressed
 * attachments) with hard limits: `input` on its stdin, at most `maxStdout` bytes of its stdout kept
 * (past it the process is killed, or what follows is dropped), at most `maxStderr` bytes of its
 * stderr, killed (SIGKILL) after `timeoutMs` or when `signal` aborts. Never throws: a missing
 * binary, a crash, a timeout are outcomes.
 */

export interface RunLimits {
  /** Written to stdin, which is then closed (none: stdin closed at once). */
  input?: Buffer;
  timeoutMs: number;
  /** Most bytes of stdout kept. */
  maxStdout: number;
  /** Past `maxStdout`: 'kill' the process and keep nothing (a decompression bomb), or 'drop' the rest and let it finish. */
  overStdout: 'kill' | 'drop';
  /** Most bytes of stderr kept (0, the default: stderr is not read). */
  maxStderr?: number;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

export type RunOutcome =
  /** The process ended by itself: its exit code (null when a signal ended it). */
  | { outcome: 'exited'; code: number | null; stdout: Buffer; stderr: string }
  /** Killed: its stdout passed `maxStdout` ('kill'); nothing of it is kept. */
  | { outcome: 'over-cap'; stdout: Buffer; stderr: string }
  /** Killed: past `timeoutMs`, or `signal` aborted. */
  | { outcome: 'timeout' | 'aborted'; stdout: Buffer; stderr: string }
  /** Never started: no such binary ('not-found'), or spawning failed. */
  | { outcome: 'not-found' | 'failed'; error: string };

export function runBounded(binary: string, args: readonly string[], limits: RunLimits): Promise<RunOutcome> {
  return new Promise<RunOutcome>((resolve) => {
    let settled = false;
    const out: Buffer[] = [];
    let outBytes = 0;
    const err: Buffer[] = [];
    let errBytes = 0;
    const maxStderr = limits.maxStderr ?? 0;
    const stderr = () => Buffer.concat(err, errBytes).toString('utf8');
    const done = (r: RunOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      limits.signal?.removeEventListener('abort', onAbort);
      resolve(r);
    };
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(binary, [...args], { stdio: ['pipe', 'pipe', maxStderr > 0 ? 'pipe' : 'ignore'], env: limits.env ?? process.env });
    } catch (e) {
      resolve({ outcome: 'failed', error: (e as Error).message });
      return;
    }
    const kill = (outcome: 'over-cap' | 'timeout' | 'aborted') => {
      child.kill('SIGKILL');
      child.stdout?.destroy();
      done({ outcome, stdout: outcome === 'over-cap' ? Buffer.alloc(0) : Buffer.concat(out, outBytes), stderr: stderr() });
    };
    const timer = setTimeout(() => kill('timeout'), limits.timeoutMs);
    timer.unref();
    const onAbort = () => kill('aborted');
    if (limits.signal?.aborted) return void queueMicrotask(onAbort);
    limits.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') done({ outcome: 'not-found', error: 'not found' });
      else if (!settled) done({ outcome: 'failed', error: e.message });
    });
    child.stdout!.on('data', (b: Buffer) => {
      if (settled) return;
      if (outBytes + b.length > limits.maxStdout) {
        if (limits.overStdout === 'kill') return kill('over-cap');
        // keep up to the limit, drop the rest (the process runs on to its end)
        const room = limits.maxStdout - outBytes;
        if (room > 0) out.push(b.subarray(0, room));
        outBytes += Math.max(0, room);
        return;
      }
      out.push(b);
      outBytes += b.length;
    });
    child.stderr?.on('data', (b: Buffer) => {
      if (errBytes >= maxStderr) return;
      const part = b.subarray(0, maxStderr - errBytes);
      err.push(part);
      errBytes += part.length;
    });
    child.on('close', (code) => done({ outcome: 'exited', code, stdout: Buffer.concat(out, outBytes), stderr: stderr() }));
    // a program that exits before reading all of stdin (EPIPE) is an ordinary failure
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(limits.input);
  });
}
