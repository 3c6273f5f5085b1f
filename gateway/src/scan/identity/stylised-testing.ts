/**
 * Stylised look-alike letters for tests (sender.stylised-name, sender.disguised-address): each maps
 * a-z (and A-Z where the block has capitals) into a Unicode block, leaving other characters as they are.
 */
const shift = (s: string, lower: number | undefined, upper: number | undefined): string =>
  [...s]
    .map((c) =>
      /[a-z]/.test(c) && lower !== undefined
        ? String.fromCodePoint(lower + c.charCodeAt(0) - 97)
        : /[A-Z]/.test(c) && upper !== undefined
          ? String.fromCodePoint(upper + c.charCodeAt(0) - 65)
          : c,
    )
    .join('');

export const bold = (s: string): string => shift(s, 0x1d41a, 0x1d400);
export const sansBold = (s: string): string => shift(s, 0x1d5ee, 0x1d5d4);
export const script = (s: string): string => shift(s, 0x1d4ea, 0x1d4d0);
export const circled = (s: string): string => shift(s, 0x24d0, undefined);
export const parenthesised = (s: string): string => shift(s, 0x249c, undefined);
/** Printable ASCII in its fullwidth forms (ｐａｙｐａｌ．ｃｏｍ). */
export const fullwidth = (s: string): string =>
  [...s].map((c) => (c >= '!' && c <= '~' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');
/** A display name as a base64 encoded word. */
export const encodedWord = (name: string): string => `=?UTF-8?B?${Buffer.from(name, 'utf8').toString('base64')}?=`;
