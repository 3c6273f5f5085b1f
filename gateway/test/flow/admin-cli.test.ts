import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../support/clamd.js';
import { ensureBuilt, runCli, startCli, STACK_LINE, type RunningCli } from '../support/cli.js';
import { FIXTURES, POLICY_DIR, refOf } from '../support/gateway.js';
import { sendRaw } from '../support/send.js';
import { startSink, type Sink } from '../support/sink.js';
import { sameOnWire } from '../support/wire.js';

/**
 * An administrator's quarantine and message tracking, as they use them: `lachan start` holds a
 * message, then `lachan quarantine list / show / release / delete` and `lachan trace` (separate
 * processes on the same data directory, while the gateway runs) find it, read it, send it on to the
 * real downstream, delete it, and say what happened to it.
 */
const envelope = { from: 'thong.bao@dichvucong-gov.example', to: ['staff@lachan.test'] };

let tmp: string;
let sink: Sink;
let gw: RunningCli;
let env: Record<string, string>;
let port: number;
let original: Buffer;

beforeAll(async () => {
  await ensureBuilt();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'lachan-qcli-'));
  sink = await startSink();
  port = await freePort();
  env = {
    LACHAN_POLICY_DIR: POLICY_DIR,
    LACHAN_LOCAL_DOMAINS: 'lachan.test',
    LACHAN_LOG_LEVEL: 'warn',
    LACHAN_SMTP_PORT: String(port),
    LACHAN_HTTP_PORT: String(await freePort()),
    LACHAN_DATA_DIR: path.join(tmp, 'data'),
    LACHAN_CLAMD: inject('clamdUrl'),
    LACHAN_DOWNSTREAM: sink.url,
    LACHAN_SMTP_HOSTNAME: 'gw.lachan.test',
  };
  gw = startCli(['start'], env);
  await gw.waitForOutput(/^\s+downstream: .*$/m);
  original = await readFile(path.join(FIXTURES, 'mail', 'lookalike-govvn.eml'));
});

