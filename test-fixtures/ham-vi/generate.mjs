#!/usr/bin/env node
// Legitimate Vietnamese mail of the kinds a provincial office receives, for the false-positive guard
// (gateway/src/scan/ham-vi-messages.test.ts): every message here is ordinary work mail and must
// be delivered without a suspicion banner, except the few the test lists as intentionally flagged.
//   node test-fixtures/ham-vi/generate.mjs
// Everything is invented: people, numbers, codes and documents. Sender domains are plausible
// agency and company domains; links go to public government portals or to hosts under .example,
// and to a few public services (a shortener, Zoom, Google Forms/Drive) where the pattern needs them.
// The output is deterministic (fixed dates, boundaries and message ids): a rebuild that changes
// nothing leaves git clean. Each fixture says in its X-Lachan-Fixture header what it is.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as p from '../attachments/payloads.mjs';
import { addr, domainOf, eml, leaf, mimeBody, writeFixtures } from '../mime-builder.mjs';
import { ics as calendarIcs } from '../calendar-invites.mjs';
import * as office from '../attachments/office-payloads.mjs';

const require = createRequire(import.meta.url);
const iconv = require('iconv-lite');
const QRCode = require('qrcode');
const { PNG } = require('pngjs');
const jpeg = require('jpeg-js');

const HERE = dirname(fileURLToPath(import.meta.url));

// ---- encoding helpers (../mime-builder.mjs) ----------------------------------------------------
const TO = addr('Nguyễn Thị Lan', 'lan.nt@lachan.test');

/** Vietnamese text in windows-1258: vowels with their modifier precomposed, tone marks combining. */
function win1258(s) {
  const TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;
  const split = s.normalize('NFC').replace(/\p{L}/gu, (c) => {
    const d = c.normalize('NFD');
    const tones = (d.match(TONES) ?? []).join('');
    return d.replace(TONES, '').normalize('NFC') + tones;
  });
  return iconv.encode(split, 'windows1258');
}

/**
 * One message. `text` and/or `html` (html alone, or both as multipart/alternative), `inline`
 * pictures (multipart/related with the html), `attachments`, extra `headers`.
 */
function message(m) {
  const { id, from, cc, replyTo, subject, rawSubject, headers, purpose } = m;
  const messageId = `${id}.${m.domain ?? 'ham-vi'}@${domainOf(from, 'ham-vi.example')}`;
  const head = { from, to: m.to ?? TO, cc, replyTo, subject, rawSubject, date: m.date ?? 'Tue, 5 Nov 2024 08:15:00 +0700', messageId, headers, purpose };
  const { text, html, cte, textPart, inline, parts, attachments } = m;
  return eml(head, mimeBody({ id, text, html, cte, textPart, inline, parts, attachments }));
}

// ---- attachments made by code ------------------------------------------------------------------
const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A minimal .xlsx with one sheet of inline-string rows. */
function makeXlsx(rows) {
  const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const cells = rows
    .map((r, i) => `<row r="${i + 1}">${r.map((c, j) => (typeof c === 'number' ? `<c r="${String.fromCharCode(65 + j)}${i + 1}"><v>${c}</v></c>` : `<c r="${String.fromCharCode(65 + j)}${i + 1}" t="inlineStr"><is><t>${esc(c)}</t></is></c>`)).join('')}</row>`)
    .join('');
  const S = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return p.makeZip({
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    '_rels/.rels': office.relsXml([{ type: 'officeDocument', target: 'xl/workbook.xml' }]),
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${S}" xmlns:r="${R}"><sheets><sheet name="Biểu 01" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': office.relsXml([{ type: 'worksheet', target: 'worksheets/sheet1.xml' }]),
    'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${S}"><sheetData>${cells}</sheetData></worksheet>`,
  });
}

