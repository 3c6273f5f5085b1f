import type { Readable } from 'node:stream';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import { LachanError } from '../errors.js';

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

/**
 * A pooled nodemailer SMTP transport sending the raw message bytes as they are (the only changes
 * are the ones act/ made before), with the envelope the client gave us.
 */
export function createRelay(url: string, opts: { maxConnections: number; timeoutMs: number; name: string; log: Logger }): Relay {
  const u = new URL(url);
  const secure = u.protocol === 'smtps:';
  const transport = nodemailer.createTransport({
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
  return {
    address: url,
    async send(envelope, raw) {
      try {
        // A raw message is sent as it is; nodemailer still makes a MIME node for it, with a random
        // boundary and Message-ID (seven randomBytes calls a message) unless given these, which
        // appear nowhere in what is sent.
        const info = await transport.sendMail({ envelope, raw: raw(), baseBoundary: 'lachan-raw', messageId: '<raw@lachan.invalid>' });
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
        await transport.verify();
      } catch (err) {
        throw classifyDownstreamError(err as SmtpError);
      }
    },
    close() {
      transport.close();
    },
  };
}
