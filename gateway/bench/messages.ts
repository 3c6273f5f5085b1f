import { randomBytes } from 'node:crypto';

/**
 * The messages the bench sends: what provincial mail looks like, not a block of 'X's.
 * - small (10 KB): multipart/alternative, Vietnamese text and HTML (base64, as Zimbra and Outlook
 *   send them), a handful of ordinary links.
 * - with attachment (100 KB): the same plus a PDF report, base64 — an attachment, so it goes to clamd.
 * - large (25 MB): a short text and a scanned-document PDF (a random-byte image stream).
 * Every builder returns CRLF text; sizes are those of the message on the wire (before dot-stuffing).
 */

export const BENCH_FROM = 'van-thu@so-tttt.bench.example';
export const BENCH_TO = 'staff@lachan.test';

const PARAGRAPHS = [
  'Thực hiện Kế hoạch số 125/KH-UBND ngày 15/3/2024 của Ủy ban nhân dân tỉnh về chuyển đổi số, Sở Thông tin và Truyền thông đề nghị các cơ quan, đơn vị rà soát danh mục thủ tục hành chính đủ điều kiện cung cấp dịch vụ công trực tuyến toàn trình.',
  'Các đơn vị tổng hợp số liệu theo biểu mẫu đính kèm, gửi về Sở trước ngày 30 tháng này để tổng hợp, báo cáo Ủy ban nhân dân tỉnh. Đầu mối liên hệ: Phòng Công nghệ thông tin, điện thoại 0236 3822 xxx.',
  'Cuộc họp giao ban trực tuyến quý III sẽ được tổ chức vào lúc 8 giờ 00 sáng thứ Năm, tại phòng họp số 2 và các điểm cầu cấp huyện. Đề nghị các đồng chí lãnh đạo bố trí thời gian tham dự đầy đủ, đúng giờ.',
  'Tài liệu phục vụ cuộc họp được đăng tải trên Cổng thông tin điện tử của tỉnh; các đơn vị chủ động tải về nghiên cứu trước. Ý kiến góp ý bằng văn bản gửi qua hệ thống quản lý văn bản và điều hành.',
  'Về công tác bảo đảm an toàn thông tin, đề nghị các đơn vị tiếp tục rà soát, cập nhật bản vá cho máy trạm, máy chủ; không mở tệp đính kèm hoặc đường dẫn lạ trong thư điện tử; báo cáo ngay khi phát hiện dấu hiệu bất thường.',
  'Trân trọng cảm ơn sự phối hợp của quý cơ quan, đơn vị. Văn bản này thay thế Công văn số 456/STTTT-CNTT ngày 02/02/2024.',
];

const LINKS = [
  'https://dichvucong.gov.vn/p/home/dvc-trang-chu.html',
  'https://www.chinhphu.vn/he-thong-van-ban',
  'https://mic.gov.vn/tin-tuc/chuyen-doi-so.htm',
  'https://lachan.test/van-ban/2024/ke-hoach-125.pdf',
];

