#!/usr/bin/env node
// Vietnamese spam and scam texts by kind, as they reach a province's mailboxes (short SMS-style
// messages pasted into mail: quick loans, betting and lottery betting, fake prizes, "việc nhẹ lương
// cao" task jobs, SIM-number sales, land and flat ads, counterfeit goods, telco promotions, adult
// ads), each with diacritics, without diacritics or in teen code / disguised letters, and the
// legitimate mail that uses the nearby words (a province notice, a colleague's mail with a phone
// number and a hotel quote, a school fee notice, a public-property auction, a lottery company's
// prize notice, a scholarship congratulation). For gateway/src/scan/vi-spam-kinds-messages.test.ts:
// each message says what the shipped policy must do with it (X-Lachan-Expect: held, warned or clean;
// "caught" = warned or held).
//   node test-fixtures/vi-spam-kinds/generate.mjs
// Everything is invented for the test: no real spam was copied. Domains are under .example.vn and
// .test, phone numbers are made up, relays use 192.0.2.0/24 (TEST-NET-1). Deterministic output.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addr, domainOf, eml, mimeBody, writeFixtures } from '../mime-builder.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const TO = addr('Lê Thị Hồng', 'hong.lt@lachan.test');

function message(m, n) {
  const domain = domainOf(m.from, 'vi-spam-kinds.example.vn');
  const date = 'Tue, 12 Nov 2024 09:15:00 +0700';
  const received = `Received: from mail.${domain} (unknown [192.0.2.${120 + n}]) by mx1.lachan.test (Postfix) with ESMTPS id 7Kd${2000 + n}Qb; ${date}`;
  const { from, subject, purpose, expect } = m;
  return eml({ received, from, to: TO, subject, date, messageId: `${m.id}.${2000 + n}@${domain}`, purpose, expect }, mimeBody({ id: m.id, text: m.text }));
}

