import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { refOf, startTestGateway, type TestGateway } from '../support/gateway.js';
import { compose } from '../support/messages.js';
import { sendRaw } from '../support/send.js';
import { startSink, type Sink } from '../support/sink.js';
import { MALFORMED_DIR } from './harness.js';
import { MUTATORS, Rng } from './mutators.js';

/**
 * The nastiest inputs the fuzzer builds, through a real gateway over SMTP (real clamd): each one gets
 * an answer with a message reference, and the gateway goes on serving after all of them.
 */
const clamdUrl = inject('clamdUrl');
const envelope = { from: 'a@sender.example', to: ['staff@lachan.test'] };
const head = 'From: a@sender.example\r\nTo: staff@lachan.test\r\nSubject: smoke\r\nMIME-Version: 1.0\r\n';

function nasty(): Array<[string, Buffer]> {
  const rng = new Rng(7);
  const fixture = (name: string) => readFileSync(path.join(MALFORMED_DIR, `${name}.eml`)).toString('latin1');
  const list: Array<[string, string]> = [
    ['long From header without an address (fuzz-long-from)', fixture('fuzz-long-from')],
    ['CR-only message of 300 KB of "www."', `${head.replace(/\r\n/g, '\r')}Content-Type: text/html\r\r${'www.'.repeat(75_000)}`],
    ['100 levels of multipart and message/rfc822', MUTATORS.nest!(fixture('bare-lf'), new Rng(3), [])],
    ['HTML of 5000 unclosed divs and an entity bomb', `${head}Content-Type: text/html\r\n\r\n${'<div>'.repeat(5000)}${'&#x'.repeat(20_000)}${'&amp;'.repeat(30_000)}`],
    ['srcset with 3000 candidates and CSS url( nested 3000 deep', `${head}Content-Type: text/html\r\n\r\n<img srcset="${Array.from({ length: 3000 }, (_, i) => `https://h${i}.example/i.png ${i}w`).join(', ')}"><div style="background:${'url('.repeat(3000)}x">`],
    ['2000 copies of one part with its boundary line', MUTATORS.duplicatePart!(fixture('missing-closing-boundary'), rng, [])],
    ['RFC 2231 filename in 3000 pieces', `${head}Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; ${Array.from({ length: 3000 }, (_, i) => `filename*${i}="p${i}"`).join('; ')}\r\nContent-Transfer-Encoding: base64\r\n\r\nTVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAA\r\n--b--\r\n`],
  ];
  return list.map(([name, text]) => [name, Buffer.from(text, 'latin1')]);
}

describe.skipIf(!clamdUrl)('the nastiest fuzz inputs through a real gateway (needs the test clamd)', () => {
  let sink: Sink;
  let gw: TestGateway;

  beforeAll(async () => {
    sink = await startSink();
    gw = await startTestGateway({ LACHAN_DOWNSTREAM: sink.url, LACHAN_CLAMD: clamdUrl });
  });
  afterAll(async () => {
    await gw?.stop();
    await sink?.stop();
  });

  for (const [name, raw] of nasty()) {
    it(`${name}: answered with a verdict and a message reference`, async () => {
      const reply = await sendRaw(gw.port, raw, envelope);
      expect([250, 451, 550, 552], reply.response).toContain(reply.code);
      if (reply.code !== 552) expect(await gw.handle.db.messages.get(refOf(reply.response))).toBeDefined();
    }, 30_000);
  }

  it('keeps serving: a clean message afterwards is delivered', async () => {
    const before = sink.messages.length;
    const r = await sendRaw(gw.port, await compose({ text: 'Vẫn hoạt động.' }), envelope);
    expect(r.code).toBe(250);
    await sink.waitFor(before + 1, 10_000);
  });
});
