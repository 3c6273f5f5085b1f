import type { TrueType } from '../../parse/types.js';
import type { FindingKind } from '../types.js';
import { analyseName, doubleExtension, isDangerousExtension, type NameInfo } from './names.js';
import { DANGEROUS_TRUE_TYPES, extensionMismatch, mimeMismatch } from './true-type.js';
import { dangerousMime } from './content-types.js';

/** A finding before it is tied to an attachment and a subject. */
export interface Observation {
  kind: FindingKind;
  detail: string;
  tags?: string[];
  list?: string;
  /** Web addresses the observation is about (attachment.shortcut: its targets), as Finding.urls. */
  urls?: string[];
}

/** Checks on the name alone: bidi controls, stacked extensions, an extension that runs code. */
export function nameObservations(info: NameInfo): Observation[] {
  const out: Observation[] = [];
  if (!info.raw) return out;
  if (info.bidi.length > 0) {
    out.push({
      kind: 'attachment.rtlo',
      detail: `bidi control ${info.bidi.join(', ')} in the file name; its real name is "${info.clean}"`,
      tags: info.bidi,
    });
  }
  const dbl = doubleExtension(info);
  if (dbl) {
    out.push({
      kind: 'attachment.double-extension',
      detail: dbl.decoy
        ? `.${dbl.decoy} shown before the real extension .${dbl.real}`
        : `spaces hide the real extension .${dbl.real}`,
      tags: dbl.decoy ? [dbl.decoy, dbl.real] : [dbl.real],
    });
  }
  return out;
}

/**
 * Name and true type together: dangerous by either, and a name or declared type that disagrees with
 * the bytes. One 'attachment.dangerous-type' per file, tagged with every dangerous extension seen.
 */
export function typeObservations(info: NameInfo, declaredType: string, trueType: TrueType | undefined): Observation[] {
  const out: Observation[] = [];
  const tags: string[] = [];
  const why: string[] = [];
  if (isDangerousExtension(info.ext)) {
    tags.push(info.ext);
    why.push(`name ends in .${info.ext}`);
  }
  if (trueType && DANGEROUS_TRUE_TYPES.has(trueType.ext)) {
    if (!tags.includes(trueType.ext)) tags.push(trueType.ext);
    why.push(`content is ${trueType.ext} (${trueType.mime})`);
  }
  // a declared type mail apps act on (iOS Mail installs an application/x-apple-aspen-config whatever its name)
  const declared = dangerousMime(declaredType);
  if (declared) {
    if (!tags.includes(declared)) tags.push(declared);
    why.push(`declared ${declaredType.split(';')[0]!.trim()}`);
  }
  const byName = trueType !== undefined && extensionMismatch(info.ext, trueType.ext);
  const byMime = trueType !== undefined && declaredType !== '' && mimeMismatch(declaredType, trueType.ext);
  // content that runs code under a harmless type's name or declared type ("CongVan.pdf" that is a
  // shortcut, "report.docx" that is a program): hidden on purpose, not only a file to remove
  if (trueType && DANGEROUS_TRUE_TYPES.has(trueType.ext) && !isDangerousExtension(info.ext) && !declared && (byName || byMime)) tags.push('disguised');
  if (tags.length > 0) out.push({ kind: 'attachment.dangerous-type', detail: why.join('; '), tags });

  if (trueType) {
    if (byName || byMime) {
      const claims = [byName ? `named .${info.ext}` : '', byMime ? `declared ${declaredType}` : ''].filter(Boolean);
      out.push({
        kind: 'attachment.type-mismatch',
        detail: `${claims.join(' and ')} but the content is ${trueType.ext} (${trueType.mime})`,
        tags: [trueType.ext],
      });
    }
  }
  return out;
}

/** Both of the above, for a name, a declared type and a true type. */
export function nameAndTypeObservations(name: string, declaredType: string, trueType: TrueType | undefined): Observation[] {
  const info = analyseName(name);
  return [...nameObservations(info), ...typeObservations(info, declaredType, trueType)];
}

/**
 * Another name the same part goes by (Content-Type name= beside Content-Disposition filename=, an
 * RFC 2231 reading beside a plain one): mail clients differ on which they show and save, so each
 * gets the name checks, said to be about that name.
 */
export function otherNameObservations(name: string): Observation[] {
  const info = analyseName(name);
  const out = nameObservations(info);
  if (isDangerousExtension(info.ext)) out.push({ kind: 'attachment.dangerous-type', detail: `name ends in .${info.ext}`, tags: [info.ext] });
  const shown = JSON.stringify(name.slice(0, 120));
  return out.map((o) => ({ ...o, detail: `also named ${shown}: ${o.detail}` }));
}
