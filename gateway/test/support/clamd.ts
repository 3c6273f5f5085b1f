import { ensureDebianPackages } from './debian.js';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A clamd of our own for the tests: our config in a temp dir, our signature database
 * (test-fixtures/clamav), a free TCP port on 127.0.0.1. It never touches the system clamd
 * (no LocalSocket, no shared pid or log file, not port 3310) and never runs freshclam.
 */
export interface RunningClamd {
  /** tcp://127.0.0.1:PORT */
  url: string;
  /** Where clamd logs, for error messages. */
  logFile: string;
  stop(): Promise<void>;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** test-fixtures/clamav at the repository root. */
export const TEST_SIGNATURE_DIR = path.resolve(HERE, '../../../test-fixtures/clamav');

const CLAMD_CANDIDATES = ['/usr/sbin/clamd', '/usr/local/sbin/clamd', '/usr/bin/clamd'];
const START_TIMEOUT_MS = 90_000;

export async function startTestClamd(): Promise<RunningClamd> {
  const binary = findClamd() ?? installClamd();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lachan-clamd-'));
  const port = await freePort();
  const logFile = path.join(dir, 'clamd.log');
  const conf = path.join(dir, 'clamd.conf');
  await writeFile(conf, clamdConf({ dir, port, logFile }));

  const child = spawn(binary, ['--config-file', conf, '--foreground'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    if (stderr.length < 16_384) stderr += d.toString();
  });
  let exited: { code: number | null; signal: string | null } | undefined;
  child.once('exit', (code, signal) => {
    exited = { code, signal };
  });
  child.once('error', (err) => {
    stderr += `\nspawn error: ${err.message}`;
    exited = { code: -1, signal: null };
  });

  // If the test process ends without teardown (Ctrl-C, a crash), do not leave clamd behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const url = `tcp://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (exited) {
      process.off('exit', killOnExit);
      const log = await readFile(logFile, 'utf8').catch(() => '');
      await rm(dir, { recursive: true, force: true });
      throw new Error(
        `test clamd exited during start (code ${exited.code}, signal ${exited.signal}); log ${logFile}:\n${tail(log + stderr)}`,
      );
    }
    if (await pingOnce(port)) break;
    if (Date.now() > deadline) {
      process.off('exit', killOnExit);
      await stopChild(child);
      throw new Error(`test clamd did not answer PING within ${START_TIMEOUT_MS} ms; see its log ${logFile}:\n${tail(stderr)}`);
    }
    await sleep(150);
  }

  return {
    url,
    logFile,
    async stop() {
      process.off('exit', killOnExit);
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function clamdConf(o: { dir: string; port: number; logFile: string }): string {
  return [
    '# Written by gateway/test/support/clamd.ts for one test run.',
    'Foreground yes',
    `TCPSocket ${o.port}`,
    'TCPAddr 127.0.0.1',
    `DatabaseDirectory ${TEST_SIGNATURE_DIR}`,
    `LogFile ${o.logFile}`,
    'LogTime yes',
    'LogVerbose no',
    `PidFile ${path.join(o.dir, 'clamd.pid')}`,
    `TemporaryDirectory ${o.dir}`,
    // 30 MB attachments, base64-free, with room to spare.
    'StreamMaxLength 64M',
    'MaxFileSize 64M',
    'MaxScanSize 256M',
    'MaxThreads 8',
    'ReadTimeout 60',
    'CommandReadTimeout 30',
    'SelfCheck 3600',
    'ScanArchive yes',
    'ScanMail yes',
    'ScanHTML yes',
    'ScanOLE2 yes',
    'ScanPDF yes',
    'Bytecode no',
    '',
  ].join('\n');
}

function findClamd(): string | undefined {
  for (const p of CLAMD_CANDIDATES) if (existsSync(p)) return p;
  const which = spawnSync('sh', ['-c', 'command -v clamd'], { encoding: 'utf8' });
  const found = which.stdout.trim();
  return which.status === 0 && found ? found : undefined;
}

/** Fresh Debian CI machine: install clamav-daemon (root only). The package's own service is not used. */
function installClamd(): string {
  ensureDebianPackages([{ pkg: 'clamav-daemon', file: '/usr/sbin/clamd' }]);
  const found = findClamd();
  if (!found) throw new Error('clamav-daemon was installed but no clamd binary was found');
  return found;
}

/** A port that was free a moment ago (the kernel picks it; never 3310). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port && port !== 3310 ? resolve(port) : freePort().then(resolve, reject)));
    });
  });
}

function pingOnce(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(2000, () => done(false));
    sock.once('error', () => done(false));
    sock.once('connect', () => sock.write('zPING\0'));
    sock.on('data', (d: Buffer) => {
      reply += d.toString();
      if (reply.includes('\0')) done(reply.startsWith('PONG'));
    });
    sock.once('end', () => done(reply.startsWith('PONG')));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await gone;
  clearTimeout(timer);
}

function tail(s: string, lines = 30): string {
  return s.trim().split('\n').slice(-lines).join('\n');
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
