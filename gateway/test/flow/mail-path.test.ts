import { Readable } from 'node:stream';
import { simpleParser } from 'mailparser';
import { describe, expect, inject, it, vi } from 'vitest';
import { hasBanner, viewDelivered } from '../support/delivered.js';
import { compose, EICAR, sameBytes, withoutOurHeaders } from '../support/messages.js';
import { Dialog } from '../support/dialog.js';
import { refOf, startTestGateway } from '../support/gateway.js';
import { gatewayWithSink } from '../support/gateway-with-sink.js';
import { sendRaw } from '../support/send.js';
import { startSink } from '../support/sink.js';

/**
 * No input makes act/ fail any more where the parser succeeded (parse/mime-tree.ts: both split the
 * same tree with the same limits; the forwarded message that once made act/ cross mailsplit's node
 * limit is now one part to both). The gateway's answer to a rewrite that fails is still tested, on
 * the real mail path, by making the message source fail for act/ exactly as mailsplit did: the
 * bytes of a message carrying ACT_FAIL_HEADER end with mailsplit's error once all were read, so a
 * preview that stops at the banner sees nothing and the relayed rewrite fails at its end.
 */
const ACT_FAIL_HEADER = 'X-Lachan-Test-Act-Fail: yes';
vi.mock('../../src/act/index.js', async (load) => {
  const real = await load<typeof import('../../src/act/index.js')>();
  return { ...real, applyActions: (raw: Readable, plan: Parameters<typeof real.applyActions>[1]) => real.applyActions(failingAtEnd(raw), plan) };
});
vi.mock('../../src/act/preview.js', async (load) => {
  const real = await load<typeof import('../../src/act/preview.js')>();
  return { ...real, previewActions: (raw: Readable, ...rest: [Parameters<typeof real.previewActions>[1], Parameters<typeof real.previewActions>[2]]) => real.previewActions(failingAtEnd(raw), ...rest) };
});
function failingAtEnd(raw: Readable): Readable {
  async function* run(): AsyncGenerator<Buffer> {
    let marked: boolean | undefined;
    for await (const chunk of raw) {
      marked ??= (chunk as Buffer).subarray(0, 4096).includes(ACT_FAIL_HEADER);
      yield chunk as Buffer;
    }
    if (marked) throw new Error('Max allowed child nodes exceeded');
  }
  return Readable.from(run(), { objectMode: false });
}

const envelope = { from: 'a@sender.example', to: ['staff@lachan.test'] };

/**
 * The whole mail path on real parts: SMTP in, parse, scanners with a real clamd, policy,
 * act, relay to a real SMTP sink, SQLite records and the message store.
 * (test/flow/postgres.test.ts runs the same path on PostgreSQL.)
 */
