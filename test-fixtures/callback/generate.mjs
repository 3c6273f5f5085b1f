#!/usr/bin/env node
// Callback phishing ("TOAD": a fake charge, renewal or invoice notice that asks the reader to call a
// number to cancel or get a refund) and genuine mail that looks like it on the surface (a bank's
// transaction notice with its hotline, shops' order confirmations and a refund receipt with a
// customer-service number, an office memo listing phone numbers, a fraud-awareness notice quoting
// the scam), for the test gateway/src/scan/callback-messages.test.ts. The last ones carry the
// notice, or a genuine invoice, as a PDF attachment (text-pdf.mjs), read by scan/pdf-text. Files named ham-*.eml must be
// delivered with no banner and no hold; phish-*.eml are warned or held, as X-Lachan-Expect says.
//   node test-fixtures/callback/generate.mjs
// Everything is invented for the test: people, amounts, numbers (555-01xx, 0899 123 456). Brands of
// the policy's brand list appear only in the scam texts' claims; senders are free-mail mailboxes or
// .example domains. Deterministic output: a rebuild that changes nothing leaves git clean.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addr, domainOf, eml, mimeBody, writeFixtures } from '../mime-builder.mjs';
import { textPdf } from './text-pdf.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const TO = addr('Nguyễn Văn An', 'an.nguyen@lachan.test');
const DATE = 'Tue, 24 Nov 2026 10:00:00 +0700';

function message(m, n) {
  // a PDF attached (m.pdf: its name, pages of lines, font): the notice is in the PDF, not in the body
  const attachments = m.pdf ? [{ type: 'application/pdf', bytes: textPdf(m.pdf.pages, { font: m.pdf.font, compress: true }), name: m.pdf.name }] : undefined;
  const domain = domainOf(m.from, 'callback.example');
  const helo = `mail.${domain}`;
  const ip = m.id.startsWith('phish-') ? `198.51.100.${60 + n}` : `192.0.2.${60 + n}`;
  const received = `Received: from ${helo} (${helo} [${ip}]) by mx1.lachan.test (Postfix) with ESMTPS id 9Cb${1000 + n}Tq; ${DATE}`;
  const { from, subject, purpose, expect } = m;
  return eml({ received, from, to: TO, subject, date: DATE, messageId: `${m.id}.${1000 + n}@${domain}`, purpose, expect }, mimeBody({ id: m.id, text: m.text, html: m.html, attachments }));
}

const page = (inner) => `<html><head><meta charset="utf-8"></head><body style="font-family:Arial,sans-serif;font-size:14px">${inner}</body></html>`;
const para = (...ps) => ps.map((s) => `<p>${s}</p>`).join('');

