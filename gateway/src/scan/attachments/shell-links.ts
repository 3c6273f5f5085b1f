/**
 * What a Windows shell link (.lnk, MS-SHLLINK) starts, read cheaply from its own structures: the
 * target's path in LinkInfo (a local path, or a share's name), the string data (relative path,
 * working folder, command-line arguments), the target kept in an EnvironmentVariableDataBlock
 * ("%windir%\system32\cmd.exe") and the names in its item ID list. The file is known as a
 * shortcut by its header (file-type: HeaderSize 0x4C and LinkCLSID 00021401-…-46) whatever it is
 * named; this only says what it runs, for the finding's detail and tags (walk-content.ts): a
 * shortcut that starts a command interpreter or a script host (cmd, PowerShell, mshta,
 * rundll32, conhost...) is how shortcut droppers work, a shortcut to a document or a program
 * under Program Files is not. Anything malformed gives what was read before it.
 */

/** Bytes of a shortcut read (real ones are a few KB; droppers pad the arguments to hide them). */
export const LNK_MAX_BYTES = 256 * 1024;

/** LinkCLSID 00021401-0000-0000-C000-000000000046, as it is stored. */
const LNK_CLSID = Buffer.from('0114020000000000c000000000000046', 'hex');
const HAS_ID_LIST = 0x1;
const HAS_LINK_INFO = 0x2;
/** StringData's strings, in the order the format fixes them. */
const STRINGS = [
  [0x4, 'name'],
  [0x8, 'relativePath'],
  [0x10, 'workingDir'],
  [0x20, 'args'],
  [0x40, 'icon'],
] as const;
const IS_UNICODE = 0x80;
const ENVIRONMENT_BLOCK = 0xa0000001;

export interface ShellLink {
  /** The target's path: LinkInfo's, else the environment block's, else the relative path, else the ID list's names. */
  target?: string;
  /** The command-line arguments (whitespace runs collapsed). */
  args?: string;
  /** Programs the shortcut starts that run commands or scripts (cmd, powershell, mshta...), lower case, without .exe. */
  runs: string[];
  /** Web addresses in the target or arguments. */
  urls: string[];
  /** The target is on a network share (\\host\share, a LinkInfo network path). */
  unc: boolean;
}

