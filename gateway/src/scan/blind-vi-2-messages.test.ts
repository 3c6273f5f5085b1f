import { describe, expect, inject, it } from 'vitest';
import { favourRequestFindings } from './content/favour-scam.js';
import { foldText } from './content/fold.js';
import { lureFinding } from './content/lure.js';
import { scamOfferFinding } from './content/offer.js';
import type { ParsedMessage } from '../parse/types.js';
import { blindSetOutcomeTests, shippedFolderScans } from './shipped-engine.js';

/**
 * A second blind test of Vietnamese scams aimed at provincial staff, and of the legitimate mail that
 * looks like them (test-fixtures/blind-vi-2, built by its generate.mjs, written before reading the
 * detection code, on 2025–2026 kinds blind-vi/ does not cover): `gia-*` are scams (VNeID level-2
 * biometric updates with links and APKs, BHXH / BHYT refunds, EVN overdue bills, phạt nguội with a
 * QR code, tax refunds and macro "quyết toán" forms, court summons and police invitations with
 * archives, fake Cổng Dịch vụ công payments, HTKK / eTax / chữ ký số / chuyển đổi số programs,
 * ministry conferences with a fee, a fake leader's Zalo / Telegram, bank "tài khoản bị tạm khóa",
 * macro salary and allowance workbooks, "Văn phòng UBND tỉnh" on free mail with cloud-storage links,
 * crypto for cán bộ, fake khen thưởng; in no-diacritics, spaced, leet and NFD text); `that-*` are
 * the look-alikes that must stay clean (công văn from *.gov.vn with PDF / DOCX, real BHXH, tax,
 * EVN, bank, court and police notices from their own domains, a colleague's Zalo group and Drive
 * folder on the province's own domain, a ministry training with a fee, a commune on Gmail).
 * Through the same evaluate() as the SMTP path (`lachan scan`), with the shipped policy and the
 * province's domains (lachan.test) local.
 *
 * First run, written blind and before any detection change: of 36 scams 22 held, 10 only warned, 4
 * delivered clean; of 25 look-alikes 23 clean, 2 warned (a real BIDV biometric notice, a real EVNNPC
 * reminder), none held. After the general fixes (EVN's and six ministries' domains in lists/brands.txt,
 * utility bills and fees in the lure reader, "lợi nhuận cố định x%/ngày" in the offer reader, a chat-
 * group order beside secrecy as a BEC opener, phrases about enabling macros / running the attachment
 * counted with a macro or program attachment, a bank's own notice not read for the thief's phrases):
 * 29 held, 5 warned, 2 clean; all 25 look-alikes clean. After blind-vi-3's fixes (an authority named
 * on free mail with a program, a macro document or an unreadable archive: institution-freemail-with-
 * payload): 30 held, 4 warned, 2 clean; look-alikes unchanged.
 * Every message is in exactly one list, with what it gets and why.
 */
const { files: FILES, lines } = shippedFolderScans('blind-vi-2', () => inject('clamdUrl'));

