import { describe, expect, inject, it } from 'vitest';
import { blindSetOutcomeTests, shippedFolderScans } from './shipped-engine.js';

/**
 * A third blind test of attacks on provincial government mail, and of the legitimate mail that looks
 * like them (test-fixtures/blind-vi-3, built by its generate.mjs, written before reading the detection
 * code, on what blind-vi/ and blind-vi-2/ do not cover): `gia-*` are attacks (APT-style "Công văn số
 * …/UBND-VP" with a zip holding a .docx.lnk beside a decoy, a 7-Zip from Gmail, a signed program with
 * a side-loaded DLL, a "Giấy mời họp" .docx with a remote template, a CHM "tài liệu hướng dẫn", an .iso
 * "quyết định khen thưởng", a macro .xls "danh sách cán bộ", an HTML log-in "công văn", a bare .pdf.lnk;
 * VNeID and bank "cập nhật sinh trắc học", eTax / hoàn thuế, VssID, dichvucong-gov.vn and dvc-gov.com,
 * a Bộ Công an summons with a Zalo number, phạt nguội links, EVN / VNPT / Viettel bills, VNPT-CA,
 * Viettel-CA, BKAV-CA and FPT-CA token renewals asking for the PIN, a ".gov.vn" domain renewal from a
 * registrar look-alike, a fake Thanh tra asking for money, "cộng tác viên" recruitment, "recovery" of
 * scammed money; Telex and VNI typed without conversion, teencode, leet and NFD); `that-*` are the
 * look-alikes that must stay clean (công văn from *.gov.vn with PDF, DOCX, XLS or a zip of them, the
 * real VNeID, bank biometric, VNPT-CA / Viettel-CA, eTax, VssID, csgt.vn, EVN / VNPT / Viettel, VNNIC
 * and Thanh tra notices, a newsletter, internal meeting and chat invitations, a no-diacritics IT
 * notice and a teencode note from colleagues on the province's own domain).
 * Through the same evaluate() as the SMTP path (`lachan scan`), with the shipped policy and the
 * province's domains (lachan.test) local.
 *
 * First run, written blind and before any detection change: of 36 attacks 25 held, 9 only warned, 2
 * delivered clean (an FPT-CA "send the token PIN over Zalo" from Gmail, a ".gov.vn" renewal from a
 * VNNIC look-alike); of 26 look-alikes 23 clean, 2 warned (a tech newsletter, the real VNPT-CA
 * reminder) and 1 held (the real Viettel-CA notice: viettel-ca.vn read as a look-alike of viettel.vn).
 * After the general fixes (Telex and VNI keystrokes read back as words before the phrase lists and
 * the lure reader, content/typed-keys.ts; the CA providers and VNNIC in lists/brands.txt and
 * lists/protected-domains.txt; "mã PIN (của) (USB) token" and "nhập / điền số thẻ" in
 * lists/phrases-phishing.txt): 31 held, 5 warned, none clean; 25 look-alikes clean, 1 warned, none held.
 * After the second round: a registrable name made of a public body's words and a province or
 * ministry outside gov.vn (tinhuy-thanhhoa.org, sonoivu-thanhhoa.com, hcc-thanhhoa.net:
 * urls/public-body.ts) is a government disguise of the form 'public-body', held beside a dangerous,
 * macro, disk-image or unreadable attachment (public-body-sender-with-payload); "Văn phòng UBND tỉnh"
 * and other authorities on free mail with an archive nobody can open, a macro document or a flagged
 * link are held (institution-freemail-with-payload); "bật nội dung", "bật chỉnh sửa", "nhấn Enable"
 * join the macro phrases; a phrase that the words just before it call a fraud ("Cảnh báo lừa đảo cập
 * nhật sinh trắc học") is not counted: 36 held, none warned, none clean; 26 look-alikes clean.
 * Every message is in exactly one list, with what it gets and why.
 */
const { files: FILES, lines } = shippedFolderScans('blind-vi-3', () => inject('clamdUrl'));

