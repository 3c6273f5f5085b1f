#!/usr/bin/env node
// Genuine notices that say the OPPOSITE of a lure ("Ngân hàng KHÔNG BAO GIỜ yêu cầu Quý khách cung
// cấp mật khẩu, mã OTP", "Cơ quan thuế không gửi đường link yêu cầu cập nhật thông tin", "We will
// never ask you to verify your account by email"), and their phishing counterparts: the same texts
// with the negation taken out and a look-alike or foreign link, for the test
// gateway/src/scan/negated-notices-messages.test.ts. Files named ham-*.eml must be delivered with no
// banner and no hold; files named phish-*.eml must be warned or held.
//   node test-fixtures/negated-notices/generate.mjs
// Everything is invented for the test: people, amounts, account numbers. Real bank and agency
// domains appear as senders and links of the genuine notices (that is the point: a notice linking to
// the bank's own site); the phishing ones use look-alike domains under .top/.online/.click and
// TEST-NET-2 (198.51.100.0/24) relays. Deterministic output: a rebuild that changes nothing leaves
// git clean. Each fixture says in X-Lachan-Fixture what it is.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addr, domainOf, eml, mimeBody, writeFixtures } from '../mime-builder.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const TO = addr('Nguyễn Văn An', 'an.nguyen@lachan.test');
const DATE = 'Tue, 12 Nov 2024 09:15:00 +0700';

function message(m, n) {
  const domain = domainOf(m.from, 'negated.example.vn');
  const helo = `mail.${domain}`;
  const ip = m.id.startsWith('phish-') ? `198.51.100.${40 + n}` : `192.0.2.${40 + n}`;
  const received = `Received: from ${helo} (${helo} [${ip}]) by mx1.lachan.test (Postfix) with ESMTPS id 7Ng${1000 + n}Xq; ${DATE}`;
  const { from, subject, purpose } = m;
  return eml({ received, from, to: TO, subject, date: DATE, messageId: `${m.id}.${1000 + n}@${domain}`, purpose }, mimeBody({ id: m.id, text: m.text, html: m.html }));
}