describe('mail path (SQLite)', () => {
  const live = gatewayWithSink();

  it('delivers clean mail byte for byte, adding only the X-Lachan headers, and answers 250 after the downstream accepted', async () => {
    const raw = await compose({ text: 'Kính gửi anh chị,\nXin gửi báo cáo tuần.\nTrân trọng.' });
    const before = live.sink.messages.length;
    const r = await sendRaw(live.gw.port, raw, envelope);
    expect(r.code).toBe(250);
    const ref = refOf(r.response);
    const got = live.sink.messages[before];
    expect(got, 'the sink has the message before the client got 250').toBeDefined();
    expect(got!.mailFrom).toBe(envelope.from);
    expect(got!.rcptTo).toEqual(envelope.to);
    expect(sameBytes(withoutOurHeaders(got!.raw), raw)).toBe(true);
    expect(got!.raw.toString()).toContain(`X-Lachan-Ref: ${ref}`);
    const rec = await live.gw.handle.db.messages.get(ref);
    expect(rec?.action).toBe('deliver');
    expect(rec?.rcptTo).toEqual(envelope.to);
    // the downstream's reply is recorded right after the 250, not before it
    await vi.waitFor(async () => expect((await live.gw.handle.db.messages.get(ref))?.downstreamReply).toContain('sink-'), { timeout: 5000 });
  });

  it('refuses EICAR with 550 5.7.1 and the reference, and delivers nothing', async () => {
    const raw = await compose({ text: 'xem tệp', attachments: [{ filename: 'eicar.com', content: EICAR }] });
    const before = live.sink.messages.length;
    const r = await sendRaw(live.gw.port, raw, envelope);
    expect(r.code).toBe(550);
    expect(r.response).toMatch(/5\.7\.1/);
    const rec = await live.gw.handle.db.messages.get(refOf(r.response));
    expect(rec?.action).toBe('reject');
    expect(rec?.hits.some((h) => h.findings.some((f) => f.kind === 'attachment.virus'))).toBe(true);
    expect(live.sink.messages.length).toBe(before);
  });

  it('quarantines a link to a lookalike of a gov.vn domain: stored, recorded, not delivered', async () => {
    const raw = await compose({
      html: '<p>Cập nhật hồ sơ tại <a href="https://dichvucong-gov.vn.example.com/login">dichvucong.gov.vn</a></p>',
    });
    const before = live.sink.messages.length;
    const r = await sendRaw(live.gw.port, raw, envelope);
    expect(r.code).toBe(250);
    const ref = refOf(r.response);
    const q = await live.gw.handle.db.quarantine.get(ref);
    expect(q?.status).toBe('held');
    expect(await live.gw.handle.store.get(q!.sha256)).toEqual(raw);
    expect(live.sink.messages.length).toBe(before);
  });

  it('refuses recipients outside the local domains at RCPT with 550 5.7.1 and delivers to the local ones', async () => {
    const d = await Dialog.open(live.gw.port);
    expect(await d.reply()).toMatch(/^220 /);
    expect(await d.command('EHLO client.example')).toMatch(/^250/);
    expect(await d.command('MAIL FROM:<a@sender.example>')).toMatch(/^250/);
    expect(await d.command('RCPT TO:<someone@example.org>')).toMatch(/^550 5\.7\.1 /);
    expect(await d.command('RCPT TO:<staff@lachan.test>')).toMatch(/^250/);
    const before = live.sink.messages.length;
    const reply = await d.data(await compose({ text: 'hello', to: 'staff@lachan.test, someone@example.org' }));
    expect(reply).toMatch(/^250 /);
    d.close();
    expect(live.sink.messages[before]?.rcptTo).toEqual(['staff@lachan.test']);
  });

  it('refuses at RCPT a recipient the downstream does not know, with its reply, so nothing is accepted that would be lost', async () => {
    live.sink.refuse.add('left-the-office@lachan.test');
    const d = await Dialog.open(live.gw.port);
    await d.reply();
    await d.command('EHLO client.example');
    await d.command('MAIL FROM:<a@sender.example>');
    expect(await d.command('RCPT TO:<left-the-office@lachan.test>')).toMatch(/^550 5\.1\.1 .*User unknown/);
    expect(await d.command('RCPT TO:<staff@lachan.test>')).toMatch(/^250/);
    const before = live.sink.messages.length;
    expect(await d.data(await compose({ text: 'gửi hai người' }))).toMatch(/^250 /);
    d.close();
    expect(live.sink.messages[before]?.rcptTo).toEqual(['staff@lachan.test']);
  });

  it('keeps working after malformed input and answers every message', async () => {
    const garbage = Buffer.from('Content-Type: multipart/mixed; boundary="x"\r\n\r\n--x\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!!not base64\r\n');
    const r = await sendRaw(live.gw.port, garbage, envelope);
    expect([250, 550]).toContain(r.code);
    const again = await sendRaw(live.gw.port, await compose({ text: 'still here' }), envelope);
    expect(again.code).toBe(250);
  });
});

