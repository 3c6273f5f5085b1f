/**
 * Domains that spell a Vietnamese public body outside the state's own names: `ubnd-thanhhoa.info`,
 * `tinhuy-thanhhoa.org`, `sonoivu-thanhhoa.com`, `conganhanoi.net`, `cucthue-nghean.com`. Every
 * provincial People's Committee, Party committee, department, police and tax office publishes under
 * gov.vn (the Party under dcs.vn, schools under edu.vn), so a registrable name made of a public body's
 * words AND a place or ministry is dressed as one. Two words are needed: one word alone names a
 * newspaper or a business as often as a body (congan.com.vn and baothanhhoa.vn are newspapers,
 * thuexethanhhoa.com rents cars).
 *
 * How a name is read: the registrable label is cut at hyphens and underscores; a part counts only
 * when it is made ENTIRELY of words of the lists below ("ubndthanhhoa" = ubnd + thanhhoa), so a
 * word inside another word never counts ("baothanhhoa": "bao" is no list word, the part is
 * skipped). The name is a disguise when its parts hold a body word and a place word, or a ministry
 * word and any other list word. Real suffixes (gov.vn, dcs.vn, edu.vn, ...) are never read.
 */

/** Words of a local public body (no diacritics, as written in domain names). */
const BODY = [
  // People's Committees and Councils, Party committees and their boards
  'ubnd', 'uybannhandan', 'ubndtinh', 'vpubnd', 'vanphongubnd', 'hdnd', 'hoidongnhandan', 'tinhuy', 'thanhuy', 'huyenuy', 'dangbo',
  'bantochuc', 'bantuyengiao', 'bandanvan', 'bannoichinh', 'ubkt', 'uybankiemtra', 'thiduakhenthuong', 'bantdkt',
  // departments (Sở ...): never the bare "so", which is also "số"
  'sonoivu', 'sotttt', 'sothongtin', 'sotaichinh', 'sotuphap', 'soyte', 'sogddt', 'sogiaoduc', 'sokhdt', 'sokehoachdautu', 'sotnmt',
  'sotainguyen', 'soxaydung', 'socongthuong', 'sogtvt', 'sogiaothong', 'sonnptnt', 'sonongnghiep', 'soldtbxh', 'solaodong', 'sovhttdl',
  'sovanhoa', 'sokhcn', 'sokhoahoc', 'songoaivu',
  // police, tax, treasury, social insurance, inspection, courts
  'congan', 'csgt', 'canhsatgiaothong', 'cucthue', 'chicucthue', 'thuedientu', 'khobac', 'kbnn', 'bhxh', 'baohiemxahoi',
  'thanhtra', 'toaan', 'tand', 'vienkiemsat', 'vksnd', 'haiquan', 'cuchaiquan',
  // public services
  'dichvucong', 'dvc', 'hcc', 'hanhchinhcong', 'motcua', 'phucvuhanhchinhcong',
];

/** Ministries and national bodies: each counts with any other list word. */
const MINISTRY = [
  'bocongan', 'botaichinh', 'bonoivu', 'boyte', 'bogddt', 'bogiaoduc', 'botnmt', 'botttt', 'bokhdt', 'bocongthuong', 'boquocphong',
  'bongoaigiao', 'botuphap', 'boxaydung', 'bogtvt', 'bonnptnt', 'boldtbxh', 'bovhttdl', 'bokhcn', 'tongcucthue', 'vpcp', 'vanphongchinhphu',
];

