import { describe, expect, it } from 'vitest';
import type { UrlRef } from '../../parse/types.js';
import { addr, makeContext, makeMessage, makePolicy, urlRef } from '../test-helpers.js';
import { isServerHost, scanLinks } from './index.js';

const policy = makePolicy({ lists: { abused_hosting: { type: 'domain', entries: ['imgur.com', 'run.app', 'web.app'] } } });
const ctx = makeContext(policy);
const scan = (...urls: string[]) => scanLinks(makeMessage({ urls: urls.map((u) => urlRef(u, { source: 'href', text: 'x' })) }), ctx);

describe('url.abused-hosting', () => {
  it('sums up every link to free hosting in one finding, naming the services', () => {
    const fs = scan('https://i.imgur.com/a.png', 'https://imgur.com/b', 'https://x-123.a.run.app/login', 'https://example.com/');
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ kind: 'url.abused-hosting', subject: 'https://i.imgur.com/a.png', tags: ['imgur.com', 'run.app', 'link'] });
    expect(fs[0]!.detail).toMatch(/^3 link hosts/);
  });

  it('counts free hosting that a link reaches through a redirector or safe-link wrapper', () => {
    const fs = scan('https://www.google.com/url?q=https://x-1.a.run.app/login&sa=D', 'https://example.com/');
    expect(fs).toEqual([expect.objectContaining({ kind: 'url.abused-hosting', subject: 'https://x-1.a.run.app/login', tags: ['run.app', 'link'] })]);
    expect(scan('https://www.google.com/url?q=https://www.example.org/news')).toEqual([]);
  });

  it('says nothing about ordinary links or without the list', () => {
    expect(scan('https://example.com/', 'https://www.gov.vn/')).toEqual([]);
    expect(scanLinks(makeMessage({ urls: [urlRef('https://i.imgur.com/a.png')] }), makeContext(makePolicy()))).toEqual([]);
  });
});

describe('url.server-host', () => {
  it('recognises names made of an IPv4 address', () => {
    expect(isServerHost('ec2-13-52-185-2.us-west-1.compute.amazonaws.com')).toBe(true);
    expect(isServerHost('142.132.167.72.host.secureserver.net')).toBe(true);
    expect(isServerHost('103-52-115-55.cloud.example')).toBe(true);
  });

  it('leaves IP addresses (url.ip-host covers them) and ordinary names alone', () => {
    expect(isServerHost('192.0.2.10')).toBe(false);
    expect(isServerHost('www.example.com')).toBe(false);
    expect(isServerHost('web-2024-10-01.example.com')).toBe(false); // a date, not an address
    expect(isServerHost('cdn1.example.com')).toBe(false);
  });

  it('reports one finding for several such hosts', () => {
    const fs = scan('http://1.2.3.4.host.example/a', 'http://ec2-5-6-7-8.compute.example/b').filter((f) => f.kind === 'url.server-host');
    expect(fs).toEqual([expect.objectContaining({ kind: 'url.server-host', tags: ['1.2.3.4.host.example'] })]);
    expect(fs[0]!.detail).toContain('1 more');
  });
});

describe('url.abused-hosting: pictures and links', () => {
  const hosting = makePolicy({
    lists: {
      abused_hosting: { type: 'domain', entries: ['imgur.com', 'storage.googleapis.com', 'web.app'] },
      brands: { type: 'phrase', entries: ['Google | google.com googleapis.com'] },
    },
  });
  const links = (urls: Array<[string, 'href' | 'src']>, from = 'News <news@shop.example>') =>
    scanLinks(makeMessage({ from: [addr(from)], urls: urls.map(([u, source]) => urlRef(u, { source })) }), makeContext(hosting)).filter(
      (f) => f.kind === 'url.abused-hosting',
    );

  it('tags whether free hosting serves a page to follow or only pictures of the body', () => {
    expect(links([['https://x.web.app/login', 'href']])[0]?.tags).toEqual(['web.app', 'link']);
    expect(links([['https://i.imgur.com/a.png', 'src']])[0]?.tags).toEqual(['imgur.com', 'picture']);
  });

  it('does not count pictures kept in general cloud storage, where every newsletter tool keeps them; a page there counts', () => {
    expect(links([['https://storage.googleapis.com/news/banner.png', 'src']])).toEqual([]);
    expect(links([['https://storage.googleapis.com/x/index.html', 'href']])[0]?.tags).toEqual(['storage.googleapis.com', 'link']);
  });

  it('does not count a brand\u2019s own hosting in mail from that brand', () => {
    expect(links([['https://storage.googleapis.com/x/index.html', 'href']], 'Google <no-reply@google.com>')).toEqual([]);
    expect(links([['https://storage.googleapis.com/x/index.html', 'href']], 'Google <no-reply@goog1e.example>')).toHaveLength(1);
  });
});

describe('url.hidden-destination', () => {
  const shortening = makePolicy({ localDomains: ['lachan.test'], lists: { shorteners: { type: 'domain', entries: ['bit.ly', 't.co'] } } });
  const hidden = (urls: string[], from = 'Promo <x@promo.example>') =>
    scanLinks(makeMessage({ from: [addr(from)], urls: urls.map((u) => urlRef(u, { source: 'href', text: 'x' })) }), makeContext(shortening)).filter(
      (f) => f.kind === 'url.hidden-destination',
    );

  it('flags a message whose every web link goes through a shortener or to a raw IP address', () => {
    expect(hidden(['https://bit.ly/a', 'https://t.co/b'])).toEqual([expect.objectContaining({ scanner: 'urls', tags: ['shortener'] })]);
    expect(hidden(['https://bit.ly/a', 'http://192.0.2.7/login'])[0]?.tags).toEqual(['shortener', 'ip']);
  });

  it('says nothing when one link shows where it goes, when there are no web links, or for the province\u2019s own mail', () => {
    expect(hidden(['https://bit.ly/a', 'https://www.example.vn/'])).toEqual([]);
    expect(hidden(['https://www.example.vn/', 'https://bit.ly/a'])).toEqual([]);
    expect(hidden(['mailto:a@example.vn'])).toEqual([]);
    expect(hidden(['https://bit.ly/a'], 'Văn phòng <vp@lachan.test>')).toEqual([]);
  });
});

describe('url.abused-tld', () => {
  const tlds = makePolicy({ lists: { abused_tlds: { type: 'domain', entries: ['xyz', 'top'] } } });
  const found = (urls: UrlRef[]) => scanLinks(makeMessage({ urls }), makeContext(tlds)).filter((f) => f.kind === 'url.abused-tld');

  it('sums up the web links under top-level domains mostly registered for abuse', () => {
    const fs = found([urlRef('https://a.promo.xyz/x', { source: 'href' }), urlRef('https://b.top/y', { source: 'href' }), urlRef('https://c.xyz/', { source: 'href' })]);
    expect(fs).toEqual([expect.objectContaining({ scanner: 'urls', tags: ['xyz', 'top'], subject: 'https://a.promo.xyz/x' })]);
    expect(fs[0]!.detail).toMatch(/^3 link hosts/);
  });

  it('leaves pictures, bare names in the text (file names such as setup.top) and other suffixes alone', () => {
    expect(found([urlRef('https://cdn.promo.xyz/a.png', { source: 'src' })])).toEqual([]);
    expect(found([{ ...urlRef('http://setup.top'), raw: 'setup.top' }])).toEqual([]);
    expect(found([urlRef('https://www.example.vn/', { source: 'href' }), urlRef('https://xyz.example.com/', { source: 'href' })])).toEqual([]);
  });
});