const SPAM = [
  {
    id: 'vay-no-xau-khong-dau',
    expect: 'held',
    purpose: 'a quick loan to a stranger, no diacritics, a mobile number only',
    from: addr('Tai chinh Nhanh', 'tuvan.taichinh88@gmail.test'),
    subject: 'Ho tro vay von nhanh 10-50 trieu',
    text: 'Ho tro vay tien nhanh 10-50tr, bao no xau, khong tham dinh nguoi than, giai ngan trong 30 phut. LH 0868 123 457 (Ms Thu)',
  },
  {
    id: 'vay-teencode',
    expect: 'held',
    purpose: 'a loan on an ID card in teen code and digits for letters, Zalo',
    from: addr('Vay Nhanh 24/7', 'vaynhanh247@gmail.test'),
    subject: 'V4Y T1ỀN N0NG chỉ cần CCCD',
    text: 'V4Y T1ỀN N0NG chỉ cần CCCD, duyệt trong 5 phút, k cần gặp mặt, nhận tiền mặt ngay trong ngày. Zal0: 0903.111.246',
  },
  {
    id: 'nha-cai-ca-cuoc',
    expect: 'held',
    purpose: 'an online bookmaker: football betting, jackpot slots, a hotline',
    from: addr('BET88 Việt Nam', 'cskh@bet88vn.test'),
    subject: 'Nhà cái uy tín số 1 châu Á - nạp đầu tặng 100%',
    text: 'Nhà cái uy tín số 1 châu Á: cá cược bóng đá, nổ hũ, tài xỉu, rút tiền 3 phút. Nạp đầu tặng 100% tối đa 8 triệu.\nĐăng ký tại bet88vn.test - hotline 0936 202 118',
  },
  {
    id: 'lo-de-khong-dau',
    expect: 'held',
    purpose: 'lottery betting tips without diacritics, Zalo',
    from: addr('Soi cau MB', 'soicau.mienbac@gmail.test'),
    subject: 'Soi cau lo de mien Bac chuan 99%',
    text: 'Soi cau lo de mien bac chuan 99%, bao lo 3 cang, danh de online tra thuong 1 an 99. Ib zalo 0977 123 880 nhan so hom nay.',
  },
  {
    id: 'trung-thuong-phi-nhan',
    expect: 'held',
    purpose: 'a fake prize for a customer appreciation draw, with a fee to receive it',
    from: addr('Phòng CSKH', 'trian.khachhang2024@gmail.test'),
    subject: 'Thông báo trúng thưởng chương trình tri ân khách hàng',
    text: 'Chúc mừng quý khách đã trúng thưởng 01 xe SH Mode trong chương trình tri ân khách hàng năm 2024. Vui lòng liên hệ 0945 667 210 để làm thủ tục, phí nhận thưởng 2.500.000đ.',
  },
  {
    id: 'trung-thuong-khong-dau',
    expect: 'held',
    purpose: 'a fake prize without diacritics: "you won" money, pay a fee by transfer, phone',
    from: addr('Qua tang Shopee', 'quatang.sp@gmail.test'),
    subject: 'Ban da trung giai dac biet 100 trieu',
    text: 'Ban da may man trung giai dac biet 100.000.000d tu chuong trinh quay so. Chuyen phi de nhan thuong 1.500.000d va goi 0908 771 236 de nhan giai.',
  },
  {
    id: 'viec-nhe-luong-cao',
    expect: 'held',
    purpose: 'easy work from home paid daily, a mobile number',
    from: addr('Tuyển dụng 24h', 'tuyendung.online24h@gmail.test'),
    subject: 'Tuyển CTV làm việc tại nhà',
    text: 'Tuyển 20 CTV làm việc tại nhà, việc nhẹ lương cao, chỉ cần điện thoại, thu nhập 500k-1tr/ngày, nhận lương cuối ngày. LH chị Hoa 0962 345 118.',
  },
  {
    id: 'lam-nhiem-vu-teencode',
    expect: 'held',
    purpose: 'a task job in teen code: like videos for commission, Zalo',
    from: addr('HR Online', 'hr.online.vn@gmail.test'),
    subject: 'Tuyển ng làm nv online',
    text: 'Tuyển ng làm nv online: like video, đánh giá sp, hoa hồng cao 10-30%, ko cần kinh nghiệm. Kb zalo 0399 888 472 để đc hướng dẫn nha.',
  },
  {
    id: 'sim-so-dep',
    expect: 'caught',
    purpose: 'SIM numbers for sale with prices and a contact number',
    from: addr('Kho Sim Số Đẹp', 'khosim.sodep@gmail.test'),
    subject: 'Sim số đẹp giá rẻ',
    text: 'Sim số đẹp giá rẻ: 0909.88.6789 giá 3tr5, 0388.168.168 giá 5tr. Giao sim tận nơi. LH: 0901 234 321',
  },
  {
    id: 'ban-dat-nen',
    expect: 'caught',
    purpose: 'a land plot ad: title deed, price, phone',
    from: addr('Nhà Đất Bình Dương', 'nhadat.bd@gmail.test'),
    subject: 'Chính chủ cần bán lô đất nền',
    text: 'Chính chủ cần bán lô đất nền 100m2 mặt tiền đường 20m, sổ đỏ riêng, giá chỉ 1,2 tỷ. Liên hệ anh Tuấn 0983 456 120.',
  },
  {
    id: 'can-ho-khong-dau',
    expect: 'caught',
    purpose: 'a flat transfer ad without diacritics',
    from: addr('Can ho Vinhomes', 'canho.vh@gmail.test'),
    subject: 'Can sang nhuong can ho 2PN',
    text: 'Can sang nhuong can ho 2PN view ho, gia chi 2ty350, so hong san, ho tro vay ngan hang. LH 0911 222 385',
  },
  {
    id: 'hang-rep-ship-cod',
    expect: 'caught',
    purpose: 'counterfeit goods: "rep 1:1", a price, cash on delivery, Zalo',
    from: addr('Shop Hàng Hiệu', 'shophanghieu.vn@gmail.test'),
    subject: 'Túi xách, giày, đồng hồ rep 1:1',
    text: 'Shop chuyên hàng rep 1:1 túi LV, giày Nike, đồng hồ Rolex, giá chỉ từ 350k. Ship COD toàn quốc, inbox zalo 0977 555 214.',
  },
  {
    id: 'khuyen-mai-nha-mang',
    expect: 'caught',
    purpose: 'a telco promotion: text a code to a short number',
    from: addr('Khuyen mai the nap', 'km.thenap@gmail.test'),
    subject: 'Tặng 50% giá trị thẻ nạp hôm nay',
    text: 'Tặng 50% giá trị thẻ nạp hôm nay! DK KM50 gửi 9090 để nhận ưu đãi, 10.000đ/ngày. Chi tiết LH 9090 (0đ).',
  },
  {
    id: 'khuyen-mai-xa-kho',
    expect: 'caught',
    purpose: 'a clearance sale ad with a price and a hotline, no diacritics',
    from: addr('Dien may Gia Re', 'dienmaygiare@gmail.test'),
    subject: 'Xa kho cuoi nam',
    text: 'XA KHO cuoi nam: tu lanh, may giat dong gia 3.990.000d, freeship noi thanh. Hotline 0938 808 121',
  },
];

