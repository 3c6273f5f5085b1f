#!/usr/bin/env node
// Vietnamese phishing and fraud of the kinds provincial public servants receive, for the detection
// test gateway/src/scan/phish-vi-messages.test.ts: every message here must at least be warned about,
// and the ones the test lists must be held.
//   node test-fixtures/phish-vi/generate.mjs
// Everything is invented for the test: no real phishing was copied. Sender and link domains are
// made-up look-alikes under abused or reserved top-level domains (dichvucong-gov-vn.top,
// vneid-capnhat.xyz, ...), free-mail addresses nobody owns, hosts under .example and addresses in
// 192.0.2.0/24 (TEST-NET-1) for the relays in Received, and 198.51.100.0/24 (TEST-NET-2) for links, so that
// links are judged by the heuristics and not by the example entry of lists/blocked-ips.txt. Attachments are harmless stand-ins built by ../attachments/payloads.mjs
// (a 512-byte PE stub, a macro storage without code, a login page posting to .example).
// The output is deterministic: a rebuild that changes nothing leaves git clean. Each fixture says in
// its X-Lachan-Fixture header what it imitates.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as p from '../attachments/payloads.mjs';
import { addr, domainOf, eml, mimeBody, writeFixtures } from '../mime-builder.mjs';

const require = createRequire(import.meta.url);
const QRCode = require('qrcode');

const HERE = dirname(fileURLToPath(import.meta.url));

// ---- encoding helpers (../mime-builder.mjs) ----------------------------------------------------
const TO = addr('Nguyễn Thị Lan', 'lan.nt@lachan.test');
const ZW = '\u200b';

/** The sending host's name: the From domain unless `helo` says otherwise (free mail: the provider's). */
function received(m, n) {
  const domain = domainOf(m.from, 'unknown.example');
  const helo = m.helo ?? `mail.${domain}`;
  const ip = m.ip ?? `192.0.2.${10 + n}`;
  const date = m.date ?? 'Wed, 6 Nov 2024 09:12:00 +0700';
  return `Received: from ${helo} (${m.rdns ?? 'unknown'} [${ip}]) by mx1.lachan.test (Postfix) with ESMTPS id 4Xk${String(1000 + n)}Qz; ${date}`;
}

function message(m, n) {
  const { from, replyTo, subject, headers, purpose } = m;
  const messageId = `${m.id}.${1000 + n}@${domainOf(m.from, 'phish-vi.example')}`;
  const head = { received: received(m, n), from, to: m.to ?? TO, replyTo, subject, date: m.date ?? 'Wed, 6 Nov 2024 09:12:00 +0700', messageId, headers, purpose };
  return eml(head, mimeBody({ id: m.id, text: m.text, html: m.html, inline: m.inline, attachments: m.attachments }));
}

const PDF = 'application/pdf';
const OCTET = 'application/octet-stream';
/** An HTML mail with one big button, as the fake portals write them. */
const button = (href, label) => `<p style="text-align:center;margin:24px 0"><a href="${href}" style="background:#c8102e;color:#fff;padding:12px 28px;border-radius:4px;text-decoration:none;font-weight:bold">${label}</a></p>`;
const htmlPage = (title, inner, footer = '') =>
  `<html><head><meta charset="utf-8"><title>${title}</title></head><body style="font-family:Arial,sans-serif;font-size:14px;color:#222"><div style="max-width:600px;margin:auto;border:1px solid #ddd;padding:20px">${inner}${footer ? `<p style="font-size:11px;color:#888">${footer}</p>` : ''}</div></body></html>`;
/** A login page posting to a collector under .example, titled after the service it imitates. */
const loginPage = (title, heading, action) =>
  Buffer.from(
    `<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8"><title>${title}</title></head><body>\n<h2>${heading}</h2>\n<form method="post" action="${action}">\n` +
      '  <label>Tên đăng nhập <input type="text" name="user"></label>\n  <label>Mật khẩu <input type="password" name="pass"></label>\n  <button type="submit">Đăng nhập</button>\n</form>\n</body></html>\n',
  );