/** An e-invoice XML in the shape of the Vietnamese format (Thông tư 78/2021/TT-BTC, Decree 123). */
function invoiceXml({ so, ky, mst, ten, tien }) {
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<HDon><DLHDon Id="data"><TTChung><PBan>2.0.1</PBan><THDon>Hóa đơn giá trị gia tăng</THDon><KHMSHDon>1</KHMSHDon><KHHDon>${ky}</KHHDon><SHDon>${so}</SHDon><NLap>2024-11-04</NLap><DVTTe>VND</DVTTe></TTChung>` +
      `<NDHDon><NBan><Ten>${ten}</Ten><MST>${mst}</MST><DChi>Số 12 đường Lê Lợi, phường Điện Biên, TP Thanh Hóa</DChi></NBan><NMua><Ten>Văn phòng UBND tỉnh</Ten><MST>2800000000</MST></NMua>` +
      `<TToan><TgTCThue>${tien}</TgTCThue><TgTThue>${tien / 10}</TgTThue><TgTTTBSo>${tien * 1.1}</TgTTTBSo></TToan></NDHDon></DLHDon><MCCQT>00A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D6</MCCQT>` +
      `<DSCKS><NBan><Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo><Reference URI="#data"><DigestValue>bGFjaGFuLXRlc3QtZGlnZXN0</DigestValue></Reference></SignedInfo><SignatureValue>bGFjaGFuLXRlc3Qtc2lnbmF0dXJl</SignatureValue></Signature></NBan></DSCKS></HDon>\n`,
  );
}

/** A grey "scanned page" JPEG: a light page with a few darker text-like bands. */
function scannedJpeg(width = 420, height = 594) {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    const band = y > 60 && (y % 22) < 8 && y < height - 80;
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const ink = band && x > 40 && x < width - 40 - ((y * 7) % 90);
      const v = ink ? 70 + ((x * 13 + y * 7) % 40) : 236 + ((x + y) % 12);
      data[i] = data[i + 1] = data[i + 2] = v;
      data[i + 3] = 255;
    }
  }
  return jpeg.encode({ width, height, data }, 70).data;
}

/** A small logo PNG (a coloured square), as signatures and newsletters carry. */
function logoPng(r = 200, g = 30, b = 30) {
  const png = new PNG({ width: 48, height: 48 });
  for (let i = 0; i < png.data.length; i += 4) {
    png.data[i] = r;
    png.data[i + 1] = g;
    png.data[i + 2] = b;
    png.data[i + 3] = 255;
  }
  return PNG.sync.write(png);
}

function ics({ uid, summary, location, start, end, organizer, description }) {
  const esc = (s) => s.replace(/[\\;,]/g, '\\$&').replace(/\n/g, '\\n');
  const event = [
    `ORGANIZER;CN=${organizer.name}:mailto:${organizer.email}`,
    `ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Nguyễn Thị Lan:mailto:lan.nt@lachan.test`,
    `DESCRIPTION;LANGUAGE=vi-VN:${esc(description)}`,
    `DTSTART;TZID=SE Asia Standard Time:${start}`,
    `DTEND;TZID=SE Asia Standard Time:${end}`,
    `LOCATION;LANGUAGE=vi-VN:${esc(location)}`,
    'SEQUENCE:0',
    `SUMMARY;LANGUAGE=vi-VN:${esc(summary)}`,
    `UID:${uid}`,
    'DTSTAMP:20241104T010000Z',
    'BEGIN:VALARM',
    'TRIGGER:-PT15M',
    'ACTION:DISPLAY',
    'DESCRIPTION:Reminder',
    'END:VALARM',
  ];
  return calendarIcs(event, { prodid: '-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN', props: [] });
}

// ---- signatures ------------------------------------------------------------------------------
const SIG_SOTTTT = `--\nTrần Văn Hùng\nPhó Trưởng phòng Bưu chính, Viễn thông và Công nghệ thông tin\nSở Thông tin và Truyền thông tỉnh Thanh Hóa\nĐT: 0237.3 852 000 - DĐ/Zalo: 0912 000 345\nEmail: hungtv.stttt@thanhhoa.gov.vn`;
const SIG_LAN = `--\nNguyễn Thị Lan\nChuyên viên Phòng Tổng hợp - Văn phòng UBND tỉnh\nĐT: 0237 3 751 000 | Zalo: 0988 000 217`;

// ---- the messages ----------------------------------------------------------------------------
async function fixtures() {
  const list = [];
  const add = (m) => list.push(m);

  // 1. công văn with a PDF, plain text, from another department
  add({
    id: 'cong-van-pdf',
    purpose: 'official dispatch (công văn) from a department with the signed PDF attached',
    from: addr('Văn thư Sở Thông tin và Truyền thông', 'vanthu.stttt@thanhhoa.gov.vn'),
    subject: 'V/v triển khai Kế hoạch bảo đảm an toàn thông tin mạng năm 2025',
    text:
      'Kính gửi: Văn phòng UBND tỉnh\n\nSở Thông tin và Truyền thông gửi Công văn số 1875/STTTT-BCVT ngày 04/11/2024 về việc triển khai Kế hoạch bảo đảm an toàn thông tin mạng năm 2025 (có văn bản kèm theo).\n\n' +
      'Văn bản điện tử đã được ký số, đề nghị Quý cơ quan không gửi lại bản giấy.\n\nTrân trọng./.\n\n' +
      'Văn thư Sở Thông tin và Truyền thông\nĐịa chỉ: Số 9 Đại lộ Lê Lợi, TP Thanh Hóa',
    attachments: [{ type: PDF, name: '1875-STTTT-BCVT.signed.pdf', bytes: p.makePdf('Cong van so 1875/STTTT-BCVT ve an toan thong tin mang 2025') }],
  });

  // 2. công văn with DOCX + XLSX forms to fill in
  add({
    id: 'cong-van-bieu-mau',
    purpose: 'dispatch asking for a report, with a Word letter and an Excel form (xlsx)',
    from: addr('Phòng Kế hoạch - Tài chính', 'khtc.snv@thanhhoa.gov.vn'),
    cc: addr('Lãnh đạo Sở Nội vụ', 'lanhdao.snv@thanhhoa.gov.vn'),
    subject: 'Đề nghị báo cáo số lượng biên chế, hợp đồng lao động năm 2024 (hạn 15/11/2024)',
    text:
      'Kính gửi các cơ quan, đơn vị,\n\nThực hiện Công văn số 4521/BNV-TCBC của Bộ Nội vụ, Sở Nội vụ đề nghị các cơ quan, đơn vị báo cáo số lượng biên chế công chức, số lượng người làm việc và hợp đồng lao động năm 2024 theo biểu mẫu gửi kèm.\n\n' +
      'Báo cáo gửi về Sở Nội vụ trước ngày 15/11/2024 (bản điện tử gửi qua hộp thư khtc.snv@thanhhoa.gov.vn, bản ký số gửi qua hệ thống quản lý văn bản).\n\n' +
      'Mọi vướng mắc xin liên hệ đồng chí Lê Thị Mai, chuyên viên phòng KH-TC, ĐT 0237 3 852 111.\n\nTrân trọng cảm ơn!',
    attachments: [
      { type: DOCX, name: 'CV 2310-SNV-KHTC.docx', bytes: await office.makeDocx({ text: 'Đề nghị báo cáo số lượng biên chế năm 2024' }) },
      { type: XLSX, name: 'Bieu mau bao cao bien che 2024.xlsx', bytes: await makeXlsx([['STT', 'Đơn vị', 'Biên chế giao', 'Có mặt', 'HĐLĐ'], [1, 'Văn phòng', 25, 23, 4], [2, 'Phòng Tổng hợp', 12, 11, 1]]) },
    ],
  });

  // 3. giấy mời họp, Outlook-style HTML with the invitation PDF
  add({
    id: 'giay-moi-hop-outlook',
    purpose: 'meeting invitation (giấy mời) written in Outlook, HTML with MsoNormal, a signature logo and the PDF',
    from: addr('Phạm Minh Tuấn', 'tuanpm@sokhdt.thanhhoa.gov.vn'),
    subject: 'Giấy mời họp thẩm định hồ sơ dự án đầu tư xây dựng trường THCS Quảng Thịnh',
    html:
      '<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" xmlns="http://www.w3.org/TR/REC-html40">' +
      '<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><meta name="Generator" content="Microsoft Word 15 (filtered medium)">' +
      '<!--[if !mso]><style>v\\:* {behavior:url(#default#VML);} o\\:* {behavior:url(#default#VML);}</style><![endif]-->' +
      '<style><!-- p.MsoNormal, li.MsoNormal, div.MsoNormal {margin:0in; font-size:11.0pt; font-family:"Calibri",sans-serif;} span.EmailStyle17 {mso-style-type:personal-compose;} .MsoChpDefault {mso-style-type:export-only;} @page WordSection1 {size:8.5in 11.0in; margin:1.0in 1.0in 1.0in 1.0in;} div.WordSection1 {page:WordSection1;} --></style>' +
      '<!--[if gte mso 9]><xml><o:shapedefaults v:ext="edit" spidmax="1026" /></xml><![endif]--></head>' +
      '<body lang="EN-US" link="#0563C1" vlink="#954F72" style="word-wrap:break-word"><div class="WordSection1">' +
      '<p class="MsoNormal">Kính gửi: Văn phòng UBND tỉnh<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p>' +
      '<p class="MsoNormal">Sở Kế hoạch và Đầu tư trân trọng kính mời đại diện lãnh đạo Văn phòng UBND tỉnh tham dự cuộc họp thẩm định hồ sơ dự án đầu tư xây dựng Trường THCS Quảng Thịnh.<o:p></o:p></p>' +
      '<p class="MsoNormal">- Thời gian: <b>14h00 thứ Năm, ngày 07/11/2024</b>.<o:p></o:p></p><p class="MsoNormal">- Địa điểm: Phòng họp tầng 3, Sở Kế hoạch và Đầu tư, số 45 Đại lộ Lê Lợi.<o:p></o:p></p>' +
      '<p class="MsoNormal">Giấy mời chi tiết gửi kèm theo thư này.<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p>' +
      '<p class="MsoNormal"><span style="color:#1F3864">Trân trọng,<o:p></o:p></span></p>' +
      '<table class="MsoNormalTable" border="0" cellspacing="0" cellpadding="0"><tr><td style="padding:0in 5.4pt"><p class="MsoNormal"><img width="48" height="48" style="width:.5in;height:.5in" id="Picture_x0020_1" src="cid:image001.png@01DB2F4A.6C1B3E20" alt="Logo"><o:p></o:p></p></td>' +
      '<td style="padding:0in 5.4pt"><p class="MsoNormal"><b><span style="color:#1F3864">Phạm Minh Tuấn</span></b><o:p></o:p></p><p class="MsoNormal"><span style="font-size:9.0pt;color:#595959">Phòng Thẩm định - Sở Kế hoạch và Đầu tư tỉnh Thanh Hóa<br>ĐT: 0237 3 852 366 | DĐ: 0904 000 512</span><o:p></o:p></p></td></tr></table>' +
      '</div></body></html>',
    inline: [{ type: 'image/png', name: 'image001.png', cid: 'image001.png@01DB2F4A.6C1B3E20', bytes: logoPng(20, 60, 140) }],
    attachments: [{ type: PDF, name: 'Giay moi hop tham dinh 07.11.pdf', bytes: p.makePdf('Giay moi hop tham dinh du an truong THCS Quang Thinh') }],
  });

  // 4. calendar invitation (.ics) from Exchange
  const invite = ics({
    uid: '040000008200E00074C5B7101A82E00800000000A0B1C2D3E4F5DA01000000000000000010000000',
    summary: 'Họp giao ban công tác chuyển đổi số tháng 11',
    location: 'Phòng họp số 2, tầng 4 - Trụ sở UBND tỉnh',
    start: '20241108T080000',
    end: '20241108T100000',
    organizer: { name: 'Văn phòng Sở TTTT', email: 'vanphong.stttt@thanhhoa.gov.vn' },
    description: 'Kính mời các đồng chí dự họp giao ban chuyển đổi số. Tài liệu họp xem trên hệ thống quản lý văn bản.',
  });
  add({
    id: 'lich-hop-ics',
    purpose: 'Outlook/Exchange meeting request: text, a text/calendar method=REQUEST part and invite.ics',
    from: addr('Văn phòng Sở TTTT', 'vanphong.stttt@thanhhoa.gov.vn'),
    subject: 'Họp giao ban công tác chuyển đổi số tháng 11',
    text: 'Kính mời các đồng chí dự họp giao ban công tác chuyển đổi số tháng 11.\nThời gian: 8h00 thứ Sáu, 08/11/2024.\nĐịa điểm: Phòng họp số 2, tầng 4 - Trụ sở UBND tỉnh.\n\nĐề nghị các đồng chí bấm "Chấp nhận" để xác nhận tham dự.\n',
    parts: [leaf({ type: 'text/calendar', text: invite, params: '; method=REQUEST', cte: 'base64' })],
    attachments: [{ type: 'application/ics', name: 'invite.ics', bytes: Buffer.from(invite) }],
  });

  // 5. báo cáo with XLSX, reply from a district
  add({
    id: 'bao-cao-quy-xlsx',
    purpose: 'a district office sends its quarterly report (xlsx) as a reply, with quoted request',
    from: addr('UBND huyện Nga Sơn', 'vanphong.ngason@thanhhoa.gov.vn'),
    subject: 'Re: Đề nghị báo cáo kết quả thực hiện dịch vụ công trực tuyến quý III/2024',
    headers: ['In-Reply-To: <yc-bc-q3.ham-vi@lachan.test>', 'References: <yc-bc-q3.ham-vi@lachan.test>'],
    text:
      'Kính gửi Văn phòng UBND tỉnh,\n\nUBND huyện Nga Sơn gửi báo cáo kết quả thực hiện dịch vụ công trực tuyến quý III/2024 (file đính kèm). Bản ký số đã gửi qua hệ thống iOffice.\n\nTrân trọng!\n\n' +
      'Vào 10:02 Th 2, 28 thg 10, 2024, Nguyễn Thị Lan <lan.nt@lachan.test> đã viết:\n> Kính gửi UBND các huyện, thị xã, thành phố,\n> Đề nghị các đơn vị báo cáo kết quả thực hiện dịch vụ công trực tuyến quý III/2024 theo mẫu,\n> gửi về Văn phòng UBND tỉnh trước ngày 05/11/2024.\n> Trân trọng.\n',
    attachments: [{ type: XLSX, name: 'BC DVCTT quy III-2024 - Nga Son.xlsx', bytes: await makeXlsx([['Chỉ tiêu', 'Số hồ sơ', 'Tỷ lệ'], ['Tiếp nhận trực tuyến', 1245, '68%'], ['Thanh toán trực tuyến', 412, '33%']]) }],
  });

  // 6. training notice about phishing (the words of a lure, describing lures)
  add({
    id: 'tap-huan-lua-dao',
    purpose: 'training notice about phishing: quotes the lures (mật khẩu hết hạn, tài khoản bị khóa, xác minh tài khoản) to warn staff',
    from: addr('Sở Thông tin và Truyền thông', 'attt.stttt@thanhhoa.gov.vn'),
    subject: 'Thông báo tập huấn nhận diện thư điện tử lừa đảo (phishing) cho cán bộ, công chức',
    text:
      'Kính gửi các cơ quan, đơn vị,\n\nThời gian gần đây xuất hiện nhiều thư điện tử lừa đảo giả mạo cơ quan nhà nước, ngân hàng và bộ phận CNTT. Các thư này thường có nội dung như: ' +
      '"Mật khẩu của bạn sẽ hết hạn trong 24 giờ", "Tài khoản của bạn sẽ bị khóa", "Hộp thư đã đầy", "Vui lòng xác minh tài khoản" hoặc "cập nhật thông tin định danh", kèm đường link tới trang đăng nhập giả.\n\n' +
      'Để nâng cao kỹ năng nhận diện, Sở Thông tin và Truyền thông tổ chức lớp tập huấn:\n- Thời gian: 8h00 ngày 12/11/2024\n- Hình thức: trực tiếp tại Hội trường Sở và trực tuyến qua hệ thống hội nghị truyền hình của tỉnh\n- Thành phần: cán bộ phụ trách CNTT và văn thư của các cơ quan, đơn vị\n\n' +
      'Lưu ý: Bộ phận CNTT không bao giờ yêu cầu cán bộ cung cấp mật khẩu qua thư điện tử hay điện thoại. Khi nhận được thư nghi ngờ, đề nghị không bấm vào liên kết, không mở tệp đính kèm và báo ngay cho bộ phận an toàn thông tin.\n\n' +
      'Tài liệu tham khảo: Cẩm nang nhận diện lừa đảo trực tuyến tại https://khonggianmang.vn và cảnh báo tại https://canhbao.khonggianmang.vn\n\n' + SIG_SOTTTT,
  });

  // 7. police warning about scams, HTML
  add({
    id: 'canh-bao-cong-an',
    purpose: 'provincial police warning about phone and web scams (giả danh công an, chuyển tiền, ứng dụng giả), HTML',
    from: addr('Công an tỉnh Thanh Hóa - Phòng An ninh mạng', 'pa05@congan.thanhhoa.gov.vn'),
    subject: 'Cảnh báo thủ đoạn lừa đảo giả danh cơ quan Công an, cơ quan Thuế',
    html:
      '<div style="font-family:Times New Roman;font-size:14pt"><p>Kính gửi các cơ quan, đơn vị trên địa bàn tỉnh,</p>' +
      '<p>Thời gian qua, các đối tượng lừa đảo liên tục giả danh cơ quan Công an, cơ quan Thuế gọi điện, nhắn tin thông báo người dân liên quan đến đường dây rửa tiền, có lệnh bắt giam, hoặc yêu cầu "cập nhật định danh", "nhận hoàn thuế" qua đường link lạ, cài ứng dụng dịch vụ công giả mạo rồi chiếm đoạt tài khoản ngân hàng.</p>' +
      '<p><b>Công an tỉnh khuyến cáo:</b></p><ul><li>Cơ quan Công an không làm việc qua điện thoại, không yêu cầu chuyển tiền vào tài khoản để "xác minh".</li>' +
      '<li>Không cung cấp mật khẩu, mã OTP cho bất kỳ ai; không cài ứng dụng từ đường link nhận qua tin nhắn.</li>' +
      '<li>Ứng dụng VNeID chỉ tải từ App Store hoặc Google Play; dịch vụ công chỉ truy cập tại <a href="https://dichvucong.gov.vn">dichvucong.gov.vn</a>.</li></ul>' +
      '<p>Khi phát hiện dấu hiệu lừa đảo, đề nghị báo ngay cho cơ quan Công an gần nhất hoặc đường dây nóng 069.2xxx.xxx.</p>' +
      '<p>Đề nghị các cơ quan, đơn vị phổ biến cảnh báo này tới toàn thể cán bộ, công chức, người lao động.</p><p>Trân trọng./.</p>' +
      '<p style="font-size:11pt;color:#555">Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao - Công an tỉnh</p></div>',
  });

  // 8. the province's own mail system: password expiry notice (internal)
  add({
    id: 'doi-mat-khau-noi-bo',
    purpose: "the province's own mail system reminds of a password expiry, link to its own webmail (internal sender)",
    from: addr('Hệ thống thư điện tử công vụ', 'no-reply@mail.lachan.test'),
    subject: 'Thông báo: mật khẩu hộp thư công vụ sẽ hết hạn sau 7 ngày',
    text:
      'Kính gửi đồng chí Nguyễn Thị Lan,\n\nMật khẩu hộp thư công vụ lan.nt@lachan.test sẽ hết hạn vào ngày 12/11/2024. Đồng chí vui lòng đổi mật khẩu bằng cách đăng nhập hộp thư tại https://mail.lachan.test, vào mục Tùy chọn > Đổi mật khẩu.\n\n' +
      'Mật khẩu mới cần có tối thiểu 10 ký tự, gồm chữ hoa, chữ thường, chữ số và ký tự đặc biệt, không trùng 5 mật khẩu gần nhất.\n\n' +
      'Lưu ý: Trung tâm CNTT không bao giờ gửi thư yêu cầu cung cấp mật khẩu. Cần hỗ trợ xin gọi 0237 3 999 000.\n\nTrung tâm Công nghệ thông tin và Truyền thông tỉnh\n(Thư tự động, vui lòng không trả lời)',
  });

  // 9. internal: account locked after wrong passwords
  add({
    id: 'tai-khoan-bi-khoa-noi-bo',
    purpose: 'internal IT notice: the account was locked after wrong passwords, how to unlock (no link)',
    from: addr('Trung tâm CNTT tỉnh', 'hotro@lachan.test'),
    subject: 'Tài khoản hệ thống quản lý văn bản của đồng chí đã bị khóa tạm thời',
    text:
      'Kính gửi đồng chí,\n\nTài khoản đăng nhập hệ thống Quản lý văn bản và điều hành (iOffice) của đồng chí đã bị khóa tạm thời do nhập sai mật khẩu quá 5 lần lúc 07:52 ngày 05/11/2024.\n\n' +
      'Tài khoản sẽ tự mở khóa sau 30 phút. Nếu cần mở khóa ngay hoặc nghi ngờ có người khác cố đăng nhập, đồng chí liên hệ bộ phận hỗ trợ qua số 0237 3 999 000 (giờ hành chính).\n\nTrân trọng,\nBộ phận hỗ trợ kỹ thuật - Trung tâm CNTT tỉnh',
  });

  // 10. internal: mailbox almost full
  add({
    id: 'hop-thu-sap-day',
    purpose: 'internal postmaster notice: mailbox at 92% of quota, advice to archive (internal sender)',
    from: addr('Quản trị hệ thống thư', 'postmaster@lachan.test'),
    subject: 'Cảnh báo dung lượng hộp thư: đã sử dụng 92%',
    text:
      'Hộp thư lan.nt@lachan.test đã sử dụng 4,6 GB trên tổng dung lượng 5 GB (92%).\n\nKhi hộp thư đã đầy, đồng chí sẽ không nhận được thư mới. Đề nghị xóa bớt thư cũ có tệp đính kèm lớn hoặc lưu trữ về máy tính theo hướng dẫn tại https://mail.lachan.test/huong-dan/luu-tru.\n\nThư này được gửi tự động từ hệ thống.',
  });

  // 11. tax notice with links to the tax portals
  add({
    id: 'thue-thong-bao',
    purpose: 'tax department notice about filing deadlines, links to thuedientu.gdt.gov.vn and canhan.gdt.gov.vn',
    from: addr('Cục Thuế tỉnh Thanh Hóa', 'tuyentruyen.tha@gdt.gov.vn'),
    subject: 'Thông báo thời hạn nộp hồ sơ khai thuế và quyết toán thuế TNCN năm 2024',
    html:
      '<p>Kính gửi: Người nộp thuế,</p><p>Cục Thuế tỉnh Thanh Hóa thông báo thời hạn nộp hồ sơ khai thuế quý IV/2024 chậm nhất là ngày 31/01/2025; hồ sơ quyết toán thuế thu nhập cá nhân năm 2024 chậm nhất là ngày 31/03/2025.</p>' +
      '<p>Người nộp thuế là tổ chức thực hiện khai thuế điện tử tại <a href="https://thuedientu.gdt.gov.vn">https://thuedientu.gdt.gov.vn</a>; cá nhân tự quyết toán tại <a href="https://canhan.gdt.gov.vn">https://canhan.gdt.gov.vn</a> hoặc ứng dụng eTax Mobile.</p>' +
      '<p>Cơ quan thuế không yêu cầu người nộp thuế cung cấp mật khẩu hay cài đặt ứng dụng qua đường link gửi qua tin nhắn. Mọi vướng mắc xin liên hệ Phòng Tuyên truyền - Hỗ trợ người nộp thuế, ĐT 0237 3 853 000.</p><p>Trân trọng!</p>',
  });

  // 12. social insurance: VssID and the BHXH portal
  add({
    id: 'bhxh-tra-cuu',
    purpose: 'social insurance office: check contribution records on VssID / baohiemxahoi.gov.vn, HTML with a banner image',
    from: addr('Bảo hiểm xã hội tỉnh Thanh Hóa', 'thongbao@thanhhoa.baohiemxahoi.gov.vn'),
    subject: 'Đề nghị đơn vị rà soát, đối chiếu quá trình đóng BHXH, BHYT của người lao động',
    html:
      '<table width="640" align="center" style="font-family:Arial"><tr><td><img src="https://baohiemxahoi.gov.vn/Style%20Library/images/logo.png" width="300" alt="BHXH Việt Nam"></td></tr>' +
      '<tr><td><p>Kính gửi: Thủ trưởng đơn vị sử dụng lao động,</p><p>Để bảo đảm quyền lợi của người lao động, BHXH tỉnh đề nghị đơn vị rà soát, đối chiếu quá trình đóng BHXH, BHYT, BHTN của người lao động trước ngày 30/11/2024. ' +
      'Người lao động có thể tự tra cứu trên ứng dụng VssID hoặc tại Cổng thông tin điện tử <a href="https://baohiemxahoi.gov.vn/tracuu">baohiemxahoi.gov.vn</a>; đơn vị thực hiện giao dịch điện tử tại <a href="https://dichvucong.baohiemxahoi.gov.vn">dichvucong.baohiemxahoi.gov.vn</a>.</p>' +
      '<p>Trường hợp thông tin chưa khớp (họ tên, ngày sinh, số định danh cá nhân), đơn vị lập danh sách điều chỉnh theo mẫu TK3-TS gửi BHXH tỉnh.</p><p>Trân trọng.</p></td></tr></table>',
  });

  // 13. treasury: digital certificate about to expire
  add({
    id: 'kho-bac-chung-thu-so',
    purpose: 'state treasury: the unit\u2019s digital certificate for the online treasury service expires soon, how to renew',
    from: addr('Kho bạc Nhà nước Thanh Hóa', 'dvc.kbthanhhoa@vst.gov.vn'),
    subject: 'Thông báo chứng thư số sử dụng trên Dịch vụ công KBNN sắp hết hạn',
    text:
      'Kính gửi: Văn phòng UBND tỉnh (mã ĐVQHNS 1012345)\n\nKho bạc Nhà nước Thanh Hóa thông báo: chứng thư số của Kế toán trưởng đơn vị đăng ký sử dụng trên Dịch vụ công trực tuyến KBNN sẽ hết hạn vào ngày 30/11/2024.\n\n' +
      'Để không gián đoạn việc gửi chứng từ điện tử, đề nghị đơn vị gia hạn chứng thư số với Ban Cơ yếu Chính phủ và đăng ký lại thông tin chứng thư trên trang https://dvc.vst.mof.gov.vn (mục Quản lý người dùng > Cập nhật chứng thư số).\n\n' +
      'Nếu đơn vị đã gia hạn, xin bỏ qua thông báo này.\n\nKho bạc Nhà nước Thanh Hóa\nĐT hỗ trợ: 0237 3 852 500',
  });

  // 14. bank statement: password-protected PDF, password described (not given)
  add({
    id: 'sao-ke-ngan-hang-pdf-mat-khau',
    purpose: 'monthly account statement from a bank as a password-protected PDF; the body says how the password is formed, not what it is',
    from: addr('BIDV', 'saoke@bidv.com.vn'),
    subject: 'BIDV - Sao kê tài khoản tháng 10/2024',
    html:
      '<p>Kính gửi Quý khách VĂN PHÒNG UBND TỈNH,</p><p>BIDV trân trọng gửi Quý khách sao kê tài khoản thanh toán số ****6789 kỳ 01/10/2024 - 31/10/2024 (tệp đính kèm).</p>' +
      '<p>Để bảo mật thông tin, tệp sao kê được đặt mật khẩu là mã số thuế của đơn vị. BIDV không bao giờ yêu cầu Quý khách cung cấp mật khẩu, mã OTP qua thư điện tử hay điện thoại.</p>' +
      '<p>Mọi thắc mắc xin liên hệ Trung tâm Chăm sóc khách hàng 24/7: 1900 9247.</p><p>Trân trọng,<br>Ngân hàng TMCP Đầu tư và Phát triển Việt Nam</p>',
    attachments: [{ type: PDF, name: 'SaoKe_102024_6789.pdf', bytes: p.makePermissionsOnlyPdf('https://www.bidv.com.vn/', { revision: 6, userPassword: '2800000000' }) }],
  });

  // 15. bank balance change notice
  add({
    id: 'bien-dong-so-du',
    purpose: 'bank balance change notice (biến động số dư) for an incoming transfer',
    from: addr('VietinBank', 'ebanking@vietinbank.vn'),
    subject: 'VietinBank thông báo biến động số dư',
    text:
      'Kính gửi Quý khách,\n\nVietinBank xin thông báo tài khoản ****4521 vừa phát sinh giao dịch:\n- Thời gian: 04/11/2024 15:42\n- Số tiền: +12.500.000 VND\n- Số dư: 186.320.000 VND\n- Nội dung: SO TAI CHINH CHUYEN KINH PHI HOI NGHI THANG 11\n\n' +
      'Quý khách lưu ý: VietinBank không gửi đường link yêu cầu đăng nhập hay cung cấp mã OTP. Tổng đài hỗ trợ: 1900 558 868.\n\nTrân trọng.',
  });

  // 16-18. e-invoices
  const xml1 = invoiceXml({ so: 1523, ky: 'C24TAA', mst: '2801234567', ten: 'Công ty TNHH Văn phòng phẩm Hồng Hà Thanh Hóa', tien: 4500000 });
  add({
    id: 'hoa-don-dien-tu-xml-pdf',
    purpose: 'e-invoice issued through a provider: XML (signed, with the tax authority code) and PDF attached, lookup code and link',
    from: addr('Công ty TNHH Văn phòng phẩm Hồng Hà Thanh Hóa', 'hoadon@einvoice.example'),
    replyTo: addr('Kế toán Hồng Hà', 'ketoan.hongha@gmail.com'),
    subject: 'Thông báo phát hành hóa đơn điện tử số 0001523 - Công ty TNHH Văn phòng phẩm Hồng Hà Thanh Hóa',
    html:
      '<p>Kính gửi Quý khách hàng: <b>VĂN PHÒNG UBND TỈNH</b></p><p>Công ty TNHH Văn phòng phẩm Hồng Hà Thanh Hóa gửi đến Quý khách hóa đơn điện tử với các thông tin sau:</p>' +
      '<table border="1" cellpadding="4" style="border-collapse:collapse"><tr><td>Ký hiệu</td><td>1C24TAA</td></tr><tr><td>Số hóa đơn</td><td>0001523</td></tr><tr><td>Ngày lập</td><td>04/11/2024</td></tr><tr><td>Tổng tiền thanh toán</td><td>4.950.000 VND</td></tr><tr><td>Mã tra cứu</td><td>K8Q2ZP4M7X</td></tr></table>' +
      '<p>Quý khách có thể tra cứu và tải hóa đơn tại: <a href="https://tracuu.einvoice.example/?ma=K8Q2ZP4M7X">https://tracuu.einvoice.example</a> hoặc tra cứu trên cổng <a href="https://hoadondientu.gdt.gov.vn">hoadondientu.gdt.gov.vn</a>.</p>' +
      '<p>Tệp XML là hóa đơn gốc có giá trị pháp lý; tệp PDF là bản thể hiện.</p><p>Trân trọng cảm ơn!</p><p style="color:#888;font-size:11px">Thư được gửi tự động từ hệ thống hóa đơn điện tử, vui lòng không trả lời thư này.</p>',
    attachments: [
      { type: 'text/xml', name: '2801234567_1C24TAA_1523.xml', bytes: xml1, charset: 'utf-8', cte: 'base64' },
      { type: PDF, name: '2801234567_1C24TAA_1523.pdf', bytes: p.makePdf('Hoa don GTGT so 0001523 ky hieu 1C24TAA') },
    ],
  });
  add({
    id: 'hoa-don-dien-tu-zip',
    purpose: 'e-invoice whose XML and PDF come zipped together, as several provider systems send them',
    from: addr('Hệ thống Hóa đơn điện tử', 'no-reply@hoadon-dientu.example'),
    subject: 'Hóa đơn điện tử của Công ty CP Nước sạch Thanh Hóa - Kỳ tháng 10/2024',
    text:
      'Kính gửi Quý khách hàng VĂN PHÒNG UBND TỈNH (mã khách hàng TH0012345),\n\nCông ty Cổ phần Nước sạch Thanh Hóa gửi hóa đơn tiền nước kỳ tháng 10/2024:\nSố hóa đơn: 00084512 - Ký hiệu: 1K24TNS\nTổng tiền thanh toán: 3.214.500 đồng\nMã tra cứu: NS8Q-4KZ2-71\n\n' +
      'Hóa đơn (XML và PDF) được nén trong tệp đính kèm. Quý khách có thể thanh toán qua ngân hàng hoặc tại các điểm thu của công ty. Tra cứu hóa đơn: https://hoadon-dientu.example/tra-cuu\n\nTrân trọng.',
    attachments: [
      {
        type: 'application/zip',
        name: 'HoaDon_1K24TNS_00084512.zip',
        bytes: await p.makeZip({ 'HoaDon_1K24TNS_00084512.xml': invoiceXml({ so: 84512, ky: 'K24TNS', mst: '2800111222', ten: 'Công ty Cổ phần Nước sạch Thanh Hóa', tien: 2922273 }), 'HoaDon_1K24TNS_00084512.pdf': p.makePdf('Hoa don tien nuoc ky 10/2024') }),
      },
    ],
  });
  add({
    id: 'hoa-don-dien-tu-evn',
    purpose: 'electricity bill notice from the power company with the payment deadline (bill due, a cut-off date mentioned)',
    from: addr('EVNNPC - Công ty Điện lực Thanh Hóa', 'cskh@evnnpc.vn'),
    subject: 'Thông báo tiền điện kỳ 1 tháng 11/2024 - Mã KH PA08TH0012345',
    text:
      'Kính gửi Quý khách hàng: VĂN PHÒNG UBND TỈNH\nMã khách hàng: PA08TH0012345\n\nCông ty Điện lực Thanh Hóa thông báo tiền điện kỳ 1 tháng 11/2024:\n- Điện năng tiêu thụ: 12.450 kWh\n- Số tiền thanh toán: 35.482.360 đồng (đã gồm thuế GTGT)\n- Hạn thanh toán: 15/11/2024\n\n' +
      'Quý khách vui lòng thanh toán đúng hạn qua ngân hàng, ví điện tử hoặc tại quầy giao dịch. Sau thời hạn trên, Điện lực sẽ gửi thông báo nhắc nợ theo quy định. Hóa đơn điện tử xem tại https://cskh.evnnpc.vn hoặc ứng dụng EVNNPC CSKH.\n\nTổng đài CSKH: 19006769',
  });

  // 19. newsletter with tracking links, images, a hidden preheader
  const track = (n) => `https://click.bantin-chuyendoiso.example/ls/click?upn=u001.Zk9aV2xYd${n}Ym5oZ2FuQ0ExMjM0NTY3ODk-3D&uid=48213`;
  add({
    id: 'ban-tin-chuyen-doi-so',
    purpose: 'a newsletter (bản tin) with click-tracking links, remote pictures, a tracking pixel, a hidden preheader and an unsubscribe footer',
    from: addr('Bản tin Chuyển đổi số', 'bantin@bantin-chuyendoiso.example'),
    subject: 'Bản tin Chuyển đổi số số 45: Chính quyền số cấp xã - kinh nghiệm từ các địa phương',
    headers: ['List-Unsubscribe: <https://bantin-chuyendoiso.example/huy-dang-ky?u=48213>, <mailto:huy@bantin-chuyendoiso.example>', 'List-Unsubscribe-Post: List-Unsubscribe=One-Click', 'Precedence: bulk'],
    html:
      '<html><body style="margin:0;background:#f2f2f2"><div style="display:none;max-height:0;overflow:hidden;mso-hide:all">Tin nổi bật tuần này: mô hình tổ công nghệ số cộng đồng, nền tảng họp trực tuyến cấp xã.&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;</div>' +
      '<table width="600" align="center" cellpadding="0" cellspacing="0" style="background:#fff;font-family:Arial"><tr><td><a href="' + track(1) + '"><img src="https://cdn.bantin-chuyendoiso.example/2024/11/header-45.jpg" width="600" alt="Bản tin Chuyển đổi số"></a></td></tr>' +
      '<tr><td style="padding:16px"><h2>Chính quyền số cấp xã: kinh nghiệm từ các địa phương</h2><p>Nhiều địa phương đã triển khai hiệu quả tổ công nghệ số cộng đồng, hỗ trợ người dân sử dụng dịch vụ công trực tuyến và thanh toán không dùng tiền mặt. Bài viết tổng hợp kinh nghiệm của ba tỉnh.</p>' +
      '<p><a href="' + track(2) + '" style="background:#c00;color:#fff;padding:8px 14px;text-decoration:none">Đọc tiếp</a></p>' +
      '<h3>Hội thảo: Dữ liệu mở trong cơ quan nhà nước</h3><p><img src="https://cdn.bantin-chuyendoiso.example/2024/11/hoi-thao.jpg" width="280" align="left" style="margin-right:10px">Hội thảo diễn ra ngày 20/11 tại Hà Nội, với sự tham gia của các chuyên gia về dữ liệu, an toàn thông tin và quản trị số.</p>' +
      '<p><a href="' + track(3) + '">Đăng ký tham dự</a> | <a href="' + track(4) + '">Xem chương trình</a></p></td></tr>' +
      '<tr><td style="padding:12px;font-size:11px;color:#888;text-align:center">Bạn nhận được thư này vì đã đăng ký Bản tin Chuyển đổi số. <a href="https://bantin-chuyendoiso.example/huy-dang-ky?u=48213">Hủy đăng ký</a><br>Tòa nhà Thông tin, 18 Nguyễn Du, Hà Nội</td></tr></table>' +
      '<img src="https://click.bantin-chuyendoiso.example/wf/open?upn=u001.b3BlbjQ4MjEz" width="1" height="1" alt="" style="display:block;border:0"></body></html>',
  });

  // 20. reply with quoted text and a Zalo number in the signature
  add({
    id: 'tra-loi-trich-dan',
    purpose: 'a colleague\u2019s reply with a quoted thread and a signature with phone and Zalo numbers',
    from: addr('Lê Văn Đức', 'duclv@sotc.thanhhoa.gov.vn'),
    subject: 'RE: Số liệu giải ngân vốn đầu tư công đến 31/10',
    headers: ['In-Reply-To: <sl-gn-3110.ham-vi@lachan.test>', 'References: <sl-gn-3110.ham-vi@lachan.test>', 'Thread-Topic: =?utf-8?B?U+G7kSBsaeG7h3UgZ2nhuqNpIG5nw6JuIHbhu5FuIMSR4bqndSB0xrAgY8O0bmc=?='],
    text:
      'Chào chị Lan,\n\nEm gửi lại số liệu giải ngân đã cập nhật đến 31/10: tổng giải ngân đạt 4.215 tỷ đồng, bằng 61,3% kế hoạch vốn giao. Số liệu chi tiết từng dự án em đã cập nhật vào file chung trên hệ thống, chị kiểm tra giúp em nhé.\n\n' +
      'Có gì chị gọi em qua Zalo cho nhanh ạ.\n\nĐức\n' +
      '--\nLê Văn Đức\nPhòng Đầu tư - Sở Tài chính Thanh Hóa\nDĐ/Zalo: 0975 000 863\n\n' +
      '-----Original Message-----\nFrom: Nguyễn Thị Lan <lan.nt@lachan.test>\nSent: Monday, November 4, 2024 4:10 PM\nTo: Lê Văn Đức <duclv@sotc.thanhhoa.gov.vn>\nSubject: Số liệu giải ngân vốn đầu tư công đến 31/10\n\n' +
      'Anh Đức ơi,\nAnh gửi giúp em số liệu giải ngân vốn đầu tư công đến 31/10 để tổng hợp báo cáo UBND tỉnh chiều mai nhé. Em cảm ơn anh.\n\n' + SIG_LAN,
  });

  // 21. forward of an external mail with its original headers
  add({
    id: 'chuyen-tiep-thu',
    purpose: 'a forwarded message (Gmail style "Forwarded message" block) from a ministry with a link to chinhphu.vn',
    from: addr('Hoàng Thu Trang', 'tranght@vpubnd.thanhhoa.gov.vn'),
    subject: 'Fwd: Lấy ý kiến dự thảo Nghị định về định danh và xác thực điện tử (sửa đổi)',
    html:
      '<div dir="ltr"><div>Chị Lan ơi, em chuyển tiếp thư lấy ý kiến dự thảo, nhờ chị tổng hợp ý kiến của Văn phòng trước thứ Sáu nhé.</div><div><br></div>' +
      '<div class="gmail_quote"><div dir="ltr" class="gmail_attr">---------- Forwarded message ---------<br>From: <strong class="gmail_sendername" dir="auto">Văn phòng Bộ</strong> <span dir="auto">&lt;vanphong@bo-nganh.example&gt;</span><br>Date: Th 2, 4 thg 11, 2024 vào lúc 09:30<br>Subject: Lấy ý kiến dự thảo Nghị định về định danh và xác thực điện tử (sửa đổi)<br>To: &lt;vpubnd@thanhhoa.gov.vn&gt;<br></div><br><br>' +
      '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex"><p>Kính gửi UBND các tỉnh, thành phố trực thuộc Trung ương,</p>' +
      '<p>Bộ đề nghị Quý cơ quan góp ý dự thảo Nghị định quy định về định danh và xác thực điện tử (sửa đổi), trong đó có các nội dung về tài khoản định danh điện tử, xác thực tài khoản khi giao dịch và khóa, mở khóa tài khoản định danh điện tử.</p>' +
      '<p>Toàn văn dự thảo đăng tải tại Cổng thông tin điện tử Chính phủ: <a href="https://chinhphu.vn/du-thao-vbqppl">https://chinhphu.vn/du-thao-vbqppl</a>. Ý kiến góp ý gửi trước ngày 20/11/2024.</p><p>Trân trọng./.</p></blockquote></div>' +
      '<div>--<br>Hoàng Thu Trang<br>Phòng Kiểm soát thủ tục hành chính<br>DĐ: 0916 000 478</div></div>',
  });

  // 22. no diacritics
  add({
    id: 'khong-dau',
    purpose: 'mail typed without diacritics (tiếng Việt không dấu), with a password for the attached file\u2019s owner-only sheet mentioned',
    from: addr('Vu Thi Hoa', 'hoavt.ubndxa@gmail.com'),
    subject: 'Gui bao cao tong hop ho ngheo xa Quang Thinh thang 10',
    text:
      'Kinh gui chi Lan,\n\nEm la Hoa, can bo van phong UBND xa Quang Thinh. Em gui chi bao cao tong hop ho ngheo, ho can ngheo thang 10 cua xa (file dinh kem). ' +
      'Do may tinh o xa bi loi font nen em go khong dau, chi thong cam a.\n\nNeu can bo sung so lieu chi nhan tin Zalo cho em so 0389 000 154.\n\nEm cam on chi.\nHoa\nVan phong UBND xa Quang Thinh',
    attachments: [{ type: XLSX, name: 'BC ho ngheo thang 10.xlsx', bytes: await makeXlsx([['Thon', 'Ho ngheo', 'Ho can ngheo'], ['Thon 1', 12, 20], ['Thon 2', 9, 17]]) }],
  });

  // 23. windows-1258
  add({
    id: 'windows-1258',
    purpose: 'an old mail client writing Vietnamese in windows-1258 (combining tone marks), subject in a windows-1258 encoded word',
    from: addr('Phòng Hành chính', 'hanhchinh@sotp.thanhhoa.gov.vn'),
    rawSubject: `=?windows-1258?B?${win1258('Thông báo lịch trực cơ quan dịp nghỉ lễ').toString('base64')}?=`,
    textPart: leaf({
      type: 'text/plain',
      charset: 'windows-1258',
      cte: 'quoted-printable',
      bytes: win1258('Kính gửi các phòng, đơn vị,\n\nPhòng Hành chính thông báo lịch trực cơ quan dịp nghỉ lễ như sau: các phòng cử cán bộ trực theo danh sách đính kèm; cán bộ trực kiểm tra hộp thư công vụ và hệ thống quản lý văn bản ít nhất hai lần mỗi ngày.\n\nTrân trọng.\nPhòng Hành chính - Sở Tư pháp\n'),
    }),
  });

  // 24. NFD
  add({
    id: 'unicode-nfd',
    purpose: 'text in decomposed Unicode (NFD), as some Mac and web forms send it',
    from: addr('Đinh Quang Huy', 'huydq@sovhttdl.thanhhoa.gov.vn'),
    subject: 'Kế hoạch tổ chức Ngày hội Văn hóa các dân tộc năm 2024'.normalize('NFD'),
    text: ('Kính gửi chị Lan,\n\nSở Văn hóa, Thể thao và Du lịch gửi dự thảo Kế hoạch tổ chức Ngày hội Văn hóa các dân tộc tỉnh năm 2024 để Văn phòng UBND tỉnh cho ý kiến trước khi trình. ' +
      'Thời gian dự kiến: 22-24/11/2024 tại huyện Bá Thước.\n\nTrân trọng,\nĐinh Quang Huy\nPhòng Quản lý Văn hóa - ĐT: 0913 000 226\n').normalize('NFD'),
  });

  // 25. encrypted zip of personal data, password in the body (opened and checked)
  add({
    id: 'zip-mat-khau-du-lieu-ca-nhan',
    purpose: 'personal data (a staff list) sent as a password-protected zip with the password in the body, as data-protection rules ask; opened with it and checked',
    from: addr('Phòng Tổ chức cán bộ', 'tccb.syt@thanhhoa.gov.vn'),
    subject: 'Danh sách cán bộ đề nghị nâng lương trước thời hạn năm 2024 (dữ liệu cá nhân)',
    text:
      'Kính gửi Văn phòng UBND tỉnh,\n\nSở Y tế gửi danh sách cán bộ đề nghị nâng lương trước thời hạn năm 2024. Do tệp có dữ liệu cá nhân (số định danh, ngày sinh), tệp được nén và đặt mật khẩu theo quy định bảo vệ dữ liệu cá nhân.\n\n' +
      'Mật khẩu giải nén: Syt@2024\n\nĐề nghị không chuyển tiếp tệp ra ngoài cơ quan.\n\nTrân trọng,\nPhòng Tổ chức cán bộ - Sở Y tế',
    attachments: [{ type: 'application/zip', name: 'DS nang luong truoc han 2024.zip', bytes: p.makeEncryptedZip('DS nang luong truoc han 2024.xlsx', await makeXlsx([['STT', 'Họ tên', 'Đơn vị'], [1, 'Nguyễn Văn A', 'Bệnh viện tỉnh']]), 'Syt@2024') }],
  });

  // 26. staff on Gmail
  add({
    id: 'gmail-can-bo',
    purpose: 'a commune official sends a report from a personal Gmail account (the commune has no official mailbox yet), office name in the signature',
    from: addr('Trịnh Văn Nam', 'trinhvannam.ubnd@gmail.com'),
    subject: 'UBND xã Thiệu Hợp gửi báo cáo công tác phòng chống lụt bão',
    text:
      'Kính gửi Văn phòng UBND tỉnh,\n\nUBND xã Thiệu Hợp gửi báo cáo nhanh tình hình thiệt hại do mưa lũ ngày 03/11/2024 và công tác khắc phục (file đính kèm). Hộp thư công vụ của xã đang được cấp lại nên tôi gửi tạm qua hộp thư cá nhân.\n\n' +
      'Trân trọng.\nTrịnh Văn Nam - Công chức Văn phòng - Thống kê\nUBND xã Thiệu Hợp, huyện Thiệu Hóa\nĐT: 0367 000 491',
    attachments: [{ type: DOCX, name: 'Bao cao nhanh thiet hai mua lu 03.11.docx', bytes: await office.makeDocx({ text: 'Báo cáo nhanh thiệt hại do mưa lũ' }) }],
  });

  // 27. scanner mail: PDF only
  add({
    id: 'may-scan-pdf',
    purpose: 'a multifunction printer\u2019s scan-to-mail: almost no text, one PDF',
    from: addr('Canon iR-ADV C3525', 'scanner.vanthu@lachan.test'),
    subject: 'Attached Image',
    text: '\n',
    attachments: [{ type: PDF, name: '20241105081502.pdf', bytes: p.makePdf('Scanned document') }],
  });

  // 28. scanned page as a picture only, external sender, HTML with just the picture
  add({
    id: 'anh-chup-van-ban',
    purpose: 'an external official sends a photo of a signed page from a phone: HTML body with only the inline picture',
    from: addr('Bùi Thị Hằng', 'hangbt@ubndhuyen-hoanghoa.example'),
    subject: 'Ảnh chụp biên bản',
    html: '<div dir="auto"><img src="cid:ii_m31a2b3c0" alt="IMG_20241105_081233.jpg" width="420"></div><div dir="auto"><br></div><div dir="auto">Gửi từ iPhone</div>',
    inline: [{ type: 'image/jpeg', name: 'IMG_20241105_081233.jpg', cid: 'ii_m31a2b3c0', bytes: scannedJpeg() }],
  });

  // 29. survey with a shortened link
  add({
    id: 'khao-sat-link-rut-gon',
    purpose: 'a survey request whose link is shortened (as survey tools and offices commonly do)',
    from: addr('Sở Nội vụ', 'cchc.snv@thanhhoa.gov.vn'),
    subject: 'Đề nghị cán bộ, công chức tham gia khảo sát Chỉ số hài lòng (SIPAS) năm 2024',
    text:
      'Kính gửi các cơ quan, đơn vị,\n\nThực hiện kế hoạch cải cách hành chính năm 2024, Sở Nội vụ đề nghị cán bộ, công chức tham gia khảo sát trực tuyến về mức độ hài lòng đối với sự phục vụ của cơ quan hành chính nhà nước.\n\n' +
      'Đường link khảo sát: https://bit.ly/khaosat-sipas-2024\n(hoặc quét mã QR trong văn bản đính kèm)\n\nThời gian khảo sát: từ 05/11 đến 20/11/2024. Phiếu khảo sát không thu thập họ tên người trả lời.\n\nTrân trọng.',
  });

  // 30. online meeting with Zoom link and passcode
  add({
    id: 'hop-truc-tuyen-zoom',
    purpose: 'an online meeting link with its meeting ID and passcode ("mật khẩu") in the body',
    from: addr('Ban Quản lý dự án', 'bqlda.nongnghiep@thanhhoa.gov.vn'),
    subject: 'Link họp trực tuyến: rà soát tiến độ dự án nước sạch nông thôn, 9h ngày 06/11',
    text:
      'Kính gửi các thành viên Tổ công tác,\n\nBan QLDA gửi thông tin phòng họp trực tuyến:\n\nThời gian: 9h00 ngày 06/11/2024\nLink tham gia: https://us06web.zoom.us/j/84512345678?pwd=TmFvWUpTeGc2QmN1c0hMQ2xKZz09\nMeeting ID: 845 1234 5678\nMật khẩu: 061124\n\n' +
      'Đề nghị các đồng chí vào phòng họp trước 10 phút để kiểm tra âm thanh, hình ảnh.\n\nTrân trọng,\nBan Quản lý dự án đầu tư xây dựng các công trình nông nghiệp và PTNT',
  });

  // 31. documents shared via Google Drive
  add({
    id: 'tai-lieu-google-drive',
    purpose: 'large documents shared as a Google Drive link because they exceed the attachment limit',
    from: addr('Ngô Thị Thu', 'thunt@sxd.thanhhoa.gov.vn'),
    subject: 'Hồ sơ quy hoạch chi tiết khu tái định cư (file lớn gửi qua link)',
    text:
      'Chị Lan ơi,\n\nHồ sơ quy hoạch chi tiết 1/500 khu tái định cư gồm bản vẽ và thuyết minh khoảng 180MB, vượt dung lượng đính kèm nên em gửi qua link Google Drive:\nhttps://drive.google.com/drive/folders/1aBcD2eFgH3iJkL4mNoP5qRsT6uVwX7yZ?usp=sharing\n\n' +
      'Chị tải về giúp em trong tuần này, sau đó em sẽ tắt chia sẻ.\n\nEm Thu - Phòng Quy hoạch, Sở Xây dựng\nĐT: 0912 000 738',
  });

  // 32. public-service portal: application received
  add({
    id: 'dich-vu-cong-ho-so',
    purpose: 'automatic notice from the public-service portal: application received, lookup code, link to dichvucong.gov.vn',
    from: addr('Cổng Dịch vụ công tỉnh Thanh Hóa', 'dichvucong@thanhhoa.gov.vn'),
    subject: 'Thông báo tiếp nhận hồ sơ trực tuyến - Mã hồ sơ H56.22-241105-0042',
    text:
      'Kính gửi Ông/Bà Nguyễn Thị Lan,\n\nHồ sơ trực tuyến của Ông/Bà đã được tiếp nhận:\n- Mã hồ sơ: H56.22-241105-0042\n- Thủ tục: Cấp phiếu lý lịch tư pháp\n- Ngày hẹn trả kết quả: 15/11/2024\n\n' +
      'Ông/Bà có thể tra cứu tình trạng hồ sơ tại https://dichvucong.gov.vn hoặc https://dichvucong.thanhhoa.gov.vn bằng mã hồ sơ trên. Kết quả sẽ được trả qua tài khoản VNeID của Ông/Bà.\n\nThư được gửi tự động, vui lòng không trả lời.',
  });

  // 33. VNeID activation campaign
  add({
    id: 'vneid-kich-hoat',
    purpose: 'police campaign to activate level-2 electronic identification accounts (VNeID), with instructions and the official link',
    from: addr('Công an xã Quảng Thịnh', 'congan.quangthinh@gmail.com'),
    subject: 'Hướng dẫn kích hoạt tài khoản định danh điện tử mức độ 2 cho cán bộ, công chức',
    text:
      'Kính gửi các cơ quan, đơn vị đóng trên địa bàn xã,\n\nThực hiện Đề án 06 của Chính phủ, Công an xã đề nghị các cơ quan, đơn vị đôn đốc cán bộ chưa kích hoạt tài khoản định danh điện tử mức độ 2 đến trụ sở Công an xã để được hỗ trợ (mang theo căn cước và điện thoại có số thuê bao chính chủ).\n\n' +
      'Cán bộ đã có tài khoản mức 1 có thể tự nâng lên mức 2 tại bộ phận một cửa. Tuyệt đối không cung cấp mật khẩu, mã kích hoạt VNeID cho người khác; ứng dụng chỉ tải từ kho ứng dụng chính thức, thông tin tại https://vneid.gov.vn.\n\n' +
      'Lịch làm việc: 7h30-17h00 các ngày trong tuần, kể cả sáng thứ Bảy.\n\nCông an xã Quảng Thịnh\nĐT trực ban: 0237 3 600 113',
  });

  // 34. urgent dispatch (hỏa tốc)
  add({
    id: 'cong-van-hoa-toc',
    purpose: 'an urgent dispatch (hỏa tốc) with a short deadline and a PDF',
    from: addr('Văn phòng Ban Chỉ huy PCTT và TKCN tỉnh', 'pctt@snnptnt.thanhhoa.gov.vn'),
    subject: 'HỎA TỐC: Công điện về việc chủ động ứng phó với áp thấp nhiệt đới',
    text:
      'HỎA TỐC\n\nKính gửi: Các sở, ban, ngành; UBND các huyện, thị xã, thành phố.\n\nBan Chỉ huy PCTT và TKCN tỉnh gửi Công điện số 12/CĐ-BCH về việc chủ động ứng phó với áp thấp nhiệt đới có khả năng mạnh lên thành bão. ' +
      'Đề nghị các đơn vị triển khai ngay và báo cáo tình hình về Văn phòng Ban Chỉ huy trước 16h00 hôm nay qua số điện thoại trực ban 0237 3 852 000.\n\nTrân trọng./.',
    attachments: [{ type: PDF, name: 'Cong dien 12-CD-BCH.pdf', bytes: p.makePdf('Cong dien so 12/CD-BCH ung pho ap thap nhiet doi') }],
  });

  // 35. digital signature / certificate office
  add({
    id: 'chu-ky-so-gia-han',
    purpose: 'the government CA\u2019s local office: certificates of several staff expire, list attached, how to renew',
    from: addr('Trung tâm Chứng thực điện tử chuyên dùng Chính phủ', 'gcaht@bcy.gov.vn'),
    subject: 'Thông báo danh sách chứng thư số sắp hết hạn - Văn phòng UBND tỉnh',
    text:
      'Kính gửi: Văn phòng UBND tỉnh,\n\nTrung tâm thông báo 03 chứng thư số cá nhân của đơn vị sẽ hết hạn trong tháng 12/2024 (danh sách kèm theo). Để gia hạn, đơn vị lập văn bản đề nghị gửi Sở Thông tin và Truyền thông theo mẫu số 02.\n\n' +
      'Chứng thư số hết hạn sẽ không ký số được văn bản điện tử; thiết bị USB Token vẫn được sử dụng sau khi gia hạn.\n\nTrân trọng.',
    attachments: [{ type: XLSX, name: 'DS chung thu so het han T12-2024.xlsx', bytes: await makeXlsx([['STT', 'Họ tên', 'Ngày hết hạn'], [1, 'Lê Văn B', '05/12/2024'], [2, 'Trần Thị C', '12/12/2024']]) }],
  });

  // 36. recruitment notice
  add({
    id: 'thong-bao-tuyen-dung',
    purpose: 'recruitment notice for civil servants, link to the department\u2019s own site (under .example)',
    from: addr('Sở Nội vụ', 'tuyendung.snv@thanhhoa.gov.vn'),
    subject: 'Thông báo tuyển dụng viên chức sự nghiệp giáo dục năm 2024',
    text:
      'Kính gửi các cơ quan, đơn vị,\n\nSở Nội vụ thông báo tuyển dụng 245 chỉ tiêu viên chức sự nghiệp giáo dục năm 2024. Thời gian nhận phiếu đăng ký dự tuyển từ ngày 11/11 đến hết ngày 10/12/2024.\n\n' +
      'Thông báo chi tiết, mẫu phiếu đăng ký và danh mục vị trí việc làm đăng tải tại https://sonoivu.thanhhoa.example/tuyen-dung-2024. Đề nghị các đơn vị niêm yết công khai tại trụ sở.\n\nTrân trọng.',
  });

  // 37. holiday schedule
  add({
    id: 'thong-bao-nghi-le',
    purpose: 'a short holiday schedule notice, internal',
    from: addr('Văn phòng UBND tỉnh', 'vanphong@lachan.test'),
    to: addr('Toàn thể cán bộ', 'toanthe@lachan.test'),
    subject: 'Thông báo nghỉ Tết Dương lịch 2025',
    text: 'Thực hiện thông báo của Bộ Nội vụ, cán bộ, công chức, người lao động Văn phòng UBND tỉnh được nghỉ Tết Dương lịch 01 ngày vào thứ Tư, 01/01/2025.\n\nCác phòng bố trí trực theo lịch đã phân công.\n\nVăn phòng UBND tỉnh',
  });

  // 38. citizen petition forwarded by the portal, citizen on Gmail
  add({
    id: 'phan-anh-kien-nghi',
    purpose: 'a citizen\u2019s petition about a land record from a Gmail address, with phone number, polite but insistent',
    from: addr('Lê Thị Thanh', 'lethithanh1978.th@gmail.com'),
    subject: 'Kiến nghị về việc chậm cấp giấy chứng nhận quyền sử dụng đất',
    text:
      'Kính gửi Văn phòng UBND tỉnh,\n\nTôi là Lê Thị Thanh, trú tại thôn 3, xã Hoằng Quang. Tôi nộp hồ sơ cấp giấy chứng nhận quyền sử dụng đất từ tháng 5/2024 (mã hồ sơ H56.30-240512-0118) nhưng đến nay đã quá hạn 4 tháng chưa được giải quyết, cũng không được thông báo lý do.\n\n' +
      'Kính đề nghị Văn phòng xem xét, chỉ đạo cơ quan chuyên môn trả lời cho tôi. Tôi xin cung cấp số điện thoại 0984 000 625 để tiện liên hệ.\n\nXin chân thành cảm ơn.\nLê Thị Thanh',
  });

  // 39. invitation with a QR code for registration (picture in the body and in the PDF)
  const qr = await QRCode.toBuffer('https://dichvucong.gov.vn/p/home/dvc-trang-chu.html', { type: 'png', scale: 4, margin: 4 });
  add({
    id: 'giay-moi-ma-qr',
    purpose: 'a conference invitation with a QR code to register (pointing to the public-service portal) next to the text',
    from: addr('Ban Tổ chức Hội nghị', 'hoinghi.sxd@thanhhoa.gov.vn'),
    subject: 'Giấy mời dự Hội nghị tổng kết công tác cải cách hành chính năm 2024',
    html:
      '<p>Kính gửi: Lãnh đạo Văn phòng UBND tỉnh,</p><p>Ban Tổ chức trân trọng kính mời đại diện lãnh đạo đơn vị tham dự Hội nghị tổng kết công tác cải cách hành chính năm 2024.</p>' +
      '<p>Thời gian: 8h00 ngày 28/11/2024. Địa điểm: Hội trường 25B, Trụ sở HĐND - UBND tỉnh.</p><p>Đại biểu vui lòng quét mã QR dưới đây để xem tài liệu hội nghị và xác nhận tham dự:</p>' +
      '<p><img src="cid:qr-hoinghi@thanhhoa" width="164" alt="Mã QR"></p><p>Trân trọng./.</p>',
    inline: [{ type: 'image/png', name: 'qr-hoi-nghi.png', cid: 'qr-hoinghi@thanhhoa', bytes: qr }],
  });

  // 40. funding transfer request with bank account
  add({
    id: 'de-nghi-chuyen-kinh-phi',
    purpose: 'request to transfer a training fee to an account at the State Treasury (số tài khoản, chuyển khoản)',
    from: addr('Trường Chính trị tỉnh', 'daotao@truongchinhtri.thanhhoa.gov.vn'),
    subject: 'Thông báo kinh phí lớp bồi dưỡng kiến thức quốc phòng - an ninh đối tượng 3',
    text:
      'Kính gửi các cơ quan, đơn vị có học viên,\n\nTrường Chính trị tỉnh thông báo kinh phí lớp bồi dưỡng kiến thức quốc phòng - an ninh đối tượng 3 (khóa 2, năm 2024) là 1.850.000 đồng/học viên.\n\n' +
      'Đề nghị các đơn vị chuyển khoản kinh phí trước ngày 20/11/2024 vào tài khoản:\n- Tên tài khoản: Trường Chính trị tỉnh Thanh Hóa\n- Số tài khoản: 9523.1.1012345 tại Kho bạc Nhà nước Thanh Hóa\n- Nội dung: Tên đơn vị - KP lớp QPAN đối tượng 3\n\n' +
      'Sau khi chuyển khoản, đề nghị gửi ủy nhiệm chi về phòng Đào tạo để xuất hóa đơn.\n\nTrân trọng.',
  });

  // 41. English + Vietnamese from an international project
  add({
    id: 'du-an-quoc-te-song-ngu',
    purpose: 'bilingual mail from an international development project about a workshop, English and Vietnamese',
    from: addr('Project Coordination Unit', 'pcu@giz-project.example'),
    subject: 'Invitation: Climate-resilient agriculture workshop / Thư mời Hội thảo nông nghiệp thích ứng biến đổi khí hậu',
    text:
      'Dear colleagues,\n\nOn behalf of the project, we are pleased to invite your representative to our workshop on climate-resilient agriculture on 21 November 2024 in Thanh Hoa City. Please confirm your attendance by replying to this email before 15 November.\n\n' +
      'Kính gửi Quý đồng nghiệp,\n\nThay mặt Dự án, chúng tôi trân trọng kính mời đại diện Quý cơ quan tham dự Hội thảo nông nghiệp thích ứng với biến đổi khí hậu ngày 21/11/2024 tại TP Thanh Hóa. Vui lòng xác nhận tham dự bằng cách trả lời thư này trước ngày 15/11.\n\n' +
      'Best regards / Trân trọng,\nĐỗ Minh Châu\nProject Officer | Mobile: +84 912 000 409',
  });

  // 42. document via WeTransfer-like service, but internal portal; HTML link text = URL
  add({
    id: 'lien-ket-tai-lieu-hop',
    purpose: 'meeting documents on the province\u2019s document portal: HTML links whose text is the address itself, and a button',
    from: addr('Văn phòng Đoàn ĐBQH và HĐND tỉnh', 'vanphong@dbqh-hdnd.thanhhoa.gov.vn'),
    subject: 'Tài liệu kỳ họp thứ 24 HĐND tỉnh khóa XVIII',
    html:
      '<p>Kính gửi các vị đại biểu và đại diện các cơ quan,</p><p>Tài liệu kỳ họp thứ 24 HĐND tỉnh khóa XVIII đã được đăng tải trên Cổng thông tin điện tử HĐND tỉnh. Đại biểu đăng nhập bằng tài khoản đã được cấp để xem và tải tài liệu:</p>' +
      '<p><a href="https://hdnd.thanhhoa.example/ky-hop/24/tai-lieu">https://hdnd.thanhhoa.example/ky-hop/24/tai-lieu</a></p>' +
      '<p><a href="https://hdnd.thanhhoa.example/ky-hop/24/tai-lieu" style="background:#0a5;color:#fff;padding:6px 12px;text-decoration:none">Xem tài liệu</a></p>' +
      '<p>Trường hợp quên mật khẩu, đại biểu liên hệ bộ phận kỹ thuật: 0237 3 755 000.</p><p>Trân trọng.</p>',
  });

  // 43. social insurance card expiry (BHYT hết hạn)
  add({
    id: 'bhyt-het-han',
    purpose: 'health insurance cards expiring at year end: list of staff, renew before 31/12 (hết hạn, gia hạn)',
    from: addr('BHXH huyện Đông Sơn', 'bhxh.dongson@thanhhoa.baohiemxahoi.gov.vn'),
    subject: 'Thông báo thẻ BHYT của người lao động sắp hết hạn sử dụng',
    text:
      'Kính gửi đơn vị,\n\nBHXH huyện thông báo 07 thẻ BHYT của người lao động tại đơn vị sẽ hết hạn sử dụng ngày 31/12/2024 (danh sách đính kèm). Đơn vị lập hồ sơ gia hạn trên phần mềm giao dịch điện tử trước ngày 15/12/2024 để không gián đoạn quyền lợi khám chữa bệnh.\n\n' +
      'Người lao động có thể kiểm tra hạn thẻ trên ứng dụng VssID.\n\nTrân trọng.',
    attachments: [{ type: PDF, name: 'DS the BHYT het han 31.12.2024.pdf', bytes: p.makePdf('Danh sach the BHYT het han') }],
  });

  // 44. exam results congratulation
  add({
    id: 'ket-qua-thi-nang-ngach',
    purpose: 'exam results for promotion with congratulations ("chúc mừng") and a deadline to submit papers',
    from: addr('Hội đồng thi nâng ngạch', 'hoidongthi.snv@thanhhoa.gov.vn'),
    subject: 'Thông báo kết quả thi nâng ngạch chuyên viên chính năm 2024',
    text:
      'Kính gửi các cơ quan, đơn vị,\n\nHội đồng thi nâng ngạch thông báo kết quả thi nâng ngạch từ chuyên viên lên chuyên viên chính năm 2024 (danh sách kèm theo). Xin chúc mừng các đồng chí đã trúng tuyển.\n\n' +
      'Đề nghị cơ quan có người trúng tuyển hoàn thiện hồ sơ bổ nhiệm ngạch gửi Sở Nội vụ trước ngày 30/11/2024. Người dự thi có quyền phúc khảo trong thời hạn 15 ngày kể từ ngày thông báo.\n\nTrân trọng.',
    attachments: [{ type: PDF, name: 'KQ thi nang ngach CVC 2024.pdf', bytes: p.makePdf('Ket qua thi nang ngach chuyen vien chinh 2024') }],
  });

  // 45. Zalo group invitation for a training class
  add({
    id: 'nhom-zalo-lop-tap-huan',
    purpose: 'a training class asks participants to join its Zalo group (a zalo.me link and a phone number)',
    from: addr('Trung tâm Phục vụ hành chính công', 'daotao.ttpvhcc@thanhhoa.gov.vn'),
    subject: 'Thông tin lớp tập huấn kỹ năng tiếp nhận hồ sơ trực tuyến',
    text:
      'Kính gửi các học viên,\n\nĐể tiện trao đổi tài liệu và thông báo lịch học, Ban tổ chức lập nhóm Zalo "Tập huấn DVCTT 11/2024". Học viên tham gia nhóm qua đường link https://zalo.me/g/tapdvctt1124 hoặc liên hệ cô Hạnh (0915 000 372) để được thêm vào nhóm.\n\n' +
      'Lịch học: 13h30 ngày 14 và 15/11/2024 tại phòng máy tầng 2, Trung tâm Phục vụ hành chính công tỉnh. Học viên mang theo máy tính xách tay.\n\nTrân trọng.',
  });

  // 46. OTP for the document system (internal)
  add({
    id: 'ma-otp-dang-nhap',
    purpose: 'a one-time code to sign in to the internal document system (OTP), internal sender',
    from: addr('iOffice', 'otp@ioffice.lachan.test'),
    subject: 'Mã xác thực đăng nhập hệ thống Quản lý văn bản',
    text: 'Mã xác thực (OTP) đăng nhập hệ thống Quản lý văn bản và điều hành của đồng chí là: 482913\nMã có hiệu lực trong 5 phút. Không cung cấp mã này cho bất kỳ ai.\n\nNếu đồng chí không thực hiện đăng nhập, vui lòng đổi mật khẩu và báo cho Trung tâm CNTT: 0237 3 999 000.',
  });

  // 47. supplier quote with Excel and bank account details
  add({
    id: 'bao-gia-nha-cung-cap',
    purpose: 'a supplier\u2019s quotation (xlsx) with a bank account for payment and a Zalo contact',
    from: addr('Công ty CP Thiết bị Tin học Sao Mai', 'kinhdoanh@saomai-it.example'),
    subject: 'Báo giá thiết bị phòng họp trực tuyến - Văn phòng UBND tỉnh',
    text:
      'Kính gửi Văn phòng UBND tỉnh,\n\nCông ty CP Thiết bị Tin học Sao Mai xin gửi báo giá thiết bị phòng họp trực tuyến theo yêu cầu (file đính kèm). Báo giá có hiệu lực 30 ngày. Giá đã bao gồm VAT, lắp đặt và bảo hành 24 tháng.\n\n' +
      'Thông tin thanh toán: Công ty CP Thiết bị Tin học Sao Mai - STK 0123456789 tại Vietcombank chi nhánh Thanh Hóa.\n\nMọi thông tin xin liên hệ: Mr. Quang - 0904 000 685 (Zalo).\n\nTrân trọng!',
    attachments: [{ type: XLSX, name: 'Bao gia phong hop truc tuyen.xlsx', bytes: await makeXlsx([['Thiết bị', 'SL', 'Đơn giá'], ['Camera hội nghị', 2, 28500000], ['Micro đa hướng', 4, 6200000]]) }],
  });

  return list;
}

const list = await fixtures();
writeFixtures(HERE, list, (m) => message(m));
