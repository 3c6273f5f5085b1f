import { describe, expect, it } from 'vitest';
import { foldText } from './fold.js';
import { lureFinding } from './lure.js';
import { negatedAt } from './negation.js';
import { scamOfferFinding } from './offer.js';
import { PhraseMatcher } from './phrases.js';

/** Whether `target` (its first occurrence) is negated in `text`, read as the scanners read it (folded). */
function negated(text: string, target: string): boolean {
  const folded = foldText(text);
  const at = folded.indexOf(foldText(target));
  if (at < 0) throw new Error(`"${target}" not in "${folded}"`);
  return negatedAt(folded, at);
}

describe('negatedAt: genuine notices that say the opposite of a lure', () => {
  it.each([
    ['Ngân hàng KHÔNG BAO GIỜ yêu cầu Quý khách cung cấp mật khẩu, mã OTP qua email', 'mật khẩu'],
    ['Vietcombank không gửi đường link yêu cầu Quý khách xác thực tài khoản, cập nhật sinh trắc học hay cập nhật thông tin định danh.', 'cập nhật thông tin định danh'],
    ['Chúng tôi không yêu cầu thanh toán qua đường link', 'thanh toán'],
    ['Cơ quan thuế không gửi đường link yêu cầu cập nhật thông tin', 'cập nhật thông tin'],
    ['không yêu cầu người nộp thuế cung cấp mật khẩu hay chuyển tiền để nhận hoàn thuế', 'nhận hoàn thuế'],
    ['Tuyệt đối không truy cập đường link lạ', 'truy cập đường link'],
    ['Quý khách đừng cung cấp mã OTP cho bất kỳ ai', 'cung cấp'],
    ['Ngân hàng chưa bao giờ yêu cầu khách hàng xác minh tài khoản qua email', 'xác minh tài khoản'],
    ['Ngân hàng không được phép yêu cầu Quý khách cung cấp mã OTP', 'mã OTP'],
    ['Ngân hàng không chủ động gọi điện đề nghị khách hàng cập nhật sinh trắc học', 'cập nhật sinh trắc học'],
    ['không yêu cầu cung cấp hay chia sẻ mã OTP để tránh bị khóa tài khoản', 'bị khóa'],
    // without diacritics
    ['BIDV khong bao gio yeu cau Quy khach cung cap mat khau, ma OTP qua email', 'mat khau'],
    ['BIDV khong gui link yeu cau xac thuc tai khoan hoac cap nhat sinh trac hoc', 'cap nhat sinh trac hoc'],
    ['Quy khach dung bam vao duong link la', 'bam vao'],
    // English
    ['We will never ask you to verify your account by email.', 'verify your account'],
    ['We will never ask for your password.', 'password'],
    ['Do not share your OTP with anyone.', 'OTP'],
    ["Don't click links in unexpected messages.", 'click'],
    ['Never share your seed phrase or recovery phrase with anyone.', 'recovery phrase'],
    ['No one from Northwind will ask you to update your payment information over the phone.', 'update your payment information'],
    ['You will never be asked to confirm your identity by email.', 'confirm your identity'],
    ['We won\u2019t ever send links asking you to connect your wallet.', 'connect your wallet'],
  ])('%s → "%s" negated', (text, target) => {
    expect(negated(text, target)).toBe(true);
  });
});

