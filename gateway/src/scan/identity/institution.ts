import { foldText } from '../content/fold.js';
import { wordList } from '../content/word-list.js';

/**
 * The kinds of institution scams pose as, by the words a sender name uses for them when it names
 * no particular brand ("Banco NU. Protocolo 779…", "Tribunal Brasil", "Công an phường", "Cục Hải
 * quan", "Văn phòng UBND tỉnh"): a bank, a court, the police, a tax or customs office, social
 * insurance, a province's or commune's authority. Matched on folded text (no case, no diacritics),
 * whole words only. The brand list (lists/brands.txt) names the
 * particular banks and agencies; this catches the generic claim.
 *
 * A real bank, court or police office writes from its own domain. Small offices do use free mail
 * (a commune's police on Gmail), so the identity scanner reports the claim only together with a
 * free-mail address, and the policy counts it only beside another strong sign.
 */
const INSTITUTIONS: ReadonlyArray<[string, string[]]> = [
  ['bank', ['bank', 'banco', 'banque', 'banca', 'ngan hang']],
  [
    'court',
    [
      'tribunal', 'tribunale', 'supreme court', 'district court', 'court of justice', 'gericht', 'toa an', 'vien kiem sat',
      // a court's notice by its legal words ("Aviso Processual", "Intimação Judicial", "Justiça do Trabalho")
      'processual', 'judicial', 'justica', 'intimacao', 'citacao', 'juzgado',
    ],
  ],
  ['police', ['police', 'policia', 'polizia', 'polizei', 'gendarmerie', 'europol', 'interpol', 'fbi', 'cong an', 'canh sat']],
  [
    'tax',
    ['tax office', 'tax department', 'tax authority', 'tax refund', 'irs', 'hmrc', 'receita federal', 'finanzamt', 'impots', 'hacienda', 'cuc thue', 'chi cuc thue', 'co quan thue', 'tong cuc thue'],
  ],
  ['customs', ['customs', 'alfandega', 'aduana', 'douane', 'zoll', 'hai quan']],
  ['social-insurance', ['bao hiem xa hoi', 'bhxh', 'social security']],
  // a provincial or commune authority: its People's Committee or Council, its Party committee, a
  // department by name (never the bare "Sở", which folds like "số")
  [
    'government',
    [
      'ubnd', 'uy ban nhan dan', 'hdnd', 'hoi dong nhan dan', 'tinh uy', 'thanh uy', 'huyen uy', 'dang uy',
      'so (?:noi vu|tai chinh|tu phap|y te|xay dung|cong thuong|ngoai vu|giao duc|ke hoach|tai nguyen|giao thong|thong tin|lao dong|van hoa|khoa hoc|nong nghiep)',
      'kho bac', 'thanh tra (?:tinh|huyen|chinh phu)', 'trung tam phuc vu hanh chinh cong',
    ],
  ],
];

const PATTERNS: ReadonlyArray<[string, RegExp]> = INSTITUTIONS.map(([kind, words]) => [kind, wordList(words, '')]);

/** Characters of a sender name looked at: names are short. */
const MAX_NAME = 200;

/** The kind of institution a sender name claims ('bank', 'court', 'police', ...), or undefined. */
export function institutionIn(name: string): { kind: string; words: string } | undefined {
  const folded = foldText(name.slice(0, MAX_NAME));
  for (const [kind, re] of PATTERNS) {
    const m = re.exec(folded);
    if (m) return { kind, words: m[0].replace(/^[^a-z0-9]/, '') };
  }
  return undefined;
}
