import type { ParsedMessage } from '../../parse/types.js';
import type { Finding } from '../types.js';
import { GREETINGS } from '../greetings.js';

/**
 * content.unfilled-placeholder: a mass-mailing tool fills tokens such as #RANDOM#, {RND}, %RND_NUMBER%,
 * [RANDOM_STRING] (a random value per copy, to defeat filters that compare copies) or {{first_name}},
 * %%FIRSTNAME%%, [[email]], $name$ (the recipient's fields) into the subject, the From name and the
 * text. When the tool misfires the raw token reaches the reader. Only the token names those tools use
 * are read (random/rnd/rand..., name/email/firstname/company...), in their delimiters:
 *  - random-value tokens, anywhere: the subject, the From name, the HTML <title>, the text;
 *  - recipient-field tokens in the subject, the From name or the <title>; in the text only where a
 *    letter puts a name (after a greeting, alone on a salutation line, after "© 2025"), because
 *    developers discuss {{name}} in templates: text that shows other template markup ({% if %},
 *    {{ order.id }}) or speaks of templates (Jinja, Handlebars, placeholders, merge tags) is not read
 *    for them, nor are quoted lines ("> ...") and tokens in quotes or backticks.
 * A single bracket ("Dear [Name]") is how people mark a gap in a draft: only random tokens count there.
 * At most one finding per message (random first, then subject, From name, title, text).
 */

const RANDOM = /^(?:random|randon|randm|rnd|rand)(?:[ _-]?(?:string|str|numbers?|num|int|integer|digits?|letters?|chars?|text|words?|hex|id|code|alpha|alnum|mixed|mix))?(?:[ _-]?\d{1,3})?$/i;
const RECIPIENT =
  /^(?:(?:first|last|full|user|recipient|receiver|client|customer|to|contact|company)[ _.-]?(?:name|e-?mail(?:[ _-]?address)?|mail)|company|recipient|fname|lname|name|e-?mail(?:[ _-]?address)?)$/i;

const NAME = String.raw`([A-Za-z][A-Za-z0-9 _.-]{1,28}?)`;
/** Default value after the name, as some tools write it: {{name?Olá}}, {{ first_name | "friend" }}. */
const FALLBACK = String.raw`(?:\s*[?|][^{}\n]{0,40}?)?`;

interface Form {
  re: RegExp;
  /** Characters every match of `re` contains: text without them is not searched (most text has none). */
  needs: string;
  /** A single bracket marks a gap in a person's draft: random tokens only, written as tools do (upper case). */
  randomOnly?: boolean;
}

/** Delimiters of the tools; tried in this order at each place, so {{x}} is not read as {x}. */
const FORMS: Form[] = [
  { re: new RegExp(String.raw`\{\{\s*${NAME}${FALLBACK}\s*\}\}`, 'g'), needs: '{{' },
  { re: new RegExp(String.raw`\{\$${NAME}\}`, 'g'), needs: '{$' },
  // not ${name}: shell and JavaScript variables
  { re: new RegExp(String.raw`(?<![$\{])\{${NAME}\}(?!\})`, 'g'), needs: '{' },
  { re: new RegExp(String.raw`\[\[\s*${NAME}\s*\]\]`, 'g'), needs: '[[' },
  { re: new RegExp(String.raw`(?<![\w[])\[${NAME}\](?![\](])`, 'g'), needs: '[', randomOnly: true },
  { re: new RegExp(String.raw`(?<![\w%])%%?${NAME}%%?(?![\w%])`, 'g'), needs: '%' },
  { re: new RegExp(String.raw`(?<![\w#])##?${NAME}##?(?![\w#])`, 'g'), needs: '#' },
  { re: new RegExp(String.raw`(?<![\w$])\$${NAME}\$(?![\w$])`, 'g'), needs: '$' },
  { re: new RegExp(String.raw`\*\|${NAME}\|\*`, 'g'), needs: '*|' },
];

type Where = 'subject' | 'from-name' | 'title' | 'text';
type Kind = 'random' | 'recipient-field';

interface Hit {
  token: string;
  name: string;
  kind: Kind;
  index: number;
}

function hitsIn(text: string): Hit[] {
  const hits: Hit[] = [];
  const taken: Array<[number, number]> = [];
  for (const form of FORMS) {
    if (!text.includes(form.needs)) continue;
    for (const m of text.matchAll(form.re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken.some(([a, b]) => start < b && end > a)) continue;
      const name = m[1]!.trim();
      const kind: Kind | undefined = RANDOM.test(name) ? 'random' : RECIPIENT.test(name) ? 'recipient-field' : undefined;
      if (!kind || (form.randomOnly && (kind !== 'random' || name !== name.toUpperCase()))) continue;
      taken.push([start, end]);
      hits.push({ token: m[0], name, kind, index: start });
    }
  }
  return hits;
}

