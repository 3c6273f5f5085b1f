import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/clamd.js';
import { CLI, cliEnv, ensureBuilt } from '../support/cli.js';
import { POLICY_DIR } from '../support/gateway.js';

/**
 * What `lachan start` loads before its first message. Every module loaded stays in the process's
 * heap (its source text at least) for the process's life, in every worker; modules that only some
 * mail needs are loaded when that mail comes. This spawns the built gateway with a module logger
 * preloaded (test/support/module-log.mjs), waits for it to listen and checks the list, so a module
 * made lazy cannot silently become eager again.
 */

const HOOK = fileURLToPath(new URL('../support/module-log.mjs', import.meta.url));

/** Loaded at start on purpose: the check below would prove nothing if the logger saw none of these. */
const EXPECTED = [
  'nodemailer/dist/esm/smtp-pool/index.js', // the relay's pool, built directly (deliver/relay.ts)
  'libmime/dist/cjs/libmime.js', // the one libmime copy, mailsplit's CommonJS build (parse/libmime.ts)
  'gateway/dist/app.js',
];

/** Never loaded at start: loaded at first use, or never by the gateway. */
const LAZY: Record<string, string> = {
  'nodemailer/dist/esm/nodemailer.js': "nodemailer's main module (Mail layer, composer, other transports)",
  'nodemailer/dist/esm/mailer/': "nodemailer's Mail layer",
  'nodemailer/dist/esm/mail-composer/': "nodemailer's composer",
  'libmime/dist/esm/': "libmime's second (ES module) copy",
  'pdfjs-dist/': 'pdf.js (PDF text, read off-thread when a PDF needs it)',
  '7z-wasm/': '7-Zip (7z, RAR and disk-image listings)',
  'jsqr/': 'the QR decoder (pictures only)',
  'jpeg-js/': 'the JPEG decoder (pictures only)',
  'pngjs/': 'the PNG decoder (pictures only)',
  'omggif/': 'the GIF decoder (pictures only)',
  '/node_modules/pg/': 'PostgreSQL (LACHAN_DATABASE_URL=postgres://… only)',
};

let tmp: string;
let loaded: string[];

beforeAll(async () => {
  await ensureBuilt();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'lachan-start-modules-'));
  const log = path.join(tmp, 'modules.txt');
  const [smtp, http, down, clamd] = [await freePort(), await freePort(), await freePort(), await freePort()];
  // downstream and clamd are left down: the gateway starts all the same, and nothing is sent
  const child = spawn(process.execPath, ['--import', HOOK, CLI, 'start'], {
    env: cliEnv({
      LACHAN_TEST_MODULE_LOG: log,
      LACHAN_SMTP_PORT: String(smtp),
      LACHAN_HTTP_PORT: String(http),
      LACHAN_DOWNSTREAM: `smtp://127.0.0.1:${down}`,
      LACHAN_CLAMD: `tcp://127.0.0.1:${clamd}`,
      LACHAN_DATA_DIR: path.join(tmp, 'data'),
      LACHAN_POLICY_DIR: POLICY_DIR,
      LACHAN_LOG_LEVEL: 'warn',
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  try {
    const deadline = Date.now() + 60_000;
    while (!/SMTP listening/.test(out)) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`lachan start did not listen:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    // the dependency lines come after the listening line; let the start finish
    await new Promise((r) => setTimeout(r, 500));
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  loaded = (await readFile(log, 'utf8')).split('\n').filter(Boolean);
}, 90_000);

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('lachan start', () => {
  it('loads the mail path it needs (the module list is seen)', () => {
    for (const m of EXPECTED) expect(loaded.some((u) => u.includes(m)), m).toBe(true);
  });

  it.each(Object.entries(LAZY))('does not load %s at start (%s)', (marker) => {
    expect(loaded.filter((u) => u.includes(marker))).toEqual([]);
  });
});