describe('act/ on the mail path', () => {
  // more MIME parts than the default, so that a message can pass the parser and still be over
  // mailsplit's limit of 1000 nodes when act/ walks it with its forwarded message opened
  const live = gatewayWithSink({ LACHAN_LIMIT_PARTS: '2000' });

  const head = [
    'From: "Phong Tai chinh" <ketoan@sender.example>',
    'To: staff@lachan.test',
    'Subject: Bao cao thang',
    'Date: Tue, 1 Jul 2025 08:00:00 +0700',
    `Message-ID: <${Math.random().toString(36).slice(2)}@sender.example>`,
    'MIME-Version: 1.0',
  ];

  /**
   * A message act/ fails to rewrite (ACT_FAIL_HEADER above): a forwarded message with 600 parts and
   * 450 more parts beside it, the shape that once crossed mailsplit's node limit in act/ alone.
   * `first`: the parts before it (a text part, an attachment).
   */
  const overActLimit = (first: string[]): Buffer => {
    const notes = (n: number, b: string) =>
      Array.from({ length: n }, (_, i) => `--${b}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nghi chu ${i}\r\n`).join('');
    return Buffer.from(
      [
        ...head,
        ACT_FAIL_HEADER,
        'Content-Type: multipart/mixed; boundary="outer"',
        '',
        ...first,
        '--outer',
        'Content-Type: message/rfc822',
        'Content-Disposition: inline',
        '',
        'From: x@sender.example',
        'Subject: fwd',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="inner"',
        '',
        `${notes(600, 'inner')}--inner--`,
        '',
        `${notes(450, 'outer')}--outer--`,
        '',
      ].join('\r\n'),
    );
  };

  it('holds a message it cannot rewrite for delivery in quarantine with the reason, answers 250 and delivers nothing', async () => {
    const raw = overActLimit([
      '--outer',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Xem bao cao.',
      '',
      '--outer',
      'Content-Type: application/octet-stream; name="setup.exe"',
      'Content-Disposition: attachment; filename="setup.exe"',
      'Content-Transfer-Encoding: base64',
      '',
      'TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAgAAAAA==',
      '',
    ]);
    const before = live.sink.messages.length;
    const r = await sendRaw(live.gw.port, raw, envelope);
    expect(r.code, r.response).toBe(250);
    expect(r.response).toMatch(/held for review/);
    const ref = refOf(r.response);
    expect(live.sink.messages.length).toBe(before);
    const q = await live.gw.handle.db.quarantine.get(ref);
    expect(q?.status).toBe('held');
    expect(q?.reason).toBe('could not be rewritten for delivery: Max allowed child nodes exceeded');
    expect(sameBytes((await live.gw.handle.store.get(q!.sha256))!, raw)).toBe(true);
    const rec = await live.gw.handle.db.messages.get(ref);
    expect(rec?.action).toBe('quarantine');
    expect(rec?.downstreamReply).toBe(q?.reason);
    const audit = await live.gw.handle.db.audit.list({ limit: 10, target: ref });
    expect(audit.map((a) => [a.actor, a.action])).toEqual([['gateway', 'message.unrewritable']]);
    expect(audit[0]!.detail).toMatchObject({ reason: q?.reason, sha256: q?.sha256 });
  });

  it('holds a warned message whose rewrite fails only while it is relayed: the downstream keeps nothing, the next message goes through', async () => {
    // the banner goes into the first part, so the check before relaying stops there; the limit is met later
    const raw = overActLimit(['--outer', 'Content-Type: text/plain; charset=utf-8', '', 'Xem bao cao tai https://bit.ly/3xAbCdE nhe.', '']);
    const before = live.sink.messages.length;
    const r = await sendRaw(live.gw.port, raw, envelope);
    expect(r.code, r.response).toBe(250);
    expect(r.response).toMatch(/held for review/);
    const ref = refOf(r.response);
    expect((await live.gw.handle.db.messages.get(ref))?.action).toBe('quarantine');
    expect((await live.gw.handle.db.quarantine.get(ref))?.reason).toBe('could not be rewritten for delivery: Max allowed child nodes exceeded');
    const next = await sendRaw(live.gw.port, await compose({ text: 'thu tiep theo' }), envelope);
    expect(next.code, next.response).toBe(250);
    expect(live.sink.messages.length).toBe(before + 1);
    expect(live.sink.messages[before]!.raw.toString('latin1')).toContain('thu tiep theo');
  });

  it('tags the subject of a warned message whose only text part is too big to carry the banner', async () => {
    const line = 'Bao cao so lieu hang thang cua phong tai chinh, xin xem chi tiet ben duoi day.\r\n';
    const raw = Buffer.concat([
      Buffer.from([...head, 'Content-Type: text/plain; charset=utf-8', '', 'Xem bao cao tai https://bit.ly/3xAbCdE nhe.', ''].join('\r\n')),
      Buffer.from(line.repeat(Math.ceil((8.5 * 1024 * 1024) / line.length))),
    ]);
    const before = live.sink.messages.length;
    const r = await sendRaw(live.gw.port, raw, envelope);
    expect(r.code, r.response).toBe(250);
    const rec = await live.gw.handle.db.messages.get(refOf(r.response));
    expect(rec).toMatchObject({ action: 'deliver', warning: true });
    const got = live.sink.messages[before]!;
    const view = await viewDelivered(got.raw);
    expect(hasBanner(view)).toBe(false);
    expect(view.verdictHeader).toMatch(/warning=yes/);
    const subject = (await simpleParser(got.raw.subarray(0, got.raw.indexOf('\r\n\r\n') + 4))).subject ?? '';
    expect(subject).toMatch(/^\[CẢNH BÁO\] .*Bao cao thang$/);
  }, 60_000);
});

