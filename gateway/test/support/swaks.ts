import { ensureDebianPackages } from './debian.js';
import { spawn } from 'node:child_process';

export const SWAKS = '/usr/bin/swaks';

export interface SwaksResult {
  /** swaks' exit code: 0 sent; 24 no recipient accepted; 25/26 refused at DATA / after the data (see `man swaks`) */
  code: number | null;
  /** the SMTP transcript swaks prints ('<-  250 …' for replies, '<** 550 …' for errors) */
  output: string;
}

/** Debian's swaks, installed with apt-get when missing (root only, like the test clamd). */
export function ensureSwaks(): string {
  ensureDebianPackages([{ pkg: 'swaks', file: SWAKS }]);
  return SWAKS;
}

/**
 * Runs swaks without blocking the event loop (the gateway under test runs in this process).
 * `--helo` is given so swaks needs no DNS; nothing it sends leaves 127.0.0.1.
 */
export function runSwaks(port: number, args: string[], timeoutMs = 60_000): Promise<SwaksResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(SWAKS, ['--server', `127.0.0.1:${port}`, '--helo', 'client.sender.example', '--timeout', '60', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** The server's replies in a swaks transcript, in order ('250 …', '550 …'), from '<-' and '<**' lines. */
export function swaksReplies(output: string): string[] {
  return output
    .split('\n')
    .map((l) => /^<(?:-|\*\*)\s+(\d{3}[ -].*)$/.exec(l.trimEnd())?.[1])
    .filter((l): l is string => l !== undefined);
}

/**
 * The message swaks sends for `--data @FILE`: it ends DATA with "\r\n." after the file's bytes
 * whatever they end with, so a file that already ends with a line break arrives with one empty line
 * more (swaks 20201014, `$n{data} .= "\r\n."`).
 */
export function swaksData(file: Buffer): Buffer {
  return Buffer.concat([file, Buffer.from('\r\n')]);
}