/** Text about templates: the FORMS there are examples, not a misfire. */
const TEMPLATE_TALK = /\{%|%\}|\{\{[#/^>!]|\b(?:jinja2?|handlebars|mustache|liquid|twig|placeholders?|merge[ -]tags?|mail[ -]merge|template (?:variables?|syntax|engine|tags?))\b/i;
/**
 * The names inside {{ … }} (1–40 characters, spaces around them allowed, no braces or line break
 * inside): a loop, each look bounded to the 60 characters after "{{", so text full of "{{" stays linear.
 */
function mustacheNames(text: string): string[] {
  const names: string[] = [];
  for (let at = text.indexOf('{{'); at !== -1 && names.length < 1000; at = text.indexOf('{{', at + 2)) {
    const window = text.slice(at + 2, at + 62);
    const end = window.indexOf('}}');
    if (end === -1) continue;
    const inner = window.slice(0, end);
    if (/[{}\n]/.test(inner)) continue;
    let a = 0;
    let b = inner.length;
    while (a < b && (inner[a] === ' ' || inner[a] === '\t')) a++;
    while (b > a && (inner[b - 1] === ' ' || inner[b - 1] === '\t')) b--;
    const name = inner.slice(a, b);
    if (name.length >= 1 && name.length <= 40) names.push(name);
  }
  return names;
}
/** A greeting ending the (at most 60) characters before a token: its name place. */
const GREETING_BEFORE = new RegExp(`(?:^|[^\\p{L}])(?:${[...GREETINGS, 'sehr geehrte[rs]?', 'ola', 'prezad[oa]\\(a\\)'].join('|')})\\s*[,:!-]?\\s*$`, 'iu');
const COPYRIGHT_BEFORE = /(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?$/i;
const TEXT_WINDOW = 200_000;

function isTemplateTalk(text: string): boolean {
  if (TEMPLATE_TALK.test(text)) return true;
  for (const found of mustacheNames(text)) {
    const name = found.split(/[?|]/)[0]!.trim();
    if (!RANDOM.test(name) && !RECIPIENT.test(name)) return true;
  }
  return false;
}

/** The token where a letter puts the reader's name or the sender's company. */
function inNamePlace(text: string, hit: Hit): boolean {
  const lineStart = text.lastIndexOf('\n', hit.index - 1) + 1;
  const before = text.slice(Math.max(lineStart, hit.index - 60), hit.index);
  if (GREETING_BEFORE.test(before) || COPYRIGHT_BEFORE.test(before)) return true;
  // a salutation line of its own: "{{name}}," / "%FIRSTNAME%!"
  const after = text.slice(hit.index + hit.token.length, hit.index + hit.token.length + 3);
  return before.trim() === '' && /^\s*[,!:]/.test(after);
}

/** Quoted lines and tokens in quotes or backticks are shown, not sent. */
function shownAsCode(text: string, hit: Hit): boolean {
  const lineStart = text.lastIndexOf('\n', hit.index - 1) + 1;
  if (/^\s*(?:>|\|)/.test(text.slice(lineStart, lineStart + 10))) return true;
  const prev = text[hit.index - 1] ?? '';
  const next = text[hit.index + hit.token.length] ?? '';
  if (/[`'"“‘]/.test(prev) || /[`'"”’]/.test(next)) return true;
  // inside a `code span` or a "quotation" opened earlier on the line
  const before = text.slice(lineStart, hit.index);
  return (before.match(/`/g)?.length ?? 0) % 2 === 1 || (before.match(/"/g)?.length ?? 0) % 2 === 1 || before.lastIndexOf('“') > before.lastIndexOf('”');
}

/** The text of the first <title> in the first 20,000 characters, when it is at most 300 characters. */
function htmlTitle(html: string): string {
  const head = html.slice(0, 20_000);
  const open = /<title\b/i.exec(head);
  if (!open) return '';
  const gt = head.indexOf('>', open.index);
  if (gt < 0) return '';
  const rest = head.slice(gt + 1, gt + 1 + 300 + '</title>'.length);
  const lt = rest.indexOf('<');
  if (lt < 0 || rest.slice(lt, lt + 8).toLowerCase() !== '</title>') return '';
  return rest.slice(0, lt).replace(/\s+/g, ' ').trim();
}

function pick(found: Array<{ hit: Hit; where: Where }>): { hit: Hit; where: Where } | undefined {
  return found.find((f) => f.hit.kind === 'random') ?? found[0];
}

/** content.unfilled-placeholder for the message, or undefined; see the comment at the top. */
export function unfilledPlaceholderFinding(message: ParsedMessage): Finding | undefined {
  const found: Array<{ hit: Hit; where: Where }> = [];
  const heads: Array<[Where, string]> = [
    ['subject', message.subject],
    ['from-name', message.from[0]?.name ?? ''],
    ['title', htmlTitle(message.html)],
  ];
  for (const [where, value] of heads) {
    for (const hit of hitsIn(value.slice(0, 1000))) found.push({ hit, where });
  }
  const text = (message.visibleText || message.text).slice(0, TEXT_WINDOW);
  const textHits = hitsIn(text).filter((h) => !shownAsCode(text, h));
  if (textHits.length > 0 && !isTemplateTalk(text)) {
    for (const hit of textHits) {
      if (hit.kind === 'random' || inNamePlace(text, hit)) found.push({ hit, where: 'text' });
    }
  }
  const best = pick(found);
  if (!best) return undefined;
  const { hit, where } = best;
  const place = { subject: 'subject', 'from-name': 'From name', title: 'HTML title', text: 'text' }[where];
  return {
    scanner: 'content',
    kind: 'content.unfilled-placeholder',
    detail: `the ${place} holds ${hit.token.slice(0, 60)}, a ${hit.kind === 'random' ? 'random-value' : 'recipient-field'} token of a mass-mailing tool left unfilled`,
    subject: hit.token.slice(0, 60),
    tags: [hit.kind, where],
  };
}
