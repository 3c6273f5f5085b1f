#!/usr/bin/env node
// Rebuilds the attachment fixtures (*.eml in this folder) from payloads.mjs, office-payloads.mjs and
// sealed-payloads.mjs (committed bytes; build-sealed-payloads.ts says how they were made):
//   node test-fixtures/attachments/generate.mjs
// The output is deterministic (fixed dates, boundaries and message ids), so a rebuild that changes
// nothing leaves git clean. Each fixture says in its X-Lachan-Fixture header what it is for.
import { writeFileSync, readdirSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as p from './payloads.mjs';
import * as calendar from '../calendar-invites.mjs';
import * as office from './office-payloads.mjs';
import * as sealed from './sealed-payloads.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));

const encWord = (s) => (/^[\x20-\x7e]*$/.test(s) ? s : `=?UTF-8?B?${Buffer.from(s).toString('base64')}?=`);
const quoted = (s) => `"${s.replace(/["\\]/g, '\\$&')}"`;

function filenameParams(name) {
  if (/^[\x20-\x7e]*$/.test(name)) return { ct: `name=${quoted(name)}`, cd: `filename=${quoted(name)}` };
  const pct = [...Buffer.from(name)].map((b) => (/[A-Za-z0-9._-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
  return { ct: `name="${encWord(name)}"`, cd: `filename*=UTF-8''${pct}` };
}

function base64Lines(buf) {
  return buf.toString('base64').replace(/.{1,76}/g, '$&\r\n');
}

/** One message: a short Vietnamese text body and the given attachments. */
function eml({ id, purpose, subject, body, attachments, html }) {
  const boundary = `----=_lachan_${id}`;
  const lines = [
    `From: ${encWord('Phòng Kế toán')} <ke.toan@sender.example>`,
    'To: nhan.vien@lachan.test',
    `Subject: ${encWord(subject)}`,
    'Date: Mon, 15 Jan 2024 08:00:00 +0700',
    `Message-ID: <${id}@fixtures.lachan.test>`,
    `X-Lachan-Fixture: ${purpose}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    'This is a multi-part message in MIME format.',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(Buffer.from(body)).trimEnd(),
  ];
  if (html) {
    lines.push(`--${boundary}`, 'Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: base64', '', base64Lines(Buffer.from(html)).trimEnd());
  }
  for (const a of attachments) {
    const fp = filenameParams(a.name);
    lines.push(
      `--${boundary}`,
      `Content-Type: ${a.type}; ${fp.ct}`,
      `Content-Disposition: attachment; ${fp.cd}`,
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(a.data).trimEnd(),
    );
  }
  lines.push(`--${boundary}--`, '');
  return lines.join('\r\n');
}

const BODY = 'Kính gửi anh/chị,\n\nGửi kèm tài liệu. Vui lòng xem tệp đính kèm.\n\nTrân trọng.\n';
/** The body of the fixtures whose archive is locked with the password it gives (passwords.ts reads it). */
const BODY_WITH_PASSWORD = 'Kính gửi anh/chị,\n\nGửi kèm hồ sơ nén.\nMật khẩu giải nén: 2468\n\nTrân trọng.\n';

/** The body of the fixtures whose PDF opens with the password it gives. */
const BODY_WITH_PDF_PASSWORD = 'Kính gửi anh/chị,\n\nGửi kèm hồ sơ thuế.\nMật khẩu mở tệp: 2468\n\nTrân trọng.\n';

/** Text that compresses poorly (deterministic), so a cut gzip stops in the middle of it. */
function noise(n) {
  const words = ['Kính', 'gửi', 'báo', 'cáo', 'quý', 'tài', 'chính', 'số', 'liệu', 'ngân', 'sách', 'tỉnh'];
  let x = 12345;
  const out = [];
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(words[x % words.length], String(x % 9973));
  }
  return Buffer.from(out.join(' '));
}

/** A meeting request (Exchange style) carrying `files` inline: ATTACH;ENCODING=BASE64;VALUE=BINARY with X-FILENAME. */
function inviteIcs(files) {
  const props = [
    'ORGANIZER;CN=Phong Ke toan:mailto:ke.toan@sender.example',
    'ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:nhan.vien@lachan.test',
    'UID:040000008200E00074C5B7101A82E00800000000A1B2C3D4@sender.example',
    'SUMMARY;LANGUAGE=vi-VN:Hop giao ban tuan',
    'LOCATION;LANGUAGE=vi-VN:Phong hop so 2',
    'DTSTART;TZID=SE Asia Standard Time:20240116T090000',
    'DTEND;TZID=SE Asia Standard Time:20240116T100000',
    'DTSTAMP:20240115T010000Z',
  ];
  const attached = files.map((f) => calendar.inlineFile(`FMTTYPE=${f.type};ENCODING=BASE64;VALUE=BINARY;X-FILENAME=${f.name}`, f.data));
  return Buffer.from(calendar.ics(attached, { prodid: 'Microsoft Exchange Server 2010', props }));
}

/** The body of the calendar fixtures: a meeting request whose agenda is in the invitation. */
const BODY_INVITE = 'Kính mời anh/chị dự họp giao ban tuần.\nTài liệu họp đính kèm trong lời mời.\n\nTrân trọng.\n';

async function fixtures() {
  const eicarZip = await p.makeZip({ 'eicar.com': p.EICAR });
  const eicarTar = p.makeTar({ 'tai-lieu/eicar.com': p.EICAR });
  const reportTgz = p.makeGzip(p.makeTar({ 'bao-cao-quy.txt': noise(6000) }));
  return [
    ['eicar-plain', 'EICAR test file as eicar.com: attachment.virus + dangerous-type', [{ name: 'eicar.com', type: 'application/octet-stream', data: p.EICAR }]],
    ['eicar-zipped', 'EICAR inside a zip: attachment.virus on the member', [{ name: 'tai-lieu.zip', type: 'application/zip', data: eicarZip }]],
    ['eicar-zip-in-zip', 'EICAR in a zip in a zip: found by our walk and by clamd', [{ name: 'ho-so.zip', type: 'application/zip', data: await p.makeZip({ 'ben-trong/eicar.zip': eicarZip }) }]],
    ['eicar-encrypted-zip', 'EICAR in a ZipCrypto-encrypted zip (password "infected"): attachment.encrypted', [{ name: 'bao-mat.zip', type: 'application/zip', data: p.makeEncryptedZip('eicar.com', p.EICAR, 'infected') }]],
    ['exe-renamed-pdf', 'a PE executable named .pdf and declared application/pdf: type-mismatch + dangerous-type', [{ name: 'hoa-don-thang-10.pdf', type: 'application/pdf', data: p.makePe() }]],
    ['double-extension', 'hoa-don.pdf.exe: double-extension + dangerous-type', [{ name: 'hoa-don.pdf.exe', type: 'application/octet-stream', data: p.makePe() }]],
    ['rtlo-name', 'photo<U+202E>gpj.exe shows as photoexe.jpg: attachment.rtlo + dangerous-type', [{ name: 'photo\u202Egpj.exe', type: 'image/jpeg', data: p.makePe() }]],
    ['macro-docm', 'a .docm with word/vbaProject.bin: attachment.macro', [{ name: 'bao-cao.docm', type: 'application/vnd.ms-word.document.macroEnabled.12', data: await p.makeWordDocument({ macros: true }) }]],
    ['macro-ole-doc', 'a legacy .doc (OLE) with a Macros/VBA storage: attachment.macro', [{ name: 'cong-van.doc', type: 'application/msword', data: p.makeOleDocWithMacros() }]],
    ['html-credential-form', 'an HTML login page posting a password to an external host: attachment.html-form', [{ name: 'dang-nhap.html', type: 'text/html', data: p.makeCredentialHtml() }]],
    ['zip-bomb', 'a 20 MB entry of zeros compressed about 1000:1: attachment.archive-limit (ratio)', [{ name: 'bao-cao-nam.zip', type: 'application/zip', data: await p.makeZipBomb() }]],
    ['rar-archive', 'a RAR header: attachment.uninspectable', [{ name: 'tai-lieu.rar', type: 'application/x-rar-compressed', data: p.makeRarHeader() }]],
    ['sevenzip-archive', 'a 7-Zip header: attachment.uninspectable', [{ name: 'tai-lieu.7z', type: 'application/x-7z-compressed', data: p.make7zHeader() }]],
    ['corrupt-zip', 'a zip cut in half: attachment.uninspectable (corrupt zip)', [{ name: 'hong.zip', type: 'application/zip', data: eicarZip.subarray(0, Math.floor(eicarZip.length / 2)) }]],
    ['clean-pdf', 'a harmless PDF: no attachment findings', [{ name: 'thong-bao.pdf', type: 'application/pdf', data: p.makePdf() }]],
    ['clean-docx', 'a harmless Word document: no attachment findings', [{ name: 'ke-hoach.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', data: await p.makeWordDocument() }]],
    ['marker', 'a text file with our own test marker: attachment.virus Lachan.Test.Marker', [{ name: 'ghi-chu.txt', type: 'text/plain', data: Buffer.from(`Ghi chú nội bộ.\n${p.MARKER}\n`) }]],
    ['eicar-gz', 'EICAR gzipped as eicar.com.gz: attachment.virus on the inflated member', [{ name: 'eicar.com.gz', type: 'application/gzip', data: p.makeGzip(p.EICAR) }]],
    ['eicar-tar', 'EICAR in a tar: attachment.virus on the member', [{ name: 'tai-lieu.tar', type: 'application/x-tar', data: eicarTar }]],
    ['eicar-tgz', 'EICAR in a .tgz (gzip → tar → eicar.com): attachment.virus on the member', [{ name: 'ho-so.tgz', type: 'application/gzip', data: p.makeGzip(eicarTar) }]],
    ['double-extension-tar', 'hoa-don.pdf.exe inside a tar: double-extension + dangerous-type on the member', [{ name: 'hoa-don.tar', type: 'application/x-tar', data: p.makeTar({ 'hoa-don.pdf.exe': p.makePe() }) }]],
    ['gzip-bomb', '20 MB of zeros gzipped about 1000:1: attachment.archive-limit (ratio), inflating stopped early', [{ name: 'bao-cao-nam.txt.gz', type: 'application/gzip', data: p.makeGzipBomb() }]],
    ['truncated-tgz', 'a .tgz cut in half: attachment.uninspectable (corrupt gzip, corrupt tar)', [{ name: 'bao-cao-quy.tgz', type: 'application/gzip', data: reportTgz.subarray(0, reportTgz.length >> 1) }]],
    ['macro-xls-xlm', 'a legacy .xls with a hidden Excel 4.0 macro sheet and an Auto_Open name: attachment.macro (xlm)', [{ name: 'bang-luong.xls', type: 'application/vnd.ms-excel', data: p.makeXls({ macroSheet: 'hidden' }) }]],
    ['clean-xls', 'a legacy .xls with worksheets only: no attachment findings', [{ name: 'so-lieu.xls', type: 'application/vnd.ms-excel', data: p.makeXls() }]],
    ['pdf-javascript-openaction', 'a PDF running JavaScript on opening (/OpenAction → /JavaScript): attachment.pdf-active (javascript-on-open)', [{ name: 'cong-van-khan.pdf', type: 'application/pdf', data: p.makeJavaScriptPdf() }]],
    ['pdf-lookalike-link', 'a PDF whose only content is a link to a gov.vn lookalike login page: url.lookalike on the PDF', [{ name: 'thong-bao-thue.pdf', type: 'application/pdf', data: p.makeLinkPdf('https://dichvucong.gov-vn.com/dang-nhap?ma=2024') }]],
    // PDF references and encryption, HTML smuggling and loaders (pdf.ts, pdf-crypt.ts, html-script.ts)
    ['pdf-indirect-uri', 'a PDF link whose /A action and /URI are both indirect objects, to a gov.vn lookalike: url.lookalike on the PDF', [{ name: 'ho-so-dinh-danh.pdf', type: 'application/pdf', data: p.makeIndirectLinkPdf('https://vneid.gov-vn.com/xac-thuc?ma=2024') }]],
    ['pdf-indirect-action', 'a PDF link running an action object (/A 5 0 R) that submits to a blocked host named by reference: attachment.pdf-active (submit-form) + url.listed', [{ name: 'to-khai.pdf', type: 'application/pdf', data: p.makeIndirectActionPdf('SubmitForm', 'https://blocked.lachan.invalid/thu-thap') }]],
    ['pdf-encrypted-permissions', 'an AES-128 encrypted PDF that opens without a password (copying restricted), with a link to dichvucong.gov.vn: read in full, no findings', [{ name: 'quyet-dinh.pdf', type: 'application/pdf', data: p.makePermissionsOnlyPdf('https://dichvucong.gov.vn/') }]],
    ['pdf-encrypted-password', 'an AES-256 encrypted PDF that needs a password: attachment.encrypted (pdf, password)', [{ name: 'sao-ke.pdf', type: 'application/pdf', data: p.makePermissionsOnlyPdf('https://dichvucong.gov.vn/', { revision: 6, userPassword: 'Sk-4817' }) }]],
    ['html-smuggling-zip', 'HTML smuggling: a page rebuilding a zip (a text file inside) from base64 with atob + Blob + msSaveOrOpenBlob: attachment.html-smuggling', [{ name: 'hoa-don-dien-tu.html', type: 'text/html', data: await p.makeSmugglingHtml() }]],
    ['html-redirect-recipient', "a page whose script redirects to a remote sign-in page with the recipient's address in base64: attachment.html-loader (obfuscated-redirect)", [{ name: 'tai-lieu-chia-se.htm', type: 'text/html', data: p.makeRedirectHtml('nhan.vien@lachan.test') }]],
    ['html-report-script', 'an ordinary exported report with a small inline sorting script: attachment.html-form (script) as any page with a script, nothing more', [{ name: 'bao-cao-giai-ngan.html', type: 'text/html', data: p.makeReportHtml() }]],
    // Office documents without macros (office-payloads.mjs): RTF objects, OLE packages, OOXML external relationships
    ['rtf-equation-editor', 'an RTF with an Equation.3 object in obfuscated hex, updated on opening (Royal Road shape, no exploit code): attachment.exploit', [{ name: 'cong-van-so-15.doc', type: 'application/msword', data: office.makeEquationRtf() }]],
    ['rtf-package-exe', 'an RTF with an OLE Package object carrying "invoice.exe" (a line of text): attachment.embedded-object (executable)', [{ name: 'hoa-don.rtf', type: 'application/rtf', data: office.makePackageRtf('invoice.exe') }]],
    ['clean-rtf', 'a harmless RTF with an embedded Excel chart: no attachment findings', [{ name: 'bao-cao.rtf', type: 'application/rtf', data: office.makeCleanRtf() }]],
    ['docx-remote-template', 'a .docx whose settings.xml.rels loads its template from https://office-templates.example.net (template injection): attachment.external-object', [{ name: 'ke-hoach-2024.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', data: await office.makeRemoteTemplateDocx() }]],
    ['docx-mhtml-oleobject', 'a .docx with an external oleObject relationship to an mhtml: target (CVE-2021-40444 shape): attachment.exploit', [{ name: 'thong-bao.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', data: await office.makeMhtmlOleDocx() }]],
    ['docx-hyperlink', 'a harmless .docx with an ordinary external hyperlink and a template on the author\'s C: drive: no attachment findings', [{ name: 'ke-hoach.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', data: await office.makeHyperlinkDocx() }]],
    ['ole-doc-package', 'a legacy .doc whose ObjectPool holds an OLE Package (\\x01Ole10Native) carrying "huong-dan.js": attachment.embedded-object (executable)', [{ name: 'huong-dan.doc', type: 'application/msword', data: office.makeOleDocWithPackage('huong-dan.js') }]],
    // Locked archives and documents, TNEF and single streams (sealed-payloads.mjs: bytes made once by
    // 7z, bzip2, xz and the test-only encryptors, see build-sealed-payloads.ts)
    ['sevenzip-password-eicar', 'EICAR in a 7z with encrypted entries, "Mật khẩu giải nén: 2468" in the body: opened with it, attachment.virus on the member', [{ name: 'ho-so-thue.7z', type: 'application/x-7z-compressed', data: sealed.SEVENZIP_EICAR_2468 }], BODY_WITH_PASSWORD],
    ['sevenzip-hidden-names-docm', 'a .docm with macros in a 7z whose names are encrypted too (-mhe=on), password 2468 in the body: opened, attachment.macro on the member', [{ name: 'tai-lieu-mat.7z', type: 'application/x-7z-compressed', data: sealed.SEVENZIP_HIDDEN_DOCM_2468 }], BODY_WITH_PASSWORD],
    ['office-velvetsweatshop-xlsm', 'an .xlsm (VBA project, XLM macro sheet) encrypted with Excel\'s default password VelvetSweatshop (Agile AES-256): attachment.encrypted (default-password) + attachment.macro', [{ name: 'bang-ke-luong.xlsm', type: 'application/vnd.ms-excel.sheet.macroEnabled.12', data: sealed.XLSM_VELVET_AGILE }]],
    ['xls-rc4-velvetsweatshop', 'a legacy .xls with a hidden Excel 4.0 macro sheet and Auto_Open, RC4-encrypted with VelvetSweatshop: attachment.encrypted (default-password) + attachment.macro (xlm)', [{ name: 'bang-luong-quy.xls', type: 'application/vnd.ms-excel', data: sealed.XLS_VELVET_RC4 }]],
    ['pdf-password-eicar-embedded', 'an AES-256 PDF (qpdf) carrying eicar.com as an embedded file, "Mật khẩu mở tệp: 2468" in the body: opened, its decrypted copy and eicar.com inside sent to clamd: attachment.virus', [{ name: 'ho-so-thue.pdf', type: 'application/pdf', data: sealed.PDF_EICAR_EMBEDDED_2468 }], BODY_WITH_PDF_PASSWORD],
    ['tnef-exe', 'a winmail.dat (TNEF) carrying thong-bao.pdf and hoa-don-dien-tu.exe: attachment.dangerous-type on the program inside', [{ name: 'winmail.dat', type: 'application/ms-tnef', data: sealed.WINMAIL_EXE }]],
    ['bzip2-exe', 'hoa-don.exe.bz2, one bzip2 stream of a program: attachment.dangerous-type on hoa-don.exe', [{ name: 'hoa-don.exe.bz2', type: 'application/x-bzip2', data: sealed.BZIP2_EXE }]],
    ['xz-exe', 'bien-lai.exe.xz, one xz stream of a program: attachment.dangerous-type on bien-lai.exe', [{ name: 'bien-lai.exe.xz', type: 'application/x-xz', data: sealed.XZ_EXE }]],
    // Files carried inline in a calendar invitation (ATTACH;VALUE=BINARY, parse/calendar-files.ts): each is an attachment of its own (invite.ics → a1.c1)
    ['calendar-eicar', 'a meeting request (invite.ics) carrying eicar.com inline (ATTACH;ENCODING=BASE64;VALUE=BINARY): attachment.virus + dangerous-type on invite.ics → eicar.com', [{ name: 'invite.ics', type: 'text/calendar', data: inviteIcs([{ name: 'eicar.com', type: 'application/octet-stream', data: p.EICAR }]) }], BODY_INVITE],
    ['calendar-exe', 'a meeting request (invite.ics) carrying a PE program named invoice.pdf.exe inline: attachment.double-extension + dangerous-type, quarantined', [{ name: 'invite.ics', type: 'text/calendar', data: inviteIcs([{ name: 'invoice.pdf.exe', type: 'application/pdf', data: p.makePe() }]) }], BODY_INVITE],
    ['calendar-clean-pdf', 'a meeting request (invite.ics) carrying a harmless agenda PDF inline: no attachment findings', [{ name: 'invite.ics', type: 'text/calendar', data: inviteIcs([{ name: 'chuong-trinh-hop.pdf', type: 'application/pdf', data: p.makePdf('Chương trình họp giao ban') }]) }], BODY_INVITE],
  ];
}

const list = await fixtures();
for (const f of readdirSync(HERE)) if (f.endsWith('.eml')) unlinkSync(join(HERE, f));
for (const [id, purpose, attachments, body = BODY] of list) {
  const text = eml({ id, purpose, subject: `Tài liệu: ${attachments.map((a) => a.name).join(', ')}`, body, attachments });
  writeFileSync(join(HERE, `${id}.eml`), text);
}
console.log(`wrote ${list.length} fixtures to ${HERE}`);
