import { trimEndWhile, unitTest } from '../../trim.js';
/**
 * What a file name tells us, before looking at a single byte: the extension Windows will act on,
 * extensions stacked to deceive (invoice.pdf.exe), and bidi controls that reorder the name on screen.
 */

/** Extensions that run code, open a shell, mount a disk or point elsewhere when double-clicked. */
export const DANGEROUS_EXTENSIONS: ReadonlySet<string> = new Set([
  // Windows executables and installers
  'exe', 'dll', 'scr', 'com', 'pif', 'cpl', 'msc', 'msi', 'msp', 'mst', 'msix', 'msixbundle', 'appx',
  'appxbundle', 'application', 'gadget', 'xll', 'wll', 'sys', 'drv', 'ocx',
  // scripts
  'js', 'jse', 'vbs', 'vbe', 'vb', 'wsf', 'wsh', 'wsc', 'ws', 'sct', 'hta', 'ps1', 'ps1xml', 'psm1', 'psd1',
  'bat', 'cmd',
  // shortcuts, settings and help files that run or fetch code
  'lnk', 'url', 'scf', 'inf', 'reg', 'chm', 'hlp', 'library-ms', 'search-ms', 'searchconnector-ms',
  'settingcontent-ms', 'website', 'appref-ms', 'iqy', 'slk', 'one', 'onepkg',
  // disk images (mounted with one click, hide their contents from mail filters)
  'iso', 'img', 'vhd', 'vhdx', 'udf',
  // Apple disk images: macOS mounts them with one click (an app, or a script, inside)
  'dmg',
  // Java
  'jar', 'jnlp', 'class',
  // Outlook's "Level 1" and Gmail's blocked lists, not above: installers and updates, Windows
  // Sandbox and RDP connection files (APT29 mailed signed .rdp files to governments in 2024),
  // App Installer files, diagnostics and provisioning packages, themes (ThemeBleed)
  'msu', 'ex_', 'vxd', 'xbap', 'wsb', 'rdp', 'appinstaller', 'diagcab', 'diagcfg', 'diagpkg', 'ppkg',
  'theme', 'themepack', 'deskthemepack', 'printerexport',
  // phones and Macs: Apple configuration profiles (VPN, MDM, root certificates), Android and iOS
  // apps (fake VNeID or tax apps), macOS installers
  'mobileconfig', 'apk', 'xapk', 'apks', 'apkm', 'ipa', 'pkg', 'mpkg',
]);

/**
 * More extensions that run code, checked on attachments and archive members but not on web links
 * (scan/urls/delivery.ts): as the last part of a URL path they are mostly not downloads (a GitHub
 * page of setup.py, an install.sh, a .app or .run web address).
 */
export const ATTACHMENT_ONLY_EXTENSIONS: ReadonlySet<string> = new Set([
  // the rest of Outlook's "Level 1" list: scrap objects, Internet settings, help projects, FoxPro
  // and Access programs and their shortcuts, Outlook profiles, Monad and PowerShell consoles, ...
  'shb', 'shs', 'ins', 'isp', 'its', 'mcf', 'grp', 'cnt', 'hpj', 'htc', 'bgi', 'fxp', 'prg', 'osd', 'ops', 'pcd',
  'plg', 'prf', 'xnk', 'vsmacros', 'vsw', 'mjs', 'cab',
  'ade', 'adp', 'mda', 'mde', 'mdz', 'accde', 'accdr', 'mad', 'maf', 'mag', 'mam', 'maq', 'mar', 'mas', 'mau',
  'mav', 'maw',
  'ps2', 'ps2xml', 'psc1', 'psc2', 'psdm1', 'msh', 'msh1', 'msh2', 'mshxml', 'msh1xml', 'msh2xml',
  // Python (the Windows launcher runs them with a double-click)
  'py', 'pyw', 'pyz', 'pyzw', 'pyc', 'pyo',
  // macOS apps, Terminal scripts and packages; Linux launchers, installers and packages
  'xar', 'app', 'command', 'tool', 'sh', 'csh', 'ksh', 'desktop', 'appimage', 'deb', 'rpm', 'run',
]);

/** Extensions an attacker puts before the real one so the name looks like a document or a picture. */
export const DECOY_EXTENSIONS: ReadonlySet<string> = new Set([
  'pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'odt', 'ods', 'odp', 'rtf', 'txt', 'csv', 'xml', 'eml',
  'jpg', 'jpeg', 'png', 'gif', 'bmp', 'tif', 'tiff', 'webp', 'heic',
  'mp3', 'mp4', 'avi', 'mov', 'wav', 'wmv', 'mkv',
  'zip', 'rar', '7z', 'html', 'htm',
]);

