import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startGateway, type GatewayHandle } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/log.js';

export const REPO = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const FIXTURES = path.join(REPO, 'test-fixtures');
export const POLICY_DIR = path.join(REPO, 'policies');

export interface TestGateway {
  handle: GatewayHandle;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * A real gateway in this process: SMTP on a free port of 127.0.0.1, the given downstream and
 * clamd, SQLite in a fresh temp dir unless LACHAN_DATABASE_URL is given.
 */
export async function startTestGateway(env: Record<string, string>): Promise<TestGateway> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'lachan-gw-'));
  const config = loadConfig({
    LACHAN_SMTP_PORT: '0',
    LACHAN_HTTP_PORT: '0',
    LACHAN_DATA_DIR: dataDir,
    LACHAN_POLICY_DIR: POLICY_DIR,
    LACHAN_LOCAL_DOMAINS: 'lachan.test,*.lachan.test',
    LACHAN_SMTP_HOSTNAME: 'gw.lachan.test',
    LACHAN_CLAMD_TIMEOUT_MS: '10000',
    ...env,
  });
  const handle = await startGateway(config, silentLogger());
  return {
    handle,
    port: handle.smtpPort,
    dataDir,
    async stop() {
      await handle.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The message reference in a gateway reply ('... ref=01J...'). */
export function refOf(response: string): string {
  const m = /ref=([0-9A-HJKMNP-TV-Z]{26})/.exec(response);
  if (!m) throw new Error(`no ref in reply: ${response}`);
  return m[1]!;
}
