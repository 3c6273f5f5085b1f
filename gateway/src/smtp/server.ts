import { readFileSync } from 'node:fs';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { newId } from '../ids.js';
import type { Logger } from 'pino';
import type { SmtpConfig } from '../config/types.js';
import type { RecipientCheck } from '../deliver/verify.js';
import { LachanError } from '../errors.js';
import { installConnectionPatches } from './connection-patches.js';
import { isLocalRecipient } from './recipients.js';
import { replyFor, replyForError, toSmtpError, type Outcome } from './replies.js';
import { spool, type Spooled } from './spool.js';
import type { Envelope } from './types.js';

export interface SmtpDeps {
  /** Local domains right now (the policy's plus LACHAN_LOCAL_DOMAINS); read per recipient. */
  localDomains(): readonly string[];
  /** The rest of the mail path: verdict, act, deliver or store. Resolves to what to answer. */
  handle(message: Spooled, envelope: Envelope): Promise<Outcome>;
  /** Asks the downstream whether it takes a recipient (recipient verification); absent: no check. */
  verifyRecipient?(address: string): Promise<RecipientCheck>;
  spoolDir: string;
  log: Logger;
}

/** Messages up to this size are kept in memory while they are processed; larger ones are spooled. */
const MEMORY_SPOOL_LIMIT = 512 * 1024;

/**
 * The inbound SMTP front. Each smtp-server callback is one named stage (ZoneMTA's habit):
 * connect → mail_from → rcpt_to → data; `data` spools, hands the message to the mail path, and
 * answers only once the mail path has delivered, stored or refused it.
 */
export function createSmtpServer(cfg: SmtpConfig, deps: SmtpDeps): SMTPServer {
  installConnectionPatches();
  const sessions = new Map<string, string>();
  const { log } = deps;

  const server = new SMTPServer({
    name: cfg.hostname,
    banner: 'La Chan ESMTP',
    size: cfg.maxMessageBytes,
    authOptional: true,
    disabledCommands: cfg.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(cfg.tls ? { key: readFileSync(cfg.tls.key), cert: readFileSync(cfg.tls.cert) } : {}),
    hideENHANCEDSTATUSCODES: false,
    hidePIPELINING: !cfg.features.pipelining,
    hide8BITMIME: !cfg.features.eightBitMime,
    hideSMTPUTF8: !cfg.features.smtpUtf8,
    hideDSN: !cfg.features.dsn,
    useXClient: cfg.xclientHosts.length ? cfg.xclientHosts : false,
    disableReverseLookup: true,
    maxClients: cfg.maxConnections,
    socketTimeout: cfg.socketTimeoutMs,
    closeTimeout: 30_000,
    logger: false,
    // read by connection-patches.ts
    ...({ greetingDelayMs: cfg.earlyTalkerDelayMs } as object),

    onConnect(session, callback) {
      const sessionRef = newId();
      sessions.set(session.id, sessionRef);
      log.debug({ evt: 'smtp.connect', session: sessionRef, remote: session.remoteAddress }, 'connection');
      callback();
    },

    onClose(session) {
      sessions.delete(session.id);
    },

    onMailFrom(address, session, callback) {
      const size = Number(address.args && (address.args as Record<string, string>).SIZE);
      if (size > cfg.maxMessageBytes) {
        return callback(toSmtpError({ code: 552, text: `5.3.4 Message size exceeds the limit of ${cfg.maxMessageBytes} bytes` }));
      }
      callback();
    },

    onRcptTo(address, session, callback) {
      if (!isLocalRecipient(address.address, deps.localDomains())) {
        log.info({ evt: 'smtp.relay_denied', session: sessions.get(session.id), rcpt: address.address }, 'relay denied');
        return callback(toSmtpError({ code: 550, text: '5.7.1 Relay not permitted: recipient is not in a local domain' }));
      }
      if (session.envelope.rcptTo.length >= cfg.maxRecipients) {
        return callback(toSmtpError({ code: 452, text: `4.5.3 Too many recipients (limit ${cfg.maxRecipients})` }));
      }
      if (!deps.verifyRecipient) return callback();
      deps.verifyRecipient(address.address).then((check) => {
        if (check.status !== 'refused') return callback();
        log.info({ evt: 'smtp.recipient_refused', session: sessions.get(session.id), rcpt: address.address, downstream: `${check.code} ${check.text}` }, 'downstream refuses recipient');
        const text = /^5\.\d{1,3}\.\d{1,3} /.test(check.text) ? check.text : `5.1.1 ${check.text}`;
        callback(toSmtpError({ code: check.code, text: `${text} (downstream)` }));
      }, () => callback());
    },

    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const envelope: Envelope = {
        ref: newId(),
        sessionRef: sessions.get(session.id) ?? session.id,
        mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        rcptTo: session.envelope.rcptTo.map((r) => r.address),
        remoteAddress: session.remoteAddress,
        clientHostname: session.clientHostname,
        heloName: session.hostNameAppearsAs,
        tls: Boolean(session.secure),
        receivedAt: new Date(),
      };
      receive(stream, envelope, deps).then(
        (outcome) => {
          const reply = replyFor(outcome);
          if (reply.code === 250) callback(null, reply.text);
          else callback(toSmtpError(reply));
        },
        (err: unknown) => {
          const error = err instanceof LachanError ? err : new LachanError('LC_SCAN_FAILED', (err as Error)?.message);
          if (error.code === 'LC_MESSAGE_TOO_BIG') log.info({ evt: 'smtp.too_big', ref: envelope.ref }, 'message over the size limit');
          else log.error({ evt: 'smtp.data_failed', ref: envelope.ref, code: error.code, err }, 'message not processed');
          callback(toSmtpError(replyForError(error, envelope.ref)));
        },
      );
    },
  });

  server.on('error', (err) => log.warn({ evt: 'smtp.error', err: err.message }, 'smtp server error'));
  return server;
}

async function receive(stream: SMTPServerDataStream, envelope: Envelope, deps: SmtpDeps): Promise<Outcome> {
  const message = await spool(stream, { dir: deps.spoolDir, memoryLimit: MEMORY_SPOOL_LIMIT });
  try {
    if (stream.sizeExceeded) throw new LachanError('LC_MESSAGE_TOO_BIG', `${message.size} bytes`);
    return await deps.handle(message, envelope);
  } finally {
    await message.discard();
  }
}
