import { describe, expect, it } from 'vitest';
import { addr, makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import { callbackScamFinding, callbackShape, phoneHits, type CallbackSender } from './callback.js';
import { deobfuscate } from './deobfuscate.js';
import { foldText } from './fold.js';
import { scanContent } from './index.js';

const fold = (s: string): string => foldText(deobfuscate(s).text);
const policy = makePolicy({
  localDomains: ['lachan.test'],
  lists: {
    brands: { type: 'phrase', entries: ['Norton, NortonLifeLock | norton.com', 'PayPal | paypal.com', '=Amazon, Amazon Prime | amazon.com'] },
    allowed_domains: { type: 'domain', entries: ['doitac.example'] },
  },
  settings: { allowedList: 'allowed_domains' },
});
const sender = (from: string, subject = 'Thông báo', fromName = ''): CallbackSender => ({ from, fromName, subject, policy });
const find = (text: string, s: CallbackSender = sender('billing@shop.example')) => callbackScamFinding(fold(text), s);

const NORTON =
  'Your Norton 360 subscription has been renewed and $499.99 has been charged to your account today. ' +
  'If you did not authorize this transaction or wish to cancel and get a refund, please call our billing support team within 24 hours at +1 (808) 555-0199.';
const VI = 'Tài khoản của Quý khách vừa bị trừ 4.990.000đ cho gói gia hạn dịch vụ. Nếu không phải Quý khách thực hiện, vui lòng gọi ngay tổng đài 0899 123 456 để hủy giao dịch và được hoàn tiền.';
const VI_PLAIN = 'Tai khoan cua Quy khach vua bi tru 4.990.000d cho goi gia han dich vu. Neu khong phai Quy khach thuc hien, vui long goi ngay tong dai 0899 123 456 de huy giao dich va duoc hoan tien.';

describe('phone numbers for a callback', () => {
  it('reads international, toll-free, spaced, dotted and o-for-zero numbers', () => {
    const text = fold('+1 (808) 555-0199, 1-888-555-0199, 8 0 8 5 5 5 0 1 9 9, 0899.123.456, 1 8O8 555 O199, +84 899 123 456');
    expect(phoneHits(text).map((h) => h.text)).toEqual(['+1 (808) 555-0199', '1-888-555-0199', '8 0 8 5 5 5 0 1 9 9', '0899.123.456', '1 8o8 555 o199', '+84 899 123 456']);
  });

  it('does not read amounts, dates, short codes or long references as numbers', () => {
    const text = fold('$1,234,567,890 and 4.990.000.000đ and 1.234.567.890 VND on 24/11/2026 10:00, code 88412, order 112-3456789-1234567-889');
    expect(phoneHits(text)).toEqual([]);
  });
});

describe('content.callback-scam', () => {
  it('reads the English renewal notice with its number and reason', () => {
    const f = find(NORTON);
    expect(f).toMatchObject({ kind: 'content.callback-scam', tags: ['amount', 'call-to-cancel', 'phone', 'brand-elsewhere', 'norton'] });
    expect(f!.subject).toBe('$499.99 · +1 (808) 555-0199');
    expect(f!.detail).toMatch(/did not authorize/);
  });

  it('reads the Vietnamese notice with and without diacritics', () => {
    for (const text of [VI, VI_PLAIN]) {
      const s = callbackShape(fold(text));
      expect(s?.amount.text).toBe('4.990.000d');
      expect(s?.phone.text).toBe('0899 123 456');
      expect(s?.reason.text).toBe('khong phai quy khach thuc hien');
    }
  });

  it('reads VND, USD and "đồng" amounts, the reason after the number, and a question before the call', () => {
    expect(find('Đơn hàng DH1 đã thanh toán 2,990,000 VND. Vui lòng liên hệ tổng đài 0899.123.456 để hủy đơn và yêu cầu hoàn tiền.')).toBeDefined();
    expect(find('Hệ thống đã trừ 1.500.000 đồng phí duy trì. Để hủy giao dịch, Quý khách vui lòng gọi ngay 0899 123 456.')).toBeDefined();
    expect(find("A payment of USD 389.00 was debited for your membership. Didn't make this purchase? Call support at 808.555.0142 to dispute the charge.")).toBeDefined();
  });

  it('tags a free-mail sender and a brand the sender is not on, but not the brand writing from its own domain', () => {
    expect(find(NORTON, sender('james@gmail.com'))!.tags).toEqual(expect.arrayContaining(['freemail', 'brand-elsewhere']));
    expect(find(NORTON, sender('billing@norton.com'))!.tags).toEqual(['amount', 'call-to-cancel', 'phone']);
    expect(find(VI, sender('hd@hoadon.example', 'Gia hạn PayPal thành công'))!.tags).toEqual(expect.arrayContaining(['brand-elsewhere', 'paypal']));
    expect(find(VI, sender('hd@hoadon.example', 'x', 'Amazon Billing'))!.tags).toContain('amazon');
  });

  it('leaves a bank notice whose hotline is for questions alone', () => {
    expect(find('Tài khoản 0071 vừa phát sinh giao dịch -1.250.000 VND. Số dư: 18.430.210 VND. Nếu có thắc mắc, vui lòng liên hệ tổng đài 1900 545413.')).toBeUndefined();
    expect(find('Tai khoan vua giao dich -1.250.000 VND. Neu co thac mac, vui long lien he tong dai 1900 545413.')).toBeUndefined();
  });

  it('leaves an order confirmation and a refund receipt with a customer-service number alone', () => {
    expect(find('Your order #40721 has shipped. Order total: $59.99. Questions about your order? Call customer service at 1-800-555-0142.')).toBeUndefined();
    expect(find('Your refund of $24.50 for order #40688 has been processed. For any other question, call our support line at 1-800-555-0142.')).toBeUndefined();
    expect(find('Quý khách đã được hoàn tiền 500.000đ cho giao dịch ngày 20/11. Mọi thắc mắc xin gọi tổng đài 1900 6035.')).toBeUndefined();
  });

  it('leaves a memo listing phone numbers and a budget alone', () => {
    expect(find('Kinh phí hội nghị 45.000.000 đồng. Đầu mối: đ/c Đức 0912 345 678, đ/c Hoa 0203 3821 456. Đề nghị các đơn vị liên hệ khi cần hỗ trợ.')).toBeUndefined();
  });

  it('needs all three parts: a charge with an amount, a call with a number, a reason to call', () => {
    expect(find('Your subscription has been renewed. If you did not authorize this, call +1 (808) 555-0199.')).toBeUndefined();
    expect(find('Your subscription was renewed: $499.99 charged. If you did not authorize this, reply to this email.')).toBeUndefined();
    expect(find('Your subscription was renewed: $499.99 charged. Call +1 (808) 555-0199 for support.')).toBeUndefined();
  });

  it('does not count a call instruction a negation governs', () => {
    expect(find('Your subscription was renewed for $49.99. We will never call you or ask you to call +1 (808) 555-0199 to cancel a payment.')).toBeUndefined();
    expect(find('Your subscription was renewed for $49.99. We ask you to call +1 (808) 555-0199 to cancel a payment.')).toBeDefined();
  });

  it('does not read a fraud-awareness notice that quotes the scam', () => {
    const notice =
      'Các đối tượng lừa đảo gửi thư giả mạo "tài khoản vừa bị trừ 4.990.000đ cho gói gia hạn", rồi đề nghị nạn nhân gọi tổng đài 0899 123 456 để hủy giao dịch. ' +
      'Đối tượng hướng dẫn cài phần mềm để chiếm đoạt tài sản. Tuyệt đối không gọi số lạ, báo ngay cho cơ quan Công an.';
    expect(callbackShape(fold(notice), fold('Thư báo trừ tiền giả'))).toBeDefined();
    expect(callbackShape(fold(notice), fold('Cảnh báo thủ đoạn lừa đảo qua thư báo trừ tiền giả'))).toBeUndefined();
  });
});

describe('content.callback-scam in the content scanner', () => {
  const ctx = makeContext(policy);
  const kinds = (from: string) => scanContent(makeMessage({ from: [addr(from)], subject: 'Invoice', text: NORTON, visibleText: NORTON }), ctx).map((f) => f.kind);

  it('reports it for mail from outside', () => {
    expect(kinds('Billing <billing@renewals.example>')).toContain('content.callback-scam');
  });

  it('does not read mail from the local or allowed domains', () => {
    expect(kinds('Kế toán <ketoan@lachan.test>')).not.toContain('content.callback-scam');
    expect(kinds('Đối tác <hd@doitac.example>')).not.toContain('content.callback-scam');
  });
});
