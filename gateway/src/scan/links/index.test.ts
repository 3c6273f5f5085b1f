import { describe, expect, it } from 'vitest';
import { makeContext, makeMessage, makePolicy, urlRef } from '../test-helpers.js';
import { isServerHost, scanLinks } from './index.js';

const policy = makePolicy({ lists: { abused_hosting: { type: 'domain', entries: ['imgur.com', 'run.app', 'web.app'] } } });
const ctx = makeContext(policy);
const scan = (...urls: string[]) => scanLinks(makeMessage({ urls: urls.map((u) => urlRef(u, { source: 'href', text: 'x' })) }), ctx);

describe('url.abused-hosting', () => {
  it('sums up every link to free hosting in one finding, naming the services', () => {
    const fs = scan('https://i.imgur.com/a.png', 'https://imgur.com/b', 'https://x-123.a.run.app/login', 'https://example.com/');
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ kind: 'url.abused-hosting', subject: 'https://i.imgur.com/a.png', tags: ['imgur.com', 'run.app'] });
    expect(fs[0]!.detail).toMatch(/^3 link hosts/);
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
    const fs = scan('http://1.2.3.4.host.example/a', 'http://ec2-5-6-7-8.compute.example/b');
    expect(fs).toEqual([expect.objectContaining({ kind: 'url.server-host', tags: ['1.2.3.4.host.example'] })]);
    expect(fs[0]!.detail).toContain('1 more');
  });
});
