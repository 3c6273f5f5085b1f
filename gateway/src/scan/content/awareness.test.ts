import { describe, expect, it } from 'vitest';
import { isFraudAwareness, namedAsFraudAt } from './awareness.js';
import { foldText } from './fold.js';

const aware = (subject: string, body: string) => isFraudAwareness(foldText(subject), foldText(`${subject} | ${body}`));

describe('fraud-awareness notices', () => {
  it('recognises a training notice and a police advisory that quote lures', () => {
    expect(
      aware(
        'Thông báo tập huấn nhận diện thư điện tử lừa đảo (phishing)',
        'Các thư giả mạo thường viết "Mật khẩu của bạn sẽ hết hạn". Nâng cao kỹ năng nhận diện. Không bấm vào liên kết, báo ngay cho bộ phận an toàn thông tin.',
      ),
    ).toBe(true);
    expect(aware('Cảnh báo thủ đoạn giả danh công an', 'Các đối tượng gọi điện báo có lệnh bắt giam. Không chuyển tiền cho người lạ.')).toBe(true);
  });

  it('does not take a lure for one, even with a bank\u2019s genuine safety footer copied below it', () => {
    const footer = 'Vietcombank khuyến cáo Quý khách cảnh giác với các thủ đoạn lừa đảo, không cung cấp mật khẩu, mã OTP cho bất kỳ ai.';
    expect(aware('Tài khoản của bạn sẽ bị khóa', `Vui lòng xác minh tài khoản trong 24 giờ tại đường link sau. ${footer}`)).toBe(false);
    expect(aware('Cảnh báo bảo mật: đăng nhập bất thường', `Đăng nhập để xác minh ngay. ${footer}`)).toBe(false);
  });

  it('needs the fraud topic in the subject and several kinds of advisory wording in the text', () => {
    expect(aware('Cảnh báo lừa đảo', 'Tài khoản của bạn sẽ bị khóa, bấm vào đây để xác minh.')).toBe(false);
    expect(aware('Báo cáo tháng 10', 'Cảnh báo các thủ đoạn của đối tượng xấu, không cung cấp mật khẩu, báo ngay cho công an.')).toBe(false);
  });
});

describe('police bulletins on crime and anti-phishing trainings', () => {
  it('recognises a bulletin on a betting ring, a high-tech crime notice, a victims notice and a training', () => {
    expect(
      aware(
        'Thông tin kết quả triệt phá đường dây đánh bạc qua mạng',
        'Các đối tượng lập nhóm Zalo quảng cáo "soi kèo chuẩn, nạp rút nhanh". Cơ quan CSĐT đã khởi tố 9 bị can. Đề nghị Nhân dân không tham gia cá độ, báo ngay cho Công an.',
      ),
    ).toBe(true);
    expect(
      aware(
        'Thông báo phương thức, thủ đoạn của tội phạm sử dụng công nghệ cao',
        'Tội phạm tuyển cộng tác viên "việc nhẹ lương cao". Nâng cao cảnh giác, không cài đặt ứng dụng lạ.',
      ),
    ).toBe(true);
    expect(
      aware(
        'Mời tham dự lớp bồi dưỡng kỹ năng nhận diện thư điện tử độc hại',
        'Nhận diện thư giả mạo: "mật khẩu của bạn sẽ hết hạn", "xác thực tài khoản ngay". Thực hành diễn tập gửi thư mô phỏng tấn công.',
      ),
    ).toBe(true);
  });

  it('still does not take a betting ad or a fake police summons for one', () => {
    // a betting ad names gambling in its subject but has no advisory wording
    expect(aware('Cá độ bóng đá uy tín - nạp rút nhanh 24/7', 'Soi kèo chuẩn, tặng code 88k. Vào nhóm Zalo để nhận kèo. Nhà cái uy tín, không lừa đảo.')).toBe(false);
    // a fake summons speaks of a case against the reader, under a subject that is no crime topic
    expect(aware('Giấy triệu tập', 'Bạn có liên quan đến vụ án rửa tiền, sẽ bị khởi tố. Không cung cấp thông tin cho ai, chuyển tiền vào tài khoản tạm giữ.')).toBe(false);
  });
});

describe('namedAsFraudAt: a phrase the words just before it call a fraud', () => {
  const named = (text: string, phrase: string) => {
    const folded = foldText(text);
    return namedAsFraudAt(folded, folded.indexOf(foldText(phrase)));
  };
  it('sets aside a headline or warning that names the lure', () => {
    expect(named('Cảnh báo lừa đảo cập nhật sinh trắc học: ngân hàng không gửi đường dẫn', 'cập nhật sinh trắc học')).toBe(true);
    expect(named('Thủ đoạn giả mạo "xác thực tài khoản" qua tin nhắn', 'xác thực tài khoản')).toBe(true);
    expect(named('Chiêu lừa đảo qua cập nhật sinh trắc học', 'cập nhật sinh trắc học')).toBe(true);
  });
  it('keeps the lure that only mentions fraud as its excuse, or farther away', () => {
    expect(named('Để phòng chống lừa đảo, quý khách vui lòng cập nhật sinh trắc học tại đây', 'cập nhật sinh trắc học')).toBe(false);
    expect(named('Nhằm chống lừa đảo cập nhật sinh trắc học ngay hôm nay', 'cập nhật sinh trắc học')).toBe(false);
    expect(named('Cảnh báo: cập nhật sinh trắc học trước ngày 01/01', 'cập nhật sinh trắc học')).toBe(false);
    expect(named('Tài khoản sẽ bị khóa nếu không cập nhật sinh trắc học', 'cập nhật sinh trắc học')).toBe(false);
  });
});
