import { describe, expect, it } from 'vitest';
import { LachanError } from '../errors.js';
import { ascii, replyFor } from './replies.js';

const ref = '01JABCDEFGHJKMNPQRSTVWXYZ0';
const verdict = { action: 'reject' as const, warning: false, strip: [], tagged: false, categories: ['malware'], hits: [], monitored: [] };

describe('replyFor', () => {
  it('answers 250 with the reference for delivered and quarantined mail', () => {
    expect(replyFor({ action: 'deliver', ref })).toEqual({ code: 250, text: `2.0.0 Ok: delivered, ref=${ref}` });
    const q = replyFor({ action: 'quarantine', ref });
    expect(q.code).toBe(250);
    expect(q.text).toContain(`ref=${ref}`);
  });
  it('refuses with 550 5.7.1 and a short reason', () => {
    const r = replyFor({ action: 'reject', ref, verdict });
    expect(r.code).toBe(550);
    expect(r.text).toMatch(/^5\.7\.1 .*malware.*ref=/);
  });
  it('adds the reason of a category that has one, Vietnamese first, in US-ASCII', () => {
    const r = replyFor({ action: 'reject', ref, verdict: { ...verdict, categories: ['smtp-smuggling'] } });
    expect(r.code).toBe(550);
    expect(r.text).toMatch(/^5\.7\.1 .*smtp-smuggling - thu giau lenh SMTP .* \/ the message hides SMTP commands .*, ref=/);
    expect(r.text).toMatch(/^[\x20-\x7e]+$/);
    expect(replyFor({ action: 'reject', ref, verdict }).text).not.toContain(' / ');
  });
  it('passes a downstream 5xx on', () => {
    const error = Object.assign(new LachanError('LC_DOWNSTREAM_REJECTED', '550 5.1.1 no such user'), { downstreamCode: 550 });
    const r = replyFor({ action: 'reject', ref, error });
    expect(r.code).toBe(550);
    expect(r.text).toContain('no such user');
  });
  it('answers 451 with the enhanced code of the dependency that is down', () => {
    expect(replyFor({ action: 'tempfail', ref, error: new LachanError('LC_CLAMD_UNAVAILABLE') })).toMatchObject({ code: 451 });
    expect(replyFor({ action: 'tempfail', ref, error: new LachanError('LC_CLAMD_UNAVAILABLE') }).text).toMatch(/^4\.7\.1 /);
    expect(replyFor({ action: 'tempfail', ref, error: new LachanError('LC_DB_UNAVAILABLE') }).text).toMatch(/^4\.3\.0 /);
    expect(replyFor({ action: 'tempfail', ref }).code).toBe(451);
  });
  it('answers a message over the limit with 552 5.3.4', () => {
    const r = replyFor({ action: 'tempfail', ref, error: new LachanError('LC_MESSAGE_TOO_BIG') });
    expect(r.code).toBe(552);
    expect(r.text).toMatch(/^5\.3\.4 /);
    expect(r.text).not.toContain('try again');
  });
  it('keeps replies in US-ASCII', () => {
    expect(ascii('Thư bị từ chối — Đà Nẵng')).toBe('Thu bi tu choi ? Da Nang');
  });
});
