import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { makePe } from '../../../test-fixtures/attachments/payloads.mjs';
import { removedFileName } from '../../src/act/strip.js';
import { openDatabase, type Database } from '../../src/db/index.js';
import { createTestPostgresDatabase, TEST_PG_ADMIN_URL } from '../../src/db/testing.js';
import { viewDelivered, hasBanner } from '../support/delivered.js';
import { refOf, startTestGateway, type TestGateway } from '../support/gateway.js';
import { compose, EICAR, sameBytes, withoutOurHeaders } from '../support/messages.js';
import { sendRaw } from '../support/send.js';
import { startSink, type Sink } from '../support/sink.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

const envelope = { from: 'a@sender.example', to: ['staff@lachan.test'] };

/**
 * The mail path on PostgreSQL (LACHAN_DATABASE_URL): a fresh database made for this file and
 * dropped after. The gateway reaches PostgreSQL through a TCP proxy, so the last tests can take the
 * database away (451, nothing accepted) and give it back (the gateway recovers with no restart).
 * Records are read back through a second, direct connection: they really are in PostgreSQL.
 */
describe('mail path (PostgreSQL)', () => {
  let pgDb: Awaited<ReturnType<typeof createTestPostgresDatabase>>;
  let proxy: TcpProxy;
  let sink: Sink;
  let gw: TestGateway;
  let direct: Database;

  beforeAll(async () => {
    pgDb = await createTestPostgresDatabase();
    const admin = new URL(TEST_PG_ADMIN_URL);
    proxy = await startTcpProxy(`tcp://${admin.hostname}:${admin.port || '5432'}`);
    const viaProxy = new URL(pgDb.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    sink = await startSink();
    gw = await startTestGateway({
      LACHAN_DOWNSTREAM: sink.url,
      LACHAN_CLAMD: inject('clamdUrl'),
      LACHAN_DATABASE_URL: viaProxy.toString(),
    });
    direct = await openDatabase({ dataDir: gw.dataDir, databaseUrl: pgDb.url });
  });
  afterAll(async () => {
    await direct?.close();
    await gw?.stop();
    await sink?.stop();
    await proxy?.close();
    await pgDb?.drop();
  });

  it('runs on PostgreSQL, not on the SQLite default', () => {
    expect(gw.handle.db.kind).toBe('postgres');
    expect(gw.handle.db.describe).toContain(pgDb.name);
    expect(gw.handle.dependencies.find((d) => d.name === 'database')?.address).toMatch(/^PostgreSQL /);
  });

  it('delivers clean mail and records it with the downstream reply', async () => {
    const raw = await compose({ text: 'Kính gửi anh chị,\nXin gửi lịch họp giao ban.\nTrân trọng.' });
    const before = sink.messages.length;
    const r = await sendRaw(gw.port, raw, envelope);
    expect(r.code).toBe(250);
    const ref = refOf(r.response);
    expect(sink.messages.length).toBe(before + 1);
    expect(sameBytes(withoutOurHeaders(sink.messages[before]!.raw), raw)).toBe(true);
    const rec = await direct.messages.get(ref);
    expect(rec).toMatchObject({ ref, action: 'deliver', warning: false, mailFrom: envelope.from, rcptTo: envelope.to, subject: 'Báo cáo tuần' });
    // the downstream's reply is recorded right after the 250, not before it
    await vi.waitFor(async () => expect((await direct.messages.get(ref))?.downstreamReply).toContain('sink-'), { timeout: 5000 });
    expect(await direct.quarantine.get(ref)).toBeUndefined();
  });

  it('refuses EICAR with 550 5.7.1 and records the refusal with its malware finding', async () => {
    const raw = await compose({ text: 'xem tệp', attachments: [{ filename: 'eicar.com', content: EICAR }] });
    const before = sink.messages.length;
    const r = await sendRaw(gw.port, raw, envelope);
    expect(r.code).toBe(550);
    expect(r.response).toMatch(/^550 5\.7\.1 /);
    const ref = refOf(r.response);
    const rec = await direct.messages.get(ref);
    expect(rec?.action).toBe('reject');
    expect(rec?.categories).toContain('malware');
    expect(rec?.hits.some((h) => h.rule === 'malware' && h.findings.some((f) => f.kind === 'attachment.virus'))).toBe(true);
    expect(sink.messages.length).toBe(before);
    expect(await direct.quarantine.get(ref)).toBeUndefined();
  });

  it('quarantines a lookalike link: message record, quarantine record, the original in the store, an audit row, and the chain verifies', async () => {
    const raw = await compose({
      html: '<p>Cập nhật hồ sơ tại <a href="https://dichvucong-gov.vn.example.com/login">dichvucong.gov.vn</a></p>',
    });
    const before = sink.messages.length;
    const r = await sendRaw(gw.port, raw, envelope);
    expect(r.code).toBe(250);
    expect(r.response).toMatch(/held for review/);
    const ref = refOf(r.response);
    expect(sink.messages.length).toBe(before);
    expect((await direct.messages.get(ref))?.action).toBe('quarantine');
    const q = await direct.quarantine.get(ref);
    expect(q).toMatchObject({ ref, status: 'held', recipients: envelope.to, mailFrom: envelope.from });
    expect(q?.rules).toContain('lookalike-link');
    expect(q?.categories).toContain('phishing');
    expect(sameBytes((await gw.handle.store.get(q!.sha256))!, raw)).toBe(true);
    const audit = await direct.audit.list({ limit: 10, target: ref });
    expect(audit.map((a) => [a.actor, a.action])).toEqual([['gateway', 'message.quarantined']]);
    expect(audit[0]!.detail).toMatchObject({ sha256: q!.sha256 });
    const chain = await direct.audit.verify();
    expect(chain.ok).toBe(true);
    expect(chain.ok && chain.count).toBeGreaterThanOrEqual(1);
  });

  it('strips a program attachment: delivered with a banner and without it, the original held in quarantine', async () => {
    const program = makePe();
    const raw = await compose({
      text: 'Gửi anh bản cập nhật phần mềm.',
      attachments: [
        { filename: 'cap-nhat.exe', content: program, contentType: 'application/octet-stream' },
        { filename: 'ghi-chu.txt', content: 'Ghi chú cuộc họp.' },
      ],
    });
    const before = sink.messages.length;
    const r = await sendRaw(gw.port, raw, envelope);
    expect(r.code).toBe(250);
    const ref = refOf(r.response);
    expect(sink.messages.length).toBe(before + 1);
    const view = await viewDelivered(sink.messages[before]!.raw);
    expect(hasBanner(view)).toBe(true);
    expect(view.attachments.map((a) => a.filename).sort()).toEqual([removedFileName('cap-nhat.exe'), 'ghi-chu.txt'].sort());
    expect(sink.messages[before]!.raw.includes(program.subarray(0, 48).toString('base64'))).toBe(false);

    const rec = await direct.messages.get(ref);
    expect(rec).toMatchObject({ action: 'deliver', warning: true, stripped: ['cap-nhat.exe'] });
    const q = await direct.quarantine.get(ref);
    expect(q?.status).toBe('held');
    expect(q?.reason).toBe('stripped: cap-nhat.exe');
    expect(sameBytes((await gw.handle.store.get(q!.sha256))!, raw)).toBe(true);
    const audit = await direct.audit.list({ limit: 10, target: ref });
    expect(audit.map((a) => a.action)).toEqual(['message.stripped']);
    expect((await direct.audit.verify()).ok).toBe(true);
  });

  it('answers 451 while PostgreSQL is unreachable, delivering and storing nothing, and recovers by itself when it is back', async () => {
    const clean = await compose({ text: 'Thư khi cơ sở dữ liệu ngừng.' });
    const suspicious = await compose({ html: '<a href="https://www.office.com-123@evil.example/renew">https://www.office.com/renew</a>' });
    const sunk = sink.messages.length;
    const held = (await direct.quarantine.list({ limit: 1000 })).length;

    await proxy.pause();
    try {
      for (const raw of [clean, suspicious]) {
        const down = await sendRaw(gw.port, raw, envelope);
        expect(down.code, down.response).toBe(451);
        expect(down.response).toMatch(/^451 4\.3\.0 database unavailable/);
        expect(await direct.messages.get(refOf(down.response))).toBeUndefined();
      }
      await expect(gw.handle.db.ping()).rejects.toMatchObject({ code: 'LC_DB_UNAVAILABLE' });
      expect(sink.messages.length).toBe(sunk);
      expect((await direct.quarantine.list({ limit: 1000 })).length).toBe(held);
    } finally {
      await proxy.resume();
    }

    const up = await sendRaw(gw.port, clean, envelope);
    expect(up.code, up.response).toBe(250);
    expect(sink.messages.length).toBe(sunk + 1);
    expect((await direct.messages.get(refOf(up.response)))?.action).toBe('deliver');
    const again = await sendRaw(gw.port, suspicious, envelope);
    expect(again.code).toBe(250);
    expect((await direct.quarantine.get(refOf(again.response)))?.status).toBe('held');
    expect((await direct.audit.verify()).ok).toBe(true);
  });

  it('answers 451 within the connect timeout when PostgreSQL accepts connections but never answers, then recovers', async () => {
    const raw = await compose({ text: 'Thư khi cơ sở dữ liệu treo.' });
    const sunk = sink.messages.length;
    await proxy.hang();
    let started = 0;
    try {
      started = Date.now();
      const down = await sendRaw(gw.port, raw, envelope);
      expect(down.code, down.response).toBe(451);
      expect(down.response).toMatch(/^451 4\.3\.0 database unavailable/);
      // well within Postfix's 100 s proxy timeout (PG_CONNECT_TIMEOUT_MS is 5 s)
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(sink.messages.length).toBe(sunk);
    } finally {
      await proxy.resume();
    }
    const up = await sendRaw(gw.port, raw, envelope);
    expect(up.code, up.response).toBe(250);
    expect(sink.messages.length).toBe(sunk + 1);
  });
});
