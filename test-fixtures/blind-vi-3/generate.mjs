#!/usr/bin/env node
// A third blind set of attacks on provincial government mail, and of the legitimate mail that looks
// like them, for gateway/src/scan/blind-vi-3-messages.test.ts. Written by hand after blind-vi/ and
// blind-vi-2/, before reading the detection code, on what those sets do not cover: `gia-*` are
// attacks (APT-style "Công văn số …/UBND-VP" with archives holding a shortcut and a decoy document,
// a signed program beside a side-loaded DLL, a meeting invitation .docx with a remote template, a CHM
// "tài liệu hướng dẫn", a disk image "quyết định khen thưởng", a macro .xls "danh sách cán bộ", an
// HTML log-in page as the "công văn"; VNeID and bank "cập nhật sinh trắc học", eTax / hoàn thuế,
// VssID, Cổng Dịch vụ công look-alikes on dichvucong-gov.vn and dvc-gov.com, a Bộ Công an summons
// with a Zalo number, phạt nguội links, EVN / VNPT / Viettel bill links, chữ ký số token renewals
// asking for the PIN (VNPT-CA, Viettel-CA, BKAV-CA, FPT-CA), a ".gov.vn" domain renewal from a
// registrar look-alike, a fake Thanh tra asking for money, "cộng tác viên" recruitment, "recovery"
// of scammed money; and Telex / VNI typed without conversion, teencode and leet, each with a link);
// `that-*` are the look-alikes a provincial office really gets (công văn from *.gov.vn with PDF,
// DOCX, XLS or a zip of them, the real VNeID, bank biometric, VNPT-CA / Viettel-CA, eTax, VssID,
// csgt.vn, EVN / VNPT / Viettel, VNNIC and Thanh tra notices from their own domains, newsletters,
// internal meeting and chat invitations, a no-diacritics IT notice on the province's own domain).
//   node test-fixtures/blind-vi-3/generate.mjs
// Scam domains are invented look-alikes; relays in 192.0.2.0/24 (TEST-NET-1), raw-address links in
// 198.51.100.0/24 (TEST-NET-2). Programs, shortcuts, CHM and disk images are inert stand-ins with
// the right magic. Deterministic.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeRemoteTemplateDocx } from '../attachments/office-payloads.mjs';
import * as p from '../attachments/payloads.mjs';
import { addr, nfd, officeButton, officeMailRenderer, officePage, paragraphs, signature, writeFixtures } from '../mime-builder.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const TO = addr('Nguyễn Thị Mai', 'mai.nt@lachan.test');
const DATE = 'Thu, 19 Nov 2026 09:05:00 +0700';

const message = officeMailRenderer({ to: TO, date: DATE, fallbackDomain: 'blind-vi-3.example', ipFrom: 120, idFrom: 3000, queueTag: ['7Hv', 'Qx'] });

const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const pdf = (name, text) => ({ type: PDF, name, bytes: p.makePdf(text) });
const page = officePage;
const para = paragraphs;
const btn = officeButton('#0b5394');
const sig = signature;
const GMAIL = 'mail-sor-f41.google.com';
const YAHOO = 'sonic314-21.consmr.mail.sg3.yahoo.com';
const LOCAL = { helo: 'mail.lachan.test', ip: '10.10.1.10' };

/** Inert stand-ins with the magic of the formats (a shell link, a compiled help file, an ISO 9660 image). */
const LNK = Buffer.concat([Buffer.from('4c0000000114020000000000c000000000000046', 'hex'), Buffer.alloc(56, 0)]);
const CHM = Buffer.concat([Buffer.from('ITSF', 'latin1'), Buffer.from([3, 0, 0, 0, 0x60, 0, 0, 0, 1, 0, 0, 0]), Buffer.alloc(240, 0)]);
const ISO = Buffer.concat([Buffer.alloc(32769, 0), Buffer.from('CD001\x01', 'latin1'), Buffer.alloc(2000, 0)]);

