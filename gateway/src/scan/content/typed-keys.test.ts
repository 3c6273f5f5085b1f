import { describe, expect, it } from 'vitest';
import { readTyped, typingMethod } from './typed-keys.js';

const read = (s: string): string => readTyped(s, typingMethod(s));

describe('typed-keys: Vietnamese typed with Telex or VNI keystrokes and never converted', () => {
  it('reads Telex back to plain letters, links left alone', () => {
    expect(read('Thoong baso: tafi khoanr cuar quys khachs sex bij khoas')).toBe('thong bao: tai khoan cua quy khach se bi khoa');
    expect(read('Vui lofng ddaang nhaapj taij https://vi-du.example/dang-nhap, nhaapj maajt khaaur vaf max OTP')).toBe(
      'Vui long dang nhap tai https://vi-du.example/dang-nhap, nhap mat khau va ma OTP',
    );
    expect(read('nguwowif noopj thuees ddwowjc hoafn thuees')).toBe('nguoi nop thue duoc hoan thue');
  });

  it('reads VNI back, tone keys stacked or at the end of the word', () => {
    expect(read('Ta2i khoa3n cu3a ba5n se4 bi5 kho1a, vui lo2ng d9a8ng nha65p va2 xa1c thu7c5')).toBe('tai khoan cua ban se bi khoa, vui long dang nhap va xac thuc');
  });

  it('leaves English, plain no-diacritics Vietnamese, diacritics and leet alone', () => {
    for (const s of [
      'This is what it was: he has the books and yes, she does as we asked us to do this week for the team.',
      'How was your day? Our team has the report, as you asked, and yes it is ready for this week.',
      'Kinh gui Quy khach, tai khoan cua Quy khach chua cap nhat sinh trac hoc, vui long den quay giao dich.',
      'Tài khoản của bạn sẽ bị khóa, vui lòng đăng nhập.',
      'T4i kh0an ng4n h4ng cua b se bi kh0a, d4ng nh4p de x4c minh',
      'Ban in khổ A4, mã hồ sơ A1, phòng B2 và C3.',
    ])
      expect(typingMethod(s), s).toBeUndefined();
  });

  it('needs a few keystroke words: one slip of the fingers is not a method', () => {
    expect(typingMethod('Kinh gui anh, em gui baso cao thang 11, anh xem giup em nhe.')).toBeUndefined();
  });
});