describe('negatedAt: what keeps a lure a lure', () => {
  it.each([
    // a plain lure
    ['Vui lòng xác thực tài khoản trong vòng 24 giờ', 'xác thực tài khoản'],
    ['Verify your account now.', 'verify your account'],
    // a negation with no verb of asking or giving: urging, "no documents", "no fee"
    ['Đừng bỏ lỡ cơ hội nhận thưởng ngay hôm nay', 'nhận thưởng'],
    ['Don\u2019t miss your chance to claim your reward', 'claim your reward'],
    ['Vay tiền không cần giấy tờ, chỉ cần CCCD', 'chỉ cần CCCD'],
    ['Không mất phí, nhận quà tri ân ngay', 'nhận quà tri ân'],
    ['Không mất phí cung cấp thông tin nhận thưởng', 'cung cấp thông tin'],
    ["Don't ignore this message: verify your account today", 'verify your account'],
    ['Do not ignore this notice, verify your account', 'verify your account'],
    // a threat: the negation is a condition
    ['Quá hạn không thanh toán sẽ bị khóa tài khoản', 'bị khóa'],
    ['Nếu không xác thực tài khoản, tài khoản sẽ bị khóa', 'xác thực tài khoản'],
    ['Nếu Quý khách không cung cấp thông tin trong 24 giờ, tài khoản bị khóa', 'cung cấp thông tin'],
    ['If you do not verify your account within 24 hours, it will be suspended', 'verify your account'],
    ['Tài khoản không cập nhật trước ngày 15/11 sẽ bị khóa', 'cập nhật'],
    ['Do not reply to this email or your account will be closed', 'reply'],
    // "do not share this link" on a phishing page: the lure after it is not its object
    ['Do not share this link, verify your account within 24 hours', 'verify your account'],
    ['Do not share this link and verify your account', 'verify your account'],
    ['Vui lòng đừng chia sẻ đường link này. Quý khách cần xác thực tài khoản', 'xác thực tài khoản'],
    ['Đừng chia sẻ đường link này với người khác, Quý khách xác thực tài khoản tại đây', 'xác thực tài khoản'],
    ['Ngân hàng không bao giờ yêu cầu mật khẩu, Quý khách vui lòng xác thực tài khoản tại đây', 'xác thực tài khoản'],
    // "dùng/dụng" folds to "dung" like "đừng"
    ['Sử dụng đường link để xác thực tài khoản', 'xác thực tài khoản'],
    ['Người dùng cung cấp thông tin tại đây', 'cung cấp thông tin'],
    ['Dùng mã OTP để xác thực tài khoản', 'xác thực tài khoản'],
    // another sentence
    ['Ngân hàng không bao giờ yêu cầu mật khẩu. Xác thực tài khoản tại đây.', 'xác thực tài khoản'],
    ['- Không cung cấp OTP - Xác thực tài khoản tại đây', 'xác thực tài khoản'],
  ])('%s → "%s" counts', (text, target) => {
    expect(negated(text, target)).toBe(false);
  });

  it('reads a bounded window: a negation far before the match does not reach it', () => {
    const text = `Ngân hàng không yêu cầu ${'thông tin '.repeat(40)}xác thực tài khoản`;
    expect(negated(text, 'xác thực tài khoản')).toBe(false);
  });

  it('stays fast on a long run of negations and verbs', () => {
    const folded = foldText('không yêu cầu cung cấp, '.repeat(5000));
    const t0 = performance.now();
    for (let at = 0; at < folded.length; at += 97) negatedAt(folded, at);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('the readers that skip negated matches', () => {
  it('lure: a security footer is no lure, the same words without the negation are', () => {
    const footer = foldText('We will never ask you to verify your account or update your password by email. Accounts are never suspended without a letter from us.');
    expect(lureFinding(footer)).toBeUndefined();
    const lure = foldText('Verify your account and update your password within 24 hours, or it will be suspended.');
    expect(lureFinding(lure)?.tags).toContain('account');
    const vi = foldText('Ví không bao giờ yêu cầu bạn cung cấp mật khẩu hay xác minh tài khoản, và không gọi điện đề nghị cập nhật thông tin để tránh bị khóa tài khoản.');
    expect(lureFinding(vi)).toBeUndefined();
    expect(lureFinding(foldText('Quá hạn không thanh toán sẽ bị khóa tài khoản, vui lòng xác minh tài khoản ngay.'))).toBeDefined();
  });

  it('scam offer: "không cho vay online qua Zalo" is no offer, "vay online qua Zalo" is', () => {
    expect(scamOfferFinding(foldText('Ngân hàng không cho vay online, không kết bạn Zalo với khách hàng.'))).toBeUndefined();
    expect(scamOfferFinding(foldText('Hỗ trợ vay online, giải ngân trong ngày, kết bạn Zalo 0912 345 678.'))?.tags).toContain('loan');
  });

  it('phrase matcher: a skipped occurrence does not count, a later one of the same phrase does', () => {
    const m = new PhraseMatcher([{ list: 'phrases_phishing', phrase: 'xác thực tài khoản' }]);
    const folded = foldText('Ngân hàng không yêu cầu xác thực tài khoản qua email.');
    const skip = (start: number): boolean => negatedAt(folded, start);
    expect(m.findFolded(folded, skip)).toEqual([]);
    expect(m.findFolded(folded)).toHaveLength(1);
    const twice = foldText('Ngân hàng không yêu cầu xác thực tài khoản qua email. Hãy xác thực tài khoản tại đây.');
    expect(m.findFolded(twice, (start) => negatedAt(twice, start))).toHaveLength(1);
  });
});
