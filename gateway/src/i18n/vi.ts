/** Vietnamese texts (the reference catalogue). Keys are stable; add English in en.ts. */
export const vi = {
  'smtp.greeting': 'Lá Chắn sẵn sàng',
  'smtp.relay-denied': 'Không nhận thư cho địa chỉ ngoài hệ thống',
  'smtp.too-big': 'Thư vượt quá dung lượng cho phép',
  'smtp.too-many-recipients': 'Quá nhiều người nhận',
  'smtp.accepted': 'Đã nhận',
  'smtp.quarantined': 'Đã nhận, thư được cách ly để kiểm tra',
  'smtp.rejected': 'Thư bị từ chối theo chính sách an toàn',
  'smtp.tempfail': 'Tạm thời không xử lý được, vui lòng gửi lại sau',
} as const;
