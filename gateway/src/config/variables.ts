/**
 * Every environment variable the gateway reads, by name. Deployment files (docker-compose.yml)
 * are checked against this list, so a misspelt variable there fails a test instead of being
 * silently ignored. Tests keep it honest: `CONFIG_ENV_VARS` is exactly what `loadConfig` reads,
 * and every `LACHAN_*` name in the source is one of `GATEWAY_ENV_VARS`.
 */

/** Read by `loadConfig` (config/index.ts); see README, "Configuration". */
export const CONFIG_ENV_VARS = [
  'LACHAN_SMTP_HOST',
  'LACHAN_SMTP_PORT',
  'LACHAN_SMTP_HOSTNAME',
  'LACHAN_MAX_MESSAGE_SIZE',
  'LACHAN_MAX_RECIPIENTS',
  'LACHAN_MAX_CONNECTIONS',
  'LACHAN_SMTP_TIMEOUT_MS',
  'LACHAN_SMTP_TLS_KEY',
  'LACHAN_SMTP_TLS_CERT',
  'LACHAN_SMTP_PIPELINING',
  'LACHAN_SMTP_8BITMIME',
  'LACHAN_SMTP_SMTPUTF8',
  'LACHAN_SMTP_DSN',
  'LACHAN_XCLIENT_HOSTS',
  'LACHAN_EARLY_TALKER_DELAY_MS',
  'LACHAN_DOWNSTREAM',
  'LACHAN_DOWNSTREAM_CONNECTIONS',
  'LACHAN_DOWNSTREAM_TIMEOUT_MS',
  'LACHAN_VERIFY_RECIPIENTS',
  'LACHAN_HTTP_HOST',
  'LACHAN_HTTP_PORT',
  'LACHAN_DATA_DIR',
  'LACHAN_DATABASE_URL',
  'LACHAN_REDIS_URL',
  'LACHAN_CLAMD',
  'LACHAN_CLAMD_TIMEOUT_MS',
  'LACHAN_POLICY_DIR',
  'LACHAN_LOCAL_DOMAINS',
  'LACHAN_LIMIT_HEADERS',
  'LACHAN_LIMIT_HEADER_LINE',
  'LACHAN_LIMIT_MIME_DEPTH',
  'LACHAN_LIMIT_PARTS',
  'LACHAN_LIMIT_URLS',
  'LACHAN_LIMIT_TEXT',
  'LACHAN_LIMIT_ARCHIVE_DEPTH',
  'LACHAN_LIMIT_ARCHIVE_ENTRIES',
  'LACHAN_LIMIT_ARCHIVE_RATIO',
  'LACHAN_LIMIT_ARCHIVE_BYTES',
  'LACHAN_DNS_SERVERS',
  'LACHAN_LOG_LEVEL',
  'LACHAN_WORKERS',
  'LACHAN_LARGE_MESSAGE_SIZE',
  'LACHAN_LARGE_MESSAGES_AT_ONCE',
  'LACHAN_QR_THREAD',
  'LACHAN_OCR',
  'LACHAN_QUARANTINE_DAYS',
] as const;

/** Read directly where they are used, not by `loadConfig`. */
export const OTHER_ENV_VARS = [
  'LACHAN_SECRET', // config/secret.ts: the deployment secret (else <data>/secret)
  'LACHAN_CONTENT_DIR', // parse/content.ts: large attachments while scanned (else the OS temp dir)
] as const;

export type GatewayEnvVar = (typeof CONFIG_ENV_VARS)[number] | (typeof OTHER_ENV_VARS)[number];

export const GATEWAY_ENV_VARS: readonly GatewayEnvVar[] = Object.freeze([...CONFIG_ENV_VARS, ...OTHER_ENV_VARS]);

const KNOWN = new Set<string>(GATEWAY_ENV_VARS);

/** True when the gateway reads a variable of this name. */
export function isGatewayEnvVar(name: string): name is GatewayEnvVar {
  return KNOWN.has(name);
}
