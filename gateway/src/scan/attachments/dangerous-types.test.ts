import { describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import { shippedPolicyVerdicts } from '../shipped-verdict.js';
import type { Finding } from '../types.js';
import { makeUrlShortcut } from './chain-fixtures.js';
import { fakeClamd, walkFile } from './test-helpers.js';

/**
 * Types mail-borne malware and scams use that magic bytes alone do not tell (content-types.ts,
 * walk-content.ts) and the extensions of Outlook's and Gmail's blocked lists (names.ts): each
 * flagged by name, by content under a misleading name and inside a zip; look-alikes stay clean.
 */

/** An Apple configuration profile installing a root certificate and a VPN (inert: no real keys). */
const PROFILE = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n' +
    '<plist version="1.0"><dict>\n<key>PayloadContent</key><array><dict>' +
    '<key>PayloadType</key><string>com.apple.security.root</string><key>PayloadUUID</key><string>6F1A2B3C-0000-4000-8000-000000000001</string>' +
    '<key>PayloadIdentifier</key><string>vn.gov.vneid.cert</string><key>PayloadContent</key><data>TUlJQg==</data></dict>' +
    '<dict><key>PayloadType</key><string>com.apple.vpn.managed</string><key>PayloadUUID</key><string>6F1A2B3C-0000-4000-8000-000000000002</string></dict></array>\n' +
    '<key>PayloadDisplayName</key><string>VNeID Bảo mật</string><key>PayloadIdentifier</key><string>vn.gov.vneid</string>' +
    '<key>PayloadType</key><string>Configuration</string><key>PayloadUUID</key><string>6F1A2B3C-0000-4000-8000-000000000000</string>' +
    '<key>PayloadVersion</key><integer>1</integer>\n</dict></plist>\n',
  'utf8',
);
/** The same profile signed: a CMS SignedData (its DER header as signing tools write it) wrapping the plist in clear. */
const SIGNED_PROFILE = Buffer.concat([Buffer.from('3080' + '06092a864886f70d010702' + 'a0803080020101310f300d06096086480165030402010500' + '308006092a864886f70d010701a080248004820400', 'hex'), PROFILE, Buffer.alloc(64)]);
/** An ordinary XML plist (a macOS app's settings): no profile keys. */
const PLAIN_PLIST = Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict><key>CFBundleName</key><string>Báo cáo</string><key>LSMinimumSystemVersion</key><string>12.0</string></dict></plist>\n');
const DEX = Buffer.concat([Buffer.from('dex\n035\0', 'latin1'), Buffer.alloc(104)]);
const MANIFEST = Buffer.from([0x03, 0x00, 0x08, 0x00, 0x10, 0x00, 0x00, 0x00]); // binary XML's chunk header
const APP_INSTALLER = Buffer.from(
  '<?xml version="1.0" encoding="utf-8"?>\n<AppInstaller xmlns="http://schemas.microsoft.com/appx/appinstaller/2018" Version="1.0.0.0" Uri="https://cdn.example.net/hoa-don.appinstaller">' +
    '<MainBundle Name="HoaDon" Publisher="CN=HoaDon" Version="1.0.0.0" Uri="https://cdn.example.net/HoaDon.msixbundle"/></AppInstaller>\n',
);
const CA_PEM = Buffer.from(`-----BEGIN CERTIFICATE-----
MIIBkTCCATegAwIBAgIUDaTEZaU9rOVDrKt9NXLNstWRRVgwCgYIKoZIzj0EAwIw
HjEcMBoGA1UEAwwTTGFjaGFuIFRlc3QgUm9vdCBDQTAeFw0yNjExMjUxNDQwNDda
Fw0zNjExMjIxNDQwNDdaMB4xHDAaBgNVBAMME0xhY2hhbiBUZXN0IFJvb3QgQ0Ew
WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAARSWrEVu39p1+gPho1QLz3/9DhQg1yc
naGnlP0Urrnw4V7ARhxlYvzeLUbIhXKSPjOvHKEtUnJk75RZDEq5sSq9o1MwUTAd
BgNVHQ4EFgQU7zQ+2zks/6oeirjdEPgg0ZpySBowHwYDVR0jBBgwFoAU7zQ+2zks
/6oeirjdEPgg0ZpySBowDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBF
AiB3CXzoYuQ0J64h2RJ439gRP4BhqMaHWi5CbhvY0WF0zAIhAMr7TFRCDhjtNPGT
3RBWbj44aD1dSsvbOX7rI2rwP+N0
-----END CERTIFICATE-----
`);
/** A person's certificate (basic constraints CA:FALSE), as colleagues exchange for signed mail. */
const LEAF_PEM = Buffer.from(`-----BEGIN CERTIFICATE-----
MIIBkjCCATigAwIBAgIUH0NEdBwDSWWhBeHPQtKx6FtWTOwwCgYIKoZIzj0EAwIw
IDEeMBwGA1UEAwwVbmhhbi52aWVuQGxhY2hhbi50ZXN0MB4XDTI2MTEyNTE0NDA0
N1oXDTM2MTEyMjE0NDA0N1owIDEeMBwGA1UEAwwVbmhhbi52aWVuQGxhY2hhbi50
ZXN0MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE/TLyLv+BE2vQEfktpF1NF3hH
b7puP16NkR/2hMXNJpGPuT/r4z0kaI1IlqqswEtMMGfmBJOdlByJZGuw0ZNvyqNQ
ME4wHQYDVR0OBBYEFBLJCK1TZKNMTmx/6zIUkIw/w5XWMB8GA1UdIwQYMBaAFBLJ
CK1TZKNMTmx/6zIUkIw/w5XWMAwGA1UdEwEB/wQCMAAwCgYIKoZIzj0EAwIDSAAw
RQIgEUUNuLIq/KClAC7ThhygJFdDnIR145CoOALPPIqE3Z0CIQDePzc/aSIIF64H
7100cRNolorH2BpziQJCGfXhJW/2qA==
-----END CERTIFICATE-----
`);
const derOf = (pem: Buffer) => Buffer.from(pem.toString('latin1').replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');

const apk = () => p.makeZip({ 'AndroidManifest.xml': MANIFEST, 'resources.arsc': 'x', 'res/layout/main.xml': 'x', 'classes.dex': DEX }) as Promise<Buffer>;
const zip = (files: Record<string, Buffer | string>) => p.makeZip(files) as Promise<Buffer>;

const dangerous = (fs: Finding[]) => fs.filter((f) => f.kind === 'attachment.dangerous-type').map((f) => `${f.subject}: ${(f.tags ?? []).join(',')}`).sort();
const kinds = (fs: Finding[]) => [...new Set(fs.map((f) => f.kind))].sort();

describe('Apple configuration profiles', () => {
  it('flags a profile by name, by content under an .xml name, signed, and inside a zip', async () => {
    expect(dangerous(await walkFile('VNeID.mobileconfig', PROFILE))).toEqual(['VNeID.mobileconfig: mobileconfig']);
    const renamed = await walkFile('huong-dan.xml', PROFILE);
    expect(dangerous(renamed)).toEqual(['huong-dan.xml: mobileconfig,disguised']);
    expect(kinds(renamed)).toContain('attachment.type-mismatch');
    expect(dangerous(await walkFile('cai-dat.bin', SIGNED_PROFILE))).toEqual(['cai-dat.bin: mobileconfig']);
    expect(dangerous(await walkFile('ho-so.zip', await zip({ 'ho-so/cai-dat.txt': PROFILE })))).toEqual(['ho-so.zip → ho-so/cai-dat.txt: mobileconfig,disguised']);
  });

  it('flags a profile attachment declared application/x-apple-aspen-config whatever its name', async () => {
    const v = await verdict(mail([{ name: 'ho-so', type: 'application/x-apple-aspen-config', data: Buffer.from('not read') }]));
    expect(v.rules).toContain('dangerous-attachment');
  });

  it('leaves an ordinary plist and ordinary XML alone', async () => {
    expect(await walkFile('Info.plist', PLAIN_PLIST)).toEqual([]);
    expect(await walkFile('du-lieu.xml', Buffer.from('<?xml version="1.0"?><BaoCao><Dong>PayloadType là tên một trường</Dong></BaoCao>'))).toEqual([]);
  });
});

describe('phone and desktop app packages', () => {
  it('flags an Android app by name, as a zip named .zip or .pdf, and inside a zip', async () => {
    const app = await apk();
    expect(dangerous(await walkFile('VNeID.apk', app))).toEqual(['VNeID.apk: apk']);
    expect(dangerous(await walkFile('VNeID.zip', app))).toEqual(['VNeID.zip: apk']);
    expect(dangerous(await walkFile('to-khai-thue.pdf', app))).toEqual(['to-khai-thue.pdf: apk,disguised']);
    expect(dangerous(await walkFile('ung-dung.zip', await zip({ 'eTax Mobile.apk': app })))).toEqual(['ung-dung.zip → eTax Mobile.apk: apk']);
    const split = await walkFile('VNeID.xapk', await zip({ 'manifest.json': '{}', 'vn.gov.vneid.apk': app }));
    expect(dangerous(split)).toEqual(['VNeID.xapk → vn.gov.vneid.apk: apk', 'VNeID.xapk: xapk']);
  });

  it('flags MSIX/AppX packages and iOS apps by their entries, and App Installer files by content', async () => {
    const msix = await zip({ '[Content_Types].xml': '<Types/>', 'AppxManifest.xml': '<Package/>', 'AppxBlockMap.xml': '<BlockMap/>', 'HoaDon.exe': p.makePe() });
    expect(dangerous(await walkFile('HoaDon.zip', msix))).toEqual(['HoaDon.zip: msix']);
    expect(dangerous(await walkFile('HoaDon.msix', msix))).toEqual(['HoaDon.msix: msix']);
    expect(dangerous(await walkFile('app.zip', await zip({ 'Payload/VNeID.app/Info.plist': PLAIN_PLIST, 'Payload/VNeID.app/VNeID': 'x' })))).toEqual(['app.zip: ipa']);
    expect(dangerous(await walkFile('HoaDon.appinstaller', APP_INSTALLER))).toEqual(['HoaDon.appinstaller: appinstaller']);
    expect(dangerous(await walkFile('HoaDon.xml', APP_INSTALLER))).toEqual(['HoaDon.xml: appinstaller,disguised']);
  });

  it('flags a macOS app bundle, installer or Terminal script in a zip', async () => {
    const bundle = await walkFile('Hoa-Don.zip', await zip({ 'Hoa Don.app/Contents/Info.plist': PLAIN_PLIST, 'Hoa Don.app/Contents/MacOS/Hoa Don': '#!/bin/bash\necho inert\n' }));
    expect(dangerous(bundle)).toEqual(['Hoa-Don.zip: app']);
    const xar = Buffer.concat([Buffer.from('xar!', 'latin1'), Buffer.from([0, 28, 0, 1]), Buffer.alloc(40)]);
    expect(dangerous(await walkFile('bang-luong.pdf', xar))).toEqual(['bang-luong.pdf: xar,disguised']);
    expect(dangerous(await walkFile('a.zip', await zip({ 'mo-tai-lieu.command': '#!/bin/sh\necho inert\n', 'cai-dat.sh': 'echo inert\n' })))).toEqual([
      'a.zip → cai-dat.sh: sh',
      'a.zip → mo-tai-lieu.command: command',
    ]);
  });

  it('leaves a zip of documents, an OOXML document and an OpenDocument alone', async () => {
    const docs = await zip({ 'bao-cao.pdf': p.makePdf(), 'ghi-chu.txt': 'Kính gửi', 'bang.csv': 'a,b\n1,2\n' });
    expect(dangerous(await walkFile('ho-so.zip', docs))).toEqual([]);
    expect(await walkFile('bao-cao.docx', await p.makeWordDocument())).toEqual([]);
  });
});

describe('Windows types of the blocked lists', () => {
  it('flags each extension of Outlook and Gmail blocked lists that malspam has used, also inside a zip', async () => {
    const names = ['ket-noi.rdp', 'sandbox.wsb', 'cap-nhat.msu', 'chan-doan.diagcab', 'goi.ppkg', 'giao-dien.theme', 'giao-dien.themepack', 'a.deskthemepack',
      'bao-cao.py', 'bao-cao.pyw', 'app.pyz', 'co-so.mde', 'co-so.accde', 'co-so.ade', 'co-so.adp', 'bang.maq', 'bang.mam', 'bang.mar', 'bang.maf',
      'console.psc1', 'mau.shs', 'ie.ins', 'cai-dat.cab', 'run.desktop', 'x.pkg', 'x.ipa', 'x.apks'];
    for (const name of names) {
      expect(dangerous(await walkFile(name, Buffer.from('inert test content\r\n'))), name).toHaveLength(1);
    }
    const inZip = await walkFile('tai-lieu.zip', await zip({ 'ket-noi.rdp': 'full address:s:198.51.100.7\r\n', 'giao-dien.theme': '[Theme]\r\n' }));
    expect(dangerous(inZip)).toEqual(['tai-lieu.zip → giao-dien.theme: theme', 'tai-lieu.zip → ket-noi.rdp: rdp']);
  });

  it("tags an internet shortcut's target: a share over WebDAV, a file, a Windows search", async () => {
    const dav = await walkFile('hoa-don.url', makeUrlShortcut('file://198.51.100.23@SSL/DavWWWRoot/hoa-don.lnk'));
    expect(dangerous(dav)).toEqual(['hoa-don.url: url,file-target,webdav']);
    const search = await walkFile('hoa-don.url', makeUrlShortcut('search-ms:query=hoa-don&crumb=location:\\\\198.51.100.23@SSL\\DavWWWRoot'));
    expect(dangerous(search)).toEqual(['hoa-don.url: url,webdav,search-ms']);
    // a shortcut to a web site is still a shortcut (its icon may come from a share): stripped, no target tag
    expect(dangerous(await walkFile('trang-web.url', makeUrlShortcut('https://dichvucong.gov.vn/')))).toEqual(['trang-web.url: url']);
    const icon = Buffer.from('[InternetShortcut]\r\nURL=https://dichvucong.gov.vn/\r\nIconFile=\\\\198.51.100.23\\share\\icon.ico\r\n');
    expect(dangerous(await walkFile('trang-web.website', icon))).toEqual(['trang-web.website: website,remote-icon']);
  });
});

describe('certificates', () => {
  it("reports a certification authority's certificate, PEM or DER, and not a person's", async () => {
    const root = await walkFile('chung-thu-goc.cer', CA_PEM);
    expect(root.map((f) => `${f.kind} ${(f.tags ?? []).join(',')}`)).toEqual(['attachment.certificate cer,ca,self-signed']);
    expect((await walkFile('root.crt', derOf(CA_PEM))).map((f) => f.kind)).toEqual(['attachment.certificate']);
    expect(await walkFile('nhan-vien.cer', LEAF_PEM)).toEqual([]);
    expect(await walkFile('nhan-vien.der', derOf(LEAF_PEM))).toEqual([]);
    expect(await walkFile('hong.cer', Buffer.from('not a certificate'))).toEqual([]);
  });
});

// ---- whole messages under the shipped policy ----
const verdict = shippedPolicyVerdicts({ clamd: fakeClamd() });

function mail(parts: { name: string; type?: string; data: Buffer }[]): string {
  const b = '----=_types_b';
  const lines = ['From: Phong Hanh chinh <hanhchinh@congty.example>', 'To: nhan.vien@lachan.test', 'Subject: Tai lieu', 'Date: Mon, 4 Nov 2024 08:00:00 +0700',
    'Message-ID: <types@congty.example>', 'MIME-Version: 1.0', `Content-Type: multipart/mixed; boundary="${b}"`, '', `--${b}`,
    'Content-Type: text/plain; charset=utf-8', '', 'Kính gửi anh/chị, gửi tài liệu đính kèm. Trân trọng.'];
  for (const part of parts) {
    lines.push(`--${b}`, `Content-Type: ${part.type ?? 'application/octet-stream'}; name="${part.name}"`, `Content-Disposition: attachment; filename="${part.name}"`,
      'Content-Transfer-Encoding: base64', '', part.data.toString('base64').replace(/.{76}/g, '$&\r\n'));
  }
  lines.push(`--${b}--`, '');
  return lines.join('\r\n');
}

describe('under the shipped policy', () => {
  it('removes a profile and an Android app with a banner saying what they are, in Vietnamese and English', async () => {
    const v = await verdict(mail([{ name: 'VNeID.mobileconfig', data: PROFILE }, { name: 'VNeID.zip', type: 'application/zip', data: await apk() }]));
    expect(v.rules).toContain('dangerous-attachment');
    expect(v.strip).toHaveLength(2);
    expect(v.reasons.join('\n')).toMatch(/hồ sơ cấu hình/);
    expect(v.reasons.join('\n')).toMatch(/ứng dụng Android/);
    expect(v.reasonsEn.join('\n')).toMatch(/configuration profile/);
  });

  it("warns about a root certificate and leaves a person's certificate, a signature and documents alone", async () => {
    const root = await verdict(mail([{ name: 'VGCA-Root.cer', type: 'application/pkix-cert', data: CA_PEM }]));
    expect(root.rules.filter((r) => r !== 'external-sender')).toEqual(['ca-certificate-attachment']);
    expect(root.warning).toBe(true);
    expect(root.strip).toEqual([]);
    const ham = await verdict(mail([
      { name: 'nhan-vien.cer', type: 'application/pkix-cert', data: LEAF_PEM },
      { name: 'smime.p7s', type: 'application/pkcs7-signature', data: Buffer.from('3082010006092a864886f70d010702', 'hex') },
      { name: 'bao-cao.pdf', type: 'application/pdf', data: p.makePdf() },
      { name: 'bao-cao.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', data: await p.makeWordDocument() },
      { name: 'ho-so.zip', type: 'application/zip', data: await zip({ 'a.pdf': p.makePdf(), 'b.txt': 'Kính gửi' }) },
      { name: 'lich-hop.ics', type: 'text/calendar', data: Buffer.from('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Họp giao ban\r\nDTSTART:20241105T020000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n') },
      { name: 'lien-he.vcf', type: 'text/vcard', data: Buffer.from('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Nguyễn Văn A\r\nEND:VCARD\r\n') },
      { name: 'Info.plist', type: 'application/xml', data: PLAIN_PLIST },
    ]));
    expect(ham.rules.filter((r) => r !== 'external-sender')).toEqual([]);
    expect(ham.strip).toEqual([]);
  });
});
