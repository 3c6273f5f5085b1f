import path from 'node:path';
import os from 'node:os';
import { LachanError } from '../errors.js';
import { DEFAULT_LIMITS } from './defaults.js';
import { parseClamdAddress } from '../scan/attachments/clamd-client.js';
import type { GatewayConfig, ScanLimits } from './types.js';

export type { GatewayConfig, ScanLimits } from './types.js';

type Env = Record<string, string | undefined>;

/** One problem per key: the message names the variable and the form it expects. */
function invalid(key: string, expected: string, got: string): never {
  throw new LachanError('LC_CONFIG_INVALID', `${key}=${JSON.stringify(got)}: expected ${expected}`);
}

function str(env: Env, key: string, def: string): string {
  const v = env[key];
  return v === undefined || v.trim() === '' ? def : v.trim();
}

function int(env: Env, key: string, def: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const v = env[key];
  if (v === undefined || v.trim() === '') return def;
  if (!/^\d+$/.test(v.trim())) invalid(key, `a whole number from ${min} to ${max}`, v);
  const n = Number(v.trim());
  if (n < min || n > max) invalid(key, `a whole number from ${min} to ${max}`, v);
  return n;
}

/** Sizes: a number of bytes, or with a unit: 25MB, 512KB, 1GB (powers of 1024). */
function bytes(env: Env, key: string, def: number): number {
  const v = env[key];
  if (v === undefined || v.trim() === '') return def;
  const m = /^(\d+)\s*(b|kb|k|mb|m|gb|g)?$/i.exec(v.trim());
  if (!m) invalid(key, 'a size such as 26214400, 25MB or 512KB', v);
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  const mult = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Number(m[1]) * mult;
}

function bool(env: Env, key: string, def: boolean): boolean {
  const v = env[key];
  if (v === undefined || v.trim() === '') return def;
  if (/^(1|true|yes|on)$/i.test(v.trim())) return true;
  if (/^(0|false|no|off)$/i.test(v.trim())) return false;
  return invalid(key, 'true or false', v);
}

