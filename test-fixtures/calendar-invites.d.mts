// Types for calendar-invites.mjs, so the TypeScript tests use the same builders as the generators.
export declare const CRLF: string;
export declare function foldIcs(line: string, width?: number): string;
export declare function inlineFile(params: string, data: Buffer | string, width?: number): string;
export declare function ics(eventLines: string[], opts?: { prodid?: string | null; method?: string; props?: string[]; end?: boolean }): string;
export declare const EXCHANGE_PROPS: string[];
export declare function exchangeIcs(eventLines: string[]): string;
export declare function outlookInvite(opts: { plain: string; html?: string; calendar: string | Buffer; from?: string; subject?: string; encoding?: '8bit' | 'base64' }): Buffer;
export declare function googleInvite(opts: { calendar: string; attached?: string; body?: string }): Buffer;
export declare function icsAttachmentMail(calendar: string | Buffer, contentType?: string): Buffer;