const HAM = [
  {
    id: 'thong-bao-tinh-khuyen-mai',
    expect: 'clean',
    purpose: 'a province department notice on the national promotion month, with a contact officer\'s mobile',
    from: addr('Sở Công Thương', 'vanthu.sct@sct.tinh-vidu.example.vn'),
    subject: 'V/v hưởng ứng Tháng khuyến mại tập trung quốc gia 2024',
    text: 'Kính gửi: Các phòng, ban thuộc Sở.\nThực hiện kế hoạch của UBND tỉnh, Sở Công Thương đề nghị các đơn vị phổ biến Tháng khuyến mại tập trung quốc gia; mức giảm giá tối đa 100% với hàng hóa dưới 500.000 đồng.\nMọi thắc mắc liên hệ đ/c Lê Thị Mai, phòng Quản lý thương mại, ĐT 0912 345 670.',
  },
  {
    id: 'dong-nghiep-bao-gia',
    expect: 'clean',
    purpose: 'a colleague\'s mail with a budget, a hotel quote with a discount and her mobile',
    from: addr('Phạm Thu Trang', 'trang.pt@gmail.test'),
    subject: 'Dự toán hội nghị tổng kết',
    text: 'Chị ơi, em gửi chị bảng dự toán hội nghị tổng kết, tổng kinh phí 35.000.000 đồng. Bên khách sạn gửi báo giá phòng họp 5.000.000đ/ngày, đã giảm giá 10% cho cơ quan mình rồi ạ. Có gì chị gọi em 0912 345 678 nhé.',
  },
  {
    id: 'thong-bao-hoc-phi',
    expect: 'clean',
    purpose: 'a school fee notice: amounts, a deadline, the teacher\'s mobile',
    from: addr('Trường THCS Ví Dụ', 'thcs.vidu@edu.example.vn'),
    subject: 'Thông báo thu học phí học kỳ I',
    text: 'Kính gửi quý phụ huynh! Nhà trường thông báo học phí học kỳ I năm học 2024-2025 là 1.500.000 đồng/học sinh, miễn giảm 50% cho học sinh hộ nghèo. Hạn nộp trước ngày 30/11. Mọi thắc mắc liên hệ cô Lan 0912 345 679.',
  },
  {
    id: 'thanh-ly-tai-san-cong',
    expect: 'clean',
    purpose: 'an auction notice for a public car: opening price, the officer\'s mobile',
    from: addr('Trung tâm Dịch vụ đấu giá', 'daugia@stp.tinh-vidu.example.vn'),
    subject: 'Thông báo đấu giá thanh lý tài sản',
    text: 'Trung tâm thông báo đấu giá thanh lý 01 xe ô tô 7 chỗ của Sở Tài chính, giá khởi điểm 150.000.000 đồng, bán hồ sơ từ ngày 15/11. Liên hệ anh Hùng 0983 111 206.',
  },
  {
    id: 'xo-so-tra-thuong',
    expect: 'clean',
    purpose: 'a lottery company telling winners how to claim a prize, with a hotline',
    from: addr('Công ty Xổ số kiến thiết', 'trathuong@xosokienthiet.example.vn'),
    subject: 'Hướng dẫn thủ tục nhận thưởng',
    text: 'Người trúng thưởng vé xổ số kiến thiết mang vé và căn cước đến trụ sở công ty để làm thủ tục nhận thưởng; giải trên 10.000.000 đồng nộp thuế thu nhập cá nhân theo quy định. Hotline 0292 3821 456.',
  },
  {
    id: 'chuc-mung-hoc-bong',
    expect: 'clean',
    purpose: 'a colleague congratulating a student on a scholarship, with her phone',
    from: addr('Nguyễn Minh Anh', 'anh.nm@edu.example.vn'),
    subject: 'Chúc mừng em',
    text: 'Chúc mừng em đã được nhận học bổng 5.000.000 đồng của quỹ khuyến học tỉnh. Em mang giấy báo lên phòng công tác học sinh nhé, cần gì gọi cô 0903 456 781.',
  },
  {
    id: 'canh-bao-vay-online',
    expect: 'clean',
    purpose: 'a police advisory quoting a loan scam with a Zalo number',
    from: addr('Công an tỉnh', 'tuyentruyen@congan-tinh.example.vn'),
    subject: 'Cảnh báo thủ đoạn lừa đảo vay tiền online',
    text: 'Gần đây các đối tượng gửi tin nhắn "hỗ trợ vay tiền nhanh, không thẩm định, giải ngân trong 30 phút, LH Zalo 0868 xxx" rồi yêu cầu nộp phí. Người dân tuyệt đối không chuyển tiền, báo ngay cho công an xã.',
  },
];

for (const [dir, list] of [['spam', SPAM], ['ham', HAM]]) {
  const out = join(HERE, dir);
  mkdirSync(out, { recursive: true });
  writeFixtures(out, list, (m, n) => message(m, n + (dir === 'ham' ? 50 : 0)));
}
