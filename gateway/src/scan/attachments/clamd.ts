import type { Readable } from 'node:stream';

export interface ClamdResult {
  infected: boolean;
  /** Signature name when infected, e.g. 'Lachan.Test.EICAR.UNOFFICIAL'. */
  signature?: string;
}

/**
 * Talks to clamd (INSTREAM). Throws LachanError LC_CLAMD_UNAVAILABLE / LC_CLAMD_TIMEOUT when clamd
 * cannot answer: the caller fails closed (451), it never treats that as clean.
 */
export interface ClamdClient {
  /** Where clamd is, for logs and `lachan start`: 'tcp://127.0.0.1:3310' or a socket path. */
  readonly address: string;
  scan(data: Buffer | Readable, name?: string): Promise<ClamdResult>;
  /** Resolves when clamd answers PING with PONG. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

// The implementation (our own INSTREAM client) lives in clamd-client.ts.
export { createClamdClient, parseClamdAddress, parseScanReply, type ClamdClientOptions } from './clamd-client.js';
