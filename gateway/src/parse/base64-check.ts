/**
 * Checks the body of a base64 part as it streams, without decoding it: characters outside the
 * base64 alphabet, data after the '=' padding, and a length that is not a multiple of 4.
 * Spaces, tabs and line breaks are ignored, as decoders do.
 */
const ALPHABET = 1;
const PAD = 2;
const SPACE = 3;
const TABLE = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') TABLE[c.charCodeAt(0)] = ALPHABET;
TABLE[0x3d] = PAD;
for (const c of [0x20, 0x09, 0x0d, 0x0a]) TABLE[c] = SPACE;

export class Base64Check {
  #chars = 0;
  #padded = false;
  /** First thing found wrong, or '' while the part looks well formed. */
  fault = '';

  write(buf: Buffer, start = 0, end = buf.length): void {
    if (this.fault) return;
    let chars = this.#chars;
    // in a local while the loop runs (after a fault neither is read again)
    let padded = this.#padded;
    for (let i = start; i < end; i++) {
      const kind = TABLE[buf[i]!];
      if (kind === ALPHABET) {
        if (padded) {
          this.fault = 'data after base64 padding';
          return;
        }
        chars++;
      } else if (kind === PAD) {
        padded = true;
        chars++;
      } else if (kind !== SPACE) {
        this.fault = `invalid base64 character 0x${buf[i]!.toString(16).padStart(2, '0')}`;
        return;
      }
    }
    this.#chars = chars;
    this.#padded = padded;
  }

  /** Call at the end of the part; returns the fault, if any. */
  end(): string {
    if (!this.fault && this.#chars % 4 !== 0) this.fault = `base64 length ${this.#chars} is not a multiple of 4`;
    return this.fault;
  }
}
