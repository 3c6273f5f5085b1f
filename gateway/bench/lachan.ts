import { GATEWAY_NODE_FLAGS } from '../src/cli/node-flags.js';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../test/support/clamd.js';
import { waitForGreeting } from './client.js';
import { stopChild, tailCollector, track, type Server } from './server.js';

/**
 * Lá Chắn as an operator runs it: a separate process `node --max-semi-space-size=8 gateway/dist/cli/main.js start` (as `npm start`),
 * configured only through its documented environment, so the bench measures the built product
 * (npm run bench builds first) and not code loaded into the bench process.
 */

export interface LachanOptions {
  repo: string;
  name: string;
  dataDir: string;
  sinkPort: number;
  clamdUrl: string;
  localDomain: string;
  /** LACHAN_EARLY_TALKER_DELAY_MS; undefined leaves the gateway's default. */
  earlyTalkerDelayMs?: number;
  /** Write V8 CPU profiles (node --cpu-prof) into this directory. */
  cpuProfDir?: string;
  /** More environment, e.g. LACHAN_WORKERS from --workers. */
  env?: Record<string, string>;
}

export function gatewayMain(repo: string): string {
  return path.join(repo, 'gateway', 'dist', 'cli', 'main.js');
}

/** The environment the bench gives the gateway (exported for the unit test). */
export function lachanEnv(o: LachanOptions, smtpPort: number, httpPort: number): Record<string, string> {
  const env: Record<string, string> = {
    LACHAN_SMTP_HOST: '127.0.0.1',
    LACHAN_SMTP_PORT: String(smtpPort),
    LACHAN_HTTP_HOST: '127.0.0.1',
    LACHAN_HTTP_PORT: String(httpPort),
    LACHAN_DOWNSTREAM: `smtp://127.0.0.1:${o.sinkPort}`,
    LACHAN_DATA_DIR: o.dataDir,
    LACHAN_POLICY_DIR: path.join(o.repo, 'policies'),
    LACHAN_LOCAL_DOMAINS: o.localDomain,
    LACHAN_CLAMD: o.clamdUrl,
    LACHAN_LOG_LEVEL: 'warn',
    // The 25 MB messages of the memory test sit just under the 25 MiB default; leave room.
    LACHAN_MAX_MESSAGE_SIZE: '30MB',
    ...o.env,
  };
  if (o.earlyTalkerDelayMs !== undefined) env.LACHAN_EARLY_TALKER_DELAY_MS = String(o.earlyTalkerDelayMs);
  return env;
}

export async function startLachan(o: LachanOptions): Promise<Server> {
  const main = gatewayMain(o.repo);
  if (!existsSync(main)) throw new Error(`${main} is missing: build first (npm run build, or the root's npm run bench)`);
  mkdirSync(o.dataDir, { recursive: true });
  const smtpPort = await freePort();
  const httpPort = await freePort();
  const nodeArgs = [...GATEWAY_NODE_FLAGS, ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean), ...(o.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', o.cpuProfDir] : [])];
  const out = tailCollector();
  const child = track(
    spawn(process.execPath, [...nodeArgs, main, 'start'], {
      cwd: o.repo,
      env: { ...cleanEnv(process.env), ...lachanEnv(o, smtpPort, httpPort) },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  child.stdout!.on('data', (d: Buffer) => out.add(d));
  child.stderr!.on('data', (d: Buffer) => out.add(d));
  try {
    await waitForGreeting(smtpPort, child, out.text, 60_000);
  } catch (e) {
    await stopChild(child);
    throw new Error(`Lá Chắn (${o.name}) did not start: ${(e as Error).message}`);
  }
  return {
    name: o.name,
    port: smtpPort,
    pid: child.pid!,
    stderr: out.text,
    // Enough time for the gateway to finish in-flight messages and write its CPU profile.
    stop: () => stopChild(child, 20_000),
  };
}

/** The bench's own environment minus LACHAN_* (a developer's shell must not change what is measured)
 * and what vite-node sets for itself (NODE_ENV=development). */
function cleanEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) {
    if (k.startsWith('LACHAN_') || k === 'NODE_OPTIONS' || k === 'NODE_ENV' || k.startsWith('VITE')) continue;
    out[k] = v;
  }
  return out;
}
