import type { Readable } from 'node:stream';
import MimeNode from 'nodemailer/lib/mime-node';
import SMTPPool, { type SMTPPoolSentMessageInfo } from 'nodemailer/lib/smtp-pool';
import type { Logger } from 'pino';
import { setBounded } from '../bounded.js';
import { LachanError } from '../errors.js';
import { installDataStreamPatch } from './data-stream-patch.js';

export interface RelayResult {
  /** The downstream's final reply to DATA, e.g. '250 2.0.0 Ok: queued as 4Xy…'. */
  response: string;
  accepted: string[];
  rejected: string[];
}

/** Hands messages to the downstream MTA with the original envelope. */
export interface Relay {
  readonly address: string;
  send(envelope: { from: string; to: string[] }, raw: () => Readable): Promise<RelayResult>;
  /** Resolves when the downstream answers EHLO; rejects with LC_DOWNSTREAM_UNAVAILABLE otherwise. */
  verify(): Promise<void>;
  close(): void;
}

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
}

/** Downstream 5xx is passed on as a permanent failure; 4xx and anything at connection level is 451. */
export function classifyDownstreamError(err: SmtpError): LachanError {
  const detail = err.response ?? err.message;
  if (typeof err.responseCode === 'number' && err.responseCode >= 500 && err.responseCode < 600) {
    const e = new LachanError('LC_DOWNSTREAM_REJECTED', detail, { cause: err });
    return Object.assign(e, { downstreamCode: err.responseCode, downstreamResponse: detail });
  }
  return new LachanError('LC_DOWNSTREAM_UNAVAILABLE', detail, { cause: err });
}

interface SmtpEnvelope {
  from: string | false;
  to: string[];
}

/**
 * The envelope as nodemailer's Mail layer sends it: its own MimeNode.setEnvelope normalises each
 * address (IDN domains punycoded, local parts quoted where needed) and drops repeated recipients.
 * setEnvelope parses every address with addressparser; here each address is normalised once and
 * remembered, since the same recipients and senders come back message after message.
 */
export function envelopeNormaliser(max = 1024): (envelope: { from: string; to: string[] }) => SmtpEnvelope {
  const node = new MimeNode();
  const known = new Map<string, readonly string[]>();
  const normalised = (address: string): readonly string[] => {
    let out = known.get(address);
    if (!out) {
      out = [...node.setEnvelope({ to: address }).getEnvelope().to];
      setBounded(known, address, out, max);
    }
    return out;
  };
  return (envelope) => {
    const to: string[] = [];
    const seen = new Set<string>();
    for (const address of envelope.to) {
      for (const n of normalised(address)) {
        if (!seen.has(n)) {
          seen.add(n);
          to.push(n);
        }
      }
    }
    return { from: envelope.from ? (normalised(envelope.from)[0] ?? false) : false, to };
  };
}

/** Stands in the envelope and the log lines of the pool; appears nowhere in what is sent. */
const RAW_MESSAGE_ID = '<raw@lachan.invalid>';

/**
 * What nodemailer's pooled transport reads of a message (its MimeNode): the envelope, a
 * Message-ID for its logs, and the bytes, here the raw message as it is. Each createReadStream
 * opens the message again (the pool asks again when a reused connection closed before a byte
 * went out) and releases the stream it opened before.
 */
function rawMessage(envelope: SmtpEnvelope, raw: () => Readable) {
  let opened: Readable | undefined;
  return {
    message: {
      getEnvelope: () => ({ from: envelope.from, to: [...envelope.to] }),
      messageId: () => RAW_MESSAGE_ID,
      getHeader: (key: string) => (key.toLowerCase() === 'message-id' ? RAW_MESSAGE_ID : undefined),
      createReadStream: () => {
        opened?.destroy();
        opened = raw();
        return opened;
      },
    },
    release: () => opened?.destroy(),
  };
}

/**
 * A pooled nodemailer SMTP transport sending the raw message bytes as they are (the only changes
 * are the ones act/ made before), with the envelope the client gave us.
 *
 * The message goes straight to the pool (SMTPPool.send, nodemailer's documented
 * transport interface) rather than through sendMail: for a raw message, sendMail's Mail layer only
 * built a MIME node around it (random boundary bytes, its envelope parsed again) and piped the
 * bytes through a PassThrough and a newline fixer joined by stream.pipeline, whose AbortController
 * made a DOMException per message. That was ~3% of the gateway's CPU under the bench's 10 KB load
 * (sendMail 2.4%, createReadStream 1.0% of busy time in a CPU profile). The SMTP connection's own
 * DATA stream ends the message with CRLF when it lacks one, as the newline fixer did.
 *
 * The pool is built directly (`new SMTPPool(options)`, what `nodemailer.createTransport` does for
 * `pool: true` before wrapping it in its Mail layer): importing nodemailer's main module loads its
 * Mail layer, mail composer, every other transport, its fetch and DKIM signer — 22 modules, ~300 KB
 * of source kept in every gateway process's heap for nothing (test/flow/start-modules.test.ts).
 */
export function createRelay(url: string, opts: { maxConnections: number; timeoutMs: number; name: string; log: Logger }): Relay {
  installDataStreamPatch();
  const u = new URL(url);
  const secure = u.protocol === 'smtps:';
  const pool = new SMTPPool({
    pool: true,
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: Number(u.port || (secure ? 465 : 25)),
    secure,
    name: opts.name,
    maxConnections: opts.maxConnections,
    maxMessages: Infinity,
    connectionTimeout: Math.min(opts.timeoutMs, 10_000),
    greetingTimeout: Math.min(opts.timeoutMs, 10_000),
    socketTimeout: opts.timeoutMs,
    // The downstream is the province's own server, often with a self-signed certificate.
    tls: { rejectUnauthorized: false },
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
  });
  const normalise = envelopeNormaliser();
  const deliver = (envelope: SmtpEnvelope, raw: () => Readable): Promise<SMTPPoolSentMessageInfo> => {
    const { message, release } = rawMessage(envelope, raw);
    return new Promise((resolve, reject) => {
      // the pool reads mail.message (above) and, of the send options, only dsn, requireTLS and signal
      const mail = { data: {}, message } as unknown as Parameters<typeof pool.send>[0];
      pool.send(mail, (err, info) => {
        if (err) {
          release();
          reject(err);
        } else resolve(info as SMTPPoolSentMessageInfo);
      });
    });
  };
  return {
    address: url,
    async send(envelope, raw) {
      try {
        const info = await deliver(normalise(envelope), raw);
        return {
          response: String(info.response ?? ''),
          accepted: (info.accepted ?? []).map(String),
          rejected: (info.rejected ?? []).map(String),
        };
      } catch (err) {
        const e = classifyDownstreamError(err as SmtpError);
        opts.log.warn({ evt: 'deliver.failed', code: e.code, err: (err as Error).message }, 'downstream failed');
        throw e;
      }
    },
    async verify() {
      try {
        await pool.verify();
      } catch (err) {
        throw classifyDownstreamError(err as SmtpError);
      }
    },
    close() {
      pool.close();
    },
  };
}
