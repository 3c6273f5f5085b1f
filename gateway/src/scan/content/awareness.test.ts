import { describe, expect, it } from 'vitest';
import { isFraudAwareness } from './awareness.js';
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
