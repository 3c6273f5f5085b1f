export declare function textPdf(pages: string[][], opts?: { font?: 'type1' | 'identity-h' | 'predefined-cmap'; compress?: boolean }): Buffer;
