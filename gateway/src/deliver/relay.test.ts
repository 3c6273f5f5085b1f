import { Readable } from 'node:stream';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSink, type Sink } from '../../test/support/sink.js';
import { LachanError } from '../errors.js';
import { silentLogger } from '../log.js';
import { createRelay, envelopeNormaliser, type Relay } from './relay.js';

/**
 * The relay hands raw messages to nodemailer's pool directly, without sendMail's Mail layer. What
 * reaches the downstream must be what sendMail({ envelope, raw }) delivered: both are sent to the
 * same real SMTP server here and compared.
 */
describe('relay: raw messages to the downstream through the nodemailer pool', () => {
  let sink: Sink;
  let relay: Relay;
  beforeAll(async () => {
    sink = await startSink();
    sink.refuse.add('nobody@lachan.test');
    relay = createRelay(sink.url, { maxConnections: 2, timeoutMs: 5000, name: 'gw.lachan.test', log: silentLogger() });
  });
  afterAll(async () => {
    relay?.close();
    await sink?.stop();
  });

  /** What nodemailer's own sendMail delivers for the same raw message and envelope. */
  async function viaSendMail(envelope: { from: string; to: string[] }, raw: Buffer) {
    const t = nodemailer.createTransport({ host: '127.0.0.1', port: sink.port, secure: false, name: 'gw.lachan.test', logger: false });
    const before = sink.messages.length;
    try {
      await t.sendMail({ envelope, raw });
    } finally {
      t.close();
    }
    return sink.messages[before]!;
  }

  async function viaRelay(envelope: { from: string; to: string[] }, raw: Buffer) {
    const before = sink.messages.length;
    await relay.send(envelope, () => Readable.from([raw]));
    return sink.messages[before]!;
  }

  it('delivers the same bytes and envelope as sendMail: line ends, leading dots, null sender, IDN, repeated recipients', async () => {
    const cases: Array<[{ from: string; to: string[] }, string]> = [
      [{ from: 'a@example.org', to: ['staff@lachan.test'] }, 'Subject: one\r\n\r\nbody ends with CRLF\r\n'],
      [{ from: '', to: ['staff@lachan.test'] }, 'Subject: bounce\r\n\r\nno newline at the end'],
      [{ from: 'a@example.org', to: ['staff@lachan.test'] }, 'Subject: cr\r\n\r\n.leading dot\r\n..two\r\nends with CR\r'],
      [{ from: 'a@example.org', to: ['x@lachan.test', 'staff@lachan.test', 'x@lachan.test'] }, 'Subject: dup\n\nLF only\n'],
      [{ from: 'sếp@jõgeva.ee', to: ['safe@jõgeva.ee'] }, 'Subject: idn\r\n\r\nx\r\n'],
    ];
    for (const [envelope, text] of cases) {
      const raw = Buffer.from(text);
      const expected = await viaSendMail(envelope, raw);
      const got = await viaRelay(envelope, raw);
      expect(got.raw.toString('latin1'), text).toBe(expected.raw.toString('latin1'));
      expect(got.mailFrom, text).toBe(expected.mailFrom);
      expect(got.rcptTo, text).toEqual(expected.rcptTo);
    }
    // the repeated recipient went out once, as sendMail sent it
    expect(sink.messages.filter((m) => m.raw.includes('Subject: dup')).map((m) => m.rcptTo)).toEqual([
      ['x@lachan.test', 'staff@lachan.test'],
      ['x@lachan.test', 'staff@lachan.test'],
    ]);
  });

  it('returns the downstream reply and the recipients it refused', async () => {
    const r = await relay.send({ from: 'a@example.org', to: ['staff@lachan.test', 'nobody@lachan.test'] }, () => Readable.from([Buffer.from('Subject: r\r\n\r\nx\r\n')]));
    expect(r.response).toMatch(/^250 .*Ok: queued as sink-/);
    expect(r.accepted).toEqual(['staff@lachan.test']);
    expect(r.rejected).toEqual(['nobody@lachan.test']);
  });

  it('fails permanently when every recipient is refused, and releases the message stream it opened', async () => {
    let source: Readable | undefined;
    const sent = relay.send({ from: 'a@example.org', to: ['nobody@lachan.test'] }, () => (source = Readable.from([Buffer.from('Subject: r\r\n\r\nx\r\n')])));
    await expect(sent).rejects.toMatchObject({ code: 'LC_DOWNSTREAM_REJECTED', downstreamCode: 550 });
    expect(source?.destroyed).toBe(true);
  });

  it('fails the delivery when the message stream fails, delivers nothing, and the pool goes on', async () => {
    const before = sink.messages.length;
    const broken = () =>
      Readable.from(
        (async function* () {
          yield Buffer.from('Subject: half\r\n\r\n');
          throw new Error('spool read failed');
        })(),
      );
    const err = await relay.send({ from: 'a@example.org', to: ['staff@lachan.test'] }, broken).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LachanError);
    expect((err as LachanError).code).toBe('LC_DOWNSTREAM_UNAVAILABLE');
    expect(sink.messages.length).toBe(before);
    await relay.send({ from: 'a@example.org', to: ['staff@lachan.test'] }, () => Readable.from([Buffer.from('Subject: after\r\n\r\nx\r\n')]));
    expect(sink.messages.at(-1)!.raw.toString()).toContain('Subject: after');
  });
});

describe('envelopeNormaliser', () => {
  it('normalises as nodemailer does and remembers each address, dropping repeated recipients', () => {
    const normalise = envelopeNormaliser(2);
    expect(normalise({ from: '', to: ['b@x.test', 'b@x.test', 'c@jõgeva.ee'] })).toEqual({ from: false, to: ['b@x.test', 'c@xn--jgeva-dua.ee'] });
    // past its bound the cache forgets the oldest addresses, never what they normalise to
    expect(normalise({ from: 'a@jõgeva.ee', to: ['d@x.test', 'b@x.test'] })).toEqual({ from: 'a@xn--jgeva-dua.ee', to: ['d@x.test', 'b@x.test'] });
  });
});
