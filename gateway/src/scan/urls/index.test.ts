import { domainToASCII } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../types.js';
import { makeContext, makeMessage, makePolicy, urlRef } from '../test-helpers.js';
import { displayedHost, showsSocialPage } from './link-text.js';
import { MAX_FINDINGS_PER_KIND, readWrapped, scanUrls, urlsScanner, wrappedUrls } from './index.js';

const policy = makePolicy({
  lists: {
    blocked_domains: { type: 'domain', entries: ['evil.example', 'xn--bcher-kva.example'] },
    feed_domains: { type: 'domain', entries: ['feed-bad.example'] },
    blocked_urls: { type: 'url', entries: ['https://files.example/payload/invoice', 'http://bare.example/x#frag'] },
    blocked_ips: { type: 'ip', entries: ['203.0.113.0/24', '2001:db8::/32', '198.51.100.7'] },
    shorteners: { type: 'domain', entries: ['bit.ly', 'tinyurl.com'] },
    allowed_domains: { type: 'domain', entries: ['trusted.example', 'lookalike-but-trusted.vn'] },
    protected_domains: { type: 'domain', entries: ['gov.vn', 'dichvucong.gov.vn', 'vietcombank.com.vn', 'microsoft.com'] },
  },
  settings: { protectedList: 'protected_domains', shortenerList: 'shorteners', allowedList: 'allowed_domains' },
});

function scan(urls: ReturnType<typeof urlRef>[], p = policy): Finding[] {
  return scanUrls(makeMessage({ urls }), makeContext(p));
}
const kinds = (fs: Finding[]) => fs.map((f) => f.kind);

