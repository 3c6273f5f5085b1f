/** Limits on what the parser and scanners will walk; crossing one is a finding, never a crash. */
export interface ScanLimits {
  maxHeaderCount: number; // headers per message
  maxHeaderLineLength: number; // bytes of one (unfolded) header line
  maxMimeDepth: number; // multipart / message/rfc822 nesting
  maxParts: number; // MIME parts in one message, nested included
  maxUrls: number; // URLs collected per message
  maxTextBytes: number; // bytes of text/html body kept for content scanning
  archiveMaxDepth: number; // zip in zip in zip ...
  archiveMaxEntries: number; // entries in one archive (all levels)
  archiveMaxRatio: number; // uncompressed/compressed size of an entry
  archiveMaxTotalBytes: number; // uncompressed bytes read out of one archive
  clamdTimeoutMs: number;
}

export interface TlsConfig {
  key: string; // path to PEM key
  cert: string; // path to PEM certificate
}

export interface SmtpConfig {
  host: string;
  port: number;
  /** Name announced in the greeting and Received headers. */
  hostname: string;
  maxMessageBytes: number;
  maxRecipients: number;
  maxConnections: number;
  socketTimeoutMs: number;
  tls?: TlsConfig;
  /** EHLO features announced: SIZE is always on; these can be switched off for proxy use. */
  features: { pipelining: boolean; eightBitMime: boolean; smtpUtf8: boolean; dsn: boolean };
  /** Hosts allowed to send XCLIENT (Postfix proxy). */
  xclientHosts: string[];
  /** Wait before the greeting to catch clients that talk first, in ms; 0 = check without waiting. */
  earlyTalkerDelayMs: number;
}

export interface GatewayConfig {
  smtp: SmtpConfig;
  /** verifyRecipients: ask the downstream about each recipient at RCPT time (cached). */
  downstream: { url: string; maxConnections: number; timeoutMs: number; verifyRecipients: boolean };
  http: { host: string; port: number };
  dataDir: string;
  /** undefined: SQLite in dataDir */
  databaseUrl?: string;
  redisUrl: string;
  clamd: { url: string };
  policyDir: string;
  /** From LACHAN_LOCAL_DOMAINS; added to the policy's local domains. */
  extraLocalDomains: string[];
  limits: ScanLimits;
  /** DNS servers for SPF/DKIM/DMARC (LACHAN_DNS_SERVERS); empty: the system's. */
  dnsServers: string[];
  logLevel: string;
  /** SMTP worker processes (cluster); 1 = in-process. */
  workers: number;
  /**
   * Messages of at least `bytes` are parsed, scanned and relayed at most `atOnce` at a time per
   * process (the others wait, spooled on disk): memory stays bounded however many large messages
   * arrive together, and two cores gain nothing from more of them in parallel.
   */
  largeMessages: { bytes: number; atOnce: number };
  /**
   * QR codes decoded in a worker thread (scan/qr/off-thread.ts) instead of the main thread: a big
   * photo no longer holds up the other SMTP sessions for up to ~0.2 s, for ~35 MB more peak memory.
   */
  qrThread: boolean;
  /**
   * Text in pictures read by Debian's tesseract (scan/ocr): passwords given only in a picture, lure
   * text shown only as a picture. LACHAN_OCR=off turns it off; on (the default) it runs when the
   * tesseract binary and its Vietnamese data are installed, and is off (one line at start) when not.
   */
  ocr: boolean;
  /**
   * Days a quarantined original is kept (held or released) before retention deletes its bytes (the
   * record stays, as `deleted` by `retention`); 0 keeps it until an administrator deletes it.
   */
  quarantineDays: number;
}
