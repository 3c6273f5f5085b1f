import type { ParsedMessage } from '../../parse/types.js';
import type { Finding } from '../types.js';
import { webAddressIn } from './name-lure.js';

/**
 * A web address in the name or user-name field of a form notification: "First Name ⏎ You earned
 * 1.3 BTC, claim at https://…", "Identifiant : www.x.example - 1.3 BTC". A site's contact form,
 * a blog's sign-up or a shop's account page mails what was typed into it to the address typed
 * with it; a scammer types the victim's address and a lure where the name goes, and the genuine
 * site delivers the lure from its own, well-authenticated server. It is the same trick as a link
 * in the To name or after the greeting (name-lure.ts), read where forms print their fields: a
 * label alone on its line with the value on the next, or "Label: value" on one line. A person's
 * name or login holds no web address; a "Website" or "Comment" field may, and is not read.
 * Reported as content.link-in-name with the tag 'form-field' and the linked host.
 */

/** Only the start of the text is read: a form notification lists its fields at once. */
const FORM_WINDOW = 4000;
const MAX_LINES = 120;
/** A label line is short; longer lines are sentences, not field labels. */
const MAX_LABEL_LINE = 400;

/** Labels of name and user-name fields (lower case, the languages mass mail arrives in, Vietnamese included). */
const NAME_LABELS =
  '(?:(?:your |full |first |last |given |family |display |user ?|login |nick ?)?name|' +
  'nom(?: complet| d\'utilisateur)?|prénom|identifiant|pseudo|' +
  'nome(?: completo| de usuário)?|sobrenome|usuário|usuario|nombre(?: completo| de usuario)?|apellidos?|' +
  'vorname|nachname|benutzername|naam|voornaam|achternaam|gebruikersnaam|' +
  'họ tên|họ và tên|tên|tên đăng nhập|tên người dùng|tên tài khoản)';
/** A label alone on its line (a table of fields), maybe with a colon or a required-field star. */
const LABEL_ALONE = new RegExp(`^${NAME_LABELS}\\s*[*:]?\\s*$`, 'u');
/** "Label: value" on one line. */
const LABEL_VALUE = new RegExp(`^${NAME_LABELS}\\s*\\*?\\s*:\\s*\\S`, 'u');
/** The next line is another "Label:" line, not the value of the one before. */
const ANOTHER_LABEL = /^[\p{L} '-]{1,30}:/u;

export function formFieldLure(message: ParsedMessage): Finding | undefined {
  const lines = (message.visibleText || message.text).slice(0, FORM_WINDOW).split('\n', MAX_LINES).map((l) => l.trim());
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length > MAX_LABEL_LINE) continue;
    const lower = line.toLowerCase();
    let label: string;
    let value: string | undefined;
    if (LABEL_VALUE.test(lower)) {
      // labels hold no colon: the first one ends the label
      label = line.slice(0, line.indexOf(':')).trim();
      value = line.slice(line.indexOf(':') + 1);
    } else if (LABEL_ALONE.test(lower)) {
      label = line.trimEnd();
      if (label.endsWith('*') || label.endsWith(':')) label = label.slice(0, -1).trimEnd();
      const next = lines.slice(i + 1, i + 3).find((l) => l !== '');
      if (next === undefined || ANOTHER_LABEL.test(next)) continue;
      value = next;
    } else {
      continue;
    }
    const host = webAddressIn(value);
    if (!host) continue;
    return {
      scanner: 'content',
      kind: 'content.link-in-name',
      detail: `the form field "${label.slice(0, 40)}" holds a web address (${host}): "${value.trim().slice(0, 100)}"`,
      subject: host,
      tags: ['form-field', host],
    };
  }
  return undefined;
}
