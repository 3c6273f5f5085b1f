#!/usr/bin/env node
// A second blind set of Vietnamese scams aimed at provincial staff, and of the legitimate mail that
// looks like them, for gateway/src/scan/blind-vi-2-messages.test.ts. Written by hand after
// blind-vi/, on the kinds of 2025–2026 that set does not cover: `gia-*` are scams (VNeID "định danh
// mức 2" biometric updates with links and APKs, BHXH / BHYT refunds, EVN overdue electricity bills,
// phạt nguội traffic fines with a QR code, tax refunds and "quyết toán thuế" forms, court summons and
// police invitations with archives, fake Cổng Dịch vụ công payments, iHTKK / eTax / chữ ký số /
// "chuyển đổi số" software updates that download a program, ministry conferences with a registration
// fee, Zalo / Telegram groups of a fake leader, bank "tài khoản bị tạm khóa" notices for Vietcombank,
// BIDV, Agribank and VietinBank, salary-arrears and allowance lists in macro workbooks, "Văn phòng
// UBND tỉnh" on free mail with Drive / OneDrive / Dropbox links, crypto for cán bộ, fake "khen
// thưởng" lists; in no-diacritics, spaced, leet and decomposed (NFD) text); `that-*` are the
// legitimate look-alikes a provincial office really gets (công văn from *.gov.vn with PDF / DOCX,
// real BHXH, tax, EVN and bank notices from their own domains, a colleague's Zalo meeting link on
// the province's own domain, a real ministry training with a fee, a commune's meeting notice on Gmail).
//   node test-fixtures/blind-vi-2/generate.mjs
// Scam domains are invented look-alikes (gov.vn.com, .top, .online, .click ...) and free hosting;
// the legitimate senders use the real organisations' domains, and never carry anything harmful.
// Relays in 192.0.2.0/24 (TEST-NET-1), scam links to raw addresses in 198.51.100.0/24 (TEST-NET-2).
// Deterministic.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as p from '../attachments/payloads.mjs';
import { addr, nfd, officeButton, officeMailRenderer, officePage, paragraphs, signature, writeFixtures } from '../mime-builder.mjs';

const require = createRequire(import.meta.url);
const QRCode = require('qrcode');
const HERE = dirname(fileURLToPath(import.meta.url));
const TO = addr('Trần Văn Hùng', 'hung.tv@lachan.test');
const DATE = 'Tue, 17 Nov 2026 08:12:00 +0700';

const message = officeMailRenderer({ to: TO, date: DATE, fallbackDomain: 'blind-vi-2.example', ipFrom: 60, idFrom: 2000, queueTag: ['9Kq', 'Zd'] });

const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const pdf = (name, text) => ({ type: PDF, name, bytes: p.makePdf(text) });
const page = officePage;
const para = paragraphs;
const btn = officeButton('#c00000');
const sig = signature;
const spaced = (s) => [...s].join(' ').replace(/ {3}/g, '   ');
const GMAIL = 'mail-sor-f41.google.com';
const OUTLOOK = 'mail-sg2apc01olkn2011.outbound.protection.outlook.com';

/** An Excel workbook with a VBA project (.xlsm), or without one (.xlsx). */
function workbook({ macros }) {
  const REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
  const main = macros ? 'application/vnd.ms-excel.sheet.macroEnabled.main+xml' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml';
  const files = {
    '[Content_Types].xml':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
      (macros ? `<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>` : '') +
      `<Override PartName="/xl/workbook.xml" ContentType="${main}"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${REL}"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Danh sach" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${REL}"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
      (macros ? `<Relationship Id="rId9" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>` : '') +
      `</Relationships>`,
    'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Ho ten</t></is></c></row></sheetData></worksheet>`,
  };
  if (macros) files['xl/vbaProject.bin'] = p.makeVbaStorage();
  return p.makeZip(files);
}

/** An Android package: a zip with a manifest and a dex file (inert). */
const apk = () => p.makeZip({ 'AndroidManifest.xml': Buffer.from([0x03, 0x00, 0x08, 0x00, 0, 0, 0, 0]), 'classes.dex': Buffer.from('dex\n035\0' + '\0'.repeat(104), 'latin1') });
const JS = Buffer.from('// inert test script\nvar sh = WScript.CreateObject("WScript.Shell");\nWScript.Echo("test");\n');

