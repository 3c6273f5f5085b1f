import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSinkCounters, parseSourceOutput, runSmtpSource, SMTP_SINK, SMTP_SOURCE, startSmtpSink } from '../../bench/postfix.js';

const HAVE_POSTFIX_TOOLS = existsSync(SMTP_SINK) && existsSync(SMTP_SOURCE);

describe('Postfix tool output', () => {
  it('reads the latest smtp-sink -c counters from \\r-separated records', () => {
    const out = 'sess=0 quit=0 mesg=1\rsess=1 quit=1 mesg=1\rsess=11 quit=11 mesg=12\r';
    expect(parseSinkCounters(out)).toEqual({ sess: 11, quit: 11, mesg: 12 });
  });

  it('skips a record cut in the middle and gives undefined when there is none', () => {
    expect(parseSinkCounters('sess=3 quit=3 mesg=4\rsess=4 qu')).toEqual({ sess: 3, quit: 3, mesg: 4 });
    expect(parseSinkCounters('')).toBeUndefined();
  });

  it('counts completed messages from the smtp-source -c counter', () => {
    const r = parseSourceOutput('1\r2\r3\r4\r5\r6\r7\r8\r9\r10\r11\r12\r\n', '');
    expect(r).toEqual({ completed: 12, warnings: [], fatal: undefined });
  });

  it('collects refusals (-A warnings) and the fatal error that stopped smtp-source', () => {
    const stderr = [
      '/usr/sbin/smtp-source: warning: recipient rejected: 450 4.3.0 Error: command failed',
      '/usr/sbin/smtp-source: warning: data rejected: 451 4.3.0 clamd unavailable',
      '/usr/sbin/smtp-source: fatal: connect: Connection refused',
    ].join('\n');
    const r = parseSourceOutput('1\r2\r', stderr);
    expect(r.completed).toBe(2);
    expect(r.warnings).toEqual(['recipient rejected: 450 4.3.0 Error: command failed', 'data rejected: 451 4.3.0 clamd unavailable']);
    expect(r.fatal).toBe('connect: Connection refused');
  });
});

// The bench installs postfix when missing; a unit-test run does not, so without the tools this is skipped.
describe.skipIf(!HAVE_POSTFIX_TOOLS)('the real smtp-sink and smtp-source', () => {
  it('count the same messages: smtp-source completed, smtp-sink received', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lachan-bench-test-'));
    const file = path.join(dir, 'm.eml');
    writeFileSync(file, 'Subject: t\n\n.starts with a dot\nbody\n');
    const sink = await startSmtpSink();
    try {
      const r = await runSmtpSource({ sessions: 3, messages: 12, file, from: 'a@b.example', to: 'staff@lachan.test', port: sink.port, timeoutMs: 20_000 });
      expect(r).toMatchObject({ completed: 12, failed: 0, warnings: [], fatal: undefined, timedOut: false });
      expect(await sink.waitReceived(12, 5000)).toBe(12);
    } finally {
      await sink.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('report a connection refused as fatal with no message completed', async () => {
    const sink = await startSmtpSink();
    const port = sink.port;
    await sink.stop();
    const r = await runSmtpSource({ sessions: 1, messages: 2, file: '/dev/null', from: 'a@b.example', to: 'staff@lachan.test', port, timeoutMs: 20_000 });
    expect(r.completed).toBe(0);
    expect(r.failed).toBe(2);
    expect(r.fatal).toMatch(/connect/);
  });
});