// ---- the messages ----------------------------------------------------------------------------
async function fixtures() {
  const list = [];
  const add = (m) => list.push(m);

  // ---- Cổng Dịch vụ công quốc gia --------------------------------------------------------------
  add({
    id: 'dvc-ho-so-bi-tu-choi',
    purpose: 'fake national public-service portal: your file was rejected, log in within 24 hours (HTML button, look-alike .top domain)',
    from: addr('Cổng Dịch vụ công quốc gia', 'thongbao@dichvucong-gov-vn.top'),
    subject: 'Thông báo: Hồ sơ trực tuyến của bạn đã bị từ chối tiếp nhận',
    html: htmlPage(
      'Cổng Dịch vụ công quốc gia',
      '<h3 style="color:#c8102e">CỔNG DỊCH VỤ CÔNG QUỐC GIA</h3><p>Kính gửi công dân,</p><p>Hồ sơ mã số <b>G22.41-241106-0187</b> của bạn đã bị từ chối tiếp nhận do thông tin tài khoản không khớp với Cơ sở dữ liệu quốc gia về dân cư.</p>' +
        '<p>Vui lòng đăng nhập và xác thực lại tài khoản trong vòng 24 giờ, nếu không hồ sơ sẽ bị hủy và tài khoản tạm khóa.</p>' +
        button('https://dichvucong-gov-vn.top/dang-nhap?hs=G2241', 'XÁC THỰC NGAY'),
      '© Cổng Dịch vụ công quốc gia. Thư được gửi tự động, vui lòng không trả lời.',
    ),
  });
  add({
    id: 'dvc-hoan-le-phi-khong-dau',
    purpose: 'public-service portal fee refund, written without diacritics, link to a bare IP',
    from: addr('Dich vu cong', 'hoantien.dvc@dvc-hoantien.online'),
    subject: 'Hoan tra le phi ho so truc tuyen - Ma GD 8841207',
    text:
      'Kinh gui quy khach,\n\nHe thong Cong Dich vu cong quoc gia ghi nhan quy khach da nop thua le phi 350.000 VND cho ho so cap doi giay phep lai xe.\n' +
      'De nhan lai khoan hoan tien, quy khach vui long truy cap duong link duoi day va cap nhat thong tin the ngan hang truoc ngay 08/11/2024:\n\n' +
      'http://198.51.100.41/dvc/hoantien\n\nSau thoi han tren, khoan hoan tien se bi huy.\n\nTran trong,\nBo phan ho tro Cong DVC',
  });
  add({
    id: 'dvc-ho-tro-tien-mat',
    purpose: 'fake portal: a government cash support is waiting, confirm and withdraw on a look-alike site (funds lure)',
    from: addr('Dịch vụ công - Chi trả hỗ trợ', 'chitra@dichvucong-hotro.click'),
    subject: 'Khoản tiền hỗ trợ 2.500.000đ đang chờ bạn xác nhận',
    html: htmlPage(
      'Chi trả hỗ trợ',
      '<p>Kính gửi cán bộ, công chức,</p><p>Theo Nghị quyết hỗ trợ người lao động, khoản tiền hỗ trợ <b>2.500.000 đồng</b> của bạn đang chờ rút. Vui lòng xác nhận thông tin tài khoản ngân hàng trước 17h00 hôm nay để nhận tiền ngay.</p>' +
        button('https://dichvucong-hotro.click/nhan-ho-tro', 'Nhận khoản hỗ trợ'),
    ),
  });

  // ---- VNeID / định danh điện tử --------------------------------------------------------------
  add({
    id: 'vneid-muc-2-cap-nhat',
    purpose: 'VNeID level-2 electronic identity "must be updated or the account is locked", look-alike .xyz domain',
    from: addr('VNeID - Bộ Công an', 'no-reply@vneid-capnhat.xyz'),
    subject: 'Yêu cầu cập nhật định danh điện tử mức 2 trước ngày 10/11/2024',
    html: htmlPage(
      'VNeID',
      '<p>Kính gửi Quý công dân,</p><p>Thực hiện Đề án 06/CP, tài khoản định danh điện tử mức 2 của Quý công dân <b>chưa được đồng bộ</b> dữ liệu sinh trắc học. Tài khoản sẽ bị khóa nếu không cập nhật trước ngày 10/11/2024.</p>' +
        '<p>Bấm vào nút dưới đây để cập nhật thông tin định danh:</p>' + button('https://vneid-capnhat.xyz/xac-thuc', 'Cập nhật VNeID'),
      'Trung tâm dữ liệu quốc gia về dân cư - Bộ Công an',
    ),
  });
  add({
    id: 'vneid-tai-ung-dung-apk',
    purpose: 'VNeID "install the new app version" with a direct .apk download on an abused TLD',
    from: addr('Công an tỉnh - Đề án 06', 'de-an-06@congan-tinh.online'),
    subject: 'Hướng dẫn cài đặt ứng dụng VNeID phiên bản mới cho cán bộ, công chức',
    text:
      'Kính gửi các đồng chí cán bộ, công chức, viên chức,\n\nĐể hoàn thành chỉ tiêu kích hoạt định danh điện tử mức 2 theo Đề án 06, đề nghị các đồng chí tải và cài đặt ứng dụng VNeID phiên bản 2.1.6 dành cho cán bộ tại:\n\n' +
      'https://vneid-canbo.top/download/VNeID_2.1.6.apk\n\nSau khi cài đặt, đăng nhập bằng số CCCD và mật khẩu để xác thực tài khoản. Hạn chót: 17h00 ngày 08/11/2024.\n\nPhòng Cảnh sát QLHC về TTXH',
  });
  add({
    id: 'dinh-danh-gmail-cong-an-xa',
    purpose: 'a "commune police officer" on Gmail asks to update the identity account by replying with CCCD number and OTP; zero-width spaces in the subject',
    from: addr('Công an xã Quảng Tâm', 'congan.xaquangtam@gmail.com'),
    helo: 'mail-sor-f41.google.com',
    rdns: 'mail-sor-f41.google.com',
    subject: `Đề ng${ZW}hị c${ZW}ập nh${ZW}ật định d${ZW}anh đ${ZW}iện tử`,
    text:
      'Chào anh/chị,\n\nCông an xã đang rà soát tài khoản định danh điện tử của cán bộ trên địa bàn. Tài khoản của anh/chị đang bị lỗi đồng bộ, cần cập nhật định danh ngay trong hôm nay để tránh bị vô hiệu hóa.\n\n' +
      'Anh/chị vui lòng trả lời thư này kèm: họ tên, số CCCD, ngày sinh và mã OTP gửi về điện thoại để cán bộ hỗ trợ xác thực giúp.\n\nThượng úy Lê Văn Tâm\nCông an xã Quảng Tâm',
  });

  // ---- Thuế --------------------------------------------------------------------------------
  add({
    id: 'thue-hoan-thue-tncn',
    purpose: 'Tổng cục Thuế personal income tax refund, look-alike .click domain, link text shows gdt.gov.vn',
    from: addr('Tổng cục Thuế', 'hoanthue@thue-gdt.click'),
    subject: 'Thông báo chấp nhận hồ sơ hoàn thuế TNCN năm 2023',
    html: htmlPage(
      'Thuế điện tử',
      '<p>Kính gửi người nộp thuế,</p><p>Cơ quan thuế thông báo hồ sơ quyết toán thuế thu nhập cá nhân năm 2023 của bạn đã được chấp nhận. Khoản hoàn thuế <b>3.214.000 đồng</b> sẽ được chuyển vào tài khoản của bạn sau khi xác minh.</p>' +
        '<p>Vui lòng xác nhận thông tin tài khoản nhận hoàn thuế tại <a href="https://thue-gdt.click/hoan-thue/xac-nhan">https://canhan.gdt.gov.vn/hoan-thue</a> trong vòng 48 giờ.</p>',
      'Tổng cục Thuế - Bộ Tài chính',
    ),
  });
  add({
    id: 'thue-phat-cham-nop-exe',
    purpose: 'Cục Thuế late-payment penalty with an executable named Thong_bao_thue.pdf.exe',
    from: addr('Cục Thuế tỉnh', 'cucthue@cucthue-tinh.top'),
    subject: 'Quyết định xử phạt vi phạm hành chính về thuế - chậm nộp hồ sơ khai thuế',
    text:
      'Kính gửi đơn vị,\n\nCục Thuế tỉnh thông báo đơn vị đã chậm nộp hồ sơ khai thuế quý III/2024. Số tiền phạt và tiền chậm nộp được ghi trong thông báo đính kèm.\n\nĐề nghị đơn vị mở tệp đính kèm để xem chi tiết và nộp tiền phạt trước ngày 12/11/2024, quá hạn cơ quan thuế sẽ cưỡng chế.\n\nCục Thuế tỉnh',
    attachments: [{ type: OCTET, name: 'Thong_bao_thue.pdf.exe', bytes: p.makePe() }],
  });
  add({
    id: 'thue-etax-html-dang-nhap',
    purpose: 'eTax "session expired" with an HTML attachment holding a login form, sent from free mail',
    from: addr('Thuế điện tử eTax', 'etax.hotro.gdt@outlook.com'),
    helo: 'mail-sg2apc01on2101.outbound.protection.outlook.com',
    subject: 'Tờ khai quyết toán thuế của đơn vị chưa được ký nộp',
    text:
      'Kính gửi kế toán đơn vị,\n\nTờ khai quyết toán thuế của đơn vị chưa được ký nộp trên hệ thống Thuế điện tử. Để tránh bị xử phạt, vui lòng mở tệp đính kèm, đăng nhập tài khoản thuế điện tử và hoàn tất ký nộp trong ngày.\n\nTrân trọng,\nBộ phận hỗ trợ Thuế điện tử',
    attachments: [{ type: 'text/html', name: 'ToKhai_QTT_2024.html', bytes: loginPage('Thuế điện tử - Đăng nhập', 'Hệ thống Thuế điện tử (eTax)', 'https://collect.example/etax') }],
  });

  // ---- BHXH / BHYT ----------------------------------------------------------------------------
  add({
    id: 'bhxh-dong-bo-vssid',
    purpose: 'BHXH: VssID must be synchronised with the identity database or benefits stop; look-alike .online domain',
    from: addr('Bảo hiểm xã hội Việt Nam', 'vssid@bhxh-vn.online'),
    subject: 'VssID: Tài khoản BHXH của bạn sẽ bị tạm ngừng',
    html: htmlPage(
      'VssID',
      '<p>Kính gửi người tham gia BHXH,</p><p>Tài khoản VssID của bạn chưa đồng bộ với Cơ sở dữ liệu quốc gia về dân cư. Theo quy định mới, các tài khoản chưa xác thực sẽ bị tạm ngừng hưởng chế độ từ ngày 15/11/2024.</p>' +
        button('https://bhxh-vn.online/vssid/dong-bo', 'Xác thực tài khoản VssID'),
      'Bảo hiểm xã hội Việt Nam',
    ),
  });
  add({
    id: 'bhyt-the-het-han-khong-dau',
    purpose: 'BHYT card expiring, written without diacritics, shortened link',
    from: addr('BHXH Viet Nam', 'thongbao@baohiem-yte.top'),
    subject: 'The BHYT cua ban da het han - gia han ngay',
    text:
      'Thong bao tu BHXH Viet Nam:\n\nThe BHYT cua ban da het han su dung. De tiep tuc duoc huong quyen loi kham chua benh, vui long gia han va thanh toan phi tai duong link: https://bit.ly/bhyt-giahan24\n\n' +
      'Neu khong gia han trong 24h, the se bi khoa vinh vien.\n\nBHXH Viet Nam',
  });
  add({
    id: 'bhxh-rut-mot-lan-zalo',
    purpose: 'an offer to withdraw social insurance in one go "without paperwork", contact on Zalo',
    from: addr('Dịch vụ BHXH nhanh', 'dichvubhxh247@gmail.com'),
    helo: 'mail-sor-f69.google.com',
    subject: 'Hỗ trợ rút BHXH một lần nhanh, không cần giấy tờ',
    text:
      'Chào anh chị,\n\nBên em nhận hỗ trợ rút BHXH một lần, nhận tiền trong ngày, không cần chờ đủ 12 tháng nghỉ việc, chỉ cần CCCD. Phí dịch vụ thấp, cam kết ra tiền.\n\n' +
      'Liên hệ Zalo: 0938 000 451 (Ms Hằng) hoặc kết bạn zalo để được tư vấn miễn phí.\n\nTrân trọng!',
  });

  // ---- EVN -------------------------------------------------------------------------------------
  add({
    id: 'evn-cat-dien-no-cuoc',
    purpose: 'EVN unpaid bill: power will be cut today, pay through a link (lookalike domain, spoofed display name)',
    from: addr('EVN - Tổng công ty Điện lực miền Bắc', 'cskh@evn-thanhtoan.top'),
    subject: 'Thông báo ngừng cấp điện do chưa thanh toán tiền điện tháng 10/2024',
    text:
      'Kính gửi khách hàng,\n\nMã khách hàng PA05TH0012457 chưa thanh toán hóa đơn tiền điện tháng 10/2024 số tiền 1.284.300 đồng. Quá hạn thanh toán, địa chỉ sử dụng điện sẽ bị cắt điện từ 14h00 hôm nay.\n\n' +
      'Để tránh gián đoạn, vui lòng thanh toán ngay tại: https://evn-thanhtoan.top/tra-cuu?ma=PA05TH0012457\n\nTổng đài CSKH 19006769',
  });
  add({
    id: 'evn-hoan-tien-dien',
    purpose: 'EVN "refund of overcharged electricity" asking for card details on a free-hosting page',
    from: addr('Điện lực tỉnh', 'dienluc.hoantien@evnnpc-cskh.xyz'),
    subject: 'Hoàn tiền điện thu thừa kỳ tháng 9 và 10/2024',
    html: htmlPage(
      'EVNNPC',
      '<p>Kính gửi quý khách hàng,</p><p>Do điều chỉnh giá bán lẻ điện, quý khách được hoàn lại 418.000 đồng tiền điện thu thừa. Vui lòng cập nhật thông tin thẻ ngân hàng để nhận hoàn tiền trong vòng 48 giờ.</p>' +
        button('https://evn-hoantien.web.app/nhan-tien', 'Nhận hoàn tiền'),
    ),
  });

  // ---- Ngân hàng ------------------------------------------------------------------------------
  add({
    id: 'vietcombank-tai-khoan-tam-khoa',
    purpose: 'Vietcombank account temporarily locked; the link text shows vietcombank.com.vn and goes to a look-alike',
    from: addr('Vietcombank', 'canhbao@vietcombank-vn.top'),
    subject: 'Vietcombank: Tài khoản của Quý khách bị tạm khóa',
    html: htmlPage(
      'Vietcombank',
      '<p>Kính gửi Quý khách,</p><p>Hệ thống phát hiện đăng nhập bất thường vào VCB Digibank của Quý khách từ thiết bị lạ. Để bảo vệ tài khoản, chúng tôi đã tạm khóa dịch vụ.</p>' +
        '<p>Quý khách vui lòng xác minh lại thông tin tại <a href="https://vietcombank-vn.top/digibank/mo-khoa">https://vcbdigibank.vietcombank.com.vn</a> để mở khóa.</p>',
      'Ngân hàng TMCP Ngoại thương Việt Nam',
    ),
  });
  add({
    id: 'bidv-ma-otp',
    purpose: 'BIDV: a transaction is pending, read back the OTP to a "staff member" at a phone number; free-mail sender',
    from: addr('BIDV SmartBanking', 'bidv.smartbanking.cskh@gmail.com'),
    helo: 'mail-sor-f73.google.com',
    subject: 'BIDV - Xác nhận giao dịch chuyển tiền 19.500.000 VND',
    text:
      'Quý khách vừa phát sinh giao dịch chuyển tiền 19.500.000 VND tới tài khoản 2131 0000 8812 lúc 08:47 06/11/2024.\n\n' +
      'Nếu Quý khách KHÔNG thực hiện giao dịch này, vui lòng cung cấp mã OTP vừa gửi tới điện thoại cho nhân viên BIDV qua số 0868 000 193 để hủy giao dịch ngay lập tức. Tài khoản sẽ bị khóa nếu không xác thực trong 30 phút.\n\nBIDV',
  });
  add({
    id: 'agribank-sinh-trac-hoc-leet',
    purpose: 'Agribank biometric update deadline with leetspeak digits in the words (t4i kh0an, c4p nh4t)',
    from: addr('Agribank E-Mobile', 'thongbao@agribank-sinhtrachoc.online'),
    subject: 'Agribank: C4p nh4t sinh tr4c h0c truoc 01/01/2025',
    text:
      'Kinh gui Quy khach,\n\nTheo Quyet dinh 2345/QD-NHNN, t4i kh0an cua Quy khach se bi t4m kh0a giao dich tren E-Mobile Banking neu chua c4p nh4t sinh tr4c h0c.\n\n' +
      'Vui long truy cap https://agribank-sinhtrachoc.online/ekyc de x4c thuc ngay.\n\nAgribank',
  });
  add({
    id: 'vietinbank-giao-dich-bat-thuong',
    purpose: 'VietinBank unusual transaction, brand written with spaced letters, HTML button to an abused TLD',
    from: addr('V i e t i n B a n k', 'ipay@vtb-ipay.buzz'),
    subject: 'Cảnh báo: Giao dịch bất thường trên VietinBank iPay',
    html: htmlPage(
      'iPay',
      '<p>Kính gửi Quý khách,</p><p>Chúng tôi phát hiện giao dịch bất thường trên tài khoản V i e t i n B a n k iPay của Quý khách. Tài khoản sẽ bị đóng băng sau 2 giờ nếu Quý khách không xác thực.</p>' +
        button('https://vtb-ipay.buzz/xac-thuc', 'Xác thực ngay'),
    ),
  });

  // ---- Nhà mạng ------------------------------------------------------------------------------
  add({
    id: 'viettel-khoa-sim',
    purpose: 'Viettel: the SIM will be locked for missing subscriber standardisation, link to a look-alike',
    from: addr('Viettel Telecom', 'chuanhoa@viettel-thuebao.top'),
    subject: 'Thông báo khóa 2 chiều thuê bao di động trong 24h',
    text:
      'Kính gửi Quý khách,\n\nThuê bao 098xxxx217 chưa chuẩn hóa thông tin thuê bao theo Nghị định 163/2024/NĐ-CP. Thuê bao sẽ bị khóa 2 chiều sau 24h kể từ thời điểm nhận thư.\n\n' +
      'Quý khách vui lòng cập nhật ảnh CCCD và ảnh chân dung tại: https://viettel-thuebao.top/chuan-hoa\n\nViettel Telecom',
  });
  add({
    id: 'vnpt-sim-khong-dau',
    purpose: 'VNPT/VinaPhone SIM lock written without diacritics, raw IP link',
    from: addr('VinaPhone CSKH', 'cskh@vinaphone-capnhat.xyz'),
    subject: 'Thue bao cua ban se bi khoa - VinaPhone',
    text:
      'VinaPhone thong bao: thue bao cua ban se bi khoa do thong tin khong chinh chu.\nVui long cap nhat thong tin trong 24 gio tai http://198.51.100.77/vnpt/capnhat\nTran trong.',
  });

  // ---- Phạt nguội / CSGT ----------------------------------------------------------------------
  add({
    id: 'phat-nguoi-csgt',
    purpose: 'traffic camera fine (phạt nguội) from a fake traffic police sender, pay online on a look-alike',
    from: addr('Cục Cảnh sát giao thông', 'phatnguoi@csgt-vn.top'),
    subject: 'Thông báo vi phạm giao thông qua hình ảnh - biển số 36A-xxx.xx',
    html: htmlPage(
      'CSGT',
      '<p>Kính gửi chủ phương tiện,</p><p>Phương tiện biển số <b>36A-xxx.xx</b> vi phạm lỗi vượt đèn đỏ lúc 17:42 ngày 28/10/2024 tại nút giao Đại lộ Lê Lợi. Mức phạt: 4.000.000 đồng.</p>' +
        '<p>Chủ phương tiện nộp tiền phạt trực tuyến trong vòng 48 giờ để được giảm 50%, quá hạn hồ sơ sẽ chuyển cưỡng chế.</p>' + button('https://csgt-vn.top/nop-phat', 'Tra cứu và nộp phạt'),
      'Cục Cảnh sát giao thông - Bộ Công an',
    ),
  });
  const qrPhat = await QRCode.toBuffer('https://phatnguoi-tracuu.sbs/bien-so?36A', { type: 'png', scale: 4, margin: 4 });
  add({
    id: 'phat-nguoi-ma-qr',
    purpose: 'traffic fine that only shows a QR code to scan and pay (quishing), free-mail sender',
    from: addr('Phòng CSGT Công an tỉnh', 'phongcsgt.congantinh@gmail.com'),
    helo: 'mail-sor-f82.google.com',
    subject: 'Biên bản phạt nguội - quét mã để tra cứu',
    html:
      '<p>Phương tiện của bạn có biên bản phạt nguội chưa xử lý. Quét mã QR dưới đây để tra cứu và nộp phạt ngay, quá hạn sẽ bị tạm giữ phương tiện.</p>' +
      '<p><img src="cid:qr-phat@csgt" width="164" alt="QR"></p>',
    inline: [{ type: 'image/png', name: 'qr.png', cid: 'qr-phat@csgt', bytes: qrPhat }],
  });

  // ---- Công an, Viện kiểm sát, Tòa án ---------------------------------------------------------
  add({
    id: 'giay-trieu-tap-cong-an',
    purpose: 'police summons about a money-laundering case, from free mail, a PDF that is only a link',
    from: addr('Phòng Cảnh sát hình sự - Công an tỉnh', 'pc02.congantinh@outlook.com'),
    helo: 'mail-sg2apc01on2102.outbound.protection.outlook.com',
    subject: 'GIẤY TRIỆU TẬP (lần 2) - yêu cầu có mặt làm việc',
    text:
      'Cơ quan Cảnh sát điều tra Công an tỉnh yêu cầu ông/bà có mặt để làm việc liên quan đến đường dây rửa tiền có sử dụng tài khoản ngân hàng đứng tên ông/bà.\n\n' +
      'Nội dung chi tiết trong giấy triệu tập đính kèm. Nếu không có mặt, cơ quan công an sẽ ra lệnh bắt giam theo quy định.\n\nĐiều tra viên: Đại úy Nguyễn Văn Hải',
    attachments: [{ type: PDF, name: 'Giay_trieu_tap_lan_2.pdf', bytes: p.makeLinkPdf('https://congan-trieutap.cyou/hoso/2024-1187') }],
  });
  add({
    id: 'vien-kiem-sat-tai-khoan-tam-giu',
    purpose: 'fake Procuracy: move your money to a "custody account" to prove innocence, reply to free mail',
    from: addr('Viện kiểm sát nhân dân tối cao', 'vanphong@vksnd-gov.online'),
    replyTo: 'vksndtc.dieutra@gmail.com',
    subject: 'Quyết định phong tỏa tài khoản - vụ án số 118/2024/HS',
    text:
      'Viện kiểm sát nhân dân tối cao thông báo: tài khoản ngân hàng của ông/bà liên quan đến vụ án lừa đảo chiếm đoạt tài sản số 118/2024/HS và sẽ bị phong tỏa.\n\n' +
      'Để chứng minh tiền trong tài khoản là hợp pháp, ông/bà phải chuyển toàn bộ số dư vào tài khoản tạm giữ của cơ quan điều tra trong ngày hôm nay. Tuyệt đối giữ bí mật, không thông báo cho người thân và cơ quan.\n\n' +
      'Mọi liên lạc trả lời qua thư này.',
  });
  add({
    id: 'toa-an-quyet-dinh-xet-xu-macro',
    purpose: 'fake court decision to bring a case to trial as a Word .doc with macros',
    from: addr('Tòa án nhân dân tỉnh', 'thuky@toaan-tinh.top'),
    subject: 'Quyết định đưa vụ án ra xét xử - đề nghị đọc và xác nhận',
    text:
      'Tòa án nhân dân tỉnh gửi Quyết định đưa vụ án ra xét xử (tệp đính kèm). Khi mở văn bản, vui lòng bấm "Enable Content" để hiển thị đầy đủ nội dung có chữ ký số.\n\nĐương sự vắng mặt không có lý do chính đáng sẽ bị xét xử vắng mặt.\n\nThư ký Tòa án',
    attachments: [{ type: 'application/msword', name: 'QD_dua_vu_an_ra_xet_xu.doc', bytes: p.makeOleDocWithMacros() }],
  });

  // ---- Chỉ đạo giả của UBND tỉnh -------------------------------------------------------------
  add({
    id: 'ubnd-cai-phan-mem-chu-ky-so',
    purpose: 'fake People\u2019s Committee directive: install a "digital signature" program downloaded from a raw IP',
    from: addr('Văn phòng UBND tỉnh', 'vanphong.ubnd@ubnd-tinh-gov.top'),
    subject: 'Khẩn: Triển khai cài đặt phần mềm ký số mới cho toàn bộ cán bộ',
    text:
      'Kính gửi các sở, ban, ngành, UBND các huyện,\n\nThực hiện chỉ đạo của Chủ tịch UBND tỉnh, từ ngày 08/11/2024 toàn bộ văn bản điện tử phải được ký bằng phần mềm ký số phiên bản mới.\n\n' +
      'Đề nghị các đồng chí tải và cài đặt phần mềm tại: http://198.51.100.60/kyso/VGCA_Setup_2024.exe trước 17h00 hôm nay. Máy chưa cài đặt sẽ không mở được văn bản đến.\n\nVăn phòng UBND tỉnh',
  });
  add({
    id: 'ubnd-van-ban-mat-html',
    purpose: 'fake confidential document from the provincial committee: a web page disguised as a PDF (.pdf.html) asking for the mail password',
    from: addr('UBND tỉnh - Văn thư', 'vanthu.ubnd.tinh@yahoo.com'),
    helo: 'sonic301-21.consmr.mail.sg3.yahoo.com',
    subject: 'Văn bản MẬT: Kết luận thanh tra công vụ năm 2024',
    text:
      'Kính gửi đồng chí,\n\nVăn phòng gửi Kết luận thanh tra công vụ năm 2024 (văn bản MẬT). Để bảo mật, văn bản chỉ mở được sau khi đăng nhập bằng tài khoản thư công vụ của đồng chí.\n\nĐề nghị không chuyển tiếp thư này.\n\nVăn thư UBND tỉnh',
    attachments: [{ type: 'text/html', name: 'Ket_luan_thanh_tra_2024.pdf.html', bytes: loginPage('Văn bản mật - Xác thực', 'Đăng nhập hộp thư công vụ để xem văn bản', 'https://collect.example/mail') }],
  });
  add({
    id: 'ubnd-chi-dao-zip-mat-khau',
    purpose: 'fake directive with a password-protected zip holding a program, password in the body',
    from: addr('Phòng Tổng hợp UBND tỉnh', 'tonghop.ubnd@ubnd-thanhhoa.click'),
    subject: 'Chỉ đạo của Chủ tịch UBND tỉnh về rà soát cán bộ (tài liệu kèm theo)',
    text:
      'Kính gửi các đồng chí,\n\nGửi các đồng chí danh sách rà soát cán bộ theo chỉ đạo của Chủ tịch UBND tỉnh. Tài liệu được nén và đặt mật khẩu để bảo mật.\n\nMật khẩu giải nén: 2024\n\nĐề nghị mở ngay và phản hồi trước 16h00.',
    attachments: [{ type: 'application/zip', name: 'Danh_sach_ra_soat_can_bo.zip', bytes: p.makeEncryptedZip('Danh_sach_ra_soat_can_bo.exe', p.makePe(), '2024') }],
  });

  // ---- Giả danh lãnh đạo -----------------------------------------------------------------------
  add({
    id: 'lanh-dao-chuyen-tien-gap',
    purpose: 'CEO fraud: "the chairman" from free mail asks for an urgent transfer, replies to another free mailbox',
    from: addr('Chủ tịch UBND tỉnh', 'chutich.ubndtinh@gmail.com'),
    helo: 'mail-sor-f91.google.com',
    replyTo: 'vanphong.chutich@outlook.com',
    subject: 'Việc gấp',
    text:
      'Em Lan,\n\nAnh đang họp trên Bộ, không nghe điện thoại được. Em chuyển gấp giúp anh 185.000.000 đồng vào tài khoản 0451 0000 7782 (Vietcombank, tên Trần Quốc Bảo) để đối tác kịp làm thủ tục trong sáng nay, chiều anh về anh gửi lại.\n\n' +
      'Chuyển xong chụp ủy nhiệm chi gửi anh qua thư này. Việc này em giữ kín giúp anh.\n\nGửi từ iPhone của tôi',
  });
  add({
    id: 'giam-doc-so-the-qua-tang',
    purpose: 'boss fraud: "the director" on a look-alike of the province\u2019s own domain wants gift cards bought, replies to free mail',
    from: addr('Giám đốc Sở Tài chính', 'giamdoc.stc@lachan-test.online'),
    replyTo: 'giamdoc.stc.tinh@gmail.com',
    subject: 'Nhờ em việc này',
    text:
      'Chào em,\n\nEm đang ở cơ quan không? Anh cần em mua giúp 10 thẻ cào Viettel mệnh giá 500.000đ để anh tặng đoàn công tác, anh đang bận họp không ra ngoài được.\n\n' +
      'Em mua xong cào lớp bạc, chụp ảnh mã thẻ gửi anh qua thư này luôn nhé. Tối anh chuyển khoản lại cho em.\n\nCảm ơn em.',
  });
  add({
    id: 'lanh-dao-ket-ban-zalo',
    purpose: 'boss fraud that moves the reader to Zalo first, from free mail with a spoofed leader name',
    from: addr('Phó Chủ tịch UBND tỉnh', 'pct.ubnd.tinh@gmail.com'),
    helo: 'mail-sor-f95.google.com',
    subject: 'Liên hệ qua Zalo',
    text:
      'Chào em,\n\nAnh đổi số điện thoại mới, em kết bạn zalo để anh giao việc gấp nhé: 0797 000 538. Có việc cần chuyển khoản cho đối tác ngay trong sáng nay, em kết bạn rồi nhắn anh.\n\nAnh',
  });

  // ---- Tuyển dụng, vay vốn, trúng thưởng -------------------------------------------------------
  add({
    id: 'tuyen-ctv-zalo',
    purpose: 'fake job: part-time online collaborators for a shop, daily pay, contact on Zalo',
    from: addr('Phòng Tuyển dụng Shopee', 'tuyendung.shopee.vn@gmail.com'),
    helo: 'mail-sor-f99.google.com',
    subject: 'Tuyển cộng tác viên làm việc online - thu nhập 500k-1tr/ngày',
    html: htmlPage(
      'Tuyển dụng',
      '<p>Chào bạn,</p><p>Chúng tôi đang tuyển cộng tác viên online hỗ trợ tăng đơn hàng cho shop, <b>việc nhẹ lương cao</b>, chỉ cần điện thoại, làm 1-2 giờ mỗi ngày, nhận lương trong ngày.</p>' +
        '<p>Ưu tiên cán bộ, công chức muốn kiếm thêm thu nhập ngoài giờ.</p><p>Liên hệ ngay qua Zalo: <a href="https://zalo.me/0869000417">0869 000 417</a> (Ms Trang - HR)</p>',
    ),
  });
  add({
    id: 'viec-lam-telegram-khong-dau',
    purpose: 'task scam written without diacritics, contact on Telegram (t.me link)',
    from: addr('Tuyen dung online', 'hr.tuyendung2024@hotmail.com'),
    helo: 'mail-sg2apc01on2103.outbound.protection.outlook.com',
    subject: 'Viec lam them tai nha cho can bo - thu nhap 300-800k/ngay',
    text:
      'Chao ban,\n\nCong ty dang tuyen nhan vien lam viec tai nha: xem video, like trang, lam nhiem vu nhan hoa hong. Khong can kinh nghiem, khong can von, rut tien ve tai khoan trong ngay.\n\n' +
      'Lien he Telegram: https://t.me/tuyendung_vn_247 de nhan nhiem vu dau tien.\n',
  });
  add({
    id: 'vay-von-can-bo-cong-chuc',
    purpose: 'loan offer for public servants (salary loans, no checks), Zalo contact and a shortened link',
    from: addr('Tài chính 24h', 'vaytinchap.canbo@gmail.com'),
    helo: 'mail-sor-f33.google.com',
    subject: 'Gói vay tín chấp ưu đãi dành riêng cho cán bộ, công chức, viên chức',
    text:
      'Kính chào anh/chị,\n\nHỗ trợ vay tín chấp theo lương cho cán bộ, công chức đến 500 triệu, không cần thế chấp, không thẩm định, giải ngân trong ngày. Hỗ trợ cả hồ sơ nợ xấu.\n\n' +
      'Đăng ký nhanh: https://cutt.ly/vaycanbo\nHoặc nhắn Zalo 0707 000 812 để được duyệt hồ sơ nhanh.\n\nTrân trọng!',
  });
  add({
    id: 'trung-thuong-tri-an',
    purpose: 'prize: a customer-appreciation draw won a motorbike, pay a "receiving fee" first; shortened link',
    from: addr('Chương trình tri ân khách hàng', 'trian.khachhang@qua-tang-vn.top'),
    subject: 'Chúc mừng bạn đã trúng thưởng xe máy SH Mode',
    text:
      'Chúc mừng bạn đã trúng thưởng giải Nhì chương trình quay số trúng thưởng tri ân khách hàng năm 2024: 01 xe máy Honda SH Mode trị giá 58.000.000 đồng.\n\n' +
      'Để nhận giải, vui lòng xác nhận thông tin và nộp phí nhận thưởng (thuế thu nhập không thường xuyên 10%) trong vòng 24h tại: https://tinyurl.com/nhanthuong-shmode\n\nBan tổ chức',
  });

  // ---- Bưu phẩm -------------------------------------------------------------------------------
  add({
    id: 'viettel-post-buu-pham-bi-giu',
    purpose: 'Viettel Post: parcel on hold for an unpaid fee, HTML button to a look-alike',
    from: addr('Viettel Post', 'noreply@viettelpost-giaohang.top'),
    subject: 'Đơn hàng VTP1024118827 đang bị giữ tại kho',
    html: htmlPage(
      'Viettel Post',
      '<p>Kính gửi Quý khách,</p><p>Bưu phẩm mã <b>VTP1024118827</b> gửi tới Quý khách đang bị giữ tại kho do thiếu phí vận chuyển 25.000đ. Bưu phẩm sẽ bị hoàn trả sau 48 giờ nếu không thanh toán.</p>' +
        button('https://viettelpost-giaohang.top/thanh-toan', 'Thanh toán và nhận hàng'),
    ),
  });
  add({
    id: 'vnpost-phi-hai-quan',
    purpose: 'VNPost: an international parcel waits for a customs fee, spoofed display name on an unrelated domain',
    from: addr('Bưu điện Việt Nam (VNPost)', 'hai-quan@buudien-vnpost.sbs'),
    subject: 'Thông báo bưu kiện quốc tế chờ thông quan',
    text:
      'Kính gửi Quý khách,\n\nBưu kiện quốc tế số EE118004721VN gửi từ Singapore đang chờ thông quan tại Bưu cục Hải quan Nội Bài. Quý khách cần nộp phí hải quan 87.000đ để bưu kiện được giao.\n\n' +
      'Vui lòng thanh toán trong vòng 72 giờ tại: https://buudien-vnpost.sbs/thong-quan. Quá thời hạn bưu kiện bị giữ và tiêu hủy.\n\nVNPost',
  });
  add({
    id: 'ghn-giao-hang-that-bai',
    purpose: 'GHN delivery failed, without diacritics, link to an unnamed server',
    from: addr('Giao Hang Nhanh', 'thongbao@ghn-giaohang.click'),
    subject: 'GHN: Giao hang khong thanh cong - don hang GHN8812904',
    text:
      'Don hang GHN8812904 giao khong thanh cong do sai dia chi. Vui long cap nhat dia chi va thanh toan phi giao lai 15.000d truoc 18h hom nay tai http://ec2-198-51-100-88.compute-1.example/ghn\nNeu khong, don hang se bi huy.',
  });

  // ---- Hộp thư công vụ ---------------------------------------------------------------------------
  add({
    id: 'hop-thu-cong-vu-day',
    purpose: 'mailbox quota for the province\u2019s mail accounts, from a look-alike of the local domain, recipient addressed by address',
    from: addr('Quản trị hệ thống thư công vụ', 'admin@mail-lachan-test.top'),
    subject: 'lan.nt@lachan.test: Hộp thư của bạn đã đầy 99%',
    html: htmlPage(
      'Thư công vụ',
      '<p>Kính gửi lan.nt@lachan.test,</p><p>Hộp thư của bạn đã đầy (4,98 GB / 5 GB). Thư mới gửi đến sẽ bị trả lại. Vui lòng nâng cấp dung lượng miễn phí trong 24 giờ để không mất thư.</p>' +
        button('https://mail-lachan-test.top/owa/nang-cap?u=lan.nt@lachan.test', 'NÂNG CẤP DUNG LƯỢNG'),
      'Trung tâm CNTT - Hệ thống thư điện tử công vụ',
    ),
  });
  add({
    id: 'mat-khau-het-han-form',
    purpose: 'webmail password expiry for a gov.vn mailbox with a password form right in the body, from free hosting',
    from: addr('Webmail Administrator', 'it-support@webmail-gov-vn.firebaseapp.com'),
    subject: 'Mật khẩu thư công vụ của bạn sẽ hết hạn hôm nay',
    html: htmlPage(
      'Webmail',
      '<p>Mật khẩu của bạn sẽ hết hạn trong hôm nay. Để giữ mật khẩu hiện tại, vui lòng xác nhận bên dưới:</p>' +
        '<form action="https://collect.example/owa" method="post"><p>Email: <input type="text" name="e" value="lan.nt@lachan.test"></p><p>Mật khẩu: <input type="password" name="p"></p><p><input type="submit" value="Giữ mật khẩu hiện tại"></p></form>',
    ),
  });
  add({
    id: 'tai-khoan-thu-bi-khoa-rut-gon',
    purpose: 'mail account will be deactivated, obfuscated subject and a shortened link, free-mail sender with an admin name',
    from: addr('Mail Admin gov.vn', 'mail.admin.govvn@gmail.com'),
    helo: 'mail-sor-f36.google.com',
    subject: 'T\u00e0i kho\u00e0n th\u01b0 s\u1ebd b\u1ecb v\u00f4 hi\u1ec7u h\u00f3a - X\u00c1C MINH NGAY'.replace('vô', `v${ZW}ô`).replace('hiệu', `hi${ZW}ệu`),
    text:
      'Hệ thống phát hiện tài khoản thư công vụ của bạn đăng nhập từ thiết bị lạ. Tài khoản sẽ bị vô hiệu hóa sau 12 giờ nếu không xác minh.\n\nXác minh tại: https://rb.gy/thucongvu\n\nBan quản trị',
  });

  // ---- Hóa đơn điện tử -------------------------------------------------------------------------
  add({
    id: 'hoa-don-dien-tu-zip-exe',
    purpose: 'fake e-invoice: an encrypted zip with a program inside, the password in the text',
    from: addr('Hóa đơn điện tử - MISA meInvoice', 'hoadon@meinvoice-vn.top'),
    subject: 'Hóa đơn GTGT điện tử số 0004125 - ký hiệu 1C24TAB',
    text:
      'Kính gửi Quý khách hàng,\n\nĐơn vị bán hàng vừa phát hành hóa đơn điện tử số 0004125, ký hiệu 1C24TAB, tổng tiền thanh toán 48.620.000 đồng.\n\n' +
      'Quý khách mở tệp đính kèm để xem và tải hóa đơn. Mật khẩu mở tệp: HD0004125\n\nTrân trọng.',
    attachments: [{ type: 'application/zip', name: 'HoaDon_0004125.zip', bytes: p.makeEncryptedZip('HoaDon_0004125.pdf.exe', p.makePe(), 'HD0004125') }],
  });
  add({
    id: 'hoa-don-dien-tu-link-tai-ve',
    purpose: 'fake e-invoice with a link that downloads a zip from free hosting',
    from: addr('Viettel sInvoice', 'sinvoice@hoadon-viettel.xyz'),
    subject: 'Thông báo phát hành hóa đơn điện tử tháng 10/2024',
    html: htmlPage(
      'sInvoice',
      '<p>Kính gửi Quý khách,</p><p>Hóa đơn điện tử tháng 10/2024 của Quý khách đã được phát hành. Vui lòng tải hóa đơn (bản thể hiện và tệp XML) tại liên kết dưới đây:</p>' +
        button('https://hoadon-tai-ve.pages.dev/HoaDon_T10_2024.zip', 'Tải hóa đơn'),
    ),
  });

  // ---- Harder: no look-alike domain, no brand in the sender's name ------------------------------
  add({
    id: 'phat-nguoi-mien-binh-thuong',
    purpose: 'traffic-fine lure from an ordinary-looking domain (no brand in the From name, no abused TLD), pay within 48 hours',
    from: addr('Thông báo vi phạm', 'thongbao@tracuu-vipham.example'),
    subject: 'Phương tiện của bạn có vi phạm giao thông chưa xử lý',
    text:
      'Hệ thống camera giám sát ghi nhận phương tiện đăng ký tên bạn vi phạm giao thông (chạy quá tốc độ) ngày 30/10/2024.\n\n' +
      'Bạn cần nộp tiền phạt trong vòng 48 giờ, quá hạn sẽ bị tạm giữ phương tiện và không đăng kiểm được. Tra cứu và nộp phạt tại: https://tracuu-vipham.example/bien-ban\n',
  });
  add({
    id: 'sep-chuyen-khoan-khong-dau',
    purpose: 'boss fraud without diacritics from free mail under a person\u2019s name, no Reply-To: "in a meeting, transfer now, keep it quiet"',
    from: addr('Tran Quoc Hung', 'tranquochung.vp@gmail.com'),
    helo: 'mail-sor-f12.google.com',
    subject: 'Em xu ly giup anh',
    text:
      'Em dang o co quan khong? Anh dang hop khong nghe may duoc. Em chuyen khoan gap giup anh 95 trieu vao so tai khoan 1903 0000 4521 (Techcombank - Nguyen Van Duc) de anh thanh toan cho doi tac, chieu anh ve gui lai em.\n\n' +
      'Viec nay em giu kin giup anh, chuyen xong chup anh bien lai gui anh.\n',
  });
  add({
    id: 'tai-lieu-chia-se-dang-nhap',
    purpose: 'a "shared document" notice from a business domain, the link goes to a sign-in page on an unrelated ordinary domain',
    from: addr('Phòng Kế toán - Cty Hoàng Phát', 'ketoan@hoangphat-xaydung.example'),
    subject: 'Hồ sơ thanh toán công trình đã được chia sẻ với bạn',
    html: htmlPage(
      'Chia sẻ tài liệu',
      '<p>Kính gửi anh/chị,</p><p>Phòng Kế toán đã chia sẻ với anh/chị tệp <b>Ho_so_thanh_toan_dot_3.pdf</b> (2,4 MB).</p><p>Để xem tài liệu, vui lòng đăng nhập bằng địa chỉ thư điện tử công vụ và mật khẩu của anh/chị.</p>' +
        button('https://tailieu-share.example/view?id=83d1', 'Xem tài liệu'),
    ),
  });
  add({
    id: 'tai-khoan-bi-khoa-chu-cach',
    purpose: 'a bank lock notice with the key words spelled with spaces between letters (t à i  k h o ả n) to slip past word lists',
    from: addr('Trung tâm dịch vụ khách hàng', 'cskh@nganhang-hotro.example'),
    subject: 'T à i  k h o ả n  c ủ a  b ạ n  đ ã  b ị  k h ó a',
    text:
      'Kính gửi Quý khách,\n\nT à i  k h o ả n  ngân hàng của Quý khách đã bị k h ó a do đăng nhập sai nhiều lần. Vui lòng x á c  m i n h  ngay tại https://nganhang-hotro.example/mo-khoa trong vòng 24 giờ để tránh bị khóa vĩnh viễn.\n',
  });
  return list;
}

const list = await fixtures();
writeFixtures(HERE, list, message);
