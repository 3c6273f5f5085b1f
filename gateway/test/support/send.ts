import nodemailer from 'nodemailer';

export interface SendResult {
  code: number;
  response: string;
}

/**
 * Sends raw bytes through SMTP like any client would (one connection, no pool) and returns the
 * server's final reply, success or failure, instead of throwing.
 */
export async function sendRaw(
  port: number,
  raw: Buffer | string,
  envelope: { from: string; to: string[] },
): Promise<SendResult> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    disableFileAccess: true,
    disableUrlAccess: true,
    connectionTimeout: 10_000,
    socketTimeout: 120_000,
  });
  try {
    const info = await transport.sendMail({ envelope, raw });
    return { code: Number(String(info.response).slice(0, 3)), response: String(info.response) };
  } catch (err) {
    const e = err as { responseCode?: number; response?: string; message: string; code?: string };
    return { code: e.responseCode ?? 0, response: e.response ?? `${e.code ?? ''} ${e.message}` };
  } finally {
    transport.close();
  }
}
