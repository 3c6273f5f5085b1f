import { describe, expect, it } from 'vitest';
import { foldText } from './fold.js';
import { mobileNumbers, PHONE_LIST_MIN, SHORT_TEXT, smsAdFindings } from './sms.js';

const tags = (text: string): string[] => smsAdFindings(foldText(text)).flatMap((f) => f.tags ?? []);

describe('SMS advertising signals', () => {
  it('finds an instruction to text a code to a short number, with or without diacritics', () => {
    expect(tags('Đăng ký gói data, soạn XN gửi 9062 (3.000đ/ngày)')).toEqual(['sms-instruction']);
    expect(tags('soan UT gui 9778 de ung 10000d')).toEqual(['sms-instruction']);
    expect(smsAdFindings(foldText('soạn tin DK V120 gửi 191'))[0]).toMatchObject({ kind: 'content.sms-ad', subject: 'soan tin dk v120 gui 191' });
  });

  it('finds the opt-out line of an advertising SMS', () => {
    expect(tags('Chi tiết LH 198 (0đ). Từ chối QC, soạn TC3 gửi 199.')).toEqual(['sms-instruction', 'opt-out']);
    expect(tags('tu choi quang cao')).toEqual(['opt-out']);
  });

  it('finds a list of different mobile numbers in a short text, however they are written', () => {
    expect(tags('Sim đẹp 0982,157,352 0835.33.00.22 0943 159 444 +84 912 345 678 0842.00.5858 giá rẻ')).toEqual(['phone-numbers']);
    expect(tags('Sim đẹp 0982,157,352 0835.33.00.22 0943 159 444 0842.00.5858 giá rẻ')).toEqual([]); // 4 < PHONE_LIST_MIN
  });

  it('reports each signal once', () => {
    expect(tags('soạn A gửi 9000, soạn B gửi 9001, từ chối QC, từ chối QC')).toEqual(['sms-instruction', 'opt-out']);
  });

  it('stays quiet on ordinary text: a few numbers, a hotline, a long directory, OTP messages', () => {
    expect(tags('Số điện thoại mẹ em là 0946279323, của bố em là 0869332485, của em là 0972968722')).toEqual([]);
    expect(tags('Nhập mã OTP 5426 để xác thực. Chi tiết LH 18008098 (0đ)')).toEqual([]);
    expect(tags('Soạn thảo văn bản gửi Sở Nội vụ trước ngày 15')).toEqual([]);
    const numbers = ['0912345670', '0912345671', '0912345672', '0912345673', '0912345674', '0912345675'];
    const directory = `Danh bạ phòng ban: ${numbers.map((n) => `Phòng hành chính, tầng 2, tòa nhà A, điện thoại ${n}; `).join('').repeat(2)}`;
    expect(directory.length).toBeGreaterThan(SHORT_TEXT);
    expect(tags(directory)).toEqual([]);
  });
});

describe('SMS call to action', () => {
  const cta = (text: string, hasLink = false) => smsAdFindings(foldText(text), hasLink).filter((f) => f.tags?.includes('call-to-action'));

  it('finds a short text urging "đăng ký ngay", "nhận ngay"... with a phone number or a web address to act on', () => {
    expect(cta('Nhận ngay quà tặng 500k, gọi 0912 345 678')).toHaveLength(1);
    expect(cta('Dang ky ngay tai trang cua chung toi', true)).toEqual([
      expect.objectContaining({ kind: 'content.sms-ad', subject: 'dang ky ngay', tags: ['call-to-action'] }),
    ]);
  });

  it('reads the pushes of betting, shop and dating texts ("chơi ngay", "nạp ngay", "chốt đơn ngay", "kết bạn ngay")', () => {
    expect(cta('Chơi ngay nhận 88k tại game-vip.example.vn', true)).toHaveLength(1);
    expect(cta('Nap ngay 100k tang 100k, hotline 0933 222 111')).toHaveLength(1);
    expect(cta('Hàng về rồi, chốt đơn ngay kẻo hết: 0977 123 456')).toHaveLength(1);
  });

  it('needs something to act on, and a short text: a push alone, or inside a long mail, is ordinary writing', () => {
    expect(cta('Các đơn vị đăng ký ngay danh sách cán bộ dự tập huấn với phòng Tổ chức')).toEqual([]);
    const long = `${'Báo cáo tổng kết công tác năm của các phòng ban chuyên môn. '.repeat(12)} Đăng ký ngay tại hệ thống.`;
    expect(long.length).toBeGreaterThan(SHORT_TEXT);
    expect(cta(long, true)).toEqual([]);
  });
});

describe('mobileNumbers', () => {
  it('reads numbers split by dots, commas, hyphens or single spaces, and +84', () => {
    expect([...mobileNumbers('0982,157,352 / 0835.33.00.22 / 0943-159-444 / +84 912 345 678 / 0982157352')]).toEqual([
      '0982157352',
      '0835330022',
      '0943159444',
      '0912345678',
    ]);
  });

  it('does not glue two numbers or dates together', () => {
    expect(mobileNumbers('ngày 15/12/2023 lúc 08 30, mã 123456 7890').size).toBe(0);
  });
});

describe('SMS classified ad: what it sells, a price and a number (price-and-phone)', () => {
  const ad = (text: string) => smsAdFindings(foldText(text)).filter((f) => f.tags?.includes('price-and-phone'));

  it('finds SIM, land, flat, counterfeit and clearance ads, with or without diacritics', () => {
    expect(ad('Em bán sim Vina đuôi 6789, giá bán: 1,000,000. Liên hệ 0911 929 999')).toHaveLength(1);
    expect(ad('Chính chủ cần bán lô đất nền 100m2, sổ đỏ riêng, giá chỉ 1,2 tỷ. LH 0983 456 120')).toHaveLength(1);
    expect(ad('Can sang nhuong can ho 2PN, gia chi 2ty350, so hong san. LH 0911 222 385')).toHaveLength(1);
    expect(ad('Hàng rep 1:1 túi LV giá 350k, ship COD toàn quốc, zalo 0977 555 214')).toHaveLength(1);
    expect(ad('XA KHO tu lanh dong gia 3.990.000d. Hotline 1800 6868')).toHaveLength(1);
  });

  it('needs two everyday sale words where no word is a seller\'s alone', () => {
    expect(ad('Khách sạn báo giá phòng họp 5.000.000đ/ngày, đã giảm giá 10% rồi ạ, chị gọi em 0912 345 678')).toEqual([]);
    expect(ad('Thanh lý tủ lạnh cũ giá rẻ 2tr, còn bảo hành, gọi 0912 345 678')).toHaveLength(1);
  });

  it('stays quiet on a school fee notice, an auction of public property, "bạn đặt"/"cần bàn" and a phone written 091.234.5678', () => {
    expect(ad('Kính gửi phụ huynh: học phí học kỳ I là 1.500.000 đồng, giảm 50% hộ nghèo, giá ưu đãi... liên hệ cô Lan 0912 345 679')).toEqual([]);
    expect(ad('Thông báo đấu giá thanh lý xe ô tô, giá khởi điểm 150.000.000 đồng, bán hồ sơ, liên hệ 0983 111 206')).toEqual([]);
    expect(ad('Bạn đặt 2 phòng giúp mình nhé, cần bàn thêm kinh phí 5 triệu, gọi 0912 345 678')).toEqual([]);
    expect(ad('Sim số đẹp, gọi 091.234.5678')).toEqual([]); // no price
  });
});
