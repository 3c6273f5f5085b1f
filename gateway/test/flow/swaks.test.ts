import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EICAR, makeWordDocument } from '../../../test-fixtures/attachments/payloads.mjs';
import { removedFileName } from '../../src/act/strip.js';
import { hasBanner, viewDelivered } from '../support/delivered.js';
import { FIXTURES, refOf } from '../support/gateway.js';
import { gatewayWithSink } from '../support/gateway-with-sink.js';
import { withoutOurHeaders } from '../support/messages.js';
import { ensureSwaks, runSwaks, swaksData, swaksReplies } from '../support/swaks.js';
import { sameOnWire } from '../support/wire.js';

/**
 * A real, independent SMTP client — Debian's swaks — talking to the gateway: what it prints and the
 * exit code it gives are what an administrator testing the gateway by hand would see.
 */
describe('swaks through the gateway', () => {
  const live = gatewayWithSink();
  let tmp: string;
  const from = ['--from', 'a@sender.example'];
  const to = ['--to', 'staff@lachan.test'];

  beforeAll(async () => {
    ensureSwaks();
    tmp = await mkdtemp(path.join(os.tmpdir(), 'lachan-swaks-'));
  });
  afterAll(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('delivers a clean Vietnamese message given with --data: exit 0, "250 2.0.0 Ok: delivered", byte for byte at the sink', async () => {
    const file = path.join(FIXTURES, 'mail', 'vi-utf8-qp.eml');
    const before = live.sink.messages.length;
    const r = await runSwaks(live.gw.port, [...to, ...from, '--data', `@${file}`]);
    expect(r.code, r.output).toBe(0);
    const final = swaksReplies(r.output).find((l) => l.includes('ref='));
    expect(final).toMatch(/^250 2\.0\.0 Ok: delivered, ref=/);
    const ref = refOf(final!);
    expect(live.sink.messages.length).toBe(before + 1);
    const got = live.sink.messages[before]!;
    expect(got.mailFrom).toBe('a@sender.example');
    expect(got.rcptTo).toEqual(['staff@lachan.test']);
    expect(sameOnWire(withoutOurHeaders(got.raw), swaksData(await readFile(file)))).toBe(true);
    expect(got.raw.toString('latin1')).toContain(`X-Lachan-Ref: ${ref}`);
    expect((await live.gw.handle.db.messages.get(ref))?.action).toBe('deliver');
  });

  it('speaks PIPELINING with a pipelining client (swaks --pipeline)', async () => {
    const before = live.sink.messages.length;
    const r = await runSwaks(live.gw.port, [...to, ...from, '--pipeline', '--body', 'Xin chao, thu kiem tra.']);
    expect(r.code, r.output).toBe(0);
    expect(swaksReplies(r.output).filter((l) => l.startsWith('250 2.0.0 Ok: delivered'))).toHaveLength(1);
    expect(live.sink.messages.length).toBe(before + 1);
  });

  it('refuses an EICAR attachment given with --attach: exit 26, "550 5.7.1 … malware … ref=", nothing delivered', async () => {
    const eicar = path.join(tmp, 'eicar.com');
    await writeFile(eicar, EICAR);
    const before = live.sink.messages.length;
    const r = await runSwaks(live.gw.port, [...to, ...from, '--body', 'Xem tep dinh kem.', '--attach', `@${eicar}`]);
    expect(r.code, r.output).toBe(26);
    const final = swaksReplies(r.output).find((l) => l.includes('ref='));
    expect(final).toMatch(/^550 5\.7\.1 Message refused by security policy .*malware.*, ref=/);
    expect(r.output).toContain(`<** ${final}`);
    const rec = await live.gw.handle.db.messages.get(refOf(final!));
    expect(rec?.action).toBe('reject');
    expect(rec?.attachments).toEqual([expect.objectContaining({ filename: 'eicar.com' })]);
    expect(live.sink.messages.length).toBe(before);
  });

  it('holds a lookalike-link message: exit 0 with "held for review", stored byte for byte, not delivered', async () => {
    const file = path.join(FIXTURES, 'mail', 'lookalike-govvn.eml');
    const before = live.sink.messages.length;
    const r = await runSwaks(live.gw.port, [...to, ...from, '--data', `@${file}`]);
    expect(r.code, r.output).toBe(0);
    const final = swaksReplies(r.output).find((l) => l.includes('ref='));
    expect(final).toMatch(/^250 2\.0\.0 Ok: held for review/);
    const q = await live.gw.handle.db.quarantine.get(refOf(final!));
    expect(q?.status).toBe('held');
    expect(sameOnWire((await live.gw.handle.store.get(q!.sha256))!, swaksData(await readFile(file)))).toBe(true);
    expect(live.sink.messages.length).toBe(before);
  });

  it('strips a macro document swaks attached as application/octet-stream: delivered with the banner and the removal notice', async () => {
    const docm = path.join(tmp, 'bao-cao.docm');
    await writeFile(docm, await makeWordDocument({ macros: true }));
    const before = live.sink.messages.length;
    const r = await runSwaks(live.gw.port, [...to, ...from, '--body', 'Gui anh bao cao.', '--attach', `@${docm}`, '--suppress-data']);
    expect(r.code, r.output).toBe(0);
    const final = swaksReplies(r.output).find((l) => l.includes('ref='));
    expect(final).toMatch(/^250 2\.0\.0 Ok: delivered/);
    expect(live.sink.messages.length).toBe(before + 1);
    const view = await viewDelivered(live.sink.messages[before]!.raw);
    expect(hasBanner(view)).toBe(true);
    expect(view.attachments.map((a) => a.filename)).toEqual([removedFileName('bao-cao.docm')]);
    expect(view.verdictHeader).toMatch(/^deliver; warning=yes; stripped=1;/);
    const q = await live.gw.handle.db.quarantine.get(refOf(final!));
    expect(q?.reason).toBe('stripped: bao-cao.docm');
  });

  it('refuses a recipient outside the local domains: exit 24, "550 5.7.1 Relay not permitted"', async () => {
    const before = live.sink.messages.length;
    const r = await runSwaks(live.gw.port, ['--to', 'someone@example.org', ...from]);
    expect(r.code, r.output).toBe(24);
    expect(swaksReplies(r.output)).toContain('550 5.7.1 Relay not permitted: recipient is not in a local domain');
    expect(live.sink.messages.length).toBe(before);
  });
});
