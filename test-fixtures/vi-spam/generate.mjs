#!/usr/bin/env node
// Vietnamese advertising spam and scam texts of the general families (gambling and lottery betting,
// quick loans, fake jobs, coin pump groups, SEO and paid likes, adult ads, counterfeit goods, fake
// prizes, drugs/laughing gas), and legitimate official and business mail that uses the nearby words
// (a bank statement notice, a recruitment notice, a loan policy, lottery results, a police report on
// a gambling ring, a market-control notice), for gateway/src/scan/vi-spam-messages.test.ts:
// everything under spam/ must be caught (warned or held), everything under ham/ delivered clean.
//   node test-fixtures/vi-spam/generate.mjs
// Everything is invented for the test: no real spam was copied. Domains are under .example.vn and
// .test, phone numbers are made up, relays use 192.0.2.0/24 (TEST-NET-1). Deterministic output.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addr, domainOf, eml, mimeBody, writeFixtures } from '../mime-builder.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const TO = addr('Trần Văn Bình', 'binh.tv@lachan.test');

function message(m, n) {
  const domain = domainOf(m.from, 'vi-spam.example.vn');
  const date = 'Thu, 7 Nov 2024 10:20:00 +0700';
  const received = `Received: from mail.${domain} (unknown [192.0.2.${40 + n}]) by mx1.lachan.test (Postfix) with ESMTPS id 5Vs${1000 + n}Qa; ${date}`;
  const { from, subject, purpose } = m;
  return eml({ received, from, to: TO, subject, date, messageId: `${m.id}.${1000 + n}@${domain}`, purpose }, mimeBody({ id: m.id, text: m.text }));
}

