import { parseFlat } from './flat-parse.js';
import type { Observation } from './checks.js';
import {
  CFB_MAGIC,
  compoundFileObjects,
  EXPLOIT_SCHEMES,
  exploitScheme,
  list,
  objectObservations,
  shortTarget,
  targetInfo,
  type EmbeddedObject,
} from './ole-objects.js';
import { ZipReadLimit, type OpenedZip } from './zip.js';

/**
 * What an OOXML document (docx, xlsx, pptx, ...) fetches or runs without a macro:
 *  - its relationships (`*.rels` parts): a template (attachedTemplate, in settings.xml.rels), an
 *    OLE object, a frame (webSettings.xml.rels) or a sub-document with TargetMode="External" on
 *    another computer is loaded as the document opens (template injection; Follina's oleObject
 *    pointing at a web page); a target using a protocol that runs code (`mhtml:`, `ms-msdt:`,
 *    `search-ms:` ...) is an exploit whatever its relationship. External hyperlinks are ordinary,
 *    and are handed to the URL checks (document-links.ts);
 *  - its embedded OLE objects (`word/embeddings/oleObject1.bin`, `xl/embeddings/…`): Equation Editor and Package objects
 *    (ole-objects.ts).
 * Local targets (a template on the author's C: drive) are not reported: Word writes them all the time.
 *
 * Bounded: RELS_MAX_PARTS relationship parts, each read up to RELS_MAX_BYTES (RELS_TOTAL_BYTES in
 * all), RELS_MAX_PER_PART relationships each; EMBEDDINGS_MAX objects of at most EMBEDDING_MAX_BYTES (EMBEDDINGS_TOTAL_BYTES
 * in all), inflated no further than they say they are. Never throws: a part that cannot be read is
 * listed in `unreadable`.
 */

export const RELS_MAX_PARTS = 200;
export const RELS_MAX_BYTES = 1024 * 1024;
/** Relationship-part bytes read per document. */
const RELS_TOTAL_BYTES = 8 * 1024 * 1024;
export const RELS_MAX_PER_PART = 5000;
/** Exploit and remote relationships kept per document (one is enough for the verdict). */
const MAX_HITS = 50;
export const EMBEDDINGS_MAX = 32;
export const EMBEDDING_MAX_BYTES = 8 * 1024 * 1024;
/** Embedded-object bytes inflated per document (as PDF_MAX_INFLATE). */
const EMBEDDINGS_TOTAL_BYTES = 32 * 1024 * 1024;
/** Hyperlinks kept per document for the URL checks. */
export const OOXML_MAX_LINKS = 200;
/** A target longer than this is not a URL worth checking. */
const MAX_TARGET_CHARS = 8192;

export interface Relationship {
  /** The relationship type's last part: attachedTemplate, oleObject, hyperlink, ... */
  type: string;
  target: string;
  external: boolean;
}

export interface RelationshipHit {
  /** The .rels part it was read from. */
  part: string;
  type: string;
  target: string;
}

export interface OoxmlReport {
  /** Relationships whose target uses a protocol that runs code. */
  exploits: (RelationshipHit & { scheme: string })[];
  /** External templates, OLE objects, frames and sub-documents on another computer. */
  remote: (RelationshipHit & { tag: string; scheme: string })[];
  /** External http(s) hyperlinks, for the URL checks. */
  hyperlinks: string[];
  /** Equation, Package and link objects among the embedded OLE objects. */
  objects: EmbeddedObject[];
  /** Parts read / parts that could not be read (corrupt data). */
  partsRead: number;
  unreadable: string[];
}

/** Relationship types that load their external target when the document opens, and their tags. */
const LOADING_TYPES: Readonly<Record<string, string>> = {
  attachedtemplate: 'attached-template',
  oleobject: 'ole-object',
  frame: 'frame',
  subdocument: 'sub-document',
};

const LOADED_WHAT: Readonly<Record<string, string>> = {
  'attached-template': 'its template',
  'ole-object': 'an OLE object',
  frame: 'a frame',
  'sub-document': 'a sub-document',
};

/** The relationships of one .rels part (htmlparser2 in XML mode: entities decoded, broken XML read as far as it goes). */
export function readRelationships(xml: Buffer): Relationship[] {
  const out: Relationship[] = [];
  // however deep the elements nest, in linear time (flat-parse.ts)
  parseFlat(
    decodeXml(xml),
    {
      onopentag(name, attrs) {
        if (out.length >= RELS_MAX_PER_PART) return;
        if (name.slice(name.indexOf(':') + 1) !== 'Relationship') return;
        const target = attrs.Target ?? '';
        if (target.length > MAX_TARGET_CHARS) return;
        out.push({ type: (attrs.Type ?? '').split('/').pop() ?? '', target, external: /^\s*external\s*$/i.test(attrs.TargetMode ?? '') });
      },
    },
    { xmlMode: true },
  );
  return out;
}

function decodeXml(xml: Buffer): string {
  if (xml[0] === 0xff && xml[1] === 0xfe) return xml.subarray(2).toString('utf16le');
  if (xml[0] === 0xfe && xml[1] === 0xff) return Buffer.from(xml.subarray(2, xml.length - (xml.length % 2))).swap16().toString('utf16le');
  return xml.toString('utf8');
}