describe('urls scanner: lists', () => {
  it('finds a listed domain and its subdomains, on every block list of type domain', () => {
    const fs = scan([urlRef('https://login.evil.example/a'), urlRef('http://feed-bad.example/')]);
    expect(fs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'url.listed', list: 'blocked_domains', subject: 'https://login.evil.example/a' }),
        expect.objectContaining({ kind: 'url.listed', list: 'feed_domains' }),
      ]),
    );
    expect(scan([urlRef('https://notevil.example/')])).toEqual([]);
  });

  it('does not treat the trusted ARC sealers, the sharing services and the trusted forwarders as block lists', () => {
    const withAuthLists = makePolicy({
      lists: {
        blocked_domains: { type: 'domain', entries: ['evil.example'] },
        trusted_arc_sealers: { type: 'domain', entries: ['google.com'] },
        share_services: { type: 'domain', entries: ['dropbox.com'] },
        trusted_forwarders: { type: 'ip', entries: ['192.0.2.10'] },
      },
    });
    const listed = (u: string) => scan([urlRef(u)], withAuthLists).filter((f) => f.kind === 'url.listed').map((f) => f.list);
    expect(listed('https://docs.google.com/document/d/1')).toEqual([]);
    expect(listed('https://www.dropbox.com/s/abc/ke-hoach.pdf')).toEqual([]);
    expect(listed('http://192.0.2.10/')).toEqual([]);
    expect(listed('https://evil.example/')).toEqual(['blocked_domains']);
  });

  it('matches an IDN host against a punycode list entry', () => {
    const fs = scan([urlRef('https://www.bücher.example/')]);
    expect(fs).toEqual([expect.objectContaining({ kind: 'url.listed', list: 'blocked_domains' })]);
  });

  it('matches a listed URL exactly, ignoring fragment and trailing slash', () => {
    for (const u of ['https://files.example/payload/invoice', 'https://FILES.example/payload/invoice/', 'https://files.example/payload/invoice#x',
      'http://bare.example/x']) {
      expect(kinds(scan([urlRef(u)])), u).toContain('url.listed');
    }
    for (const u of ['https://files.example/payload/invoice2', 'https://files.example/payload/invoice?id=1', 'https://files.example/payload']) {
      expect(kinds(scan([urlRef(u)])), u).not.toContain('url.listed');
    }
  });

  it('matches IPv4 and IPv6 hosts against addresses and CIDR ranges, also IPv4-mapped IPv6', () => {
    const listed = (u: string) => scan([urlRef(u)]).filter((f) => f.kind === 'url.listed').map((f) => f.list);
    expect(listed('http://203.0.113.99/x')).toEqual(['blocked_ips']);
    expect(listed('http://198.51.100.7/')).toEqual(['blocked_ips']);
    expect(listed('http://198.51.100.8/')).toEqual([]);
    expect(listed('http://[2001:db8:1::5]/')).toEqual(['blocked_ips']);
    expect(listed('http://[2001:db9::5]/')).toEqual([]);
    expect(listed('http://[::ffff:203.0.113.5]/')).toEqual(['blocked_ips']);
    expect(listed('http://3405803781/')).toEqual(['blocked_ips']); // 203.0.113.5 in decimal
  });

  it('checks a URL carried in a redirect parameter against the lists too', () => {
    const fs = scan([urlRef('https://tracker.example/r?u=https%3A%2F%2Fevil.example%2Fphish')]);
    expect(fs).toEqual([expect.objectContaining({ kind: 'url.listed', list: 'blocked_domains', detail: expect.stringContaining('inside') })]);
  });

  it('follows the URL a redirector carries as its whole query, base64url after "a1", or after Google\'s /amp/s/', () => {
    const a1 = `a1${Buffer.from('https://evil.example/login').toString('base64url')}`;
    expect(wrappedUrls(`https://www.bing.com/ck/a?!&&p=1f&u=${a1}&ntb=1`)).toEqual(['https://evil.example/login']);
    expect(wrappedUrls('https://ad.tracker.example/clk;1;2?https://evil.example/x')).toEqual(['https://evil.example/x']);
    expect(wrappedUrls('https://www.google.com/amp/s/evil.example/login?a=1')).toEqual(['https://evil.example/login?a=1']);
    // a news site's own AMP pages, an "a1" value that is not a URL, and a plain query carry nothing
    expect(wrappedUrls('https://news.example/amp/story.html')).toEqual([]);
    expect(wrappedUrls(`https://shop.example/p?id=a1${Buffer.from('size 42, blue').toString('base64url')}`)).toEqual([]);
    expect(wrappedUrls('https://site.example/search?q=mail')).toEqual([]);
    const fs = scan([urlRef(`https://www.bing.com/ck/a?u=${a1}`)]);
    expect(fs).toEqual([expect.objectContaining({ kind: 'url.listed', list: 'blocked_domains', detail: expect.stringContaining('inside') })]);
  });

  it('answers from its cache and past its cheap check as the reading itself does', () => {
    const a1 = `a1${Buffer.from('https://evil.example/login').toString('base64url')}`;
    const urls = [
      `https://www.bing.com/ck/a?u=${a1}`, 'https://t.example/r?u=https%3A%2F%2Fevil.example%2F', 'https://www.google.com/amp/s/evil.example/x',
      'https://www.google.com\\amp\\s\\evil.example/x', 'https://www.google.com/a\tmp/s/evil.example/x', 'https://plain.example/page', 'mailto:a@b.example',
      `https://long.example/r?u=https://evil.example/${'x'.repeat(3000)}`,
    ];
    for (const u of urls) {
      expect(wrappedUrls(u), u).toEqual(readWrapped(u));
      expect(wrappedUrls(u), u).toEqual(readWrapped(u)); // the second answer is the cached one
    }
    expect(wrappedUrls('https://www.google.com\\amp\\s\\evil.example/x')).toEqual(['https://evil.example/x']);
  });
});

