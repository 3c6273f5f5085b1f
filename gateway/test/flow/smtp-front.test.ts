import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Dialog } from '../support/dialog.js';
import { refOf, startTestGateway, type TestGateway } from '../support/gateway.js';
import { compose } from '../support/messages.js';
import { startSink, type Sink } from '../support/sink.js';

/** The SMTP front on its own: TLS, XCLIENT, announced features, connection limits, early talkers. */
describe('SMTP front', () => {
  let sink: Sink;
  const gateways: TestGateway[] = [];
  const start = async (env: Record<string, string> = {}) => {
    const gw = await startTestGateway({ LACHAN_DOWNSTREAM: sink.url, LACHAN_CLAMD: inject('clamdUrl'), ...env });
    gateways.push(gw);
    return gw;
  };
  const ehlo = async (port: number) => {
    const d = await Dialog.open(port);
    await d.reply();
    const reply = await d.command('EHLO client.example');
    d.close();
    return reply;
  };

  beforeAll(async () => {
    sink = await startSink();
  });
  afterAll(async () => {
    for (const gw of gateways) await gw.stop();
    await sink?.stop();
  });

  it('announces SIZE, 8BITMIME, SMTPUTF8, PIPELINING and ENHANCEDSTATUSCODES by default, without STARTTLS, AUTH or DSN', async () => {
    const gw = await start();
    const reply = await ehlo(gw.port);
    for (const f of ['SIZE 26214400', '8BITMIME', 'SMTPUTF8', 'PIPELINING', 'ENHANCEDSTATUSCODES']) expect(reply).toContain(f);
    for (const f of ['STARTTLS', 'AUTH', 'DSN', 'XCLIENT']) expect(reply).not.toMatch(new RegExp(`250[- ]${f}`));
  });

  it('switches announced features off for use behind Postfix', async () => {
    const gw = await start({ LACHAN_SMTP_PIPELINING: 'false', LACHAN_SMTP_SMTPUTF8: 'false', LACHAN_SMTP_8BITMIME: 'false', LACHAN_SMTP_DSN: 'true' });
    const reply = await ehlo(gw.port);
    expect(reply).not.toContain('PIPELINING');
    expect(reply).not.toContain('SMTPUTF8');
    expect(reply).not.toContain('8BITMIME');
    expect(reply).toContain('DSN');
  });

  it('offers STARTTLS when a certificate and key are configured, and takes mail over TLS', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lachan-tls-'));
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=gw.lachan.test'], { stdio: 'ignore' });
    const gw = await start({ LACHAN_SMTP_TLS_KEY: key, LACHAN_SMTP_TLS_CERT: cert });
    expect(await ehlo(gw.port)).toContain('STARTTLS');
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: gw.port, requireTLS: true, tls: { rejectUnauthorized: false } });
    const before = sink.messages.length;
    const info = await transport.sendMail({ envelope: { from: 'a@sender.example', to: ['staff@lachan.test'] }, raw: await compose({ text: 'qua TLS' }) });
    transport.close();
    expect(info.response).toMatch(/^250 /);
    expect(sink.messages.length).toBe(before + 1);
  });

  it('accepts XCLIENT only from configured hosts, so the real client address reaches the records', async () => {
    const plain = await start();
    const d0 = await Dialog.open(plain.port);
    await d0.reply();
    await d0.command('EHLO postfix.lachan.test');
    expect(await d0.command('XCLIENT ADDR=203.0.113.9 NAME=mx.example.org')).toMatch(/^5\d\d /);
    d0.close();

    const gw = await start({ LACHAN_XCLIENT_HOSTS: '127.0.0.1' });
    const d = await Dialog.open(gw.port);
    await d.reply();
    expect(await d.command('EHLO postfix.lachan.test')).toContain('XCLIENT');
    expect(await d.command('XCLIENT ADDR=203.0.113.9 NAME=mx.example.org HELO=mx.example.org')).toMatch(/^220 /);
    await d.command('EHLO mx.example.org');
    await d.command('MAIL FROM:<a@sender.example>');
    await d.command('RCPT TO:<staff@lachan.test>');
    const reply = await d.data(await compose({ text: 'qua Postfix' }));
    d.close();
    expect(reply).toMatch(/^250 /);
    const rec = await gw.handle.db.messages.get(refOf(reply));
    expect(rec?.remoteAddress).toBe('203.0.113.9');
  });

  it('refuses connections past the limit with 421', async () => {
    const gw = await start({ LACHAN_MAX_CONNECTIONS: '2' });
    const a = await Dialog.open(gw.port);
    const b = await Dialog.open(gw.port);
    expect(await a.reply()).toMatch(/^220 /);
    expect(await b.reply()).toMatch(/^220 /);
    const c = await Dialog.open(gw.port);
    expect(await c.reply()).toMatch(/^421 /);
    for (const d of [a, b, c]) d.close();
  });

  it('answers a client that talks before the greeting with 421 when a greeting pause is configured', async () => {
    const gw = await start({ LACHAN_EARLY_TALKER_DELAY_MS: '300' });
    const d = await Dialog.open(gw.port, 'EHLO hasty.example\r\n');
    const first = await d.reply();
    const second = await d.reply();
    d.close();
    expect(`${first}\n${second}`).toMatch(/421 .*talk too soon/i);
  });

  it('greets at once by default and serves a client that waits for the greeting', async () => {
    const gw = await start();
    const d = await Dialog.open(gw.port);
    expect(await d.reply()).toMatch(/^220 /);
    expect(await d.command('EHLO patient.example')).toMatch(/^250/);
    d.close();
  });
});
