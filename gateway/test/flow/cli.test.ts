import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EICAR } from '../../../test-fixtures/attachments/payloads.mjs';
import { freePort } from '../support/clamd.js';
import { ensureBuilt, runCli, startCli, STACK_LINE } from '../support/cli.js';
import { FIXTURES, POLICY_DIR } from '../support/gateway.js';
import { compose } from '../support/messages.js';
import { sendRaw } from '../support/send.js';
import { startSink, type Sink } from '../support/sink.js';

/**
 * The real command line, spawned as an administrator runs it (`node gateway/dist/cli/main.js …`,
 * which is what `npx lachan` and `npm start` run): what it prints, its exit codes, its signals.
 */
const envelope = { from: 'a@sender.example', to: ['staff@lachan.test'] };
const COMMON = { LACHAN_POLICY_DIR: POLICY_DIR, LACHAN_LOCAL_DOMAINS: 'lachan.test,*.lachan.test', LACHAN_LOG_LEVEL: 'warn' };

let tmp: string;
beforeAll(async () => {
  await ensureBuilt();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'lachan-cli-'));
});
afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

function closed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });
}

describe('lachan start', () => {
  let sink: Sink;
  beforeAll(async () => {
    sink = await startSink();
  });
  afterAll(async () => {
    await sink?.stop();
  });

  async function startEnv(extra: Record<string, string> = {}) {
    const port = await freePort();
    const dataDir = await mkdtemp(path.join(tmp, 'data-'));
    const env = {
      ...COMMON,
      LACHAN_SMTP_PORT: String(port),
      LACHAN_HTTP_PORT: String(await freePort()),
      LACHAN_DATA_DIR: dataDir,
      LACHAN_CLAMD: inject('clamdUrl'),
      LACHAN_DOWNSTREAM: sink.url,
      LACHAN_SMTP_HOSTNAME: 'gw.lachan.test',
      ...extra,
    };
    return { port, dataDir, env };
  }

  it('prints where SMTP listens, the database, clamd and the downstream; passes mail; stops cleanly on SIGTERM with exit code 0', async () => {
    const { port, dataDir, env } = await startEnv();
    const gw = startCli(['start'], env);
    try {
      const out = await gw.waitForOutput(/^\s+downstream: .*$/m);
      const lines = out.trimEnd().split('\n');
      expect(lines[0]).toBe(`Lá Chắn: SMTP listening on 127.0.0.1:${port}`);
      expect(lines).toContain(`  database: SQLite ${path.join(dataDir, 'lachan.sqlite')} (ok)`);
      expect(lines).toContain(`  clamd: ${inject('clamdUrl')} (ok)`);
      expect(lines.find((l) => l.startsWith('  downstream: '))).toMatch(new RegExp(`^  downstream: smtp://127\\.0\\.0\\.1:${sink.port}/? \\(ok\\)$`));
      expect(lines.find((l) => l.startsWith('  local domains: '))).toContain('lachan.test');
      expect(out).not.toMatch(/UNAVAILABLE/);

      const before = sink.messages.length;
      const r = await sendRaw(port, await compose({ text: 'Thư qua lachan start.' }), envelope);
      expect(r.code, r.response).toBe(250);
      expect(sink.messages.length).toBe(before + 1);
    } finally {
      const result = await gw.stop('SIGTERM');
      expect({ code: result.code, signal: result.signal }).toEqual({ code: 0, signal: null });
      expect(result.stdout + result.stderr).not.toMatch(STACK_LINE);
    }
    expect(await closed(port)).toBe(true);
  });

  it('says in one line whether OCR reads pictures (scan/ocr), and that it is off with LACHAN_OCR=off, and still passes mail', async () => {
    for (const [extra, line] of [
      [{}, /^  ocr: tesseract \S+ \(vie\+eng\) \(ok\)$/m],
      [{ LACHAN_OCR: 'off' }, /^  ocr: off: switched off \(LACHAN_OCR=off\); pictures are not read for passwords or lure text$/m],
    ] as const) {
      const { port, env } = await startEnv(extra);
      const gw = startCli(['start'], env);
      try {
        const out = await gw.waitForOutput(/^\s+ocr: .*$/m);
        expect(out).toMatch(line);
        expect(out).not.toMatch(/UNAVAILABLE/);
        expect((await sendRaw(port, await compose({ text: 'Thư khi OCR bật hoặc tắt.' }), envelope)).code).toBe(250);
      } finally {
        expect((await gw.stop('SIGTERM')).code).toBe(0);
      }
    }
  });

  it('says in one line whether lzip and lz4 are there for .lz/.lz4 attachments, and that such files are held when not', async () => {
    for (const [extra, line] of [
      [{}, /^  decompressors: lzip \d+\.\d+[^,]*, lz4 \d+\.\d+\S* \(ok\)$/m],
      // a PATH without them (nor tesseract: OCR is off too, which is optional as well)
      [{ PATH: '/nonexistent' }, /^  decompressors: off: lzip, lz4 not found: such attachments \(\.lz, \.lz4\) are held, not inspected \(Debian: apt-get install lzip lz4\)$/m],
    ] as const) {
      const { port, env } = await startEnv(extra);
      const gw = startCli(['start'], env);
      try {
        const out = await gw.waitForOutput(/^\s+decompressors: .*$/m);
        expect(out).toMatch(line);
        expect(out).not.toMatch(/UNAVAILABLE/);
        expect((await sendRaw(port, await compose({ text: 'Thư khi có hoặc thiếu lzip.' }), envelope)).code).toBe(250);
      } finally {
        expect((await gw.stop('SIGTERM')).code).toBe(0);
      }
    }
  });

  it('runs LACHAN_WORKERS gateway processes on one port, serves mail through all of them, and stops them all on SIGTERM', async () => {
    const { port, env } = await startEnv({ LACHAN_WORKERS: '2' });
    const gw = startCli(['start'], env);
    try {
      const out = await gw.waitForOutput(/^\s+downstream: .*$/m);
      expect(out.split('\n')[0]).toBe(`Lá Chắn: SMTP listening on 127.0.0.1:${port} (2 worker processes)`);
      const before = sink.messages.length;
      const replies = await Promise.all(
        Array.from({ length: 6 }, async (_, i) => sendRaw(port, await compose({ text: `Thư số ${i}` }), envelope)),
      );
      expect(replies.map((r) => r.code)).toEqual([250, 250, 250, 250, 250, 250]);
      expect(sink.messages.length).toBe(before + 6);
      // the primary only forks and watches: it does not load the mail path (parsers, scanners, SQLite)
      const primary = rssKiB(gw.child.pid!);
      const workers = execFileSync('pgrep', ['-P', String(gw.child.pid)], { encoding: 'utf8' }).trim().split('\n').map(Number);
      expect(workers).toHaveLength(2);
      for (const w of workers) expect(primary, `primary ${primary} KiB, worker ${rssKiB(w)} KiB`).toBeLessThan(rssKiB(w) * 0.7);
    } finally {
      const result = await gw.stop('SIGTERM');
      expect({ code: result.code, signal: result.signal }).toEqual({ code: 0, signal: null });
      expect(result.stdout + result.stderr).not.toMatch(STACK_LINE);
    }
    expect(await closed(port)).toBe(true);
  });

  it('reloads the policy on SIGHUP, and keeps the one in force when the new one is invalid', async () => {
    const policyDir = await mkdtemp(path.join(tmp, 'policy-'));
    await cp(POLICY_DIR, policyDir, { recursive: true });
    const { port, env } = await startEnv({ LACHAN_POLICY_DIR: policyDir });
    const gw = startCli(['start'], env);
    const file = path.join(policyDir, 'policy.yaml');
    const raw = await compose({ html: '<p>Xem <a href="https://bit.ly/abc">tài liệu</a></p>' });
    try {
      await gw.waitForOutput(/^\s+downstream: .*$/m);
      const before = sink.messages.length;
      expect((await sendRaw(port, raw, envelope)).code).toBe(250);
      expect(sink.messages.length).toBe(before + 1);
      const original = await readFile(file, 'utf8');
      await writeFile(file, original.replace(/(- id: shortened-link[\s\S]*?action: )warn/, '$1reject'));
      gw.child.kill('SIGHUP');
      let reply = await sendRaw(port, raw, envelope);
      for (let i = 0; i < 50 && reply.code === 250; i++) {
        await new Promise((r) => setTimeout(r, 100));
        reply = await sendRaw(port, raw, envelope);
      }
      expect(reply.code, 'the edited policy refuses it').toBe(550);
      await writeFile(file, 'rules: [');
      gw.child.kill('SIGHUP');
      await new Promise((r) => setTimeout(r, 500));
      expect((await sendRaw(port, raw, envelope)).code, 'the previous policy stays in force').toBe(550);
      expect(gw.stderr()).toContain('policy.reload_failed');
    } finally {
      const result = await gw.stop('SIGTERM');
      expect(result.code).toBe(0);
    }
  });

  it('starts with clamd down, names it in one clear line, answers 451 to mail with an attachment, and stops on SIGINT', async () => {
    const clamdPort = await freePort(); // nothing listens there
    const { port, env } = await startEnv({ LACHAN_CLAMD: `tcp://127.0.0.1:${clamdPort}`, LACHAN_CLAMD_TIMEOUT_MS: '2000' });
    const gw = startCli(['start'], env);
    try {
      const out = await gw.waitForOutput(/^\s+downstream: .*$/m);
      const clamdLines = out.split('\n').filter((l) => /clamd/i.test(l));
      expect(clamdLines, out).toHaveLength(1);
      expect(clamdLines[0]).toMatch(new RegExp(`^  clamd: tcp://127\\.0\\.0\\.1:${clamdPort} UNAVAILABLE: .+`));
      expect(out).not.toMatch(STACK_LINE);
      expect(gw.stderr()).not.toMatch(STACK_LINE);
      expect(out).toMatch(/^Lá Chắn: SMTP listening on /m);

      const before = sink.messages.length;
      const withFile = await compose({ text: 'Gửi tệp.', attachments: [{ filename: 'bao-cao.txt', content: 'nội dung' }] });
      const down = await sendRaw(port, withFile, envelope);
      expect(down.code, down.response).toBe(451);
      expect(down.response).toMatch(/^451 4\.7\.1 virus scanner unavailable/);
      const eicar = await sendRaw(port, await compose({ text: 'x', attachments: [{ filename: 'eicar.com', content: EICAR }] }), envelope);
      expect(eicar.code, 'nothing unscanned slips through').toBe(451);
      expect(sink.messages.length).toBe(before);
    } finally {
      const result = await gw.stop('SIGINT');
      expect({ code: result.code, signal: result.signal }).toEqual({ code: 0, signal: null });
    }
  });

  it('exits 1 with one line naming LACHAN_SMTP_PORT when it is not a port', async () => {
    const { env } = await startEnv({ LACHAN_SMTP_PORT: '99999' });
    const r = await runCli(['start'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^lachan: LC_CONFIG_INVALID: .*LACHAN_SMTP_PORT="99999": expected a whole number from 0 to 65535$/);
  });

  it('exits 1 with one line naming LACHAN_SMTP_PORT when the port is taken, with no stack trace', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const { env } = await startEnv({ LACHAN_SMTP_PORT: String(port) });
      const r = await runCli(['start'], env, { timeoutMs: 30_000 });
      expect(r.code, r.stderr).toBe(1);
      const ours = r.stderr.trimEnd().split('\n').filter((l) => l.startsWith('lachan: '));
      expect(ours, r.stderr).toHaveLength(1);
      expect(ours[0]).toContain('LACHAN_SMTP_PORT');
      expect(ours[0]).toContain(`127.0.0.1:${port}`);
      expect(r.stderr).not.toMatch(STACK_LINE);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });
});