function wrapBase64(buf: Buffer): string {
  return (buf.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function encodedWord(s: string): string {
  return `=?UTF-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`;
}

function headers(contentType: string, id: string): string {
  return [
    `From: ${encodedWord('Văn thư Sở TT&TT')} <${BENCH_FROM}>`,
    `To: ${encodedWord('Cán bộ')} <${BENCH_TO}>`,
    `Subject: ${encodedWord('V/v rà soát dịch vụ công trực tuyến và lịch giao ban quý III')}`,
    'Date: Mon, 07 Oct 2024 08:15:00 +0700',
    `Message-ID: <${id}@so-tttt.bench.example>`,
    'MIME-Version: 1.0',
    `Content-Type: ${contentType}`,
    '',
    '',
  ].join('\r\n');
}

/** text/plain + text/html of about `bytes` on the wire, as one multipart/alternative body part. */
function alternative(bytes: number, boundary: string): string {
  const paras: string[] = [];
  let plain = '';
  let html = '';
  let i = 0;
  // base64 grows text by 4/3 plus line ends; both parts carry the same text.
  const utf8 = (x: string) => Buffer.byteLength(x, 'utf8');
  while (paras.length === 0 || (utf8(plain) + utf8(html)) * 1.37 < bytes - 700) {
    const p = PARAGRAPHS[i % PARAGRAPHS.length]!;
    const link = LINKS[i % LINKS.length]!;
    paras.push(p);
    plain += `${p}\n\nXem thêm: ${link}\n\n`;
    html += `<p style="margin:0 0 12px 0">${escapeHtml(p)} <a href="${link}">Xem chi tiết</a></p>\n`;
    i++;
  }
  html = `<html><head><meta charset="utf-8"></head><body style="font-family:Arial">\n${html}</body></html>\n`;
  const part = (type: string, body: string) =>
    `--${boundary}\r\nContent-Type: ${type}; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${wrapBase64(Buffer.from(body, 'utf8'))}\r\n`;
  return part('text/plain', plain) + part('text/html', html) + `--${boundary}--\r\n`;
}

/**
 * A small, well-formed PDF. contentBytes of page content: text operators, or (binary) a
 * random-byte image stream like a scanned page. Cross-reference offsets are correct.
 */
export function buildPdf(contentBytes: number, binary = false): Buffer {
  let stream: Buffer;
  if (binary) {
    stream = randomBytes(Math.max(0, contentBytes));
  } else {
    const lines: string[] = [];
    let n = 0;
    for (let row = 0; n < contentBytes; row++) {
      const line = `BT /F1 10 Tf 50 ${800 - (row % 70) * 11} Td (Bao cao so lieu dich vu cong truc tuyen - muc ${row + 1}) Tj ET\n`;
      lines.push(line);
      n += line.length;
    }
    stream = Buffer.from(lines.join('').slice(0, Math.max(0, contentBytes)), 'latin1');
  }
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    binary
      ? '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>'
      : '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
  ];
  const chunks: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let size = chunks[0]!.length;
  const add = (b: Buffer) => {
    chunks.push(b);
    size += b.length;
  };
  objects.forEach((body, i) => {
    offsets.push(size);
    add(Buffer.from(`${i + 1} 0 obj\n${body}\nendobj\n`, 'latin1'));
  });
  const pageContent = binary ? Buffer.from('q 595 0 0 842 0 0 cm /Im1 Do Q\n', 'latin1') : stream;
  offsets.push(size);
  add(Buffer.from(`4 0 obj\n<< /Length ${pageContent.length} >>\nstream\n`, 'latin1'));
  add(pageContent);
  add(Buffer.from('\nendstream\nendobj\n', 'latin1'));
  offsets.push(size);
  if (binary) {
    add(Buffer.from(`5 0 obj\n<< /Type /XObject /Subtype /Image /Width 2480 /Height 3508 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length ${stream.length} >>\nstream\n`, 'latin1'));
    add(stream);
    add(Buffer.from('\nendstream\nendobj\n', 'latin1'));
  } else {
    add(Buffer.from('5 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\nendobj\n', 'latin1'));
  }
  const xref = size;
  const table = ['xref', `0 ${offsets.length + 1}`, '0000000000 65535 f ', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `)];
  add(Buffer.from(`${table.join('\n')}\ntrailer\n<< /Size ${offsets.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(chunks);
}

function attachmentPart(boundary: string, name: string, pdf: Buffer): string {
  return (
    `--${boundary}\r\nContent-Type: application/pdf; name="${name}"\r\n` +
    `Content-Disposition: attachment; filename="${name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n` +
    `${wrapBase64(pdf)}\r\n`
  );
}

/** Bytes of base64 (76-char lines, CRLF) for n raw bytes. */
function base64WireBytes(n: number): number {
  const chars = Math.ceil(n / 3) * 4;
  return chars + 2 * Math.ceil(chars / 76);
}

/** A message of about targetBytes on the wire: text + HTML only below 40 KB, with a PDF above. */
export function benchMessage(targetBytes: number): Buffer {
  const id = `bench-${targetBytes}`;
  if (targetBytes < 40_000) {
    const b = `alt-${id}`;
    return Buffer.from(headers(`multipart/alternative; boundary="${b}"`, id) + alternative(targetBytes - 450, b), 'utf8');
  }
  const mixed = `mix-${id}`;
  const alt = `alt-${id}`;
  const textPart = `--${mixed}\r\nContent-Type: multipart/alternative; boundary="${alt}"\r\n\r\n${alternative(6000, alt)}`;
  const head = headers(`multipart/mixed; boundary="${mixed}"`, id);
  const fixed = Buffer.byteLength(head + textPart, 'utf8') + 250 + `--${mixed}--\r\n`.length;
  let pdfBytes = Math.floor(((targetBytes - fixed) * 57) / 78);
  while (pdfBytes > 0 && base64WireBytes(buildPdfSize(pdfBytes)) > targetBytes - fixed) pdfBytes -= 64;
  const pdf = buildPdf(pdfBytes);
  return Buffer.from(head + textPart + attachmentPart(mixed, 'bao-cao-quy-III.pdf', pdf) + `--${mixed}--\r\n`, 'utf8');
}

function buildPdfSize(contentBytes: number): number {
  // Text PDFs: the overhead around the content is fixed, so measure once for this size.
  return buildPdf(contentBytes).length;
}

/** The 25 MB-class message: a short note and a scanned PDF (random bytes), about targetBytes. */
export function largeMessage(targetBytes: number): Buffer {
  const id = `bench-large-${targetBytes}`;
  const mixed = `mix-${id}`;
  const alt = `alt-${id}`;
  const head = headers(`multipart/mixed; boundary="${mixed}"`, id);
  const textPart = `--${mixed}\r\nContent-Type: multipart/alternative; boundary="${alt}"\r\n\r\n${alternative(3000, alt)}`;
  const fixed = Buffer.byteLength(head + textPart, 'utf8') + 1200;
  const raw = Math.floor(((targetBytes - fixed) * 57) / 78);
  const pdf = buildPdf(raw, true);
  return Buffer.from(head + textPart + attachmentPart(mixed, 'ho-so-scan.pdf', pdf) + `--${mixed}--\r\n`, 'utf8');
}

/** CRLF → LF, for smtp-source -F (it appends CRLF to each line itself). */
export function toLfFile(message: Buffer): Buffer {
  return Buffer.from(message.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
}
