// Types for office-payloads.mjs, so the TypeScript tests can import the same builders as generate.mjs.
export declare const EQUATION_CLSID: string;
export declare const FAKE_PROGRAM: Buffer;
export declare const FAKE_EQUATION: Buffer;
export declare function ole1Object(className: string, native?: Buffer, opts?: { linked?: boolean; topic?: string }): Buffer;
export declare function packageNative(fileName: string, data: Buffer, opts?: { sourcePath?: string; tempPath?: string }): Buffer;
export declare function ole10NativeStream(fileName: string, data: Buffer): Buffer;
export declare function obfuscatedHex(buf: Buffer): string;
export interface RtfObjectSpec {
  objclass?: string;
  data: Buffer;
  update?: boolean;
  obfuscate?: boolean;
}
export declare function makeRtf(opts?: { objects?: RtfObjectSpec[]; header?: string; template?: string; text?: string }): Buffer;
export declare function makeEquationRtf(): Buffer;
export declare function makePackageRtf(name?: string): Buffer;
export declare function makeCompoundFile(streams: Record<string, Buffer | string>, opts?: { clsid?: string }): Buffer;
export declare function makeExcelObject(): Buffer;
export declare function compObj(userType: string, progId: string): Buffer;
export declare function packageBin(fileName: string, data: Buffer): Buffer;
export declare function makeCleanRtf(): Buffer;
export declare function oleLinkStream(url: string): Buffer;
export declare function makeOleDocWithPackage(name?: string): Buffer;
export declare function makeEquationOleObject(): Buffer;
export interface RelSpec {
  type: string;
  target: string;
  external?: boolean;
}
export declare function relsXml(rels: RelSpec[]): string;
export declare function makeDocx(opts?: { document?: RelSpec[]; settings?: RelSpec[]; files?: Record<string, Buffer | string>; text?: string }): Promise<Buffer>;
export declare function makeRemoteTemplateDocx(url?: string): Promise<Buffer>;
export declare function makeMhtmlOleDocx(target?: string): Promise<Buffer>;
export declare function makeHyperlinkDocx(url?: string): Promise<Buffer>;
export declare function makeMacroWorkbook(): Promise<Buffer>;
export declare function makeLoopedDirectoryDoc(): Buffer;
