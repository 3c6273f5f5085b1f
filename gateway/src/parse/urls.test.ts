import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import { parseMessage } from './index.js';
import { cssUrls, metaRefreshUrl, srcsetUrls } from './urls-html.js';
import { toUrlRef } from './url-ref.js';
import type { UrlRef } from './types.js';

function html(body: string): Buffer {
  return Buffer.from(
    `From: a@sender.example\r\nTo: b@lachan.test\r\nSubject: t\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${body}\r\n`,
  );
}

async function urlsOf(body: string, limits = DEFAULT_LIMITS): Promise<UrlRef[]> {
  return (await parseMessage(html(body), limits)).urls;
}

describe('URLs from HTML', () => {
  it('finds every kind of URL source', async () => {
    const urls = await urlsOf(`
      <a href="https://a.example/">a</a><area href="https://area.example/" alt="map">
      <img src="https://img.example/i.png" srcset="https://s1.example/1.png 1x, https://s2.example/2.png 2x">
      <iframe src="https://frame.example/"></iframe><script src="https://script.example/s.js"></script>
      <form action="https://form.example/post"><button formaction="https://formaction.example/">go</button></form>
      <meta http-equiv="Refresh" content="0; URL='https://refresh.example/'">
      <div style="background-image:url(&quot;https://style-attr.example/bg.png&quot;)">x</div>
      <style>@import "https://import.example/a.css"; .x { background: url(https://style-el.example/b.png) }</style>`);
    const bySource = (source: string) => urls.filter((u) => u.source === source).map((u) => u.host);
    expect(bySource('href')).toEqual(['a.example', 'area.example']);
    expect(bySource('src')).toEqual(['img.example', 'frame.example', 'script.example']);
    expect(bySource('srcset')).toEqual(['s1.example', 's2.example']);
    expect(bySource('form')).toEqual(['form.example', 'formaction.example']);
    expect(bySource('meta-refresh')).toEqual(['refresh.example']);
    expect(bySource('css').sort()).toEqual(['import.example', 'style-attr.example', 'style-el.example']);
  });

  it('takes URLs written as text in the HTML (mail clients make them links), not a link\'s own text again', async () => {
    const urls = await urlsOf(
      '<p>Nhận thưởng tại https://bonus.example/claim hoặc vào dichvucong-gov.vn/dang-nhap</p>' +
        '<a href="https://track.example/r?id=1">https://shown.example/</a>',
    );
    expect(urls.filter((u) => u.source === 'text').map((u) => u.host)).toEqual(['bonus.example', 'dichvucong-gov.vn']);
    expect(urls.filter((u) => u.source === 'href').map((u) => [u.host, u.text])).toEqual([['track.example', 'https://shown.example/']]);
  });

  it('does not count a URL twice when the text and HTML versions both show it', async () => {
    const raw = Buffer.from(
      'From: a@sender.example\r\nTo: b@lachan.test\r\nSubject: t\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n' +
        '--b\r\nContent-Type: text/plain\r\n\r\nSee https://same.example/x\r\n' +
        '--b\r\nContent-Type: text/html\r\n\r\n<p>See https://same.example/x</p>\r\n--b--\r\n',
    );
    const urls = (await parseMessage(raw, DEFAULT_LIMITS)).urls;
    expect(urls.map((u) => [u.source, u.url])).toEqual([['text', 'https://same.example/x']]);
  });

  it('decodes HTML entities in hrefs before parsing them', async () => {
    const urls = await urlsOf('<a href="&#104;ttps://one.example/">1</a><a href="h&#116;tp://two.example/">2</a><a href="&#x68;ttps&#x3a;//three.example/">3</a>');
    expect(urls.map((u) => u.url)).toEqual(['https://one.example/', 'http://two.example/', 'https://three.example/']);
    expect(urls[0]!.raw).toBe('https://one.example/');
  });

  it('takes the host after userinfo and flags the userinfo', async () => {
    const [url] = await urlsOf('<a href="https://www.office.com-123@evil.example/login">Office</a>');
    expect(url).toMatchObject({ host: 'evil.example', hasUserinfo: true, scheme: 'https', text: 'Office' });
  });

  it('gives punycode hosts in ASCII and Unicode form', async () => {
    const [ascii, unicode] = await urlsOf('<a href="https://xn--dichvucng-62h.gov.vn/">x</a><a href="https://dịchvụcông.gov.vn/">y</a>');
    expect(ascii).toMatchObject({ host: 'xn--dichvucng-62h.gov.vn', hostUnicode: 'dichvucоng.gov.vn' });
    expect(unicode!.host.startsWith('xn--')).toBe(true);
    expect(unicode!.hostUnicode).toBe('dịchvụcông.gov.vn');
  });

  it('keeps the visible link text, whitespace collapsed, without hidden parts', async () => {
    const [url] = await urlsOf('<a href="https://x.example/"> dichvucong\n <b>.gov.vn</b><span style="display:none">secret</span> </a>');
    expect(url!.text).toBe('dichvucong .gov.vn');
  });

  it('resolves relative links against <base href> and drops them without one', async () => {
    const withBase = await urlsOf('<head><base href="https://base.example/dir/"></head><a href="page.html">p</a><img src="/i.png">');
    expect(withBase.map((u) => u.url)).toEqual(['https://base.example/dir/page.html', 'https://base.example/i.png']);
    const without = await urlsOf('<a href="page.html">p</a><a href="#top">t</a><a href="//proto.example/x">r</a>');
    expect(without.map((u) => u.url)).toEqual(['https://proto.example/x']);
  });

  it('records javascript: and data: links with an empty host, skips cid:', async () => {
    const urls = await urlsOf(`<a href="javascript:alert(1)">j</a><img src="cid:logo@x"><a href="data:text/html;base64,${'A'.repeat(5000)}">d</a>`);
    expect(urls.map((u) => [u.scheme, u.host])).toEqual([
      ['javascript', ''],
      ['data', ''],
    ]);
    expect(urls[1]!.url.length).toBeLessThan(300);
  });

  it('drops repeats of the same url, source and text', async () => {
    const urls = await urlsOf('<a href="https://d.example/">same</a><a href="https://d.example/">same</a><a href="https://d.example/">other</a>');
    expect(urls.map((u) => u.text)).toEqual(['same', 'other']);
  });

  it('stops at maxUrls with a too-many-urls problem', async () => {
    const links = Array.from({ length: 12 }, (_, i) => `<a href="https://h${i}.example/">${i}</a>`).join('');
    const parsed = await parseMessage(html(links), { ...DEFAULT_LIMITS, maxUrls: 5 });
    expect(parsed.urls).toHaveLength(5);
    expect(parsed.problems.map((p) => p.code)).toContain('too-many-urls');
  });
});