/** Attacks held (quarantine or reject), with the signals that hold them. */
const HELD: Record<string, string> = {
  // APT-style
  'gia-cong-van-zip-lnk-docx': 'a shortcut named .docx.lnk in the zip (disguised-file-name) from thanhhoa-gov.org (government-lookalike-sender)',
  'gia-giay-moi-hop-remote-template': 'the .docx fetches its template from a raw address (office-remote-content)',
  'gia-cong-van-html-dang-nhap': 'an HTML attachment with a password form posting away (html-form-attachment)',
  'gia-cong-van-link-zip-pages': 'a zip download on pages.dev (abused hosting) from a gov look-alike sender',
  'gia-quyet-dinh-bo-nhiem-lnk': 'a bare shortcut named .pdf.lnk (disguised-file-name)',
  'gia-cong-van-sideload-dll': 'a program and a DLL from sonoivu-thanhhoa.com, a name made of "Sở Nội vụ" and a province (public-body-sender-with-payload)',
  'gia-cong-van-7z-gmail': '"Văn phòng UBND tỉnh" on Gmail with a 7-Zip nobody can open (institution-freemail-with-payload)',
  'gia-danh-sach-can-bo-xls-macro': 'a macro workbook from tinhuy-thanhhoa.org (public-body-sender-with-payload) + "bật nội dung" (phrase-with-sender-or-link-sign)',
  'gia-quyet-dinh-khen-thuong-iso': 'a disk image from thiduakhenthuong-thanhhoa.com (public-body-sender-with-payload)',
  'gia-tai-lieu-huong-dan-chm': 'a CHM from hcc-thanhhoa.net, "hành chính công" and a province (public-body-sender-with-payload)',
  // VNeID, banks
  'gia-vneid-muc-2-com': '"VNeID" / "Bộ Công an" on vneid-bocongan.com, sender and link look-alikes',
  'gia-mbbank-sinh-trac-link': '"MB Bank" on mbbank-sinhtrac.com, "cập nhật sinh trắc học" with password and OTP',
  'gia-techcombank-khong-dau-gmail': '"Techcombank" on Gmail, no-diacritics lure, look-alike link',
  'gia-sinh-trac-telex': 'Telex read back ("tai khoan … se bi khoa", "cap nhat sinh trac hoc"), "Sacombank" on a .top look-alike',
  'gia-ngan-hang-leet': 'leet read back ("tai khoan ngan hang … bi khoa"), log-in link on web.app',
  'gia-vneid-nfd-link': 'NFD text read back, VNeID look-alike sender and link',
  // Thuế
  'gia-hoan-thue-telex': '"Tong cuc Thue" from a foreign domain (brand-impersonation-strong); Telex read back to "hoan thue … dang nhap"',
  'gia-etax-mobile-apk-link': '"Cục Thuế" from gdt-etax.com + "nhận hoàn thuế" (phrase-with-sender-or-link-sign), an .apk link',
  'gia-thuedientu-vni': 'VNI read back ("tai khoan … se bi khoa … dang nhap … mat khau"): content.lure + "Cuc Thue" brand (two-strong-signals)',
  // BHXH, DVC
  'gia-vssid-telex-mat-khau': 'Telex read back ("tai khoan … bi tam khoa … dang nhap … mat khau"): content.lure + "BHXH" brand (two-strong-signals)',
  'gia-dichvucong-gov-vn-hyphen': '"Cổng Dịch vụ công" on dichvucong-gov.vn, sender and link look-alikes of dichvucong.gov.vn',
  'gia-dvc-gov-com-ho-so': 'dvc-gov.com dressed as a government domain, lure asking for CCCD, password and OTP',
  // Công an, phạt nguội
  'gia-trieu-tap-bo-cong-an-zalo': '"Bộ Công an" on Gmail + "đường dây rửa tiền" (phrase-with-sender-or-link-sign)',
  'gia-phat-nguoi-csgt-lookalike': 'csgt-vn.com, sender and link look-alikes of csgt.vn',
  'gia-phat-nguoi-teencode-tinyurl': '"CSGT" on Outlook.com, a shortened link, the fine read as a lure',
  // Bills
  'gia-evn-hoan-tien-dien': '"EVN" from a foreign domain + "điền số thẻ" (phrase-with-sender-or-link-sign)',
  'gia-vnpt-cuoc-internet': '"VNPT" from a foreign domain + an overdue bill lure (two-strong-signals)',
  'gia-viettel-chuan-hoa-thue-bao': '"Viettel" on viettel-thuebao.com, sender and link look-alikes',
  // Chữ ký số
  'gia-vnpt-ca-pin-reply': '"VNPT-CA" from a foreign domain + "mã PIN của token" (phrase-with-sender-or-link-sign), no link needed',
  'gia-viettel-ca-pin-link': '"Viettel-CA" from a foreign domain (brand-impersonation-strong) + "mã PIN token"',
  'gia-bkav-ca-exe-link': '"BKAV-CA" on bkavca-support.com (look-alike of bkavca.vn, brand) + "mã PIN token" + an .exe link',
  'gia-fpt-ca-zalo-pin': '"FPT-CA" on Gmail (brand-impersonation-strong) + "mã PIN USB Token"',
  // Tên miền, thanh tra, tuyển dụng, khôi phục
  'gia-ten-mien-gov-vn-gia-han': '"VNNIC" on vnnic-tenmien.com (look-alike of vnnic.vn, brand) + "tên miền … hết hạn … gia hạn" (content.lure)',
  'gia-thanh-tra-chi-phi-doan': '"Thanh tra Chính phủ" on Gmail (brand-impersonation-strong)',
  'gia-tuyen-cong-tac-vien': '"Shopee" on Gmail + a commission job answered on Zalo (scam-offer-private-chat)',
  'gia-khoi-phuc-tien-bi-lua': 'anninhmang-bocongan.com imitates bocongan.gov.vn (lookalike-sender)',
};

