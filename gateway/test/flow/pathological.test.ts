import { describe, expect, inject, it } from 'vitest';
import { refOf } from '../support/gateway.js';
import { gatewayWithSink } from '../support/gateway-with-sink.js';
import { compose } from '../support/messages.js';
import { PATHOLOGICAL } from '../support/pathological-mail.js';
import { sendRaw } from '../support/send.js';

/**
 * The three pathological messages that cost the parser most (scripts/pathological-measure.ts: the
 * slowest, the largest, the most memory), and the one that cost the scanners most (scripts/scan-scaling.ts),
 * through a real gateway over SMTP, with the real clamd: each
 * gets an answer — 250 after a verdict, or a 4xx/5xx with a reason — and the gateway goes on serving.
 * The size limit is raised above the largest (34 MB), so all of them are parsed, not refused at DATA.
 */
const clamdUrl = inject('clamdUrl');
const envelope = { from: 'a@sender.example', to: ['staff@lachan.test'] };
const WORST = [
  'quoted-printable of soft line breaks only',
  'format=flowed: 1 million quoted soft-broken lines',
  'NUL bytes and lone CRs everywhere',
  // the scan's worst (scripts/scan-scaling.ts): the attachment readers on 400,000 nested elements
  'an HTML attachment nesting 400,000 open <div>s',
];

describe.skipIf(!clamdUrl)('pathological MIME through a real gateway (needs the test clamd)', () => {
  const live = gatewayWithSink({ LACHAN_MAX_MESSAGE_SIZE: '40MB' });

  for (const name of WORST) {
    const c = PATHOLOGICAL.find((p) => p.name.startsWith(name))!;
    it(`${c.name}: answered with a verdict or a reasoned refusal`, async () => {
      const reply = await sendRaw(live.gw.port, c.build(), envelope);
      expect([250, 451, 550, 552, 554], reply.response).toContain(reply.code);
      expect(reply.response.length).toBeGreaterThan(10);
      if (reply.code === 250) expect(await live.gw.handle.db.messages.get(refOf(reply.response))).toBeDefined();
    }, 120_000);
  }

  it('keeps serving: a clean message afterwards is delivered', async () => {
    const before = live.sink.messages.length;
    const r = await sendRaw(live.gw.port, await compose({ text: 'Vẫn hoạt động sau thư dị dạng.' }), envelope);
    expect(r.code).toBe(250);
    await live.sink.waitFor(before + 1, 10_000);
  });
});
