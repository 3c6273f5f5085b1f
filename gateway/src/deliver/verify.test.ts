import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test/support/clamd.js';
import { startSink, type Sink } from '../../test/support/sink.js';
import { startTcpProxy, type TcpProxy } from '../../test/support/tcp-proxy.js';
import { createRecipientVerifier } from './verify.js';

describe('recipient verification against a real SMTP server', () => {
  let sink: Sink;
  let proxy: TcpProxy;
  beforeAll(async () => {
    sink = await startSink();
    sink.refuse.add('nobody@lachan.test');
    proxy = await startTcpProxy(sink.url);
  });
  afterAll(async () => {
    await proxy?.close();
    await sink?.stop();
  });

  it('says ok for a recipient the downstream takes and refused, with its reply, for one it does not', async () => {
    const v = createRecipientVerifier(sink.url, { name: 'gw.lachan.test' });
    expect(await v.check('staff@lachan.test')).toEqual({ status: 'ok' });
    const r = await v.check('Nobody@lachan.test');
    expect(r.status).toBe('refused');
    expect(r).toMatchObject({ code: 550 });
    expect((r as { text: string }).text).toMatch(/^5\.1\.1 .*User unknown/);
  });

  it('asks once per recipient while the answer is cached, and once for concurrent questions', async () => {
    const v = createRecipientVerifier(proxy.url.replace('tcp:', 'smtp:'), { name: 'gw.lachan.test' });
    const before = proxy.connections;
    await Promise.all([v.check('a@lachan.test'), v.check('A@lachan.test'), v.check('a@lachan.test')]);
    await v.check('a@lachan.test');
    expect(proxy.connections - before).toBe(1);
    await v.check('b@lachan.test');
    expect(proxy.connections - before).toBe(2);
  });

  it('cannot tell when the downstream is down, and does not cache that', async () => {
    const port = await freePort();
    const v = createRecipientVerifier(`smtp://127.0.0.1:${port}`, { name: 'gw.lachan.test', timeoutMs: 2000 });
    expect((await v.check('staff@lachan.test')).status).toBe('unknown');
  });

  it('cannot tell when the downstream hangs, within its timeout', async () => {
    await proxy.hang();
    try {
      const v = createRecipientVerifier(proxy.url.replace('tcp:', 'smtp:'), { name: 'gw.lachan.test', timeoutMs: 300 });
      expect(await v.check('late@lachan.test')).toMatchObject({ status: 'unknown' });
    } finally {
      await proxy.resume();
    }
  });
});
