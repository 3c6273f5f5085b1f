import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as o from '../../../test-fixtures/attachments/office-payloads.mjs';
import * as p from '../../../test-fixtures/attachments/payloads.mjs';
import { ensureDebianPackages } from '../../test/support/debian.js';
import { makeIso, makeLibraryMs, makeLnk, makeSearchMs, makeUrlShortcut, makeVhd, makeVhdx } from './attachments/chain-fixtures.js';
import { createClamdClient } from './attachments/clamd.js';
import { makeOneNote } from './attachments/lure-fixtures.js';
import { fakeClamd } from './attachments/test-helpers.js';
import { shippedPolicyVerdicts } from './shipped-verdict.js';

/**
 * The delivery chains of current malspam (2023–2026), built inert and sent as whole messages
 * through the real parser, every scanner but sender authentication and the shipped policy — the
 * same evaluation as the SMTP path. ClamAV is the test clamd with our tiny signature set (as good
 * as no signatures for these files), so what holds each chain is the heuristics, never a
 * signature: each must be held (quarantine or reject) or have its dangerous file stripped.
 * The sender and the text are those of an ordinary business mail: nothing else gives it away.
 */
const clamdUrl = inject('clamdUrl');
const clamd = clamdUrl ? createClamdClient(clamdUrl, { timeoutMs: 20_000 }) : fakeClamd();
afterAll(() => clamd.close());
const verdict = shippedPolicyVerdicts({ clamd });