/** Attacks only warned: the payload is stripped and the rest delivered with a banner. */
const WARNED: Record<string, string> = {};

/** Attacks delivered without a banner. */
const UNCAUGHT: Record<string, string> = {};

/** Look-alikes delivered with a banner (never held): what trips them. */
const KNOWN_WARNED: Record<string, string> = {};

describe('third blind set of attacks on provincial mail and look-alikes (test-fixtures/blind-vi-3) under the shipped policy', () => {
  blindSetOutcomeTests({ files: FILES, lines }, { held: HELD, warned: WARNED, uncaught: UNCAUGHT, knownWarned: KNOWN_WARNED }, 36, 26);

  it('reads the signs the fixes added, and leaves the look-alikes without them', () => {
    const kinds = (name: string): string[] => lines.get(name)!.findings.map((f) => `${f.rule}:${f.kind}`);
    // Telex and VNI read back: the lure is seen in the words
    expect(kinds('gia-vssid-telex-mat-khau')).toContain('two-strong-signals:content.lure');
    expect(kinds('gia-thuedientu-vni')).toContain('two-strong-signals:content.lure');
    // the token PIN asked for
    expect(kinds('gia-vnpt-ca-pin-reply')).toContain('phrase-with-sender-or-link-sign:content.phrase');
    expect(kinds('gia-ten-mien-gov-vn-gia-han')).toContain('brand-impersonation-strong:sender.brand-impersonation');
    // the real providers' own domains are theirs; their "never give the PIN" is a negation
    for (const real of ['that-vnpt-ca-nhac-gia-han', 'that-viettel-ca-gia-han', 'that-vnnic-ten-mien-gov-vn']) {
      expect(kinds(real).some((k) => k.includes('brand-impersonation') || k.includes('lookalike')), real).toBe(false);
      expect(lines.get(real)!.findings.some((f) => f.kind === 'content.phrase'), real).toBe(false);
    }
    // the public-body names, the authority on free mail, the macro phrase; the newsletter's quoted headline is set aside
    for (const name of ['gia-cong-van-sideload-dll', 'gia-danh-sach-can-bo-xls-macro', 'gia-quyet-dinh-khen-thuong-iso', 'gia-tai-lieu-huong-dan-chm']) {
      expect(kinds(name), name).toContain('public-body-sender-with-payload:sender.government-lookalike');
    }
    expect(kinds('gia-cong-van-7z-gmail')).toContain('institution-freemail-with-payload:sender.institution-freemail');
    expect(kinds('gia-danh-sach-can-bo-xls-macro')).toContain('phrase-with-sender-or-link-sign:content.phrase');
    expect(lines.get('that-ban-tin-chuyen-doi-so')!.findings.some((f) => f.kind === 'content.phrase')).toBe(false);
    for (const real of ['that-cong-van-ubnd-vp-pdf', 'that-cong-van-zip-docx-pdf', 'that-quyet-dinh-khen-thuong-pdf', 'that-danh-sach-can-bo-xls']) {
      expect(lines.get(real)!.findings.some((f) => f.kind === 'sender.government-lookalike' || f.kind === 'sender.institution-freemail'), real).toBe(false);
    }
    // no-diacritics and teencode from colleagues are not read as keystrokes
    expect(lines.get('that-cntt-doi-mat-khau-khong-dau')!.findings.some((f) => f.kind === 'content.lure' || f.kind === 'content.phrase')).toBe(false);
  });
});
