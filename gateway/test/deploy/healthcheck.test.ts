import net from 'node:net';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { healthTarget, smtpGreeting } from '../../src/cli/healthcheck.js';
import { freePort } from '../support/clamd.js';
import { cliEnv, ensureBuilt, STACK_LINE } from '../support/cli.js';
import { REPO, startTestGateway, type TestGateway } from '../support/gateway.js';

/**
 * The container health check (Dockerfile HEALTHCHECK): healthy only when the gateway greets with 220.
 * Against a real gateway, and against servers that misbehave in the ways a health check must notice.
 */

const HEALTHCHECK = path.join(REPO, 'gateway', 'dist', 'cli', 'healthcheck.js');

/** A TCP server on 127.0.0.1 that does `onConnection` with each client. */
async function server(onConnection: (s: net.Socket) => void): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const srv = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
    onConnection(s);
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return {
    port: (srv.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        srv.close(() => resolve());
      }),
  };
}

function runHealthcheck(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HEALTHCHECK], { env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('health check target', () => {
  it('knocks on loopback when the gateway listens on every address', () => {
    expect(healthTarget({ host: '0.0.0.0', port: 2525 })).toEqual({ host: '127.0.0.1', port: 2525 });
    expect(healthTarget({ host: '::', port: 2525 })).toEqual({ host: '::1', port: 2525 });
    expect(healthTarget({ host: '127.0.0.1', port: 25 })).toEqual({ host: '127.0.0.1', port: 25 });
  });
});

describe('health check against a real gateway', () => {
  let gw: TestGateway;
  let stopped = false;
  beforeAll(async () => {
    await ensureBuilt();
    gw = await startTestGateway({
      LACHAN_CLAMD: inject('clamdUrl') || 'tcp://127.0.0.1:3310',
      LACHAN_DOWNSTREAM: `smtp://127.0.0.1:${await freePort()}`,
    });
  });
  afterAll(async () => {
    if (!stopped) await gw?.stop();
  });

  it('is healthy when the gateway greets', async () => {
    const r = await smtpGreeting('127.0.0.1', gw.port);
    expect(r).toEqual({ ok: true, reply: expect.stringMatching(/^220 gw\.lachan\.test /) as string });
  });

  it('runs as the built script with the gateway’s own variables: exit 0 while it answers, 1 once it stopped', async () => {
    const env = { LACHAN_SMTP_HOST: '127.0.0.1', LACHAN_SMTP_PORT: String(gw.port) };
    const up = await runHealthcheck(env);
    expect(up.code, up.stdout + up.stderr).toBe(0);
    expect(up.stdout).toMatch(new RegExp(`^healthy: 127\\.0\\.0\\.1:${gw.port}: 220 `));

    await gw.stop();
    stopped = true;
    const down = await runHealthcheck(env);
    expect(down.code).toBe(1);
    expect(down.stdout).toMatch(/^unhealthy: .*ECONNREFUSED/);
  });

  it('is unhealthy with a clear line, not a stack trace, when the configuration is bad', async () => {
    const r = await runHealthcheck({ LACHAN_SMTP_PORT: 'twenty-five' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^unhealthy: .*LACHAN_SMTP_PORT/);
    expect(r.stdout + r.stderr).not.toMatch(STACK_LINE);
  });
});

describe('health check against servers that do not greet properly', () => {
  it('reads a greeting over several lines to its last line, then says QUIT', async () => {
    let heard = '';
    let heardLine!: () => void;
    const line = new Promise<void>((resolve) => (heardLine = resolve));
    const s = await server((c) => {
      c.on('data', (d: Buffer) => {
        heard += d.toString('latin1');
        if (heard.includes('\r\n')) heardLine();
      });
      c.write('220-gw.lachan.test first line\r\n220 gw.lachan.test ready\r\n');
    });
    try {
      expect(await smtpGreeting('127.0.0.1', s.port)).toEqual({ ok: true, reply: '220 gw.lachan.test ready' });
      await line;
      expect(heard).toBe('QUIT\r\n');
    } finally {
      await s.close();
    }
  });

  it('is unhealthy when the server refuses service (421 at the connection limit)', async () => {
    const s = await server((c) => c.end('421 4.7.0 too many connections\r\n'));
    try {
      expect(await smtpGreeting('127.0.0.1', s.port)).toEqual({ ok: false, reply: '421 4.7.0 too many connections' });
    } finally {
      await s.close();
    }
  });

  it('is unhealthy when nothing listens', async () => {
    const r = await smtpGreeting('127.0.0.1', await freePort());
    expect(r.ok).toBe(false);
    expect(r.reply).toMatch(/ECONNREFUSED/);
  });

  it('is unhealthy when the server says nothing in time', async () => {
    const s = await server(() => undefined);
    try {
      expect(await smtpGreeting('127.0.0.1', s.port, 300)).toEqual({ ok: false, reply: 'no greeting within 300 ms' });
    } finally {
      await s.close();
    }
  });

  it('is unhealthy when the server hangs up without a greeting', async () => {
    const s = await server((c) => c.destroy());
    try {
      const r = await smtpGreeting('127.0.0.1', s.port);
      expect(r.ok).toBe(false);
    } finally {
      await s.close();
    }
  });

  it('is unhealthy when the server sends endless text that is no reply', async () => {
    const s = await server((c) => c.write('x'.repeat(10_000)));
    try {
      expect(await smtpGreeting('127.0.0.1', s.port)).toEqual({ ok: false, reply: 'greeting too long' });
    } finally {
      await s.close();
    }
  });
});
