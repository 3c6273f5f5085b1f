/** The part of omggif (no types of its own) that qr/images.ts and the tests use. */
declare module 'omggif' {
  export class GifReader {
    constructor(buf: Uint8Array);
    width: number;
    height: number;
    numFrames(): number;
    decodeAndBlitFrameRGBA(frame: number, pixels: Uint8Array | Uint8ClampedArray): void;
  }
  /** Used by the tests to make GIF pictures. */
  export class GifWriter {
    constructor(buf: Uint8Array, width: number, height: number, opts?: { palette?: number[]; loop?: number });
    addFrame(x: number, y: number, w: number, h: number, indexed: Uint8Array, opts?: Record<string, unknown>): number;
    end(): number;
  }
}
