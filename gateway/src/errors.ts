/**
 * Every error the gateway raises on purpose has a stable code (LC_<AREA>_<NAME>), documented in
 * docs/errors.md (a test checks that each code here is documented), and carries the SMTP reply or
 * HTTP status it maps to. Translating an error into a reply happens in one place per protocol:
 * smtp/replies.ts for SMTP and api/ for HTTP.
 */
export interface ErrorSpec {
  /** SMTP reply when this error ends a transaction: [code, enhanced status]. */
  smtp?: [number, string];
  http?: number;
  /** true: a dependency is down, retry later (fail closed with 451). */
  temporary?: boolean;
  message: string;
}

export const ERRORS = {
  LC_CONFIG_INVALID: { message: 'configuration is invalid', temporary: false },
  LC_POLICY_INVALID: { message: 'policy is invalid', temporary: false },
  LC_CLAMD_UNAVAILABLE: { smtp: [451, '4.7.1'], temporary: true, message: 'virus scanner unavailable' },
  LC_CLAMD_TIMEOUT: { smtp: [451, '4.7.1'], temporary: true, message: 'virus scanner timed out' },
  LC_DB_UNAVAILABLE: { smtp: [451, '4.3.0'], temporary: true, http: 503, message: 'database unavailable' },
  LC_STORE_FAILED: { smtp: [451, '4.3.0'], temporary: true, http: 503, message: 'message store failed' },
  LC_STORE_CORRUPT: { http: 500, temporary: false, message: 'stored message does not match its SHA-256' },
  LC_STORE_NOT_FOUND: { http: 404, temporary: false, message: 'message not in the store' },
  LC_DOWNSTREAM_UNAVAILABLE: { smtp: [451, '4.4.1'], temporary: true, message: 'downstream mail server unavailable' },
  LC_DOWNSTREAM_REJECTED: { smtp: [554, '5.0.0'], temporary: false, message: 'downstream mail server rejected the message' },
  LC_SCAN_FAILED: { smtp: [451, '4.7.0'], temporary: true, message: 'message could not be scanned' },
  LC_SPOOL_FAILED: { smtp: [451, '4.3.0'], temporary: true, message: 'could not spool message' },
  LC_MESSAGE_TOO_BIG: { smtp: [552, '5.3.4'], temporary: false, message: 'message exceeds the size limit' },
  LC_RELAY_DENIED: { smtp: [550, '5.7.1'], temporary: false, message: 'relay not permitted' },
  LC_TOO_MANY_RECIPIENTS: { smtp: [452, '4.5.3'], temporary: true, message: 'too many recipients' },
  LC_FILE_UNREADABLE: { temporary: false, message: 'file cannot be read' },
  LC_QUARANTINE_NOT_FOUND: { http: 404, temporary: false, message: 'no quarantined message with that ref' },
  LC_QUARANTINE_STATE: { http: 409, temporary: false, message: 'the quarantined message is not in a status that allows this' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

export class LachanError extends Error {
  readonly code: ErrorCode;
  readonly spec: ErrorSpec;
  constructor(code: ErrorCode, detail?: string, options?: { cause?: unknown }) {
    const spec: ErrorSpec = ERRORS[code];
    super(detail ? `${spec.message}: ${detail}` : spec.message, options);
    this.name = 'LachanError';
    this.code = code;
    this.spec = spec;
  }
  get temporary(): boolean {
    return this.spec.temporary === true;
  }
}

export function isTemporary(err: unknown): boolean {
  return err instanceof LachanError && err.temporary;
}

/** What a thrown value says: its message, or the value itself. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
