import { describe, expect, it } from 'vitest';
import type { Database, QuarantineInput } from './index.js';
import { BACKENDS, useTestBackend } from './testing.js';

function held(overrides: Partial<QuarantineInput> = {}): QuarantineInput {
  return {
    ref: '01JQ0000000000000000000000',
    sha256: 'c'.repeat(64),
    size: 4096,
    reason: 'macro-attachment: Tài liệu Office có macro',
    categories: ['malware'],
    rules: ['macro-attachment'],
    recipients: ['KeToan@tinh.gov.vn'],
    mailFrom: 'invoice@example.net',
    subject: 'Hóa đơn tháng 3',
    createdAt: '2025-03-01T01:00:00.000Z',
    ...overrides,
  };
}

describe.each(BACKENDS)('%s: quarantine records', (kind) => {
  let db: Database;
  useTestBackend(kind, async (backend) => {
    db = await backend.open();
  });

  it('reads back a held message with its status, recipients and expiry', async () => {
    const input = held({ ref: '01JQROUNDTRIP0000000000000', expiresAt: new Date('2025-04-01T00:00:00Z') });
    expect(await db.quarantine.add(input)).toEqual({ created: true });
    expect(await db.quarantine.get(input.ref)).toEqual({
      ref: input.ref,
      sha256: input.sha256,
      size: 4096,
      reason: input.reason,
      categories: ['malware'],
      rules: ['macro-attachment'],
      recipients: ['ketoan@tinh.gov.vn'],
      mailFrom: 'invoice@example.net',
      subject: 'Hóa đơn tháng 3',
      status: 'held',
      createdAt: '2025-03-01T01:00:00.000Z',
      expiresAt: '2025-04-01T00:00:00.000Z',
      statusChangedAt: null,
      statusBy: null,
      statusReason: null,
    });
  });

  it('returns nothing for a ref that was never held', async () => {
    expect(await db.quarantine.get('01JQNEVER00000000000000000')).toBeUndefined();
  });

  it('writes the audit row in the same step, and only once when the same ref is held again', async () => {
    const ref = '01JQAUDITED000000000000000';
    const audit = { actor: 'gateway', action: 'quarantine.hold', target: ref, detail: { rules: ['r'] } };
    const first = await db.quarantine.add(held({ ref }), audit);
    expect(first.created).toBe(true);
    expect(first.audit?.target).toBe(ref);
    expect(await db.quarantine.add(held({ ref, reason: 'again' }), audit)).toEqual({ created: false });

    expect((await db.quarantine.get(ref))?.reason).toBe(held().reason);
    expect(await db.audit.list({ limit: 10, target: ref })).toHaveLength(1);
    expect(await db.audit.verify()).toMatchObject({ ok: true });
  });

  it('lists newest first, by status and by recipient, within the limit', async () => {
    const at = (d: number) => `2024-06-0${d}T00:00:00.000Z`;
    await db.quarantine.add(held({ ref: '01JQL1', createdAt: at(1), recipients: ['an@tinh.gov.vn'] }));
    await db.quarantine.add(held({ ref: '01JQL2', createdAt: at(2), recipients: ['binh@tinh.gov.vn'] }));
    await db.quarantine.add(held({ ref: '01JQL3', createdAt: at(3), recipients: ['an@tinh.gov.vn', 'binh@tinh.gov.vn'] }));
    const released2 = await db.quarantine.setStatus({ ref: '01JQL2', from: ['held'], to: 'released', by: 'cli:admin' });
    expect(released2).toMatchObject({ changed: true, record: { status: 'released', statusBy: 'cli:admin' } });
    // compare and set: a record not in `from` stays as it is
    expect(await db.quarantine.setStatus({ ref: '01JQL2', from: ['held'], to: 'deleted', by: 'cli:other' })).toMatchObject({ changed: false, record: { status: 'released' } });
    expect(await db.quarantine.setStatus({ ref: '01JQNOPE', from: ['held'], to: 'deleted', by: 'x' })).toEqual({ changed: false });

    const forAn = await db.quarantine.list({ limit: 10, recipient: 'AN@tinh.gov.vn' });
    expect(forAn.map((r) => r.ref)).toEqual(['01JQL3', '01JQL1']);

    const released = await db.quarantine.list({ limit: 10, status: 'released' });
    expect(released.map((r) => r.ref)).toEqual(['01JQL2']);

    const heldForBinh = await db.quarantine.list({ limit: 10, status: 'held', recipient: 'binh@tinh.gov.vn' });
    expect(heldForBinh.map((r) => r.ref)).toEqual(['01JQL3']);

    const newest = await db.quarantine.list({ limit: 2 });
    expect(newest).toHaveLength(2);
    expect(newest[0]!.createdAt >= newest[1]!.createdAt).toBe(true);
  });
});
