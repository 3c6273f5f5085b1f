import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { refOf, startTestGateway, type TestGateway } from '../support/gateway.js';
import { compose } from '../support/messages.js';
import { sendRaw } from '../support/send.js';

/**
 * Large messages take their turn (LACHAN_LARGE_MESSAGES_AT_ONCE): a downstream that holds every
 * message for a while shows how many the gateway works on at once, large and small.
 */
describe('large messages at once', () => {
  const HOLD_MS = 300;
  let server: SMTPServer;
  let port = 0;
  let gw: TestGateway;
  const inFlight = { large: 0, small: 0, maxLarge: 0, maxTotal: 0 };

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      disableReverseLookup: true,
      logger: false,
      size: 50 * 1024 * 1024,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const kind = Buffer.concat(chunks).includes('Subject: large') ? 'large' : 'small';
          inFlight[kind] += 1;
          inFlight.maxLarge = Math.max(inFlight.maxLarge, inFlight.large);
          inFlight.maxTotal = Math.max(inFlight.maxTotal, inFlight.large + inFlight.small);
          setTimeout(() => {
            inFlight[kind] -= 1;
            callback(null, 'Ok: held a while');
          }, HOLD_MS);
        });
      },
    });
    server.on('error', () => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as { port: number }).port;
    gw = await startTestGateway({
      LACHAN_DOWNSTREAM: `smtp://127.0.0.1:${port}`,
      LACHAN_CLAMD: inject('clamdUrl'),
      LACHAN_VERIFY_RECIPIENTS: 'false',
      LACHAN_LARGE_MESSAGE_SIZE: '64KB',
      LACHAN_LARGE_MESSAGES_AT_ONCE: '1',
    });
  });
  afterAll(async () => {
    await gw?.stop();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  it('works on one large message at a time, while small ones go on beside it', async () => {
    const envelope = { from: 'a@sender.example', to: ['staff@lachan.test'] };
    const large = await compose({ subject: 'large', text: `${'Nội dung báo cáo dài. '.repeat(8000)}\n` });
    const small = await compose({ subject: 'small', text: 'Ngắn gọn.' });
    expect(large.length).toBeGreaterThan(64 * 1024);
    const started = Date.now();
    const replies = await Promise.all([
      sendRaw(gw.port, large, envelope),
      sendRaw(gw.port, large, envelope),
      sendRaw(gw.port, large, envelope),
      sendRaw(gw.port, small, envelope),
      sendRaw(gw.port, small, envelope),
    ]);
    expect(replies.map((r) => r.code)).toEqual([250, 250, 250, 250, 250]);
    for (const r of replies) expect(refOf(r.response)).toMatch(/^[0-9A-Z]{26}$/);
    expect(inFlight.maxLarge).toBe(1);
    // the small ones did not wait behind the large ones
    expect(inFlight.maxTotal).toBeGreaterThanOrEqual(2);
    // three large messages one after another, each held HOLD_MS by the downstream
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * HOLD_MS - 50);
  });
});