/** Spam: each must at least be warned about. */
const SPAM = [
  {
    id: 'soi-keo-bach-thu-lo',
    purpose: 'betting tips and lottery betting with a Telegram group',
    from: addr('Soi Kèo VIP', 'tips@keothom88.test'),
    subject: 'Soi kèo hôm nay - tỷ lệ thắng 95%',
    text: 'Chào anh em! Soi kèo Ngoại hạng Anh tối nay cực thơm, kèm bạch thủ lô và song thủ lô miền Bắc.\nNạp rút nhanh 24/7, tặng code tân thủ 88k.\nVào nhóm Tele: @keothom88_vip để nhận kèo miễn phí.',
  },
  {
    id: 'vay-bang-cccd-khong-dau',
    purpose: 'quick loan on an ID card, written without diacritics, phone contact',
    from: addr('Tai chinh 24h', 'hotro@taichinh24h.example.vn'),
    subject: 'Ho tro vay tien mat nhanh trong ngay',
    text: 'Vay tien mat nhanh chi can CCCD, khong can chung minh thu nhap, duyet vay nhanh trong 15 phut.\nHan muc den 50 trieu, nhan tien ngay.\nGoi 0987.654.210 de duoc tu van.',
  },
  {
    id: 'tha-tim-nhan-tien',
    purpose: 'task scam: paid likes and videos, daily pay, Zalo',
    from: addr('Tuyển dụng Online', 'tuyendung.online@vieclam-nhanh.test'),
    subject: 'Việc làm thêm online - nhận lương trong ngày',
    text: 'Cần gấp 50 bạn làm thêm tại nhà: thả tim nhận tiền, xem video kiếm tiền trên điện thoại.\nThu nhập 300k - 800k/ngày, không cần kinh nghiệm.\nKết bạn Zalo 0977 246 810 để nhận việc ngay hôm nay.',
  },
  {
    id: 'nhom-keo-coin',
    purpose: 'coin pump group promising returns, Telegram',
    from: addr('Crypto Signals VN', 'admin@coinvip.test'),
    subject: 'Nhóm kéo coin x10 tài khoản trong 1 tuần',
    text: 'Tham gia nhóm kéo coin của chuyên gia, tín hiệu coin mỗi ngày, cam kết hoàn vốn nếu lỗ.\nĐã có 3.000 thành viên x10 tài khoản.\nLink nhóm: t.me/coinvip_vn',
  },
  {
    id: 'dich-vu-seo-tang-like',
    purpose: 'SEO and paid engagement services, social accounts for sale',
    from: addr('Marketing 4.0', 'sale@mkt40.example.vn'),
    subject: 'Dịch vụ SEO top Google, tăng like, tăng follow giá rẻ',
    text: 'Bên em chuyên dịch vụ SEO top Google trong 30 ngày, tăng like, tăng follow, tăng view TikTok, bán clone và bán tài khoản Facebook lâu năm.\nGiá chỉ từ 99k. Inbox Zalo 0909 135 792 để báo giá.',
  },
  {
    id: 'gai-xinh-massage',
    purpose: 'adult ad with sex-enhancement wording and a short link',
    from: addr('Thư giãn', 'relax@thugian.test'),
    subject: 'Em gái xinh phục vụ tận nơi',
    text: 'Em gái xinh massage tận nơi, kín đáo, chuyên nghiệp. Tặng kèm bí quyết kéo dài thời gian quan hệ.\nĐặt lịch: 0966 531 742',
  },
  {
    id: 'hang-rep-super-fake',
    purpose: 'counterfeit goods advertised as such',
    from: addr('Shop Hàng Hiệu', 'shop@hanghieu-gia-re.test'),
    subject: 'Túi xách super fake, giày like auth mới về',
    text: 'Shop mới về túi xách hàng rep 1:1, giày like auth, đồng hồ hàng siêu cấp giống chính hãng 99%.\nFreeship toàn quốc, chốt đơn ngay: 0933 864 202',
  },
  {
    id: 'trung-thuong-tri-an',
    purpose: 'fake prize: a phone won, pay a fee to receive it',
    from: addr('Chương trình tri ân', 'quatang@tri-an-khach-hang.test'),
    subject: 'Chúc mừng bạn đã trúng thưởng iPhone 16',
    text: 'Chúc mừng bạn đã trúng thưởng 01 điện thoại iPhone 16 trong chương trình quà tri ân khách hàng.\nVui lòng chuyển phí nhận quà 350.000đ để được giao hàng tận nhà. Nhận ngay tại qua-tang.example.vn/nhan',
  },
  {
    id: 'bong-cuoi-giao-nhanh',
    purpose: 'laughing gas advertised for parties, delivery',
    from: addr('Party Shop', 'party@vuive.test'),
    subject: 'Bóng cười giá rẻ giao trong 30 phút',
    text: 'Bóng cười giá rẻ cho tiệc sinh nhật, ship bóng cười tận nơi trong 30 phút nội thành.\nIB riêng để có giá sỉ: 0912 480 617',
  },
  {
    id: 'game-slot-nap-dau',
    purpose: 'online casino: slot games and first-deposit bonus',
    from: addr('VIP Club', 'cskh@vipclub.test'),
    subject: 'Tặng 100% nạp đầu - game slot đổi thưởng',
    text: 'Nhà cái uy tín hàng đầu châu Á: game slot, bắn cá, tài xỉu. Khuyến mãi nạp đầu 100%, nhận giftcode 50k mỗi ngày.\nChơi ngay tại vipclub.example.vn',
  },
  {
    id: 'binh-luan-chui-teen-code',
    purpose: 'an abusive comment in teen code and no-diacritic swear words (harmful-language)',
    from: addr('fan cung 2k7', 'fancung2k7@mxh.example.vn'),
    subject: 'Gửi thằng admin page',
    text: 'Dcm thằng admin oc cho, đăng cái clgt vậy?\nDit me cả lũ ăn theo, đọc xong muốn đập máy vl.',
  },
  {
    id: 'binh-luan-chui-tach-chu',
    purpose: 'abusive comment with swear words pulled apart by emoji, dots and spaces (harmful-language)',
    from: addr('Hội anti', 'hoi.anti@mxh.example.vn'),
    subject: 'Trả lời bình luận của bạn',
    text: 'Mày nghĩ mày là ai? Đ😡M, câm m.ồ.m lại đi thằng l 🤬 ồ 🤬 n, đ é o ai cần mày dạy đời.',
  },
];