async function fixtures() {
  const decoyDocx = await p.makeWordDocument({ text: 'Cong van so 1523/UBND-VP' });
  const zipLnkDecoy = await p.makeZip({ 'Cong_van_1523_UBND-VP.docx.lnk': LNK, 'Phu_luc_kem_theo.docx': decoyDocx });
  const zipSideload = await p.makeZip({ 'Cong_van_den_2026/WINWORD.exe': p.makePe(), 'Cong_van_den_2026/wwlib.dll': p.makePe(), 'Cong_van_den_2026/~tmp.docx': decoyDocx });
  const remoteTemplate = await makeRemoteTemplateDocx('http://198.51.100.23/templates/giaymoi.dotm');
  const zipRealDocs = await p.makeZip({ 'Du_thao_ke_hoach.docx': decoyDocx, 'To_trinh.pdf': p.makePdf('To trinh') });
  const cleanDocx = await p.makeWordDocument({ text: 'Giay moi hop' });
  const L = [];
  const add = (m) => L.push(m);

  // ================================ ATTACKS =================================================
  // ---- APT-style mail to provincial offices -------------------------------------------------
  add({
    id: 'gia-cong-van-zip-lnk-docx',
    purpose: '"Công văn số 1523/UBND-VP" from a look-alike of the province domain: a zip with a shortcut named .docx.lnk beside a decoy .docx',
    from: addr('Văn phòng UBND tỉnh', 'vanthu@thanhhoa-gov.org'),
    subject: 'Công văn số 1523/UBND-VP ngày 18/11/2026 về việc rà soát nhân sự',
    text: 'Kính gửi: Các sở, ban, ngành; UBND các huyện, thị xã, thành phố.\n\nVăn phòng UBND tỉnh gửi Công văn số 1523/UBND-VP về việc rà soát, báo cáo nhân sự và phụ lục kèm theo (tệp nén). Đề nghị các đơn vị nghiên cứu, báo cáo trước ngày 25/11/2026.' + sig('Văn thư', 'Văn phòng UBND tỉnh', '0237 3852 000'),
    attachments: [{ type: 'application/zip', name: 'CV_1523_UBND-VP.zip', bytes: zipLnkDecoy }],
  });
  add({
    id: 'gia-cong-van-7z-gmail',
    purpose: '"Công văn hỏa tốc …/UBND-VP" from Gmail as a 7-Zip archive nobody can look into',
    from: addr('Văn phòng UBND tỉnh', 'vanphong.ubndtinh.th@gmail.com'),
    helo: GMAIL,
    subject: 'HỎA TỐC - Công văn số 1530/UBND-VP triển khai nhiệm vụ trọng tâm',
    text: 'Kính gửi các đồng chí,\n\nVăn phòng UBND tỉnh gửi Công văn hỏa tốc số 1530/UBND-VP (tệp nén đính kèm, giải nén để xem). Đề nghị các đơn vị triển khai ngay trong ngày.\n\nVăn phòng UBND tỉnh',
    attachments: [{ type: 'application/x-7z-compressed', name: 'CV_1530_UBND-VP.7z', bytes: p.make7zHeader() }],
  });
  add({
    id: 'gia-cong-van-sideload-dll',
    purpose: 'a zip with a signed-looking WINWORD.exe beside a side-loaded wwlib.dll and a decoy, from a look-alike Sở Nội vụ domain',
    from: addr('Sở Nội vụ', 'vanthu@sonoivu-thanhhoa.com'),
    subject: 'Công văn số 845/SNV-TCBC về việc tinh giản biên chế đợt 2 năm 2026',
    text: 'Kính gửi: Thủ trưởng các cơ quan, đơn vị.\n\nSở Nội vụ gửi Công văn số 845/SNV-TCBC và danh sách dự kiến tinh giản biên chế đợt 2 (tệp nén đính kèm). Đề nghị các đơn vị mở tài liệu bằng tệp WINWORD trong thư mục để hiển thị đúng phông chữ.' + sig('Văn thư', 'Sở Nội vụ', '0237 3851 111'),
    attachments: [{ type: 'application/zip', name: 'CV_845_SNV-TCBC.zip', bytes: zipSideload }],
  });
  add({
    id: 'gia-giay-moi-hop-remote-template',
    purpose: '"Giấy mời họp" .docx whose template is fetched from a raw address, sender on Yahoo',
    from: addr('Văn phòng Tỉnh ủy', 'vanphongtinhuy.th@yahoo.com'),
    helo: YAHOO,
    subject: 'Giấy mời họp Ban Thường vụ mở rộng ngày 24/11/2026',
    text: 'Kính gửi các đồng chí,\n\nVăn phòng Tỉnh ủy trân trọng kính mời đồng chí dự họp Ban Thường vụ mở rộng lúc 8h00 ngày 24/11/2026. Nội dung và tài liệu trong giấy mời đính kèm.\n\nVăn phòng Tỉnh ủy',
    attachments: [{ type: DOCX, name: 'Giay_moi_hop_BTV.docx', bytes: remoteTemplate }],
  });
  add({
    id: 'gia-tai-lieu-huong-dan-chm',
    purpose: 'a compiled help file (.chm) "Tài liệu hướng dẫn" for a new document system, from a look-alike domain',
    from: addr('Trung tâm Phục vụ hành chính công', 'hotro@hcc-thanhhoa.net'),
    subject: 'Tài liệu hướng dẫn sử dụng hệ thống quản lý văn bản mới',
    text: 'Kính gửi cán bộ, công chức,\n\nTừ ngày 01/12/2026 tỉnh chuyển sang hệ thống quản lý văn bản và điều hành mới. Đồng chí mở tài liệu hướng dẫn đính kèm và làm theo các bước để đồng bộ tài khoản.\n\nTrung tâm Phục vụ hành chính công',
    attachments: [{ type: 'application/vnd.ms-htmlhelp', name: 'Tai_lieu_huong_dan.chm', bytes: CHM }],
  });
  add({
    id: 'gia-quyet-dinh-khen-thuong-iso',
    purpose: 'a disk image (.iso) "Quyết định khen thưởng" from a look-alike Ban Thi đua domain',
    from: addr('Ban Thi đua - Khen thưởng tỉnh', 'btdkt@thiduakhenthuong-thanhhoa.com'),
    subject: 'Quyết định khen thưởng thành tích năm 2026 (danh sách cá nhân)',
    text: 'Kính gửi các đơn vị,\n\nBan Thi đua - Khen thưởng gửi Quyết định khen thưởng và danh sách cá nhân được đề nghị (tệp đính kèm). Đề nghị mở tệp để đối chiếu thông tin cá nhân.\n\nBan Thi đua - Khen thưởng',
    attachments: [{ type: 'application/x-iso9660-image', name: 'Quyet_dinh_khen_thuong_2026.iso', bytes: ISO }],
  });
  add({
    id: 'gia-danh-sach-can-bo-xls-macro',
    purpose: 'a macro .xls (hidden Excel 4.0 sheet) "Danh sách cán bộ quy hoạch" from a look-alike Ban Tổ chức domain',
    from: addr('Ban Tổ chức Tỉnh ủy', 'bantochuc@tinhuy-thanhhoa.org'),
    subject: 'Danh sách cán bộ quy hoạch nhiệm kỳ 2026-2031 (MẬT)',
    text: 'Kính gửi các đồng chí,\n\nBan Tổ chức gửi danh sách cán bộ quy hoạch nhiệm kỳ 2026-2031 để rà soát. Tệp được bảo vệ, đồng chí mở tệp và bật nội dung để xem danh sách.\n\nBan Tổ chức Tỉnh ủy',
    attachments: [{ type: 'application/vnd.ms-excel', name: 'Danh_sach_can_bo_quy_hoach.xls', bytes: p.makeXls({ macroSheet: 'hidden' }) }],
  });
  add({
    id: 'gia-cong-van-html-dang-nhap',
    purpose: '"Công văn …/UBND-VP" as an HTML attachment that asks for the mailbox password and posts it away',
    from: addr('Văn phòng UBND tỉnh', 'vanthu@ubnd-thanhhoa.info'),
    subject: 'Công văn số 1541/UBND-VP - xem trực tuyến',
    text: 'Kính gửi: Các cơ quan, đơn vị.\n\nCông văn số 1541/UBND-VP được gửi dưới dạng tệp xem trực tuyến (đính kèm). Đồng chí mở tệp và đăng nhập bằng tài khoản thư công vụ để xem nội dung.\n\nVăn phòng UBND tỉnh',
    attachments: [{ type: 'text/html', name: 'CV_1541_UBND-VP.html', bytes: p.makeCredentialHtml() }],
  });
  add({
    id: 'gia-cong-van-link-zip-pages',
    purpose: '"Công văn" link downloading a zip from a free static host, sender a look-alike domain',
    from: addr('Văn phòng UBND tỉnh', 'vanthu@thanhhoa-gov.org'),
    subject: 'Công văn số 1544/UBND-VP về kế hoạch kiểm tra công vụ',
    text: 'Kính gửi: Các sở, ban, ngành.\n\nDo dung lượng lớn, Công văn số 1544/UBND-VP và hồ sơ kèm theo được lưu tại: https://ubnd-vanban.pages.dev/tai-ve/CV_1544_UBND-VP.zip\nĐề nghị các đơn vị tải về và thực hiện.\n\nVăn phòng UBND tỉnh',
  });
  add({
    id: 'gia-quyet-dinh-bo-nhiem-lnk',
    purpose: 'a shortcut attached on its own, named "Quyết định bổ nhiệm ….pdf.lnk", from a free mailbox posing as the province party committee',
    from: addr('Ban Tổ chức Tỉnh ủy', 'bantochuc.tinhuy@yahoo.com'),
    helo: YAHOO,
    subject: 'Quyết định bổ nhiệm cán bộ lãnh đạo, quản lý (bản chụp)',
    text: 'Kính gửi đồng chí,\n\nBan Tổ chức gửi bản chụp Quyết định bổ nhiệm cán bộ lãnh đạo, quản lý để đồng chí nắm thông tin. Tài liệu lưu hành nội bộ.\n\nBan Tổ chức Tỉnh ủy',
    attachments: [{ type: 'application/octet-stream', name: 'Quyet_dinh_bo_nhiem_2026.pdf.lnk', bytes: LNK }],
  });
  // ---- VNeID and bank biometrics ------------------------------------------------------------
  add({
    id: 'gia-vneid-muc-2-com',
    purpose: 'VNeID level-2 verification on a .com look-alike of Bộ Công an, log-in link',
    from: addr('Bộ Công an - VNeID', 'xacthuc@vneid-bocongan.com'),
    subject: 'Xác thực định danh điện tử mức 2 trước ngày 30/11/2026',
    html: page(
      para('Kính gửi công dân,', 'Hệ thống ghi nhận tài khoản VNeID của bạn chưa được xác thực mức 2. Tài khoản chưa xác thực sẽ bị dừng tích hợp thẻ BHYT, giấy phép lái xe và không sử dụng được dịch vụ công trực tuyến.', 'Vui lòng đăng nhập và xác thực ngay.') +
        btn('https://vneid-bocongan.com/xac-thuc-muc-2', 'XÁC THỰC NGAY'),
    ),
  });
  add({
    id: 'gia-mbbank-sinh-trac-link',
    purpose: '"MB Bank" biometric update deadline, sender and link on a look-alike .com',
    from: addr('MB Bank', 'thongbao@mbbank-sinhtrac.com'),
    subject: 'MB thông báo: cập nhật sinh trắc học trước 01/12/2026 để tránh gián đoạn giao dịch',
    html: page(
      para('Kính gửi Quý khách,', 'Theo Quyết định 2345/QĐ-NHNN, tài khoản chưa cập nhật sinh trắc học khuôn mặt sẽ bị <b>tạm dừng giao dịch trực tuyến</b>.', 'Quý khách vui lòng cập nhật tại đường dẫn dưới đây, nhập tên đăng nhập, mật khẩu và mã OTP để hoàn tất.') +
        btn('https://mbbank-sinhtrac.com/cap-nhat', 'CẬP NHẬT SINH TRẮC HỌC'),
    ),
  });
  add({
    id: 'gia-techcombank-khong-dau-gmail',
    purpose: '"Techcombank" biometric notice in no-diacritics from Gmail, link on a .net look-alike',
    from: addr('Techcombank CSKH', 'techcombank.cskh.vn@gmail.com'),
    helo: GMAIL,
    subject: 'Thong bao cap nhat sinh trac hoc tai khoan Techcombank',
    text: 'Kinh gui Quy khach,\n\nTai khoan cua Quy khach chua cap nhat sinh trac hoc theo quy dinh cua NHNN va se bi tam ngung giao dich tu ngay mai. Vui long truy cap https://techcombank-xacthuc.net/sinhtrac de cap nhat, dang nhap bang ten dang nhap va mat khau F@st Mobile.\n\nTechcombank',
  });
  add({
    id: 'gia-sinh-trac-telex',
    purpose: 'a bank biometric lock typed in Telex without conversion, link on a .top domain',
    from: addr('Ngan hang Sacombank', 'sinhtrac@sacombank-vn.top'),
    subject: 'Thoong baso: tafi khoanr cuar quys khachs sex bij khoas',
    text: 'Kinhs guwir quys khachs,\n\nTafi khoanr ngaan hafng cuar quys khachs chuwa caapj nhaatj sinh trawcs hocj vaf sex bij khoas sau 24 giowf. Vui lofng truy caapj https://sacombank-vn.top/xacthuc vaf ddawng nhaapj bawngf teen ddawng nhaapj, maajt khaaur ddeer caapj nhaatj.\n\nSacombank',
  });
  // ---- Thuế / eTax -------------------------------------------------------------------------
  add({
    id: 'gia-hoan-thue-telex',
    purpose: 'a personal income tax refund typed in Telex without conversion ("Thoong baso hoafn thuees"), link on a look-alike',
    from: addr('Tong cuc Thue', 'hoanthue@thuedientu-vn.com'),
    subject: 'Thoong baso hoafn thuees thu nhaapj cas nhaan 2025',
    text: 'Kinhs guwir nguwowif nooj thuees,\n\nQuys vij ddwowjc hoafn thuees TNCN 3.640.000 ddoongf. Vui lofng ddaang nhaapj tafi khoanr thuees ddieenj tuwr taij https://thuedientu-vn.com/hoanthue vaf xacs nhaanj soos tafi khoanr ngaan hafng trwowcs 25/11/2026.\n\nCucj Thuees',
  });
  add({
    id: 'gia-etax-mobile-apk-link',
    purpose: '"eTax Mobile" new version as an .apk link on a look-alike of the tax authority',
    from: addr('Cục Thuế - eTax Mobile', 'etaxmobile@gdt-etax.com'),
    subject: 'Cập nhật eTax Mobile phiên bản mới để nhận hoàn thuế TNCN',
    text: 'Kính gửi người nộp thuế,\n\nPhiên bản eTax Mobile cũ không còn hỗ trợ nhận tiền hoàn thuế. Vui lòng tải và cài đặt phiên bản mới tại https://gdt-etax.com/app/eTaxMobile_v3.apk và đăng nhập bằng mã số thuế, mật khẩu để nhận tiền.\n\nCục Thuế',
  });
  add({
    id: 'gia-thuedientu-vni',
    purpose: 'a tax account notice typed in VNI without conversion ("d9a8ng nha65p", "ma65t kha63u"), link on a thuedientu look-alike',
    from: addr('Thue dien tu', 'thongbao@thuedientu-gdt.net'),
    subject: 'Tho6ng ba1o: ta2i khoa3n thue61 die65n tu73 se4 bi5 kho1a',
    text: 'Ki1nh gu73i ngu7o72i no65p thue61,\n\nTa2i khoa3n thue61 die65n tu73 cu3a ba5n se4 bi5 kho1a do chu7a ca65p nha65t tho6ng tin. Vui lo2ng d9a8ng nha65p ta5i https://thuedientu-gdt.net/login va2 nha65p ma65t kha63u, ma4 OTP d9e63 xa1c thu7c5.\n\nCu5c Thue61',
  });
  // ---- BHXH / VssID ------------------------------------------------------------------------
  add({
    id: 'gia-vssid-telex-mat-khau',
    purpose: 'a VssID lock in Telex mixed with plain words ("ddaang nhaapj", "maajt khaaur"), link on a look-alike',
    from: addr('BHXH Viet Nam - VssID', 'hotro@vssid-baohiem.com'),
    subject: 'VssID: tafi khoanr cuar banj bij taamj khoas',
    text: 'Kinh gui nguoi tham gia BHXH,\n\nTafi khoanr VssID cuar banj bij taamj khoas. Vui lofng ddaang nhaapj taij https://vssid-baohiem.com/mokhoa, nhaapj maajt khaaur vaf max OTP ddeer mowr khoas.\n\nBHXH Viet Nam',
  });
  // ---- Cổng Dịch vụ công look-alikes -------------------------------------------------------
  add({
    id: 'gia-dichvucong-gov-vn-hyphen',
    purpose: '"Cổng Dịch vụ công quốc gia" on dichvucong-gov.vn (a .vn domain, not gov.vn), fee-payment link there',
    from: addr('Cổng Dịch vụ công quốc gia', 'no-reply@dichvucong-gov.vn'),
    subject: 'Hồ sơ cấp đổi giấy phép lái xe cần bổ sung lệ phí',
    html: page(
      para('Kính gửi ông/bà,', 'Hồ sơ cấp đổi giấy phép lái xe <b>G01.GT-261115-0173</b> chưa nộp đủ lệ phí 135.000 đồng và sẽ bị hủy sau 48 giờ.', 'Vui lòng đăng nhập bằng tài khoản định danh điện tử để nộp lệ phí.') +
        btn('https://dichvucong-gov.vn/ho-so/nop-le-phi', 'NỘP LỆ PHÍ'),
    ),
  });
  add({
    id: 'gia-dvc-gov-com-ho-so',
    purpose: '"Dịch vụ công trực tuyến" on dvc-gov.com: a record is "rejected" unless one logs in with the identity account',
    from: addr('Dịch vụ công trực tuyến tỉnh', 'thongbao@dvc-gov.com'),
    subject: 'Thông báo hồ sơ trực tuyến bị từ chối - đề nghị xác minh',
    text: 'Kính gửi ông/bà,\n\nHồ sơ trực tuyến của ông/bà bị từ chối do thông tin định danh không khớp. Để tiếp tục giải quyết, vui lòng xác minh tài khoản tại https://dvc-gov.com/xac-minh bằng số CCCD, mật khẩu VNeID và mã OTP trong hôm nay.\n\nBộ phận một cửa',
  });
  // ---- Bộ Công an: giấy triệu tập qua Zalo -------------------------------------------------
  add({
    id: 'gia-trieu-tap-bo-cong-an-zalo',
    purpose: 'a "Bộ Công an" summons from Gmail: money-laundering case, keep it secret, contact the officer on Zalo',
    from: addr('Cục Cảnh sát hình sự - Bộ Công an', 'c02.bocongan.vn@gmail.com'),
    helo: GMAIL,
    subject: 'Giấy triệu tập số 215/GTT-C02 - liên quan vụ án rửa tiền',
    text: 'Kính gửi bà Nguyễn Thị Mai,\n\nCục Cảnh sát hình sự - Bộ Công an đang điều tra đường dây rửa tiền có liên quan đến tài khoản ngân hàng mang tên bà. Yêu cầu bà giữ bí mật, không trao đổi với cơ quan, gia đình và liên hệ ngay cán bộ thụ lý Thượng tá Lê Văn Nam qua Zalo 0856 123 789 để làm việc trực tuyến trong hôm nay. Nếu không hợp tác, cơ quan điều tra sẽ ra lệnh bắt tạm giam.\n\nCục Cảnh sát hình sự',
  });
  // ---- Phạt nguội -------------------------------------------------------------------------
  add({
    id: 'gia-phat-nguoi-csgt-lookalike',
    purpose: 'a camera-recorded traffic fine with a payment link, sender and link on a csgt look-alike .com',
    from: addr('Cục Cảnh sát giao thông', 'phatnguoi@csgt-vn.com'),
    subject: 'Thông báo phạt nguội phương tiện 36A-567.89',
    html: page(
      para('Kính gửi chủ phương tiện,', 'Phương tiện biển số <b>36A-567.89</b> vi phạm lỗi chạy quá tốc độ ngày 12/11/2026. Mức phạt 4.000.000 đồng. Nộp phạt trực tuyến trong 3 ngày để tránh bị cưỡng chế, tạm giữ phương tiện.') +
        btn('https://csgt-vn.com/tra-cuu/nop-phat', 'TRA CỨU VÀ NỘP PHẠT'),
    ),
  });
  add({
    id: 'gia-phat-nguoi-teencode-tinyurl',
    purpose: 'a traffic fine in teencode and leet ("ph4t ngu0i", "nop ph4t") with a tinyurl link, from Outlook.com',
    from: addr('CSGT tra cuu', 'csgt.tracuu@outlook.com'),
    helo: 'mail-sg2apc01olkn2011.outbound.protection.outlook.com',
    subject: 'Xe cua b co 1 loi ph4t ngu0i chua nop',
    text: 'Chao b,\n\nXe cua b co 1 loi ph4t ngu0i chua nop ph4t, qua h4n se bi cuong che. B vao link https://tinyurl.com/phatnguoi-36a de tra cuu va nop ph4t ngay hom nay nhe.\n\nCSGT',
  });
  // ---- EVN / VNPT / Viettel bills ----------------------------------------------------------
  add({
    id: 'gia-evn-hoan-tien-dien',
    purpose: '"EVN" refund of an overcharged bill, card details on a look-alike .com',
    from: addr('EVN - Chăm sóc khách hàng', 'hoantien@evn-cskh.com'),
    subject: 'Thông báo hoàn tiền điện tính sai tháng 10/2026',
    html: page(
      para('Kính gửi khách hàng,', 'Do sự cố hệ thống đo đếm, hóa đơn tiền điện tháng 10/2026 của quý khách bị tính thừa <b>1.245.000 đồng</b>. Quý khách nhận lại tiền bằng cách điền số thẻ ngân hàng, ngày hết hạn và mã OTP trước 17h ngày 21/11/2026.') +
        btn('https://evn-cskh.com/hoan-tien', 'NHẬN TIỀN HOÀN'),
    ),
  });
  add({
    id: 'gia-vnpt-cuoc-internet',
    purpose: '"VNPT" internet bill overdue, service cut threatened, payment link on a look-alike .net',
    from: addr('VNPT VinaPhone', 'thanhtoan@vnpt-thanhtoan.net'),
    subject: 'Cước dịch vụ Internet cáp quang quá hạn - tạm ngưng dịch vụ sau 24h',
    text: 'Kính gửi quý khách,\n\nCước Internet cáp quang tháng 10/2026 của quý khách (487.000 đồng) đã quá hạn. Dịch vụ sẽ bị tạm ngưng sau 24 giờ. Vui lòng thanh toán ngay tại https://vnpt-thanhtoan.net/cuoc?tb=fiber123 để tránh gián đoạn.\n\nVNPT VinaPhone',
  });
  add({
    id: 'gia-viettel-chuan-hoa-thue-bao',
    purpose: '"Viettel" subscriber data standardisation: SIM locked unless one confirms with an OTP on a look-alike',
    from: addr('Viettel Telecom', 'chuanhoa@viettel-thuebao.com'),
    subject: 'Thuê bao của quý khách sẽ bị khóa 2 chiều do chưa chuẩn hóa thông tin',
    text: 'Kính gửi quý khách,\n\nThực hiện Nghị định 163/2024/NĐ-CP, thuê bao chưa chuẩn hóa thông tin sẽ bị khóa 2 chiều sau ngày 25/11/2026. Quý khách chuẩn hóa trực tuyến tại https://viettel-thuebao.com/chuan-hoa, nhập số CCCD và mã OTP được gửi về máy.\n\nViettel Telecom',
  });
  // ---- Chữ ký số: token renewal asking for the PIN -----------------------------------------
  add({
    id: 'gia-vnpt-ca-pin-reply',
    purpose: '"VNPT-CA" certificate expiry from a look-alike domain: reply with the token PIN and tax code, no link',
    from: addr('VNPT-CA - Gia hạn chứng thư số', 'giahan@vnpt-ca-giahan.com'),
    subject: 'Chứng thư số của đơn vị sẽ hết hạn sau 3 ngày - gia hạn miễn phí',
    text: 'Kính gửi kế toán đơn vị,\n\nChứng thư số (USB Token) của đơn vị sẽ hết hạn ngày 22/11/2026. VNPT-CA hỗ trợ gia hạn miễn phí từ xa: quý đơn vị trả lời thư này kèm mã số thuế, số serial token và mã PIN của token để kỹ thuật viên gia hạn. Quá hạn, đơn vị không ký được tờ khai thuế, BHXH.\n\nVNPT-CA',
  });
  add({
    id: 'gia-viettel-ca-pin-link',
    purpose: '"Viettel-CA" renewal link on a look-alike asking for the token PIN',
    from: addr('Viettel-CA', 'cskh@viettelca-giahan.net'),
    subject: 'Thông báo gia hạn chữ ký số Viettel-CA',
    html: page(
      para('Kính gửi Quý khách,', 'Chữ ký số Viettel-CA của Quý khách sắp hết hạn. Để gia hạn trực tuyến, Quý khách cắm USB Token, truy cập đường dẫn và nhập mã PIN token để hệ thống xác thực.') +
        btn('https://viettelca-giahan.net/gia-han', 'GIA HẠN NGAY'),
    ),
  });
  add({
    id: 'gia-bkav-ca-exe-link',
    purpose: '"BKAV-CA" renewal tool as an .exe link on a look-alike support domain',
    from: addr('BKAV-CA Hỗ trợ', 'hotro@bkavca-support.com'),
    subject: 'Cài đặt công cụ gia hạn chữ ký số BKAV-CA phiên bản 2026',
    text: 'Kính gửi khách hàng,\n\nĐể gia hạn chữ ký số, quý khách tải và chạy công cụ gia hạn tại https://bkavca-support.com/tools/BkavCA_GiaHan_2026.exe, sau đó nhập mã PIN token khi được hỏi.\n\nBKAV-CA',
  });
  add({
    id: 'gia-fpt-ca-zalo-pin',
    purpose: '"FPT-CA" on Gmail: send the token PIN over Zalo to a technician',
    from: addr('FPT-CA Ky thuat', 'fptca.kythuat@gmail.com'),
    helo: GMAIL,
    subject: 'FPT-CA: cập nhật chứng thư số theo quy định mới',
    text: 'Kính gửi đơn vị,\n\nTheo quy định mới, chứng thư số FPT-CA phải cập nhật thuật toán trước 30/11/2026. Đơn vị vui lòng nhắn mã PIN USB Token và mã số thuế qua Zalo 0912 345 678 cho kỹ thuật viên để cập nhật từ xa. Không cập nhật, chữ ký số sẽ bị thu hồi.\n\nFPT-CA',
  });
  // ---- Domain and hosting: ".gov.vn" renewal -----------------------------------------------
  add({
    id: 'gia-ten-mien-gov-vn-gia-han',
    purpose: 'a ".gov.vn" domain renewal from a registrar look-alike, payment link, suspension threatened',
    from: addr('Trung tâm Internet Việt Nam - VNNIC', 'tenmien@vnnic-tenmien.com'),
    subject: 'Tên miền lachan.gov.vn sắp hết hạn - gia hạn để tránh bị thu hồi',
    html: page(
      para('Kính gửi Quản trị tên miền,', 'Tên miền <b>lachan.gov.vn</b> và gói hosting cổng thông tin điện tử của đơn vị sẽ hết hạn ngày 23/11/2026. Sau thời hạn này tên miền bị tạm ngừng và thu hồi, website và hộp thư công vụ ngừng hoạt động.', 'Phí duy trì 2.450.000 đồng. Vui lòng thanh toán trực tuyến.') +
        btn('https://vnnic-tenmien.com/gia-han?d=lachan.gov.vn', 'GIA HẠN TÊN MIỀN'),
    ),
  });
  // ---- Thanh tra, tuyển dụng, khôi phục tài khoản bị lừa -----------------------------------
  add({
    id: 'gia-thanh-tra-chi-phi-doan',
    purpose: 'a fake "Đoàn Thanh tra" on Gmail announcing an inspection and asking for the team\u2019s costs on a personal account, in secret',
    from: addr('Đoàn Thanh tra - Thanh tra Chính phủ', 'doanthanhtra.ttcp@gmail.com'),
    helo: GMAIL,
    subject: 'Thông báo kiểm tra công tác quản lý tài chính, ngân sách năm 2025-2026',
    text: 'Kính gửi Thủ trưởng đơn vị,\n\nĐoàn Thanh tra sẽ làm việc với đơn vị từ ngày 26/11/2026. Để tạo điều kiện cho Đoàn, đơn vị chuyển khoản chi phí công tác 15.000.000 đồng vào STK 1903 5566 7788 (Techcombank - Đỗ Văn Hải) trước ngày 24/11. Nội dung này đề nghị giữ kín, không báo cáo qua văn bản.\n\nTrưởng đoàn',
  });
  add({
    id: 'gia-tuyen-cong-tac-vien',
    purpose: 'recruitment of "cộng tác viên" working online with a commission, contact on Zalo, from Gmail',
    from: addr('Tuyển dụng Shopee', 'tuyendung.ctv.2026@gmail.com'),
    helo: GMAIL,
    subject: 'Tuyển cộng tác viên làm việc tại nhà, thu nhập 500k-2tr/ngày',
    text: 'Chào bạn,\n\nShopee tuyển cộng tác viên xử lý đơn hàng online, làm việc tại nhà 1-2 giờ/ngày, hoa hồng 10-15% mỗi đơn, nhận lương trong ngày. Không cần kinh nghiệm, không mất phí. Liên hệ Zalo 0378 456 123 (chị Thảo) để nhận nhiệm vụ đầu tiên.\n\nPhòng Tuyển dụng',
  });
  add({
    id: 'gia-khoi-phuc-tien-bi-lua',
    purpose: '"recovery" of money lost to scams by a fake Cục An ninh mạng, fee first, Telegram contact',
    from: addr('Cục An ninh mạng - Hỗ trợ nạn nhân', 'hotro.nannhan@anninhmang-bocongan.com'),
    subject: 'Hỗ trợ khôi phục tài khoản và thu hồi tiền bị lừa đảo',
    text: 'Kính gửi bà,\n\nHệ thống ghi nhận bà là nạn nhân của vụ lừa đảo trực tuyến. Cục An ninh mạng hỗ trợ khôi phục tài khoản và thu hồi 100% số tiền bị lừa trong 24 giờ. Bà cần nộp phí hồ sơ 2.000.000 đồng và liên hệ cán bộ hỗ trợ qua Telegram https://t.me/hotro_thuhoi để được hướng dẫn.\n\nCục An ninh mạng',
  });
  // ---- leet, teencode, decomposed ----------------------------------------------------------
  add({
    id: 'gia-ngan-hang-leet',
    purpose: 'a bank account lock in leet and teencode ("t4i kh0an", "ng4n h4ng") with a log-in link on web.app',
    from: addr('Ng4n h4ng ACB', 'acb.thongbao@acb-canhbao.site'),
    subject: 'T4i kh0an ng4n h4ng cua b se bi kh0a',
    text: 'Chao b,\n\nT4i kh0an ng4n h4ng ACB cua b se bi kh0a trog 24h do c0 gi4o dich b4t thuong. B vui long d4ng nh4p t4i https://acb-xacminh.web.app de x4c minh, nh4p m4t kh4u va m4 OTP.\n\nACB',
  });
  add({
    id: 'gia-vneid-nfd-link',
    purpose: 'a VNeID lock written in decomposed (NFD) text, log-in link on a look-alike',
    from: addr(nfd('Định danh điện tử VNeID'), 'hotro@vneid-xacminh.net'),
    subject: nfd('Tài khoản định danh điện tử sẽ bị khóa - đăng nhập để xác minh'),
    text: nfd('Kính gửi công dân,\n\nTài khoản định danh điện tử của bạn sẽ bị khóa sau 24 giờ do thông tin sinh trắc học không hợp lệ. Vui lòng đăng nhập tại https://vneid-xacminh.net và nhập mật khẩu, mã OTP để xác minh.\n\nVNeID'),
  });

  // ================================ LOOK-ALIKES =============================================
  add({
    id: 'that-cong-van-ubnd-vp-pdf',
    purpose: 'the real "Công văn số …/UBND-VP" from the province\u2019s gov.vn domain with the signed PDF',
    from: addr('Văn phòng UBND tỉnh', 'vanthu.vp@thanhhoa.gov.vn'),
    subject: 'Công văn số 1523/UBND-VP ngày 18/11/2026 về việc rà soát nhân sự',
    text: 'Kính gửi: Các sở, ban, ngành; UBND các huyện, thị xã, thành phố.\n\nVăn phòng UBND tỉnh gửi Công văn số 1523/UBND-VP về việc rà soát, báo cáo nhân sự (bản ký số đính kèm). Đề nghị các đơn vị báo cáo trước ngày 25/11/2026 qua hệ thống quản lý văn bản.' + sig('Văn thư', 'Văn phòng UBND tỉnh', '0237 3852 000'),
    attachments: [pdf('CV_1523_UBND-VP.pdf', 'Cong van 1523')],
  });
  add({
    id: 'that-cong-van-zip-docx-pdf',
    purpose: 'a department on gov.vn sends a zip with a draft .docx and the PDF of its submission',
    from: addr('Sở Kế hoạch và Đầu tư', 'vanthu.skhdt@thanhhoa.gov.vn'),
    subject: 'Xin ý kiến dự thảo Kế hoạch đầu tư công năm 2027',
    text: 'Kính gửi: Các sở, ban, ngành.\n\nSở Kế hoạch và Đầu tư gửi dự thảo Kế hoạch đầu tư công năm 2027 và Tờ trình (tệp nén đính kèm). Đề nghị các đơn vị góp ý bằng văn bản trước ngày 30/11/2026.' + sig('Phòng Tổng hợp', 'Sở Kế hoạch và Đầu tư', '0237 3852 366'),
    attachments: [{ type: 'application/zip', name: 'Du_thao_KH_DTC_2027.zip', bytes: zipRealDocs }],
  });
  add({
    id: 'that-giay-moi-hop-docx',
    purpose: 'a real "Giấy mời họp" .docx from the province party office on gov.vn (no template, no macro)',
    from: addr('Văn phòng Tỉnh ủy', 'vanthu@tinhuy.thanhhoa.gov.vn'),
    subject: 'Giấy mời họp Ban Thường vụ mở rộng ngày 24/11/2026',
    text: 'Kính gửi các đồng chí,\n\nVăn phòng Tỉnh ủy trân trọng kính mời đồng chí dự họp Ban Thường vụ mở rộng lúc 8h00 ngày 24/11/2026 tại Hội trường Tỉnh ủy. Giấy mời đính kèm; tài liệu họp trên hệ thống điều hành.' + sig('Phòng Hành chính', 'Văn phòng Tỉnh ủy', '0237 3852 111'),
    attachments: [{ type: DOCX, name: 'Giay_moi_hop_BTV.docx', bytes: cleanDocx }],
  });
  add({
    id: 'that-danh-sach-can-bo-xls',
    purpose: 'a real "danh sách cán bộ" as a plain legacy .xls (no macro sheet) from the department of home affairs on gov.vn',
    from: addr('Sở Nội vụ', 'vanthu.snv@thanhhoa.gov.vn'),
    subject: 'Danh sách cán bộ tham gia bồi dưỡng quản lý nhà nước năm 2026',
    text: 'Kính gửi: Các cơ quan, đơn vị.\n\nSở Nội vụ gửi danh sách cán bộ được cử tham gia lớp bồi dưỡng kiến thức quản lý nhà nước năm 2026 (tệp Excel đính kèm). Đề nghị các đơn vị rà soát, báo cáo thay đổi trước ngày 27/11.' + sig('Phòng Công chức, viên chức', 'Sở Nội vụ', '0237 3851 111'),
    attachments: [{ type: 'application/vnd.ms-excel', name: 'Danh_sach_boi_duong_2026.xls', bytes: p.makeXls() }],
  });
  add({
    id: 'that-quyet-dinh-khen-thuong-pdf',
    purpose: 'the real commendation decision from the province\u2019s gov.vn domain, PDF',
    from: addr('Ban Thi đua - Khen thưởng', 'btdkt@thanhhoa.gov.vn'),
    subject: 'Quyết định khen thưởng thành tích năm 2026 (QĐ 3301/QĐ-UBND)',
    text: 'Kính gửi: Các cơ quan, đơn vị.\n\nBan Thi đua - Khen thưởng gửi Quyết định số 3301/QĐ-UBND về việc khen thưởng thành tích năm 2026 (bản ký số đính kèm). Các đơn vị thông báo tới cá nhân được khen thưởng.' + sig('Văn thư', 'Ban Thi đua - Khen thưởng tỉnh', '0237 3852 300'),
    attachments: [pdf('QD_3301_QD-UBND.pdf', 'Quyet dinh khen thuong')],
  });
  add({
    id: 'that-vneid-thong-bao',
    purpose: 'the real VNeID notice from Bộ Công an\u2019s domain: update the app from the stores, level 2 at the police station',
    from: addr('Trung tâm RAR - Bộ Công an', 'thongbao@bocongan.gov.vn'),
    subject: 'Thông báo về việc cập nhật ứng dụng định danh điện tử VNeID',
    text: 'Kính gửi công dân,\n\nỨng dụng VNeID đã có phiên bản mới trên App Store và Google Play. Công dân cập nhật ứng dụng từ cửa hàng ứng dụng; việc đăng ký tài khoản định danh điện tử mức 2 thực hiện tại Công an xã, phường nơi cư trú. Bộ Công an không gửi đường dẫn cài đặt ứng dụng, không yêu cầu cung cấp mật khẩu, mã OTP qua thư hay điện thoại. Thông tin tại https://vneid.gov.vn.\n\nTrung tâm RAR',
  });
  add({
    id: 'that-vietcombank-sinh-trac',
    purpose: 'Vietcombank\u2019s real biometric notice: do it in the app, links only to its own domain',
    from: addr('Vietcombank', 'VCBDigibank@info.vietcombank.com.vn'),
    subject: 'Vietcombank thông báo cập nhật sinh trắc học theo quy định của NHNN',
    html: page(
      para('Kính gửi Quý khách,', 'Theo Quyết định 2345/QĐ-NHNN, từ ngày 01/01/2025 giao dịch chuyển tiền trực tuyến trên 10 triệu đồng cần xác thực sinh trắc học. Quý khách cập nhật trên ứng dụng VCB Digibank (mục Cài đặt > Cài đặt sinh trắc học) hoặc tại quầy.', 'Vietcombank không gửi đường dẫn cập nhật sinh trắc học qua thư, tin nhắn. Hướng dẫn chi tiết tại <a href="https://www.vietcombank.com.vn/vi-VN/KHCN/Cong-cu-Tien-ich/sinh-trac-hoc">vietcombank.com.vn</a>. Hotline 1900 545413.'),
    ),
  });
  add({
    id: 'that-mbbank-sinh-trac',
    purpose: 'MB\u2019s real notice on the biometric rule, one link to its own domain',
    from: addr('MB Bank', 'thongbao@mbbank.com.vn'),
    subject: 'MB thông báo cập nhật sinh trắc học đối với khách hàng cá nhân',
    text: 'Kính gửi Quý khách,\n\nĐể giao dịch an toàn theo quy định của Ngân hàng Nhà nước, Quý khách chưa cập nhật sinh trắc học vui lòng thực hiện trên ứng dụng MB Bank chính thức hoặc tại điểm giao dịch. MB không gửi đường dẫn và không yêu cầu Quý khách cung cấp mật khẩu, OTP. Chi tiết: https://www.mbbank.com.vn\n\nMB',
  });
  add({
    id: 'that-vnpt-ca-nhac-gia-han',
    purpose: 'the real VNPT-CA renewal reminder from vnpt-ca.vn: call the sales office, never give the PIN',
    from: addr('VNPT-CA', 'cskh@vnpt-ca.vn'),
    subject: 'Thông báo chứng thư số sắp hết hạn - MST 2801234567',
    text: 'Kính gửi Quý khách hàng,\n\nChứng thư số của Quý khách (MST 2801234567) sẽ hết hạn ngày 15/12/2026. Để gia hạn, Quý khách liên hệ VNPT tỉnh hoặc tổng đài 18001260; thông tin gói cước tại https://vnpt-ca.vn. VNPT-CA không bao giờ yêu cầu Quý khách cung cấp mã PIN của USB Token.\n\nVNPT-CA',
  });
  add({
    id: 'that-viettel-ca-gia-han',
    purpose: 'the real Viettel-CA renewal notice from its own domain, with the PDF quote',
    from: addr('Viettel-CA', 'cskh@viettel-ca.vn'),
    subject: 'Viettel-CA thông báo gia hạn dịch vụ chữ ký số năm 2027',
    text: 'Kính gửi Quý đơn vị,\n\nDịch vụ chữ ký số Viettel-CA của đơn vị sẽ hết hạn ngày 10/01/2027. Viettel gửi báo giá gia hạn (đính kèm); nhân viên Viettel tỉnh sẽ liên hệ ký hợp đồng. Quý đơn vị không cung cấp mã PIN token cho bất kỳ ai. Tổng đài 18008000.\n\nViettel-CA',
    attachments: [pdf('Bao_gia_gia_han_2027.pdf', 'Bao gia')],
  });
  add({
    id: 'that-etax-nop-to-khai',
    purpose: 'the tax portal\u2019s automatic receipt of a filed return, from gdt.gov.vn',
    from: addr('Cục Thuế', 'noreply@gdt.gov.vn'),
    subject: 'Thông báo tiếp nhận hồ sơ khai thuế điện tử - MST 2801234567',
    text: 'Kính gửi: UBND XA TAN PHONG - MST 2801234567\n\nCơ quan thuế đã nhận tờ khai 05/KK-TNCN kỳ tính thuế quý 3/2026 nộp lúc 10:15 ngày 18/11/2026 qua Cổng thuế điện tử eTax. Tra cứu tại https://thuedientu.gdt.gov.vn.\n\nĐây là thư tự động, vui lòng không trả lời.',
  });
  add({
    id: 'that-hoan-thue-huong-dan',
    purpose: 'the tax office\u2019s guidance on PIT refunds: eTax Mobile from the stores, the portal on gdt.gov.vn, a warning about fake sites',
    from: addr('Thuế tỉnh Thanh Hóa', 'tuyentruyen.thanhhoa@gdt.gov.vn'),
    subject: 'Hướng dẫn đề nghị hoàn thuế TNCN trực tuyến và cảnh báo trang giả mạo',
    text: 'Kính gửi người nộp thuế,\n\nNgười nộp thuế đề nghị hoàn thuế TNCN trên ứng dụng eTax Mobile (tải từ App Store, Google Play) hoặc trên https://thuedientu.gdt.gov.vn. Cơ quan thuế không gửi đường dẫn yêu cầu đăng nhập, không yêu cầu cung cấp mật khẩu hay mã OTP; các trang có tên gần giống "thuedientu" nhưng không có đuôi gdt.gov.vn là giả mạo.' + sig('Phòng Tuyên truyền, hỗ trợ', 'Thuế tỉnh', '0237 3855 555'),
  });
  add({
    id: 'that-csgt-tra-cuu-phat-nguoi',
    purpose: 'the traffic police\u2019s announcement: look fines up only on csgt.vn, pay only at the station or the public-service portal',
    from: addr('Cục Cảnh sát giao thông', 'thongbao@csgt.vn'),
    subject: 'Hướng dẫn tra cứu phương tiện vi phạm qua hình ảnh (phạt nguội)',
    text: 'Kính gửi người dân,\n\nNgười dân tra cứu phương tiện vi phạm qua hình ảnh tại trang https://www.csgt.vn hoặc ứng dụng VNeID. Cơ quan CSGT không gửi thư, tin nhắn kèm đường dẫn nộp phạt; việc nộp phạt thực hiện tại trụ sở hoặc trên Cổng Dịch vụ công quốc gia https://dichvucong.gov.vn.\n\nCục Cảnh sát giao thông',
  });
  add({
    id: 'that-bhxh-vssid-thong-bao',
    purpose: 'BHXH Việt Nam\u2019s real VssID notice from baohiemxahoi.gov.vn: install only from the stores',
    from: addr('Bảo hiểm xã hội Việt Nam', 'vssid@baohiemxahoi.gov.vn'),
    subject: 'Thông báo tích hợp tài khoản VssID với định danh điện tử VNeID',
    text: 'Kính gửi người tham gia BHXH, BHYT,\n\nTừ ngày 01/12/2026, người dùng VssID đăng nhập bằng tài khoản định danh điện tử VNeID. Người dùng cập nhật ứng dụng VssID từ App Store, Google Play. BHXH Việt Nam không gửi tệp cài đặt hay đường dẫn đăng nhập qua thư. Hướng dẫn tại https://baohiemxahoi.gov.vn.\n\nBHXH Việt Nam',
  });
  add({
    id: 'that-dichvucong-tiep-nhan',
    purpose: 'the public-service portal\u2019s receipt of a filed record, from dichvucong.gov.vn',
    from: addr('Cổng Dịch vụ công quốc gia', 'noreply@dichvucong.gov.vn'),
    subject: 'Tiếp nhận hồ sơ G01.GT-261115-0173',
    text: 'Kính gửi ông/bà NGUYỄN THỊ MAI,\n\nHồ sơ cấp đổi giấy phép lái xe G01.GT-261115-0173 đã được tiếp nhận ngày 15/11/2026, hẹn trả kết quả ngày 22/11/2026. Theo dõi tại mục Quản lý hồ sơ trên https://dichvucong.gov.vn.\n\nĐây là thư tự động, vui lòng không trả lời.',
  });
  add({
    id: 'that-evn-hoa-don-dien',
    purpose: 'EVN Hà Nội\u2019s monthly bill notice from its own domain, link to its own portal',
    from: addr('EVNHANOI - CSKH', 'cskh@evnhanoi.vn'),
    subject: 'Thông báo tiền điện kỳ 10/2026 - Mã KH PD01000123456',
    text: 'Kính gửi khách hàng,\n\nTiền điện kỳ 10/2026: 1.856.300 đồng (812 kWh), hạn thanh toán 28/11/2026. Quý khách thanh toán qua ngân hàng, ví điện tử hoặc tại quầy. Tra cứu tại https://evnhanoi.vn.\n\nTổng đài CSKH: 19001288',
  });
  add({
    id: 'that-vnpt-cuoc-thang',
    purpose: 'VNPT\u2019s real monthly bill from its own domain, link to its own portal',
    from: addr('VNPT VinaPhone', 'hoadon@vnpt.vn'),
    subject: 'Thông báo cước dịch vụ tháng 10/2026 - Mã TT fiber123',
    text: 'Kính gửi Quý khách,\n\nCước dịch vụ Internet cáp quang tháng 10/2026: 487.000 đồng, hạn thanh toán 30/11/2026. Quý khách thanh toán qua ứng dụng My VNPT, ngân hàng hoặc tại điểm giao dịch. Hóa đơn điện tử tại https://hoadon.vnpt.vn.\n\nVNPT VinaPhone - Tổng đài 18001091',
  });
  add({
    id: 'that-viettel-chuan-hoa-huong-dan',
    purpose: 'Viettel\u2019s real subscriber-data notice from its own domain: at the store or in the app, no link to log in',
    from: addr('Viettel Telecom', 'cskh@viettel.com.vn'),
    subject: 'Viettel hướng dẫn chuẩn hóa thông tin thuê bao',
    text: 'Kính gửi Quý khách,\n\nThuê bao chưa chuẩn hóa thông tin theo Nghị định 163/2024/NĐ-CP vui lòng chuẩn hóa trên ứng dụng My Viettel hoặc tại cửa hàng Viettel gần nhất, mang theo CCCD. Viettel không gửi đường dẫn yêu cầu nhập mã OTP. Tổng đài 18008098.\n\nViettel Telecom',
  });
  add({
    id: 'that-vnnic-ten-mien-gov-vn',
    purpose: 'VNNIC\u2019s real reminder from vnnic.vn about a gov.vn domain, renewal through the managing body, PDF',
    from: addr('Trung tâm Internet Việt Nam', 'tenmien@vnnic.vn'),
    subject: 'Thông báo duy trì tên miền lachan.gov.vn năm 2027',
    text: 'Kính gửi: Cơ quan quản lý tên miền lachan.gov.vn.\n\nVNNIC thông báo phí duy trì tên miền lachan.gov.vn năm 2027 (thông báo đính kèm). Cơ quan nộp phí theo hướng dẫn trong thông báo hoặc liên hệ Phòng Quản lý tài nguyên Internet, điện thoại 024 3556 4944. Thông tin tại https://vnnic.vn.' + sig('Phòng Quản lý tài nguyên', 'Trung tâm Internet Việt Nam', '024 3556 4944'),
    attachments: [pdf('TB_duy_tri_ten_mien_2027.pdf', 'Thong bao duy tri ten mien')],
  });
  add({
    id: 'that-thanh-tra-ke-hoach',
    purpose: 'the provincial inspectorate\u2019s real announcement of an inspection from gov.vn, PDF decision, no money asked',
    from: addr('Thanh tra tỉnh', 'vanthu.thanhtra@thanhhoa.gov.vn'),
    subject: 'Quyết định thanh tra công tác quản lý tài chính, ngân sách (QĐ 112/QĐ-TTr)',
    text: 'Kính gửi: UBND xã Tân Phong.\n\nThanh tra tỉnh gửi Quyết định số 112/QĐ-TTr về việc thanh tra công tác quản lý tài chính, ngân sách năm 2025-2026 (đính kèm). Đoàn thanh tra làm việc tại đơn vị từ ngày 26/11/2026; đề nghị đơn vị chuẩn bị hồ sơ theo đề cương. Đoàn không nhận bất kỳ khoản tiền, quà nào của đơn vị.' + sig('Văn phòng', 'Thanh tra tỉnh', '0237 3852 222'),
    attachments: [pdf('QD_112_QD-TTr.pdf', 'Quyet dinh thanh tra')],
  });
  add({
    id: 'that-tuyen-dung-cong-chuc',
    purpose: 'the department of home affairs\u2019 real civil-service recruitment notice from gov.vn, PDF',
    from: addr('Sở Nội vụ', 'vanthu.snv@thanhhoa.gov.vn'),
    subject: 'Thông báo tuyển dụng công chức năm 2026',
    text: 'Kính gửi: Các cơ quan, đơn vị.\n\nSở Nội vụ gửi Thông báo tuyển dụng công chức năm 2026 (đính kèm). Đề nghị các đơn vị niêm yết công khai. Thí sinh nộp phiếu đăng ký dự tuyển trực tiếp hoặc qua bưu chính; lệ phí dự tuyển nộp khi thi theo quy định.' + sig('Phòng Công chức, viên chức', 'Sở Nội vụ', '0237 3851 111'),
    attachments: [pdf('TB_tuyen_dung_CC_2026.pdf', 'Thong bao tuyen dung')],
  });
  add({
    id: 'that-cong-an-canh-bao-lua-dao',
    purpose: 'the provincial police warn agencies about "recovery of scammed money" and fake summons, naming the tricks, gov.vn',
    from: addr('Công an tỉnh', 'pa05@thanhhoa.gov.vn'),
    subject: 'Cảnh báo thủ đoạn lừa đảo "hỗ trợ lấy lại tiền bị lừa" và giả danh cơ quan công an',
    text: 'Kính gửi: Các sở, ban, ngành; UBND các xã, phường.\n\nThời gian qua xuất hiện thủ đoạn giả danh Cục An ninh mạng hứa "khôi phục tài khoản, thu hồi tiền bị lừa" để thu phí, và giả danh cán bộ công an gửi giấy triệu tập qua Zalo, yêu cầu giữ bí mật và chuyển tiền. Cơ quan công an không làm việc qua Zalo, không thu phí thu hồi tài sản. Đề nghị các đơn vị phổ biến tới cán bộ, công chức.' + sig('Phòng An ninh mạng', 'Công an tỉnh', '069 2345 905'),
  });
  add({
    id: 'that-ban-tin-chuyen-doi-so',
    purpose: 'a Vietnamese tech newsletter with many links and an unsubscribe link, from its own domain',
    from: addr('Bản tin Chuyển đổi số', 'bantin@ictvietnam.vn'),
    subject: 'Bản tin Chuyển đổi số tuần 47: dịch vụ công trực tuyến toàn trình đạt 55%',
    headers: ['List-Unsubscribe: <https://ictvietnam.vn/huy-dang-ky?u=4455>'],
    html: page(
      '<h2>Bản tin Chuyển đổi số tuần 47</h2>' +
        para(
          '<a href="https://ictvietnam.vn/dich-vu-cong-truc-tuyen-toan-trinh-dat-55">Dịch vụ công trực tuyến toàn trình đạt 55%</a>: nhiều tỉnh đẩy mạnh thanh toán trực tuyến.',
          '<a href="https://ictvietnam.vn/canh-bao-lua-dao-sinh-trac-hoc">Cảnh báo lừa đảo cập nhật sinh trắc học</a>: ngân hàng không gửi đường dẫn qua tin nhắn.',
          '<a href="https://ictvietnam.vn/chu-ky-so-tu-xa">Chữ ký số từ xa</a> được dùng rộng rãi trong cơ quan nhà nước.',
          'Bạn nhận bản tin vì đã đăng ký tại ictvietnam.vn. <a href="https://ictvietnam.vn/huy-dang-ky?u=4455">Hủy đăng ký</a>.',
        ),
    ),
  });
  add({
    id: 'that-moi-hop-truc-tuyen-noi-bo',
    purpose: 'a colleague on the province\u2019s own domain sends an online-meeting link and a chat-group invitation',
    from: addr('Phạm Quốc Bảo', 'bao.pq@lachan.test'),
    ...LOCAL,
    subject: 'Mời họp trực tuyến rà soát hồ sơ một cửa chiều nay',
    text: 'Chào chị Mai,\n\nChiều nay 15h em mời chị họp trực tuyến rà soát hồ sơ một cửa: https://meet.google.com/abc-defg-hij . Em cũng đã thêm chị vào nhóm chat của Tổ trên Zalo: https://zalo.me/g/tomotcua2026 .\n\nBảo - Văn phòng',
  });
  add({
    id: 'that-cntt-doi-mat-khau-khong-dau',
    purpose: 'the province IT centre, on its own domain and in no-diacritics, reminds staff to change the mail password on the province\u2019s own webmail',
    from: addr('Trung tam CNTT', 'hotro@lachan.test'),
    ...LOCAL,
    subject: 'Nhac doi mat khau thu cong vu dinh ky quy 4',
    text: 'Kinh gui can bo, cong chuc,\n\nTheo quy che an toan thong tin, moi tai khoan thu cong vu doi mat khau 3 thang mot lan. Dong chi dang nhap webmail cua tinh tai https://mail.lachan.test, vao Tuy chon > Mat khau de doi. Trung tam khong bao gio hoi mat khau qua thu hay dien thoai.\n\nTrung tam CNTT - may le 555',
  });
  add({
    id: 'that-dong-nghiep-teencode',
    purpose: 'a colleague on the province\u2019s own domain writes in teencode, with a plain PDF report',
    from: addr('Lê Thu Hằng', 'hang.lt@lachan.test'),
    ...LOCAL,
    subject: 'gui c bao cao thang',
    text: 'C Mai oi,\n\nE gui c bao cao thang 11 nhe, c xem giup e phan so lieu dc k a. Chieu nay e qua phong c ky nha.\n\nHang',
    attachments: [pdf('Bao_cao_T11.pdf', 'Bao cao thang 11')],
  });
  return L;
}

writeFixtures(HERE, await fixtures(), message);