describe('lachan scan', () => {
  const files = {
    eicar: path.join(FIXTURES, 'attachments', 'eicar-plain.eml'),
    clean: path.join(FIXTURES, 'mail', 'vi-utf8-qp.eml'),
    macro: path.join(FIXTURES, 'attachments', 'macro-docm.eml'),
    lookalike: path.join(FIXTURES, 'mail', 'lookalike-govvn.eml'),
  };
  const KEYS = ['action', 'attachments', 'categories', 'file', 'findings', 'qrUrls', 'ref', 'stripped', 'urls', 'warning'];
  const scanEnv = () => ({ ...COMMON, LACHAN_CLAMD: inject('clamdUrl') });

  it('--json prints one JSON line per file with exactly the documented keys, an error line for an unreadable file, and exits non-zero', async () => {
    const missing = path.join(tmp, 'khong-co.eml');
    const args = ['scan', '--json', files.eicar, files.clean, missing, files.macro, files.lookalike];
    const r = await runCli(args, scanEnv());
    expect(r.code, r.stderr).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.map((p) => p.file)).toEqual(args.slice(2));

    for (const p of parsed) {
      const expected = p.file === missing ? [...KEYS, 'error'].sort() : KEYS;
      expect(Object.keys(p).sort(), String(p.file)).toEqual(expected);
      expect(p.ref).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(['deliver', 'quarantine', 'reject', 'tempfail']).toContain(p.action);
      expect(typeof p.warning).toBe('boolean');
      for (const key of ['stripped', 'categories', 'findings', 'urls', 'attachments']) expect(Array.isArray(p[key]), key).toBe(true);
      for (const f of p.findings as Array<Record<string, unknown>>) {
        expect(typeof f.rule).toBe('string');
        expect(typeof f.kind).toBe('string');
        expect(typeof f.detail).toBe('string');
      }
      for (const u of p.urls as unknown[]) expect(typeof u).toBe('string');
    }

    const [eicar, clean, gone, macro, lookalike] = parsed as Array<Record<string, any>>;
    expect(eicar!.action).toBe('reject');
    expect(eicar!.findings.some((f: any) => f.rule === 'malware' && f.kind === 'attachment.virus')).toBe(true);
    expect(eicar!.attachments).toEqual([expect.objectContaining({ filename: 'eicar.com', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) })]);
    expect({ action: clean!.action, warning: clean!.warning }).toEqual({ action: 'deliver', warning: false });
    expect(clean!.urls).toContain('https://sotttt.lachan.test/lich-hop');
    expect(gone!.action).toBe('tempfail');
    expect(gone!.error).toMatch(/^LC_FILE_UNREADABLE: .*ENOENT/);
    expect({ action: macro!.action, warning: macro!.warning, stripped: macro!.stripped }).toEqual({ action: 'deliver', warning: true, stripped: ['bao-cao.docm'] });
    expect(lookalike!.action).toBe('quarantine');
    expect(lookalike!.categories).toContain('phishing');
  });

  it('--json lists a link read from a QR code under "urls" and "qrUrls", read in the QR worker of the built gateway, and exits', async () => {
    const png = await QRCode.toBuffer('https://cli-qr.example/dang-nhap', { type: 'png', scale: 6, margin: 4 });
    const file = path.join(tmp, 'ma-qr.eml');
    const html = `<p>Quét mã để xác minh hộp thư.</p><img src="data:image/png;base64,${png.toString('base64')}">`;
    await writeFile(file, ['From: a@mail-notice.example', 'To: b@lachan.test', 'Subject: QR', 'MIME-Version: 1.0', 'Content-Type: text/html; charset=utf-8', '', html, ''].join('\r\n'));
    const started = Date.now();
    const r = await runCli(['scan', '--json', file], { ...scanEnv(), LACHAN_LOG_LEVEL: 'debug' });
    expect(r.code, r.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000); // the unref'd worker does not hold the process open
    const line = JSON.parse(r.stdout.trim()) as { urls: string[]; qrUrls: string[]; findings: { kind: string }[] };
    expect(line.qrUrls).toEqual(['https://cli-qr.example/dang-nhap']);
    expect(line.urls).toContain('https://cli-qr.example/dang-nhap');
    expect(line.findings.map((f) => f.kind)).toContain('url.qr-code');
    expect(r.stderr).not.toMatch(/scan\.qr\.fallback/);
  });

  it('--json over readable files only exits 0', async () => {
    const r = await runCli(['scan', '--json', files.clean, files.eicar], scanEnv());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(2);
  });

  it('without --json prints a human line per file: the file, the action, the warning, and why', async () => {
    const missing = path.join(tmp, 'khong-co.eml');
    const r = await runCli(['scan', files.eicar, files.clean, files.macro, missing], scanEnv());
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/^\{/m);
    const heads = r.stdout.split('\n').filter((l) => !l.startsWith(' '));
    expect(heads[0]).toMatch(new RegExp(`^${escape(files.eicar)}: reject \\[malware`));
    expect(heads[1]).toBe(`${files.clean}: deliver`);
    expect(heads[2]).toMatch(new RegExp(`^${escape(files.macro)}: deliver \\(cảnh báo / warning\\)`));
    expect(heads[3]).toMatch(new RegExp(`^${escape(missing)}: tempfail — LC_FILE_UNREADABLE`));
    expect(r.stdout).toMatch(/^ {4}malware: attachment\.virus /m);
    expect(r.stdout).toMatch(/^ {4}office-macro: attachment\.macro /m);
  });

  it('--policy-dir scans with another policy than LACHAN_POLICY_DIR', async () => {
    const dir = path.join(tmp, 'policy-hold-macros');
    await cp(POLICY_DIR, dir, { recursive: true });
    const yamlFile = path.join(dir, 'policy.yaml');
    const lines = (await readFile(yamlFile, 'utf8')).split('\n');
    const start = lines.indexOf('  - id: office-macro');
    const at = lines.findIndex((l, i) => i > start && l.trim() === 'action: strip');
    expect(start > 0 && at > start).toBe(true);
    lines[at] = '    action: quarantine';
    await writeFile(yamlFile, lines.join('\n'));
    const r = await runCli(['scan', '--json', '--policy-dir', dir, files.macro], { ...scanEnv(), LACHAN_POLICY_DIR: path.join(tmp, 'nowhere') });
    expect(r.code, r.stderr).toBe(0);
    const line = JSON.parse(r.stdout) as { action: string; stripped: string[]; findings: Array<{ rule: string }> };
    expect({ action: line.action, stripped: line.stripped }).toEqual({ action: 'quarantine', stripped: [] });
    expect(line.findings.map((f) => f.rule)).toContain('office-macro');
  });
});

