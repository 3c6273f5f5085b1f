/**
 * What an SMTP client puts on the wire for a message (RFC 5321 §2.3.8: no bare CR or LF in DATA):
 * every line ending becomes CRLF — bare CR and bare LF alike, as nodemailer and swaks do — and a
 * message that does not end with a line break gets one. The gateway receives exactly this.
 */
export function smtpWire(raw: Buffer): Buffer {
  const text = raw.toString('latin1').replace(/\r\n|\r|\n/g, '\r\n');
  return Buffer.from(text === '' || text.endsWith('\r\n') ? text : text + '\r\n', 'latin1');
}

/** Whether a bare CR in the message means the wire form differs in more than line-ending style. */
export function hasBareCr(raw: Buffer): boolean {
  return /\r(?!\n)/.test(raw.toString('latin1'));
}

/** Whether `received` (what the gateway stored or relayed) is what the client sent for `sent`. */
export function sameOnWire(received: Buffer, sent: Buffer): boolean {
  const trim = (b: Buffer) => (b.subarray(-2).toString('latin1') === '\r\n' ? b.subarray(0, -2) : b);
  return trim(received).equals(trim(smtpWire(sent)));
}

/** What follows the top-level header block (from the first empty line on), for comparing bodies only. */
export function bodyOf(raw: Buffer): Buffer {
  const m = /\r?\n\r?\n/.exec(raw.toString('latin1'));
  return m ? raw.subarray(m.index) : Buffer.alloc(0);
}
