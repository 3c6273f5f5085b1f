// The few MIME pieces the fixture generators write messages with (ham-vi/, phish-vi/, ...): encoded
// words and addresses, base64 and quoted-printable bodies, leaf parts and multiparts. Deterministic:
// the same input always gives the same bytes (boundaries come from the caller's id).
import { readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ascii = (s) => /^[\x20-\x7e]*$/.test(s);
export const encWord = (s, charset = 'UTF-8') => (ascii(s) ? s : `=?${charset}?B?${Buffer.from(s).toString('base64')}?=`);
/** "Tên" <addr> with the name as an encoded word when it is not ASCII. */
export const addr = (name, address) => (name ? `${ascii(name) ? `"${name}"` : encWord(name)} <${address}>` : address);
export const b64 = (buf) => buf.toString('base64').replace(/.{1,76}/g, '$&\r\n').trimEnd();

/** Quoted-printable (soft line breaks at 76), as Outlook and Thunderbird write it. */
export function qp(buf) {
  const out = [];
  for (const line of buf.toString('latin1').split('\n')) {
    let cur = '';
    const raw = line.replace(/\r$/, '');
    for (let i = 0; i < raw.length; i++) {
      const c = raw.charCodeAt(i);
      const t = (c >= 33 && c <= 126 && c !== 61) || (c === 32 && i < raw.length - 1) ? raw[i] : `=${c.toString(16).toUpperCase().padStart(2, '0')}`;
      if (cur.length + t.length > 75) {
        out.push(cur + '=');
        cur = '';
      }
      cur += t;
    }
    out.push(cur);
  }
  return out.join('\r\n');
}

/** Content-Type name= and Content-Disposition filename= (RFC 2231 for a name that is not ASCII). */
export function filenameParams(name) {
  if (ascii(name)) return { ct: `name="${name}"`, cd: `filename="${name}"` };
  const pct = [...Buffer.from(name)].map((b) => (/[A-Za-z0-9._-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
  return { ct: `name="${encWord(name)}"`, cd: `filename*=UTF-8''${pct}` };
}

/** A leaf part: text (utf-8 unless given bytes + charset) or a file. */
export function leaf({ type, text, bytes, charset = 'utf-8', cte, name, inline, cid, params = '' }) {
  const data = bytes ?? Buffer.from(text);
  const isText = type.startsWith('text/');
  const enc = cte ?? (isText ? 'quoted-printable' : 'base64');
  const head = [];
  if (name) {
    const fp = filenameParams(name);
    head.push(`Content-Type: ${type}; ${isText ? `charset=${charset}; ` : ''}${fp.ct}${params}`, `Content-Disposition: ${inline ? 'inline' : 'attachment'}; ${fp.cd}`);
  } else {
    head.push(`Content-Type: ${type}${isText ? `; charset=${charset}` : ''}${params}`);
  }
  if (cid) head.push(`Content-ID: <${cid}>`);
  head.push(`Content-Transfer-Encoding: ${enc}`);
  const body = enc === 'base64' ? b64(data) : enc === 'quoted-printable' ? qp(data) : data.toString('latin1').replace(/\r?\n/g, '\r\n');
  return { head, body };
}

export function multipart(subtype, parts, id) {
  const boundary = `----=_Part_${id}_${subtype}`;
  const lines = [];
  for (const part of parts) lines.push(`--${boundary}`, ...part.head, '', part.body);
  lines.push(`--${boundary}--`);
  return { head: [`Content-Type: multipart/${subtype}; boundary="${boundary}"`], body: lines.join('\r\n') };
}

/** The domain of an address (`"Name" <a@b>` or `a@b`), or `fallback`. */
export const domainOf = (address, fallback) => (address.match(/@([^>]+)>?$/) ?? [])[1] ?? fallback;

/**
 * A fixture message's body: `text` and/or `html` (both: multipart/alternative; `cte` for both,
 * `textPart` instead of `text`), `inline` pictures (multipart/related with the html), further
 * alternative `parts`, then `attachments` (multipart/mixed). Boundaries come from `id`.
 */
export function mimeBody({ id, text, html, cte, textPart, inline, parts, attachments }) {
  const plain = text !== undefined ? leaf({ type: 'text/plain', text, cte }) : textPart;
  let rich = html !== undefined ? leaf({ type: 'text/html', text: html, cte }) : undefined;
  if (rich && inline?.length) rich = multipart('related', [rich, ...inline.map((i) => leaf({ ...i, inline: true }))], id);
  let out = plain && rich ? multipart('alternative', [plain, rich], id) : (plain ?? rich);
  if (parts?.length) out = multipart('alternative', [out, ...parts], `${id}a`);
  if (attachments?.length) out = multipart('mixed', [out, ...attachments.map((a) => leaf(a))], id);
  return out;
}

/**
 * A whole fixture message (CRLF): its headers in the order mail clients write them (`received`: the
 * whole Received line; `subject` encoded as needed, `rawSubject` as is; `headers`: extra lines),
 * then X-Lachan-Fixture (`purpose`), X-Lachan-Expect, MIME-Version, `part`'s own headers and body.
 */
export function eml({ received, from, to, cc, replyTo, subject, rawSubject, date, messageId, headers = [], purpose, expect }, part) {
  const lines = [
    ...(received ? [received] : []),
    `From: ${from}`,
    `To: ${to}`,
    ...(cc ? [`Cc: ${cc}`] : []),
    ...(replyTo ? [`Reply-To: ${replyTo}`] : []),
    `Subject: ${rawSubject ?? encWord(subject)}`,
    `Date: ${date}`,
    `Message-ID: <${messageId}>`,
    ...headers,
    `X-Lachan-Fixture: ${purpose}`,
    ...(expect ? [`X-Lachan-Expect: ${expect}`] : []),
    'MIME-Version: 1.0',
    ...part.head,
  ];
  return [...lines, '', part.body, ''].join('\r\n');
}

/** Replaces the .eml files of `dir` with one `<id>.eml` per entry of `list`, written by `render(m, n)`. */
export function writeFixtures(dir, list, render) {
  for (const f of readdirSync(dir)) if (f.endsWith('.eml')) unlinkSync(join(dir, f));
  list.forEach((m, n) => writeFileSync(join(dir, `${m.id}.eml`), render(m, n)));
  console.log(`wrote ${list.length} fixtures to ${dir}`);
}

/**
 * The renderer of a set of office-mail fixtures, for writeFixtures: message `n` of the set arrives
 * from `mail.<its From domain>` (or `m.helo`, `m.rdns`, `m.ip`) at 192.0.2.(ipFrom + n) through
 * mx1.lachan.test, to `m.to` or `to`, on `date`, with Message-ID `<id>.<idFrom + n>@<domain>`
 * (`fallbackDomain` when the From has none) and a queue id `<queueTag[0]><idFrom + n><queueTag[1]>`.
 */
export function officeMailRenderer({ to, date, fallbackDomain, ipFrom, idFrom, queueTag }) {
  return (m, n) => {
    const domain = domainOf(m.from, fallbackDomain);
    const helo = m.helo ?? `mail.${domain}`;
    const ip = m.ip ?? `192.0.2.${ipFrom + n}`;
    const received = `Received: from ${helo} (${m.rdns ?? helo} [${ip}]) by mx1.lachan.test (Postfix) with ESMTPS id ${queueTag[0]}${idFrom + n}${queueTag[1]}; ${date}`;
    const head = { received, from: m.from, to: m.to ?? to, replyTo: m.replyTo, subject: m.subject, date, messageId: `${m.id}.${idFrom + n}@${domain}`, headers: m.headers, purpose: m.purpose };
    return eml(head, mimeBody({ id: m.id, text: m.text, html: m.html, attachments: m.attachments }));
  };
}

/** HTML of a Vietnamese office mail: the page, its paragraphs, a button of `colour`, a signature, NFD text. */
export const officePage = (inner) => `<html><head><meta charset="utf-8"></head><body style="font-family:Arial,sans-serif;font-size:14px">${inner}</body></html>`;
export const paragraphs = (...ps) => ps.map((s) => `<p>${s}</p>`).join('');
export const officeButton = (colour) => (href, label) =>
  `<p style="text-align:center"><a href="${href}" style="background:${colour};color:#fff;padding:10px 24px;text-decoration:none">${label}</a></p>`;
export const signature = (who, unit, phone) => `\n\nTrân trọng./.\n\n${who}\n${unit}\nĐiện thoại: ${phone}`;
export const nfd = (s) => s.normalize('NFD');
