import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable, type Readable } from 'node:stream';
import { simpleParser } from 'mailparser';
import { pino } from 'pino';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_BANNER_PART_BYTES } from '../act/act-stream.js';
import { previewActions } from '../act/preview.js';
import { finding, mail, utf8, verdictWith } from '../act/testing.js';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import type { Relay } from '../deliver/relay.js';
import { LachanError } from '../errors.js';
import { parseMessage } from '../parse/index.js';
import type { Policy, Verdict } from '../policy/types.js';
import { spooledFromBuffer } from '../smtp/spool.js';
import type { Envelope } from '../smtp/types.js';
import { emptyVerdict } from '../policy/engine.js';
import { dispose, subjectTagFor, unrewritableReason, type Dispatch, type HoldReason } from './dispose.js';
import type { Evaluation } from './evaluate.js';

// previewActions as it is, unless a test makes it report a split that is not byte for byte (unfaithful)
vi.mock('../act/preview.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../act/preview.js')>();
  return { ...real, previewActions: vi.fn(real.previewActions) };
});

const verdict = (over: Partial<Verdict>): Verdict => ({ ...emptyVerdict(), ...over });
const policy = (externalTag: string) => ({ settings: { externalTag } }) as unknown as Policy;

describe('subjectTagFor', () => {
  it('adds no tag to a warned message whose banner a body part will carry', () => {
    expect(subjectTagFor(verdict({ warning: true }), policy(''), true)).toBeUndefined();
  });
  it('tags the subject of a warned message whose banner no body part will carry', () => {
    expect(subjectTagFor(verdict({ warning: true }), policy(''), false)).toBe('[CẢNH BÁO]');
  });
  it('adds the policy external tag to tagged mail only when the policy sets one', () => {
    expect(subjectTagFor(verdict({ tagged: true }), policy('[BÊN NGOÀI]'), false)).toBe('[BÊN NGOÀI]');
    expect(subjectTagFor(verdict({ tagged: true }), policy(''), true)).toBeUndefined();
    expect(subjectTagFor(verdict({ tagged: true, warning: true }), policy('[BÊN NGOÀI]'), false)).toBe('[CẢNH BÁO] [BÊN NGOÀI]');
  });
});

describe('unrewritableReason', () => {
  it('keeps what went wrong and drops the generic prefixes', () => {
    expect(unrewritableReason(new LachanError('LC_SCAN_FAILED', 'attachment to strip not found at MIME part 7'))).toBe(
      'could not be rewritten for delivery: attachment to strip not found at MIME part 7',
    );
    expect(unrewritableReason(new Error('Max allowed child nodes exceeded'))).toBe('could not be rewritten for delivery: Max allowed child nodes exceeded');
  });
});

// ---- dispose on real act/, parse/ and a fake relay, vault and ledger ----

const REF = '01JDISPOSE0000000000000000';
const HEAD = ['From: a@example.net', 'To: staff@lachan.test', 'Subject: Báo cáo', 'MIME-Version: 1.0'];
const warned = verdictWith([finding('url.ip-host', 'http://192.0.2.10/login')]);

interface Harness {
  dispatch: Dispatch;
  delivered: Buffer[];
  holds: Array<HoldReason | undefined>;
  settled: Array<{ ref: string; action: string; downstream?: string; error?: string }>;
  logs: Array<Record<string, unknown>>;
  relayCalls: number;
}

function harness(opts: { holdFails?: boolean; settleFails?: boolean } = {}): Harness {
  const h: Harness = { delivered: [], holds: [], settled: [], logs: [], relayCalls: 0 } as unknown as Harness;
  const lines = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      h.logs.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      callback();
    },
  });
  // behaves like deliver/relay.ts: reads the whole stream; any failure is the downstream's (451)
  const relay: Relay = {
    address: 'smtp://fake',
    async send(_envelope, raw: () => Readable) {
      h.relayCalls += 1;
      const chunks: Buffer[] = [];
      try {
        for await (const chunk of raw()) chunks.push(chunk as Buffer);
      } catch (err) {
        throw new LachanError('LC_DOWNSTREAM_UNAVAILABLE', (err as Error).message, { cause: err });
      }
      h.delivered.push(Buffer.concat(chunks));
      return { response: '250 2.0.0 queued', accepted: ['staff@lachan.test'], rejected: [] };
    },
    async verify() {},
    close() {},
  };
  h.dispatch = {
    ledger: {
      async record() {},
      async settle(ref, outcome) {
        if (opts.settleFails) throw new LachanError('LC_DB_UNAVAILABLE', 'database is down');
        h.settled.push({ ref, ...outcome });
      },
    },
    vault: {
      async hold(_message, _summary, _verdict, why) {
        if (opts.holdFails) throw new LachanError('LC_STORE_FAILED', 'put: ENOSPC no space left on device');
        h.holds.push(why);
      },
    },
    relay,
    gatewayName: 'mx1.lachan.test',
    bannerKey: 'k3yOfThisGateway',
    policy: () => policy(''),
    log: pino({ level: 'debug' }, lines),
  };
  return h;
}