describe('urls scanner: heuristics', () => {
  it('flags raw IP hosts, including decimal, hex and octal IPv4', () => {
    for (const u of ['http://192.168.1.1/login', 'http://3232235777/', 'http://0xC0A80101/', 'http://0300.0250.1.1/', 'http://[fe80::1]/']) {
      const f = scan([urlRef(u)]).find((x) => x.kind === 'url.ip-host');
      expect(f, u).toBeDefined();
    }
    const decimal = scan([urlRef('http://3232235777/')]).find((x) => x.kind === 'url.ip-host')!;
    expect(decimal.tags).toContain('obfuscated');
    expect(decimal.detail).toContain('192.168.1.1');
  });

  it('flags userinfo, and says so when it looks like a domain', () => {
    const f = scan([urlRef('https://www.office.com-secure%40login@evil-host.example/')]).find((x) => x.kind === 'url.userinfo-deception');
    expect(f?.tags).toContain('domain-like');
    expect(scan([urlRef('ftp://user:secret@files.example/')]).find((x) => x.kind === 'url.userinfo-deception')?.tags).toEqual([]);
    expect(kinds(scan([urlRef('https://files.example/@user')]))).not.toContain('url.userinfo-deception');
  });

  it('tags link text that shows the province\'s own domain while the link leaves it', () => {
    const own = makePolicy({
      localDomains: ['lachan.test', '*.tinh.lachan.test'],
      lists: { protected_domains: { type: 'domain', entries: ['gov.vn'] } },
      settings: { protectedList: 'protected_domains' },
    });
    const mail = scan([urlRef('https://login.evil.example/owa', { text: 'https://mail.lachan.test/owa' })], own).find((x) => x.kind === 'url.text-mismatch');
    expect(mail?.tags).toContain('shows-local');
    const agency = scan([urlRef('https://evil.example/', { text: 'https://so.tinh.lachan.test' })], own).find((x) => x.kind === 'url.text-mismatch');
    expect(agency?.tags).toContain('shows-local');
    const other = scan([urlRef('https://evil.example/', { text: 'https://news.example.org' })], own).find((x) => x.kind === 'url.text-mismatch');
    expect(other?.tags).not.toContain('shows-local');
  });

  it('flags link text that shows another domain than the link goes to', () => {
    const cases: [string, string][] = [
      ['dichvucong.gov.vn', 'https://dvc-online.example/login'],
      ['https://www.vietcombank.com.vn', 'https://secure-login.example/'],
      ['Đăng nhập tại www.vietcombank.com.vn ngay', 'https://secure-login.example/'],
    ];
    for (const [text, href] of cases) {
      const f = scan([urlRef(href, { text })]).find((x) => x.kind === 'url.text-mismatch');
      expect(f, text).toBeDefined();
    }
    const bank = scan([urlRef('https://secure-login.example/', { text: 'vietcombank.com.vn' })]).find((x) => x.kind === 'url.text-mismatch');
    expect(bank?.tags).toEqual(['vietcombank.com.vn', 'shows-protected', 'vietcombank.com.vn']);
    const plain = scan([urlRef('https://tracker.example/c?q=1', { text: 'www.shop.com.vn' })]).find((x) => x.kind === 'url.text-mismatch');
    expect(plain?.tags).toEqual(['www.shop.com.vn']);
  });

  it('reads a social page in a newsletter footer through a click tracker as a plain mismatch, a sign-in page there as a disguise', () => {
    const social = makePolicy({
      lists: { protected_domains: { type: 'domain', entries: ['facebook.com', 'zalo.me'] } },
      settings: { protectedList: 'protected_domains' },
    });
    const tagsFor = (text: string) =>
      scan([urlRef('https://click.mailer.example/c/42', { text })], social).find((x) => x.kind === 'url.text-mismatch')?.tags ?? [];
    for (const page of ['facebook.com/techweekly', 'https://www.facebook.com/SoTTTT.QuangNam/', 'zalo.me/0912345678']) {
      expect(tagsFor(page), page).not.toContain('shows-protected');
    }
    for (const disguise of ['www.facebook.com', 'https://facebook.com/login', 'facebook.com/checkpoint/828281030927956', 'facebook.com/help/contact?id=1']) {
      expect(tagsFor(disguise), disguise).toContain('shows-protected');
    }
    expect(showsSocialPage('see facebook.com/x')).toBe(false);
    expect(showsSocialPage('%%%')).toBe(false);
  });

  it('accepts link text on the same registrable domain, text that is not a domain, and redirect wrappers to the shown domain', () => {
    const ok: [string, string][] = [
      ['www.example.com', 'https://example.com/path'],
      ['example.com', 'https://mail.example.com/'],
      ['Bấm vào đây', 'https://anything.example/'],
      ['README.md', 'https://github.com/org/repo/blob/main/README.md'],
      ['phiên bản 1.2.3', 'https://example.org/'],
      ['support@example.com', 'mailto:support@example.com'],
      ['www.example.com', 'https://safelinks.example/?url=https%3A%2F%2Fwww.example.com%2F'],
      ['https://github.com/org/repo', 'https://url.protect.example/s/abc?domain=github.com'],
    ];
    for (const [text, href] of ok) {
      expect(kinds(scan([urlRef(href, { text })])), text).not.toContain('url.text-mismatch');
    }
  });

  it('flags known shorteners', () => {
    expect(scan([urlRef('https://bit.ly/3abc')])).toEqual([
      expect.objectContaining({ kind: 'url.shortener', list: 'shorteners', tags: ['bit.ly'] }),
    ]);
  });

  it('sums up shortened links in one finding per message, naming every service, so a rule counts them once', () => {
    const fs = scan([urlRef('https://bit.ly/3abc'), urlRef('https://tinyurl.com/x1'), urlRef('https://bit.ly/other'), urlRef('https://example.vn/')]);
    expect(fs).toEqual([
      expect.objectContaining({ kind: 'url.shortener', list: 'shorteners', tags: ['bit.ly', 'tinyurl.com'], subject: 'https://bit.ly/3abc' }),
    ]);
  });

  it('flags lookalikes of protected domains with the imitated domain as a tag', () => {
    const f = scan([urlRef('https://vietc0mbank.com.vn/dang-nhap')]).find((x) => x.kind === 'url.lookalike');
    expect(f?.tags).toContain('vietcombank.com.vn');
    const puny = scan([urlRef('https://www.vietсombank.com.vn/')]).find((x) => x.kind === 'url.lookalike'); // Cyrillic с
    expect(puny?.subject).toContain('xn--');
    expect(puny?.tags).toContain('vietcombank.com.vn');
    expect(scan([urlRef('https://hanoi.gov.vn-portal.com/')]).find((x) => x.kind === 'url.lookalike')?.tags).toContain('gov.vn');
  });

  it('does not flag real gov.vn subdomains or protected domains', () => {
    expect(scan([urlRef('https://hanoi.gov.vn/'), urlRef('https://dichvucong.gov.vn/p/home'), urlRef('https://www.microsoft.com/')])).toEqual([]);
  });

  it('flags script, file and HTML data schemes in links, not in plain text or image data', () => {
    const found = (u: string, source: 'href' | 'src' | 'form' | 'text') =>
      scan([urlRef(u, { source })]).filter((f) => f.kind === 'url.suspicious-scheme').map((f) => f.tags?.[0]);
    expect(found('javascript:alert(1)', 'href')).toEqual(['javascript']);
    expect(found('vbscript:msgbox', 'href')).toEqual(['vbscript']);
    expect(found('file:///C:/Users/x.exe', 'href')).toEqual(['file']);
    expect(found('data:text/html;base64,PHNjcmlwdD4=', 'form')).toEqual(['data:text/html']);
    expect(found('data:image/png;base64,iVBORw0KGgo=', 'src')).toEqual([]);
    expect(found('javascript:alert(1)', 'text')).toEqual([]);
  });

  it('gives links on allowed domains no heuristic findings, while block lists still apply', () => {
    const allowed = makePolicy({
      lists: {
        allowed_domains: { type: 'domain', entries: ['bit.ly', 'evil.example'] },
        shorteners: { type: 'domain', entries: ['bit.ly'] },
        blocked_domains: { type: 'domain', entries: ['evil.example'] },
      },
      settings: { shortenerList: 'shorteners', allowedList: 'allowed_domains' },
    });
    expect(scan([urlRef('https://bit.ly/x', { text: 'www.other.example' })], allowed)).toEqual([]);
    expect(kinds(scan([urlRef('https://evil.example/', { text: 'www.other.example' })], allowed))).toEqual(['url.listed']);
  });

  it('uses the conventional list names when the settings name none', () => {
    const p = makePolicy({ lists: { shorteners: { type: 'domain', entries: ['bit.ly'] } } });
    expect(kinds(scan([urlRef('https://bit.ly/x')], p))).toEqual(['url.shortener']);
  });
});

