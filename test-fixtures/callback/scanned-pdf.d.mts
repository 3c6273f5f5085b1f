export declare function scannedPdf(opts: { pictureBytes: number; lines?: string[]; textFirst?: boolean }): Buffer;