describe('URLs from plain text', () => {
  it('finds links with and without a scheme, not e-mail addresses', async () => {
    const msg = 'From: a@sender.example\r\nSubject: t\r\n\r\nGo to https://one.example/a?b=1 or dichvucong-gov.vn/login, mail me at x@y.example\r\n';
    const parsed = await parseMessage(Buffer.from(msg), DEFAULT_LIMITS);
    expect(parsed.urls.map((u) => [u.url, u.source])).toEqual([
      ['https://one.example/a?b=1', 'text'],
      ['http://dichvucong-gov.vn/login', 'text'],
    ]);
  });
});

describe('URL helpers', () => {
  it('parses srcset candidates the way the HTML standard does', () => {
    expect(srcsetUrls('a.png 1x,b.png 2x, data:image/png;base64,AAA= 3x')).toEqual(['a.png', 'b.png', 'data:image/png;base64,AAA=']);
    expect(srcsetUrls(' c.png, d.png')).toEqual(['c.png', 'd.png']);
  });

  it('reads meta refresh content in its usual spellings', () => {
    expect(metaRefreshUrl('0;url=https://a.example/')).toBe('https://a.example/');
    expect(metaRefreshUrl('5, URL="https://b.example/x"')).toBe('https://b.example/x');
    expect(metaRefreshUrl('3')).toBeUndefined();
  });

  it('finds CSS url() with escapes and quotes', () => {
    expect(cssUrls("a{background:url( 'https://q.example/' )} b{background:url(\\68 ttps://esc.example/)}")).toEqual([
      'https://q.example/',
      'https://esc.example/',
    ]);
  });

  it('never builds a ref from a relative or unparseable string', () => {
    expect(toUrlRef('page.html', 'href')).toBeUndefined();
    expect(toUrlRef('http://[bad', 'href')).toBeUndefined();
    expect(toUrlRef('HTTPS://EXAMPLE.COM./x', 'href')).toMatchObject({ host: 'example.com', url: 'https://example.com./x' });
  });
});
