import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LachanError } from '../errors.js';
import type { Database } from '../db/index.js';
import { BACKENDS, useTestBackend, type TestBackend } from '../db/testing.js';
import type { Verdict } from '../policy/types.js';
import { createMessageStore, quarantineMessage, reasonOf, type MessageStore } from './index.js';

const RAW = Buffer.from('From: ketoan@example.net\r\nSubject: Hoa don\r\n\r\nXem file dinh kem.\r\n');

const verdict: Verdict = {
  action: 'quarantine',
  warning: false,
  strip: [],
  tagged: false,
  categories: ['malware'],
  hits: [
    {
      rule: 'macro-attachment',
      description: 'Office document with macros',
      action: 'quarantine',
      category: 'malware',
      mode: 'enforce',
      findings: [{ scanner: 'attachments', kind: 'attachment.macro', detail: 'VBA project', attachment: 'a1' }],
    },
  ],
  monitored: [],
};
const envelope = { mailFrom: 'ketoan@example.net', rcptTo: ['VanThu@tinh.gov.vn'], remoteAddress: '198.51.100.4' };

describe.each(BACKENDS)('%s: quarantining a message', (kind) => {
  let backend: TestBackend;
  let db: Database;
  let store: MessageStore;
  useTestBackend(kind, async (b) => {
    backend = b;
    db = await b.open();
    store = createMessageStore(path.join(b.dataDir, 'messages'));
  });

  it('stores the original, then the record and its audit row', async () => {
    const ref = '01JQM00000000000000000000A';
    const result = await quarantineMessage({ db, store, ref, buffer: RAW, verdict, envelope, subject: 'Hoa don' });
    const sha256 = createHash('sha256').update(RAW).digest('hex');
    expect(result).toMatchObject({ sha256, size: RAW.length, created: true });

    expect(await store.get(sha256)).toEqual(RAW);
    expect(await db.quarantine.get(ref)).toMatchObject({
      ref,
      sha256,
      size: RAW.length,
      status: 'held',
      reason: 'macro-attachment: Office document with macros',
      categories: ['malware'],
      rules: ['macro-attachment'],
      recipients: ['vanthu@tinh.gov.vn'],
      mailFrom: 'ketoan@example.net',
      subject: 'Hoa don',
    });
    const [audit] = await db.audit.list({ limit: 5, target: ref });
    expect(audit).toMatchObject({ actor: 'gateway', action: 'quarantine.hold', target: ref });
    expect(audit?.detail).toMatchObject({ sha256, rules: ['macro-attachment'], rcptTo: ['VanThu@tinh.gov.vn'] });
    expect(await db.audit.verify()).toMatchObject({ ok: true });
  });

  it('takes the original from the spool file', async () => {
    const spoolPath = path.join(backend.dataDir, 'spool-1.eml');
    await writeFile(spoolPath, RAW);
    const result = await quarantineMessage({ db, store, ref: '01JQM00000000000000000000B', spoolPath, verdict, envelope });
    expect(await store.get(result.sha256)).toEqual(RAW);
  });

  it('records a reason given by the caller instead of the verdict’s, in the record and the audit row', async () => {
    const ref = '01JQM00000000000000000000F';
    const reason = 'could not be rewritten for delivery: Max allowed child nodes exceeded';
    await quarantineMessage({ db, store, ref, buffer: RAW, verdict, envelope, reason, auditAction: 'message.unrewritable' });
    expect((await db.quarantine.get(ref))?.reason).toBe(reason);
    const [audit] = await db.audit.list({ limit: 5, target: ref });
    expect(audit).toMatchObject({ action: 'message.unrewritable', detail: { reason, rules: ['macro-attachment'] } });
  });

  it('is harmless when repeated for the same ref: one record, one audit row', async () => {
    const ref = '01JQM00000000000000000000C';
    await quarantineMessage({ db, store, ref, buffer: RAW, verdict, envelope });
    const again = await quarantineMessage({ db, store, ref, buffer: RAW, verdict, envelope });
    expect(again.created).toBe(false);
    expect(await db.audit.list({ limit: 5, target: ref })).toHaveLength(1);
  });

  it('writes no record when the original could not be stored', async () => {
    const ref = '01JQM00000000000000000000D';
    const failingStore = {
      put: () => Promise.reject(new LachanError('LC_STORE_FAILED', 'disk full')),
    };
    const err = await quarantineMessage({ db, store: failingStore, ref, buffer: RAW, verdict, envelope }).catch((e: unknown) => e);
    expect((err as LachanError).code).toBe('LC_STORE_FAILED');
    expect((err as LachanError).temporary).toBe(true);
    expect(await db.quarantine.get(ref)).toBeUndefined();
    expect(await db.audit.list({ limit: 5, target: ref })).toEqual([]);
  });

  it('fails with a temporary LC_DB_UNAVAILABLE when the database is gone, the original already safe', async () => {
    const closed = await backend.open();
    await closed.close();
    const raw = Buffer.concat([RAW, Buffer.from('unique body\r\n')]);
    const err = await quarantineMessage({ db: closed, store, ref: '01JQM00000000000000000000E', buffer: raw, verdict, envelope }).catch(
      (e: unknown) => e,
    );
    expect((err as LachanError).code).toBe('LC_DB_UNAVAILABLE');
    expect((err as LachanError).temporary).toBe(true);
    expect(await store.has(createHash('sha256').update(raw).digest('hex'))).toBe(true);
  });
});

describe('quarantine reason', () => {
  it('names the most severe rule, or what was unavailable', () => {
    expect(reasonOf(verdict)).toBe('macro-attachment: Office document with macros');
    expect(reasonOf({ ...verdict, hits: [], reason: 'clamd unavailable' })).toBe('clamd unavailable');
    expect(reasonOf({ ...verdict, hits: [] })).toBe('policy');
  });
});
