import { describe, expect, it } from 'vitest';
import type { Attachment } from '../../parse/types.js';
import type { Finding } from '../types.js';
import { makeContext, makeMessage, makePolicy, urlRef } from '../test-helpers.js';
import { partNamer, scanUrls } from './index.js';

/**
 * Finding.part: a URL finding about one link names the part the link was found in (a forwarded
 * message, an attachment, a calendar invitation); a link of the body, and a finding summing up
 * several links, name none.
 */
const policy = makePolicy({
  lists: {
    blocked_domains: { type: 'domain', entries: ['evil.example'] },
    shorteners: { type: 'domain', entries: ['bit.ly'] },
    protected_domains: { type: 'domain', entries: ['gov.vn'] },
  },
  settings: { protectedList: 'protected_domains', shortenerList: 'shorteners' },
});

/** Just what partNamer reads of an attachment: its id and declared type. */
function part(id: string, contentType: string): Attachment {
  return { id, contentType } as Attachment;
}

const attachments = [part('a1', 'text/html'), part('a2', 'message/rfc822'), part('a2.a1', 'text/html'), part('a3', 'text/calendar'), part('a4', 'message/global')];
const scan = (...urls: ReturnType<typeof urlRef>[]): Finding[] => scanUrls(makeMessage({ urls, attachments }), makeContext(policy));
const byKind = (fs: Finding[], kind: Finding['kind']) => fs.find((f) => f.kind === kind);

describe('urls scanner: the part a link was found in', () => {
  it('names the forwarded message a lookalike link came from', () => {
    const f = byKind(scan(urlRef('https://hanoi.gov.vn-portal.example/dang-nhap', { text: 'Cổng dịch vụ công', partId: 'a2' })), 'url.lookalike');
    expect(f).toMatchObject({ kind: 'url.lookalike', part: { id: 'a2', kind: 'forwarded-message' } });
    // the field for strip stays empty: the finding is about a link, not the forwarded message
    expect(f?.attachment).toBeUndefined();
  });

  it('tells an HTML attachment, one inside a forwarded message, a message/global part and a calendar invitation apart', () => {
    expect(byKind(scan(urlRef('https://evil.example/a', { text: 'x', partId: 'a1' })), 'url.listed')?.part).toEqual({ id: 'a1', kind: 'attachment' });
    expect(byKind(scan(urlRef('https://evil.example/b', { text: 'x', partId: 'a2.a1' })), 'url.listed')?.part).toEqual({ id: 'a2.a1', kind: 'attachment' });
    expect(byKind(scan(urlRef('https://evil.example/c', { partId: 'a4' })), 'url.listed')?.part).toEqual({ id: 'a4', kind: 'forwarded-message' });
    expect(byKind(scan(urlRef('https://evil.example/d', { source: 'calendar', partId: 'a3' })), 'url.listed')?.part).toEqual({ id: 'a3', kind: 'calendar' });
  });

  it('names the part on every kind of finding about one link', () => {
    const fs = scan(
      urlRef('http://203.0.113.9/login', { partId: 'a2' }),
      urlRef('javascript:alert(1)', { source: 'href', partId: 'a2' }),
      urlRef('https://www.gov.vn-secure@evil.example/', { partId: 'a2' }),
      urlRef('https://tracker.example/x', { text: 'dichvucong.gov.vn', partId: 'a2' }),
      urlRef('https://files.example/setup.exe', { partId: 'a2' }),
    );
    const kinds = ['url.ip-host', 'url.suspicious-scheme', 'url.userinfo-deception', 'url.listed', 'url.text-mismatch', 'url.file-download'] as const;
    for (const kind of kinds) expect(byKind(fs, kind), kind).toMatchObject({ part: { id: 'a2', kind: 'forwarded-message' } });
  });

  it('names no part for a link of the body', () => {
    const fs = scan(urlRef('https://hanoi.gov.vn-portal.example/'), urlRef('https://evil.example/'));
    expect(fs.length).toBeGreaterThan(0);
    for (const f of fs) expect(f.part).toBeUndefined();
  });

  it('names no part on url.shortener, which sums up the message\u2019s shortened links', () => {
    const f = byKind(scan(urlRef('https://bit.ly/abc', { partId: 'a2' })), 'url.shortener');
    expect(f).toBeDefined();
    expect(f?.part).toBeUndefined();
  });

  it('keeps the part of a link found in a redirect parameter of a link in that part', () => {
    const f = byKind(scan(urlRef('https://redirect.example/go?u=https%3A%2F%2Fevil.example%2Fp', { partId: 'a2' })), 'url.listed');
    expect(f?.part).toEqual({ id: 'a2', kind: 'forwarded-message' });
  });

  it('calls a part the message does not list an attachment (the documents and pictures other scanners check)', () => {
    expect(partNamer(makeMessage())(urlRef('https://x.example/', { partId: 'a7' }))).toEqual({ id: 'a7', kind: 'attachment' });
    expect(partNamer(makeMessage())(urlRef('https://x.example/'))).toBeUndefined();
  });
});
