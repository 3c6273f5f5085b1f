import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { GatewayConfig } from './config/types.js';
import { redactUrl } from './config/index.js';
import { deriveKey, loadSecret } from './config/secret.js';
import { openDatabase, type Database } from './db/index.js';
import { LachanError } from './errors.js';
import { createRelay, type Relay } from './deliver/relay.js';
import { createRecipientVerifier } from './deliver/verify.js';
import { loadPolicy } from './policy/loader.js';
import type { Policy } from './policy/types.js';
import { releaseMessage } from './parse/index.js';
import { dispose } from './pipeline/dispose.js';
import { createLimiter } from './limiter.js';
import { createLargeGc, LARGE_GC_EVERY_MS, LARGE_GC_GROWTH_BYTES, LARGE_GC_LIMIT_BYTES } from './large-gc.js';
import { createEngine } from './pipeline/engine.js';
import { evaluate } from './pipeline/evaluate.js';
import { createLedger, createVault } from './pipeline/records.js';
import { createMessageStore, type MessageStore } from './quarantine/store.js';
import { purgeExpired } from './quarantine/admin.js';
import { startRetention } from './quarantine/retention.js';
import type { ClamdClient } from './scan/attachments/clamd.js';
import { createSmtpServer } from './smtp/server.js';
import { useQrThread } from './scan/qr/off-thread.js';
import { OCR_LANGUAGES, useOcr, type OcrEngine } from './scan/ocr/tesseract.js';
import { checkTools, type ToolCheck } from './scan/attachments/tool-streams.js';

export interface DependencyStatus {
  name: string;
  address: string;
  ok: boolean;
  /** When not ok: what is wrong and how to start it, in one line. */
  hint?: string;
  /** An extra the gateway runs without (OCR): printed as "off", not "UNAVAILABLE". */
  optional?: boolean;
}

export interface GatewayHandle {
  smtpPort: number;
  smtpHost: string;
  config: GatewayConfig;
  db: Database;
  store: MessageStore;
  clamd: ClamdClient;
  relay: Relay;
  policy(): Policy;
  /**
   * Loads the policy directory again and switches to it for the next messages. An invalid policy
   * is refused (LC_POLICY_INVALID) and the one in force stays: the gateway never runs without one.
   */
  reloadPolicy(): Promise<Policy>;
  dependencies: DependencyStatus[];
  stop(): Promise<void>;
}

/**
 * Builds and starts one gateway: policy, database, message store, clamd client, relay, SMTP.
 * The policy and the database must be usable (a clear error otherwise). clamd and the downstream
 * may be down at start: mail that needs them gets 451 until they are back, with no restart.
 */
