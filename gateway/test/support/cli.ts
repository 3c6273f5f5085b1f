import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { REPO } from './gateway.js';

/** The built CLI, as `npx lachan` runs it (package.json "bin"). */
export const CLI = path.join(REPO, 'gateway', 'dist', 'cli', 'main.js');
const SRC = path.join(REPO, 'gateway', 'src');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Builds dist/ (`npm run build`) when it is missing or older than src/. CI builds before vitest
 * (`npm test` = build + vitest), so there this does nothing. Builds are serialised with flock, as
 * several test files (or engineers) may ask at once.
 */
export async function ensureBuilt(): Promise<void> {
  if (existsSync(CLI) && statSync(CLI).mtimeMs >= newestSource(SRC)) return;
  const [cmd, ...args] = existsSync('/usr/bin/flock') ? ['/usr/bin/flock', '/tmp/lachan-build.lock', 'npm', 'run', 'build'] : ['npm', 'run', 'build'];
  const r = await run(cmd!, args, { cwd: path.join(REPO, 'gateway'), env: process.env }, 300_000);
  if (r.code !== 0 && !existsSync(CLI)) throw new Error(`npm run build failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
}

/**
 * The environment for the CLI: this process's, minus every LACHAN_* variable (the test runner's own
 * must not leak in), plus the given ones.
 */
export function cliEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('LACHAN_') && k !== 'NODE_OPTIONS') env[k] = v;
  return { ...env, ...vars };
}

function run(cmd: string, args: string[], opts: { cwd?: string; env: NodeJS.ProcessEnv }, timeoutMs: number): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Runs `lachan ARGS…` to the end (never blocking this process's event loop). */
export function runCli(args: string[], env: Record<string, string>, opts: { cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return run(process.execPath, [CLI, ...args], { cwd: opts.cwd, env: cliEnv(env) }, opts.timeoutMs ?? 60_000);
}

/** A long-running `lachan start`: its output so far, a wait for a line, signals, its exit. */
export interface RunningCli {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with stdout once it matches re; rejects when the process exits first or after timeoutMs. */
  waitForOutput(re: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves when the process has exited. */
  exited: Promise<CliResult>;
  /** Sends a signal and waits for the exit (SIGKILL after timeoutMs). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<CliResult>;
}

export function startCli(args: string[], env: Record<string, string>): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], { env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let listeners: Array<() => void> = [];
  const notify = () => listeners.splice(0).forEach((l) => l());
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString('utf8');
    notify();
  });
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
    notify();
  });
  let done: CliResult | undefined;
  const exited = new Promise<CliResult>((resolve) => {
    child.once('close', (code, signal) => {
      done = { code, signal, stdout, stderr };
      notify();
      resolve(done);
    });
  });
  // never leave a gateway behind if the test process ends early
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));

  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    async waitForOutput(re, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (re.test(stdout)) return stdout;
        if (done) throw new Error(`lachan exited (code ${done.code}, signal ${done.signal}) before printing ${re}:\n${stdout}\n${stderr}`);
        if (Date.now() > deadline) throw new Error(`lachan did not print ${re} within ${timeoutMs} ms:\n${stdout}\n${stderr}`);
        await new Promise<void>((resolve) => {
          listeners.push(resolve);
          setTimeout(resolve, 200).unref();
        });
      }
    },
    async stop(signal = 'SIGTERM', timeoutMs = 15_000) {
      if (!done) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const result = await exited;
      clearTimeout(timer);
      listeners = [];
      return result;
    },
  };
}

/** A stack trace line ("    at fn (file:1:2)") anywhere in the text. */
export const STACK_LINE = /^\s+at .+(:\d+:\d+\)?|\(native\)|\(<anonymous>\))$/m;