/** Scams held (quarantine or reject), with the signals that hold them. */
const HELD: Record<string, string> = {
  'gia-vpubnd-dropbox-zip-exe': '"UBND tỉnh" on Yahoo with a program in the downloaded zip (institution-freemail-with-payload)',
  // VNeID / định danh điện tử
  'gia-vneid-sinh-trac-link': 'VNeID on a look-alike .top sender and link, "sẽ bị khóa" + "cập nhật sinh trắc học"',
  'gia-vneid-apk-gmail': '"Công an tỉnh" on Gmail + a link to an .apk on web.app',
  'gia-vneid-khong-dau-bitly': 'VNeID account lock asking for CCCD, password and OTP through a shortened link, from Outlook.com',
  'gia-vneid-spaced-apk': 'spaced letters read back + a link to an .apk on pages.dev',
  // BHXH / BHYT
  'gia-bhxh-hoan-tien-link': '"Bảo hiểm xã hội Việt Nam" on baohiemxahoi-gov.vn.com, a refund asking for account and OTP',
  'gia-bhyt-the-het-han-nfd': 'NFD text read back: "thẻ BHYT … hết hạn … gia hạn trực tuyến" (content.lure) + a weebly page (two-strong-signals)',
  'gia-vssid-apk': 'an Android package attached, "BHXH" on a .online domain',
  // EVN
  'gia-evn-qua-han-link': '"EVN" from a foreign domain + "tiền điện … quá hạn … thanh toán ngay" (content.lure payment: two-strong-signals)',
  'gia-evn-khong-dau-stk': '"Dien luc" from a foreign domain + "tien dien … ngung cap dien … chuyen khoan ngay" (two-strong-signals), no link needed',
  // Phạt nguội
  'gia-phat-nguoi-qr': '"Cục Cảnh sát giao thông" on Gmail + a QR code to a .top domain',
  'gia-phat-nguoi-qr-ip-khong-dau': 'a QR code that is the only link, to a raw address',
  // Thuế
  'gia-thue-hoan-tncn-link': 'tax refund on thuedientu-gdt.online (gdt written into a foreign domain)',
  'gia-thue-quyet-toan-docm': 'a macro document with "Enable Content", "Chi cục Thuế" on Gmail',
  'gia-ihtkk-exe-link': 'a link downloading an .exe from a look-alike tax domain',
  'gia-etax-msi-attach': 'an installer (.msi) attached',
  // Tòa án, Công an
  'gia-toa-an-trieu-tap-rar': '"Tòa án nhân dân" on Outlook.com + a .rar nobody can look into',
  'gia-cong-an-moi-lam-viec-zip-js': 'a script disguised as a PDF inside the zip',
  // Dịch vụ công
  'gia-dvc-thanh-toan-gov-vn-com': '"Cổng Dịch vụ công" on dichvucong-gov.vn.com (gov.vn written into a foreign domain)',
  // Phần mềm
  'gia-chu-ky-so-tu-xa-apk': 'a link downloading an .apk, sender on a "-gov" .top domain',
  // Hội nghị
  'gia-hoi-nghi-bo-tttt-phi': '"Bộ Thông tin và Truyền thông" on Gmail (brand-impersonation-strong, lists/brands.txt) + "chuyển khoản trước"',
  'gia-hoi-thao-bo-khcn-link': '"Bộ Khoa học và Công nghệ" on most-gov.vn.com',
  // Lãnh đạo
  // Ngân hàng
  'gia-vietcombank-tam-khoa': '"Vietcombank" on a .top look-alike, "bị tạm khóa"',
  'gia-bidv-khong-dau-webapp': '"BIDV" lock in no-diacritics, log-in link on web.app',
  'gia-agribank-leet': 'leet letters read back, password and OTP through a shortened link',
  'gia-vietinbank-sinh-trac': '"VietinBank" on Gmail asking for password and OTP on a .online link',
  // Lương, phụ cấp
  'gia-truy-linh-luong-xlsm': 'a macro workbook + "Enable Content" (phrase-with-sender-or-link-sign counts the macro document)',
  'gia-phu-cap-xls-macro-khong-dau': 'a very hidden Excel 4.0 macro sheet + "bat macro" (phrase-with-sender-or-link-sign)',
  // Văn phòng UBND, đám mây
  // Đầu tư, khen thưởng
  'gia-crypto-can-bo': '"đầu tư tiền số" answered on Telegram (scam-offer-private-chat)',
  'gia-khen-thuong-weebly': 'a bonus asking for the account number on a weebly page, from a .top domain',
};

/** Scams only warned: one sign, which ordinary mail also shows now and then. */
const WARNED: Record<string, string> = {
  'gia-chuyen-doi-so-zip-lnk': 'the shortcut in the zip is stripped (dangerous-attachment) and the rest delivered with the banner: "Ban Chỉ đạo chuyển đổi số" on Gmail is a province body (no brand, see lists/brands.txt) and "chạy tệp Huong_dan_cai_dat" names no instruction of the phrase family ("giải nén và chạy", "chạy tệp đính kèm")',
  'gia-zalo-pho-chu-tich-gmail': 'an order to join a Zalo group beside "nhắn riêng cho tôi, không trao đổi với người khác" (bec-opener); a leader’s title on Gmail is no sign (real commune leaders use Gmail), so one sign only warns',
  'gia-telegram-giam-doc-outlook': '"em đang ở cơ quan không? anh đang họp … đừng gọi điện" with only a t.me link (bec-opener: a messaging-app invitation is not a web link); "Giám đốc Sở" on Outlook.com is a title, not a brand',
  'gia-vpubnd-onedrive-outlook': '"xác minh tài khoản" (phishing-phrases); the link is a real OneDrive short link and "VP UBND tỉnh" on Outlook.com is a province office, not a brand: one sign',
};