describe('lachan policy check', () => {
  it('accepts the default policy (exit 0)', async () => {
    const r = await runCli(['policy', 'check', POLICY_DIR], {});
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/Policy is valid: \d+ rules/);
  });

  it('refuses a broken copy (exit 1) with a file:line: rule line for each mistake: a typo key, a bad action, a bad list entry', async () => {
    const dir = path.join(tmp, 'policy-broken');
    await cp(POLICY_DIR, dir, { recursive: true });
    const yamlFile = path.join(dir, 'policy.yaml');
    const lines = (await readFile(yamlFile, 'utf8')).split('\n');
    const edit = (rule: string, from: string, to: string): number => {
      const start = lines.indexOf(`  - id: ${rule}`);
      expect(start, `rule ${rule} in the default policy`).toBeGreaterThan(0);
      const at = lines.findIndex((l, i) => i > start && l.trim() === from);
      lines[at] = lines[at]!.replace(from, to);
      return at + 1;
    };
    const typoLine = edit('malware', 'category: malware', 'categroy: malware');
    const actionLine = edit('hidden-text', 'action: warn', 'action: destroy');
    await writeFile(yamlFile, lines.join('\n'));
    const ipsFile = path.join(dir, 'lists', 'blocked-ips.txt');
    const ips = await readFile(ipsFile, 'utf8');
    await writeFile(ipsFile, `${ips.endsWith('\n') ? ips : ips + '\n'}999.1.2.3\n`);
    const ipLine = (ips.endsWith('\n') ? ips : ips + '\n').split('\n').length;

    const r = await runCli(['policy', 'check', dir], {});
    expect(r.code, r.stdout).toBe(1);
    const out = r.stdout.split('\n');
    expect(out).toContainEqual(expect.stringMatching(new RegExp(`^${escape(yamlFile)}:${typoLine}: rule malware: .*'categroy'`)));
    expect(out).toContainEqual(expect.stringMatching(new RegExp(`^${escape(yamlFile)}:${actionLine}: rule hidden-text: .*'destroy'`)));
    expect(out).toContainEqual(expect.stringMatching(new RegExp(`^${escape(ipsFile)}:${ipLine}: .*999\\.1\\.2\\.3`)));
    expect(r.stdout).toMatch(/Policy is INVALID: 3 errors/);
    expect(r.stdout + r.stderr).not.toMatch(STACK_LINE);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Resident memory of a process, KiB (procps `ps`, as an administrator would look). */
function rssKiB(pid: number): number {
  return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim());
}
