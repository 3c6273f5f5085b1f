import { filtersOf, findNames, MAX_EMBEDDED, type EmbeddedFile } from './pdf-decrypted.js';
import { namesOf, parseValues, segments, splitStreamRanges, streamBytes, type Segment, type StreamRange } from './pdf-syntax.js';

/**
 * The embedded files of a PDF that is not encrypted, for the walk (walk-pdf.ts), which inflates and
 * walks each as an archive member — name, true type, macros, ClamAV — as it does for a PDF opened
 * with a password (pdf-decrypted.ts, whose name lookup this shares). A PDF carrying `invoice.exe`
 * is then a dangerous attachment like a zip carrying it, not only a PDF with "an embedded file".
 *
 * A stream is an embedded file when its dictionary says /Type /EmbeddedFile, or a file
 * specification's /EF dictionary (in a plain object) points at it: /Type is optional there, and a
 * writer hiding its file leaves it out. Names come from the file specifications (/UF, /F ...), in
 * plain objects and in object streams (within pdf-decrypted's budgets), else "embedded file N".
 *
 * Bounded: only PDFs held whole (the walk calls it for those); at most MAX_EMBEDDED files, each a
 * view into the PDF's bytes (nothing is copied here: the walk inflates them within its byte budget
 * and ratio limit); /EF dictionaries looked for in at most MAX_EF_OBJECTS plain objects. Never
 * throws on a broken PDF: what cannot be read is left out.
 */

/** Plain objects with "/EF" parsed for the streams they point at, at most. */
const MAX_EF_OBJECTS = 1000;
/** Keys of an /EF dictionary that point at an embedded file stream. */
const EF_KEYS = ['UF', 'F', 'Unix', 'DOS', 'Mac'] as const;
/** A clear PDF's strings are read as written. */
export const AS_WRITTEN = { decryptString: (s: string) => s };

/** Streams a file specification points at (/EF << /F 12 0 R >>), in at most MAX_EF_OBJECTS plain objects. */
export function efPointed(plain: Segment[]): Set<number> {
  const pointed = new Set<number>();
  let parsed = 0;
  for (const seg of plain) {
    if (parsed >= MAX_EF_OBJECTS) break;
    if (seg.num === undefined || !seg.text.includes('/EF')) continue;
    parsed++;
    parseValues(seg.text, (d) => {
      const ef = d.m.get('EF');
      if (ef?.t !== 'dict') return;
      for (const key of EF_KEYS) {
        const ref = ef.m.get(key);
        if (ref?.t === 'ref') pointed.add(ref.n);
      }
    });
  }
  return pointed;
}

export function clearPdfEmbedded(bytes: Buffer): EmbeddedFile[] {
  // every stream's place (which are embedded files is known only once the /EF entries are read)
  const { outside, streams } = splitStreamRanges(bytes, () => true);
  const plain = segments(outside);

  const pointed = efPointed(plain);

  const nums = new Map<number, string | undefined>();
  const kept: { s: StreamRange; data: Buffer; names: string[] }[] = [];
  for (const s of streams) {
    if (s.num === undefined) continue;
    const names = namesOf(s.dict);
    const typed = (t: string) => names.some((n, i) => n === 'Type' && names[i + 1] === t);
    const embedded = typed('EmbeddedFile') || pointed.has(s.num);
    if (!embedded && !typed('ObjStm')) continue;
    if (embedded) {
      if (nums.size >= MAX_EMBEDDED || nums.has(s.num)) continue;
      nums.set(s.num, undefined);
    }
    kept.push({ s, data: streamBytes(bytes, s), names });
  }
  if (nums.size === 0) return [];
  findNames(plain, kept, AS_WRITTEN, nums);

  const out: EmbeddedFile[] = [];
  let n = 0;
  for (const { s, data, names } of kept) {
    if (!nums.has(s.num!)) continue;
    n++;
    out.push({ name: nums.get(s.num!) ?? `embedded file ${n}`, data, filters: filtersOf(names) });
  }
  return out;
}
