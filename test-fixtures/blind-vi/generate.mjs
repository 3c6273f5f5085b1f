#!/usr/bin/env node
// A blind set of Vietnamese official-mail scams and of the legitimate official mail that looks like
// them, for gateway/src/scan/blind-vi-messages.test.ts. Written by hand after phish-vi/ and
// vi-official/, on kinds those do not cover or write differently: `gia-*` are scams (fake Sở Nội vụ
// promotion and salary lists, asset-declaration forms, Thanh tra notices with archives, fake
// iOffice / eOffice / QLVB log-ins, mailbox quota in no-diacritics or decomposed (NFD) Vietnamese,
// Telex typos and leet letters, Công đoàn gifts, training-course fees, Kho bạc payments, public-
// service fees with a QR code, digital-signature token renewals with a program to download, Zalo
// groups of a "leader", fake antivirus inspections, loans and investments for civil servants);
// `that-*` are the legitimate look-alikes that must stay clean (numbered công văn with PDFs from
// *.gov.vn, meetings, trainings, salary notices from the province's own domain, a bank statement,
// an IT notice pointing at the province's own portal).
//   node test-fixtures/blind-vi/generate.mjs
// Everything is invented: domains under .example, abused TLDs nobody here owns, free-mail addresses,
// relays in 192.0.2.0/24 (TEST-NET-1), scam links in 198.51.100.0/24 (TEST-NET-2). Deterministic.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as p from '../attachments/payloads.mjs';
import { addr, nfd, officeButton, officeMailRenderer, officePage, paragraphs, signature, writeFixtures } from '../mime-builder.mjs';

const require = createRequire(import.meta.url);
const QRCode = require('qrcode');
const HERE = dirname(fileURLToPath(import.meta.url));
const TO = addr('Trần Văn Hùng', 'hung.tv@lachan.test');
const DATE = 'Tue, 12 Nov 2024 08:05:00 +0700';

const message = officeMailRenderer({ to: TO, date: DATE, fallbackDomain: 'blind-vi.example', ipFrom: 20, idFrom: 1000, queueTag: ['7Bv', 'Qc'] });

const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const pdf = (name, text) => ({ type: PDF, name, bytes: p.makePdf(text) });
const page = officePage;
const para = paragraphs;
const btn = officeButton('#0b5ed7');
const sig = signature;

