import { describe, expect, it } from 'vitest';
import { shippedPolicyVerdicts, singlePartMail } from './shipped-verdict.js';

/**
 * Hand-written messages through the real parser, every scanner but sender authentication (no DNS
 * here) and the shipped policy: what the combination rules hold, and what they leave alone.
 * No attachment here reaches clamd (the client below refuses every call: it would show as a
 * scanner error and a quarantine).
 */
const verdict = shippedPolicyVerdicts();

const mail = (headers: Record<string, string>, html: string): string => singlePartMail(headers, html, 'text/html');

describe('combination rules on whole messages', () => {
  it('holds a brand in the From name pressing for a password check', async () => {
    const v = await verdict(
      mail(
        { From: 'Microsoft 365 <it-desk@office-notice.example>', Subject: 'Mật khẩu của bạn sẽ hết hạn hôm nay' },
        '<p>Mật khẩu hộp thư của bạn sẽ hết hạn trong 24 giờ.</p><p><a href="https://login-check.example/mail">Bấm vào đây để xác minh</a></p>',
      ),
    );
    expect(v.kinds).toEqual(expect.arrayContaining(['sender.brand-impersonation', 'content.lure']));
    expect(v).toMatchObject({ action: 'quarantine' });
    expect(v.rules).toContain('two-strong-signals');
  });

  it('holds image spam: one picture from an image-sharing site behind a shortened link', async () => {
    const v = await verdict(
      mail(
        { From: 'Super Deals <promo@deals-weekly.example>', Subject: 'Chỉ hôm nay' },
        '<a href="https://bit.ly/3xYz"><img src="https://i.imgur.com/Ab12Cd.png" width="600"></a><p style="font-size:10px">Unsubscribe</p>',
      ),
    );
    expect(v.kinds).toEqual(expect.arrayContaining(['content.image-only', 'url.abused-hosting', 'url.hidden-destination']));
    expect(v.action).toBe('quarantine');
  });

  it('holds a summons lure from a machine-made sender linking to a page on free hosting', async () => {
    const v = await verdict(
      mail(
        { From: 'Phong thu ly <thongbao@q2bf7awq9pq.example>', Subject: 'Giấy triệu tập' },
        '<p>Cơ quan công an gửi giấy triệu tập khẩn cấp. Truy cập đường link để xem hồ sơ:</p>' +
          '<p><a href="https://storage.googleapis.com/hs-2024/index.html">Xem hồ sơ</a></p>',
      ),
    );
    expect(v.kinds).toEqual(expect.arrayContaining(['sender.generated-address', 'content.lure', 'url.abused-hosting']));
    expect(v.action).toBe('quarantine');
  });

  it('does not hold a bank\u2019s own notice that reads like a lure but links to the bank', async () => {
    const v = await verdict(
      mail(
        { From: 'Vietcombank <thongbao@vietcombank.com.vn>', Subject: 'Thông báo cập nhật sinh trắc học' },
        '<p>Tài khoản của Quý khách sẽ bị tạm khóa giao dịch trực tuyến nếu chưa cập nhật sinh trắc học trước ngày 01/07.</p>' +
          '<p>Vui lòng cập nhật trên ứng dụng VCB Digibank. Chi tiết: <a href="https://www.vietcombank.com.vn/sinh-trac-hoc">vietcombank.com.vn</a></p>',
      ),
    );
    // a protected domain (lists/protected-domains.txt) words its own notices as it likes: no lure signal
    expect(v.kinds).not.toContain('content.lure');
    expect(v.action).toBe('deliver');
  });

  it('does not hold a partner\u2019s newsletter with pictures on cloud storage, a shortened link and replies to another domain', async () => {
    const v = await verdict(
      mail(
        { From: 'Ban tin Hoi thao <news@hoithao-so.example>', 'Reply-To': 'dangky@sukien-partner.example', Subject: 'Mời tham dự hội thảo chuyển đổi số' },
        '<img src="https://storage.googleapis.com/hoithao/banner.png"><p>Kính mời quý cơ quan tham dự hội thảo chuyển đổi số cấp tỉnh ngày 15/11 tại Trung tâm Hội nghị. ' +
          'Chương trình gồm các phiên chia sẻ kinh nghiệm triển khai dịch vụ công trực tuyến và chính quyền số.</p>' +
          '<p>Đăng ký: <a href="https://bit.ly/hoithao-cds">bit.ly/hoithao-cds</a> · Trang sự kiện: <a href="https://hoithao-so.example/2024">hoithao-so.example</a></p>',
      ),
    );
    expect(v.action).toBe('deliver');
    expect(v.kinds).not.toContain('url.abused-hosting');
  });

  it('leaves the province\u2019s own mail out of the combination signals', async () => {
    const v = await verdict(
      mail(
        { From: 'Van phong So <vanphong@lachan.test>', Subject: 'Khẩn: cập nhật tài khoản hệ thống' },
        '<img src="cid:congvan@lachan.test"><p>Tài khoản sẽ bị khóa sau 24 giờ, các phòng cập nhật tại <a href="https://bit.ly/capnhat-tk">đây</a>.</p>',
      ),
    );
    expect(v.kinds).not.toEqual(expect.arrayContaining(['content.lure']));
    expect(v.kinds).not.toContain('url.hidden-destination');
    expect(v.kinds).not.toContain('content.image-only');
    expect(v.action).toBe('deliver');
  });

  it('holds a summons from "the police" on a free-mail mailbox pressing to open the file', async () => {
    const v = await verdict(
      mail(
        { From: 'Công an phường Hòa Minh <thongbao.conganhoaminh@gmail.com>', Subject: 'Giấy triệu tập' },
        '<p>Cơ quan công an gửi giấy triệu tập khẩn cấp liên quan đến hồ sơ của ông/bà.</p>' +
          '<p>Truy cập đường link để xem hồ sơ: <a href="https://hoso-trieutap.example/xem">Xem hồ sơ</a></p>',
      ),
    );
    expect(v.kinds).toEqual(expect.arrayContaining(['sender.institution-freemail', 'content.lure']));
    expect(v).toMatchObject({ action: 'quarantine' });
    expect(v.rules).toContain('two-strong-signals');
  });

  it('holds an easy-job offer that moves the reader to Telegram', async () => {
    const v = await verdict(
      mail(
        { From: 'Tuyen dung online <tuyendung@viec-lam-24h.example>', Subject: 'Cơ hội việc làm tại nhà' },
        '<p>Việc nhẹ lương cao: tuyển CTV online xử lý đơn hàng, thu nhập 300k - 1tr/ngày, nhận lương trong ngày.</p>' +
          '<p>Nhắn Telegram @vieclam_tainha để nhận việc ngay.</p>',
      ),
    );
    expect(v.kinds).toContain('content.scam-offer');
    expect(v).toMatchObject({ action: 'quarantine' });
    expect(v.rules).toContain('scam-offer-private-chat');
  });

  it('holds a withdrawal "waiting to be confirmed" behind a shortened link', async () => {
    const v = await verdict(
      mail(
        { From: 'Wallet Service <notify@w-alerts.example>', Subject: 'Withdrawal pending' },
        '<p>Your withdrawal of 0.75 BTC is pending. Confirm it now to receive the funds.</p>' +
          '<p><a href="https://bit.ly/3wdrw">Confirm withdrawal</a> · <a href="https://w-alerts.example/help">Help</a></p>',
      ),
    );
    expect(v.kinds).toEqual(expect.arrayContaining(['content.lure', 'url.shortener']));
    expect(v.action).toBe('quarantine');
  });

  const NEW_SIGNALS = ['content.scam-offer', 'sender.institution-freemail', 'sender.invalid-from'];

  it('does not flag a government notice inviting applications, with a mobile number and Zalo for questions', async () => {
    const v = await verdict(
      mail(
        { From: '"Trường Cao đẳng Y tế, Phòng Đào tạo" <phongdaotao@cdyt.edu.vn>', Subject: 'Thông báo tuyển dụng viên chức năm 2024' },
        '<p>Kính gửi các cơ quan, đơn vị,</p><p>Trường Cao đẳng Y tế thông báo tuyển dụng 12 viên chức năm 2024 (giảng viên, kỹ thuật viên). ' +
          'Hồ sơ nộp trực tiếp tại Phòng Đào tạo đến hết ngày 30/11/2024. Thông báo chi tiết đăng tại <a href="https://cdyt.edu.vn/tuyen-dung">cdyt.edu.vn</a>.</p>' +
          '<p>Mọi thắc mắc xin liên hệ: cô Nguyễn Thị Lan, điện thoại 0912 345 678 (Zalo cùng số).</p>',
      ),
    );
    expect(v.kinds).not.toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(NEW_SIGNALS.join('|')))]));
    expect(v).toMatchObject({ action: 'deliver', warning: false });
  });

  it('does not flag a commune office forwarding an anti-fraud advisory from its Gmail mailbox', async () => {
    const v = await verdict(
      mail(
        { From: 'UBND xa Hoa Tien <ubndxahoatien@gmail.com>', Subject: 'Chuyển: Cảnh báo thủ đoạn lừa đảo qua mạng' },
        '<p>Công an tỉnh cảnh báo: các đối tượng giả danh công an, tòa án gọi điện, nhắn tin qua Zalo, Telegram mời "việc nhẹ lương cao", ' +
          'làm cộng tác viên online, vay tiền không thẩm định để chiếm đoạt tài sản.</p><p>Đề nghị cán bộ, công chức không kết bạn, không chuyển tiền cho người lạ.</p>',
      ),
    );
    expect(v.kinds).not.toContain('content.scam-offer');
    // a fraud-awareness notice (content/awareness.ts): the scam phrases it quotes ("việc nhẹ lương cao",
    // "lừa đảo") are recorded as content.fraud-awareness, not counted, so no banner
    expect(v.kinds).toContain('content.fraud-awareness');
    expect(v).toMatchObject({ action: 'deliver', warning: false, rules: ['external-sender', 'fraud-awareness-notice'] });
  });

  it('does not flag a bank\u2019s genuine statement notice sent from its own domain', async () => {
    const v = await verdict(
      mail(
        { From: 'Ngan hang TMCP Ban Viet <ebanking@bvbank-mail.example>', Subject: 'Sao kê tài khoản tháng 10/2024' },
        '<p>Kính gửi Quý khách,</p><p>Sao kê tài khoản thanh toán tháng 10/2024 của Quý khách đã sẵn sàng. Số dư khả dụng cuối kỳ: 25.340.000 VND.</p>' +
          '<p>Quý khách vui lòng đăng nhập để xem chi tiết tại <a href="https://ebanking.bvbank-mail.example/saoke">ebanking.bvbank-mail.example</a>. ' +
          'Nếu phát hiện giao dịch bất thường, vui lòng liên hệ tổng đài 1900 555 888.</p>',
      ),
    );
    expect(v.kinds).not.toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(NEW_SIGNALS.join('|')))]));
    expect(v).toMatchObject({ action: 'deliver', warning: false });
  });

  it('does not flag a newsletter with tracked links, social links in its footer and a WhatsApp channel', async () => {
    const v = await verdict(
      mail(
        { From: 'Tech Weekly <news@techweekly.example>', Subject: 'This week: new releases and a conference report' },
        '<h1>Tech Weekly</h1><p>New releases of three open-source projects, a report from the embedded systems conference and a job board for engineers.</p>' +
          '<p><a href="https://click.techweekly-mail.example/c/1">Read the conference report</a></p>' +
          '<p>Follow us: <a href="https://click.techweekly-mail.example/c/2">facebook.com/techweekly</a> · Join our WhatsApp channel for daily news.</p>' +
          '<p><a href="https://techweekly.example/unsubscribe">Unsubscribe</a></p>',
      ),
    );
    expect(v.kinds).not.toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(NEW_SIGNALS.join('|')))]));
    // the footer link to the Facebook page goes through the newsletter's click tracker: a plain link-text
    // mismatch (a warning at most), not a disguised protected domain (which would hold it)
    expect(v.rules).not.toContain('link-text-shows-trusted-domain');
    expect(v.action).toBe('deliver');
  });
});