const LIST = [
  // ---- Callback phishing -----------------------------------------------------------------------
  {
    id: 'phish-en-norton-renewal-gmail',
    expect: 'held',
    purpose: 'a Norton 360 renewal "$499.99 has been charged ... if you did not authorize this, call +1 (808) 555-0199" from a gmail.com mailbox',
    from: addr('Billing Department', 'james.miller8841@gmail.com'),
    subject: 'Your Order Confirmation #INV-88412',
    text:
      'Dear Customer,\n\nThank you for your purchase. Your Norton 360 Total Protection subscription has been renewed and $499.99 has been charged to your account today.\n\n' +
      'Invoice: INV-88412\nProduct: Norton 360 Deluxe (3 years)\nAmount: $499.99\n\n' +
      'If you did not authorize this transaction or wish to cancel and get a refund, please call our billing support team within 24 hours at +1 (808) 555-0199.\n\nRegards,\nBilling Department\n',
  },
  {
    id: 'phish-en-paypal-dotted-number',
    expect: 'held',
    purpose: 'a PayPal charge notice from an unrelated domain, the number written with dots (808.555.0142), in HTML',
    from: addr('Account Services', 'noreply@orderdesk-365.example'),
    subject: 'Payment receipt 77120-PP',
    html: page(
      para(
        'Hello,',
        'A payment of USD 389.00 was debited from your PayPal balance for an annual Crypto Secure membership.',
        'Didn\u2019t make this purchase? Call PayPal support immediately at 808.555.0142 to dispute the charge. Calls are answered 24/7.',
      ),
    ),
  },
  {
    id: 'phish-en-geek-squad-odd-digits',
    expect: 'warned',
    purpose: 'a "Geek Squad" auto-renewal invoice from an unrelated domain (no brand of the list), the number with the letter O for zeros and spaces (1 8O8 555 O199)',
    from: addr('Tech Care Billing', 'invoices@helpdesk-renewals.example'),
    subject: 'Invoice GS-55102 auto-renewal',
    text:
      'Your Geek Squad Total Tech Support plan was auto-renewed for another 2 years. Total charged: $349.99 (Invoice GS-55102).\n' +
      'If this was not you, call 1 8O8 555 O199 to cancel the renewal and receive a full refund within 48 hours.\n',
  },
  {
    id: 'phish-vi-gia-han-gmail',
    expect: 'held',
    purpose: 'Vietnamese with diacritics: "vừa bị trừ 4.990.000đ cho gói gia hạn ... Nếu không phải Quý khách thực hiện, vui lòng gọi ngay tổng đài 0899 123 456 để hủy giao dịch" from gmail.com',
    from: addr('Trung tâm thanh toán', 'thanhtoan.dichvu2026@gmail.com'),
    subject: 'Thông báo gia hạn dịch vụ thành công',
    text:
      'Kính gửi Quý khách,\n\nTài khoản của Quý khách vừa bị trừ 4.990.000đ cho gói gia hạn Bảo mật toàn diện 24 tháng (mã hóa đơn HD-20261124).\n\n' +
      'Nếu không phải Quý khách thực hiện, vui lòng gọi ngay tổng đài 0899 123 456 để hủy giao dịch và được hoàn tiền trong 24 giờ.\n\nTrân trọng.\n',
  },
  {
    id: 'phish-vi-khong-dau-outlook',
    expect: 'held',
    purpose: 'the same in Vietnamese without diacritics, amount in VND, the number with dots (0899.123.456), from outlook.com',
    from: addr('Ho tro khach hang', 'hotro.giaodich@outlook.com'),
    subject: 'Xac nhan thanh toan don hang',
    text:
      'Quy khach da duoc thanh toan thanh cong don hang so DH88412, so tien 2,990,000 VND.\n' +
      'Neu khong phai quy khach thuc hien, vui long lien he tong dai 0899.123.456 de huy don va yeu cau hoan tien.\n',
  },
  {
    id: 'phish-vi-tru-tien-mien-la',
    expect: 'warned',
    purpose: 'Vietnamese charge notice from an unrelated domain with no brand named: "đã trừ 1.500.000 đồng phí duy trì ... gọi 0899 123 456 để hủy"',
    from: addr('Phòng thanh toán', 'thongbao@phi-dich-vu.example'),
    subject: 'Thông báo trừ phí duy trì',
    text:
      'Hệ thống đã trừ 1.500.000 đồng phí duy trì tài khoản năm 2027 của Quý khách.\n' +
      'Để hủy giao dịch, Quý khách vui lòng gọi ngay 0899 123 456 trước 17h hôm nay.\n',
  },

  // ---- Genuine mail ------------------------------------------------------------------------------
  {
    id: 'ham-ngan-hang-bien-dong-so-du',
    purpose: 'a bank transaction notice from its own (unlisted) domain: amount, "Nếu có thắc mắc, vui lòng liên hệ tổng đài 1900 545413"',
    from: addr('Ngân hàng TMCP Phương Nam', 'ebanking@pnb-bank.example'),
    subject: 'Thông báo biến động số dư',
    html: page(
      para(
        'Kính gửi Quý khách NGUYEN VAN AN,',
        'Tài khoản 0071 0012 3xxx vừa phát sinh giao dịch: -1.250.000 VND lúc 09:12 ngày 24/11/2026. Nội dung: thanh toán hóa đơn điện tháng 11. Số dư cuối: 18.430.210 VND.',
        'Nếu có thắc mắc, vui lòng liên hệ tổng đài 1900 545413 (24/7). Trân trọng cảm ơn Quý khách.',
      ),
    ),
  },
  {
    id: 'ham-cua-hang-xac-nhan-don',
    purpose: 'a shop order confirmation with the total and its customer-service hotline for questions',
    from: addr('Nhà sách Hòa Bình', 'donhang@nhasachhoabinh.example'),
    subject: 'Xác nhận đơn hàng #HB120934',
    text:
      'Cảm ơn anh/chị đã đặt hàng tại Nhà sách Hòa Bình.\nĐơn hàng #HB120934 gồm 3 sản phẩm, tổng thanh toán 685.000đ, giao trong 2-3 ngày.\n' +
      'Mọi thắc mắc về đơn hàng, anh/chị vui lòng gọi hotline chăm sóc khách hàng 1900 6035 (8h-22h) hoặc trả lời thư này.\n',
  },
  {
    id: 'ham-en-shop-order-confirmation',
    purpose: 'an English order confirmation: total $59.99, "Questions about your order? Call customer service at 1-800-555-0142"',
    from: addr('Maple Outdoor', 'orders@mapleoutdoor.example'),
    subject: 'Your order #40721 has shipped',
    text:
      'Hi An,\n\nGood news: your order #40721 has shipped. Order total: $59.99 (paid by card ending 4821).\nTrack it any time in your account.\n\n' +
      'Questions about your order? Call customer service at 1-800-555-0142, Monday to Friday.\n',
  },
  {
    id: 'ham-en-refund-processed',
    purpose: 'a refund receipt: "Your refund of $24.50 has been processed ... For any other question, call 1-800-555-0142"',
    from: addr('Maple Outdoor', 'orders@mapleoutdoor.example'),
    subject: 'Refund issued for order #40688',
    text:
      'Your refund of $24.50 for order #40688 has been processed and will reach your card within 5 business days.\n' +
      'For any other question, call our support line at 1-800-555-0142.\n',
  },
  {
    id: 'ham-cong-van-danh-ba',
    purpose: 'an office memo from a partner agency listing phone numbers and a budget figure',
    from: addr('Văn phòng Sở Tài chính', 'vanphong@stc-tinhbac.example'),
    subject: 'Danh sách đầu mối liên hệ hội nghị tổng kết năm 2026',
    text:
      'Kính gửi các phòng, đơn vị,\nVăn phòng Sở gửi danh sách đầu mối liên hệ phục vụ hội nghị tổng kết (kinh phí dự kiến 45.000.000 đồng):\n' +
      '- Đ/c Trần Minh Đức, Phó Chánh Văn phòng: 0912 345 678\n- Đ/c Lê Thị Hoa, kế toán: 0203 3821 456\n- Tổ hậu cần: 0988.765.432\n' +
      'Đề nghị các đơn vị liên hệ trực tiếp khi cần hỗ trợ.\n',
  },
  {
    id: 'ham-canh-bao-lua-dao-goi-lai',
    purpose: 'a fraud-awareness notice that quotes the callback scam ("đã trừ 4.990.000đ ... gọi tổng đài để hủy") to warn staff',
    from: addr('Phòng An ninh mạng', 'pa05@congan-tinhbac.example'),
    subject: 'Cảnh báo thủ đoạn lừa đảo qua thư báo trừ tiền giả',
    text:
      'Thời gian gần đây, các đối tượng lừa đảo gửi thư giả mạo thông báo "tài khoản vừa bị trừ 4.990.000đ cho gói gia hạn", ' +
      'rồi đề nghị nạn nhân gọi tổng đài 0899 123 456 để hủy giao dịch và được hoàn tiền. Khi nạn nhân gọi, đối tượng hướng dẫn cài phần mềm điều khiển từ xa để chiếm đoạt tài sản.\n' +
      'Cán bộ, công chức tuyệt đối không gọi số điện thoại ghi trong thư lạ; khi nghi ngờ, báo ngay cho bộ phận công nghệ thông tin hoặc cơ quan Công an gần nhất.\n',
  },
  // ---- In a PDF attachment (read by scan/pdf-text; added last: the fixtures above keep their numbers) ----
  {
    id: 'phish-en-invoice-pdf-gmail',
    expect: 'held',
    purpose: 'a one-line body from a gmail.com mailbox with a PDF "invoice" (Type0 font, Identity-H with a ToUnicode map, as billing systems write them): a Norton 360 auto-renewal of $499.99, "if you did not authorize this transaction, contact Customer Support at +1 (808) 555-0147"',
    from: addr('Olivia Carter', 'olivia.carter.7719@gmail.com'),
    subject: 'Requested invoice QXTRLMNBVW',
    text: 'Please find the attached document.\n',
    pdf: {
      name: 'invoice_2026-11-24_QXTRLMNBVW.pdf',
      font: 'identity-h',
      pages: [
        [
          'Norton LifeLock',
          'Your Digital Security Partner',
          'Support: +1 (808) 555-0147',
          'Invoice Number: QXTRLMNBVW    Invoice Date: 24 November 2026',
          'Payment Method: Credit Card    Billing Cycle: Annual',
          'Important Notice: Your Norton 360 subscription will automatically renew today for $499.99 USD',
          'unless you cancel auto-renewal.',
          'If you did not authorize this transaction, please contact Customer Support immediately at +1 (808) 555-0147.',
          'Norton 360 Deluxe    1    $499.99',
        ],
      ],
    },
  },
  {
    id: 'ham-en-invoice-pdf-hotline',
    purpose: 'a software company\'s genuine subscription invoice as a PDF (Type1 font): amount charged, "you can cancel at any time in your account settings", and its hotline "for any question about this invoice" in another sentence',
    from: addr('Billing', 'billing@cloudnotes.example'),
    subject: 'Your invoice CN-2026-11-0042',
    text: 'Hello,\n\nYour invoice for November is attached. Thank you for using CloudNotes.\n\nThe CloudNotes team\n',
    pdf: {
      name: 'CN-2026-11-0042.pdf',
      pages: [
        [
          'CloudNotes Ltd - INVOICE CN-2026-11-0042',
          'Date: 24 November 2026    Customer: Cong ty TNHH Minh Phat',
          'CloudNotes Business plan, monthly subscription    10 seats    $120.00',
          'Total charged to Visa ending 4242: $120.00',
          'Your subscription renews on 24 December 2026. You can cancel at any time in your account settings.',
          'For any question about this invoice, call our billing team at +1 (808) 555-0123 (Mon-Fri, 9am-5pm).',
        ],
      ],
    },
  },
  {
    id: 'ham-hoa-don-dien-tu-pdf',
    purpose: 'a Vietnamese e-invoice (hóa đơn điện tử) PDF in a Type0 Identity-H font: the amount, "Mọi thắc mắc xin liên hệ tổng đài 1900 545 413"',
    from: addr('Hóa đơn điện tử', 'hoadon@dienluc-mienbac.example'),
    subject: 'Hóa đơn tiền điện tháng 11/2026',
    text: 'Kính gửi Quý khách hàng,\n\nCông ty Điện lực gửi Quý khách hóa đơn tiền điện tháng 11/2026 (tệp đính kèm).\n\nTrân trọng.\n',
    pdf: {
      name: 'hoa-don-11-2026.pdf',
      font: 'identity-h',
      pages: [
        [
          'HÓA ĐƠN GIÁ TRỊ GIA TĂNG (TIỀN ĐIỆN)',
          'Kỳ hóa đơn: tháng 11/2026    Mã khách hàng: PA0123456789',
          'Điện năng tiêu thụ: 412 kWh    Thành tiền: 1.245.600đ',
          'Quý khách vui lòng thanh toán trước ngày 05/12/2026.',
          'Mọi thắc mắc xin liên hệ tổng đài chăm sóc khách hàng 1900 545 413 để được hỗ trợ.',
        ],
      ],
    },
  },
];

writeFixtures(HERE, LIST, message);