/** Provinces and big cities, before and after the 2025 merger, as written in domain names. */
const PLACE = [
  'hanoi', 'hochiminh', 'tphcm', 'hcm', 'haiphong', 'danang', 'cantho', 'hue', 'thuathienhue',
  'angiang', 'bariavungtau', 'vungtau', 'bacgiang', 'backan', 'baclieu', 'bacninh', 'bentre', 'binhdinh', 'binhduong', 'binhphuoc',
  'binhthuan', 'camau', 'caobang', 'daklak', 'daknong', 'dienbien', 'dongnai', 'dongthap', 'gialai', 'hagiang', 'hanam', 'hatinh',
  'haiduong', 'haugiang', 'hoabinh', 'hungyen', 'khanhhoa', 'kiengiang', 'kontum', 'laichau', 'lamdong', 'langson', 'laocai', 'longan',
  'namdinh', 'nghean', 'ninhbinh', 'ninhthuan', 'phutho', 'phuyen', 'quangbinh', 'quangnam', 'quangngai', 'quangninh', 'quangtri',
  'soctrang', 'sonla', 'tayninh', 'thaibinh', 'thainguyen', 'thanhhoa', 'tiengiang', 'travinh', 'tuyenquang', 'vinhlong', 'vinhphuc', 'yenbai',
];

/** Words that join the others in such names and say nothing themselves: "ubnd-tinh-thanhhoa", "conganthanhphohanoi". */
const FILLER = ['tinh', 'tp', 'thanhpho', 'huyen', 'xa', 'phuong', 'vn', 'gov', 'cong', 'portal', 'online'];

type Role = 'body' | 'ministry' | 'place' | 'filler';
const WORDS = new Map<string, Role>([
  ...FILLER.map((w) => [w, 'filler'] as const),
  ...PLACE.map((w) => [w, 'place'] as const),
  ...BODY.map((w) => [w, 'body'] as const),
  ...MINISTRY.map((w) => [w, 'ministry'] as const),
]);
const LONGEST = Math.max(...[...WORDS.keys()].map((w) => w.length));

/** Suffixes the state and its schools really publish under (and their subdomains). */
const REAL_SUFFIXES = ['gov.vn', 'dcs.vn', 'edu.vn', 'ac.vn', 'mil.vn', 'int.vn'];

/** A label longer than any name a body would spell is not read (bounded work). */
const MAX_PART = 64;

/**
 * The roles of the words `part` is made of, or undefined when it is not made only of list words.
 * Longest words first, with backtracking over a memo: at most MAX_PART × LONGEST steps.
 */
function split(part: string): Role[] | undefined {
  if (part.length === 0 || part.length > MAX_PART) return undefined;
  const memo = new Map<number, Role[] | null>();
  const from = (i: number): Role[] | null => {
    if (i === part.length) return [];
    const known = memo.get(i);
    if (known !== undefined) return known;
    let found: Role[] | null = null;
    for (let len = Math.min(LONGEST, part.length - i); len > 0 && found === null; len--) {
      const role = WORDS.get(part.slice(i, i + len));
      if (role === undefined) continue;
      const rest = from(i + len);
      if (rest !== null) found = [role, ...rest];
    }
    memo.set(i, found);
    return found;
  };
  return from(0) ?? undefined;
}

export interface PublicBodyName {
  /** The list words the name is made of, as found: 'tinhuy+thanhhoa'. */
  words: string;
}

/**
 * `registrable`: the registrable domain (tldts getDomain, private suffixes such as pages.dev
 * included), ASCII lower case. Undefined unless its name spells a public body with a place or a
 * ministry (see above).
 */
export function publicBodyName(registrable: string): PublicBodyName | undefined {
  if (registrable === '' || REAL_SUFFIXES.some((s) => registrable === s || registrable.endsWith(`.${s}`))) return undefined;
  const label = registrable.split('.')[0]!;
  const roles: Role[] = [];
  const parts: string[] = [];
  for (const part of label.split(/[-_]/)) {
    const r = split(part);
    if (!r) continue;
    roles.push(...r);
    parts.push(part);
  }
  const has = (role: Role): boolean => roles.includes(role);
  // a body with a place; a ministry with any other list word ("bocongan-vn", "botaichinh-hoanthue" is not: "hoanthue" is no list word)
  if ((has('body') && has('place')) || (has('ministry') && roles.length >= 2)) return { words: parts.join('+') };
  return undefined;
}
