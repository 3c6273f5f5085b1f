// Types for payloads.mjs, so the TypeScript tests can import the same builders as generate.mjs.
export declare const EICAR: Buffer;
export declare const MARKER: string;
export declare function makeZip(files: Record<string, Buffer | string>, opts?: { store?: boolean }): Promise<Buffer>;
export declare function makeEncryptedZip(name: string, data: Buffer, password: string): Buffer;
export declare function makePe(): Buffer;
export declare function makePdf(text?: string): Buffer;
export declare function pdfFromObjects(objects: (string | Buffer)[], trailerExtra?: string): Buffer;
export declare function pdfWithEmbedded(files: { name: string; data: Buffer; raw?: boolean; typed?: boolean }[]): Buffer;
export declare function makeJavaScriptPdf(): Buffer;
export declare function makeLinkPdf(url: string): Buffer;
export declare function makeIndirectLinkPdf(url: string): Buffer;
export declare function makeIndirectActionPdf(action?: string, target?: string): Buffer;
export type EncryptedPdfObject = string | Buffer | ((str: (text: string) => string, stream: (dict: string, data: Buffer | string) => Buffer) => string | Buffer);
export interface EncryptedPdfOptions {
  revision?: 3 | 4 | 6;
  userPassword?: string;
  ownerPassword?: string;
  permissions?: number;
}
export declare function makeEncryptedPdf(objects: EncryptedPdfObject[], opts?: EncryptedPdfOptions): Buffer;
export declare function makePermissionsOnlyPdf(url?: string, opts?: EncryptedPdfOptions): Buffer;
export declare function makeWordDocument(opts?: { macros?: boolean; text?: string }): Promise<Buffer>;
export declare function makeVbaStorage(): Buffer;
export declare function makeOleDocWithMacros(): Buffer;
export declare function makeOleDoc(): Buffer;
export declare function makeCredentialHtml(): Buffer;
export declare function makeSmugglingHtml(): Promise<Buffer>;
export declare function makeRedirectHtml(recipient?: string): Buffer;
export declare function makeReportHtml(): Buffer;
export declare function makeZipBomb(size?: number): Promise<Buffer>;
export declare function makeRarHeader(): Buffer;
export declare function make7zHeader(): Buffer;
export declare function makeGzip(data: Buffer | string, opts?: { name?: string }): Buffer;
export declare function makeGzipBomb(size?: number): Buffer;
export interface TarEntrySpec {
  name: string;
  data?: Buffer | string;
  type?: 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'fifo';
  linkName?: string;
}
export declare function makeTar(entries: TarEntrySpec[] | Record<string, Buffer | string>, opts?: { format?: 'pax' | 'gnu' | 'ustar' }): Buffer;
export declare function makeXls(opts?: { macroSheet?: 'visible' | 'hidden' | 'very-hidden' }): Buffer;
