/** The quarantine commands' lines of `lachan help` (apart from quarantine.ts, which loads the database). */
export const QUARANTINE_USAGE = `  lachan quarantine list [--status held|released|deleted] [--recipient ADDR] [--limit N] [--json]
                                               thư bị giữ, mới nhất trước / held messages, newest first
  lachan quarantine show REF [--json] [--raw]  chi tiết (--raw: thư gốc ra stdout) / details (--raw: the original on stdout)
  lachan quarantine release REF [--by NAME] [--reason TEXT] [--json]
                                               chuyển thư cho người nhận / deliver it to its recipients
  lachan quarantine delete REF [--by NAME] [--reason TEXT] [--json]
                                               xóa thư (hồ sơ được giữ) / delete it (the record stays)
  lachan quarantine purge [--json]             xóa thư quá hạn lưu (LACHAN_QUARANTINE_DAYS) / delete what is past retention
`;