const page = (inner) => `<html><head><meta charset="utf-8"></head><body style="font-family:Arial,sans-serif;font-size:14px">${inner}</body></html>`;
const para = (...ps) => ps.map((s) => `<p>${s}</p>`).join('');
const link = (href, text = href.replace(/^https:\/\//, '')) => `<a href="${href}">${text}</a>`;

/** A bank's transaction notice: the table of the transaction, then `footer` (HTML). */
const transaction = (bank, footer) =>
  page(
    para(`Kính gửi Quý khách hàng NGUYEN VAN AN,`, `${bank} xin thông báo tài khoản của Quý khách vừa phát sinh giao dịch như sau:`) +
      '<table border="1" cellpadding="4" style="border-collapse:collapse">' +
      '<tr><td>Số tài khoản</td><td>0071 0012 3xxx</td></tr>' +
      '<tr><td>Thời gian</td><td>12/11/2024 09:12</td></tr>' +
      '<tr><td>Số tiền giao dịch</td><td>-1.250.000 VND</td></tr>' +
      '<tr><td>Số dư cuối</td><td>18.430.210 VND</td></tr>' +
      '<tr><td>Nội dung</td><td>NGUYEN VAN AN chuyen tien hoc phi HK1</td></tr>' +
      '</table>' +
      footer,
  );

const LIST = [
  // ---- Genuine notices with a negated security statement ------------------------------------
  {
    id: 'ham-vcb-bien-dong-so-du',
    purpose: 'a Vietcombank-style balance-change notice from the bank\u2019s own domain, security footer "KHÔNG BAO GIỜ yêu cầu ... xác thực tài khoản, cập nhật sinh trắc học", link to its real site',
    from: addr('Vietcombank', 'VCBDigibank@info.vietcombank.com.vn'),
    subject: 'Thông báo biến động số dư tài khoản',
    html: transaction(
      'Vietcombank',
      para(
        '<b>LƯU Ý AN TOÀN:</b> Vietcombank KHÔNG BAO GIỜ yêu cầu Quý khách cung cấp tên đăng nhập, mật khẩu, mã OTP qua email, tin nhắn hay điện thoại. Vietcombank không gửi đường link yêu cầu Quý khách xác thực tài khoản, cập nhật sinh trắc học hay cập nhật thông tin định danh.',
        'Tuyệt đối không truy cập đường link lạ, không cài đặt ứng dụng theo hướng dẫn của người lạ.',
        `Chi tiết giao dịch xem tại ${link('https://www.vietcombank.com.vn', 'www.vietcombank.com.vn')} hoặc ứng dụng VCB Digibank. Tổng đài 1900 545413.`,
      ),
    ),
  },
  {
    id: 'ham-bidv-giao-dich-khong-dau',
    purpose: 'a BIDV-style transaction notice written without diacritics (as SMS banking is), footer "khong bao gio yeu cau ... xac thuc tai khoan", link to its real site',
    from: addr('BIDV SmartBanking', 'smartbanking@bidv.com.vn'),
    subject: 'BIDV thong bao giao dich tai khoan',
    text:
      'Kinh gui Quy khach NGUYEN VAN AN,\n\n' +
      'TK 2151 0000 xxx8 tai BIDV: -3.500.000VND luc 12/11/2024 08:47. So du: 25.120.400VND. ND: THANH TOAN HOA DON DIEN T10.\n\n' +
      'BIDV khong bao gio yeu cau Quy khach cung cap mat khau, ma OTP qua email hay tin nhan. BIDV khong gui link yeu cau xac thuc tai khoan hoac cap nhat sinh trac hoc; Quy khach tuyet doi khong bam vao duong link la.\n' +
      'Tra cuu giao dich tai https://www.bidv.com.vn hoac ung dung BIDV SmartBanking. Hotline 1900 9247.\n',
  },
  {
    id: 'ham-vi-dien-tu-thanh-toan',
    purpose: 'an e-wallet\u2019s payment receipt from its own (not protected) domain: "không bao giờ yêu cầu ... xác minh tài khoản", "không yêu cầu thanh toán qua đường link", "nếu ... bất thường, gọi ngay tổng đài"',
    from: addr('Ví Điện Tử An Phú', 'hotro@vi-anphu.example.vn'),
    subject: 'Biên lai thanh toán hóa đơn tiền nước tháng 10/2024',
    html: page(
      para(
        'Chào Nguyễn Văn An,',
        'Bạn đã thanh toán thành công hóa đơn tiền nước tháng 10/2024, mã khách hàng NA04xxx17, số tiền 186.000đ, lúc 08:05 ngày 12/11/2024.',
        'Ví An Phú không bao giờ yêu cầu bạn cung cấp mật khẩu, mã OTP hay xác minh tài khoản qua email. Chúng tôi không yêu cầu thanh toán qua đường link gửi trong tin nhắn, và sẽ không bao giờ gọi điện đề nghị bạn cập nhật thông tin để tránh bị khóa tài khoản.',
        'Nếu phát hiện giao dịch bất thường, vui lòng gọi ngay tổng đài 1900 xxxx 35.',
        `Xem lịch sử giao dịch tại ${link('https://vi-anphu.example.vn/lich-su')}.`,
      ),
    ),
  },
  {
    id: 'ham-thue-thong-bao-nop-thue',
    purpose: 'the tax authority\u2019s notice of a filed return: "Cơ quan thuế không gửi đường link yêu cầu cập nhật thông tin", "không yêu cầu ... nhận hoàn thuế", link to its real portal',
    from: addr('Cục Thuế tỉnh', 'thongbao@thuedientu.gdt.gov.vn'),
    subject: 'Thông báo tiếp nhận tờ khai quyết toán thuế TNCN năm 2023',
    text:
      'Kính gửi: Ông/Bà NGUYỄN VĂN AN - MST 8012xxxx45\n\n' +
      'Cơ quan thuế đã tiếp nhận tờ khai quyết toán thuế thu nhập cá nhân năm 2023 (mẫu 02/QTT-TNCN) của Ông/Bà nộp qua Cổng thông tin điện tử Tổng cục Thuế lúc 16:20 ngày 11/11/2024.\n' +
      'Số tiền thuế đề nghị hoàn: 2.140.000 đồng. Kết quả giải quyết hồ sơ sẽ được thông báo qua tài khoản giao dịch thuế điện tử.\n\n' +
      'Lưu ý: Cơ quan thuế không gửi đường link yêu cầu cập nhật thông tin định danh, không yêu cầu người nộp thuế cung cấp mật khẩu hay chuyển tiền để nhận hoàn thuế, và không bao giờ yêu cầu cài đặt ứng dụng qua tin nhắn, cuộc gọi.\n' +
      'Tra cứu hồ sơ tại https://thuedientu.gdt.gov.vn.\n\n' +
      'Cục Thuế tỉnh - Phòng Quản lý hộ kinh doanh, cá nhân\n',
  },
  {
    id: 'ham-thue-dai-ly-khong-dau',
    purpose: 'a tax agent\u2019s reminder without diacritics, from its own (not protected) domain: "co quan thue khong bao gio yeu cau ... xac thuc tai khoan ... nhan hoan thue"',
    from: addr('Dai ly thue Minh Khoa', 'hotro@dailythue-minhkhoa.example.vn'),
    subject: 'Nhac lich nop to khai thue GTGT quy 4/2024',
    text:
      'Kinh gui Quy khach hang,\n\n' +
      'Dai ly thue Minh Khoa xin nhac han nop to khai thue GTGT quy 4/2024 la ngay 31/01/2025. Quy khach vui long gui chung tu cho nhan vien phu trach truoc ngay 20/01/2025.\n\n' +
      'Luu y: co quan thue khong bao gio yeu cau nguoi nop thue xac thuc tai khoan thue dien tu qua duong link, khong yeu cau chuyen tien de nhan hoan thue. Quy khach khong cung cap mat khau tai khoan thue cho bat ky ai.\n' +
      'Lien he: 0237 3xxx 222 - https://dailythue-minhkhoa.example.vn\n',
  },
  {
    id: 'ham-bhxh-thong-bao-vssid',
    purpose: 'a BHXH notice on the contribution statement: "BHXH không yêu cầu cập nhật thông tin định danh qua đường link, không đề nghị ... xác thực tài khoản VssID", link to its real site',
    from: addr('Bảo hiểm xã hội tỉnh', 'thongbao@baohiemxahoi.gov.vn'),
    subject: 'Thông báo kết quả đóng BHXH, BHYT, BHTN tháng 10/2024',
    html: page(
      para(
        'Kính gửi: Ông NGUYỄN VĂN AN, mã số BHXH 38xxxxxx91',
        'Bảo hiểm xã hội tỉnh thông báo: đơn vị đã đóng BHXH, BHYT, BHTN tháng 10/2024 cho Ông; quá trình đóng đã được ghi nhận đầy đủ. Ông có thể tra cứu trên ứng dụng VssID.',
        'Cơ quan BHXH không yêu cầu cập nhật thông tin định danh qua đường link, không đề nghị người tham gia xác thực tài khoản VssID qua email hay tin nhắn, và không bao giờ thu tiền qua tài khoản cá nhân.',
        `Thông tin chính thức tại ${link('https://baohiemxahoi.gov.vn', 'baohiemxahoi.gov.vn')}. Tổng đài 1900 9068.`,
      ),
    ),
  },
  {
    id: 'ham-en-cloud-invoice',
    purpose: 'an English service invoice from its own domain: "We will never ask for your password", "never ask you to verify your account or confirm your identity by email", "do not click"',
    from: addr('Northwind Cloud Billing', 'billing@northwind-cloud.example.com'),
    subject: 'Your Northwind Cloud invoice for October 2024',
    html: page(
      para(
        'Hello An Nguyen,',
        'Your invoice NW-2024-10-4471 for October 2024 is available. The amount of USD 42.00 will be charged to the card on file on November 15.',
        `View the invoice in your dashboard: ${link('https://portal.northwind-cloud.example.com/billing', 'portal.northwind-cloud.example.com/billing')}.`,
        'Security reminder: Northwind Cloud will never ask for your password, and we will never ask you to verify your account or confirm your identity by email. No one from Northwind will ask you to update your payment information over the phone.',
        'Thank you for using Northwind Cloud.',
      ),
    ),
  },
  {
    id: 'ham-en-cloud-quoted-lure',
    purpose: 'the same invoice whose advice QUOTES the lure under a condition ("If a message claims your account will be suspended, do not click"): not a negation of it (known warned)',
    from: addr('Northwind Cloud Billing', 'billing@northwind-cloud.example.com'),
    subject: 'Your Northwind Cloud invoice for November 2024',
    html: page(
      para(
        'Hello An Nguyen,',
        'Your invoice NW-2024-11-5102 for November 2024 is available. The amount of USD 42.00 will be charged to the card on file on December 15.',
        `View the invoice in your dashboard: ${link('https://portal.northwind-cloud.example.com/billing', 'portal.northwind-cloud.example.com/billing')}.`,
        'Security reminder: if a message claims your account will be suspended, do not click any link in it; sign in to the dashboard directly instead.',
      ),
    ),
  },
  {
    id: 'ham-en-wallet-statement',
    purpose: 'an English crypto-wallet statement from its own domain: "never share your seed phrase", "we will never ask for your recovery phrase"',
    from: addr('Harbor Wallet', 'no-reply@harborwallet.example.com'),
    subject: 'Your Harbor Wallet monthly statement',
    text:
      'Hi An,\n\nYour October statement is ready in the app. Total deposits: 0.0210 BTC. No withdrawals this month.\n\n' +
      'Keep your funds safe: never share your seed phrase or recovery phrase with anyone. Harbor Wallet support will never ask for your recovery phrase, and we do not send links asking you to connect your wallet.\n\n' +
      'Statements: https://harborwallet.example.com/statements\n',
  },

  // ---- Phishing counterparts: the negation taken out, a look-alike or foreign link ------------
  {
    id: 'phish-vcb-xac-thuc-tai-khoan',
    purpose: 'the Vietcombank footer turned into the lure: "yêu cầu Quý khách xác thực tài khoản, cập nhật sinh trắc học ... tài khoản sẽ bị khóa", link on a look-alike',
    from: addr('Vietcombank', 'canhbao@vietcombank-vn.top'),
    subject: 'Thông báo biến động số dư tài khoản',
    html: transaction(
      'Vietcombank',
      para(
        '<b>LƯU Ý:</b> Vietcombank yêu cầu Quý khách xác thực tài khoản, cập nhật sinh trắc học và cập nhật thông tin định danh trong vòng 24 giờ, nếu không tài khoản sẽ bị khóa.',
        `Vui lòng truy cập đường link ${link('https://vietcombank-vn.top/xac-thuc', 'www.vietcombank.com.vn')} và cung cấp mật khẩu, mã OTP để hoàn tất.`,
      ),
    ),
  },
  {
    id: 'phish-bidv-khong-dau',
    purpose: 'the BIDV text without diacritics as the lure: "yeu cau Quy khach xac thuc tai khoan ... tai khoan se bi khoa", link to a look-alike',
    from: addr('BIDV SmartBanking', 'smartbanking@bidv-com-vn.online'),
    subject: 'BIDV thong bao giao dich tai khoan',
    text:
      'Kinh gui Quy khach NGUYEN VAN AN,\n\n' +
      'TK 2151 0000 xxx8 tai BIDV co giao dich bat thuong luc 12/11/2024 08:47.\n\n' +
      'BIDV yeu cau Quy khach xac thuc tai khoan va cap nhat sinh trac hoc ngay lap tuc, neu khong tai khoan se bi khoa. Quy khach bam vao duong link https://bidv-com-vn.online/xac-thuc va cung cap mat khau, ma OTP.\n',
  },
  {
    id: 'phish-bidv-dung-chia-se-link',
    purpose: '"đừng chia sẻ đường link này" on a phishing page does not make the lure after it a negation: "xác thực tài khoản trong vòng 24 giờ"',
    from: addr('BIDV', 'thongbao@bidv-smart.click'),
    subject: 'Xác thực tài khoản BIDV',
    text:
      'Kính gửi Quý khách,\n\nĐường link dưới đây chỉ dành riêng cho Quý khách, vui lòng đừng chia sẻ đường link này với người khác. Quý khách cần xác thực tài khoản trong vòng 24 giờ, nếu không tài khoản sẽ bị khóa.\n' +
      'Nhấn vào https://bidv-smart.click/xac-thuc để xác thực.\n',
  },
  {
    id: 'phish-vi-dien-tu-khong-thanh-toan',
    purpose: 'a threat, not a negation: "nếu không thanh toán, tài khoản sẽ bị khóa", "không thanh toán sẽ bị khóa", link to a foreign .top site',
    from: addr('Ví Điện Tử An Phú', 'hotro@vi-anphu-hotro.top'),
    subject: 'Hóa đơn tiền nước chưa thanh toán',
    html: page(
      para(
        'Chào Nguyễn Văn An,',
        'Hóa đơn tiền nước tháng 10/2024 của bạn chưa thanh toán. Quá hạn không thanh toán sẽ bị khóa tài khoản ví và phát sinh tiền phạt.',
        `Vui lòng xác minh tài khoản và thanh toán ngay tại ${link('https://vi-anphu-hotro.top/thanh-toan', 'vi-anphu.example.vn/thanh-toan')} trong vòng 24 giờ.`,
      ),
    ),
  },
  {
    id: 'phish-thue-hoan-thue',
    purpose: 'the tax notice as the lure: "Cơ quan thuế yêu cầu cập nhật thông tin định danh ... để nhận hoàn thuế", link on a look-alike of gdt.gov.vn',
    from: addr('Cục Thuế tỉnh', 'thongbao@thuedientu-gdt.top'),
    subject: 'Thông báo hoàn thuế TNCN năm 2023',
    text:
      'Kính gửi: Ông/Bà NGUYỄN VĂN AN\n\n' +
      'Cơ quan thuế yêu cầu Ông/Bà cập nhật thông tin định danh và xác thực tài khoản thuế điện tử để nhận hoàn thuế 2.140.000 đồng. Hồ sơ quá hạn sẽ bị hủy.\n' +
      'Truy cập đường link https://thuedientu-gdt.top/hoan-thue trong vòng 48 giờ.\n',
  },
  {
    id: 'phish-bhxh-vssid',
    purpose: 'the BHXH notice as the lure: "yêu cầu cập nhật thông tin định danh qua đường link ... xác thực tài khoản VssID", a foreign sender and link',
    from: addr('Bảo hiểm xã hội Việt Nam', 'thongbao@bhxh-vssid.online'),
    subject: 'Thông báo cập nhật tài khoản VssID',
    html: page(
      para(
        'Kính gửi: Ông NGUYỄN VĂN AN',
        'Cơ quan BHXH yêu cầu Ông cập nhật thông tin định danh và xác thực tài khoản VssID trước ngày 15/11/2024, nếu không tài khoản sẽ bị khóa và quá trình đóng sẽ không được ghi nhận.',
        `Cập nhật tại ${link('https://bhxh-vssid.online/cap-nhat', 'baohiemxahoi.gov.vn/vssid')}.`,
      ),
    ),
  },
  {
    id: 'phish-en-cloud-verify',
    purpose: 'the English invoice as the lure: "verify your account ... will be suspended", "do not ignore this message", a foreign link',
    from: addr('Northwind Cloud Billing', 'billing@northwind-cloud-billing.top'),
    subject: 'Action required: your Northwind Cloud account will be suspended',
    html: page(
      para(
        'Hello,',
        'Your payment for invoice NW-2024-10-4471 was declined. Do not ignore this message: verify your account and update your payment information within 24 hours, or your account will be suspended.',
        `Verify now: ${link('https://northwind-cloud-billing.top/verify', 'portal.northwind-cloud.example.com/billing')}`,
      ),
    ),
  },
  {
    id: 'phish-en-wallet-dont-miss',
    purpose: '"don\u2019t miss" and "do not share this link" before a wallet lure: "connect your wallet to claim your airdrop", a foreign link',
    from: addr('Harbor Wallet', 'rewards@harborwallet-airdrop.top'),
    subject: 'Your Harbor airdrop is live',
    text:
      'Hi,\n\nDon\u2019t miss your airdrop: 1,200 HBR tokens are waiting for you. Do not share this link, connect your wallet and claim your tokens before it\u2019s gone.\n' +
      'Claim: https://harborwallet-airdrop.top/claim\n',
  },
];

writeFixtures(HERE, LIST, message);