async function fixtures() {
  const qrDvc = await QRCode.toBuffer('https://198.51.100.77/thanhtoan?hs=000.00.12.H56', { type: 'png', scale: 4, margin: 4 });
  const zipExe = await p.makeZip({ 'Ket_luan_thanh_tra_so_45.exe': p.makePe() });
  const zipLnk = await p.makeZip({ 'Giay_moi_hop.pdf.lnk': Buffer.from('L\0\0\0\x01\x14\x02\0', 'latin1') });
  const zipPdfs = await p.makeZip({ 'QD_1520_QD-TTr.pdf': p.makePdf('Quyet dinh thanh tra'), 'Ke_hoach_thanh_tra.pdf': p.makePdf('Ke hoach') });
  const L = [];
  const add = (m) => L.push(m);

  // ================================ SCAMS ===================================================
  // ---- Sở Nội vụ: nâng lương, nâng ngạch, tinh giản --------------------------------------------
  add({
    id: 'gia-snv-nang-luong-xac-nhan',
    purpose: 'fake Sở Nội vụ salary-raise list on Gmail asking to "xác nhận thông tin" on a form site',
    from: addr('Phòng CCVC - Sở Nội vụ', 'sonoivu.phongccvc@gmail.com'),
    helo: 'mail-sor-f41.google.com',
    subject: 'V/v rà soát danh sách nâng bậc lương trước thời hạn năm 2024',
    text:
      'Kính gửi các đồng chí cán bộ, công chức,\n\nSở Nội vụ gửi danh sách cán bộ, công chức đủ điều kiện nâng bậc lương trước thời hạn năm 2024. Đồng chí có tên trong danh sách đề nghị xác nhận thông tin cá nhân (họ tên, số CCCD, số tài khoản nhận lương, mật khẩu hộp thư công vụ) tại đường dẫn dưới đây trước 17h00 ngày 15/11/2024, quá thời hạn trên sẽ bị loại khỏi danh sách.\n\n' +
      'https://snv-danhsach.web.app/xac-nhan\n\nPhòng Công chức, viên chức - Sở Nội vụ',
  });
  add({
    id: 'gia-snv-nang-ngach-khong-dau',
    purpose: 'fake promotion list in no-diacritics Vietnamese, sender on a .xyz domain, link to a raw IP',
    from: addr('So Noi vu tinh', 'thongbao@sonoivu-tinh.xyz'),
    subject: 'Danh sach thi nang ngach chuyen vien chinh - xac nhan thong tin',
    text:
      'Kinh gui dong chi,\n\nSo Noi vu thong bao danh sach cong chuc du dieu kien du thi nang ngach chuyen vien chinh nam 2024. De nghi dong chi xac nhan thong tin va dang nhap bang tai khoan thu cong vu de hoan tat ho so truoc ngay 14/11. Neu khong xac nhan, ho so se bi huy.\n\n' +
      'Xac nhan tai: http://198.51.100.23/snv/nangngach\n\nVan phong So Noi vu',
  });
  add({
    id: 'gia-snv-tinh-gian-bien-che',
    purpose: 'fake staff-reduction list: you are on it unless you confirm your details through a link, HTML from a .online domain',
    from: addr('Ban Tổ chức - Sở Nội vụ', 'tccb@noivu-gov.online'),
    subject: 'Danh sách dự kiến tinh giản biên chế đợt 1/2025 - đề nghị xác nhận',
    html: page(
      para('Kính gửi đồng chí,', 'Thực hiện Nghị quyết về sắp xếp tổ chức bộ máy, đồng chí có tên trong <b>danh sách dự kiến tinh giản biên chế đợt 1/2025</b>.', 'Để được xem xét giữ lại hoặc hưởng chế độ, đồng chí cần cập nhật thông tin cá nhân và xác thực tài khoản trong vòng 48 giờ. Sau thời hạn, hệ thống tự động chốt danh sách.') +
        btn('https://noivu-gov.online/xac-nhan-tinh-gian', 'XÁC NHẬN THÔNG TIN'),
    ),
  });
  // ---- Kê khai tài sản, thu nhập ---------------------------------------------------------------
  add({
    id: 'gia-ke-khai-tai-san-html',
    purpose: 'asset-declaration "form" as an .html attachment with a log-in form, from an Outlook.com address',
    from: addr('Thanh tra tỉnh - Phòng PCTN', 'thanhtra.pctn@outlook.com'),
    helo: 'mail-sg2apc01olkn2001.outbound.protection.outlook.com',
    subject: 'Kê khai tài sản, thu nhập hằng năm 2024 - mẫu kê khai trực tuyến',
    text:
      'Kính gửi đồng chí,\n\nThực hiện Luật Phòng, chống tham nhũng, đề nghị đồng chí hoàn thành kê khai tài sản, thu nhập năm 2024 theo mẫu trực tuyến đính kèm. Mở tệp đính kèm, đăng nhập bằng tài khoản thư công vụ để kê khai. Hạn cuối: 20/11/2024.\n\nThanh tra tỉnh',
    attachments: [{ type: 'text/html', name: 'Mau_ke_khai_tai_san_2024.html', bytes: p.makeCredentialHtml() }],
  });
  add({
    id: 'gia-ke-khai-tai-san-link',
    purpose: 'asset-declaration notice with a link to a log-in page on a free host, sender imitates the inspectorate on a .top domain',
    from: addr('Thanh tra tỉnh', 'kekhai@thanhtra-tinh.top'),
    subject: 'Nhắc nhở: Chưa hoàn thành kê khai tài sản, thu nhập năm 2024',
    html: page(
      para('Kính gửi đồng chí Trần Văn Hùng,', 'Hệ thống ghi nhận đồng chí <b>chưa hoàn thành kê khai tài sản, thu nhập</b> năm 2024. Người không kê khai đúng hạn sẽ bị xem xét xử lý kỷ luật theo quy định.', 'Vui lòng đăng nhập hệ thống kê khai bằng hộp thư công vụ để hoàn thành ngay hôm nay.') +
        btn('https://kekhai-taisan.pages.dev/login', 'ĐĂNG NHẬP KÊ KHAI'),
    ),
  });
  // ---- Thanh tra tỉnh, archives ----------------------------------------------------------------
  add({
    id: 'gia-thanh-tra-rar',
    purpose: 'fake inspection conclusion as a .rar from a Gmail address',
    from: addr('Thanh Tra Tỉnh', 'thanhtratinh.vanphong@gmail.com'),
    helo: 'mail-sor-f65.google.com',
    subject: 'Thông báo kết luận thanh tra số 45/KL-TTr',
    text: 'Kính gửi Thủ trưởng đơn vị,\n\nThanh tra tỉnh gửi kết luận thanh tra số 45/KL-TTr và danh sách cá nhân liên quan (tệp nén đính kèm). Đề nghị đơn vị mở tệp và phản hồi trong ngày.\n\nThanh tra tỉnh',
    attachments: [{ type: 'application/x-rar-compressed', name: 'Ket_luan_thanh_tra_45.rar', bytes: p.makeRarHeader() }],
  });
  add({
    id: 'gia-thanh-tra-zip-exe',
    purpose: 'fake inspection decision as a zip holding a program, sender on a look-alike domain',
    from: addr('Thanh tra tỉnh', 'vanthu@thanhtra-gov.site'),
    subject: 'Quyết định thanh tra đột xuất - mật',
    text: 'Kính gửi đồng chí,\n\nGửi kèm Quyết định thanh tra đột xuất công tác quản lý tài chính năm 2023-2024 tại đơn vị. Tài liệu MẬT, đề nghị không chuyển tiếp.\n\nThanh tra tỉnh',
    attachments: [{ type: 'application/zip', name: 'QD_thanh_tra_dot_xuat.zip', bytes: zipExe }],
  });
  add({
    id: 'gia-thanh-tra-7z-mat-khau',
    purpose: 'fake inspection list as a .7z with the password in the body, from a business-looking domain',
    from: addr('Thanh tra Chính phủ - Cục III', 'cuc3@thanhtracp-vn.info'),
    subject: 'Danh sách cán bộ thuộc diện xác minh tài sản (mật khẩu: 2024)',
    text: 'Kính gửi đồng chí,\n\nGửi đồng chí danh sách cán bộ thuộc diện xác minh tài sản, thu nhập năm 2024. Tệp được bảo mật, mật khẩu giải nén: 2024\n\nĐề nghị đồng chí kiểm tra và phản hồi trước 16h hôm nay.',
    attachments: [{ type: 'application/x-7z-compressed', name: 'Danh_sach_xac_minh.7z', bytes: p.make7zHeader() }],
  });
  // ---- iOffice / eOffice / QLVB ---------------------------------------------------------------
  add({
    id: 'gia-ioffice-van-ban-den',
    purpose: 'fake iOffice "new incoming document" notice with a log-in button on a look-alike of the province domain',
    from: addr('Hệ thống iOffice - Văn phòng UBND tỉnh', 'ioffice@ioffice-lachan.top'),
    subject: '[iOffice] Bạn có 3 văn bản đến chưa xử lý',
    html: page(
      para('Kính gửi đồng chí,', 'Hệ thống quản lý văn bản và điều hành iOffice thông báo: bạn có <b>03 văn bản đến</b> (01 văn bản khẩn) chưa xử lý.', 'Phiên đăng nhập của bạn đã hết hạn. Vui lòng đăng nhập lại để xem và xử lý văn bản.') +
        btn('https://ioffice-lachan.top/login?ret=vanbanden', 'Đăng nhập iOffice'),
    ),
  });
  add({
    id: 'gia-eoffice-link-hien-thi',
    purpose: 'fake eOffice notice whose link text shows the province portal but goes elsewhere',
    from: addr('eOffice - VP UBND', 'no-reply@eoffice-thongbao.example'),
    subject: 'Văn bản khẩn cần ký duyệt trên eOffice',
    html: page(
      para('Kính gửi lãnh đạo,', 'Có 01 văn bản khẩn đang chờ đồng chí ký duyệt trên hệ thống eOffice. Vui lòng đăng nhập tại <a href="https://198.51.100.41/eoffice/login">https://eoffice.lachan.test</a> để ký duyệt trước 10h00.') ,
    ),
  });
  add({
    id: 'gia-qlvb-het-phien-khong-dau',
    purpose: 'fake QLVB (document management) session expiry in no-diacritics Vietnamese, .site domain',
    from: addr('He thong QLVB', 'qlvb@qlvb-dieuhanh.site'),
    subject: 'Tai khoan QLVB cua ban se bi khoa sau 24 gio',
    text: 'Kinh gui can bo,\n\nTai khoan he thong Quan ly van ban va dieu hanh (QLVB) cua ban chua duoc xac thuc lai. Tai khoan se bi khoa sau 24 gio. Vui long dang nhap de xac thuc: https://qlvb-dieuhanh.site/xacthuc\n\nBan quan tri he thong',
  });
  // ---- Hộp thư công vụ ----------------------------------------------------------------------
  add({
    id: 'gia-hop-thu-khong-dau',
    purpose: 'mailbox quota warning in no-diacritics Vietnamese, link on a free host, sender a generic business domain',
    from: addr('Quan tri he thong thu cong vu', 'admin@mailsupport-center.example'),
    subject: 'Canh bao: Hop thu cong vu cua ban da vuot qua dung luong',
    text: 'Kinh gui quy can bo,\n\nHop thu cong vu cua ban da su dung 99% dung luong. Thu moi se bi tra lai. De nang cap dung luong mien phi, vui long dang nhap va xac nhan tai khoan trong 24h:\n\nhttps://nangcap-hopthu.web.app/owa\n\nTrung tam CNTT',
  });
  add({
    id: 'gia-hop-thu-nfd',
    purpose: 'mailbox quota warning written in decomposed (NFD) Unicode, link to a raw IP',
    from: addr(nfd('Hộp thư công vụ'), 'canhbao@hopthu-congvu.example'),
    subject: nfd('Hộp thư của bạn sắp bị vô hiệu hóa'),
    text: nfd('Kính gửi quý cán bộ,\n\nHộp thư công vụ của bạn đã vượt quá dung lượng cho phép và sẽ bị vô hiệu hóa trong 24 giờ. Vui lòng xác minh tài khoản để giữ lại thư:\n\nhttp://198.51.100.52/owa/xacminh\n\nBộ phận kỹ thuật'),
  });
  add({
    id: 'gia-hop-thu-telex',
    purpose: 'mailbox notice typed with Telex left unconverted (taif khoanr, hooj thuw)',
    from: addr('Ho tro ky thuat', 'hotro@thucongvu-hotro.example'),
    subject: 'Thoong baos: taif khoanr thuw cuar banj bij khoas',
    text: 'Kinhs guwir quys canf booj,\n\nTaif khoanr hooj thuw coong vuj cuar banj ddax bij khoas taamj thowif do vuwowtj quas dung luwowngj. Vui longf ddawng nhaapj ddeer xacs minh taif khoanr trong 24 giowf:\n\nhttps://198.51.100.53/xacminh\n\nTrung taam CNTT',
  });
  add({
    id: 'gia-hop-thu-leet',
    purpose: 'password expiry with leet letters (m4t kh4u, t4i kh0an), sender on .click',
    from: addr('Admin Mail', 'admin@mail-congvu.click'),
    subject: 'M4t khau h0p thu cua b4n da het han',
    text: 'Kinh gui can b0,\n\nM4t khau h0p thu c0ng vu cua ban da het han. T4i kh0an se bi kh0a neu khong d0i mat khau trong h0m nay.\nGiu mat khau cu: https://mail-congvu.click/giu-mat-khau\n\nAdmin',
  });
  // ---- Công đoàn -----------------------------------------------------------------------------
  add({
    id: 'gia-cong-doan-qua-tet',
    purpose: 'fake trade-union Tết gift asking for bank details on a form link, from Gmail',
    from: addr('Công đoàn cơ sở Văn phòng UBND', 'congdoan.vpubnd@gmail.com'),
    helo: 'mail-sor-f12.google.com',
    subject: 'Công đoàn hỗ trợ quà Tết 2025 cho đoàn viên - đăng ký nhận',
    text: 'Kính gửi đoàn viên công đoàn,\n\nNhân dịp Tết Nguyên đán Ất Tỵ 2025, Công đoàn hỗ trợ mỗi đoàn viên 2.000.000 đồng. Đoàn viên đăng ký nhận quà bằng cách điền số tài khoản ngân hàng, số điện thoại và mã OTP xác nhận tại: https://quatet-congdoan.web.app\n\nHạn đăng ký: hết ngày 20/11. Số lượng có hạn.\n\nBCH Công đoàn',
  });
  add({
    id: 'gia-cong-doan-leet',
    purpose: 'fake union gift with leet letters and a shortened link',
    from: addr('C0ng doan vien chuc', 'cdvc.tinh@congdoan-vc.example'),
    subject: 'Nh4n qu4 tri 4n d0an vien 500.000d',
    text: 'C0ng d0an vien chuc tinh tr4o qu4 tri 4n 500.000d ch0 d0an vien. Nh4n qu4 t4i: https://bit.ly/qua-cdvc\nChi c4n nh4p s0 t4i kh0an va m4 OTP de nh4n tien ngay.',
  });
  // ---- Bồi dưỡng, chứng chỉ ----------------------------------------------------------------
  add({
    id: 'gia-boi-duong-hoc-phi',
    purpose: 'fake training course for civil servants asking to pay the fee to a personal account and join Zalo',
    from: addr('Trung tâm bồi dưỡng cán bộ', 'boiduongcanbo.tw@gmail.com'),
    helo: 'mail-sor-f33.google.com',
    subject: 'Thông báo mở lớp bồi dưỡng ngạch chuyên viên chính - cấp chứng chỉ',
    text: 'Kính gửi các đồng chí,\n\nTrung tâm thông báo mở lớp bồi dưỡng kiến thức quản lý nhà nước ngạch chuyên viên chính, học online, cam kết cấp chứng chỉ sau 10 ngày, không cần thi. Học phí 3.500.000đ, chuyển khoản vào STK 0451 0003 8821 (Vietcombank - Lê Thị Mai). Sau khi chuyển khoản, kết bạn Zalo 0912 345 678 để được xếp lớp.\n\nSố lượng có hạn, ưu tiên đăng ký sớm.',
  });
  add({
    id: 'gia-chung-chi-cntt-khong-dau',
    purpose: 'buy a computing/language certificate without exam, no diacritics, Zalo contact',
    from: addr('Chung chi nhanh', 'tuvan@chungchi-nhanh.example'),
    subject: 'Cap chung chi tin hoc, ngoai ngu cho can bo - khong can thi',
    text: 'Chao anh chi can bo cong chuc,\n\nBen em nhan lam chung chi ung dung CNTT co ban, chung chi tieng Anh B1 cho can bo, khong can thi, co ma tra cuu tren he thong. Bao dau 100%, nhan bang sau 7 ngay. Phi tron goi 2.500.000d.\nLien he Zalo: zalo.me/0987654321\n',
  });
  // ---- Kho bạc Nhà nước ----------------------------------------------------------------------
  add({
    id: 'gia-kho-bac-lenh-chi',
    purpose: 'fake State Treasury payment order: log in to confirm receipt, sender on a look-alike domain',
    from: addr('Kho bạc Nhà nước', 'thongbao@khobac-nhanuoc.top'),
    subject: 'Kho bạc Nhà nước: Lệnh chi tiền số 2024/1187 chờ xác nhận',
    html: page(
      para('Kính gửi đơn vị sử dụng ngân sách,', 'Kho bạc Nhà nước thông báo có <b>lệnh chi tiền số 2024/1187</b> trị giá 186.400.000 đồng chờ đơn vị xác nhận. Lệnh chi sẽ bị hủy nếu không xác nhận trong 24 giờ.', 'Vui lòng đăng nhập Dịch vụ công trực tuyến Kho bạc để xác nhận.') +
        btn('https://khobac-nhanuoc.top/dvc/dang-nhap', 'XÁC NHẬN LỆNH CHI'),
    ),
  });
  add({
    id: 'gia-kho-bac-macro',
    purpose: 'fake treasury reconciliation with a macro Word document, from Gmail',
    from: addr('KBNN tỉnh - Phòng Kế toán', 'kbnn.ketoan.tinh@gmail.com'),
    helo: 'mail-sor-f18.google.com',
    subject: 'Đối chiếu số dư tài khoản tiền gửi quý IV/2024',
    text: 'Kính gửi kế toán đơn vị,\n\nĐề nghị đơn vị mở biên bản đối chiếu đính kèm, nhấn "Enable Content" để hiển thị số liệu, ký xác nhận và gửi lại trước ngày 15/11.\n\nKBNN tỉnh',
    attachments: [{ type: 'application/msword', name: 'Bien_ban_doi_chieu_Q4.doc', bytes: p.makeOleDocWithMacros() }],
  });
  // ---- Cổng dịch vụ công, lệ phí --------------------------------------------------------------
  add({
    id: 'gia-dvc-le-phi-qr',
    purpose: 'public-service fee with a QR code and a personal bank account, from Outlook.com',
    from: addr('Cổng Dịch vụ công', 'dichvucong.thongbao@outlook.com'),
    helo: 'mail-sg2apc01olkn2005.outbound.protection.outlook.com',
    subject: 'Hồ sơ 000.00.12.H56 chưa nộp lệ phí - quét mã QR để thanh toán',
    html: page(
      para('Kính gửi ông/bà,', 'Hồ sơ <b>000.00.12.H56</b> của ông/bà trên Cổng Dịch vụ công chưa nộp lệ phí 250.000 đồng. Hồ sơ sẽ bị hủy sau 24 giờ.', 'Quét mã QR bên dưới hoặc chuyển khoản vào STK 1903 5566 7788 (Techcombank - Nguyễn Văn Tài) với nội dung: mã hồ sơ.') +
        '<p><img src="cid:qr-dvc" alt="QR"></p>',
    ),
    attachments: [{ type: 'image/png', name: 'qr.png', bytes: qrDvc, inline: true, cid: 'qr-dvc' }],
  });
  add({
    id: 'gia-dvc-le-phi-khong-dau-stk',
    purpose: 'public-service fee to a personal account, no diacritics, no link at all',
    from: addr('Dich vu cong truc tuyen', 'motcua.dvc@dvc-motcua.example'),
    subject: 'Thong bao nop phi ho so truoc 17h',
    text: 'Kinh gui ong/ba,\n\nHo so cua ong/ba tai Bo phan mot cua chua hoan thanh nghia vu le phi. De nghi chuyen khoan 350.000d vao STK 0071 0009 5521 (Vietcombank - Tran Thi Hoa), noi dung: ma ho so + ho ten, truoc 17h hom nay, neu khong ho so se bi tra lai.\n\nBo phan mot cua',
  });
  // ---- Chữ ký số ----------------------------------------------------------------------------
  add({
    id: 'gia-chu-ky-so-exe',
    purpose: 'digital-signature token renewal with a link to an .exe on a look-alike domain',
    from: addr('Ban Cơ yếu - Chứng thư số', 'giahan@chungthuso-gov.top'),
    subject: 'Chứng thư số của đơn vị sắp hết hạn - cài đặt công cụ gia hạn',
    text: 'Kính gửi đơn vị,\n\nChứng thư số chuyên dùng (USB Token) của đơn vị sẽ hết hạn sau 3 ngày. Để gia hạn, cắm USB Token và tải công cụ gia hạn tại:\nhttps://chungthuso-gov.top/tools/GiaHanToken_v2.exe\n\nChạy tệp với quyền Administrator.\n\nBan Cơ yếu Chính phủ',
  });
  add({
    id: 'gia-chu-ky-so-msi-khong-dau',
    purpose: 'digital-signature plug-in update, no diacritics, .msi on a raw IP',
    from: addr('Ho tro chu ky so', 'support@kyso-hotro.example'),
    subject: 'Cap nhat plugin ky so bat buoc',
    text: 'Kinh gui can bo van thu,\n\nPlugin ky so phien ban cu se ngung hoat dong tu ngay 15/11. De tiep tuc ky van ban, vui long tai va cai dat ban cap nhat: http://198.51.100.61/plugin/KySoPlugin_2024.msi\n\nHo tro ky thuat',
  });
  // ---- Zalo, lãnh đạo ------------------------------------------------------------------------
  add({
    id: 'gia-zalo-nhom-chu-tich',
    purpose: 'the "chairman" on Gmail invites to a Zalo group and asks to keep it private',
    from: addr('Chủ tịch UBND tỉnh', 'chutich.ubnd.tinh@gmail.com'),
    helo: 'mail-sor-f22.google.com',
    subject: 'Tham gia nhóm Zalo chỉ đạo',
    text: 'Đồng chí tham gia ngay nhóm Zalo chỉ đạo công việc khẩn của tỉnh theo đường dẫn https://zalo.me/g/kqx123abc. Vào nhóm xong nhắn tin báo anh. Việc này giữ kín, không trao đổi qua điện thoại.\n\nChủ tịch',
  });
  add({
    id: 'gia-zalo-giam-doc-khong-dau',
    purpose: 'a department director on Gmail, no diacritics, asks for a Zalo number then a transfer',
    from: addr('Giam doc So', 'giamdoc.so.tc@gmail.com'),
    helo: 'mail-sor-f23.google.com',
    subject: 'Em gui so Zalo cho anh',
    text: 'Em oi, anh dang hop khong nghe may duoc. Em gui anh so Zalo de anh giao viec gap. Co khoan can chuyen cho doi tac trong chieu nay, em ung truoc giup anh, toi anh gui lai.\n',
  });
  // ---- Phần mềm diệt virus --------------------------------------------------------------------
  add({
    id: 'gia-kiem-tra-diet-virus',
    purpose: 'fake IT inspection of antivirus asking to install a tool from a free host',
    from: addr('Sở Thông tin và Truyền thông - Kiểm tra ATTT', 'kiemtra.attt@sotttt-kiemtra.example'),
    subject: 'Kiểm tra phần mềm diệt virus trên máy tính cán bộ - bắt buộc',
    text: 'Kính gửi cán bộ, công chức,\n\nThực hiện kế hoạch kiểm tra an toàn thông tin, mỗi máy tính phải cài đặt công cụ kiểm tra phần mềm diệt virus trước 17h ngày 13/11. Tải công cụ tại: https://kiemtra-attt.pages.dev/CongCuKiemTra.zip , giải nén và chạy tệp KiemTra.exe. Máy không cài đặt sẽ bị ngắt kết nối mạng nội bộ.\n\nĐoàn kiểm tra',
  });
  add({
    id: 'gia-diet-virus-ultraviewer',
    purpose: 'fake antivirus licence check asking to install a remote-control tool and send its ID and password',
    from: addr('Bộ phận CNTT', 'cntt.hotro@outlook.com'),
    helo: 'mail-sg2apc01olkn2009.outbound.protection.outlook.com',
    subject: 'Bản quyền phần mềm diệt virus hết hạn',
    text: 'Kính gửi anh/chị,\n\nBản quyền phần mềm diệt virus trên máy anh/chị đã hết hạn. Bộ phận CNTT sẽ hỗ trợ gia hạn từ xa: anh/chị cài UltraViewer, sau đó gửi lại ID và mật khẩu UltraViewer qua email này để kỹ thuật viên kết nối.\n\nBộ phận CNTT',
  });
  // ---- Vay, đầu tư ----------------------------------------------------------------------------
  add({
    id: 'gia-vay-tin-chap-can-bo',
    purpose: 'unsecured loan offer for civil servants with a Zalo contact and a .info link',
    from: addr('Hỗ trợ vay vốn cán bộ', 'vayvon@taichinh-canbo.info'),
    subject: 'Gói vay tín chấp ưu đãi dành riêng cho cán bộ công chức',
    text: 'Kính gửi anh/chị cán bộ,\n\nGói vay tín chấp lên đến 500 triệu, lãi suất 0,5%/tháng, không cần thế chấp, giải ngân trong 2 giờ, chỉ cần CCCD và quyết định lương. Đăng ký: https://taichinh-canbo.info/dang-ky hoặc nhắn Zalo 0977 888 999.\n',
  });
  add({
    id: 'gia-dau-tu-loi-nhuan',
    purpose: 'investment scheme for civil servants, 30% a month, Telegram group',
    from: addr('Quỹ đầu tư cán bộ', 'lienhe@quydautu-canbo.example'),
    subject: 'Cơ hội đầu tư lợi nhuận 30%/tháng cho cán bộ',
    text: 'Chào anh chị,\n\nQuỹ tuyển 50 cán bộ tham gia đầu tư, cam kết lợi nhuận 30% mỗi tháng, rút vốn bất cứ lúc nào, không rủi ro. Tham gia nhóm Telegram để được hướng dẫn: https://t.me/quydautucanbo\n',
  });
  // ---- other ---------------------------------------------------------------------------------
  add({
    id: 'gia-giay-moi-hop-lnk',
    purpose: 'fake meeting invitation: a zip holding a shortcut (.lnk) disguised as a PDF, from a free mailbox',
    from: addr('Văn phòng UBND tỉnh', 'vp.ubndtinh@yahoo.com'),
    helo: 'sonic301-20.consmr.mail.sg3.yahoo.com',
    subject: 'Giấy mời họp khẩn chiều nay',
    text: 'Kính gửi đồng chí,\n\nVăn phòng UBND tỉnh gửi giấy mời họp khẩn lúc 14h00 chiều nay (đính kèm). Đề nghị đồng chí xem và xác nhận tham dự.\n\nVăn phòng UBND tỉnh',
    attachments: [{ type: 'application/zip', name: 'Giay_moi_hop.zip', bytes: zipLnk }],
  });
  add({
    id: 'gia-khao-sat-gui-mat-khau',
    purpose: 'a "survey" asking to reply with the mail user name and password, no link',
    from: addr('Trung tâm Chuyển đổi số', 'khaosat.cds@chuyendoiso-tinh.example'),
    replyTo: addr('Khảo sát', 'khaosat.cds.tinh@gmail.com'),
    subject: 'Khảo sát chuyển đổi hệ thống thư công vụ',
    text: 'Kính gửi cán bộ,\n\nĐể chuyển hộp thư công vụ sang hệ thống mới, đề nghị đồng chí trả lời thư này với các thông tin: họ tên, tên đăng nhập, mật khẩu hộp thư hiện tại, số điện thoại. Hộp thư không cung cấp thông tin sẽ không được chuyển và bị xóa.\n\nTrung tâm Chuyển đổi số',
  });
  add({
    id: 'gia-luong-thang-13-dang-nhap',
    purpose: 'fake 13th-month salary table behind a log-in, sender on a look-alike of the province domain',
    from: addr('Phòng Kế toán', 'ketoan@lachan-test.online'),
    subject: 'Bảng lương tháng 13 và thưởng cuối năm 2024',
    html: page(para('Kính gửi cán bộ,', 'Bảng lương tháng 13 và thưởng cuối năm đã được phê duyệt. Vui lòng đăng nhập bằng hộp thư công vụ để xem số tiền của mình.') + btn('https://lachan-test.online/bangluong', 'XEM BẢNG LƯƠNG')),
  });
  add({
    id: 'gia-ubnd-iso',
    purpose: 'fake urgent directive as a disk image (.iso), from a domain imitating the provincial committee',
    from: addr('UBND tỉnh', 'vanthu@ubnd-tinh.example'),
    subject: 'Công văn hỏa tốc về việc triển khai nhiệm vụ',
    text: 'Kính gửi các sở, ban, ngành,\n\nUBND tỉnh gửi công văn hỏa tốc (đính kèm). Đề nghị các đơn vị mở tệp, thực hiện ngay.\n\nVăn phòng UBND tỉnh',
    attachments: [{ type: 'application/x-iso9660-image', name: 'Cong_van_hoa_toc.iso', bytes: Buffer.concat([Buffer.alloc(32769, 0), Buffer.from('CD001\x01'), Buffer.alloc(2000, 0)]) }],
  });

  // ============================ LEGITIMATE LOOK-ALIKES =========================================
  const SNV = 'sonoivu.example.gov.vn';
  add({
    id: 'that-snv-quyet-dinh-nang-luong',
    purpose: 'Sở Nội vụ decision on salary raises with a numbered reference and a PDF, units asked to check their list',
    from: addr('Văn phòng Sở Nội vụ', `vanthu@${SNV}`),
    subject: 'Quyết định số 1520/QĐ-SNV về việc nâng bậc lương thường xuyên quý IV/2024',
    text: 'Kính gửi: Thủ trưởng các sở, ban, ngành tỉnh.\n\nSở Nội vụ gửi Quyết định số 1520/QĐ-SNV ngày 08/11/2024 về việc nâng bậc lương thường xuyên quý IV/2024 (đính kèm). Đề nghị các đơn vị rà soát, xác nhận thông tin cán bộ trong danh sách và phản hồi bằng văn bản về Sở Nội vụ (Phòng Công chức, viên chức) trước ngày 20/11/2024.' + sig('Nguyễn Văn Bình', 'Phòng Công chức, viên chức - Sở Nội vụ', '0237 3852 114'),
    attachments: [pdf('QD_1520_QD-SNV.pdf', 'Quyet dinh nang bac luong')],
  });
  add({
    id: 'that-snv-tinh-gian-khong-dau',
    purpose: 'Sở Nội vụ official letter on staff reduction, written without diacritics by an old client, PDF',
    from: addr('So Noi vu', `vanthu@${SNV}`),
    subject: 'Cong van 1488/SNV-TCBM ve viec bao cao tinh gian bien che nam 2025',
    text: 'Kinh gui: Thu truong cac co quan, don vi.\n\nThuc hien Nghi dinh 29/2023/ND-CP, So Noi vu de nghi cac don vi lap danh sach du kien tinh gian bien che nam 2025 theo mau (dinh kem Cong van 1488/SNV-TCBM) va gui ve So truoc ngay 30/11/2024 qua he thong quan ly van ban.\n\nTran trong./.\nSo Noi vu',
    attachments: [pdf('CV_1488_SNV-TCBM.pdf', 'Cong van tinh gian')],
  });
  add({
    id: 'that-thanh-tra-ke-khai-tai-san',
    purpose: 'the inspectorate\u2019s guidance on the annual asset declaration with the Word form attached',
    from: addr('Thanh tra tỉnh', 'vanthu@thanhtra.example.gov.vn'),
    subject: 'Hướng dẫn kê khai tài sản, thu nhập hằng năm 2024 (Công văn 612/TTr-PCTN)',
    text: 'Kính gửi: Các sở, ban, ngành; UBND các huyện, thành phố.\n\nThực hiện Nghị định 130/2020/NĐ-CP, Thanh tra tỉnh hướng dẫn kê khai tài sản, thu nhập hằng năm 2024: người có nghĩa vụ kê khai hoàn thành bản kê khai theo mẫu đính kèm, nộp bản giấy về bộ phận tổ chức cán bộ của đơn vị trước ngày 31/12/2024. Đơn vị tổng hợp, báo cáo Thanh tra tỉnh trước ngày 15/01/2025.' + sig('Lê Thị Thu', 'Phòng Phòng, chống tham nhũng - Thanh tra tỉnh', '0237 3851 602'),
    attachments: [pdf('CV_612_TTr-PCTN.pdf', 'Huong dan ke khai'), { type: DOCX, name: 'Mau_ban_ke_khai_tai_san.docx', bytes: await p.makeWordDocument({ text: 'Bản kê khai tài sản, thu nhập' }) }],
  });
  add({
    id: 'that-thanh-tra-zip-ho-so',
    purpose: 'the inspectorate sends a zip of the inspection decision PDFs',
    from: addr('Thanh tra tỉnh - Phòng Nghiệp vụ 2', 'nv2@thanhtra.example.gov.vn'),
    subject: 'Gửi hồ sơ Quyết định thanh tra số 1520/QĐ-TTr',
    text: 'Kính gửi đơn vị,\n\nThanh tra tỉnh gửi Quyết định thanh tra số 1520/QĐ-TTr và Kế hoạch tiến hành thanh tra (tệp nén đính kèm gồm 02 tệp PDF). Đoàn thanh tra sẽ làm việc tại đơn vị từ ngày 18/11/2024; đề nghị đơn vị bố trí cán bộ đầu mối.' + sig('Phạm Quốc Huy', 'Trưởng đoàn thanh tra', '0237 3851 610'),
    attachments: [{ type: 'application/zip', name: 'Ho_so_QD_1520.zip', bytes: zipPdfs }],
  });
  add({
    id: 'that-vp-ubnd-ioffice',
    purpose: 'the real iOffice notice: a new document, link to the province\u2019s own document system',
    from: addr('Hệ thống iOffice', 'ioffice@lachan.test'),
    helo: 'ioffice.lachan.test',
    ip: '10.10.1.25',
    subject: '[iOffice] Văn bản đến mới: 2145/UBND-KT',
    text: 'Kính gửi đồng chí Trần Văn Hùng,\n\nĐồng chí được giao xử lý văn bản đến số 2145/UBND-KT ngày 11/11/2024 của UBND tỉnh về việc triển khai kế hoạch đầu tư công năm 2025. Hạn xử lý: 18/11/2024.\n\nXem văn bản: https://ioffice.lachan.test/vanban/den/2145\n\nThư được gửi tự động từ hệ thống iOffice.',
  });
  add({
    id: 'that-eoffice-khong-dau',
    purpose: 'the real eOffice notice written without diacritics, link to the province\u2019s own system',
    from: addr('eOffice', 'eoffice@lachan.test'),
    helo: 'eoffice.lachan.test',
    ip: '10.10.1.26',
    subject: 'Thong bao van ban can ky duyet',
    text: 'Kinh gui dong chi,\n\nCo 02 van ban dang cho dong chi ky duyet tren he thong eOffice. Dang nhap tai https://eoffice.lachan.test de xu ly.\n\nHe thong eOffice - Van phong UBND tinh',
  });
  add({
    id: 'that-it-doi-mat-khau',
    purpose: 'the province IT centre asks staff to change their mail password on the province\u2019s own portal before a deadline',
    from: addr('Trung tâm CNTT - Sở TT&TT', 'hotro@sotttt.example.gov.vn'),
    subject: 'Đề nghị đổi mật khẩu hộp thư công vụ định kỳ trước ngày 30/11/2024',
    text: 'Kính gửi cán bộ, công chức,\n\nThực hiện quy chế bảo đảm an toàn thông tin, đề nghị các đồng chí đổi mật khẩu hộp thư công vụ trước ngày 30/11/2024 tại trang https://mail.lachan.test (mục Cài đặt > Đổi mật khẩu). Trung tâm không bao giờ yêu cầu gửi mật khẩu qua thư hay điện thoại.' + sig('Bộ phận hỗ trợ', 'Trung tâm CNTT - Sở TT&TT', '0237 3752 999'),
  });
  add({
    id: 'that-hop-thu-day-noi-bo',
    purpose: 'the mail server\u2019s own quota notice, sent internally, pointing at the province webmail',
    from: addr('Quản trị thư công vụ', 'postmaster@lachan.test'),
    helo: 'mail.lachan.test',
    ip: '10.10.1.10',
    subject: 'Hộp thư của bạn đã dùng 90% dung lượng',
    text: 'Hộp thư hung.tv@lachan.test đã dùng 4,5 GB / 5 GB. Vui lòng xóa bớt thư cũ hoặc lưu trữ tại https://mail.lachan.test. Liên hệ Trung tâm CNTT (0237 3752 999) nếu cần tăng dung lượng.',
  });
  add({
    id: 'that-giay-moi-hop',
    purpose: 'meeting invitation from the provincial office with a numbered invitation PDF',
    from: addr('Văn phòng UBND tỉnh', 'vanthu@vpubnd.example.gov.vn'),
    subject: 'Giấy mời số 318/GM-UBND họp triển khai nhiệm vụ năm 2025',
    text: 'Kính gửi: Giám đốc các sở, ngành.\n\nUBND tỉnh trân trọng kính mời dự cuộc họp triển khai nhiệm vụ phát triển kinh tế - xã hội năm 2025, thời gian 14h00 ngày 15/11/2024, tại Phòng họp số 2, trụ sở UBND tỉnh. Giấy mời số 318/GM-UBND đính kèm.' + sig('Văn phòng UBND tỉnh', 'Phòng Hành chính - Tổ chức', '0237 3852 000'),
    attachments: [pdf('GM_318_GM-UBND.pdf', 'Giay moi hop')],
  });
  add({
    id: 'that-boi-duong-chuyen-vien-chinh',
    purpose: 'a real training course announcement: fee paid by the agency from its budget, register through the unit',
    from: addr('Trường Chính trị tỉnh', 'daotao@truongchinhtri.example.gov.vn'),
    subject: 'Thông báo chiêu sinh lớp bồi dưỡng ngạch chuyên viên chính năm 2024 (TB số 95/TB-TCT)',
    text: 'Kính gửi: Các sở, ban, ngành; UBND các huyện.\n\nTrường Chính trị tỉnh thông báo chiêu sinh lớp bồi dưỡng kiến thức quản lý nhà nước chương trình chuyên viên chính, khai giảng ngày 02/12/2024, học tập trung tại Trường. Kinh phí do đơn vị cử đi học chi trả theo quy định; học viên hoàn thành chương trình được cấp chứng chỉ. Đơn vị gửi danh sách cử đi học về Phòng Đào tạo trước ngày 25/11/2024.' + sig('Phòng Đào tạo', 'Trường Chính trị tỉnh', '0237 3855 120'),
    attachments: [pdf('TB_95_TB-TCT.pdf', 'Thong bao chieu sinh')],
  });
  add({
    id: 'that-tap-huan-chu-ky-so',
    purpose: 'training on using the digital-signature token, software installed by the IT centre, no download link',
    from: addr('Sở Thông tin và Truyền thông', 'vanthu@sotttt.example.gov.vn'),
    subject: 'Tập huấn sử dụng chữ ký số chuyên dùng và gia hạn chứng thư số năm 2024',
    text: 'Kính gửi các cơ quan, đơn vị.\n\nSở TT&TT tổ chức tập huấn sử dụng chữ ký số chuyên dùng và thủ tục gia hạn chứng thư số (USB Token) vào 8h00 ngày 20/11/2024 tại Hội trường Sở. Phần mềm ký số do cán bộ Trung tâm CNTT cài đặt trực tiếp tại đơn vị; đề nghị các đơn vị không tự tải phần mềm từ nguồn khác. Công văn số 845/STTTT-CNTT đính kèm.' + sig('Văn thư', 'Sở Thông tin và Truyền thông', '0237 3752 100'),
    attachments: [pdf('CV_845_STTTT-CNTT.pdf', 'Tap huan chu ky so')],
  });
  add({
    id: 'that-sotttt-diet-virus',
    purpose: 'the real antivirus roll-out: install the centrally managed agent from the province\u2019s own portal',
    from: addr('Trung tâm CNTT - Sở TT&TT', 'attt@sotttt.example.gov.vn'),
    subject: 'Triển khai phần mềm diệt virus có quản lý tập trung (Công văn 851/STTTT-ATTT)',
    text: 'Kính gửi các cơ quan, đơn vị.\n\nThực hiện Chỉ thị 14/CT-TTg, Sở TT&TT triển khai phần mềm phòng chống mã độc có quản lý tập trung. Cán bộ chuyên trách CNTT của đơn vị tải bộ cài trên Cổng thông tin nội bộ https://attt.lachan.test (đăng nhập bằng tài khoản được cấp) và cài đặt cho các máy tính của đơn vị trước ngày 30/11/2024. Công văn 851/STTTT-ATTT đính kèm.' + sig('Phòng An toàn thông tin', 'Sở TT&TT', '0237 3752 105'),
    attachments: [pdf('CV_851_STTTT-ATTT.pdf', 'Trien khai diet virus')],
  });
  add({
    id: 'that-luong-thang-noi-bo',
    purpose: 'the salary notice from the province\u2019s own accounting office',
    from: addr('Phòng Kế toán - Văn phòng UBND', 'ketoan@lachan.test'),
    helo: 'mail.lachan.test',
    ip: '10.10.1.10',
    subject: 'Thông báo chi lương tháng 11/2024',
    text: 'Kính gửi cán bộ, công chức, người lao động,\n\nLương tháng 11/2024 đã được chuyển vào tài khoản cá nhân ngày 10/11/2024. Bảng lương chi tiết xem tại hệ thống quản lý nhân sự https://nhansu.lachan.test. Thắc mắc xin liên hệ Phòng Kế toán, số máy lẻ 212.\n\nPhòng Kế toán',
  });
  add({
    id: 'that-ngan-hang-sao-ke',
    purpose: 'a bank\u2019s real monthly statement notice, PDF statement, link only to the bank\u2019s own domain',
    from: addr('Ngân hàng TMCP Phương Nam Ví Dụ', 'saoke@nganhang-phuongnam.example.vn'),
    subject: 'Sao kê tài khoản tháng 10/2024',
    html: page(para('Kính gửi Quý khách TRAN VAN HUNG,', 'Ngân hàng gửi Quý khách sao kê tài khoản thanh toán số ****4521 tháng 10/2024 (tệp PDF đính kèm, mật khẩu là ngày sinh của Quý khách theo định dạng ddmmyyyy).', 'Ngân hàng không bao giờ yêu cầu Quý khách cung cấp mật khẩu, mã OTP qua email hay điện thoại. Chi tiết tại <a href="https://nganhang-phuongnam.example.vn/bao-mat">nganhang-phuongnam.example.vn</a>. Hotline 1900 0000.')),
    attachments: [pdf('Saoke_102024.pdf', 'Sao ke')],
  });
  add({
    id: 'that-ngan-hang-vay-can-bo',
    purpose: 'a bank\u2019s real consumer-loan product for civil servants, from the bank\u2019s domain, link to it',
    from: addr('Ngân hàng TMCP Phương Nam Ví Dụ', 'khachhang@nganhang-phuongnam.example.vn'),
    subject: 'Sản phẩm cho vay tiêu dùng dành cho cán bộ, công chức',
    text: 'Kính gửi Quý khách,\n\nNgân hàng triển khai sản phẩm cho vay tiêu dùng tín chấp dành cho cán bộ, công chức nhận lương qua tài khoản tại Ngân hàng, hạn mức theo thu nhập, lãi suất theo biểu phí niêm yết. Quý khách tìm hiểu điều kiện tại https://nganhang-phuongnam.example.vn/vay-tieu-dung hoặc liên hệ chi nhánh gần nhất.\n\nĐể ngừng nhận thư, trả lời "HUY".',
  });
  add({
    id: 'that-cong-doan-qua-tet',
    purpose: 'the union\u2019s real notice on Tết gifts handed out at the office, no link',
    from: addr('Công đoàn Văn phòng UBND tỉnh', 'congdoan@vpubnd.example.gov.vn'),
    subject: 'Thông báo phát quà Tết Ất Tỵ 2025 cho đoàn viên',
    text: 'Kính gửi các đồng chí đoàn viên,\n\nBCH Công đoàn cơ sở thông báo: quà Tết Ất Tỵ 2025 (mỗi đoàn viên 01 suất trị giá 1.000.000 đồng) được phát tại Phòng Công đoàn, tầng 2, từ ngày 15/01/2025. Đoàn viên nhận trực tiếp, ký vào danh sách. Công đoàn không thu thập số tài khoản hay mã OTP qua thư.\n\nBCH Công đoàn cơ sở',
  });
  add({
    id: 'that-cong-doan-nfd',
    purpose: 'a union trip registration written in decomposed (NFD) text by a Mac, with a Google Form link',
    from: addr(nfd('Công đoàn Sở Tài chính'), 'congdoan@sotaichinh.example.gov.vn'),
    subject: nfd('Đăng ký tham quan nghỉ dưỡng năm 2024'),
    text: nfd('Kính gửi các đồng chí đoàn viên,\n\nCông đoàn Sở tổ chức chuyến tham quan nghỉ dưỡng tại Sầm Sơn ngày 23-24/11/2024. Đoàn viên đăng ký (họ tên, phòng, số người đi cùng) tại https://forms.gle/AbCdEf123 trước ngày 18/11.\n\nBCH Công đoàn Sở'),
  });
  add({
    id: 'that-kho-bac-doi-chieu',
    purpose: 'the treasury\u2019s real balance reconciliation request with a PDF, from its gov.vn domain',
    from: addr('Kho bạc Nhà nước tỉnh', 'ketoan@kbnn.example.gov.vn'),
    subject: 'Đối chiếu số dư tài khoản dự toán năm 2024 (Công văn 455/KBNN-KT)',
    text: 'Kính gửi: Các đơn vị sử dụng ngân sách.\n\nKho bạc Nhà nước tỉnh đề nghị các đơn vị thực hiện đối chiếu số dư tài khoản dự toán, tài khoản tiền gửi đến ngày 31/10/2024 trên Dịch vụ công trực tuyến Kho bạc (https://dvc.kbnn.example.gov.vn), ký số và gửi lại trước ngày 15/11/2024. Công văn số 455/KBNN-KT đính kèm.' + sig('Phòng Kế toán nhà nước', 'KBNN tỉnh', '0237 3851 455'),
    attachments: [pdf('CV_455_KBNN-KT.pdf', 'Doi chieu so du')],
  });
  add({
    id: 'that-dvc-bien-nhan',
    purpose: 'the public-service portal\u2019s real receipt of payment, from its gov.vn domain',
    from: addr('Cổng Dịch vụ công tỉnh', 'noreply@dichvucong.example.gov.vn'),
    subject: 'Biên nhận hồ sơ 000.00.12.H56-241112-0031',
    text: 'Kính gửi ông/bà Trần Văn Hùng,\n\nHồ sơ 000.00.12.H56-241112-0031 (Cấp bản sao trích lục hộ tịch) đã được tiếp nhận. Lệ phí 8.000 đồng đã thanh toán qua nền tảng thanh toán của Cổng. Ngày hẹn trả kết quả: 14/11/2024. Tra cứu tiến độ tại https://dichvucong.example.gov.vn/tra-cuu.\n\nĐây là thư tự động, vui lòng không trả lời.',
  });
  add({
    id: 'that-zalo-nhom-ung-pho-bao',
    purpose: 'a commune chairman from the commune\u2019s gov.vn domain creates a Zalo group for storm response',
    from: addr('UBND xã Tân Phong', 'ubnd.tanphong@dongson.example.gov.vn'),
    subject: 'Lập nhóm Zalo trực ứng phó bão số 6',
    text: 'Kính gửi các đồng chí trong Ban Chỉ huy PCTT xã,\n\nĐể trao đổi thông tin nhanh trong thời gian ứng phó bão số 6, UBND xã lập nhóm Zalo "BCH PCTT xã Tân Phong". Các đồng chí tham gia nhóm theo đường dẫn https://zalo.me/g/tanphongpctt. Mọi chỉ đạo chính thức vẫn ban hành bằng văn bản.' + sig('Lê Văn Nam', 'Chủ tịch UBND xã Tân Phong', '0237 3861 001'),
  });
  add({
    id: 'that-chung-chi-ngoai-ngu',
    purpose: 'a university announces a language-certificate exam with a fee paid to the university\u2019s account',
    from: addr('Trường Đại học Hồng Đức Ví Dụ', 'khaothi@hongduc.example.edu.vn'),
    subject: 'Thông báo tổ chức thi cấp chứng chỉ ngoại ngữ bậc 3 tháng 12/2024',
    text: 'Trường tổ chức thi đánh giá năng lực ngoại ngữ bậc 3 (B1) ngày 14/12/2024. Thí sinh đăng ký tại Phòng Khảo thí hoặc trang https://khaothi.hongduc.example.edu.vn; lệ phí 1.200.000 đồng nộp vào tài khoản của Trường số 3711 0000 1234 tại Kho bạc Nhà nước tỉnh, ghi rõ họ tên, ngày sinh.' + sig('Phòng Khảo thí', 'Trường Đại học Hồng Đức Ví Dụ', '0237 3910 222'),
  });
  add({
    id: 'that-canh-bao-gia-mao-ioffice',
    purpose: 'the IT centre warns about fake iOffice and quota mails, quoting them',
    from: addr('Sở Thông tin và Truyền thông', 'attt@sotttt.example.gov.vn'),
    subject: 'Cảnh báo thư giả mạo hệ thống iOffice và hộp thư công vụ',
    text: 'Kính gửi cán bộ, công chức,\n\nThời gian gần đây xuất hiện thư giả mạo với nội dung "Bạn có văn bản đến chưa xử lý, phiên đăng nhập đã hết hạn" hoặc "Hộp thư công vụ đã vượt quá dung lượng", dẫn tới trang đăng nhập giả để đánh cắp mật khẩu. Hệ thống iOffice chính thức chỉ có địa chỉ https://ioffice.lachan.test. Không nhấn vào đường dẫn lạ; khi nghi ngờ, chuyển thư cho attt@sotttt.example.gov.vn.' + sig('Phòng An toàn thông tin', 'Sở TT&TT', '0237 3752 105'),
  });
  add({
    id: 'that-bhxh-doi-chieu-nang-luong',
    purpose: 'BHXH asks units to reconcile contributions after salary raises, numbered letter and PDF',
    from: addr('BHXH tỉnh - Phòng Quản lý thu', 'thu@bhxh.example.gov.vn'),
    subject: 'Công văn 2210/BHXH-QLT về điều chỉnh mức đóng sau nâng bậc lương',
    text: 'Kính gửi các đơn vị sử dụng lao động.\n\nĐơn vị có cán bộ được nâng bậc lương đề nghị lập hồ sơ điều chỉnh mức đóng BHXH, BHYT trên phần mềm kê khai và gửi hồ sơ điện tử trước ngày 25 hằng tháng. Công văn 2210/BHXH-QLT đính kèm.' + sig('Phòng Quản lý thu', 'BHXH tỉnh', '0237 3852 210'),
    attachments: [pdf('CV_2210_BHXH-QLT.pdf', 'Dieu chinh muc dong')],
  });
  return L;
}

writeFixtures(HERE, await fixtures(), message);