describe('urls scanner: limits and bad input', () => {
  it('reports one finding per kind and host, and caps each kind', () => {
    const same = Array.from({ length: 500 }, (_, i) => urlRef(`https://bit.ly/${i}`));
    expect(scan(same)).toHaveLength(1);
    const many = Array.from({ length: 500 }, (_, i) => urlRef(`http://10.0.${Math.floor(i / 250)}.${i % 250}/`));
    expect(scan(many).filter((f) => f.kind === 'url.ip-host')).toHaveLength(MAX_FINDINGS_PER_KIND);
  });

  it('caps each list on its own: links padded onto one list never hide a blocked host behind the cap', () => {
    const padded = makePolicy({
      lists: {
        abused_hosting: { type: 'domain', entries: ['web.app'] },
        blocked_domains: { type: 'domain', entries: ['evil.example'] },
      },
    });
    const padding = Array.from({ length: MAX_FINDINGS_PER_KIND + 10 }, (_, i) => urlRef(`https://site${i}.web.app/`));
    const fs = scan([...padding, urlRef('https://login.evil.example/')], padded);
    expect(fs.filter((f) => f.list === 'abused_hosting')).toHaveLength(MAX_FINDINGS_PER_KIND);
    expect(fs.filter((f) => f.list === 'blocked_domains')).toEqual([expect.objectContaining({ kind: 'url.listed', subject: 'https://login.evil.example/' })]);
  });

  it('does not report hosts under the abused top-level domains one by one (the links scanner sums them up)', () => {
    const tlds = makePolicy({ lists: { abused_tlds: { type: 'domain', entries: ['xyz'] }, blocked_domains: { type: 'domain', entries: ['bad.xyz'] } } });
    expect(scan([urlRef('https://a.promo.xyz/'), urlRef('https://bad.xyz/')], tlds).map((f) => [f.kind, f.list])).toEqual([['url.listed', 'blocked_domains']]);
  });

  it('stops at the URL limit', () => {
    const urls = Array.from({ length: 20 }, (_, i) => urlRef(`http://10.0.0.${i + 1}/`));
    const fs = scanUrls(makeMessage({ urls }), makeContext(policy, { limits: { maxUrls: 5 } }));
    expect(fs).toHaveLength(5);
  });

  it('looks at URLs of nested messages', () => {
    const nested = makeMessage({ urls: [urlRef('https://evil.example/')] });
    expect(kinds(scanUrls(makeMessage({ nested: [nested] }), makeContext(policy)))).toEqual(['url.listed']);
  });

  it('turns garbage URLs into no finding rather than an exception', async () => {
    const junk = [urlRef('http://[::1'), urlRef('https://%%%/'), urlRef(''), { ...urlRef('x'), host: '\u0000\uffff' }, urlRef('http://a..b/')];
    await expect(urlsScanner.scan(makeMessage({ urls: junk }), makeContext(policy))).resolves.toBeInstanceOf(Array);
  });

  it('fails closed with a scanner.error finding when the policy cannot be read', async () => {
    const broken = { ...policy, lists: null } as unknown as typeof policy;
    const fs = await urlsScanner.scan(makeMessage({ urls: [urlRef('https://example.com/')] }), makeContext(broken));
    expect(kinds(fs)).toEqual(['scanner.error']);
  });
});

describe('displayedHost', () => {
  it('reads URLs and domains out of link text', () => {
    expect(displayedHost('https://www.Vietcombank.com.vn/login')).toBe('www.vietcombank.com.vn');
    expect(displayedHost(' dichvucong.gov.vn. ')).toBe('dichvucong.gov.vn');
    expect(displayedHost('Truy cập www.example.org ngay')).toBe('www.example.org');
    expect(displayedHost('chính-phủ.vn')).toBe(domainToASCII('chính-phủ.vn'));
  });
  it('ignores texts that are not hosts', () => {
    for (const t of ['Bấm vào đây', 'setup.py', 'file.txt', 'a@b.example', 'v1.2', '', 'example.com là trang chính']) {
      expect(displayedHost(t), t).toBeUndefined();
    }
  });
});