async function fixtures() {
  const qrPhat = await QRCode.toBuffer('https://csgt-phatnguoi.top/tra-cuu?bs=36A12345&nop=1', { type: 'png', scale: 4, margin: 4 });
  const qrPhatIp = await QRCode.toBuffer('http://198.51.100.88/phatnguoi/thanhtoan', { type: 'png', scale: 4, margin: 4 });
  const zipJsCongAn = await p.makeZip({ 'Giay_moi_lam_viec_CA.pdf.js': JS });
  const zipLnkCds = await p.makeZip({ 'Huong_dan_cai_dat.lnk': Buffer.from('L\0\0\0\x01\x14\x02\0', 'latin1'), 'readme.txt': Buffer.from('Chay tep Huong_dan_cai_dat') });
  const zipExeDrop = await p.makeZip({ 'Tai_lieu_hop_UBND.exe': p.makePe() });
  const zipDocsReal = await p.makeZip({ 'Bao_cao.pdf': p.makePdf('Bao cao'), 'Phu_luc.pdf': p.makePdf('Phu luc') });
  const L = [];
  const add = (m) => L.push(m);

  // ================================ SCAMS ===================================================
  // ---- VNeID / định danh điện tử mức 2 ---------------------------------------------------------
  add({
    id: 'gia-vneid-sinh-trac-link',
    purpose: 'VNeID level-2 "biometric update" with a log-in link, sender and link on vneid-gov.top',
    from: addr('Trung tâm RAR - Bộ Công an', 'thongbao@vneid-gov.top'),
    subject: 'Tài khoản định danh điện tử mức 2 của bạn sẽ bị khóa - cập nhật sinh trắc học',
    html: page(
      para('Kính gửi công dân,', 'Theo quy định mới từ ngày 01/01/2026, tài khoản <b>định danh điện tử mức 2 (VNeID)</b> chưa cập nhật sinh trắc học khuôn mặt sẽ bị tạm khóa và không thể thực hiện dịch vụ công.', 'Vui lòng đăng nhập và cập nhật sinh trắc học trong vòng 24 giờ.') +
        btn('https://vneid-gov.top/cap-nhat-sinh-trac', 'CẬP NHẬT NGAY'),
    ),
  });
  add({
    id: 'gia-vneid-apk-gmail',
    purpose: '"Công an tỉnh" on Gmail: install the "new VNeID" APK from a free host to finish level-2 identity',
    from: addr('Công an tỉnh - Phòng QLHC', 'congantinh.qlhc@gmail.com'),
    helo: GMAIL,
    subject: 'Hướng dẫn kích hoạt định danh điện tử mức 2 cho cán bộ, công chức',
    text:
      'Kính gửi cán bộ, công chức,\n\nThực hiện Đề án 06, 100% cán bộ phải kích hoạt định danh điện tử mức 2 trước ngày 20/11/2026. Do ứng dụng trên cửa hàng đang lỗi, đồng chí tải bản VNeID mới tại https://vneid-capnhat.web.app/VNeID_2026.apk , cài đặt, cho phép quyền truy cập và chụp ảnh khuôn mặt để xác thực.\n\nPhòng Quản lý hành chính về trật tự xã hội',
  });
  add({
    id: 'gia-vneid-khong-dau-bitly',
    purpose: 'VNeID account lock in no-diacritics text from Outlook.com, link shortened with bit.ly',
    from: addr('VNeID Ho tro', 'vneid.hotro@outlook.com'),
    helo: OUTLOOK,
    subject: 'Tai khoan VNeID cua ban bi tam khoa',
    text: 'Kinh gui cong dan,\n\nTai khoan dinh danh dien tu cua ban bi tam khoa do chua xac thuc sinh trac hoc. De mo khoa, vui long truy cap https://bit.ly/vneid-mokhoa va nhap so CCCD, mat khau VNeID, ma OTP. Sau 24h tai khoan se bi huy vinh vien.\n\nBo phan ho tro VNeID',
  });
  add({
    id: 'gia-vneid-spaced-apk',
    purpose: 'biometric update with the key words s p a c e d out and a link straight to an .apk on pages.dev',
    from: addr('Dinh danh dien tu', 'no-reply@dinhdanh-dientu.click'),
    subject: spaced('CẬP NHẬT SINH TRẮC HỌC'),
    text: `${spaced('Tài khoản định danh')} của bạn ${spaced('sẽ bị khóa')} trong 24 giờ.\nTải ứng dụng xác thực: https://dinhdanh-xacthuc.pages.dev/app/DinhDanh.apk\nCài đặt và làm theo hướng dẫn.`,
  });
  // ---- BHXH / BHYT --------------------------------------------------------------------------
  add({
    id: 'gia-bhxh-hoan-tien-link',
    purpose: 'BHXH "refund of overpaid contributions" asking for bank account and OTP on a gov.vn.com look-alike',
    from: addr('Bảo hiểm xã hội Việt Nam', 'hoantra@baohiemxahoi-gov.vn.com'),
    subject: 'Thông báo hoàn trả tiền đóng BHXH, BHYT thừa năm 2025',
    html: page(
      para('Kính gửi người tham gia,', 'Bảo hiểm xã hội Việt Nam thông báo quý vị được <b>hoàn trả 3.860.000 đồng</b> tiền đóng BHYT trùng năm 2025.', 'Để nhận tiền, vui lòng điền số tài khoản ngân hàng, số CCCD và mã OTP xác nhận trước 17h00 ngày 20/11/2026. Quá hạn, khoản hoàn trả sẽ bị hủy.') +
        btn('https://baohiemxahoi-gov.vn.com/hoan-tra', 'NHẬN TIỀN HOÀN TRẢ'),
    ),
  });
  add({
    id: 'gia-bhyt-the-het-han-nfd',
    purpose: 'BHYT card expiry written in decomposed (NFD) text, link on weebly',
    from: addr(nfd('Bảo hiểm y tế'), 'thongbao@bhyt-giahan.example'),
    subject: nfd('Thẻ BHYT của bạn đã hết hạn - gia hạn trực tuyến'),
    text: nfd('Kính gửi quý khách,\n\nThẻ bảo hiểm y tế của quý khách đã hết hạn sử dụng. Để tiếp tục được hưởng quyền lợi khám chữa bệnh, vui lòng gia hạn trực tuyến và thanh toán phí tại đường dẫn dưới đây trong hôm nay:\n\nhttps://giahan-bhyt.weebly.com\n\nBảo hiểm xã hội'),
  });
  add({
    id: 'gia-vssid-apk',
    purpose: 'a "VssID update" APK attached to a BHXH-looking mail from a .online domain',
    from: addr('BHXH tỉnh - VssID', 'vssid@bhxh-tinh.online'),
    subject: 'Cập nhật ứng dụng VssID bắt buộc để nhận trợ cấp',
    text: 'Kính gửi người lao động,\n\nỨng dụng VssID phiên bản cũ đã ngừng hoạt động. Để nhận trợ cấp và tra cứu quá trình đóng BHXH, vui lòng cài đặt bản cập nhật đính kèm trên điện thoại Android.\n\nBảo hiểm xã hội tỉnh',
    attachments: [{ type: 'application/vnd.android.package-archive', name: 'VssID_capnhat.apk', bytes: await apk() }],
  });
  // ---- EVN tiền điện ------------------------------------------------------------------------
  add({
    id: 'gia-evn-qua-han-link',
    purpose: 'EVN overdue electricity bill, power cut threatened, payment link on a look-alike .online domain',
    from: addr('EVN - Tổng công ty Điện lực', 'cskh@evn-thanhtoan.online'),
    subject: 'Thông báo tiền điện quá hạn - ngừng cấp điện sau 24h',
    html: page(
      para('Kính gửi khách hàng,', 'Hóa đơn tiền điện tháng 10/2026 của quý khách số tiền <b>2.436.800 đồng</b> đã quá hạn thanh toán. Điện lực sẽ <b>ngừng cấp điện</b> sau 24 giờ nếu không thanh toán.', 'Vui lòng thanh toán ngay qua cổng trực tuyến dưới đây.') +
        btn('https://evn-thanhtoan.online/hoadon?ma=PA0512345', 'THANH TOÁN NGAY'),
    ),
  });
  add({
    id: 'gia-evn-khong-dau-stk',
    purpose: 'EVN overdue bill in no-diacritics, pay to a personal account, no link',
    from: addr('Dien luc tinh', 'dienluc.thongbao@evn-cskh.example'),
    subject: 'Thong bao ngung cap dien do no tien dien',
    text: 'Kinh gui khach hang,\n\nKhach hang ma PA0512345 no tien dien 2 thang, tong 1.870.000d. Dien luc se ngung cap dien vao 14h hom nay. De tranh bi cat dien, chuyen khoan ngay vao STK 1903 8877 6655 (Techcombank - Nguyen Van Long), noi dung: ma khach hang.\n\nDien luc',
  });
  // ---- Phạt nguội ---------------------------------------------------------------------------
  add({
    id: 'gia-phat-nguoi-qr',
    purpose: 'traffic fine (phạt nguội) from Gmail with a QR code pointing at a .top domain',
    from: addr('Cục Cảnh sát giao thông', 'phatnguoi.csgt@gmail.com'),
    helo: GMAIL,
    subject: 'Thông báo vi phạm giao thông qua hình ảnh - phương tiện 36A-123.45',
    html: page(
      para('Kính gửi chủ phương tiện,', 'Phương tiện biển số <b>36A-123.45</b> vi phạm lỗi vượt đèn đỏ ngày 02/11/2026, mức phạt 6.000.000 đồng. Nộp phạt trực tuyến trong 48 giờ để được giảm 50%, quá hạn sẽ bị tước giấy phép lái xe.', 'Quét mã QR để nộp phạt:') +
        '<p><img src="cid:qr-phat" alt="QR nop phat"></p>',
    ),
    attachments: [{ type: 'image/png', name: 'qr.png', bytes: qrPhat, inline: true, cid: 'qr-phat' }],
  });
  add({
    id: 'gia-phat-nguoi-qr-ip-khong-dau',
    purpose: 'traffic fine in no-diacritics from a .xyz domain, QR code to a raw address',
    from: addr('CSGT Phat nguoi', 'thongbao@phatnguoi-vn.xyz'),
    subject: 'Phuong tien cua ban co 1 loi phat nguoi chua nop',
    html: page(para('Kinh gui chu xe,', 'Xe cua ban co 1 loi phat nguoi chua nop phat. Quet ma QR de nop phat truoc 17h hom nay, neu khong ho so se chuyen sang cuong che.') + '<p><img src="cid:qr-ip" alt="QR"></p>'),
    attachments: [{ type: 'image/png', name: 'ma-qr.png', bytes: qrPhatIp, inline: true, cid: 'qr-ip' }],
  });
  // ---- Thuế --------------------------------------------------------------------------------
  add({
    id: 'gia-thue-hoan-tncn-link',
    purpose: 'personal income tax refund (hoàn thuế TNCN) with a log-in link on thuedientu-gdt.online',
    from: addr('Cục Thuế - Tổng cục Thuế', 'hoanthue@thuedientu-gdt.online'),
    subject: 'Thông báo hoàn thuế thu nhập cá nhân năm 2025',
    html: page(
      para('Kính gửi người nộp thuế,', 'Cơ quan thuế thông báo ông/bà được <b>hoàn thuế TNCN 4.215.000 đồng</b> theo quyết toán năm 2025.', 'Để nhận tiền hoàn thuế, vui lòng đăng nhập tài khoản thuế điện tử và xác nhận số tài khoản ngân hàng trước ngày 20/11/2026.') +
        btn('https://thuedientu-gdt.online/hoanthue/dang-nhap', 'NHẬN HOÀN THUẾ'),
    ),
  });
  add({
    id: 'gia-thue-quyet-toan-docm',
    purpose: '"quyết toán thuế" form as a macro Word document (.docm) from Gmail, "Enable Content"',
    from: addr('Chi cục Thuế khu vực', 'chicucthue.kv3@gmail.com'),
    helo: GMAIL,
    subject: 'Mẫu tờ khai quyết toán thuế TNCN năm 2025 - đơn vị hoàn thiện gửi lại',
    text: 'Kính gửi kế toán đơn vị,\n\nChi cục Thuế gửi mẫu tờ khai quyết toán thuế TNCN 02/QTT-TNCN (đính kèm). Đề nghị đơn vị mở tệp, chọn "Enable Editing" và "Enable Content" để tệp tự tính số thuế, hoàn thiện và gửi lại trước 20/11/2026.\n\nChi cục Thuế',
    attachments: [{ type: 'application/vnd.ms-word.document.macroEnabled.12', name: 'To_khai_02_QTT_TNCN.docm', bytes: await p.makeWordDocument({ macros: true, text: 'To khai quyet toan' }) }],
  });
  add({
    id: 'gia-ihtkk-exe-link',
    purpose: '"iHTKK / HTKK" update from a look-alike tax domain with a link to an .exe',
    from: addr('Tổng cục Thuế - Hỗ trợ HTKK', 'hotro@thuedientu-gdt.online'),
    subject: 'Nâng cấp ứng dụng HTKK 5.3.0 bắt buộc từ ngày 18/11/2026',
    text: 'Kính gửi người nộp thuế,\n\nTừ ngày 18/11/2026 các tờ khai lập bằng HTKK phiên bản cũ sẽ không được chấp nhận. Đề nghị tải và cài đặt ngay bản nâng cấp:\nhttps://thuedientu-gdt.online/download/HTKK_5.3.0_Setup.exe\n\nTổng cục Thuế',
  });
  add({
    id: 'gia-etax-msi-attach',
    purpose: 'an "eTax" plug-in installer (.msi) attached, sender on a .site domain',
    from: addr('eTax - Thuế điện tử', 'capnhat@etax-gdt.site'),
    subject: 'Cài đặt plugin ký số eTax mới cho kế toán đơn vị',
    text: 'Kính gửi kế toán,\n\nHệ thống eTax đã thay đổi plugin ký số. Vui lòng cài đặt tệp đính kèm với quyền quản trị để tiếp tục nộp tờ khai.\n\nHỗ trợ eTax',
    attachments: [{ type: 'application/x-msi', name: 'eTaxSigner_2026.msi', bytes: p.makeOleDoc() }],
  });
  // ---- Tòa án, Công an -----------------------------------------------------------------------
  add({
    id: 'gia-toa-an-trieu-tap-rar',
    purpose: '"Tòa án nhân dân" summons as a .rar from Outlook.com',
    from: addr('Tòa án nhân dân tỉnh', 'toaan.nhandan.tinh@outlook.com'),
    helo: OUTLOOK,
    subject: 'Giấy triệu tập đương sự - vụ án số 127/2026/DS-ST',
    text: 'Kính gửi ông/bà,\n\nTòa án nhân dân tỉnh triệu tập ông/bà có mặt lúc 8h00 ngày 19/11/2026 để giải quyết vụ án số 127/2026/DS-ST. Hồ sơ vụ án và giấy triệu tập trong tệp nén đính kèm. Vắng mặt không lý do sẽ bị xét xử vắng mặt.\n\nThư ký Tòa án',
    attachments: [{ type: 'application/x-rar-compressed', name: 'Ho_so_vu_an_127.rar', bytes: p.makeRarHeader() }],
  });
  add({
    id: 'gia-cong-an-moi-lam-viec-zip-js',
    purpose: 'police "invitation to work" as a zip holding a script disguised as a PDF (.pdf.js), look-alike domain',
    from: addr('Công an tỉnh - Phòng An ninh kinh tế', 'pa04@congan-gov.vn.com'),
    subject: 'Giấy mời làm việc (lần 2) - đề nghị có mặt đúng hẹn',
    text: 'Kính gửi đồng chí,\n\nCông an tỉnh mời đồng chí đến làm việc để làm rõ một số nội dung liên quan đến vụ việc đang xác minh. Giấy mời và nội dung làm việc trong tệp đính kèm (hồ sơ). Đề nghị mở tệp, xem kỹ và giữ bí mật.\n\nPhòng An ninh kinh tế',
    attachments: [{ type: 'application/zip', name: 'Ho_so_moi_lam_viec.zip', bytes: zipJsCongAn }],
  });
  // ---- Cổng Dịch vụ công ---------------------------------------------------------------------
  add({
    id: 'gia-dvc-thanh-toan-gov-vn-com',
    purpose: 'fake Cổng Dịch vụ công payment, sender and link on dichvucong-gov.vn.com',
    from: addr('Cổng Dịch vụ công quốc gia', 'thanhtoan@dichvucong-gov.vn.com'),
    subject: 'Hồ sơ của bạn chưa hoàn thành nghĩa vụ tài chính',
    html: page(
      para('Kính gửi ông/bà,', 'Hồ sơ <b>G22.36-261110-0042</b> trên Cổng Dịch vụ công quốc gia chưa thanh toán phí, lệ phí 520.000 đồng. Hồ sơ sẽ bị từ chối sau 24 giờ.', 'Vui lòng đăng nhập bằng tài khoản VNeID để thanh toán.') +
        btn('https://dichvucong-gov.vn.com/thanh-toan?hs=G22.36-261110-0042', 'THANH TOÁN TRỰC TUYẾN'),
    ),
  });
  // ---- Phần mềm: chữ ký số, chuyển đổi số ----------------------------------------------------
  add({
    id: 'gia-chuyen-doi-so-zip-lnk',
    purpose: '"phần mềm chuyển đổi số" to install, a zip with a shortcut (.lnk) from a Gmail address',
    from: addr('Ban Chỉ đạo chuyển đổi số tỉnh', 'bcd.chuyendoiso.tinh@gmail.com'),
    helo: GMAIL,
    subject: 'Cài đặt phần mềm theo dõi chỉ số chuyển đổi số (bắt buộc)',
    text: 'Kính gửi các cơ quan, đơn vị,\n\nThực hiện kế hoạch chuyển đổi số năm 2026, mỗi máy tính của cán bộ phải cài đặt phần mềm theo dõi chỉ số chuyển đổi số trước ngày 20/11. Giải nén tệp đính kèm và chạy tệp Huong_dan_cai_dat.\n\nBan Chỉ đạo chuyển đổi số',
    attachments: [{ type: 'application/zip', name: 'PhanMem_CDS_2026.zip', bytes: zipLnkCds }],
  });
  add({
    id: 'gia-chu-ky-so-tu-xa-apk',
    purpose: 'a "remote digital signature" app as an .apk on Dropbox, from a .top domain',
    from: addr('Chữ ký số từ xa - Hỗ trợ', 'hotro@kysotuxa-gov.top'),
    subject: 'Chuyển đổi sang chữ ký số từ xa trên điện thoại trước 30/11/2026',
    text: 'Kính gửi cán bộ, công chức,\n\nTheo lộ trình, USB Token sẽ ngừng sử dụng từ 01/12/2026. Đồng chí cài đặt ứng dụng ký số từ xa tại https://www.dropbox.com/s/a1b2c3d4/KySoTuXa.apk?dl=1 và đăng nhập bằng tài khoản thư công vụ để kích hoạt.\n\nBộ phận hỗ trợ',
  });
  // ---- Hội nghị, hội thảo có phí -------------------------------------------------------------
  add({
    id: 'gia-hoi-nghi-bo-tttt-phi',
    purpose: '"Bộ Thông tin và Truyền thông" conference on Gmail with a registration fee to a personal account',
    from: addr('Bộ Thông tin và Truyền thông - Ban Tổ chức', 'hoinghi.botttt@gmail.com'),
    helo: GMAIL,
    subject: 'Giấy mời Hội nghị tập huấn chuyển đổi số cấp xã năm 2026',
    text: 'Kính gửi UBND các xã, phường,\n\nBộ Thông tin và Truyền thông tổ chức Hội nghị tập huấn chuyển đổi số cấp xã ngày 25-26/11/2026 tại Hà Nội. Mỗi đơn vị cử 02 cán bộ tham dự, phí hội nghị 2.800.000đ/người, chuyển khoản trước ngày 20/11 vào STK 0691 0004 5566 (Vietcombank - Phạm Thị Lan), ghi rõ tên đơn vị. Sau khi chuyển khoản, nhắn Zalo 0903 221 445 để nhận tài liệu.\n\nBan Tổ chức',
  });
  add({
    id: 'gia-hoi-thao-bo-khcn-link',
    purpose: '"Bộ Khoa học và Công nghệ" seminar with a fee paid through a registration link on a look-alike',
    from: addr('Bộ Khoa học và Công nghệ', 'hoithao@most-gov.vn.com'),
    subject: 'Thư mời Hội thảo quốc gia về trí tuệ nhân tạo trong cơ quan nhà nước',
    html: page(
      para('Kính gửi lãnh đạo đơn vị,', 'Bộ Khoa học và Công nghệ trân trọng kính mời đơn vị cử cán bộ tham dự Hội thảo quốc gia "Ứng dụng trí tuệ nhân tạo trong cơ quan nhà nước" ngày 28/11/2026.', 'Kinh phí tham dự 3.500.000 đồng/đại biểu, đăng ký và thanh toán trực tuyến trước 21/11/2026.') +
        btn('https://most-gov.vn.com/dang-ky-hoi-thao', 'ĐĂNG KÝ THAM DỰ'),
    ),
  });
  // ---- Lãnh đạo giả: Zalo / Telegram ---------------------------------------------------------
  add({
    id: 'gia-zalo-pho-chu-tich-gmail',
    purpose: 'the "Phó Chủ tịch UBND tỉnh" on Gmail invites to a private Zalo group and asks for discretion',
    from: addr('Phó Chủ tịch UBND tỉnh Lê Minh Tuấn', 'leminhtuan.ubnd@gmail.com'),
    helo: GMAIL,
    subject: 'Tham gia nhóm Zalo công việc',
    text: 'Đồng chí vào nhóm Zalo này để nhận chỉ đạo trực tiếp về đợt kiểm tra sắp tới: https://zalo.me/g/pct-kiemtra26. Vào xong nhắn riêng cho tôi, không trao đổi với người khác.\n\nLê Minh Tuấn',
  });
  add({
    id: 'gia-telegram-giam-doc-outlook',
    purpose: 'a "Giám đốc Sở" on Outlook.com moves the conversation to Telegram and hints at an urgent payment',
    from: addr('Giám đốc Sở Tài chính', 'giamdoc.sotaichinh@outlook.com'),
    helo: OUTLOOK,
    subject: 'Việc gấp',
    text: 'Em đang ở cơ quan không? Anh đang họp, em tham gia nhóm Telegram https://t.me/+Xk9pQ2aLm3 để anh giao việc, có khoản cần chuyển gấp trong sáng nay. Đừng gọi điện.\n',
  });
  // ---- Ngân hàng: tài khoản bị tạm khóa -------------------------------------------------------
  add({
    id: 'gia-vietcombank-tam-khoa',
    purpose: '"Vietcombank" account suspension with a link on a .top look-alike',
    from: addr('Vietcombank', 'canhbao@vietcombank-vn.top'),
    subject: 'Tài khoản của Quý khách bị tạm khóa',
    html: page(
      para('Kính gửi Quý khách,', 'Tài khoản Vietcombank của Quý khách <b>bị tạm khóa</b> do chưa cập nhật sinh trắc học theo Quyết định 2345/QĐ-NHNN.', 'Vui lòng đăng nhập VCB Digibank để xác thực và mở khóa trong 24 giờ.') +
        btn('https://vietcombank-vn.top/digibank/login', 'MỞ KHÓA TÀI KHOẢN'),
    ),
  });
  add({
    id: 'gia-bidv-khong-dau-webapp',
    purpose: '"BIDV" account lock in no-diacritics text, link on web.app',
    from: addr('BIDV SmartBanking', 'thongbao@bidv-smart.example'),
    subject: 'BIDV: Tai khoan cua quy khach da bi tam khoa',
    text: 'Kinh gui quy khach,\n\nTai khoan BIDV cua quy khach da bi tam khoa do phat hien giao dich bat thuong. Vui long dang nhap va xac thuc thong tin de mo khoa: https://bidv-xacthuc.web.app/login\nNeu khong xac thuc trong 12h, tai khoan se bi dong vinh vien.\n\nBIDV',
  });
  add({
    id: 'gia-agribank-leet',
    purpose: '"Agribank" lock with leet letters and a bit.ly link',
    from: addr('Agr1bank', 'info@agribank-canhbao.click'),
    subject: 'T4i kh0an Agr1bank cua b4n bi t4m kh0a',
    text: 'T4i kh0an Agr1bank cua b4n bi t4m kh0a. Xac thuc ngay de m0 kh0a: https://bit.ly/agr1-m0khoa\nNh4p t4i kh0an, m4t kh4u va m4 OTP de h0an tat.',
  });
  add({
    id: 'gia-vietinbank-sinh-trac',
    purpose: '"VietinBank" biometric update from Gmail, link on a .online look-alike',
    from: addr('VietinBank iPay', 'vietinbank.ipay.hotro@gmail.com'),
    helo: GMAIL,
    subject: 'VietinBank thông báo: cập nhật sinh trắc học trước ngày 20/11/2026',
    text: 'Kính gửi Quý khách,\n\nTheo quy định của Ngân hàng Nhà nước, tài khoản chưa cập nhật sinh trắc học sẽ bị tạm khóa giao dịch trực tuyến. Quý khách vui lòng cập nhật tại https://vietinbank-ipay.online/sinhtrac , nhập số tài khoản, mật khẩu iPay và mã OTP.\n\nVietinBank',
  });
  // ---- Lương, phụ cấp: bảng tính có macro -----------------------------------------------------
  add({
    id: 'gia-truy-linh-luong-xlsm',
    purpose: 'salary-arrears list as a macro workbook (.xlsm) from a Gmail "Phòng Kế toán"',
    from: addr('Phòng Kế toán - Văn phòng UBND', 'ketoan.vpubnd.tinh@gmail.com'),
    helo: GMAIL,
    subject: 'Danh sách truy lĩnh lương theo mức lương cơ sở mới',
    text: 'Kính gửi cán bộ, công chức,\n\nPhòng Kế toán gửi danh sách truy lĩnh tiền lương theo mức lương cơ sở mới (tệp Excel đính kèm). Đồng chí mở tệp, bấm "Enable Content" để xem số tiền của mình và xác nhận trước 17h ngày 19/11/2026.\n\nPhòng Kế toán',
    attachments: [{ type: 'application/vnd.ms-excel.sheet.macroEnabled.12', name: 'Danh_sach_truy_linh_luong.xlsm', bytes: await workbook({ macros: true }) }],
  });
  add({
    id: 'gia-phu-cap-xls-macro-khong-dau',
    purpose: 'allowance list in no-diacritics text, an .xls with a hidden Excel 4.0 macro sheet, .xyz sender',
    from: addr('Phong To chuc', 'tochuc@phucap-congvu.xyz'),
    subject: 'Danh sach dieu chinh phu cap cong vu thang 11',
    text: 'Kinh gui cac dong chi,\n\nGui danh sach dieu chinh phu cap cong vu thang 11/2026. Mo tep dinh kem, bat macro de hien so lieu va kiem tra ten cua minh.\n\nPhong To chuc',
    attachments: [{ type: 'application/vnd.ms-excel', name: 'Phu_cap_thang_11.xls', bytes: p.makeXls({ macroSheet: 'very-hidden' }) }],
  });
  // ---- Văn phòng UBND tỉnh trên thư miễn phí, liên kết lưu trữ đám mây ---------------------------
  add({
    id: 'gia-vpubnd-google-drive-gmail',
    purpose: '"Văn phòng UBND tỉnh" on Gmail: "urgent documents" on a Google Drive link, log in to see them',
    from: addr('Văn phòng UBND tỉnh', 'vanphong.ubndtinh.vn@gmail.com'),
    helo: GMAIL,
    subject: 'Tài liệu họp khẩn UBND tỉnh - mật',
    text: 'Kính gửi đồng chí,\n\nVăn phòng UBND tỉnh gửi tài liệu cuộc họp khẩn chiều nay. Tài liệu mật, chỉ xem được khi đăng nhập bằng tài khoản thư công vụ:\nhttps://drive.google.com/file/d/1Qx7aBcDeFgHiJkLmNoP/view?usp=sharing\n\nVăn phòng UBND tỉnh',
  });
  add({
    id: 'gia-vpubnd-onedrive-outlook',
    purpose: '"Văn phòng UBND tỉnh" on Outlook.com: a OneDrive link to a "công văn" behind a log-in',
    from: addr('VP UBND tỉnh - Phòng Hành chính', 'vp.ubnd.hanhchinh@outlook.com'),
    helo: OUTLOOK,
    subject: 'Công văn hỏa tốc số 2871/UBND-VP',
    html: page(
      para('Kính gửi Thủ trưởng đơn vị,', 'Văn phòng UBND tỉnh chia sẻ Công văn hỏa tốc số 2871/UBND-VP qua OneDrive. Vui lòng xác minh tài khoản thư công vụ để xem.') +
        btn('https://1drv.ms/b/s!AqWeRtYuIoPaSdFg', 'XEM CÔNG VĂN'),
    ),
  });
  add({
    id: 'gia-vpubnd-dropbox-zip-exe',
    purpose: '"UBND tỉnh" on Yahoo with a Dropbox link to a zip, and the same zip attached holding a program',
    from: addr('UBND tỉnh', 'ubnd.tinh.vanthu@yahoo.com'),
    helo: 'sonic305-21.consmr.mail.sg3.yahoo.com',
    subject: 'Tài liệu phục vụ kỳ họp HĐND tỉnh',
    text: 'Kính gửi đại biểu,\n\nGửi tài liệu phục vụ kỳ họp thứ 12 HĐND tỉnh (đính kèm; bản đầy đủ tại https://www.dropbox.com/scl/fi/x9y8z7/TaiLieuKyHop.zip?dl=1 ). Đề nghị đại biểu nghiên cứu trước.\n\nVăn phòng',
    attachments: [{ type: 'application/zip', name: 'Tai_lieu_ky_hop.zip', bytes: zipExeDrop }],
  });
  // ---- Đầu tư, khen thưởng -------------------------------------------------------------------
  add({
    id: 'gia-crypto-can-bo',
    purpose: 'crypto "investment fund for cán bộ" with guaranteed profit and a Telegram link',
    from: addr('Quỹ Đầu tư Số Việt', 'lienhe@quydautuso-vn.example'),
    subject: 'Chương trình đầu tư tiền số dành riêng cho cán bộ, công chức',
    text: 'Kính gửi anh/chị cán bộ,\n\nChương trình đầu tư USDT dành riêng cho cán bộ, công chức: lợi nhuận cố định 2,5%/ngày, cam kết hoàn vốn, rút tiền về tài khoản trong 5 phút. Nhóm hướng dẫn trên Telegram: https://t.me/dautuso_canbo\n\nSố suất có hạn.',
  });
  add({
    id: 'gia-khen-thuong-weebly',
    purpose: 'fake "khen thưởng" list: confirm your details to receive the bonus, link on weebly, from a .top domain',
    from: addr('Ban Thi đua - Khen thưởng', 'thiduakhenthuong@banthidua-tinh.top'),
    subject: 'Danh sách cá nhân được khen thưởng năm 2026 - xác nhận nhận tiền thưởng',
    text: 'Kính gửi đồng chí,\n\nĐồng chí có tên trong danh sách cá nhân được tặng Bằng khen của Chủ tịch UBND tỉnh năm 2026, kèm tiền thưởng 1.490.000 đồng. Để nhận tiền thưởng, đồng chí xác nhận thông tin cá nhân và số tài khoản tại https://khenthuong-2026.weebly.com trước ngày 20/11/2026.\n\nBan Thi đua - Khen thưởng',
  });
  add({
    id: 'gia-khen-thuong-khong-dau-gmail',
    purpose: 'fake commendation in no-diacritics from Gmail, pay a "phí làm khung bằng khen" to a personal account',
    from: addr('Ban Thi dua Khen thuong tinh', 'banthidua.khenthuong@gmail.com'),
    helo: GMAIL,
    subject: 'Thong bao nhan Bang khen va tien thuong',
    text: 'Kinh gui dong chi,\n\nDong chi duoc tang Bang khen nam 2026. De nhan Bang khen va tien thuong, dong chi nop phi lam khung va phoi bang 450.000d vao STK 1027 3344 5566 (Vietinbank - Do Van Hai) truoc 17h ngay mai, noi dung: ho ten + don vi.\n\nBan Thi dua',
  });

  // ============================ LEGITIMATE LOOK-ALIKES =========================================
  add({
    id: 'that-cong-van-ubnd-pdf',
    purpose: 'a numbered công văn from the provincial committee with a PDF, from its gov.vn domain',
    from: addr('Văn phòng UBND tỉnh Thanh Hóa', 'vanthu@thanhhoa.gov.vn'),
    subject: 'Công văn số 15320/UBND-KSTTHC về việc đẩy mạnh thanh toán trực tuyến trên Cổng Dịch vụ công',
    text: 'Kính gửi: Các sở, ban, ngành; UBND các xã, phường.\n\nUBND tỉnh gửi Công văn số 15320/UBND-KSTTHC ngày 12/11/2026 về việc đẩy mạnh thanh toán phí, lệ phí trực tuyến trên Cổng Dịch vụ công quốc gia (đính kèm). Đề nghị các đơn vị triển khai thực hiện, báo cáo kết quả trước ngày 30/11/2026.' + sig('Văn thư', 'Văn phòng UBND tỉnh', '0237 3852 000'),
    attachments: [pdf('CV_15320_UBND-KSTTHC.pdf', 'Cong van thanh toan truc tuyen')],
  });
  add({
    id: 'that-so-tai-chinh-docx-pdf',
    purpose: 'Sở Tài chính asks units for a salary-fund report, a DOCX form and the PDF letter',
    from: addr('Sở Tài chính', 'vanthu.stc@thanhhoa.gov.vn'),
    subject: 'Báo cáo nhu cầu kinh phí thực hiện chế độ tiền lương năm 2026 (CV 4512/STC-QLNS)',
    text: 'Kính gửi: Các cơ quan, đơn vị dự toán cấp tỉnh.\n\nSở Tài chính đề nghị các đơn vị lập báo cáo nhu cầu kinh phí thực hiện chế độ tiền lương, phụ cấp năm 2026 theo mẫu đính kèm, gửi về Sở trước ngày 25/11/2026 qua hệ thống quản lý văn bản.' + sig('Phòng Quản lý ngân sách', 'Sở Tài chính', '0237 3852 451'),
    attachments: [pdf('CV_4512_STC-QLNS.pdf', 'Bao cao nhu cau kinh phi'), { type: DOCX, name: 'Mau_bao_cao_tien_luong.docx', bytes: await p.makeWordDocument({ text: 'Mẫu báo cáo' }) }],
  });
  add({
    id: 'that-bhxh-vssid-huong-dan',
    purpose: 'BHXH Việt Nam on its own domain: install VssID only from the app stores, never from links',
    from: addr('Bảo hiểm xã hội Việt Nam', 'truyenthong@baohiemxahoi.gov.vn'),
    subject: 'Khuyến cáo: cảnh giác với thủ đoạn giả mạo cơ quan BHXH',
    text: 'Kính gửi người tham gia BHXH, BHYT,\n\nThời gian gần đây xuất hiện các đối tượng giả danh cơ quan BHXH gọi điện, gửi tin nhắn yêu cầu cài đặt ứng dụng VssID giả hoặc thông báo hoàn trả tiền đóng BHYT để chiếm đoạt tài sản. BHXH Việt Nam khuyến cáo: ứng dụng VssID chỉ tải từ App Store và Google Play; cơ quan BHXH không yêu cầu cung cấp mã OTP. Thông tin chính thức tại https://baohiemxahoi.gov.vn.\n\nTrung tâm Truyền thông - BHXH Việt Nam',
  });
  add({
    id: 'that-bhxh-tinh-bhyt-gia-han',
    purpose: 'BHXH tỉnh reminds units to renew employees\u2019 BHYT cards, PDF, from the province BHXH gov.vn domain',
    from: addr('BHXH tỉnh Thanh Hóa', 'phongthu@thanhhoa.baohiemxahoi.gov.vn'),
    subject: 'Thông báo gia hạn thẻ BHYT năm 2027 cho người lao động (TB 812/BHXH-QLT)',
    text: 'Kính gửi các đơn vị sử dụng lao động.\n\nThẻ BHYT của người lao động tại đơn vị hết hạn ngày 31/12/2026. Đề nghị đơn vị rà soát danh sách và lập hồ sơ gia hạn trên phần mềm kê khai BHXH trước ngày 15/12/2026. Thông báo số 812/BHXH-QLT đính kèm.' + sig('Phòng Quản lý thu', 'BHXH tỉnh', '0237 3852 812'),
    attachments: [pdf('TB_812_BHXH-QLT.pdf', 'Gia han the BHYT')],
  });
  add({
    id: 'that-thue-hoan-thue-chap-nhan',
    purpose: 'the tax portal\u2019s automatic notice that a refund request was accepted, from gdt.gov.vn',
    from: addr('Cục Thuế', 'noreply@gdt.gov.vn'),
    subject: 'Thông báo về việc chấp nhận hồ sơ đề nghị hoàn thuế TNCN',
    text: 'Kính gửi: TRAN VAN HUNG - MST 2801234567\n\nCơ quan thuế đã nhận hồ sơ đề nghị hoàn thuế thu nhập cá nhân năm 2025 của người nộp thuế gửi qua Cổng thông tin điện tử ngày 10/11/2026 và chấp nhận hồ sơ (Thông báo mẫu 01/TB-HT). Số tiền hoàn sẽ được chuyển vào tài khoản người nộp thuế đã đăng ký trong hồ sơ. Tra cứu tại https://canhan.gdt.gov.vn.\n\nĐây là thư tự động, vui lòng không trả lời.',
  });
  add({
    id: 'that-thue-quyet-toan-huong-dan',
    purpose: 'the tax office\u2019s guidance on the annual PIT settlement with the PDF letter, from gdt.gov.vn',
    from: addr('Thuế tỉnh Thanh Hóa', 'tuyentruyen.thanhhoa@gdt.gov.vn'),
    subject: 'Hướng dẫn quyết toán thuế TNCN năm 2025 đối với tổ chức chi trả thu nhập',
    text: 'Kính gửi: Các cơ quan, đơn vị chi trả thu nhập.\n\nThuế tỉnh hướng dẫn tổ chức chi trả thu nhập thực hiện quyết toán thuế TNCN năm 2025: lập tờ khai 05/QTT-TNCN trên ứng dụng HTKK hoặc trên Cổng https://thuedientu.gdt.gov.vn, ký số và nộp đúng hạn. Ứng dụng HTKK tải từ trang https://www.gdt.gov.vn. Công văn hướng dẫn đính kèm.' + sig('Phòng Tuyên truyền, hỗ trợ', 'Thuế tỉnh', '0237 3855 555'),
    attachments: [pdf('CV_huong_dan_QTT_2025.pdf', 'Huong dan quyet toan')],
  });
  add({
    id: 'that-evn-hoa-don-thang',
    purpose: 'EVN\u2019s monthly electricity bill notice from its own domain, link to its own portal',
    from: addr('EVNNPC - Chăm sóc khách hàng', 'cskh@npc.com.vn'),
    subject: 'Thông báo tiền điện tháng 10/2026 - Mã KH PA05TH0012345',
    text: 'Kính gửi khách hàng VAN PHONG UBND XA TAN PHONG,\n\nTiền điện kỳ 10/2026: 3.112.450 đồng (1.652 kWh). Hạn thanh toán: 25/11/2026. Quý khách thanh toán qua ngân hàng, ví điện tử hoặc tại quầy thu của Điện lực. Tra cứu hóa đơn tại https://cskh.npc.com.vn.\n\nTổng đài CSKH: 19006769',
  });
  add({
    id: 'that-evn-nhac-no-lan-2',
    purpose: 'EVN\u2019s real second reminder with a power-cut date per the contract, from its own domain',
    from: addr('Điện lực Thanh Hóa', 'cskh.thanhhoa@npc.com.vn'),
    subject: 'Thông báo thanh toán tiền điện lần 2 - Mã KH PA05TH0012345',
    text: 'Kính gửi khách hàng,\n\nĐến ngày 16/11/2026, hóa đơn tiền điện kỳ 10/2026 (3.112.450 đồng) chưa được thanh toán. Theo hợp đồng mua bán điện, nếu quá 5 ngày kể từ thông báo này khách hàng chưa thanh toán, Điện lực sẽ thực hiện ngừng cấp điện. Quý khách thanh toán qua các kênh tại https://cskh.npc.com.vn hoặc liên hệ 19006769. Xin bỏ qua thông báo nếu đã thanh toán.\n\nĐiện lực Thanh Hóa',
  });
  add({
    id: 'that-zalo-hop-dong-nghiep',
    purpose: 'a colleague on the province\u2019s own domain shares a Zalo group for a working team',
    from: addr('Nguyễn Thị Hà', 'ha.nt@lachan.test'),
    helo: 'mail.lachan.test',
    ip: '10.10.1.10',
    subject: 'Nhóm Zalo Tổ công tác chuyển đổi số',
    text: 'Chào các anh chị trong Tổ công tác,\n\nEm lập nhóm Zalo để trao đổi nhanh lịch họp của Tổ: https://zalo.me/g/tocongtaccds. Họp trực tuyến sáng thứ Sáu 20/11 lúc 8h30, em sẽ gửi link họp trong nhóm.\n\nHà - Văn phòng',
  });
  add({
    id: 'that-vietcombank-sao-ke',
    purpose: 'Vietcombank\u2019s real e-statement from its own domain, PDF attached',
    from: addr('Vietcombank', 'VCBDigibank@info.vietcombank.com.vn'),
    subject: 'Sao kê tài khoản điện tử tháng 10/2026',
    html: page(para('Kính gửi Quý khách TRAN VAN HUNG,', 'Vietcombank gửi Quý khách sao kê tài khoản số ****6789 tháng 10/2026 (tệp PDF đính kèm, mật khẩu mở tệp là ngày sinh của Quý khách).', 'Vietcombank không bao giờ yêu cầu Quý khách cung cấp mật khẩu, mã OTP qua email, tin nhắn hay điện thoại. Chi tiết tại <a href="https://www.vietcombank.com.vn">www.vietcombank.com.vn</a>. Hotline 1900 545413.')),
    attachments: [pdf('SaoKe_102026.pdf', 'Sao ke')],
  });
  add({
    id: 'that-bidv-sinh-trac-thong-bao',
    purpose: 'BIDV\u2019s real notice on the biometric rule: do it in the app, no link to follow, from bidv.com.vn',
    from: addr('BIDV', 'bidv.thongbao@bidv.com.vn'),
    subject: 'BIDV thông báo về việc xác thực sinh trắc học',
    text: 'Kính gửi Quý khách,\n\nThực hiện quy định của Ngân hàng Nhà nước, Quý khách chưa cập nhật sinh trắc học sẽ không thực hiện được giao dịch trực tuyến. Quý khách cập nhật trực tiếp trên ứng dụng BIDV SmartBanking (mục Cài đặt > Sinh trắc học) hoặc tại quầy giao dịch. BIDV không gửi đường dẫn yêu cầu cập nhật và không bao giờ yêu cầu cung cấp mã OTP. Chi tiết: https://www.bidv.com.vn\n\nBIDV',
  });
  add({
    id: 'that-vietinbank-canh-bao',
    purpose: 'VietinBank\u2019s real fraud warning naming the tricks, from vietinbank.vn',
    from: addr('VietinBank', 'contact@vietinbank.vn'),
    subject: 'VietinBank cảnh báo thủ đoạn lừa đảo mới',
    text: 'Kính gửi Quý khách,\n\nGần đây xuất hiện thủ đoạn gửi thư, tin nhắn mạo danh ngân hàng thông báo "tài khoản bị tạm khóa", yêu cầu truy cập đường dẫn lạ để cập nhật sinh trắc học và nhập mật khẩu, OTP. VietinBank khuyến cáo Quý khách không truy cập đường dẫn lạ, chỉ giao dịch trên ứng dụng VietinBank iPay chính thức. Hotline 1900 558 868.\n\nVietinBank',
  });
  add({
    id: 'that-tap-huan-bo-khcn-co-phi',
    purpose: 'a real training course from the ministry\u2019s own domain, fee paid to the organising school\u2019s account',
    from: addr('Bộ Khoa học và Công nghệ - Trường Đào tạo cán bộ', 'daotao@most.gov.vn'),
    subject: 'Thông báo mở lớp bồi dưỡng chuyển đổi số cho cán bộ cấp xã (TB 318/TB-TĐT)',
    text: 'Kính gửi: Sở Khoa học và Công nghệ các tỉnh, thành phố.\n\nTrường tổ chức lớp bồi dưỡng kiến thức chuyển đổi số cho cán bộ cấp xã từ ngày 07/12/2026. Kinh phí 1.800.000 đồng/học viên do đơn vị cử đi học chi trả, chuyển khoản vào tài khoản của Trường số 3713.1.1234567 tại Kho bạc Nhà nước khu vực I, hoặc nộp tại lớp; Trường xuất hóa đơn điện tử. Danh sách cử đi học gửi về Trường trước ngày 30/11/2026. Thông báo 318/TB-TĐT đính kèm.' + sig('Phòng Đào tạo', 'Trường Đào tạo cán bộ - Bộ KH&CN', '024 3943 7070'),
    attachments: [pdf('TB_318_TB-TDT.pdf', 'Thong bao mo lop')],
  });
  add({
    id: 'that-giay-moi-hoi-nghi-bo',
    purpose: 'a real ministry conference invitation, no fee, PDF, from the ministry\u2019s own domain',
    from: addr('Bộ Khoa học và Công nghệ', 'vanthu@most.gov.vn'),
    subject: 'Giấy mời Hội nghị trực tuyến triển khai Nghị quyết 57-NQ/TW (GM 1204/GM-BKHCN)',
    text: 'Kính gửi: UBND các tỉnh, thành phố trực thuộc Trung ương.\n\nBộ Khoa học và Công nghệ tổ chức Hội nghị trực tuyến triển khai Nghị quyết 57-NQ/TW ngày 26/11/2026 tại điểm cầu các tỉnh. Kinh phí tổ chức do Bộ chi trả, đại biểu không phải nộp phí. Giấy mời số 1204/GM-BKHCN đính kèm.' + sig('Văn phòng Bộ', 'Bộ Khoa học và Công nghệ', '024 3943 9731'),
    attachments: [pdf('GM_1204_GM-BKHCN.pdf', 'Giay moi hoi nghi')],
  });
  add({
    id: 'that-xa-gmail-hop',
    purpose: 'a commune office on Gmail announces a meeting: no link, no attachment',
    from: addr('UBND xã Tân Phong', 'ubndxatanphong@gmail.com'),
    helo: GMAIL,
    subject: 'Thông báo họp giao ban tháng 11',
    text: 'Kính gửi các đồng chí,\n\nUBND xã thông báo họp giao ban tháng 11 vào 14h00 thứ Năm ngày 19/11/2026 tại Hội trường UBND xã. Thành phần: Thường trực HĐND, lãnh đạo UBND, công chức chuyên môn. Đề nghị các đồng chí chuẩn bị báo cáo kết quả công tác tháng.\n\nVăn phòng HĐND - UBND xã Tân Phong',
  });
  add({
    id: 'that-toa-an-thong-bao-pdf',
    purpose: 'a court\u2019s real notice to an agency about a hearing, PDF, from toaan.gov.vn',
    from: addr('Tòa án nhân dân tỉnh Thanh Hóa', 'vanthu.thanhhoa@toaan.gov.vn'),
    subject: 'Thông báo mở phiên tòa hành chính sơ thẩm vụ án số 45/2026/TLST-HC',
    text: 'Kính gửi: Ủy ban nhân dân xã Tân Phong (người bị kiện).\n\nTòa án nhân dân tỉnh thông báo mở phiên tòa sơ thẩm vụ án hành chính số 45/2026/TLST-HC vào 8h00 ngày 03/12/2026 tại trụ sở Tòa án. Giấy triệu tập và quyết định đưa vụ án ra xét xử đính kèm; bản chính được tống đạt trực tiếp theo quy định.' + sig('Thư ký Tòa án', 'Tòa án nhân dân tỉnh', '0237 3852 345'),
    attachments: [pdf('Giay_trieu_tap_45_2026.pdf', 'Giay trieu tap')],
  });
  add({
    id: 'that-cong-an-vneid-muc-2',
    purpose: 'the provincial police guide staff to level-2 VNeID: only at the police station and in the store app',
    from: addr('Công an tỉnh Thanh Hóa', 'pc06@thanhhoa.gov.vn'),
    subject: 'Hướng dẫn cán bộ, công chức kích hoạt tài khoản định danh điện tử mức 2',
    text: 'Kính gửi: Các sở, ban, ngành; UBND các xã, phường.\n\nĐể hoàn thành chỉ tiêu Đề án 06, Công an tỉnh đề nghị các đơn vị đôn đốc cán bộ chưa kích hoạt tài khoản định danh điện tử mức 2 đến Công an xã, phường nơi cư trú để đăng ký. Ứng dụng VNeID chỉ tải trên App Store, Google Play; Công an không gửi đường dẫn cài đặt ứng dụng qua thư hay tin nhắn. Hướng dẫn chi tiết đính kèm.' + sig('Phòng Cảnh sát QLHC về TTXH', 'Công an tỉnh', '069 2345 678'),
    attachments: [pdf('Huong_dan_VNeID_muc_2.pdf', 'Huong dan VNeID')],
  });
  add({
    id: 'that-dvc-bien-lai',
    purpose: 'the national public-service portal\u2019s e-receipt after a fee was paid, from dichvucong.gov.vn',
    from: addr('Cổng Dịch vụ công quốc gia', 'noreply@dichvucong.gov.vn'),
    subject: 'Biên lai thanh toán điện tử - hồ sơ G22.36-261110-0042',
    text: 'Kính gửi ông/bà TRẦN VĂN HÙNG,\n\nGiao dịch thanh toán lệ phí 520.000 đồng cho hồ sơ G22.36-261110-0042 đã thành công ngày 10/11/2026. Biên lai điện tử xem tại mục Quản lý hồ sơ trên https://dichvucong.gov.vn.\n\nĐây là thư tự động, vui lòng không trả lời.',
  });
  add({
    id: 'that-csgt-phat-nguoi-co-quan',
    purpose: 'the traffic police write to an agency about its car\u2019s camera-recorded violation, PDF notice, gov.vn domain',
    from: addr('Phòng CSGT Công an tỉnh', 'pc08@thanhhoa.gov.vn'),
    subject: 'Thông báo phương tiện vi phạm qua hình ảnh - xe 36A-001.23 (TB 2215/TB-PC08)',
    text: 'Kính gửi: Văn phòng UBND xã Tân Phong.\n\nPhòng CSGT thông báo phương tiện biển số 36A-001.23 do cơ quan quản lý vi phạm tốc độ ngày 02/11/2026, ghi nhận qua hệ thống camera giám sát. Đề nghị người điều khiển phương tiện đến trụ sở Phòng CSGT để giải quyết trong 20 ngày; có thể tra cứu tại https://www.csgt.vn. Thông báo 2215/TB-PC08 đính kèm.' + sig('Đội Xử lý vi phạm', 'Phòng CSGT', '069 2345 800'),
    attachments: [pdf('TB_2215_TB-PC08.pdf', 'Thong bao vi pham')],
  });
  add({
    id: 'that-ke-toan-phu-cap-xlsx',
    purpose: 'the accounting office on the province\u2019s own domain sends the allowance list as a plain .xlsx',
    from: addr('Phòng Kế toán', 'ketoan@lachan.test'),
    helo: 'mail.lachan.test',
    ip: '10.10.1.10',
    subject: 'Danh sách phụ cấp công vụ và truy lĩnh lương tháng 11/2026',
    text: 'Kính gửi các phòng,\n\nPhòng Kế toán gửi danh sách chi phụ cấp công vụ và truy lĩnh lương tháng 11/2026 (tệp Excel đính kèm). Các phòng kiểm tra, nếu có sai sót báo lại Phòng Kế toán trước ngày 20/11. Tiền được chuyển vào tài khoản lương như thường lệ.\n\nPhòng Kế toán - máy lẻ 212',
    attachments: [{ type: XLSX, name: 'Phu_cap_truy_linh_T11.xlsx', bytes: await workbook({ macros: false }) }],
  });
  add({
    id: 'that-cntt-htkk-cap-nhat',
    purpose: 'the province IT centre tells accountants to update HTKK from the tax authority\u2019s own site',
    from: addr('Trung tâm CNTT', 'hotro@lachan.test'),
    helo: 'mail.lachan.test',
    ip: '10.10.1.10',
    subject: 'Cập nhật ứng dụng HTKK phiên bản mới',
    text: 'Kính gửi kế toán các đơn vị,\n\nCục Thuế đã phát hành HTKK phiên bản mới. Kế toán tải bản cài đặt tại mục Hỗ trợ > Ứng dụng trên trang https://www.gdt.gov.vn, hoặc liên hệ Trung tâm (máy lẻ 555) để được cài đặt. Không cài đặt phần mềm từ đường dẫn gửi qua thư.\n\nTrung tâm CNTT',
  });
  add({
    id: 'that-khen-thuong-quyet-dinh',
    purpose: 'the real commendation decision with a PDF from the province\u2019s Ban Thi đua on gov.vn',
    from: addr('Ban Thi đua - Khen thưởng', 'vanthu.btdkt@thanhhoa.gov.vn'),
    subject: 'Quyết định số 3120/QĐ-UBND tặng Bằng khen năm 2026',
    text: 'Kính gửi: Các cơ quan, đơn vị có cá nhân được khen thưởng.\n\nBan Thi đua - Khen thưởng gửi Quyết định số 3120/QĐ-UBND ngày 10/11/2026 của Chủ tịch UBND tỉnh về việc tặng Bằng khen (đính kèm). Tiền thưởng được chi qua đơn vị theo quy định; Bằng khen trao tại Hội nghị tổng kết.' + sig('Văn thư', 'Ban Thi đua - Khen thưởng tỉnh', '0237 3852 300'),
    attachments: [pdf('QD_3120_QD-UBND.pdf', 'Quyet dinh khen thuong')],
  });
  add({
    id: 'that-drive-dong-nghiep',
    purpose: 'a colleague on the province\u2019s own domain shares meeting documents on Google Drive',
    from: addr('Lê Văn Quang', 'quang.lv@lachan.test'),
    helo: 'mail.lachan.test',
    ip: '10.10.1.10',
    subject: 'Tài liệu họp Tổ soạn thảo đề án',
    text: 'Chào anh Hùng,\n\nEm gửi anh thư mục tài liệu họp Tổ soạn thảo chiều mai: https://drive.google.com/drive/folders/1AbCdEfGhIjKlMn . Anh xem trước phần phụ lục 2 giúp em nhé.\n\nQuang',
  });
  add({
    id: 'that-ban-co-yeu-gia-han',
    purpose: 'the real certificate-renewal notice from the Government Cipher Committee, PDF, no program',
    from: addr('Cục Chứng thực số và Bảo mật thông tin', 'vanthu@bcy.gov.vn'),
    subject: 'Thông báo gia hạn chứng thư số chuyên dùng hết hạn tháng 12/2026',
    text: 'Kính gửi: Các cơ quan, đơn vị.\n\nCục Chứng thực số và Bảo mật thông tin thông báo danh sách chứng thư số chuyên dùng hết hạn trong tháng 12/2026 (đính kèm). Đơn vị lập hồ sơ đề nghị gia hạn gửi qua Sở KH&CN; việc gia hạn thực hiện trên hệ thống quản lý chứng thư số, không phải cài đặt phần mềm mới.' + sig('Văn thư', 'Cục Chứng thực số và Bảo mật thông tin', '024 3773 8668'),
    attachments: [pdf('DS_chung_thu_het_han_T12.pdf', 'Danh sach chung thu')],
  });
  add({
    id: 'that-so-noi-vu-khong-dau-zip',
    purpose: 'Sở Nội vụ sends a zip of PDFs, text without diacritics (an old client), from gov.vn',
    from: addr('So Noi vu', 'vanthu.snv@thanhhoa.gov.vn'),
    subject: 'Gui ho so sap xep don vi su nghiep cong lap',
    text: 'Kinh gui: Cac so, ban, nganh.\n\nSo Noi vu gui ho so ve phuong an sap xep don vi su nghiep cong lap (tep nen gom bao cao va phu luc). De nghi cac don vi nghien cuu, gop y bang van ban truoc ngay 28/11/2026.\n\nTran trong./.\nSo Noi vu',
    attachments: [{ type: 'application/zip', name: 'Ho_so_sap_xep_DVSNCL.zip', bytes: zipDocsReal }],
  });
  return L;
}

writeFixtures(HERE, await fixtures(), message);