/** Command interpreters, script hosts and the Windows programs droppers start code through. */
const RUNNERS = /(?<![\p{L}\p{N}_])(cmd|powershell|pwsh|mshta|rundll32|regsvr32|conhost|wscript|cscript|msiexec|certutil|bitsadmin|curl|forfiles|cmstp|msbuild|installutil|regasm|regsvcs|odbcconf|pcalua|msdt|schtasks|wmic)(?:\.exe)?(?![\p{L}\p{N}_-])/giu;
const WEB_URL = /\bhttps?:\/\/[^\s"'<>|^]{1,500}/gi;

/** The shortcut `bytes` is, or undefined when they are not one. */
export function readShellLink(bytes: Buffer): ShellLink | undefined {
  const b = bytes.subarray(0, LNK_MAX_BYTES);
  if (b.length < 76 || b.readUInt32LE(0) !== 0x4c || !b.subarray(4, 20).equals(LNK_CLSID)) return undefined;
  const flags = b.readUInt32LE(20);
  const found: Partial<Record<'idList' | 'linkInfo' | 'unc' | 'env' | (typeof STRINGS)[number][1], string>> = {};
  let at = 76;
  if (flags & HAS_ID_LIST) {
    if (at + 2 > b.length) return shellLink(found);
    const size = b.readUInt16LE(at);
    found.idList = idListPath(b.subarray(at + 2, at + 2 + size));
    at += 2 + size;
  }
  if (flags & HAS_LINK_INFO) {
    if (at + 4 > b.length) return shellLink(found);
    const size = b.readUInt32LE(at);
    Object.assign(found, linkInfo(b.subarray(at, at + size)));
    at += Math.max(size, 4);
  }
  const unicode = (flags & IS_UNICODE) !== 0;
  for (const [flag, key] of STRINGS) {
    if (!(flags & flag)) continue;
    if (at + 2 > b.length) return shellLink(found);
    const chars = b.readUInt16LE(at);
    const end = at + 2 + chars * (unicode ? 2 : 1);
    found[key] = b.toString(unicode ? 'utf16le' : 'latin1', at + 2, Math.min(end, b.length));
    at = end;
  }
  // extra data blocks: BlockSize, BlockSignature, ... up to a terminal block (size < 4)
  for (let n = 0; n < 64 && at + 8 <= b.length; n++) {
    const size = b.readUInt32LE(at);
    if (size < 8) break;
    if (b.readUInt32LE(at + 4) === ENVIRONMENT_BLOCK && size >= 0x314 && at + 0x314 <= b.length) {
      found.env = cString(b.subarray(at + 268, at + 788), 'utf16le') || cString(b.subarray(at + 8, at + 268), 'latin1');
    }
    at += size;
  }
  return shellLink(found);
}

function shellLink(f: Partial<Record<string, string>>): ShellLink {
  const target = [f.linkInfo, f.env, f.relativePath, f.idList].find((s) => s && s.trim().length > 0)?.trim();
  const args = f.args?.replace(/\s+/g, ' ').trim() || undefined;
  // every path the shortcut carries, and its arguments: a dropper may name cmd.exe in one place only
  const text = [f.linkInfo, f.env, f.relativePath, f.idList, f.args].filter(Boolean).join('\n');
  const runs = [...new Set([...text.matchAll(RUNNERS)].map((m) => m[1]!.toLowerCase()))];
  const urls = [...new Set([...text.matchAll(WEB_URL)].map((m) => m[0]))].slice(0, 5);
  const unc = f.unc !== undefined || /^\\\\[^\\]/.test(target ?? '');
  return { ...(target ? { target: target.slice(0, 260) } : {}), ...(args ? { args } : {}), runs, urls, unc };
}

/**
 * LinkInfo: the local base path and common path suffix (ANSI, or Unicode when the header has their
 * offsets), or a share's name (CommonNetworkRelativeLink's NetName) and the suffix.
 */
function linkInfo(li: Buffer): { linkInfo?: string; unc?: string } {
  if (li.length < 28) return {};
  const headerSize = li.readUInt32LE(4);
  const flags = li.readUInt32LE(8);
  const at = (off: number) => li.readUInt32LE(off);
  const unicode = headerSize >= 0x24 && li.length >= 0x24;
  const suffix = unicode && at(32) ? cString(li.subarray(at(32)), 'utf16le') : cString(li.subarray(at(24)), 'latin1');
  const join = (base: string) => (suffix ? `${base.replace(/\\$/, '')}\\${suffix}` : base);
  if (flags & 0x1) {
    const base = unicode && at(28) ? cString(li.subarray(at(28)), 'utf16le') : cString(li.subarray(at(16)), 'latin1');
    if (base) return { linkInfo: join(base) };
  }
  if (flags & 0x2) {
    const cnrl = li.subarray(at(20));
    if (cnrl.length >= 20) {
      const net = cString(cnrl.subarray(cnrl.readUInt32LE(8)), 'latin1');
      if (net) return { linkInfo: join(net), unc: net };
    }
  }
  return {};
}

/** The names an item ID list holds: a volume's "C:\", then each file entry's (short) name. */
function idListPath(list: Buffer): string {
  const names: string[] = [];
  for (let at = 0, n = 0; at + 2 <= list.length && n < 64; n++) {
    const size = list.readUInt16LE(at);
    if (size < 3) break;
    const item = list.subarray(at, at + size);
    const kind = item[2]! & 0x70;
    if (kind === 0x20) names.push(cString(item.subarray(3), 'latin1').replace(/\\$/, ''));
    else if (kind === 0x30 && item.length > 14) names.push(cString(item.subarray(14), 'latin1'));
    at += size;
  }
  return names.filter(Boolean).join('\\');
}

/** A NUL-terminated string (printable characters only; at most 1,024). */
function cString(b: Buffer, encoding: 'latin1' | 'utf16le'): string {
  const step = encoding === 'utf16le' ? 2 : 1;
  let end = 0;
  while (end + step <= b.length && end < 1024 * step && (step === 1 ? b[end] !== 0 : b.readUInt16LE(end) !== 0)) end += step;
  return b.toString(encoding, 0, end).replace(/[\u0000-\u001f]/g, '');
}

/**
 * Tags and the end of the detail for the shortcut's attachment.dangerous-type: runs-command and
 * runs-<program> when it starts a command interpreter or script host, web-address when its target
 * or arguments carry one, unc-target for a target on a share.
 */
export function shellLinkTarget(link: ShellLink): { tags: string[]; detail: string } | undefined {
  const tags = [...(link.runs.length > 0 ? ['runs-command', ...link.runs.map((r) => `runs-${r}`)] : []), ...(link.urls.length > 0 ? ['web-address'] : []), ...(link.unc ? ['unc-target'] : [])];
  if (!link.target && !link.args) return tags.length > 0 ? { tags, detail: 'the shortcut starts a command' } : undefined;
  const args = link.args ? ` ${link.args.length > 200 ? `${link.args.slice(0, 200)}…` : link.args}` : '';
  return { tags, detail: `the shortcut runs ${link.target ?? '(no target path)'}${args}` };
}