function list(env: Env, key: string): string[] {
  return (env[key] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function url(env: Env, key: string, def: string, schemes: string[]): string {
  const v = str(env, key, def);
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    return invalid(key, `a URL such as ${def}`, v);
  }
  if (!schemes.includes(u.protocol.replace(/:$/, ''))) invalid(key, `a ${schemes.join(' or ')} URL such as ${def}`, v);
  return v;
}

/** Checked with the same parser the clamd client uses, so what passes here also connects there. */
function clamdAddress(env: Env): string {
  const v = str(env, 'LACHAN_CLAMD', 'tcp://127.0.0.1:3310');
  try {
    parseClamdAddress(v);
  } catch {
    invalid('LACHAN_CLAMD', 'tcp://host:port or a unix socket path', v);
  }
  return v;
}

function limits(env: Env): ScanLimits {
  const d = DEFAULT_LIMITS;
  return {
    maxHeaderCount: int(env, 'LACHAN_LIMIT_HEADERS', d.maxHeaderCount, 1),
    maxHeaderLineLength: bytes(env, 'LACHAN_LIMIT_HEADER_LINE', d.maxHeaderLineLength),
    maxMimeDepth: int(env, 'LACHAN_LIMIT_MIME_DEPTH', d.maxMimeDepth, 1, 1000),
    maxParts: int(env, 'LACHAN_LIMIT_PARTS', d.maxParts, 1),
    maxUrls: int(env, 'LACHAN_LIMIT_URLS', d.maxUrls, 1),
    maxTextBytes: bytes(env, 'LACHAN_LIMIT_TEXT', d.maxTextBytes),
    archiveMaxDepth: int(env, 'LACHAN_LIMIT_ARCHIVE_DEPTH', d.archiveMaxDepth, 0, 100),
    archiveMaxEntries: int(env, 'LACHAN_LIMIT_ARCHIVE_ENTRIES', d.archiveMaxEntries, 1),
    archiveMaxRatio: int(env, 'LACHAN_LIMIT_ARCHIVE_RATIO', d.archiveMaxRatio, 1),
    archiveMaxTotalBytes: bytes(env, 'LACHAN_LIMIT_ARCHIVE_BYTES', d.archiveMaxTotalBytes),
    clamdTimeoutMs: int(env, 'LACHAN_CLAMD_TIMEOUT_MS', d.clamdTimeoutMs, 100),
  };
}

/**
 * The gateway's whole configuration, from the environment (see README, "Configuration").
 * Validated once at start; a bad value stops the start with LC_CONFIG_INVALID naming the key.
 */
export function loadConfig(env: Env = process.env): GatewayConfig {
  const tlsKey = env.LACHAN_SMTP_TLS_KEY?.trim();
  const tlsCert = env.LACHAN_SMTP_TLS_CERT?.trim();
  if (Boolean(tlsKey) !== Boolean(tlsCert)) {
    invalid(tlsKey ? 'LACHAN_SMTP_TLS_CERT' : 'LACHAN_SMTP_TLS_KEY', 'a PEM file path (key and certificate go together)', '');
  }
  const databaseUrl = env.LACHAN_DATABASE_URL?.trim() || undefined;
  if (databaseUrl) url(env, 'LACHAN_DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/lachan', ['postgres', 'postgresql']);
  const dataDir = path.resolve(str(env, 'LACHAN_DATA_DIR', './data'));
  const config: GatewayConfig = {
    smtp: {
      host: str(env, 'LACHAN_SMTP_HOST', '127.0.0.1'),
      port: int(env, 'LACHAN_SMTP_PORT', 2525, 0, 65535),
      hostname: str(env, 'LACHAN_SMTP_HOSTNAME', os.hostname()),
      maxMessageBytes: bytes(env, 'LACHAN_MAX_MESSAGE_SIZE', 25 * 1024 * 1024),
      maxRecipients: int(env, 'LACHAN_MAX_RECIPIENTS', 100, 1),
      maxConnections: int(env, 'LACHAN_MAX_CONNECTIONS', 500, 1),
      socketTimeoutMs: int(env, 'LACHAN_SMTP_TIMEOUT_MS', 60_000, 1000),
      tls: tlsKey && tlsCert ? { key: path.resolve(tlsKey), cert: path.resolve(tlsCert) } : undefined,
      features: {
        pipelining: bool(env, 'LACHAN_SMTP_PIPELINING', true),
        eightBitMime: bool(env, 'LACHAN_SMTP_8BITMIME', true),
        smtpUtf8: bool(env, 'LACHAN_SMTP_SMTPUTF8', true),
        dsn: bool(env, 'LACHAN_SMTP_DSN', false),
      },
      xclientHosts: list(env, 'LACHAN_XCLIENT_HOSTS'),
      earlyTalkerDelayMs: int(env, 'LACHAN_EARLY_TALKER_DELAY_MS', 0, 0, 10_000),
    },
    downstream: {
      url: url(env, 'LACHAN_DOWNSTREAM', 'smtp://127.0.0.1:2526', ['smtp', 'smtps']),
      maxConnections: int(env, 'LACHAN_DOWNSTREAM_CONNECTIONS', 10, 1, 1000),
      timeoutMs: int(env, 'LACHAN_DOWNSTREAM_TIMEOUT_MS', 60_000, 100),
      verifyRecipients: bool(env, 'LACHAN_VERIFY_RECIPIENTS', true),
    },
    http: {
      host: str(env, 'LACHAN_HTTP_HOST', '127.0.0.1'),
      port: int(env, 'LACHAN_HTTP_PORT', 8025, 0, 65535),
    },
    dataDir,
    databaseUrl,
    redisUrl: url(env, 'LACHAN_REDIS_URL', 'redis://127.0.0.1:6379', ['redis', 'rediss']),
    clamd: { url: clamdAddress(env) },
    policyDir: path.resolve(str(env, 'LACHAN_POLICY_DIR', './policies')),
    extraLocalDomains: list(env, 'LACHAN_LOCAL_DOMAINS').map((d) => d.toLowerCase()),
    limits: limits(env),
    dnsServers: list(env, 'LACHAN_DNS_SERVERS'),
    logLevel: str(env, 'LACHAN_LOG_LEVEL', 'info'),
    workers: int(env, 'LACHAN_WORKERS', 1, 1, 64),
    largeMessages: {
      bytes: bytes(env, 'LACHAN_LARGE_MESSAGE_SIZE', 1024 * 1024),
      atOnce: int(env, 'LACHAN_LARGE_MESSAGES_AT_ONCE', 4, 1, 1000),
    },
    qrThread: bool(env, 'LACHAN_QR_THREAD', false),
    ocr: bool(env, 'LACHAN_OCR', true),
    quarantineDays: int(env, 'LACHAN_QUARANTINE_DAYS', 90, 0, 36_500),
  };
  return Object.freeze(config);
}

/** The database URL with any password removed, for logs and `lachan start`. */
export function redactUrl(u: string): string {
  try {
    const parsed = new URL(u);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return u;
  }
}