afterAll(async () => {
  if (gw) expect((await gw.stop('SIGTERM')).code).toBe(0);
  await sink?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

async function holdOne(): Promise<string> {
  const r = await sendRaw(port, original, envelope);
  expect(r.code, r.response).toBe(250);
  expect(r.response).toMatch(/held for review/);
  return refOf(r.response);
}

const quarantine = (...args: string[]) => runCli(['quarantine', ...args], env);
const trace = (...args: string[]) => runCli(['trace', ...args], env);

describe('lachan quarantine', () => {
  it('lists and shows a held message, writes its original, and releases it to the downstream once', async () => {
    const ref = await holdOne();
    const before = sink.messages.length;

    const list = await quarantine('list', '--json', '--status', 'held');
    expect(list.code, list.stderr).toBe(0);
    const rows = list.stdout.trim().split('\n').map((l) => JSON.parse(l) as { ref: string; status: string; recipients: string[]; mailFrom: string });
    expect(rows.find((r) => r.ref === ref)).toMatchObject({ status: 'held', recipients: ['staff@lachan.test'], mailFrom: envelope.from });

    const human = await quarantine('list', '--recipient', 'STAFF@lachan.test');
    expect(human.stdout).toMatch(new RegExp(`^${ref}  held {6}\\S+  ${envelope.from.replace(/\./g, '\\.')} → staff@lachan\\.test  `, 'm'));

    const show = await quarantine('show', ref);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain(`ref: ${ref}\ntrạng thái / status: held\n`);
    expect(show.stdout).toContain('SHA-256 verified');
    expect(show.stdout).toMatch(/^ {2}subject: .+$/m);

    const raw = await quarantine('show', ref, '--raw');
    expect(raw.code).toBe(0);
    expect(sameOnWire(Buffer.from(raw.stdout, 'utf8'), original)).toBe(true);

    const released = await quarantine('release', ref, '--by', 'quan.tri', '--reason', 'nhầm / false positive', '--json');
    expect(released.code, released.stderr).toBe(0);
    expect(JSON.parse(released.stdout)).toMatchObject({ ref, status: 'released', by: 'quan.tri', accepted: ['staff@lachan.test'] });
    const [got] = (await sink.waitFor(before + 1)).slice(before);
    expect(got!.mailFrom).toBe(envelope.from);
    expect(got!.rcptTo).toEqual(['staff@lachan.test']);
    const head = got!.raw.toString('latin1').split(/\r?\n/, 3);
    expect(head).toEqual([`X-Lachan-Ref: ${ref}`, 'X-Lachan-Verdict: released; by=quan.tri; gateway=gw.lachan.test', expect.stringMatching(/^X-Lachan-Category: /)]);
    const withoutOurs = Buffer.from(got!.raw.toString('latin1').replace(/^X-Lachan-[^:]*:.*\r?\n/gm, ''), 'latin1');
    expect(sameOnWire(withoutOurs, original)).toBe(true);

    const again = await quarantine('release', ref);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(new RegExp(`^lachan quarantine release: LC_QUARANTINE_STATE: .*${ref} is released by quan\\.tri`, 'm'));
    expect(again.stderr).not.toMatch(STACK_LINE);
    expect(sink.messages.length).toBe(before + 1);

    const after = await quarantine('show', ref);
    expect(after.stdout).toMatch(/trạng thái \/ status: released \(quan\.tri, \S+: nhầm \/ false positive\)/);
  });

  it('deletes a held message: its record stays, its bytes go', async () => {
    const ref = await holdOne();
    const del = await quarantine('delete', ref, '--reason', 'thư rác');
    expect(del.code, del.stderr).toBe(0);
    expect(del.stdout).toMatch(new RegExp(`^${ref}: đã xóa / deleted`));
    const shown = await quarantine('show', ref, '--json');
    const record = JSON.parse(shown.stdout) as { createdAt: string; expiresAt: string };
    expect(record).toMatchObject({ ref, status: 'deleted', statusReason: 'thư rác', verified: false });
    // held for LACHAN_QUARANTINE_DAYS (default 90) before retention deletes it
    const days = (Date.parse(record.expiresAt) - Date.parse(record.createdAt)) / 86_400_000;
    expect(days).toBeGreaterThan(89.99);
    expect(days).toBeLessThan(90.01);
    const purge = await quarantine('purge', '--json');
    expect(purge.code, purge.stderr).toBe(0);
    expect(JSON.parse(purge.stdout)).toEqual({ deleted: [], removedBytes: 0 });
    const raw = await quarantine('show', ref, '--raw');
    expect(raw.code).toBe(1);
    expect(raw.stderr).toMatch(/LC_QUARANTINE_STATE/);
    expect((await quarantine('delete', ref)).code).toBe(1);
  });

  it('answers a ref that was never held, and bad usage, in one line each', async () => {
    const none = await quarantine('show', '01JQNOTHERE00000000000000');
    expect(none.code).toBe(1);
    expect(none.stderr.trim()).toBe('lachan quarantine show: LC_QUARANTINE_NOT_FOUND: no quarantined message with that ref: 01JQNOTHERE00000000000000');
    const bad = await quarantine('list', '--status', 'lost');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--status/);
    expect((await quarantine('frobnicate')).code).toBe(2);
    expect((await quarantine('release')).code).toBe(2);
  });
});

describe('lachan trace', () => {
  it('finds a message by recipient, sender, Message-ID and outcome, and tells its story: verdict, rules, findings, quarantine, audit', async () => {
    const ref = await holdOne();
    const messageId = /^Message-ID:\s*(.+?)\s*$/im.exec(original.toString('utf8'))?.[1] ?? '';
    expect(messageId).not.toBe('');
    for (const args of [
      ['--to', 'Staff@lachan.test', '--action', 'quarantine'],
      ['--from', envelope.from, '--since', '2020-01-01'],
      ['--message-id', messageId],
      ['--category', 'phishing'],
    ]) {
      const r = await trace(...args, '--json');
      expect(r.code, r.stderr).toBe(0);
      const refs = r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { ref: string }).ref);
      expect(refs, args.join(' ')).toContain(ref);
    }
    expect((await trace('--to', 'nobody@lachan.test')).stdout).toBe('(không có thư nào / no messages)\n');
    expect((await trace('--action', 'deliver', '--json', '--message-id', messageId)).stdout).toBe('');

    const one = await trace(ref);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toContain(`phong bì / envelope: ${envelope.from} → staff@lachan.test`);
    expect(one.stdout).toMatch(/^kết quả \/ outcome: quarantine; /m);
    expect(one.stdout).toMatch(/^ {2}lookalike-link \(quarantine, [a-z-]+\): /m);
    expect(one.stdout).toMatch(/^ {4}- url\.lookalike: /m);
    expect(one.stdout).toContain(`cách ly / quarantine: held — lachan quarantine show ${ref}`);
    expect(one.stdout).toMatch(/^ {2}nhật ký \/ audit #\d+ \S+ gateway message\.quarantined$/m);

    const json = JSON.parse((await trace(ref, '--json')).stdout) as { action: string; quarantine: { status: string }; audit: Array<{ action: string }> };
    expect(json).toMatchObject({ action: 'quarantine', quarantine: { status: 'held' } });
    expect(json.audit.map((a) => a.action)).toEqual(['message.quarantined']);
  });

  it('answers a ref it never saw and bad arguments in one line', async () => {
    const none = await trace('01JQNOTHERE00000000000000');
    expect(none.code).toBe(1);
    expect(none.stderr).toBe('lachan trace: không có thư / no message with ref 01JQNOTHERE00000000000000\n');
    const bad = await trace('--since', 'yesterday-ish');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--since "yesterday-ish": not a date/);
    expect((await trace('--action', 'bounce')).code).toBe(2);
    expect(bad.stderr).not.toMatch(STACK_LINE);
  });
});
