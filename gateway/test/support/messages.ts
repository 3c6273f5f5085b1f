import MailComposer from 'nodemailer/lib/mail-composer';

export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

export interface TestMail {
  from?: string;
  to?: string;
  subject?: string;
  text?: string;
  html?: string;
  attachments?: Array<{ filename: string; content: Buffer | string; contentType?: string }>;
}

/** Builds a real MIME message with nodemailer's composer (as any client library would). */
export async function compose(m: TestMail): Promise<Buffer> {
  const composer = new MailComposer({
    from: m.from ?? 'Nguyễn Văn A <a@sender.example>',
    to: m.to ?? 'staff@lachan.test',
    subject: m.subject ?? 'Báo cáo tuần',
    text: m.text,
    html: m.html,
    attachments: m.attachments,
    date: new Date('2026-11-20T08:00:00Z'),
    messageId: `<${Math.random().toString(36).slice(2)}@sender.example>`,
  });
  return new Promise((resolve, reject) =>
    composer.compile().build((err: Error | null, buf: Buffer) => (err ? reject(err) : resolve(buf))),
  );
}

/** The message as the downstream got it, minus the X-Lachan-* header lines the gateway adds. */
export function withoutOurHeaders(raw: Buffer): Buffer {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const head = text.slice(0, end).replace(/^X-Lachan-[^:]*:.*(?:\r?\n[ \t].*)*\r?\n/gim, '');
  return Buffer.from(head + text.slice(end), 'latin1');
}

/**
 * Whether the downstream got what the client sent. SMTP clients send lines ending in CRLF and end
 * DATA with one: a bare LF in what was given to the client arrives as CRLF, and a message without
 * a final line break arrives with one. Everything else must be the same byte for byte.
 */
export function sameBytes(received: Buffer, sent: Buffer): boolean {
  const wire = Buffer.from(sent.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
  const trim = (b: Buffer) => (b.subarray(-2).toString() === '\r\n' ? b.subarray(0, -2) : b);
  return trim(received).equals(trim(wire));
}