describe('fail closed', () => {
  it('answers 451 when clamd is unreachable, and recovers by itself when it is back', async () => {
    const { startTcpProxy } = await import('../support/tcp-proxy.js');
    const proxy = await startTcpProxy(inject('clamdUrl'));
    await proxy.pause();
    const sink = await startSink();
    const gw = await startTestGateway({ LACHAN_DOWNSTREAM: sink.url, LACHAN_CLAMD: proxy.url, LACHAN_CLAMD_TIMEOUT_MS: '3000' });
    try {
      const raw = await compose({ text: 'tệp đính kèm', attachments: [{ filename: 'bao-cao.txt', content: 'nội dung' }] });
      const down = await sendRaw(gw.port, raw, envelope);
      expect(down.code).toBe(451);
      expect(down.response).toMatch(/4\.7\.1/);
      expect(sink.messages).toHaveLength(0);
      await proxy.resume();
      const up = await sendRaw(gw.port, raw, envelope);
      expect(up.code).toBe(250);
      expect(sink.messages).toHaveLength(1);
    } finally {
      await gw.stop();
      await sink.stop();
      await proxy.close();
    }
  });

  it('answers 451 when the downstream is down or says 4xx, and passes its 5xx on', async () => {
    const sink = await startSink();
    const gw = await startTestGateway({ LACHAN_DOWNSTREAM: sink.url, LACHAN_CLAMD: inject('clamdUrl') });
    try {
      const raw = await compose({ text: 'xin chào' });
      sink.mode = 'tempfail';
      expect((await sendRaw(gw.port, raw, envelope)).code).toBe(451);
      sink.mode = 'reject';
      const rejected = await sendRaw(gw.port, raw, envelope);
      expect(rejected.code).toBe(550);
      expect(rejected.response).toContain('no such user');
      sink.mode = 'accept';
      expect((await sendRaw(gw.port, raw, envelope)).code).toBe(250);
      await sink.stop();
      const gone = await sendRaw(gw.port, raw, envelope);
      expect(gone.code).toBe(451);
      expect(gone.response).toMatch(/4\.4\.1/);
    } finally {
      await gw.stop();
      await sink.stop().catch(() => undefined);
    }
  });
});

describe('SMTP limits', () => {
  const live = gatewayWithSink({ LACHAN_MAX_MESSAGE_SIZE: '64KB', LACHAN_MAX_RECIPIENTS: '3' });

  it('refuses a message over the size limit with 552 5.3.4, announced or not', async () => {
    const d = await Dialog.open(live.gw.port);
    await d.reply();
    expect(await d.command('EHLO client.example')).toContain('SIZE 65536');
    expect(await d.command('MAIL FROM:<a@sender.example> SIZE=1000000')).toMatch(/^552 5\.3\.4 /);
    expect(await d.command('MAIL FROM:<a@sender.example>')).toMatch(/^250/);
    expect(await d.command('RCPT TO:<staff@lachan.test>')).toMatch(/^250/);
    const big = await compose({ text: 'x'.repeat(200_000) });
    expect(await d.data(big)).toMatch(/^552 5\.3\.4 /);
    d.close();
    expect(live.sink.messages).toHaveLength(0);
  });

  it('answers 452 4.5.3 past the recipient limit', async () => {
    const d = await Dialog.open(live.gw.port);
    await d.reply();
    await d.command('EHLO client.example');
    await d.command('MAIL FROM:<a@sender.example>');
    for (let i = 0; i < 3; i++) expect(await d.command(`RCPT TO:<u${i}@lachan.test>`)).toMatch(/^250/);
    expect(await d.command('RCPT TO:<u4@lachan.test>')).toMatch(/^452 4\.5\.3 /);
    d.close();
  });
});