export async function startGateway(config: GatewayConfig, log: Logger): Promise<GatewayHandle> {
  const engine = await createEngine(config, log);
  const { clamd } = engine;
  const db = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, log });
  const store = createMessageStore(path.join(config.dataDir, 'messages'));
  const relay = createRelay(config.downstream.url, {
    maxConnections: config.downstream.maxConnections,
    timeoutMs: config.downstream.timeoutMs,
    name: config.smtp.hostname,
    log,
  });
  const secret = await loadSecret(config.dataDir);
  const dispatch = {
    bannerKey: deriveKey(secret, 'lachan-banner-v1'),
    policy: () => engine.policy,
    ledger: createLedger(db),
    vault: createVault(db, store, log, config.quarantineDays),
    relay,
    gatewayName: config.smtp.hostname,
    log,
  };

  const dependencies: DependencyStatus[] = [
    { name: 'database', address: db.describe, ok: true },
    await probe('clamd', clamd.address, () => clamd.ping(), 'start clamd (Debian: apt-get install clamav-daemon) or set LACHAN_CLAMD; mail with attachments gets 451 until it answers'),
    await probe('downstream', redactUrl(config.downstream.url), () => relay.verify(), 'start the mail server at LACHAN_DOWNSTREAM; mail gets 451 until it answers'),
    // text in pictures (scan/ocr): an extra, scanning goes on without it
    await ocrStatus(useOcr({ enabled: config.ocr }), log),
    // lzip and lz4 for .lz/.lz4 attachments: without them those files are held, never passed unscanned
    await decompressorStatus(log),
  ];

  const verifier = config.downstream.verifyRecipients
    ? createRecipientVerifier(config.downstream.url, { name: config.smtp.hostname, log })
    : undefined;
  const largeTurn = createLimiter(config.largeMessages.atOnce);
  // while large messages are scanned, full collections when buffers pile up (large-gc.ts)
  const largeGc = createLargeGc({ limitBytes: LARGE_GC_LIMIT_BYTES, growthBytes: LARGE_GC_GROWTH_BYTES, everyMs: LARGE_GC_EVERY_MS });
  useQrThread(config.qrThread);
  const smtp = createSmtpServer(config.smtp, {
    localDomains: () => engine.policy.localDomains,
    verifyRecipient: verifier ? (address) => verifier.check(address) : undefined,
    spoolDir: path.join(config.dataDir, 'spool'),
    log,
    async handle(message, envelope) {
      const work = async () => {
        const ev = await evaluate(message, engine, {
          mailFrom: envelope.mailFrom,
          rcptTo: envelope.rcptTo,
          remoteAddress: envelope.remoteAddress,
          helo: envelope.heloName,
        });
        try {
          return await dispose(ev, message, envelope, dispatch);
        } finally {
          await releaseMessage(ev.parsed);
        }
      };
      // large messages take their turn (config.largeMessages); small ones never wait for them
      return message.size >= config.largeMessages.bytes ? largeTurn(() => largeGc(work)) : work();
    },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      smtp.once('error', reject);
      smtp.listen(config.smtp.port, config.smtp.host, () => {
        smtp.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    relay.close();
    await clamd.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw listenError(err, config.smtp.host, config.smtp.port);
  }
  const address = smtp.server.address() as AddressInfo;
  const retention = startRetention(config.quarantineDays > 0, () => purgeExpired({ db, store, log }), log);

  return {
    smtpPort: address.port,
    smtpHost: config.smtp.host,
    config,
    db,
    store,
    clamd,
    relay,
    policy: () => engine.policy,
    async reloadPolicy() {
      const next = await loadPolicy(config.policyDir, { extraLocalDomains: config.extraLocalDomains });
      engine.policy = next;
      log.info({ evt: 'policy.reloaded', dir: config.policyDir, rules: next.rules.length }, 'policy reloaded');
      return next;
    },
    dependencies,
    async stop() {
      retention.stop();
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      relay.close();
      await clamd.close();
      await db.close();
    },
  };
}

/** A port in use or not allowed is a configuration problem: one line naming the variables, no stack. */
function listenError(err: unknown, host: string, port: number): LachanError {
  const code = (err as NodeJS.ErrnoException)?.code;
  const why =
    code === 'EADDRINUSE'
      ? 'the port is already in use (stop what listens there or choose another port)'
      : code === 'EACCES'
        ? 'permission denied (ports below 1024 need privileges)'
        : code === 'EADDRNOTAVAIL'
          ? 'no such address on this machine'
          : (err as Error)?.message ?? String(err);
  return new LachanError('LC_CONFIG_INVALID', `LACHAN_SMTP_HOST/LACHAN_SMTP_PORT: cannot listen on ${host}:${port}: ${why}`, { cause: err });
}

/** The OCR line at start: the tesseract version, or why OCR is off and how to install it (also logged once). */
async function ocrStatus(engine: OcrEngine, log: Logger): Promise<DependencyStatus> {
  const status = await engine.check();
  if (status.ok) return { name: 'ocr', address: `${status.version} (${OCR_LANGUAGES.join('+')})`, ok: true, optional: true };
  log.warn({ evt: 'ocr.off', reason: status.reason }, 'OCR off: pictures are not read for text');
  return { name: 'ocr', address: engine.binary, ok: false, optional: true, hint: `${status.reason}; pictures are not read for passwords or lure text` };
}

/** The decompressors line at start: their versions, or which are missing and what that means (also logged once). */
export async function decompressorStatus(log: Logger, check: () => Promise<ToolCheck> = () => checkTools()): Promise<DependencyStatus> {
  const tools = await check();
  if (tools.ok) return { name: 'decompressors', address: tools.versions, ok: true, optional: true };
  const missing = tools.missing.map((m) => m.binary).join(', ');
  log.warn({ evt: 'decompressors.missing', missing }, 'decompressors missing: their attachments are held');
  return {
    name: 'decompressors',
    address: missing,
    ok: false,
    optional: true,
    hint: `${missing} not found: such attachments (.lz, .lz4) are held, not inspected (Debian: apt-get install ${tools.missing.map((m) => m.pkg).join(' ')})`,
  };
}

async function probe(name: string, address: string, check: () => Promise<void>, hint: string): Promise<DependencyStatus> {
  try {
    await check();
    return { name, address, ok: true };
  } catch (err) {
    return { name, address, ok: false, hint: `${(err as Error).message} — ${hint}` };
  }
}
