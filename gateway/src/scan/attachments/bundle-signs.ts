import type { Finding } from '../types.js';
import { analyseName } from './names.js';

/**
 * Signs read across one attachment's findings once its walk is done, about what an archive holds
 * together rather than about one file (scan/attachments/index.ts):
 *
 * - a locked archive opened with the password the message gives that holds a program, script,
 *   shortcut, disk image or macro document: its attachment.encrypted gets 'dangerous-inside' (the
 *   malspam form "hóa đơn.zip, mật khẩu 8412": the lock is only there to blind the filter);
 * - a DLL side-loading bundle: one program beside one or more DLLs, in a disk image, or with a
 *   part in a hidden-looking folder ("_", "__MACOSX", ".data"): the program (often genuine and
 *   signed, renamed after a document) loads the planted DLL next to it. Its attachment.dangerous-type
 *   gets 'side-loading'. A vendor's software zip (a program and its DLLs in ordinary folders) does not.
 */

/** Findings that say a file runs code or hides a macro. */
const PAYLOAD_KINDS: ReadonlySet<Finding['kind']> = new Set(['attachment.dangerous-type', 'attachment.macro']);
const ARROW = ' → ';

/** Is `subject` the path `prefix`, or a path inside it? */
function within(subject: string | undefined, prefix: string | undefined): boolean {
  return subject !== undefined && prefix !== undefined && (subject === prefix || subject.startsWith(prefix + ARROW));
}

/**
 * The findings with 'dangerous-inside' on each attachment.encrypted that a password given in the
 * message opened ('opened', 'password-in-message') when a program, script, shortcut, disk image or
 * macro document lies at or under its path (the entry it is about, or the archive whose names it opened).
 */
export function flagLockedPayloads(findings: readonly Finding[]): Finding[] {
  const payloads = findings.filter((f) => PAYLOAD_KINDS.has(f.kind));
  if (payloads.length === 0) return [...findings];
  return findings.map((f) => {
    if (f.kind !== 'attachment.encrypted' || !f.tags?.includes('opened') || !f.tags.includes('password-in-message') || f.tags.includes('dangerous-inside')) return f;
    const inside = payloads.filter((p) => p.attachment === f.attachment && within(p.subject, f.subject));
    if (inside.length === 0) return f;
    const what = [...new Set(inside.map((p) => p.subject!.split(ARROW).pop()!))].slice(0, 3).join(', ');
    return { ...f, detail: `${f.detail}; it holds ${what}`, tags: [...f.tags, 'dangerous-inside'] };
  });
}

/** Disk images' extensions, as their attachment.dangerous-type tags name them. */
const DISK_IMAGE_TAGS = ['iso', 'img', 'vhd', 'vhdx', 'udf', 'dmg'];
/** A folder name a file manager hides, or one made only of punctuation ("_", "__", "~"): where side-loading bundles put the DLL. */
const HIDDEN_FOLDER = /^(?:\..+|__MACOSX|[\p{P}\p{S}\s]+)$/iu;
/** Programs in one bundle at most (a side-loading bundle is a launcher, a DLL or two, maybe an encrypted payload). */
const MAX_PARTS = 6;

/**
 * The findings with 'side-loading' on the launcher's attachment.dangerous-type (and the DLLs named
 * in its detail) for every container — an archive or a disk image, at any depth — whose members
 * include exactly one program (PE by name or content, not a DLL) and one to five DLLs, when the
 * container is a disk image or one of those parts sits in a hidden-looking folder.
 */
export function flagSideLoading(findings: readonly Finding[]): Finding[] {
  const byContainer = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.kind !== 'attachment.dangerous-type' || !f.subject?.includes(ARROW) || !f.tags?.some((t) => t === 'exe' || t === 'dll')) continue;
    const key = `${f.attachment}\u0000${f.subject.slice(0, f.subject.lastIndexOf(ARROW))}`;
    byContainer.set(key, [...(byContainer.get(key) ?? []), f]);
  }
  const launchers = new Map<Finding, string>();
  for (const [key, parts] of byContainer) {
    if (parts.length < 2 || parts.length > MAX_PARTS) continue;
    const entry = (f: Finding) => f.subject!.slice(f.subject!.lastIndexOf(ARROW) + ARROW.length);
    const inHidden = (f: Finding) => folders(entry(f)).some((folder) => HIDDEN_FOLDER.test(folder));
    // a DLL by name, or a PE under another name (not .exe) in a hidden folder
    const isDll = (f: Finding) => analyseName(entry(f)).ext === 'dll' || f.tags!.includes('dll') || (inHidden(f) && analyseName(entry(f)).ext !== 'exe');
    const programs = parts.filter((f) => !isDll(f));
    const dlls = parts.filter(isDll);
    if (programs.length !== 1 || dlls.length === 0) continue;
    const [attachment, container] = key.split('\u0000') as [string, string];
    const image = findings.some((f) => f.kind === 'attachment.dangerous-type' && f.attachment === attachment && f.subject === container && f.tags?.some((t) => DISK_IMAGE_TAGS.includes(t)));
    const hidden = parts.some(inHidden);
    if (!image && !hidden) continue;
    launchers.set(programs[0]!, `${dlls.map(entry).slice(0, 3).join(', ')}${image ? ' in a disk image' : ' with a part in a hidden folder'}`);
  }
  if (launchers.size === 0) return [...findings];
  return findings.map((f) => {
    const beside = launchers.get(f);
    return beside ? { ...f, detail: `${f.detail}; a program beside ${beside}: DLL side-loading`, tags: [...(f.tags ?? []), 'side-loading'] } : f;
  });
}

/** The folders of an entry's name ('./' and '../' segments left out: tar writes './setup.exe'). */
function folders(name: string): string[] {
  return name.split(/[\\/]/).slice(0, -1).filter((s) => s !== '' && s !== '.' && s !== '..');
}
