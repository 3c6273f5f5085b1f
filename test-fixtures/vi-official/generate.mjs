#!/usr/bin/env node
// Legitimate Vietnamese official mail that sits NEAR the scam vocabulary, for the false-positive
// guard gateway/src/scan/vi-official-messages.test.ts: police bulletins that quote a betting ring's
// ads and Zalo groups, fraud-awareness notices that quote scam texts, lottery results ("vé trúng",
// "giải đặc biệt"), a bank's genuine OTP notice, tax refunds, BHXH, court and procuracy documents
// ("triệu tập", "khởi tố"), recruitment with salaries, a social-policy loan programme, procurement
// with payments and invoices, a citizen's complaint from Gmail, an IT notice to change passwords on
// the agency's own portal, a meeting with a Zalo group, an anti-phishing training, a newsletter.
// Every message must be delivered without a warning banner and without a hold (the external-sender
// tag alone is fine), except the few the test lists as known, with the reason.
//   node test-fixtures/vi-official/generate.mjs
// Everything is invented for the test: people, numbers, cases and documents. Agency domains are
// made up under example labels (congan.example.gov.vn, xskt.example.vn, ...), phone numbers and
// account numbers are fictitious, relays use 192.0.2.0/24 (TEST-NET-1). Deterministic output: a
// rebuild that changes nothing leaves git clean. Each fixture says in X-Lachan-Fixture what it is.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as p from '../attachments/payloads.mjs';
import { addr, domainOf, eml, mimeBody, writeFixtures } from '../mime-builder.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const TO = addr('Văn phòng UBND tỉnh', 'vanthu@lachan.test');
const DATE = 'Fri, 8 Nov 2024 08:30:00 +0700';

function message(m, n) {
  const domain = domainOf(m.from, 'vi-official.example.vn');
  const helo = m.helo ?? `mail.${domain}`;
  const date = m.date ?? DATE;
  const received = `Received: from ${helo} (${helo} [192.0.2.${100 + n}]) by mx1.lachan.test (Postfix) with ESMTPS id 6Vo${1000 + n}Qb; ${date}`;
  const { from, cc, subject, headers, purpose } = m;
  return eml({ received, from, to: m.to ?? TO, cc, subject, date, messageId: `${m.id}.${1000 + n}@${domain}`, headers, purpose }, mimeBody({ id: m.id, text: m.text, html: m.html, attachments: m.attachments }));
}

const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const pdf = (name, text) => ({ type: PDF, name, bytes: p.makePdf(text) });
const docx = (name, text) => ({ type: DOCX, name, bytes: p.makeWordDocument({ text }) });
const page = (inner, footer = '') =>
  `<html><head><meta charset="utf-8"></head><body style="font-family:'Times New Roman',serif;font-size:14px">${inner}${footer ? `<hr><p style="font-size:12px;color:#555">${footer}</p>` : ''}</body></html>`;
const para = (...ps) => ps.map((s) => `<p>${s}</p>`).join('');

/** Footer of an agency letter. */
const sig = (who, unit, phone) => `\n\nTrân trọng./.\n\n${who}\n${unit}\nĐiện thoại: ${phone}`;

const CA = 'congan.example.gov.vn';