const envelope: Envelope = {
  ref: REF,
  sessionRef: '01JSESSION0000000000000000',
  mailFrom: 'a@example.net',
  rcptTo: ['staff@lachan.test'],
  remoteAddress: '192.0.2.1',
  clientHostname: 'client.example',
  heloName: 'client.example',
  tls: false,
  receivedAt: new Date('2025-07-01T01:00:00Z'),
};

async function run(raw: Buffer, v: Verdict, h: Harness) {
  const parsed = await parseMessage(raw, DEFAULT_LIMITS);
  const ev: Evaluation = { parsed, findings: [], verdict: v, ms: 0 };
  return dispose(ev, spooledFromBuffer(raw), envelope, h.dispatch);
}

/** What a mail client shows: a banner in a body, or the warning tag in the subject. */
async function warningSeen(out: Buffer): Promise<{ inBody: boolean; inSubject: boolean }> {
  const m = await simpleParser(out, { skipHtmlToText: true, skipTextToHtml: true });
  const text = `${m.text ?? ''}`;
  const html = typeof m.html === 'string' ? m.html : '';
  return {
    inBody: /\[(Lá Chắn|La Chan)\]/.test(text.normalize('NFC')) || html.includes('data-lachan-banner'),
    inSubject: (m.subject ?? '').startsWith('[CẢNH BÁO]'),
  };
}

const bigLine = `${'x'.repeat(998)}\r\n`;
const overLimit = bigLine.repeat(Math.ceil((MAX_BANNER_PART_BYTES + 1) / bigLine.length));

describe('dispose: a warned message always shows its warning', () => {
  it('puts the banner in the body and leaves the subject alone when a body part can carry it', async () => {
    const h = harness();
    const outcome = await run(mail([...HEAD, 'Content-Type: text/plain; charset=utf-8', '', utf8('Xin chào')]), warned, h);
    expect(outcome.action).toBe('deliver');
    expect(await warningSeen(h.delivered[0]!)).toEqual({ inBody: true, inSubject: false });
  });

  it('tags the subject when the only text part is too big for the banner, although the message has text', async () => {
    const h = harness();
    const raw = Buffer.concat([mail([...HEAD, 'Content-Type: text/plain; charset=utf-8', '', '']), Buffer.from(overLimit)]);
    const outcome = await run(raw, warned, h);
    expect(outcome.action).toBe('deliver');
    expect(await warningSeen(h.delivered[0]!)).toEqual({ inBody: false, inSubject: true });
  }, 30_000);

  it('tags the subject when the text is in a charset the banner cannot be written into', async () => {
    const h = harness();
    const raw = Buffer.concat([
      mail([...HEAD, 'Content-Type: text/plain; charset=utf-16le', 'Content-Transfer-Encoding: binary', '', '']),
      Buffer.from('xin chao', 'utf16le'),
      Buffer.from([0x41]),
    ]);
    const outcome = await run(raw, warned, h);
    expect(outcome.action).toBe('deliver');
    expect((await warningSeen(h.delivered[0]!)).inSubject).toBe(true);
  });

  // Every committed fixture and a few edge cases, warned: the recipient sees the warning.
  const fixtures = join(import.meta.dirname, '../../../test-fixtures');
  const cases = ['mail', 'malformed', 'attachments'].flatMap((dir) =>
    readdirSync(join(fixtures, dir))
      .filter((f) => f.endsWith('.eml'))
      .map((f) => join(dir, f)),
  );
  let results: Map<string, { action: string; seen?: { inBody: boolean; inSubject: boolean }; logs: Array<Record<string, unknown>> }>;
  beforeAll(async () => {
    results = new Map();
    for (const file of cases) {
      const h = harness();
      const outcome = await run(readFileSync(join(fixtures, file)), warned, h);
      const out = h.delivered[0];
      results.set(file, { action: outcome.action, seen: out ? await warningSeen(out) : undefined, logs: h.logs });
    }
  }, 120_000);
  it.each(cases)('shows the warning of %s in a body or in the subject', (file) => {
    const r = results.get(file)!;
    if (r.action !== 'deliver') {
      // not rewritable: held, never delivered without its warning
      expect(r.action).toBe('quarantine');
      return;
    }
    expect(r.seen!.inBody || r.seen!.inSubject).toBe(true);
    expect(r.logs.filter((l) => l.evt === 'act.banner_missing')).toEqual([]);
  });
});