/** Bidi controls (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI, LRM, RLM, ALM) — none belong in a file name. */
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;
/** Invisible characters that also hide what a name really is. */
const INVISIBLE = /[\u200B-\u200D\u2060-\u2064\uFEFF\u00AD\u034F\u180E]/g;
/**
 * Characters drawn like a dot that Windows does not take as one: 'invoice\u2024pdf.exe' shows a
 * .pdf before the real extension. Read as dots when looking for a decoy, never for the real one.
 */
const LOOKALIKE_DOTS = /[\u2024\uFE52\uFF0E\u3002\uFF61\u06D4\u0701\u0702\uA60E\u2E33]/g;
/** NTFS stream syntax: 'a.exe::$DATA' is the file a.exe; 'a.pdf:x.exe' is a stream of a.pdf. */
const NTFS_STREAM = ':';
const EXT_RE = /^[a-z0-9][a-z0-9_-]{0,19}$/;

export interface NameInfo {
  /** The name as given. */
  raw: string;
  /** Without bidi/invisible characters, NFC, without trailing dots and spaces (Windows drops them). */
  clean: string;
  /** Lower-case extension Windows acts on ('' when none). */
  ext: string;
  /** Every extension-like segment after the base name, lower case, trimmed: 'a.pdf.exe' → ['pdf', 'exe']. */
  exts: string[];
  /** Code points of the bidi controls found, as 'U+202E'. */
  bidi: string[];
  /** True when whitespace pads the name before its last extension ('scan.jpg      .exe'). */
  padded: boolean;
}

const SPACE_OR_DOT = unitTest(/[\s.]/u);

/** Each distinct character of `chars` once, as 'U+202E' (how findings name invisible controls). */
export function codePointLabels(chars: readonly string[]): string[] {
  return [...new Set(chars)].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
}

export function analyseName(raw: string): NameInfo {
  const bidi = codePointLabels(raw.match(BIDI) ?? []);
  const cleaned = raw.normalize('NFC').replace(BIDI, '').replace(INVISIBLE, '');
  const clean = trimEndWhile(cleaned, SPACE_OR_DOT);
  const base = clean.split(/[\\/]/).pop() ?? clean;
  // Of the names Windows may give the file, the first that runs code decides (else the name as given).
  const readings = windowsReadings(base).map(extensionsOf);
  const chosen = readings.find((r) => isDangerousExtension(r.ext)) ?? readings[0]!;
  return { raw, clean, ...chosen, bidi };
}

/**
 * The names a file may end up with on Windows. A ':' cannot be in a name: the mail client saves it
 * as '_' ('a.pdf:.exe' → 'a.pdf_.exe'), while a program writing the raw name to NTFS names a stream
 * and gets the file before it ('a.exe::$DATA' → 'a.exe').
 */
function windowsReadings(base: string): string[] {
  const colon = base.indexOf(NTFS_STREAM);
  if (colon === -1) return [base];
  return [base, base.replaceAll(NTFS_STREAM, '_'), trimEndWhile(base.slice(0, colon), SPACE_OR_DOT)];
}

function extensionsOf(base: string): Pick<NameInfo, 'ext' | 'exts' | 'padded'> {
  const segments = base.split('.');
  // Decoys are looked for with look-alike dots read as dots; the real extension only after a real dot.
  const shown = base.replace(LOOKALIKE_DOTS, '.').split('.');
  const exts: string[] = [];
  // Segments after the first, from the end, while they look like extensions.
  for (let i = shown.length - 1; i >= 1; i -= 1) {
    const seg = shown[i]!.trim().toLowerCase();
    if (!EXT_RE.test(seg)) break;
    exts.unshift(seg);
  }
  const last = segments.length > 1 ? segments[segments.length - 1]! : '';
  const ext = last.trim().toLowerCase();
  const beforeLast = segments.length > 1 ? segments[segments.length - 2]! : '';
  const padded = segments.length > 1 && (/\s\s$/u.test(beforeLast.slice(-2)) || /^\s+/u.test(last) || /[\u2000-\u200A\u3000\u00A0]$/u.test(beforeLast));
  return { ext: EXT_RE.test(ext) ? ext : '', exts, padded };
}

export function isDangerousExtension(ext: string): boolean {
  return DANGEROUS_EXTENSIONS.has(ext) || ATTACHMENT_ONLY_EXTENSIONS.has(ext);
}

/**
 * 'hoa-don.pdf.exe', 'scan.jpg      .exe': the last extension runs code and the one before it
 * (or a run of spaces) is there to make the name look harmless.
 */
export function doubleExtension(info: NameInfo): { decoy: string; real: string } | undefined {
  if (!isDangerousExtension(info.ext) || info.exts.length < 2) {
    if (info.padded && isDangerousExtension(info.ext)) return { decoy: '', real: info.ext };
    return undefined;
  }
  const decoy = info.exts[info.exts.length - 2]!;
  if (DECOY_EXTENSIONS.has(decoy) || info.padded) return { decoy, real: info.ext };
  return undefined;
}