/** Scams delivered without a banner: what a reader would need to see, and why text alone cannot. */
const UNCAUGHT: Record<string, string> = {
  'gia-vpubnd-google-drive-gmail': 'text alone cannot tell: a province office on Gmail sharing "tài liệu mật" on Google Drive is what real commune offices do; "chỉ xem được khi đăng nhập bằng tài khoản thư công vụ" is the only tell and, as a phrase, would warn on the province’s own single-sign-on notices',
  'gia-khen-thuong-khong-dau-gmail': 'text alone cannot tell: a fee to a person’s account for a commendation frame, no link, no contact, no brand (Ban Thi đua is a province body); the prize offer needs a private contact and nothing names the account holder as a person',
};

/** Look-alikes delivered with a banner (never held): what trips them. */
const KNOWN_WARNED: Record<string, string> = {};

describe('second blind set of Vietnamese scams and look-alikes (test-fixtures/blind-vi-2) under the shipped policy', () => {
  blindSetOutcomeTests({ files: FILES, lines }, { held: HELD, warned: WARNED, uncaught: UNCAUGHT, knownWarned: KNOWN_WARNED }, 35, 25);

  it('reads the signs the fixes added, and leaves the look-alikes without them', () => {
    const kinds = (name: string): string[] => lines.get(name)!.findings.map((f) => `${f.rule}:${f.kind}`);
    expect(kinds('gia-evn-qua-han-link')).toContain('two-strong-signals:content.lure');
    expect(kinds('gia-hoi-nghi-bo-tttt-phi')).toContain('brand-impersonation-strong:sender.brand-impersonation');
    expect(kinds('gia-truy-linh-luong-xlsm')).toContain('phrase-with-sender-or-link-sign:attachment.macro');
    expect(kinds('gia-zalo-pho-chu-tich-gmail')).toContain('bec-opener:content.bec-opener');
    // EVNNPC's own domain (npc.com.vn) is EVN's; BIDV's own notice is not read for the thief's phrases
    expect(kinds('that-evn-nhac-no-lan-2').some((k) => k.includes('brand-impersonation'))).toBe(false);
    expect(lines.get('that-bidv-sinh-trac-thong-bao')!.findings.some((f) => f.kind === 'content.phrase')).toBe(false);
  });
});

describe('the readers behind the fixes (content/lure.ts, offer.ts, favour-scam.ts)', () => {
  const lure = (s: string) => lureFinding(foldText(s));
  it('reads a utility bill or a health-insurance card under pressure as a payment lure', () => {
    expect(lure('Hóa đơn tiền điện tháng 10 đã quá hạn. Vui lòng thanh toán ngay để tránh ngừng cấp điện.')?.tags).toContain('payment');
    expect(lure('No tien dien 2 thang, se cat dien trong hom nay. Chuyen khoan ngay vao STK 1903.')?.tags).toContain('payment');
    expect(lure('Thẻ BHYT của bạn đã hết hạn, gia hạn trực tuyến tại đường dẫn sau.')?.tags).toContain('account');
  });
  it('does not read a bill notice that only states the due date', () => {
    expect(lure('Tiền điện kỳ 10/2026: 3.112.450 đồng. Hạn thanh toán: 25/11/2026. Quý khách thanh toán qua ngân hàng hoặc tại quầy.')).toBeUndefined();
  });
  it('reads a fixed daily return with a decimal as an investment offer', () => {
    expect(scamOfferFinding(foldText('Lợi nhuận cố định 2,5%/ngày, tham gia nhóm Telegram để được hướng dẫn'))?.tags).toContain('investment');
    expect(scamOfferFinding(foldText('Lãi suất tiền gửi 4,5%/năm, liên hệ chi nhánh'))).toBeUndefined();
  });
  it('reads an order to join a chat group beside secrecy as a BEC opener, a messaging link not counting as a web link', () => {
    const msg = { from: [{ address: 'x@gmail.com', name: 'x' }] } as unknown as ParsedMessage;
    const bec = (s: string) => favourRequestFindings(msg, foldText(s), false).filter((f) => f.kind === 'content.bec-opener');
    expect(bec('Đồng chí vào nhóm Zalo này để nhận chỉ đạo. Vào xong nhắn riêng cho tôi, không trao đổi với người khác.')).toHaveLength(1);
    expect(bec('Các đồng chí tham gia nhóm Zalo theo đường dẫn. Mọi chỉ đạo chính thức vẫn ban hành bằng văn bản.')).toHaveLength(0);
  });
});