/** Legitimate mail with nearby words: each must be delivered without any banner. */
const HAM = [
  {
    id: 'sao-ke-ngan-hang',
    purpose: 'a bank monthly statement notice for a payroll account',
    from: addr('Ngân hàng TMCP Ví Dụ', 'saoke@nganhang-vidu.example.vn'),
    subject: 'Thông báo sao kê tài khoản tháng 10/2024',
    text: 'Kính gửi Quý khách Trần Văn Bình,\n\nNgân hàng TMCP Ví Dụ trân trọng gửi Quý khách sao kê tài khoản thanh toán số ******4821 từ ngày 01/10/2024 đến ngày 31/10/2024.\nSố dư đầu kỳ: 12.450.000 VND. Tổng ghi có: 15.200.000 VND (lương tháng 10). Tổng ghi nợ: 9.870.000 VND. Số dư cuối kỳ: 17.780.000 VND.\nSao kê chi tiết được đính kèm trên ứng dụng ngân hàng điện tử, mục Tài khoản > Sao kê.\n\nMọi thắc mắc xin liên hệ tổng đài 1900 0000 hoặc chi nhánh gần nhất.\nTrân trọng,\nNgân hàng TMCP Ví Dụ',
  },
  {
    id: 'tuyen-dung-vien-chuc',
    purpose: 'a province department recruitment notice for public employees',
    from: addr('Sở Nội vụ', 'vanthu.snv@snv.tinh-vidu.example.vn'),
    subject: 'Thông báo tuyển dụng viên chức năm 2024',
    text: 'Sở Nội vụ thông báo tuyển dụng 12 chỉ tiêu viên chức làm việc tại các đơn vị sự nghiệp trực thuộc, trong đó có 02 chỉ tiêu nhân viên xử lý đơn thư tại Ban Tiếp công dân.\nYêu cầu: tốt nghiệp đại học trở lên, chuyên ngành phù hợp; không yêu cầu kinh nghiệm đối với vị trí chuyên viên tập sự.\nHồ sơ nộp trực tiếp tại Bộ phận một cửa của Sở từ ngày 11/11 đến hết ngày 10/12/2024, hoặc qua Cổng dịch vụ công của tỉnh.\nThông tin chi tiết liên hệ bà Nguyễn Thị Hoa, phòng Tổ chức cán bộ, điện thoại 0912 345 210.',
  },
  {
    id: 'chinh-sach-cho-vay-nhnn',
    purpose: 'a department announcement of the social-policy bank loan programme',
    from: addr('Sở Lao động - Thương binh và Xã hội', 'vanphong@sldtbxh.example.vn'),
    subject: 'Triển khai chính sách cho vay vốn ưu đãi giải quyết việc làm',
    text: 'Thực hiện Nghị định số 74/2019/NĐ-CP, Sở Lao động - Thương binh và Xã hội phối hợp Ngân hàng Chính sách xã hội tỉnh triển khai cho vay vốn ưu đãi hỗ trợ tạo việc làm.\nĐối tượng: người lao động, hộ kinh doanh, hợp tác xã. Mức cho vay tối đa 100 triệu đồng đối với người lao động; khoản vay trên 100 triệu đồng phải có tài sản bảo đảm.\nLãi suất bằng lãi suất cho vay đối với hộ cận nghèo. Việc giải ngân vốn thực hiện qua Tổ tiết kiệm và vay vốn tại thôn, xóm.\nĐề nghị UBND các huyện chỉ đạo rà soát nhu cầu, gửi về Sở trước ngày 30/11/2024.',
  },
  {
    id: 'ket-qua-xo-so',
    purpose: 'a lottery company daily results newsletter',
    from: addr('Công ty Xổ số kiến thiết', 'ketqua@xosokienthiet.example.vn'),
    subject: 'Kết quả xổ số kiến thiết ngày 07/11/2024',
    text: 'Công ty TNHH MTV Xổ số kiến thiết trân trọng thông báo kết quả mở thưởng ngày 07/11/2024:\nGiải đặc biệt: 482915\nGiải nhất: 10273\nGiải nhì: 55810\nGiải ba: 30941 - 77302\nVé trùng kết quả được lĩnh thưởng tại trụ sở công ty và các đại lý trong vòng 30 ngày kể từ ngày mở thưởng. Người lĩnh giải có trách nhiệm nộp thuế thu nhập cá nhân theo quy định.\nXổ số kiến thiết - Ích nước, lợi nhà.',
  },
  {
    id: 'cong-an-triet-pha-danh-bac',
    purpose: 'a police bulletin on a dismantled online gambling and lottery-betting ring',
    from: addr('Công an tỉnh - Phòng Tham mưu', 'tuyentruyen@congan-tinh.example.vn'),
    subject: 'Bản tin an ninh trật tự tuần 45',
    text: 'Trong tuần, Phòng Cảnh sát hình sự triệt phá đường dây đánh bạc qua mạng dưới hình thức cá độ bóng đá và lô đề online, thu giữ 12 điện thoại, 3 máy tính và sổ sách ghi số đề.\nCác đối tượng lập nhóm Zalo để nhận tiền cược, tổng số tiền giao dịch hơn 20 tỷ đồng. Vụ việc đang được điều tra mở rộng.\nĐề nghị cán bộ, đảng viên gương mẫu chấp hành, không tham gia các hình thức cờ bạc, lô đề; phát hiện dấu hiệu vi phạm báo ngay cho công an xã, phường.',
  },
  {
    id: 'qltt-hang-gia',
    purpose: 'a market-control notice about counterfeit branded goods and untested supplements',
    from: addr('Cục Quản lý thị trường tỉnh', 'qltt@qltt-tinh.example.vn'),
    subject: 'Kết quả kiểm tra hàng giả, hàng nhái tháng 10',
    text: 'Tháng 10/2024, lực lượng Quản lý thị trường kiểm tra 86 vụ, xử lý 61 vụ vi phạm, tạm giữ 2.300 sản phẩm túi xách, giày dép giả mạo nhãn hiệu và 450 hộp thực phẩm bảo vệ sức khỏe không rõ nguồn gốc quảng cáo tăng cường sinh lý.\nPhần lớn hàng hóa được rao bán trên mạng xã hội, giao qua đơn vị vận chuyển. Số tiền phạt nộp ngân sách 412 triệu đồng.\nĐề nghị các cơ quan thông tin tuyên truyền để người tiêu dùng cảnh giác khi mua hàng trực tuyến.',
  },
  {
    id: 'hop-dong-quang-cao-website',
    purpose: 'a web agency quoting a department for its portal upkeep, with search optimisation',
    from: addr('Công ty Phần mềm Ví Dụ', 'kinhdoanh@phanmem-vidu.example.vn'),
    subject: 'Báo giá duy trì cổng thông tin điện tử năm 2025',
    text: 'Kính gửi Văn phòng Sở,\nTheo đề nghị của Quý cơ quan, Công ty gửi báo giá dịch vụ duy trì cổng thông tin điện tử năm 2025: hosting, sao lưu dữ liệu hằng ngày, cập nhật bảo mật, tối ưu hóa công cụ tìm kiếm cho các trang tin, đào tạo biên tập viên.\nTổng giá trị: 86.000.000 đồng (đã gồm VAT). Báo giá có hiệu lực 30 ngày.\nĐầu mối: anh Lê Minh Tuấn, 0905 246 135.\nTrân trọng.',
  },
  {
    id: 'cong-van-cc-dinh-muc',
    purpose: 'an official letter with CC lines, ĐM (định mức) codes, a DM-coded item and a link with /dm/ (harmful-language must stay quiet)',
    from: addr('Sở Xây dựng', 'vanthu@soxd.example.vn'),
    subject: 'V/v áp dụng định mức dự toán (ĐM) công trình',
    text: 'Kính gửi: Ban Quản lý dự án tỉnh.\nCC: Phòng Kinh tế hạ tầng; Cc : Văn phòng Sở.\nĐơn giá lập theo ĐM 1776 và ĐM 1777, hạng mục DM-02 (đường dây) và DM-05 (cống thoát nước), kèm tệp du-toan.dm.xlsx.\nVăn bản hướng dẫn tại https://soxd.example.vn/vb/dm/cc/2024 ; thắc mắc xin gửi dm@soxd.example.vn.\nEnglish summary for the contractor: please DM the site engineer, cc the project office.',
  },
  {
    id: 'thu-ban-be-noi-tuc-nhe',
    purpose: 'a friendly note between colleagues with everyday slang and one swear word (not abusive)',
    from: addr('Nguyễn Thu Hà', 'ha.nt@gmail.example.vn'),
    subject: 'Ảnh buổi liên hoan',
    text: 'Gửi cả nhóm ảnh hôm liên hoan nhé, đẹp vãi, con Lan cười như đéo có ngày mai.\nQuán đắt vl nhưng ngon, lần sau góp quỹ đi tiếp. Nhớ tải về trước thứ sáu kẻo link hết hạn.',
  },
];

for (const [dir, list] of [['spam', SPAM], ['ham', HAM]]) {
  const out = join(HERE, dir);
  mkdirSync(out, { recursive: true });
  writeFixtures(out, list, (m, n) => message(m, n + (dir === 'ham' ? 50 : 0)));
}