describe('dispose: a message act/ cannot rewrite', () => {
  const raw = mail([
    ...HEAD,
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain; charset=utf-8',
    '',
    utf8('Xem tệp đính kèm'),
    '--b',
    'Content-Type: application/octet-stream; name=run.exe',
    'Content-Disposition: attachment; filename=run.exe',
    'Content-Transfer-Encoding: base64',
    '',
    'TVqQAAMAAAAEAAAA',
    '--b--',
    '',
  ]);
  const strips = verdictWith([finding('attachment.dangerous-type', 'run.exe', 'a1')], { action: 'strip', strip: ['a1'] });

  it('is held in quarantine with the reason and answered as quarantined when the part to strip is not found', async () => {
    const h = harness();
    const parsed = await parseMessage(raw, DEFAULT_LIMITS);
    parsed.attachments[0]!.partPath = '7'; // where act/ will not find it
    const outcome = await dispose({ parsed, findings: [], verdict: strips, ms: 0 }, spooledFromBuffer(raw), envelope, h.dispatch);
    expect(outcome.action).toBe('quarantine');
    expect(h.relayCalls).toBe(0);
    expect(h.holds).toEqual([{ unrewritable: 'could not be rewritten for delivery: attachment to strip not found at MIME part 7' }]);
    expect(h.settled).toEqual([{ ref: REF, action: 'quarantine', error: 'could not be rewritten for delivery: attachment to strip not found at MIME part 7' }]);
    expect(h.logs.some((l) => l.evt === 'act.failed' && l.ref === REF)).toBe(true);
  });

  it('is held when the verdict strips an attachment the parsed message does not have', async () => {
    const h = harness();
    const outcome = await run(raw, { ...strips, strip: ['a1', 'a9'] }, h);
    expect(outcome.action).toBe('quarantine');
    expect(h.relayCalls).toBe(0);
    expect(h.holds).toEqual([{ unrewritable: 'attachment to strip a9 is not in the parsed message' }]);
  });

  it('answers 451 with the store error when holding it fails too, and delivers nothing', async () => {
    const h = harness({ holdFails: true });
    const parsed = await parseMessage(raw, DEFAULT_LIMITS);
    parsed.attachments[0]!.partPath = '7';
    const outcome = await dispose({ parsed, findings: [], verdict: strips, ms: 0 }, spooledFromBuffer(raw), envelope, h.dispatch);
    expect(outcome.action).toBe('tempfail');
    expect(outcome.error?.code).toBe('LC_STORE_FAILED');
    expect(h.relayCalls).toBe(0);
    expect(h.settled[0]?.action).toBe('tempfail');
  });

  it('is held before anything is relayed when the rewrite would fail past the first banner (the preview reads to the end)', async () => {
    // past mailsplit's 1000 MIME nodes, after a first text part that takes the banner
    const parts = Array.from({ length: 1001 }, (_, i) => `--b\r\nContent-Type: text/x-note\r\n\r\nn${i}\r\n`).join('');
    const many = Buffer.concat([
      mail([...HEAD, 'Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/plain', '', 'hello', '']),
      Buffer.from(`${parts}--b--\r\n`),
    ]);
    const h = harness();
    const parsed = await parseMessage(many, DEFAULT_LIMITS);
    const outcome = await dispose({ parsed, findings: [], verdict: warned, ms: 0 }, spooledFromBuffer(many), envelope, h.dispatch);
    expect(h.relayCalls).toBe(0);
    expect(h.delivered).toEqual([]);
    expect(outcome.action).toBe('quarantine');
    expect(h.holds).toEqual([{ unrewritable: 'could not be rewritten for delivery: Max allowed child nodes exceeded' }]);
  });

  // a part whose header block runs into the next delimiter: mailsplit dropped its header lines (or gave
  // them twice), and such a message was never rewritten; MimeSplitter (parse/mime-tree.ts) ends the block there
  const headerOnlyPart = Buffer.concat([
    mail([...HEAD, 'Content-Type: multipart/mixed; boundary="b1"', '', '--b1', 'Content-Type: text/plain; charset=utf-8', '', 'Xin chào', '']),
    Buffer.from('--b1\r\nContent-Type: text/plain\r\nX-Note: 1\r\n--b1\r\nContent-Type: application/octet-stream; name="a.exe"\r\n\r\nMZ\r\n--b1--\r\n'),
  ]);
  const stripExe = async () => {
    const parsed = await parseMessage(headerOnlyPart, DEFAULT_LIMITS);
    const exe = parsed.attachments.find((a) => a.filename === 'a.exe');
    expect(exe?.partPath).toBe('3');
    return { parsed, verdict: { ...warned, action: 'deliver', strip: [exe!.id] } as Verdict };
  };

  it('rewrites a message with a part whose header block runs into a delimiter: banner in the body, the program stripped, that part kept', async () => {
    const h = harness();
    const { parsed, verdict: v } = await stripExe();
    const outcome = await dispose({ parsed, findings: [], verdict: v, ms: 0 }, spooledFromBuffer(headerOnlyPart), envelope, h.dispatch);
    expect(outcome.action).toBe('deliver');
    const out = h.delivered[0]!;
    expect(await warningSeen(out)).toEqual({ inBody: true, inSubject: false });
    expect(out.toString('latin1')).toContain('\r\n--b1\r\nContent-Type: text/plain\r\nX-Note: 1\r\n--b1\r\n');
    expect(out.toString('latin1')).not.toContain('\r\n\r\nMZ\r\n');
    expect(h.logs.filter((l) => l.evt === 'act.banner_skipped')).toEqual([]);
  });

  // The safety net (act/split-fidelity.ts): no message is known for which MimeSplitter loses bytes,
  // so the preview is told to report one.
  const unfaithful = () => {
    vi.mocked(previewActions).mockImplementationOnce(async (...args) => {
      const real = await vi.importActual<typeof import('../act/preview.js')>('../act/preview.js');
      return { ...(await real.previewActions(...args)), faithful: false };
    });
  };

  it('delivers a warned message whose MIME split is not byte for byte with the warning in the subject and every body byte as it came', async () => {
    const h = harness();
    unfaithful();
    const outcome = await run(headerOnlyPart, warned, h);
    expect(outcome.action).toBe('deliver');
    const out = h.delivered[0]!;
    const body = headerOnlyPart.subarray(headerOnlyPart.indexOf('\r\n\r\n') + 4);
    expect(out.subarray(out.length - body.length).equals(body)).toBe(true);
    expect((await warningSeen(out)).inSubject).toBe(true);
    expect(h.logs.filter((l) => l.evt === 'act.banner_skipped')).toHaveLength(1);
  });

  it('holds a message whose MIME split is not byte for byte when a part is to be stripped', async () => {
    const h = harness();
    const { parsed, verdict: v } = await stripExe();
    unfaithful();
    const outcome = await dispose({ parsed, findings: [], verdict: v, ms: 0 }, spooledFromBuffer(headerOnlyPart), envelope, h.dispatch);
    expect(outcome.action).toBe('quarantine');
    expect(h.relayCalls).toBe(0);
    expect(h.holds.at(-1)).toEqual({ unrewritable: 'its MIME split does not give the message back byte for byte' });
  });

  it('still answers 451 when the downstream fails while the rewrite went through', async () => {
    const h = harness();
    h.dispatch.relay.send = async () => {
      throw new LachanError('LC_DOWNSTREAM_UNAVAILABLE', 'connection refused');
    };
    const outcome = await run(mail([...HEAD, 'Content-Type: text/plain', '', 'hello']), warned, h);
    expect(outcome.action).toBe('tempfail');
    expect(outcome.error?.code).toBe('LC_DOWNSTREAM_UNAVAILABLE');
    expect(h.holds).toEqual([]);
  });
});

describe('dispose: ledger settle failures', () => {
  it('logs a failed settle at warn with the ref and still delivers', async () => {
    const h = harness({ settleFails: true });
    const outcome = await run(mail([...HEAD, 'Content-Type: text/plain', '', 'hello']), verdict({}), h);
    expect(outcome.action).toBe('deliver');
    const line = h.logs.find((l) => l.evt === 'ledger.settle_failed');
    expect(line).toMatchObject({ level: 40, ref: REF, action: 'deliver' });
    expect(String(line?.err)).toContain('database is down');
  });
});