const LIST = [
  // ---- Công an: tội phạm, cờ bạc, lừa đảo ------------------------------------------------------
  {
    id: 'cong-an-triet-pha-ca-do-zalo',
    purpose: 'police bulletin on a broken-up online betting ring, quoting its ads and its Zalo groups (HTML)',
    from: addr('Công an tỉnh - Phòng Tham mưu', `tuyentruyen@${CA}`),
    subject: 'Thông tin kết quả triệt phá đường dây đánh bạc qua mạng quy mô lớn',
    html: page(
      '<h3>CÔNG AN TỈNH<br>PHÒNG THAM MƯU</h3>' +
        para(
          'Ngày 05/11/2024, Phòng Cảnh sát hình sự phối hợp Công an huyện Đông Sơn triệt phá đường dây đánh bạc dưới hình thức cá độ bóng đá và lô đề online, bắt giữ 9 đối tượng, thu giữ 21 điện thoại, 4 máy tính xách tay.',
          'Các đối tượng lập nhiều nhóm Zalo như "Kèo Thơm 88", "Lô Đề Miền Bắc VIP" để đăng quảng cáo với nội dung: <i>"soi kèo chuẩn, nạp rút nhanh 24/7, tặng code 88k cho thành viên mới"</i>, sau đó hướng dẫn người chơi chuyển tiền vào tài khoản ngân hàng thuê, mua của người khác. Tổng số tiền giao dịch được xác định hơn 35 tỷ đồng.',
          'Hiện Cơ quan Cảnh sát điều tra đã khởi tố vụ án, khởi tố 9 bị can về tội "Tổ chức đánh bạc" và "Đánh bạc" theo Điều 322 và Điều 321 Bộ luật Hình sự.',
          'Công an tỉnh đề nghị cán bộ, đảng viên và Nhân dân không tham gia các nhóm cá độ, lô đề trên mạng xã hội; không cho thuê, mua bán tài khoản ngân hàng; phát hiện dấu hiệu vi phạm báo ngay cho cơ quan Công an nơi gần nhất.',
        ),
      'Phòng Tham mưu - Công an tỉnh. Thông tin tuyên truyền gửi các sở, ban, ngành.',
    ),
  },
  {
    id: 'cong-an-canh-bao-gia-danh',
    purpose: 'fraud-awareness notice quoting the scam texts ("giả danh công an", "tài khoản của bạn bị khóa", "nhấn vào link"), PDF attached',
    from: addr('Công an tỉnh', `pc02@${CA}`),
    subject: 'Cảnh báo thủ đoạn giả danh cơ quan Công an gọi điện, nhắn tin lừa đảo',
    text:
      'Kính gửi: Các sở, ban, ngành, UBND các huyện, thị xã, thành phố\n\n' +
      'Thời gian gần đây, trên địa bàn tỉnh xảy ra nhiều vụ việc các đối tượng giả danh công an, viện kiểm sát, tòa án gọi điện cho người dân thông báo liên quan đến vụ án ma túy, rửa tiền, yêu cầu chuyển tiền vào "tài khoản tạm giữ" để điều tra.\n' +
      'Các đối tượng còn nhắn tin với nội dung: "Tài khoản của bạn bị khóa do liên quan đến giao dịch bất thường, nhấn vào link sau để xác minh", dẫn tới trang web giả mạo để chiếm đoạt mã OTP và tiền trong tài khoản.\n\n' +
      'Công an tỉnh khuyến cáo:\n- Cơ quan Công an không làm việc qua điện thoại, không yêu cầu chuyển tiền vào bất kỳ tài khoản nào;\n- Tuyệt đối không cung cấp mã OTP, mật khẩu, không nhấn vào đường link lạ;\n- Khi nghi vấn, báo ngay cho cơ quan Công an nơi gần nhất hoặc số 113.\n\n' +
      'Đề nghị các đơn vị phổ biến đến cán bộ, công chức, viên chức và người lao động.' +
      sig('TL. GIÁM ĐỐC\nTRƯỞNG PHÒNG', 'Phòng Cảnh sát hình sự - Công an tỉnh', '0237 3xxx 113'),
    attachments: [pdf('CV_1452_CAT-PC02_canh_bao_lua_dao.pdf', 'Canh bao thu doan lua dao')],
  },
  {
    id: 'cong-an-toi-pham-cong-nghe-cao',
    purpose: 'police notice on high-tech crime methods, subject without "lừa đảo", quoting the lures (fake VNeID update, fake job, fake bank)',
    from: addr('Phòng An ninh mạng - Công an tỉnh', `pa05@${CA}`),
    subject: 'Thông báo phương thức, thủ đoạn hoạt động của tội phạm sử dụng công nghệ cao',
    text:
      'Kính gửi các cơ quan, đơn vị,\n\n' +
      'Qua công tác nắm tình hình, Phòng An ninh mạng và phòng chống tội phạm sử dụng công nghệ cao (PA05) thông báo một số phương thức, thủ đoạn mới của tội phạm:\n\n' +
      '1. Giả danh cán bộ công an xã, phường hướng dẫn "cập nhật định danh điện tử mức 2", gửi đường link tải ứng dụng VNeID giả, sau đó chiếm quyền điều khiển điện thoại.\n' +
      '2. Tuyển cộng tác viên "việc nhẹ lương cao", làm nhiệm vụ thả tim, đánh giá sản phẩm nhận hoa hồng 10-30%, yêu cầu nạp tiền để nhận nhiệm vụ lớn hơn.\n' +
      '3. Giả mạo tin nhắn ngân hàng: "Quý khách cần cập nhật sinh trắc học, tài khoản sẽ bị tạm khóa sau 24 giờ", kèm đường link giả mạo.\n\n' +
      'Đề nghị các đơn vị quán triệt cán bộ, công chức nâng cao cảnh giác, không cài đặt ứng dụng từ nguồn không rõ, không cung cấp thông tin cá nhân; khi phát hiện báo ngay cho Công an gần nhất.' +
      sig('TRƯỞNG PHÒNG', 'Phòng PA05 - Công an tỉnh', '069 2xxx 456'),
  },
  {
    id: 'cong-an-tim-bi-hai',
    purpose: 'police "looking for victims" notice in an investment-fraud case: platform name, promised returns, the accounts victims paid into',
    from: addr('Cơ quan CSĐT Công an tỉnh', `csdt@${CA}`),
    subject: 'Thông báo truy tìm bị hại trong vụ án lừa đảo chiếm đoạt tài sản qua sàn giao dịch',
    text:
      'Cơ quan Cảnh sát điều tra Công an tỉnh đang thụ lý điều tra vụ án "Lừa đảo chiếm đoạt tài sản" xảy ra tại Công ty TNHH Đầu tư Ví Dụ.\n' +
      'Các đối tượng lập sàn giao dịch ngoại hối, tiền ảo, quảng cáo "lợi nhuận 30%/tháng, cam kết hoàn vốn", mời người tham gia qua các nhóm Telegram và Zalo, sau đó khóa tài khoản nhà đầu tư và chiếm đoạt tiền.\n\n' +
      'Để phục vụ công tác điều tra, Cơ quan CSĐT thông báo: ai là bị hại đã chuyển tiền cho sàn giao dịch nêu trên thì liên hệ trực tiếp Đội 3, Phòng Cảnh sát kinh tế, số 12 đường Trần Phú, thành phố, điện thoại 0237 3xxx 205 (gặp Điều tra viên Nguyễn Văn Hùng) để được hướng dẫn giải quyết.\n' +
      'Cơ quan CSĐT không liên hệ qua mạng xã hội và không thu bất kỳ khoản phí nào.\n\n' +
      'Đề nghị các cơ quan thông tin đăng tải thông báo này.' +
      sig('THỦ TRƯỞNG CƠ QUAN', 'Cơ quan Cảnh sát điều tra Công an tỉnh', '0237 3xxx 205'),
    attachments: [pdf('TB_tim_bi_hai_vu_an_san_giao_dich.pdf', 'Thong bao tim bi hai')],
  },
  {
    id: 'cong-an-canh-bao-viec-lam-online',
    purpose: 'police warning on fake online jobs quoting the ad ("việc nhẹ lương cao", "nhận lương trong ngày", Telegram); subject names the tactic, not "lừa đảo"',
    from: addr('Công an huyện Đông Sơn', `conganhuyen@dongson.${CA}`),
    subject: 'Cảnh giác với thủ đoạn tuyển cộng tác viên online, làm nhiệm vụ nhận hoa hồng',
    html: page(
      para(
        'Công an huyện Đông Sơn thông báo: trong tháng 10/2024 trên địa bàn huyện xảy ra 7 vụ người dân bị chiếm đoạt tổng số tiền hơn 1,2 tỷ đồng với cùng một kịch bản.',
        'Các đối tượng đăng tin: <i>"Tuyển CTV làm việc tại nhà, việc nhẹ lương cao, thu nhập 500k-2 triệu/ngày, nhận lương trong ngày, liên hệ Telegram để nhận việc"</i>. Ban đầu nạn nhân được trả hoa hồng nhỏ, sau đó bị yêu cầu nạp tiền để làm "nhiệm vụ combo" và không rút được tiền.',
        '<b>Khuyến cáo:</b> không tham gia các công việc yêu cầu nạp tiền trước; không kết bạn, không làm theo hướng dẫn của người lạ trên mạng xã hội; khi bị chiếm đoạt tài sản, trình báo ngay cơ quan Công an.',
      ),
      'Công an huyện Đông Sơn - Đội Cảnh sát hình sự.',
    ),
  },
  {
    id: 'cong-an-xa-bao-cao-lo-de',
    purpose: 'commune police monthly report on gambling and lottery betting ("ghi lô đề", "cờ bạc", "sới bạc"), DOCX attached',
    from: addr('Công an xã Tân Phong', `caxa.tanphong@${CA}`),
    to: addr('UBND xã Tân Phong', 'ubnd.tanphong@lachan.test'),
    subject: 'Báo cáo tình hình an ninh trật tự tháng 10 năm 2024',
    text:
      'Kính gửi: Ủy ban nhân dân xã Tân Phong\n\n' +
      'Công an xã báo cáo tình hình ANTT tháng 10/2024 như sau:\n' +
      '- Phát hiện, xử lý 2 vụ/6 đối tượng đánh bạc (1 sới bạc tại thôn 3, 1 vụ ghi lô đề), thu giữ 8.650.000 đồng tiền mặt, 3 điện thoại;\n' +
      '- Tiếp nhận 3 tin báo về việc người dân bị lừa đảo qua mạng (giả danh nhân viên ngân hàng, mua hàng online), đã chuyển Công an huyện giải quyết;\n' +
      '- Tuyên truyền phòng chống tệ nạn xã hội, cờ bạc, tín dụng đen tại 5 thôn.\n\n' +
      'Chi tiết tại báo cáo đính kèm.' +
      sig('TRƯỞNG CÔNG AN XÃ', 'Công an xã Tân Phong', '0912 xxx 468'),
    attachments: [docx('BC_ANTT_thang_10_2024.docx', 'Bao cao an ninh trat tu thang 10')],
  },
  {
    id: 'chuyen-tiep-canh-bao-tin-nhan',
    purpose: 'a department forwards a police SMS-scam warning to its staff (Fwd:, forwarded header, quoted scam texts)',
    from: addr('Văn phòng Sở Nội vụ', 'vanphong@sonoivu.example.gov.vn'),
    subject: 'Fwd: Cảnh báo tin nhắn giả mạo mạo danh ngân hàng, điện lực',
    text:
      'Văn phòng Sở chuyển tiếp để các phòng, đơn vị biết, phổ biến đến toàn thể công chức.\n\n' +
      '---------- Forwarded message ---------\nFrom: Công an tỉnh <pa05@congan.example.gov.vn>\nDate: Thu, 7 Nov 2024 at 16:02\nSubject: Cảnh báo tin nhắn giả mạo mạo danh ngân hàng, điện lực\n\n' +
      'Các đối tượng lừa đảo gửi hàng loạt tin nhắn SMS giả mạo tên thương hiệu (brandname) của ngân hàng, công ty điện lực với nội dung như:\n' +
      '"[DienLuc] Quy khach no tien dien 2 thang, se bi cat dien trong hom nay. Thanh toan ngay tai link ..."\n' +
      '"[NganHang] Tai khoan cua quy khach da bi khoa do dang nhap bat thuong. Vui long xac thuc tai ..."\n' +
      'Người dân nhấn vào đường link sẽ bị dẫn tới trang web giả mạo, khai báo tài khoản, mật khẩu và mã OTP, sau đó bị chiếm đoạt tiền.\n\n' +
      'Khuyến cáo: ngân hàng và điện lực không bao giờ yêu cầu cung cấp mật khẩu, mã OTP qua tin nhắn; không truy cập đường link lạ; báo ngay cho cơ quan công an khi phát hiện.',
  },
  {
    id: 'so-tttt-canh-bao-tan-cong',
    purpose: 'a provincial CERT advisory on a phishing campaign against agencies: quotes the mail ("mật khẩu sẽ hết hạn", "đăng nhập để xác thực"), lists indicators',
    from: addr('Sở Thông tin và Truyền thông', 'attt@sotttt.example.gov.vn'),
    subject: 'Cảnh báo chiến dịch tấn công bằng thư điện tử giả mạo nhắm vào các cơ quan nhà nước',
    html: page(
      '<h3>SỞ THÔNG TIN VÀ TRUYỀN THÔNG<br>Trung tâm Giám sát an toàn thông tin</h3>' +
        para(
          'Trung tâm ghi nhận chiến dịch gửi thư điện tử giả mạo tới hộp thư công vụ của nhiều cơ quan trong tỉnh. Thư có tiêu đề <i>"Thông báo: Mật khẩu hộp thư của bạn sẽ hết hạn trong 24 giờ"</i>, yêu cầu người nhận nhấn vào nút "Giữ mật khẩu hiện tại" và đăng nhập để xác thực tài khoản.',
          'Dấu hiệu nhận biết: tên miền người gửi không phải tên miền của tỉnh; đường link dẫn tới tên miền lạ đuôi .top, .xyz; tệp đính kèm dạng .html hoặc .zip có mật khẩu.',
          'Đề nghị các cơ quan, đơn vị: không nhấn vào liên kết, không mở tệp đính kèm trong thư nghi ngờ; đổi mật khẩu ngay nếu đã lỡ nhập; báo ngay cho bộ phận an toàn thông tin của đơn vị hoặc Trung tâm qua số điện thoại 0237 3xxx 686.',
        ),
      'Sở Thông tin và Truyền thông - Trung tâm Giám sát an toàn thông tin tỉnh.',
    ),
  },
  // ---- Tòa án, Viện kiểm sát -----------------------------------------------------------------
  {
    id: 'toa-an-giay-trieu-tap',
    purpose: 'a district court sends the commune a summons to serve on a party ("giấy triệu tập", "vắng mặt", "xét xử"), PDF attached',
    from: addr('Tòa án nhân dân huyện Đông Sơn', 'tand.dongson@toaan.example.gov.vn'),
    to: addr('UBND xã Tân Phong', 'ubnd.tanphong@lachan.test'),
    subject: 'V/v tống đạt giấy triệu tập đương sự vụ án dân sự số 45/2024/TLST-DS',
    text:
      'Kính gửi: Ủy ban nhân dân xã Tân Phong\n\n' +
      'Tòa án nhân dân huyện Đông Sơn đang thụ lý vụ án dân sự "Tranh chấp hợp đồng vay tài sản" giữa nguyên đơn bà Lê Thị Hoa và bị đơn ông Phạm Văn Nam, trú tại thôn 4, xã Tân Phong.\n' +
      'Do bị đơn vắng mặt tại nơi cư trú, đề nghị UBND xã tống đạt giấy triệu tập (đính kèm) và niêm yết công khai theo quy định tại Điều 179 Bộ luật Tố tụng dân sự. Ông Phạm Văn Nam được triệu tập có mặt tại trụ sở Tòa án lúc 8 giờ ngày 20/11/2024 để tham gia phiên hòa giải; nếu vắng mặt không có lý do chính đáng, Tòa án sẽ tiến hành giải quyết vụ án theo thủ tục chung.\n\n' +
      'Biên bản tống đạt đề nghị gửi lại Tòa án trước ngày 15/11/2024.' +
      sig('THẨM PHÁN', 'Tòa án nhân dân huyện Đông Sơn', '0237 3xxx 791'),
    attachments: [pdf('Giay_trieu_tap_45-2024-TLST-DS.pdf', 'Giay trieu tap duong su')],
  },
  {
    id: 'vien-kiem-sat-phe-chuan-khoi-to',
    purpose: 'procuracy notice: approval of charges in a fraud case ("khởi tố bị can", "tạm giam", "chiếm đoạt", "lệnh bắt")',
    from: addr('Viện kiểm sát nhân dân tỉnh', 'vks@vks.example.gov.vn'),
    subject: 'Thông báo phê chuẩn quyết định khởi tố bị can vụ lừa đảo chiếm đoạt tài sản',
    text:
      'Kính gửi: Ban Nội chính Tỉnh ủy; Văn phòng UBND tỉnh\n\n' +
      'Viện kiểm sát nhân dân tỉnh thông báo: ngày 06/11/2024 đã ban hành Quyết định phê chuẩn quyết định khởi tố bị can và Lệnh bắt bị can để tạm giam đối với Trần Văn Khải (sinh năm 1985) về tội "Lừa đảo chiếm đoạt tài sản" theo Điều 174 Bộ luật Hình sự.\n' +
      'Theo kết quả điều tra ban đầu, Khải tự giới thiệu là người có khả năng "chạy" việc làm vào các cơ quan nhà nước, nhận tiền của 14 người với tổng số tiền 2,1 tỷ đồng.\n\n' +
      'Viện kiểm sát nhân dân tỉnh tiếp tục thực hành quyền công tố, kiểm sát việc điều tra theo quy định.' +
      sig('KT. VIỆN TRƯỞNG\nPHÓ VIỆN TRƯỞNG', 'Viện kiểm sát nhân dân tỉnh', '0237 3xxx 312'),
    attachments: [pdf('QD_phe_chuan_khoi_to_bi_can.pdf', 'Quyet dinh phe chuan khoi to')],
  },
  {
    id: 'vien-kiem-sat-trieu-tap-nguoi-lam-chung',
    purpose: 'procuracy asks an agency to let an employee attend as witness ("triệu tập người làm chứng", "tài khoản", "sao kê")',
    from: addr('VKSND thành phố', 'vksnd.thanhpho@vks.example.gov.vn'),
    subject: 'V/v triệu tập người làm chứng và cung cấp tài liệu',
    text:
      'Kính gửi: Sở Tài chính\n\n' +
      'Để phục vụ giải quyết vụ án "Tham ô tài sản" đang được điều tra, Viện kiểm sát nhân dân thành phố đề nghị Sở Tài chính:\n' +
      '1. Tạo điều kiện để ông Đỗ Minh Quân, chuyên viên Phòng Quản lý ngân sách, có mặt tại trụ sở VKSND thành phố lúc 14 giờ ngày 14/11/2024 với tư cách người làm chứng;\n' +
      '2. Cung cấp bản sao chứng từ thanh toán, sao kê tài khoản tiền gửi của dự án tại Kho bạc Nhà nước giai đoạn 2022-2023.\n\n' +
      'Tài liệu đề nghị gửi bản giấy có đóng dấu, không gửi qua thư điện tử.' +
      sig('KIỂM SÁT VIÊN', 'Viện kiểm sát nhân dân thành phố', '0237 3xxx 540'),
  },
  {
    id: 'thong-cao-xet-xu-lua-dao',
    purpose: 'provincial court press release on a trial of a crypto fraud ring: "đầu tư tiền ảo", "lợi nhuận", "sàn giao dịch", "chiếm đoạt"',
    from: addr('TAND tỉnh - Bộ phận báo chí', 'baochi@toaan.example.gov.vn'),
    subject: 'Thông cáo báo chí: xét xử sơ thẩm vụ án lừa đảo qua sàn tiền ảo',
    html: page(
      '<h3>THÔNG CÁO BÁO CHÍ</h3>' +
        para(
          'Ngày 12/11/2024, Tòa án nhân dân tỉnh mở phiên tòa hình sự sơ thẩm xét xử 6 bị cáo về tội "Lừa đảo chiếm đoạt tài sản".',
          'Theo cáo trạng, từ năm 2021, các bị cáo lập sàn giao dịch tiền ảo, quảng cáo "đầu tư 10 triệu, lợi nhuận 2%/ngày, rút tiền bất cứ lúc nào", tổ chức hội thảo và các nhóm chat "chuyên gia" để lôi kéo người tham gia, chiếm đoạt hơn 180 tỷ đồng của 1.200 nhà đầu tư.',
          'Phiên tòa xét xử công khai; phóng viên đăng ký tác nghiệp tại Văn phòng Tòa án trước 16 giờ ngày 11/11/2024.',
        ),
      'Tòa án nhân dân tỉnh - Văn phòng. Liên hệ báo chí: 0237 3xxx 777.',
    ),
  },
  // ---- Xổ số kiến thiết -------------------------------------------------------------------------
  {
    id: 'xskt-ket-qua-mo-thuong',
    purpose: 'a lottery company\u2019s results notice: "kết quả mở thưởng", "giải đặc biệt", "vé trúng thưởng", "lĩnh thưởng" (HTML table)',
    from: addr('Công ty TNHH MTV Xổ số kiến thiết tỉnh', 'ketqua@xskt.example.vn'),
    subject: 'Kết quả mở thưởng xổ số kiến thiết kỳ vé ngày 07/11/2024',
    html: page(
      '<h3>KẾT QUẢ MỞ THƯỞNG XỔ SỐ KIẾN THIẾT - KỲ VÉ 07/11/2024</h3>' +
        '<table border="1" cellpadding="4"><tr><td>Giải đặc biệt</td><td>582613</td></tr><tr><td>Giải nhất</td><td>40917</td></tr><tr><td>Giải nhì</td><td>28104</td></tr><tr><td>Giải ba</td><td>66321 - 09815</td></tr><tr><td>Giải tám</td><td>47</td></tr></table>' +
        para(
          'Vé trúng giải đặc biệt trị giá 2 tỷ đồng. Người có vé trúng thưởng lĩnh thưởng tại trụ sở Công ty hoặc các đại lý trong thời hạn 30 ngày kể từ ngày mở thưởng; quá thời hạn trên vé không còn giá trị lĩnh thưởng.',
          'Người trúng thưởng có nghĩa vụ nộp thuế thu nhập cá nhân theo quy định đối với phần giá trị giải thưởng vượt 10 triệu đồng. Kết quả chính thức căn cứ biên bản của Hội đồng giám sát xổ số.',
        ),
      'Công ty TNHH MTV Xổ số kiến thiết tỉnh.',
    ),
  },
  {
    id: 'xskt-ve-trung-chua-linh',
    purpose: 'lottery company tells the finance department that a special-prize ticket is still unclaimed ("vé trúng giải đặc biệt chưa lĩnh", "hạn lĩnh thưởng")',
    from: addr('Xổ số kiến thiết tỉnh', 'vanphong@xskt.example.vn'),
    to: addr('Sở Tài chính', 'vanthu.stc@lachan.test'),
    subject: 'Báo cáo vé trúng giải đặc biệt chưa lĩnh thưởng quý III/2024',
    text:
      'Kính gửi: Sở Tài chính\n\n' +
      'Công ty TNHH MTV Xổ số kiến thiết tỉnh báo cáo: trong quý III/2024 có 01 vé trúng giải đặc biệt (kỳ mở thưởng 18/07/2024, trị giá 2.000.000.000 đồng) và 37 vé trúng giải nhất đến giải ba chưa được lĩnh thưởng khi hết hạn 30 ngày.\n' +
      'Theo quy định tại Nghị định 30/2007/NĐ-CP và Thông tư 75/2013/TT-BTC, số tiền giải thưởng hết hạn lĩnh được hạch toán vào thu nhập của Công ty và nộp ngân sách nhà nước.\n\n' +
      'Báo cáo chi tiết theo phụ lục đính kèm.' +
      sig('GIÁM ĐỐC', 'Công ty TNHH MTV Xổ số kiến thiết tỉnh', '0237 3xxx 888'),
    attachments: [docx('Phu_luc_ve_trung_thuong_chua_linh_QIII.docx', 'Phu luc ve trung thuong')],
  },
  {
    id: 'xskt-bao-cao-phat-hanh-tra-thuong',
    purpose: 'lottery company quarterly report on tickets issued and prizes paid ("doanh thu", "trả thưởng", "tỷ lệ trả thưởng"), PDF',
    from: addr('Xổ số kiến thiết tỉnh - Phòng Kế toán', 'ketoan@xskt.example.vn'),
    to: addr('Sở Tài chính', 'vanthu.stc@lachan.test'),
    subject: 'Báo cáo tình hình phát hành vé và trả thưởng tháng 10/2024',
    text:
      'Kính gửi Sở Tài chính,\n\nCông ty báo cáo kết quả kinh doanh xổ số tháng 10/2024:\n' +
      '- Doanh thu phát hành vé xổ số truyền thống: 96,4 tỷ đồng (5 kỳ mở thưởng);\n- Tổng giá trị trả thưởng: 52,1 tỷ đồng, tỷ lệ trả thưởng 54%;\n- Đã trả 2 giải đặc biệt cho khách hàng trúng thưởng tại thành phố và huyện Đông Sơn;\n- Thuế và các khoản nộp ngân sách: 18,7 tỷ đồng.\n\n' +
      'Báo cáo tài chính chi tiết gửi kèm.' + sig('KẾ TOÁN TRƯỞNG', 'Công ty TNHH MTV Xổ số kiến thiết tỉnh', '0237 3xxx 889'),
    attachments: [pdf('BC_phat_hanh_tra_thuong_T10-2024.pdf', 'Bao cao phat hanh va tra thuong')],
  },
  // ---- Ngân hàng ------------------------------------------------------------------------------
  {
    id: 'ngan-hang-otp-bao-mat',
    purpose: 'a bank\u2019s genuine security notice: "không cung cấp mã OTP", "không bao giờ yêu cầu", "tài khoản bị khóa" quoted as examples (HTML, links to its own site)',
    from: addr('Ngân hàng TMCP Phương Nam Ví Dụ', 'thongbao@nganhang-phuongnam.example.vn'),
    subject: 'Thông báo: Khuyến cáo bảo mật thông tin tài khoản và mã OTP',
    html: page(
      para(
        'Kính gửi Quý khách hàng,',
        'Ngân hàng TMCP Phương Nam Ví Dụ xin lưu ý Quý khách: Ngân hàng <b>không bao giờ</b> yêu cầu Quý khách cung cấp tên đăng nhập, mật khẩu, mã OTP qua điện thoại, tin nhắn, email hay mạng xã hội, và không gửi đường link yêu cầu đăng nhập.',
        'Gần đây xuất hiện tin nhắn mạo danh Ngân hàng với nội dung "Tài khoản của Quý khách bị khóa, vui lòng nhấn vào link để mở khóa". Đây là tin nhắn giả mạo.',
        'Quý khách vui lòng: không cung cấp mã OTP cho bất kỳ ai, kể cả người xưng là nhân viên Ngân hàng; chỉ giao dịch qua ứng dụng chính thức tải từ App Store/Google Play; khi nghi ngờ, gọi tổng đài 1900 xxxx 68 hoặc đến điểm giao dịch gần nhất.',
        'Xem thêm hướng dẫn an toàn tại <a href="https://www.nganhang-phuongnam.example.vn/bao-mat">www.nganhang-phuongnam.example.vn/bao-mat</a>.',
      ),
      'Đây là thư tự động từ Ngân hàng TMCP Phương Nam Ví Dụ, vui lòng không trả lời thư này.',
    ),
  },
  {
    id: 'ngan-hang-sinh-trac-hoc',
    purpose: 'a bank\u2019s genuine notice on the biometrics rule (update IN THE APP, no link to log in), with "tạm dừng giao dịch" wording',
    from: addr('Ngân hàng TMCP Phương Nam Ví Dụ', 'thongbao@nganhang-phuongnam.example.vn'),
    subject: 'Thông báo thực hiện xác thực sinh trắc học theo Quyết định 2345/QĐ-NHNN',
    text:
      'Kính gửi Quý khách hàng,\n\n' +
      'Thực hiện Quyết định 2345/QĐ-NHNN của Ngân hàng Nhà nước, từ ngày 01/7/2024 các giao dịch chuyển tiền trên 10 triệu đồng/lần hoặc tổng trên 20 triệu đồng/ngày phải được xác thực bằng sinh trắc học khuôn mặt.\n' +
      'Quý khách chưa đăng ký sinh trắc học sẽ tạm thời không thực hiện được các giao dịch nêu trên trên ứng dụng. Quý khách vui lòng tự cập nhật ngay trong ứng dụng ngân hàng (mục Cài đặt > Sinh trắc học) bằng căn cước công dân gắn chip, hoặc đến quầy giao dịch.\n\n' +
      'Ngân hàng không gửi đường link cập nhật sinh trắc học qua tin nhắn, email và không gọi điện hướng dẫn cài đặt ứng dụng.\n\n' +
      'Trân trọng,\nNgân hàng TMCP Phương Nam Ví Dụ\nTổng đài: 1900 xxxx 68',
  },
  {
    id: 'nhcsxh-chuong-trinh-cho-vay',
    purpose: 'the social-policy bank\u2019s loan programme: "vay vốn", "lãi suất ưu đãi", "không phải thế chấp", amounts, "giải ngân"',
    from: addr('Ngân hàng Chính sách xã hội - Chi nhánh tỉnh', 'chinhanh@nhcsxh.example.vn'),
    subject: 'Triển khai chương trình cho vay hỗ trợ việc làm năm 2024',
    text:
      'Kính gửi: UBND các huyện, thị xã, thành phố; Sở Lao động - Thương binh và Xã hội\n\n' +
      'Thực hiện Nghị định 74/2019/NĐ-CP và chỉ đạo của UBND tỉnh, Chi nhánh triển khai cho vay hỗ trợ tạo việc làm, duy trì và mở rộng việc làm:\n' +
      '- Đối tượng: hộ nghèo, hộ cận nghèo, người lao động thuộc hộ gia đình; cơ sở sản xuất, kinh doanh sử dụng lao động là người khuyết tật;\n' +
      '- Mức cho vay tối đa 100 triệu đồng/người lao động; vay đến 100 triệu đồng không phải thế chấp tài sản bảo đảm;\n- Lãi suất ưu đãi 6,6%/năm; thời hạn vay tối đa 120 tháng;\n' +
      '- Hồ sơ nộp qua Tổ tiết kiệm và vay vốn tại thôn; giải ngân tại Điểm giao dịch xã.\n\n' +
      'Nguồn vốn năm 2024 còn 45 tỷ đồng. Đề nghị các địa phương thông báo rộng rãi đến người dân.' +
      sig('GIÁM ĐỐC', 'NHCSXH Chi nhánh tỉnh', '0237 3xxx 150'),
  },
  // ---- Thuế, BHXH ------------------------------------------------------------------------------
  {
    id: 'thue-chap-nhan-hoan-thue',
    purpose: 'tax department decision on a VAT refund: "hoàn thuế", "số tiền được hoàn", "tài khoản", "kho bạc"',
    from: addr('Cục Thuế tỉnh', 'hoanthue@thue.example.gov.vn'),
    to: addr('Ban Quản lý dự án', 'bqlda@lachan.test'),
    subject: 'Thông báo về việc chấp nhận hồ sơ và quyết định hoàn thuế GTGT',
    text:
      'Kính gửi: Ban Quản lý dự án đầu tư xây dựng tỉnh (MST 2801xxxx21)\n\n' +
      'Cục Thuế tỉnh nhận được Giấy đề nghị hoàn trả khoản thu ngân sách nhà nước mẫu 01/HT ngày 15/10/2024. Sau khi kiểm tra, Cục Thuế ban hành Quyết định hoàn thuế số 1287/QĐ-CT ngày 07/11/2024:\n' +
      '- Số tiền thuế giá trị gia tăng được hoàn: 1.246.500.000 đồng;\n- Hình thức: chuyển khoản vào tài khoản của đơn vị mở tại Kho bạc Nhà nước tỉnh.\n\n' +
      'Đơn vị tra cứu quyết định trên Cổng thông tin điện tử của Tổng cục Thuế bằng tài khoản giao dịch thuế điện tử của đơn vị. Mọi vướng mắc liên hệ Phòng Kê khai và Kế toán thuế.' +
      sig('KT. CỤC TRƯỞNG\nPHÓ CỤC TRƯỞNG', 'Cục Thuế tỉnh', '0237 3xxx 420'),
    attachments: [pdf('QD_hoan_thue_1287_QD-CT.pdf', 'Quyet dinh hoan thue')],
  },
  {
    id: 'thue-tien-thue-no',
    purpose: 'tax notice on tax debt and enforcement ("tiền chậm nộp", "cưỡng chế", "tạm hoãn xuất cảnh"), plain text',
    from: addr('Chi cục Thuế khu vực Đông Sơn', 'chicuc.dongson@thue.example.gov.vn'),
    to: addr('Công ty CP Xây dựng Tân Phong', 'ketoan@xaydung-tanphong.lachan.test'),
    subject: 'Thông báo tiền thuế nợ, tiền phạt và tiền chậm nộp (mẫu 07/QLN)',
    text:
      'Kính gửi: Công ty CP Xây dựng Tân Phong\n\n' +
      'Căn cứ sổ theo dõi nghĩa vụ, đến hết ngày 31/10/2024 đơn vị còn nợ: tiền thuế 312.450.000 đồng, tiền chậm nộp 18.902.000 đồng.\n' +
      'Đề nghị đơn vị nộp ngay số tiền trên vào ngân sách nhà nước qua Kho bạc hoặc nộp thuế điện tử. Quá 90 ngày kể từ hạn nộp, cơ quan thuế sẽ áp dụng biện pháp cưỡng chế theo quy định và có thể thông báo tạm hoãn xuất cảnh đối với người đại diện theo pháp luật.\n\n' +
      'Nếu đơn vị đã nộp, đề nghị gửi chứng từ để đối chiếu.' +
      sig('CHI CỤC TRƯỞNG', 'Chi cục Thuế khu vực Đông Sơn', '0237 3xxx 515'),
  },
  {
    id: 'bhxh-doi-chieu-qua-trinh-dong',
    purpose: 'social-insurance office notice: contribution reconciliation, VssID, "cập nhật thông tin", "số sổ BHXH", deadline',
    from: addr('Bảo hiểm xã hội huyện Đông Sơn', 'bhxh.dongson@bhxh.example.gov.vn'),
    subject: 'Thông báo kết quả đóng BHXH, BHYT, BHTN tháng 10/2024 (mẫu C12-TS)',
    text:
      'Kính gửi: Văn phòng HĐND và UBND huyện\n\n' +
      'BHXH huyện gửi Thông báo kết quả đóng bảo hiểm xã hội, bảo hiểm y tế, bảo hiểm thất nghiệp tháng 10/2024 (mẫu C12-TS) của đơn vị: số lao động 64, số phải đóng 198.412.000 đồng, đã đóng 198.412.000 đồng, không còn nợ.\n' +
      'Đề nghị đơn vị thông báo cho người lao động kiểm tra quá trình đóng trên ứng dụng VssID; trường hợp thông tin cá nhân, số sổ BHXH chưa khớp với Cơ sở dữ liệu quốc gia về dân cư, lập mẫu TK1-TS cập nhật thông tin trước ngày 30/11/2024.\n' +
      'BHXH huyện không thu phí và không hướng dẫn qua điện thoại cá nhân.' +
      sig('GIÁM ĐỐC', 'Bảo hiểm xã hội huyện Đông Sơn', '0237 3xxx 636'),
    attachments: [pdf('C12-TS_thang_10_2024.pdf', 'Thong bao ket qua dong BHXH')],
  },
  {
    id: 'bhxh-chi-tra-luong-huu-khong-dau',
    purpose: 'social-insurance notice on pension payment via bank account, written without diacritics (older Outlook signature)',
    from: addr('BHXH tinh', 'chitra@bhxh.example.gov.vn'),
    subject: 'Thong bao lich chi tra luong huu, tro cap BHXH thang 12/2024',
    text:
      'Kinh gui: UBND cac xa, phuong, thi tran\n\n' +
      'BHXH tinh thong bao lich chi tra luong huu, tro cap BHXH thang 12/2024: chi tra qua tai khoan ca nhan tu ngay 02/12/2024; chi tra tien mat tai diem chi tra xa tu ngay 05 den 10/12/2024.\n' +
      'De nghi UBND cac xa thong bao de nguoi huong biet. Nguoi huong muon chuyen sang nhan qua tai khoan ngan hang lap mau 13-HSB nop tai BHXH huyen, khong nop qua mang xa hoi hay cho nguoi la.\n\n' +
      'Tran trong.\nPhong Chi tra - BHXH tinh\nDT: 0237 3xxx 640',
  },
  // ---- Tuyển dụng, y tế, đấu thầu ---------------------------------------------------------------
  {
    id: 'tuyen-dung-vien-chuc-luong',
    purpose: 'recruitment of public employees with salary figures ("mức lương", "thu nhập", "phụ cấp", "nộp hồ sơ", phone)',
    from: addr('Sở Y tế - Phòng Tổ chức cán bộ', 'tccb@soyte.example.gov.vn'),
    subject: 'Thông báo tuyển dụng viên chức năm 2024 (45 chỉ tiêu)',
    html: page(
      para(
        'Sở Y tế thông báo tuyển dụng 45 viên chức làm việc tại các bệnh viện tuyến tỉnh và trung tâm y tế huyện: bác sĩ (20), điều dưỡng (15), kỹ thuật viên xét nghiệm (6), dược sĩ (4).',
        'Mức lương theo hệ số 2,34 (bậc 1) nhân mức lương cơ sở 2.340.000 đồng, cộng phụ cấp ưu đãi nghề 30-70%; tổng thu nhập bình quân từ 8 đến 12 triệu đồng/tháng; bác sĩ về công tác tại huyện miền núi được hỗ trợ thêm 50 triệu đồng một lần.',
        'Hình thức: xét tuyển. Hồ sơ nộp trực tiếp tại Phòng Tổ chức cán bộ, Sở Y tế (số 8 đường Lê Lợi) từ ngày 11/11 đến 10/12/2024, trong giờ hành chính. Không thu lệ phí qua chuyển khoản; không qua trung gian.',
        'Thông báo chi tiết đăng tại <a href="https://soyte.example.gov.vn/tuyen-dung-2024">soyte.example.gov.vn/tuyen-dung-2024</a>. Liên hệ: bà Nguyễn Thu Trang, 0237 3xxx 252.',
      ),
      'Sở Y tế tỉnh.',
    ),
    attachments: [docx('Mau_phieu_dang_ky_du_tuyen.docx', 'Phieu dang ky du tuyen vien chuc')],
  },
  {
    id: 'so-y-te-sot-xuat-huyet',
    purpose: 'health department epidemic notice: dengue cases, "tiêm vắc xin miễn phí", "khẩn", hotline',
    from: addr('Sở Y tế', 'vanphong@soyte.example.gov.vn'),
    subject: 'KHẨN: Tăng cường phòng, chống dịch sốt xuất huyết và tiêm chủng sởi',
    text:
      'Kính gửi: UBND các huyện, thị xã, thành phố; Sở Giáo dục và Đào tạo\n\n' +
      'Từ đầu năm đến ngày 06/11/2024, toàn tỉnh ghi nhận 2.318 ca sốt xuất huyết (tăng 46% so với cùng kỳ), 2 trường hợp tử vong; 37 ca sởi tại 3 huyện.\n' +
      'Sở Y tế đề nghị: tổ chức chiến dịch diệt bọ gậy, phun hóa chất tại ổ dịch; rà soát trẻ chưa tiêm đủ vắc xin sởi và tổ chức tiêm miễn phí tại trạm y tế xã; người có triệu chứng sốt cao, phát ban đến ngay cơ sở y tế, không tự điều trị tại nhà.\n\n' +
      'Đường dây nóng Sở Y tế: 0237 3xxx 115.' +
      sig('KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC', 'Sở Y tế', '0237 3xxx 115'),
  },
  {
    id: 'dau-thau-thong-bao-ket-qua',
    purpose: 'procurement: contractor selection result and payment terms ("thanh toán", "hóa đơn", "chuyển khoản", "bảo lãnh", "tạm ứng"), PDF',
    from: addr('Ban QLDA Đầu tư xây dựng', 'dauthau@bqlda.example.gov.vn'),
    to: addr('Công ty CP Xây dựng Tân Phong', 'kinhdoanh@xaydung-tanphong.lachan.test'),
    subject: 'Thông báo kết quả lựa chọn nhà thầu gói thầu số 07/2024 và mời thương thảo hợp đồng',
    text:
      'Kính gửi: Công ty CP Xây dựng Tân Phong\n\n' +
      'Ban QLDA thông báo Quý Công ty trúng thầu gói thầu số 07/2024 "Xây dựng nhà lớp học 3 tầng trường THCS Tân Phong", giá trúng thầu 8.426.000.000 đồng (đã gồm VAT), thời gian thực hiện 240 ngày.\n' +
      'Đề nghị Quý Công ty đến thương thảo, hoàn thiện hợp đồng lúc 9 giờ ngày 13/11/2024 và nộp bảo lãnh thực hiện hợp đồng (3% giá hợp đồng) trước khi ký.\n' +
      'Điều kiện thanh toán: tạm ứng 15% sau khi có bảo lãnh tạm ứng; thanh toán theo khối lượng nghiệm thu bằng chuyển khoản qua Kho bạc Nhà nước, kèm hóa đơn giá trị gia tăng điện tử hợp lệ. Ban QLDA chỉ chuyển tiền vào tài khoản ghi trong hợp đồng.\n\n' +
      'Kết quả lựa chọn nhà thầu đã đăng trên Hệ thống mạng đấu thầu quốc gia.' +
      sig('GIÁM ĐỐC', 'Ban QLDA Đầu tư xây dựng tỉnh', '0237 3xxx 303'),
    attachments: [pdf('QD_phe_duyet_KQLCNT_goi_07.pdf', 'Quyet dinh phe duyet ket qua lua chon nha thau')],
  },
  {
    id: 'tra-loi-de-nghi-thanh-toan',
    purpose: 'a reply with quoted text: the finance office asks for the missing invoice before paying ("Re:", "> " quotes, "chuyển khoản", "số tài khoản")',
    from: addr('Phòng Kế hoạch - Tài chính', 'khtc@sotaichinh.example.gov.vn'),
    to: addr('Công ty TNHH Thiết bị Văn phòng Ví Dụ', 'ketoan@thietbi-vidu.example.vn'),
    cc: addr('Văn thư', 'vanthu@lachan.test'),
    subject: 'Re: Đề nghị thanh toán hợp đồng cung cấp máy tính số 12/2024/HĐ',
    headers: ['In-Reply-To: <de-nghi-thanh-toan-12@thietbi-vidu.example.vn>', 'References: <de-nghi-thanh-toan-12@thietbi-vidu.example.vn>'],
    text:
      'Chào chị Hạnh,\n\nPhòng đã nhận hồ sơ thanh toán. Tuy nhiên còn thiếu hóa đơn GTGT điện tử cho đợt 2 và biên bản nghiệm thu có chữ ký của đơn vị sử dụng. Đề nghị Công ty bổ sung trước thứ Năm; sau khi đủ hồ sơ, Phòng sẽ làm thủ tục chuyển khoản qua Kho bạc trong 5 ngày làm việc, vào số tài khoản ghi trong hợp đồng.\n\nTrân trọng,\nLê Thị Mai\nPhòng KH-TC, Sở Tài chính\n\n' +
      'Vào 14:20 Th 5, 7 thg 11, 2024, Công ty TNHH Thiết bị Văn phòng Ví Dụ <ketoan@thietbi-vidu.example.vn> đã viết:\n' +
      '> Kính gửi Phòng Kế hoạch - Tài chính,\n> Công ty đã bàn giao đủ 40 bộ máy tính theo hợp đồng 12/2024/HĐ. Kính đề nghị Quý Sở thanh toán đợt 2 số tiền 312.000.000 đồng.\n> Thông tin chuyển khoản: Công ty TNHH Thiết bị Văn phòng Ví Dụ, STK 0123 4567 89, Ngân hàng TMCP Phương Nam Ví Dụ.\n> Trân trọng,\n> Phạm Thị Hạnh - Kế toán',
  },
  // ---- Công dân, nội bộ, họp, tập huấn, bản tin --------------------------------------------------
  {
    id: 'cong-dan-gmail-khieu-nai',
    purpose: 'a citizen writes from Gmail with a complaint (đơn khiếu nại) about a land compensation payment, gives a phone number',
    from: addr('Hoàng Văn Thắng', 'hoangvanthang1968@gmail.com'),
    helo: 'mail-sor-f41.google.com',
    to: addr('Ban Tiếp công dân tỉnh', 'tiepcongdan@lachan.test'),
    subject: 'Đơn khiếu nại về việc bồi thường giải phóng mặt bằng',
    text:
      'Kính gửi: Ban Tiếp công dân tỉnh\n\n' +
      'Tôi tên là Hoàng Văn Thắng, sinh năm 1968, thường trú tại thôn 2, xã Tân Phong, huyện Đông Sơn.\n' +
      'Gia đình tôi có 540 m2 đất nông nghiệp bị thu hồi để làm dự án đường tỉnh 512. Đến nay đã hơn 6 tháng nhưng gia đình chưa nhận được tiền bồi thường, hỗ trợ, trong khi các hộ bên cạnh đã được chi trả. Tôi đã nhiều lần lên UBND xã hỏi nhưng chỉ được trả lời là đang chờ kinh phí.\n' +
      'Nay tôi làm đơn này khiếu nại, đề nghị các cơ quan có thẩm quyền xem xét, giải quyết để gia đình tôi được nhận tiền bồi thường theo quy định.\n' +
      'Kèm theo đơn là bản chụp Quyết định thu hồi đất và thông báo của UBND xã.\n\n' +
      'Số điện thoại liên hệ của tôi: 0978 xxx 215.\n\nTôi xin chân thành cảm ơn.\nNgười làm đơn\nHoàng Văn Thắng',
    attachments: [{ type: 'image/jpeg', name: 'quyet_dinh_thu_hoi_dat.jpg', bytes: Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex') }],
  },
  {
    id: 'cong-dan-gmail-to-giac-bi-lua',
    purpose: 'a citizen from Gmail reports to the police that she was scammed: retells the lure ("nhấn vào link", "mã OTP", "tài khoản bị khóa") and the money lost',
    from: addr('Nguyễn Thị Bích', 'bichnguyen.tp@gmail.com'),
    helo: 'mail-sor-f53.google.com',
    to: addr('Công an tỉnh - Tiếp nhận tin báo', 'tinbao@lachan.test'),
    subject: 'Đơn trình báo bị chiếm đoạt tiền trong tài khoản ngân hàng',
    text:
      'Kính gửi Công an tỉnh,\n\nTôi là Nguyễn Thị Bích, 52 tuổi, giáo viên Trường Tiểu học Tân Phong.\n' +
      'Ngày 04/11/2024 tôi nhận được tin nhắn báo tài khoản ngân hàng của tôi bị khóa, yêu cầu nhấn vào link để xác minh. Tôi đã nhấn vào link, nhập tên đăng nhập, mật khẩu và mã OTP. Sau đó tài khoản của tôi bị chuyển đi 86.000.000 đồng sang một tài khoản lạ.\n' +
      'Tôi đã báo ngân hàng khóa tài khoản. Nay tôi làm đơn trình báo, đề nghị cơ quan Công an điều tra, giúp tôi lấy lại tiền.\n\nSố điện thoại: 0915 xxx 372.\nTôi xin cảm ơn.\nNguyễn Thị Bích',
  },
  {
    id: 'it-doi-mat-khau-cong-thong-tin',
    purpose: 'the provincial IT centre asks staff to change their passwords on the official portal ("đổi mật khẩu", "đăng nhập", deadline, link to its own domain)',
    from: addr('Trung tâm CNTT - Sở Thông tin và Truyền thông', 'hotro@sotttt.example.gov.vn'),
    subject: 'Đề nghị đổi mật khẩu tài khoản hệ thống quản lý văn bản trước ngày 15/11/2024',
    html: page(
      para(
        'Kính gửi các đồng chí cán bộ, công chức, viên chức,',
        'Để bảo đảm an toàn thông tin, Trung tâm CNTT sẽ nâng cấp hệ thống quản lý văn bản và điều hành vào ngày 16/11/2024. Đề nghị các đồng chí đăng nhập hệ thống và đổi mật khẩu trước ngày 15/11/2024; sau thời hạn này, tài khoản chưa đổi mật khẩu sẽ phải liên hệ Trung tâm để cấp lại.',
        'Cách đổi: đăng nhập tại <a href="https://qlvb.sotttt.example.gov.vn/">https://qlvb.sotttt.example.gov.vn/</a>, chọn Tài khoản &gt; Đổi mật khẩu. Mật khẩu mới tối thiểu 10 ký tự, gồm chữ hoa, chữ thường, chữ số và ký tự đặc biệt.',
        'Lưu ý: Trung tâm không bao giờ yêu cầu gửi mật khẩu qua thư điện tử hay điện thoại. Hỗ trợ: 0237 3xxx 999 (giờ hành chính).',
      ),
      'Trung tâm Công nghệ thông tin và Truyền thông - Sở TT&TT.',
    ),
  },
  {
    id: 'giay-moi-hop-nhom-zalo',
    purpose: 'a meeting invitation that asks participants to join a Zalo group for documents (zalo.me link, "tham gia nhóm Zalo"), DOCX agenda',
    from: addr('Văn phòng Sở Kế hoạch và Đầu tư', 'vanphong@sokhdt.example.gov.vn'),
    subject: 'Giấy mời họp triển khai kế hoạch đầu tư công trung hạn 2026-2030',
    text:
      'Kính gửi: Lãnh đạo các sở, ban, ngành\n\n' +
      'Sở Kế hoạch và Đầu tư trân trọng kính mời đại diện lãnh đạo Quý cơ quan dự họp triển khai xây dựng kế hoạch đầu tư công trung hạn giai đoạn 2026-2030.\n' +
      'Thời gian: 14 giờ 00, thứ Ba ngày 12/11/2024.\nĐịa điểm: Phòng họp tầng 3, Sở Kế hoạch và Đầu tư.\n\n' +
      'Tài liệu họp gửi kèm; để tiện trao đổi, đề nghị đại biểu tham gia nhóm Zalo "Hop KH DTC 2026-2030" qua đường link https://zalo.me/g/khdtc2026 hoặc liên hệ đồng chí Vũ Thanh Tùng, 0983 xxx 640, để được thêm vào nhóm.' +
      sig('KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC', 'Sở Kế hoạch và Đầu tư', '0237 3xxx 410'),
    attachments: [docx('Chuong_trinh_hop_DTC_2026-2030.docx', 'Chuong trinh hop')],
  },
  {
    id: 'tap-huan-nhan-dien-thu-gia-mao',
    purpose: 'invitation to an anti-phishing training whose programme quotes lure mails ("mật khẩu sẽ hết hạn", "xác thực tài khoản", "nhấn vào đây"); subject without "lừa đảo"',
    from: addr('Sở Thông tin và Truyền thông', 'attt@sotttt.example.gov.vn'),
    subject: 'Mời tham dự lớp bồi dưỡng kỹ năng nhận diện thư điện tử độc hại năm 2024',
    text:
      'Kính gửi: Các sở, ban, ngành; UBND các huyện, thị xã, thành phố\n\n' +
      'Sở Thông tin và Truyền thông tổ chức lớp bồi dưỡng kỹ năng an toàn thông tin cho cán bộ, công chức với nội dung chính:\n' +
      '- Nhận diện thư giả mạo: thư báo "mật khẩu của bạn sẽ hết hạn", "hộp thư đã đầy", "xác thực tài khoản ngay", nút "Nhấn vào đây để đăng nhập";\n' +
      '- Tệp đính kèm nguy hiểm: .exe đổi tên thành .pdf.exe, tài liệu Word yêu cầu "Enable Content", tệp nén có mật khẩu;\n' +
      '- Thực hành: diễn tập gửi thư mô phỏng tấn công và xử lý sự cố.\n\n' +
      'Thời gian: 8 giờ, ngày 19-20/11/2024. Địa điểm: Hội trường Sở TT&TT. Mỗi đơn vị cử 02 công chức; đăng ký danh sách trước ngày 14/11/2024 qua hệ thống quản lý văn bản.' +
      sig('KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC', 'Sở Thông tin và Truyền thông', '0237 3xxx 686'),
    attachments: [pdf('KH_boi_duong_ATTT_2024.pdf', 'Ke hoach boi duong an toan thong tin')],
  },
  {
    id: 'ban-tin-nhieu-lien-ket',
    purpose: 'a weekly newsletter of the provincial portal with many links (news on fraud cases, lottery, recruitment, loans)',
    from: addr('Cổng Thông tin điện tử tỉnh', 'bantin@congthongtin.example.gov.vn'),
    subject: 'Bản tin Cổng Thông tin điện tử tỉnh - Tuần 45/2024',
    html: page(
      '<h2>BẢN TIN TUẦN 45/2024</h2><ul>' +
        [
          ['chinh-tri/hdnd-ky-hop-thu-20', 'HĐND tỉnh khai mạc Kỳ họp thứ 20'],
          ['an-ninh/triet-pha-duong-day-lo-de-online', 'Triệt phá đường dây lô đề online giao dịch hơn 35 tỷ đồng'],
          ['an-ninh/canh-bao-gia-danh-cong-an', 'Cảnh báo thủ đoạn giả danh công an yêu cầu chuyển tiền'],
          ['kinh-te/xo-so-kien-thiet-nop-ngan-sach', 'Xổ số kiến thiết nộp ngân sách 210 tỷ đồng trong 10 tháng'],
          ['xa-hoi/tuyen-dung-vien-chuc-y-te', 'Sở Y tế tuyển dụng 45 viên chức'],
          ['xa-hoi/cho-vay-ho-tro-viec-lam', 'NHCSXH tỉnh cho vay hỗ trợ việc làm với lãi suất ưu đãi'],
          ['y-te/phong-chong-sot-xuat-huyet', 'Tăng cường phòng chống sốt xuất huyết'],
          ['chuyen-doi-so/dich-vu-cong-truc-tuyen', 'Tỷ lệ hồ sơ trực tuyến toàn trình đạt 62%'],
          ['van-hoa/le-hoi-van-hoa-cac-dan-toc', 'Lễ hội văn hóa các dân tộc năm 2024'],
          ['thong-bao/lich-tiep-cong-dan-thang-11', 'Lịch tiếp công dân tháng 11 của lãnh đạo tỉnh'],
        ]
          .map(([path, title]) => `<li><a href="https://congthongtin.example.gov.vn/${path}">${title}</a></li>`)
          .join('') +
        '</ul>',
      'Bạn nhận bản tin vì đơn vị đã đăng ký. <a href="https://congthongtin.example.gov.vn/ban-tin/huy-dang-ky">Hủy đăng ký</a>.',
    ),
  },
  {
    id: 'dien-luc-lich-ngung-cap-dien',
    purpose: 'the power company\u2019s scheduled-outage notice ("tạm ngừng cung cấp điện", "cắt điện", names of areas)',
    from: addr('Công ty Điện lực tỉnh', 'cskh@dongson.example.evnnpc.vn'),
    subject: 'Thông báo tạm ngừng cung cấp điện để bảo dưỡng lưới điện ngày 14/11/2024',
    text:
      'Kính gửi: UBND huyện Đông Sơn\n\n' +
      'Để bảo dưỡng, sửa chữa đường dây 22kV lộ 473, Điện lực Đông Sơn thông báo tạm ngừng cung cấp điện từ 7 giờ 00 đến 16 giờ 30 ngày 14/11/2024 tại các khu vực: xã Tân Phong (thôn 1 đến thôn 5), xã Đông Hòa (thôn Hạ).\n' +
      'Thời gian có thể đóng điện trở lại sớm hơn mà không báo trước. Đề nghị UBND huyện thông báo để các cơ quan, trường học, trạm y tế chủ động sắp xếp công việc.\n' +
      'Điện lực không thu tiền, không yêu cầu thanh toán hay cung cấp thông tin qua tin nhắn, đường link khi cắt điện bảo dưỡng.' +
      sig('GIÁM ĐỐC', 'Điện lực Đông Sơn', '1900 xxxx 99'),
  },
  {
    id: 'ubnd-ke-hoach-phong-chong-lua-dao',
    purpose: 'the provincial committee\u2019s plan against online fraud and gambling ("kế hoạch", "lừa đảo trực tuyến", "cá độ", "tín dụng đen"), DOCX',
    from: addr('UBND huyện Đông Sơn', 'vanphong@dongson.example.gov.vn'),
    subject: 'Kế hoạch tuyên truyền phòng, chống lừa đảo trực tuyến, cờ bạc và tín dụng đen năm 2025',
    text:
      'Kính gửi: Các phòng, ban chuyên môn; UBND các xã, thị trấn\n\n' +
      'UBND huyện ban hành Kế hoạch tuyên truyền phòng, chống lừa đảo chiếm đoạt tài sản trên không gian mạng, cờ bạc, cá độ bóng đá và tín dụng đen năm 2025 (gửi kèm). Nội dung trọng tâm:\n' +
      '- Phổ biến các thủ đoạn: vay tiền qua ứng dụng không cần thế chấp, lãi suất cắt cổ; rủ rê "đầu tư" sinh lời cao; mời tham gia nhóm cá độ qua Zalo, Telegram;\n' +
      '- Hướng dẫn người dân bảo vệ tài khoản ngân hàng, không cung cấp mã OTP, không cho mượn căn cước;\n- Tổ chức 15 buổi tuyên truyền tại các xã và trường học.\n\n' +
      'Đề nghị các đơn vị xây dựng kế hoạch chi tiết, báo cáo kết quả trước ngày 15/12/2025.' +
      sig('KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH', 'UBND huyện Đông Sơn', '0237 3xxx 101'),
    attachments: [docx('KH_tuyen_truyen_phong_chong_lua_dao_2025.docx', 'Ke hoach tuyen truyen')],
  },
];

// makeWordDocument builds its zip asynchronously
for (const m of LIST) for (const a of m.attachments ?? []) a.bytes = await a.bytes;
writeFixtures(HERE, LIST, message);
