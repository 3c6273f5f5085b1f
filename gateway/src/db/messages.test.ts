import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './index.js';
import { BACKENDS, sampleMessage, useTestBackend } from './testing.js';

describe.each(BACKENDS)('%s: message records', (kind) => {
  let db: Database;
  useTestBackend(kind, async (backend) => {
    db = await backend.open();
  });

  it('reads back every field of a recorded message, JSON documents included', async () => {
    const rec = sampleMessage({ ref: '01JROUNDTRIP00000000000000', stripped: ['hoa-don.exe'] });
    expect(await db.messages.record(rec)).toBe(true);

    const row = await db.messages.get(rec.ref);
    expect(row).toEqual({
      ...rec,
      receivedAt: '2025-03-14T02:03:04.005Z',
      downstreamReply: '250 2.0.0 Ok: queued as 4Xyz',
    });
    expect(row?.hits[0]?.findings[0]?.kind).toBe('url.lookalike');
    expect(row?.monitored[0]?.mode).toBe('monitor');
    expect(typeof row?.size).toBe('number');
  });

  it('records a message without a downstream reply, warning or categories', async () => {
    const rec = sampleMessage({
      ref: '01JREJECTED000000000000000',
      action: 'reject',
      warning: false,
      categories: [],
      hits: [],
      monitored: [],
      downstreamReply: undefined,
    });
    await db.messages.record(rec);
    const row = await db.messages.get(rec.ref);
    expect(row?.downstreamReply).toBeNull();
    expect(row?.warning).toBe(false);
    expect(row?.categories).toEqual([]);
  });

  it('keeps the first record when the same ref is recorded again', async () => {
    const ref = '01JTWICE000000000000000000';
    expect(await db.messages.record(sampleMessage({ ref, subject: 'first' }))).toBe(true);
    expect(await db.messages.record(sampleMessage({ ref, subject: 'second' }))).toBe(false);
    expect((await db.messages.get(ref))?.subject).toBe('first');
  });

  it('stores a subject with a NUL character from hostile mail instead of failing', async () => {
    const ref = '01JNULSUBJECT0000000000000';
    await db.messages.record(sampleMessage({ ref, subject: 'Hóa\u0000đơn', hits: [], urls: [{ raw: 'x\u0000y' }] }));
    const row = await db.messages.get(ref);
    expect(row?.subject).toBe('Hóa\uFFFDđơn');
    expect(row?.urls).toEqual([{ raw: 'x\u0000y' }]);
  });

  it('settles a message once its fate is known: action and downstream reply, in reports too', async () => {
    const ref = '01JSETTLE00000000000000000';
    await db.messages.record(sampleMessage({ ref, downstreamReply: undefined, categories: ['phishing'] }));
    expect(await db.messages.settle(ref, { action: 'tempfail', downstreamReply: '421 4.3.0 try later' })).toBe(true);
    const row = await db.messages.get(ref);
    expect(row?.action).toBe('tempfail');
    expect(row?.downstreamReply).toBe('421 4.3.0 try later');
    const categories = await db.kysely.selectFrom('message_categories').select('action').where('message_ref', '=', ref).execute();
    expect(categories).toEqual([{ action: 'tempfail' }]);
    expect(await db.messages.settle('01JNOSUCHREF00000000000000', { action: 'deliver', downstreamReply: null })).toBe(false);
  });

  it('returns nothing for an unknown ref', async () => {
    expect(await db.messages.get('01JUNKNOWN0000000000000000')).toBeUndefined();
  });

  describe('search', () => {
    beforeAll(async () => {
      const day = (d: number) => new Date(Date.UTC(2024, 0, d, 8));
      await db.messages.record(sampleMessage({ ref: '01JS1', receivedAt: day(1), rcptTo: ['Lan@tinh.gov.vn'], mailFrom: 'a@x.example' }));
      await db.messages.record(sampleMessage({ ref: '01JS2', receivedAt: day(2), rcptTo: ['lan@tinh.gov.vn', 'hoa@tinh.gov.vn'], action: 'quarantine' }));
      await db.messages.record(sampleMessage({ ref: '01JS3', receivedAt: day(3), rcptTo: ['hoa@tinh.gov.vn'], mailFrom: 'A@X.example' }));
      await db.messages.record(sampleMessage({ ref: '01JS4', receivedAt: day(4), rcptTo: ['LAN@tinh.gov.vn'], action: 'reject', messageId: '<s4@x.example>', categories: ['malware'] }));
    });

    it('finds a recipient’s mail whatever the case of the address, newest first', async () => {
      const found = await db.messages.search({ recipient: 'LAN@Tinh.Gov.VN', limit: 10 });
      expect(found.map((m) => m.ref)).toEqual(['01JS4', '01JS2', '01JS1']);
    });

    it('narrows by time (since inclusive, until exclusive), action and sender', async () => {
      const window = await db.messages.search({
        recipient: 'lan@tinh.gov.vn',
        since: '2024-01-02T08:00:00.000Z',
        until: new Date(Date.UTC(2024, 0, 4, 8)),
        limit: 10,
      });
      expect(window.map((m) => m.ref)).toEqual(['01JS2']);

      const quarantined = await db.messages.search({ action: 'quarantine', since: '2024-01-01T00:00:00Z', until: '2024-02-01T00:00:00Z', limit: 10 });
      expect(quarantined.map((m) => m.ref)).toEqual(['01JS2']);

      const bySender = await db.messages.search({ sender: 'a@x.EXAMPLE', limit: 10 });
      expect(bySender.map((m) => m.ref)).toEqual(['01JS3', '01JS1']);
    });

    it('finds a Message-ID with or without its brackets, and a category', async () => {
      for (const id of ['<s4@x.example>', 's4@x.example', ' <s4@x.example> ']) {
        expect((await db.messages.search({ messageId: id, limit: 10 })).map((m) => m.ref)).toEqual(['01JS4']);
      }
      expect(await db.messages.search({ messageId: 's4@x', limit: 10 })).toEqual([]);
      expect((await db.messages.search({ category: 'malware', limit: 10 })).map((m) => m.ref)).toEqual(['01JS4']);
      expect((await db.messages.search({ category: 'phishing', recipient: 'hoa@tinh.gov.vn', limit: 10 })).map((m) => m.ref)).toEqual(['01JS3', '01JS2']);
    });

    it('returns at most `limit` messages', async () => {
      const found = await db.messages.search({ recipient: 'lan@tinh.gov.vn', limit: 2 });
      expect(found.map((m) => m.ref)).toEqual(['01JS4', '01JS2']);
    });
  });

  it('lets reports count messages per category and month from the category table', async () => {
    const at = (month: number) => new Date(Date.UTC(2023, month - 1, 15));
    await db.messages.record(sampleMessage({ ref: '01JREPORT1', receivedAt: at(1), categories: ['phishing', 'malware'] }));
    await db.messages.record(sampleMessage({ ref: '01JREPORT2', receivedAt: at(1), categories: ['phishing'] }));
    await db.messages.record(sampleMessage({ ref: '01JREPORT3', receivedAt: at(7), categories: ['phishing', 'phishing'] }));

    const month = sql<string>`substr(received_at, 1, 7)`;
    const rows = await db.kysely
      .selectFrom('message_categories')
      .select([month.as('month'), 'category', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('received_at', '>=', '2023-01-01')
      .where('received_at', '<', '2024-01-01')
      .groupBy([month, 'category'])
      .orderBy('month')
      .orderBy('category')
      .execute();
    expect(rows.map((r) => [r.month, r.category, Number(r.n)])).toEqual([
      ['2023-01', 'malware', 1],
      ['2023-01', 'phishing', 2],
      ['2023-07', 'phishing', 1],
    ]);
  });
});
