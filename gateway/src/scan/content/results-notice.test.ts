import { describe, expect, it } from 'vitest';
import { foldText } from './fold.js';
import { isLotteryResults } from './results-notice.js';

const results = (subject: string, body: string) => isLotteryResults(foldText(`${subject} | ${body}`));

describe('lottery results notices', () => {
  it('recognises a lottery company\u2019s results notice and its prize report', () => {
    expect(
      results(
        'Kết quả mở thưởng xổ số kiến thiết kỳ vé ngày 07/11/2024',
        'Giải đặc biệt 582613. Người có vé trúng thưởng lĩnh thưởng tại trụ sở Công ty trong thời hạn 30 ngày.',
      ),
    ).toBe(true);
    expect(results('Báo cáo tình hình phát hành vé và trả thưởng tháng 10', 'Tổng giá trị trả thưởng 52 tỷ đồng; đã trả 2 giải đặc biệt cho khách hàng trúng thưởng.')).toBe(true);
  });

  it('does not take a prize scam for one, even when it names the lottery', () => {
    expect(results('Chúc mừng bạn đã trúng thưởng Xổ số kiến thiết', 'Kết quả mở thưởng kỳ vé 07/11: bạn đã trúng giải nhất. Lĩnh thưởng tại link.')).toBe(false);
    expect(results('Kết quả quay số mở thưởng', 'Số điện thoại của quý khách trúng thưởng giải nhì xổ số kiến thiết. Nộp phí nhận thưởng 500.000đ để lĩnh thưởng.')).toBe(false);
    // one way of naming the draw is not enough
    expect(results('Thông báo trúng thưởng', 'Phần thưởng trị giá 10 triệu, liên hệ để lĩnh thưởng.')).toBe(false);
  });
});