/** Sorts the relationships of one part into the report. */
export function classifyRelationships(part: string, rels: readonly Relationship[], report: OoxmlReport): void {
  for (const r of rels) {
    const target = r.target.trim();
    const scheme = exploitScheme(target);
    if (scheme) {
      if (report.exploits.length < MAX_HITS) report.exploits.push({ part, type: r.type, target, scheme });
      continue;
    }
    if (!r.external) continue;
    const tag = LOADING_TYPES[r.type.toLowerCase()];
    if (tag) {
      const info = targetInfo(target);
      if (info.remote && report.remote.length < MAX_HITS) report.remote.push({ part, type: r.type, target, tag, scheme: info.scheme });
    } else if (r.type.toLowerCase() === 'hyperlink' && /^https?:\/\//i.test(target) && report.hyperlinks.length < OOXML_MAX_LINKS && !report.hyperlinks.includes(target)) {
      // web links only: a document's links to files on the author's disk (file:///C:/…) are no one's business
      report.hyperlinks.push(target);
    }
  }
}

export function emptyOoxmlReport(): OoxmlReport {
  return { exploits: [], remote: [], hyperlinks: [], objects: [], partsRead: 0, unreadable: [] };
}

/** Reads the relationships and embedded objects of an opened OOXML zip. */
export async function inspectOoxml(zip: OpenedZip): Promise<OoxmlReport> {
  const report = emptyOoxmlReport();
  const files = zip.entries.filter((e) => !e.directory && !e.encrypted);

  let relsBudget = RELS_TOTAL_BYTES;
  for (const entry of files.filter((e) => /(^|\/)_rels\/[^/]*\.rels$/i.test(e.name)).slice(0, RELS_MAX_PARTS)) {
    if (relsBudget <= 0) break;
    let xml: Buffer;
    try {
      xml = await zip.read(entry, Math.min(RELS_MAX_BYTES, relsBudget), { truncate: true });
    } catch {
      report.unreadable.push(entry.name);
      continue;
    }
    relsBudget -= xml.length;
    report.partsRead++;
    classifyRelationships(entry.name, readRelationships(xml), report);
  }

  let budget = EMBEDDINGS_TOTAL_BYTES;
  for (const entry of files.filter((e) => /(^|\/)embeddings\/[^/]+\.bin$/i.test(e.name)).slice(0, EMBEDDINGS_MAX)) {
    // an object bigger than the caps is left to clamd (a compound file cannot be read from its head)
    if (entry.uncompressedSize > Math.min(EMBEDDING_MAX_BYTES, budget)) continue;
    let data: Buffer;
    try {
      data = await zip.read(entry, entry.uncompressedSize);
    } catch (err) {
      if (!(err instanceof ZipReadLimit)) report.unreadable.push(entry.name);
      continue;
    }
    budget -= data.length;
    if (!data.subarray(0, 8).equals(CFB_MAGIC)) continue; // not an OLE object (an ActiveX or printer blob)
    const objects = compoundFileObjects(data);
    if (!objects) {
      report.unreadable.push(entry.name);
      continue;
    }
    report.partsRead++;
    // a packaged file is walked as "doc.docx → word/embeddings/oleObject1.bin → invoice.exe", within the ratio limit of its part
    const ratio = entry.compressedSize > 0 ? entry.uncompressedSize / entry.compressedSize : Infinity;
    for (const o of objects) if (o.packaged) o.packaged = { ...o.packaged, via: [entry.name, ...o.packaged.via], ratio };
    report.objects.push(...objects);
  }
  return report;
}

/** Findings for one OOXML document. */
export function ooxmlObservations(report: OoxmlReport): Observation[] {
  const out: Observation[] = [];
  if (report.exploits.length > 0) {
    const schemes = [...new Set(report.exploits.map((e) => e.scheme))];
    const what = report.exploits.map((e) => `${e.type || 'a'} relationship to ${shortTarget(e.target)}`);
    const why = schemes.map((s) => `${s}: ${EXPLOIT_SCHEMES.get(s)}`);
    out.push({ kind: 'attachment.exploit', detail: `OOXML document with ${list(what)} (${why.join('; ')})`, tags: [...schemes, 'ooxml'] });
  }
  if (report.remote.length > 0) {
    const tags = new Set<string>();
    for (const r of report.remote) tags.add(r.tag);
    for (const r of report.remote) tags.add(r.scheme);
    tags.add('ooxml');
    const what = report.remote.map((r) => `${LOADED_WHAT[r.tag]} from ${shortTarget(r.target)}`);
    const injection = report.remote.some((r) => r.tag === 'attached-template') ? ' (template injection)' : '';
    out.push({ kind: 'attachment.external-object', detail: `OOXML document loads ${list(what)} when it opens${injection}`, tags: [...tags] });
  }
  out.push(...objectObservations(report.objects, 'ooxml'));
  if (report.unreadable.length > 0 && report.partsRead === 0) {
    out.push({ kind: 'attachment.uninspectable', detail: `OOXML document parts cannot be read: ${list(report.unreadable)}`, tags: ['ooxml'] });
  }
  return out;
}
