import { describe, expect, it } from 'vitest';
import { normaliseEntry, parseListText, toAsciiHostname } from './lists.js';

describe('parseListText', () => {
  it('skips blank lines, comment lines and trailing comments, across CRLF and a BOM', () => {
    const text = '\uFEFF# header\r\n\r\nevil.example   # seen in March\r\n  # indented comment\r\nbad.example\r\n';
    expect(parseListText(text, 'domain')).toEqual({ entries: ['evil.example', 'bad.example'], problems: [] });
  });

  it('keeps the #fragment of a URL and drops a trailing comment after whitespace', () => {
    expect(parseListText('https://bad.example/a#login # comment\n', 'url').entries).toEqual(['https://bad.example/a#login']);
  });

  it('reports each bad entry with its 1-based line and keeps the good ones', () => {
    const result = parseListText('ok.example\n\n-bad-.example\nalso-ok.example\n', 'domain');
    expect(result.entries).toEqual(['ok.example', 'also-ok.example']);
    expect(result.problems).toEqual([{ line: 3, severity: 'error', message: "'-bad-.example' is not a valid domain name" }]);
  });

  it('warns about a duplicate after normalisation and keeps one', () => {
    const result = parseListText('Bit.ly\nbit.ly.\n', 'domain');
    expect(result.entries).toEqual(['bit.ly']);
    expect(result.problems).toEqual([{ line: 2, severity: 'warning', message: "duplicate entry 'bit.ly' (first at line 1)" }]);
  });

  it('flags text that was not valid UTF-8', () => {
    expect(parseListText('ok.example\nbad\uFFFD.example\n', 'domain').problems).toEqual([
      { line: 2, severity: 'error', message: 'not valid UTF-8 text' },
    ]);
  });
});

describe('domain entries', () => {
  it('turns IDN into lower-case punycode', () => {
    expect(normaliseEntry('domain', 'BỘ-CÔNG-AN.vn')).toEqual({ value: new URL('http://bộ-công-an.vn').hostname });
  });

  it('refuses URLs, IPs, spaces and empty labels with a reason', () => {
    expect(normaliseEntry('domain', 'https://evil.example/x')).toEqual({ error: expect.stringContaining('put the URL in a url list') });
    expect(normaliseEntry('domain', '203.0.113.5')).toEqual({ error: expect.stringContaining('put it in an ip list') });
    expect(normaliseEntry('domain', 'evil..example')).toHaveProperty('error');
    expect(normaliseEntry('domain', 'a'.repeat(64) + '.example')).toHaveProperty('error');
    expect(toAsciiHostname('two words.example')).toBeUndefined();
  });

  it('accepts a bare TLD or a single label (e.g. to block a whole TLD)', () => {
    expect(normaliseEntry('domain', 'zip')).toEqual({ value: 'zip' });
  });

  it('strips a needless *. with a warning', () => {
    expect(normaliseEntry('domain', '*.Evil.example')).toEqual({ value: 'evil.example', warning: expect.stringContaining('subdomains') });
  });
});

describe('ip entries', () => {
  it.each([
    ['203.0.113.5', '203.0.113.5'],
    ['198.51.100.0/24', '198.51.100.0/24'],
    ['2001:DB8::1', '2001:db8::1'],
    ['2001:db8::/32', '2001:db8::/32'],
    ['[2001:db8::2]', '2001:db8::2'],
  ])('accepts %s', (entry, value) => {
    expect(normaliseEntry('ip', entry)).toEqual({ value });
  });

  it.each(['256.1.1.1', '10.0.0.0/33', '2001:db8::/129', '10.0.0.0/-1', '10.0.0.0/', 'example.com', '10.0.0.0/8/8'])('refuses %s', (entry) => {
    expect(normaliseEntry('ip', entry)).toHaveProperty('error');
  });

  it('warns that /0 covers everything', () => {
    expect(normaliseEntry('ip', '0.0.0.0/0')).toEqual({ value: '0.0.0.0/0', warning: expect.stringContaining('every IPv4') });
  });
});

describe('hash entries', () => {
  it('lower-cases a SHA-256', () => {
    expect(normaliseEntry('hash', 'AB'.repeat(32))).toEqual({ value: 'ab'.repeat(32) });
  });

  it('names MD5 and SHA-1 when given instead of SHA-256', () => {
    expect(normaliseEntry('hash', 'a'.repeat(32))).toEqual({ error: expect.stringContaining('MD5') });
    expect(normaliseEntry('hash', 'a'.repeat(40))).toEqual({ error: expect.stringContaining('SHA-1') });
    expect(normaliseEntry('hash', 'g'.repeat(64))).toHaveProperty('error');
  });
});

describe('url entries', () => {
  it('serialises the URL the WHATWG way', () => {
    expect(normaliseEntry('url', 'HTTP://Bad.Example:80/a/../login')).toEqual({ value: 'http://bad.example/login' });
  });

  it('refuses a URL without a scheme, and hints at it', () => {
    expect(normaliseEntry('url', 'bad.example/login')).toEqual({ error: expect.stringContaining('add the scheme') });
    expect(normaliseEntry('url', 'http://')).toHaveProperty('error');
  });
});

describe('phrase entries', () => {
  it('normalises to NFC and collapses whitespace', () => {
    const nfd = 'tài   khoản\tbị khóa'.normalize('NFD');
    const result = normaliseEntry('phrase', nfd);
    expect(result).toEqual({ value: 'tài khoản bị khóa'.normalize('NFC') });
    expect((result as { value: string }).value).not.toBe(nfd);
  });

  it('warns about very short phrases', () => {
    expect(normaliseEntry('phrase', 'ok')).toEqual({ value: 'ok', warning: expect.stringContaining('short') });
  });
});
