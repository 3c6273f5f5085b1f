import { describe, expect, it } from 'vitest';
import { deobfuscate } from './deobfuscate.js';
import { foldText } from './fold.js';
import { OFFER_SPAN, OFFER_WINDOW, scamOfferFinding } from './offer.js';

/** The scam-offer finding for a text, folded the way the content scanner folds it. */
const offer = (text: string) => scamOfferFinding(foldText(deobfuscate(text).text));
const tags = (text: string) => offer(text)?.tags;

describe('content.scam-offer: a scam offer with a private way to answer it', () => {
  it('finds the fake job, the loan and the investment scam with a Zalo or Telegram contact, with or without diacritics', () => {
    expect(tags('Tuyển nhân viên làm việc tại nhà, thu nhập 500k/ngày, nhận lương trong ngày. Liên hệ Zalo 0987 654 321')).toEqual(['job', 'messaging-app']);
    expect(tags('Tuyen nhan vien lam viec tai nha, thu nhap 500k/ngay. Lien he zalo 0987654321')).toEqual(['job', 'messaging-app']);
    expect(tags('HỖ TRỢ VAY TIỀN NHANH, không thẩm định, giải ngân trong ngày. Nhắn Telegram @vaynhanh247')).toEqual(['loan', 'messaging-app']);
    expect(tags('Sàn forex uy tín, cam kết lợi nhuận 5% mỗi ngày, vào nhóm Telegram t.me/dautu_vip để được hướng dẫn')).toEqual([
      'investment',
      'messaging-app',
    ]);
  });

  it('finds gambling, sex, the sale of personal data and forged papers', () => {
    expect(tags('Nhà cái uy tín nhất, khuyến mãi 100% nạp đầu, tham gia nhóm Zalo để nhận code')).toEqual(['gambling', 'messaging-app']);
    expect(tags('Gái gọi cao cấp, kín đáo, kb tele em nhé')).toEqual(['adult', 'messaging-app']);
    expect(tags('Bán data khách hàng mới nhất 2024, số điện thoại chủ doanh nghiệp, liên hệ zalo.me/0911222333')).toEqual(['personal-data', 'messaging-app']);
    expect(tags('Nhận làm bằng đại học, bằng lái xe, giấy tờ các loại, gọi 0912.345.678')).toEqual(['forged-papers', 'phone']);
  });

  it('reads dating bait before a private chat, and offers whose words are glued or broken by punctuation', () => {
    expect(tags('Buồn quá, ai tán em không? Kết bạn Telegram @hoa_xinh99 nha')).toEqual(['adult', 'messaging-app']);
    expect(tags('Tim nguoi yeu nghiem tuc, ib zalo 0977.111.222')).toEqual(['adult', 'messaging-app']);
    expect(tags('NhậnLàm Bằng-Cấp3, bằng lái xe mọi hạng. Zal0: 0966 123 456')).toEqual(['forged-papers', 'messaging-app']);
  });

  it('reads more of each family: betting tips, coin pump groups, loans on an ID card, paid likes, massage at home', () => {
    expect(tags('Soi kèo chuẩn, bạch thủ lô hôm nay, nạp rút nhanh. Vào nhóm Tele @keothom88')).toEqual(['gambling', 'messaging-app']);
    expect(tags('Nhom keo coin x5 moi tuan, ib zalo 0933 444 555 de vao nhom')).toEqual(['investment', 'messaging-app']);
    expect(tags('Vay bằng CCCD, không cần chứng minh thu nhập, duyệt vay nhanh. Gọi 0987 111 222')).toEqual(['loan', 'phone']);
    expect(tags('Thả tim nhận tiền 200k mỗi ngày, xem video kiếm tiền tại nhà, kb zalo 0977 888 999')).toEqual(['job', 'messaging-app']);
    expect(tags('Em gái xinh massage tận nơi, kín đáo, Zalo 0966 777 888')).toEqual(['adult', 'messaging-app']);
  });

  it('leaves alone a police report on a gambling ring it broke up, which names the ring\'s Zalo groups', () => {
    expect(offer('Công an tỉnh triệt phá đường dây cá độ bóng đá, các đối tượng lập nhóm Zalo để nhận tiền cược.')).toBeUndefined();
  });

  it('leaves alone the officer who handles complaints ("nhân viên xử lý đơn thư")', () => {
    expect(offer('Phòng Tiếp công dân cần 01 nhân viên xử lý đơn thư khiếu nại, liên hệ Zalo 0912 000 111.')).toBeUndefined();
    expect(tags('Tuyển nhân viên xử lý đơn hàng tại nhà, nhận lương trong ngày, Zalo 0912 000 111')).toEqual(['job', 'messaging-app']);
  });

  it('leaves alone dating talk and papers talk without a private contact, and a phone number in an office notice', () => {
    expect(offer('Đọc xong bài này thấy ai tán em cũng phải dè chừng, haha')).toBeUndefined();
    expect(offer('Bộ phận một cửa nhận làm hồ sơ cấp đổi giấy phép lái xe từ thứ Hai đến thứ Sáu tại trụ sở UBND.')).toBeUndefined();
  });

  it('reads English offers and international WhatsApp numbers', () => {
    expect(tags('Work from home and earn $500 daily, no experience needed. Message our recruiter on WhatsApp.')).toEqual(['job', 'messaging-app']);
    expect(tags('Guaranteed returns on our investment plan: 3% per day. Call our manager +44 7911 123456 today')).toEqual(['investment', 'phone']);
    expect(tags('We sell leads database for all countries, B2B data, contact us on telegram')).toEqual(['personal-data', 'messaging-app']);
  });

  it('names what it found in the detail and the subject', () => {
    const f = offer('Việc nhẹ lương cao, add Zalo để nhận việc');
    expect(f).toMatchObject({ scanner: 'content', kind: 'content.scam-offer', subject: 'viec nhe luong cao … zalo' });
    expect(f!.detail).toContain('job');
  });

  it('needs both halves: an offer without a private contact, or a contact without an offer, is none', () => {
    expect(offer('Việc nhẹ lương cao, thu nhập hấp dẫn, đăng ký tại website công ty.')).toBeUndefined();
    expect(offer('Kính mời các đồng chí tham dự họp. Mọi chi tiết liên hệ đ/c Lan, Zalo 0912 345 678.')).toBeUndefined();
    expect(offer('Casino night at the conference hotel on Friday, tickets at the registration desk.')).toBeUndefined();
  });

  it('needs the two close together', () => {
    const far = `Vay tiền online. ${'Báo cáo tình hình thực hiện nhiệm vụ quý III của các phòng ban. '.repeat(Math.ceil(OFFER_SPAN / 60) + 1)}Zalo nhóm phòng: 0912345678`;
    expect(offer(far)).toBeUndefined();
  });

  it('reads only the start of a long text', () => {
    const late = `${'Báo cáo tình hình kinh tế xã hội quý III. '.repeat(Math.ceil(OFFER_WINDOW / 40))} Vay tiền nhanh, liên hệ Zalo 0987654321.`;
    expect(offer(late)).toBeUndefined();
  });

  it('leaves alone the anti-fraud advisories offices forward, which name both halves', () => {
    expect(
      offer(
        'Công an tỉnh cảnh báo thủ đoạn lừa đảo tuyển nhân viên làm việc tại nhà, việc nhẹ lương cao qua Zalo, Telegram. ' +
          'Người dân không kết bạn, không chuyển tiền cho người lạ.',
      ),
    ).toBeUndefined();
    expect(offer('Beware of scams: fake recruiters offering work from home and earn $300 a day on WhatsApp.')).toBeUndefined();
  });

  it('leaves alone a real recruitment notice, a bank loan offer with a hotline, and a newsletter with a WhatsApp channel', () => {
    expect(
      offer(
        'Sở Nội vụ thông báo tuyển dụng viên chức năm 2024: 12 chỉ tiêu, hồ sơ nộp tại bộ phận một cửa đến hết ngày 30/11. ' +
          'Thông tin chi tiết liên hệ đ/c Nguyễn Văn An, điện thoại 0912 345 678 (Zalo cùng số).',
      ),
    ).toBeUndefined();
    expect(
      offer('Vay tiêu dùng tín chấp lãi suất ưu đãi cho cán bộ công chức, hồ sơ đơn giản. Chi tiết tại chi nhánh hoặc hotline 1900 545 413.'),
    ).toBeUndefined();
    expect(offer('This week in open source: new releases, a conference report. Follow our WhatsApp channel for daily news.')).toBeUndefined();
  });

  it('leaves alone the words offices use for their own loans, collaborators and duties', () => {
    for (const text of [
      'Ngân hàng Chính sách xã hội huyện thông báo cho vay vốn giải quyết việc làm, cho vay không cần thế chấp đối với hộ nghèo. Liên hệ cán bộ tín dụng qua Zalo 0912 345 678.',
      'Ban Tuyên giáo tuyển cộng tác viên dư luận xã hội năm 2025, đăng ký qua nhóm Zalo của xã hoặc gọi 0905 111 222.',
      'Lực lượng dân quân làm nhiệm vụ tại chốt kiểm soát; trực ban liên hệ Zalo 0935 123 456.',
      'Mô hình trồng bưởi da xanh mang lại lợi nhuận cao cho nông dân, liên hệ cán bộ khuyến nông 0914 222 333 (Zalo).',
    ]) {
      expect(offer(text), text).toBeUndefined();
    }
  });

  it('never throws and stays quick on empty, garbage and very long input', () => {
    expect(offer('')).toBeUndefined();
    expect(offer('\u0000\uFFFD\uD800 zalo ' + '9'.repeat(5000))).toBeUndefined();
    const started = performance.now();
    offer(`${'+84 9 '.repeat(20_000)} vay tien zalo ${'0912345678 '.repeat(10_000)}`);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('content.scam-offer: fake prizes, and more loan and betting wording', () => {
  const offer = (text: string) => scamOfferFinding(foldText(text))?.tags;

  it('reads a prize the reader never entered for, or must pay to receive, as an offer', () => {
    expect(offer('Chúc mừng quý khách đã trúng thưởng 01 xe SH. Liên hệ 0945 667 210, phí nhận thưởng 2.500.000đ')).toEqual(['prize', 'phone']);
    expect(offer('Ban da may man trung giai dac biet 100.000.000d. Chuyen phi de nhan thuong, goi 0908 771 236')).toEqual(['prize', 'phone']);
  });

  it('does not read a lottery company\'s claim instructions or a scholarship congratulation as a prize offer', () => {
    expect(offer('Người trúng thưởng mang vé đến công ty làm thủ tục nhận thưởng, mã dự thưởng in trên vé. Hotline 0912 345 670')).toBeUndefined();
    expect(offer('Chúc mừng em đã được nhận học bổng 5 triệu, cần gì gọi cô 0903 456 781')).toBeUndefined();
  });

  it('reads loans "up to N million", "without meeting" and lottery betting wording', () => {
    expect(offer('Ho tro vay len den 50 trieu, khong can gap mat. LH 0868 123 457')).toEqual(['loan', 'phone']);
    expect(offer('Danh de online, bao lo 3 cang, ib zalo 0977 123 880')).toEqual(['gambling', 'messaging-app']);
  });
});