let dir: string;
beforeAll(() => {
  ensureDebianPackages([{ pkg: 'p7zip-full', file: '/usr/bin/7z' }]);
  dir = mkdtempSync(path.join(tmpdir(), 'lachan-chains-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A 7z made by Debian's 7z, with `-p` (and `-mhe=on` for hidden names) when a password is given. */
function make7z(files: Record<string, Buffer>, password?: string, hideNames = false): Buffer {
  const work = mkdtempSync(path.join(dir, 'a-'));
  for (const [name, data] of Object.entries(files)) writeFileSync(path.join(work, name), data);
  const args = ['a', '-t7z', '-bd', ...(password ? [`-p${password}`] : []), ...(hideNames ? ['-mhe=on'] : []), 'out.7z', ...Object.keys(files)];
  const r = spawnSync('/usr/bin/7z', args, { cwd: work, timeout: 30_000 });
  if (r.status !== 0) throw new Error(`7z: ${r.stdout?.toString()} ${r.stderr?.toString()}`);
  return readFileSync(path.join(work, 'out.7z'));
}

interface Part {
  name: string;
  type?: string;
  data: Buffer;
}

/** A business-like message from an outside company: a subject, a text (plain or HTML) and attachments. */
function mail(opts: { subject?: string; text?: string; html?: string; parts?: Part[] }): string {
  const b = '----=_chain_b';
  const body = opts.html
    ? ['Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', opts.html]
    : ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', opts.text ?? 'Kính gửi anh/chị, công ty gửi hóa đơn tháng 10 đính kèm. Trân trọng.'];
  const lines = [
    'From: Phong Ke toan <ketoan@congty-thuongmai.example>',
    'To: nhan.vien@lachan.test',
    `Subject: ${opts.subject ?? 'Hoa don GTGT thang 10'}`,
    'Date: Mon, 4 Nov 2024 08:00:00 +0700',
    'Message-ID: <chain@congty-thuongmai.example>',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${b}"`,
    '',
    `--${b}`,
    ...body,
  ];
  for (const part of opts.parts ?? []) {
    const name = part.name;
    const encoded = /[^\x20-\x7e]/.test(name) ? `=?utf-8?B?${Buffer.from(name).toString('base64')}?=` : name;
    lines.push(
      `--${b}`,
      `Content-Type: ${part.type ?? 'application/octet-stream'}; name="${encoded}"`,
      `Content-Disposition: attachment; filename="${encoded}"`,
      'Content-Transfer-Encoding: base64',
      '',
      part.data.toString('base64').replace(/.{76}/g, '$&\r\n'),
    );
  }
  lines.push(`--${b}--`, '');
  return lines.join('\r\n');
}

const HELD = ['quarantine', 'reject'];
const HELD_OR_STRIPPED = ['quarantine', 'reject', 'strip'];

/**
 * The chain's verdict must be one of `allowed`; the rules and finding kinds are in the message when
 * it is not. A delivery that removes the attachment counts as 'strip' (every chain here has one).
 */
async function expectCaught(raw: string, allowed: string[] = HELD_OR_STRIPPED): Promise<void> {
  const v = await verdict(raw);
  const action = v.action === 'deliver' && v.strip.length > 0 ? 'strip' : v.action;
  expect(allowed, `action ${action}; rules ${v.rules.join(', ') || '-'}; kinds ${[...new Set(v.kinds)].join(', ')}`).toContain(action);
}

// ---- the inert payloads ----
const PE = p.makePe();
/** A DLL: the same PE with IMAGE_FILE_DLL set in its file header characteristics. */
const DLL = (() => {
  const b = Buffer.from(PE);
  b.writeUInt16LE(0x2102, 0x96);
  return b;
})();
const LNK = makeLnk();
const LNK_RUNDLL = makeLnk({ relativePath: '..\\..\\..\\Windows\\System32\\rundll32.exe', args: 'tai-lieu.dll,DllRegisterServer' });
const JS = Buffer.from('var s = WScript.CreateObject("WScript.Shell"); // inert test script\r\n', 'latin1');
const WSF = Buffer.from('<job id="a"><script language="JScript">var x = 1; // inert</script></job>\r\n', 'latin1');
const HTA = Buffer.from('<html><head><HTA:APPLICATION ID="a" WINDOWSTATE="minimize"><script language="VBScript">Dim x</script></head></html>\r\n', 'latin1');
const VBS = Buffer.from('Dim shell: Set shell = CreateObject("WScript.Shell") \' inert\r\n', 'latin1');
const BAT = Buffer.from('@echo off\r\nrem inert test batch\r\n', 'latin1');
const PS1 = Buffer.from('# inert test script\r\n$x = 1\r\n', 'latin1');
const ISO_LNK_DLL = makeIso({ 'hoa-don.lnk': LNK_RUNDLL, 'tai-lieu.dll': DLL });
const DAV = '\\\\198.51.100.23@SSL\\DavWWWRoot\\hoa-don';
const SEARCH_MS = `search-ms:query=hoa-don&crumb=location:${DAV}&displayname=H%C3%B3a%20%C4%91%C6%A1n`;

function zip(files: Record<string, Buffer | string>): Promise<Buffer> {
  return p.makeZip(files);
}

/** An .xlsm: the workbook parts and xl/vbaProject.bin. */
function makeXlsm(): Promise<Buffer> {
  const R = 'http://schemas.openxmlformats.org/package/2006/relationships';
  return zip({
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>',
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${R}"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>',
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${R}"><Relationship Id="rId9" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>`,
    'xl/vbaProject.bin': p.makeVbaStorage(),
  });
}

/** A page that rebuilds `payload` in the browser and saves it as `name`; `how` picks the variant. */
function smugglingPage(payload: Buffer, name: string, how: 'blob-link' | 'ms-save' | 'data-download' | 'atob-write' | 'split-array' | 'reversed' | 'svg'): Buffer {
  const b64 = payload.toString('base64');
  const save = `var bytes = new Uint8Array(bin.length); for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
var blob = new Blob([bytes], {type: 'application/octet-stream'});`;
  const click = `var a = document.createElement('a'); a.href = URL.createObjectURL(blob); a.download = '${name}'; document.body.appendChild(a); a.click();`;
  let script: string;
  switch (how) {
    case 'blob-link':
      script = `var bin = atob('${b64}');\n${save}\n${click}`;
      break;
    case 'ms-save':
      script = `var bin = window.atob("${b64}");\n${save}\nwindow.navigator.msSaveOrOpenBlob(blob, '${name}');`;
      break;
    case 'data-download':
      return Buffer.from(`<html><body><p>Đang tải tài liệu...</p><a id="d" href="data:application/octet-stream;base64,${b64}" download="${name}">Tải xuống</a><script>document.getElementById('d').click();</script></body></html>`);
    case 'atob-write':
      script = `var bin = atob("${b64}");\n${save}\nlocation.href = URL.createObjectURL(blob);`;
      break;
    case 'split-array': {
      const chunks = b64.match(/.{1,64}/g)!.map((c) => `"${c}"`);
      script = `var parts = [${chunks.join(',\n')}];\nvar bin = atob(parts.join(''));\n${save}\n${click}`;
      break;
    }
    case 'reversed':
      script = `var r = "${[...b64].reverse().join('')}";\nvar bin = atob(r.split('').reverse().join(''));\n${save}\n${click}`;
      break;
    case 'svg':
      return Buffer.from(
        `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><text x="20" y="40">Đang mở hóa đơn...</text>` +
          `<script type="application/ecmascript"><![CDATA[\nvar bin = atob('${b64}');\n${save}\n${click}\n]]></script></svg>\n`,
      );
  }
  return Buffer.from(`<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Hóa đơn</title></head><body><p>Đang tải hóa đơn...</p><script>\n${script}\n</script></body></html>\n`);
}

describe('disk images holding a shortcut and a DLL', () => {
  it('the ISO builder writes an image 7-Zip lists', () => {
    const f = path.join(dir, 'x.iso');
    writeFileSync(f, ISO_LNK_DLL);
    const r = spawnSync('/usr/bin/7z', ['l', f], { timeout: 30_000 });
    expect(r.stdout.toString()).toMatch(/HOA-DON\.LNK/);
    expect(r.stdout.toString()).toMatch(/TAI-LIEU\.DLL/);
  });
  it.each([
    ['hoa-don.iso', 'application/x-iso9660-image', () => ISO_LNK_DLL],
    ['hoa-don.img', 'application/octet-stream', () => ISO_LNK_DLL],
    ['hoa-don.pdf', 'application/pdf', () => ISO_LNK_DLL],
    ['hoa-don.vhd', 'application/octet-stream', () => makeVhd(ISO_LNK_DLL)],
    ['hoa-don.vhdx', 'application/octet-stream', () => makeVhdx(ISO_LNK_DLL)],
  ])('%s', async (name, type, data) => {
    await expectCaught(mail({ parts: [{ name, type, data: data() }] }));
  });
});

describe('zips of scripts, and of disk images', () => {
  it.each([
    ['hoa-don.js', JS],
    ['hoa-don.wsf', WSF],
    ['hoa-don.hta', HTA],
    ['hoa-don.vbs', VBS],
    ['hoa-don.bat', BAT],
    ['hoa-don.ps1', PS1],
    ['hoa-don.iso', ISO_LNK_DLL],
    ['hoa-don.lnk', LNK],
  ])('zip → %s', async (name, data) => {
    await expectCaught(mail({ parts: [{ name: 'hoa-don.zip', type: 'application/zip', data: await zip({ [name]: data }) }] }));
  });
});

describe('locked archives with the password in the message', () => {
  it('zip, password in the body', async () => {
    await expectCaught(mail({ text: 'Gửi anh hóa đơn. Mật khẩu giải nén: 8412', parts: [{ name: 'hoa-don.zip', data: p.makeEncryptedZip('hoa-don.js', JS, '8412') }] }));
  });
  it('zip, password in the subject', async () => {
    await expectCaught(mail({ subject: 'Hoa don thang 10 - pass: 8412', parts: [{ name: 'hoa-don.zip', data: p.makeEncryptedZip('hoa-don.lnk', LNK, '8412') }] }));
  });
  it('7z with hidden names, password in the body', async () => {
    await expectCaught(mail({ text: 'Invoice attached. Password: Inv2024', parts: [{ name: 'invoice.7z', data: make7z({ 'invoice.vbs': VBS }, 'Inv2024', true) }] }));
  });
  it('7z, password in the subject', async () => {
    await expectCaught(mail({ subject: 'Ho so du thau (mat khau 7788)', parts: [{ name: 'ho-so.7z', data: make7z({ 'ho-so.iso': ISO_LNK_DLL }, '7788') }] }));
  });
  it('zip whose password is in a picture (not in the text): never delivered clean', async () => {
    const v = await verdict(mail({ text: 'Mật khẩu trong ảnh đính kèm.', parts: [{ name: 'hoa-don.zip', data: p.makeEncryptedZip('hoa-don.js', JS, 'x9q2') }] }));
    expect(v.warning || HELD_OR_STRIPPED.includes(v.action), v.action).toBe(true);
  });
});

describe('HTML smuggling', () => {
  const zipLnk = () => zip({ 'hoa-don.lnk': LNK });
  it.each(['blob-link', 'ms-save', 'data-download', 'atob-write', 'split-array', 'reversed'] as const)('%s of a zip holding a shortcut', async (how) => {
    await expectCaught(mail({ parts: [{ name: 'hoa-don.html', type: 'text/html', data: smugglingPage(await zipLnk(), 'hoa-don.zip', how) }] }), HELD);
  });
  it('atob of a large string: an ISO image', async () => {
    await expectCaught(mail({ parts: [{ name: 'hoa-don.htm', type: 'text/html', data: smugglingPage(ISO_LNK_DLL, 'hoa-don.iso', 'blob-link') }] }), HELD);
  });
  it('SVG carrying a script that saves a zip', async () => {
    await expectCaught(mail({ parts: [{ name: 'hoa-don.svg', type: 'image/svg+xml', data: smugglingPage(await zipLnk(), 'hoa-don.zip', 'svg') }] }), HELD);
  });
  it('smuggling page inside a zip', async () => {
    await expectCaught(mail({ parts: [{ name: 'hoa-don.zip', data: await zip({ 'hoa-don.html': smugglingPage(await zipLnk(), 'hoa-don.zip', 'split-array') }) }] }));
  });
});

describe('OneNote, add-ins, shortcuts, installers', () => {
  it.each([
    ['.hta', HTA, 'open.hta'],
    ['.bat', BAT, 'open.bat'],
    ['.cmd', BAT, 'open.cmd'],
  ])('OneNote with an embedded %s', async (_, data, name) => {
    await expectCaught(mail({ parts: [{ name: 'hoa-don.one', data: makeOneNote([data], [name]) }] }));
  });
  it.each([
    ['bao-gia.xll', DLL],
    ['hoa-don.lnk', LNK],
    ['hoa-don.url', makeUrlShortcut('file://198.51.100.23@80/share/hoa-don.js')],
    ['hoa-don.website', makeUrlShortcut('file:\\\\198.51.100.23@SSL\\DavWWWRoot\\hoa-don.lnk')],
    ['hoa-don.library-ms', makeLibraryMs(DAV)],
    ['hoa-don.search-ms', makeSearchMs(DAV)],
    ['huong-dan.chm', Buffer.concat([Buffer.from('ITSF', 'latin1'), Buffer.from([3, 0, 0, 0, 0x60, 0, 0, 0]), Buffer.alloc(200)])],
    ['cai-dat.msi', o.makeCompoundFile({ '/\u0005SummaryInformation': Buffer.alloc(256) }, { clsid: '84100c0000000000c000000000000046' })],
    ['hoa-don.jar', null],
    ['cai-dat.msix', null],
    ['cai-dat.appx', null],
  ])('%s', async (name, data) => {
    const bytes = data ?? (await zip({ 'META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\r\nMain-Class: a.A\r\n', 'AppxManifest.xml': '<Package/>' }));
    await expectCaught(mail({ parts: [{ name, data: bytes }] }));
  });
});

describe('Office documents', () => {
  it('XLM 4.0 macros in an .xls', async () => {
    await expectCaught(mail({ parts: [{ name: 'bang-ke.xls', type: 'application/vnd.ms-excel', data: p.makeXls({ macroSheet: 'very-hidden' }) }] }));
  });
  it('VBA in a .docm', async () => {
    await expectCaught(mail({ parts: [{ name: 'hop-dong.docm', data: await p.makeWordDocument({ macros: true }) }] }));
  });
  it('VBA in an .xlsm', async () => {
    await expectCaught(mail({ parts: [{ name: 'bang-ke.xlsm', data: await makeXlsm() }] }));
  });
  it('VBA in a .doc', async () => {
    await expectCaught(mail({ parts: [{ name: 'hop-dong.doc', type: 'application/msword', data: p.makeOleDocWithMacros() }] }));
  });
  it('remote template (attachedTemplate to http)', async () => {
    await expectCaught(mail({ parts: [{ name: 'hop-dong.docx', data: await o.makeRemoteTemplateDocx('http://198.51.100.23/mau/bao-cao.dotm') }] }), HELD);
  });
  it.each(['ms-msdt:/id PCWDiagnostic /skip force /param "IT_RebrowseForFile=? IT_BrowseForFile=x"', SEARCH_MS])('relationship to %s (Follina-like)', async (target) => {
    const docx = await o.makeDocx({ document: [{ type: 'oleObject', target, external: true }] });
    await expectCaught(mail({ parts: [{ name: 'hop-dong.docx', data: docx }] }), HELD);
  });
  it('RTF with an Equation.3 object', async () => {
    await expectCaught(mail({ parts: [{ name: 'hop-dong.rtf', type: 'application/rtf', data: o.makeEquationRtf() }] }), HELD);
  });
});

describe('PDFs', () => {
  it('/Launch', async () => {
    await expectCaught(mail({ parts: [{ name: 'hoa-don.pdf', type: 'application/pdf', data: p.makeIndirectActionPdf('Launch') }] }), HELD);
  });
  it('/JavaScript and a link to a program on a raw IP', async () => {
    const pdf = p.pdfFromObjects([
      '<< /Type /Catalog /Pages 2 0 R /Names << /JavaScript << /Names [(a) 5 0 R] >> >> >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Annots [4 0 R] >>',
      '<< /Type /Annot /Subtype /Link /Rect [100 300 500 400] /A << /S /URI /URI (http://198.51.100.23/download/HoaDon.exe) >> >>',
      '<< /S /JavaScript /JS (var x = 1;) >>',
    ]);
    await expectCaught(mail({ parts: [{ name: 'hoa-don.pdf', type: 'application/pdf', data: pdf }] }), HELD);
  });
  it('a link to a program on a raw IP, nothing else', async () => {
    await expectCaught(mail({ parts: [{ name: 'hoa-don.pdf', type: 'application/pdf', data: p.makeLinkPdf('http://198.51.100.23/download/HoaDon.exe') }] }), HELD);
  });
});

describe('links in the body to a download', () => {
  it.each([
    'http://198.51.100.23/download/HoaDon_10.exe',
    'http://198.51.100.23:8080/files/HoaDon_10.zip',
    'https://hoadon-dientu.web.app/HoaDon_10.iso',
    'https://storage.googleapis.com/hd-2024/HoaDon_10.zip',
    'https://pub-3f9a.r2.dev/HoaDon_10.js',
  ])('%s', async (url) => {
    await expectCaught(mail({ html: `<p>Kính gửi anh/chị, hóa đơn tháng 10: <a href="${url}">tải hóa đơn</a>.</p>` }), HELD);
  });
  it.each([
    'https://cdn.discordapp.com/attachments/1122334455/6677889900/HoaDon_10.exe',
    'https://firebasestorage.googleapis.com/v0/b/hd-2024.appspot.com/o/docs%2FHoaDon_10.zip?alt=media&token=0f1e',
    'http://198.51.100.23/download.php?file=HoaDon_10.zip',
    'https://nam12.safelinks.protection.outlook.com/?url=http%3A%2F%2F198.51.100.23%2FHoaDon_10.exe&data=05%7C01',
  ])('%s', async (url) => {
    await expectCaught(mail({ html: `<p>Kính gửi anh/chị, hóa đơn tháng 10: <a href="${url}">tải hóa đơn</a>.</p>` }), HELD);
  });
  it('a plain-text link to a program on a raw IP', async () => {
    await expectCaught(mail({ text: 'Kính gửi anh/chị, tải hóa đơn tháng 10 tại http://198.51.100.23/HoaDon_10.exe' }), HELD);
  });
  it('an HTML attachment without script that refreshes to search-ms:', async () => {
    const page = Buffer.from(`<html><head><meta http-equiv="refresh" content="0;url=${SEARCH_MS}"></head><body>Đang mở hóa đơn...</body></html>`);
    await expectCaught(mail({ parts: [{ name: 'hoa-don.html', type: 'text/html', data: page }] }), HELD);
  });
  it('an HTML attachment without script linking to search-ms:', async () => {
    const page = Buffer.from(`<html><body><p>Hóa đơn đã sẵn sàng.</p><a href="${SEARCH_MS}">Xem hóa đơn</a></body></html>`);
    await expectCaught(mail({ parts: [{ name: 'hoa-don.html', type: 'text/html', data: page }] }), HELD);
  });
  it('a search-ms: link to a WebDAV share', async () => {
    await expectCaught(mail({ html: `<p>Hóa đơn: <a href="${SEARCH_MS}">Xem hóa đơn</a></p>` }), HELD);
  });
  it('a file: link to a WebDAV share', async () => {
    await expectCaught(mail({ html: '<p>Hóa đơn: <a href="file://198.51.100.23@SSL/DavWWWRoot/hoa-don.lnk">Xem hóa đơn</a></p>' }), HELD);
  });
  it('a UNC link to a WebDAV share', async () => {
    await expectCaught(mail({ html: `<p>Hóa đơn: <a href="${DAV}\\hoa-don.url">Xem hóa đơn</a></p>` }), HELD);
  });
});

describe('names and types that lie', () => {
  it('a .pdf.exe', async () => {
    await expectCaught(mail({ parts: [{ name: 'Hoa-don.pdf.exe', data: PE }] }), HELD);
  });
  it('an RLO name showing .pdf', async () => {
    await expectCaught(mail({ parts: [{ name: 'Hoa-don-\u202Efdp.exe', data: PE }] }), HELD);
  });
  it('a .docx that is a program', async () => {
    await expectCaught(mail({ parts: [{ name: 'hop-dong.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', data: PE }] }));
  });
});

describe('ordinary mail the new link checks leave alone', () => {
  const deliveredHtml = async (html: string, warning: boolean) => {
    const v = await verdict(mail({ html }));
    expect(v.action, v.rules.join(', ')).toBe('deliver');
    expect(v.warning, v.rules.join(', ')).toBe(warning);
  };
  it('a zip on the sender\u2019s own site: delivered, no banner', async () => {
    await deliveredHtml('<p>Hồ sơ mời thầu: <a href="https://www.congty-thuongmai.example/tai-lieu/ho-so-moi-thau.zip">tải về</a></p>', false);
  });
  it('a PDF on a raw IP is only the usual IP-link warning, not a download finding', async () => {
    const v = await verdict(mail({ html: '<p>Báo cáo: <a href="http://198.51.100.23/bao-cao.pdf">bao-cao.pdf</a></p>' }));
    expect(v.kinds).not.toContain('url.file-download');
    expect(v.action).toBe('deliver');
  });
  it('an installer on a named vendor site: a warning, not held', async () => {
    await deliveredHtml('<p>Phần mềm ký số: <a href="https://www.phanmem-kyso.example/download/KySo_Setup.exe">cài đặt</a></p>', true);
  });
  it('a shop page served by an ISAPI program (shop.dll?item=…): no download finding, no banner', async () => {
    await deliveredHtml('<p>Đặt hàng: <a href="https://www.cuahang-sach.example/scripts/shop.dll?item=495&amp;p=2">xem sản phẩm</a></p>', false);
  });
  it('a link to an internal file share: the usual file-link warning, not held', async () => {
    await deliveredHtml('<p>Báo cáo đặt tại <a href="file://fileserver/baocao/2024/thang10.xlsx">thư mục chung</a></p>', true);
  });
  it('an "Open in Word" link of a SharePoint notice: not a Windows-handler link', async () => {
    const v = await verdict(mail({ html: '<p><a href="ms-word:ofe|u|https://tinh.sharepoint.example/sites/vp/Shared%20Documents/ke-hoach.docx">Mở trong Word</a></p>' }));
    expect(v.rules).not.toContain('windows-share-link');
    expect(v.action).toBe('deliver');
  });
});
