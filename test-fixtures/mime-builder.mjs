// The few MIME pieces the fixture generators write messages with (ham-vi/, phish-vi/): encoded
// words and addresses, base64 and quoted-printable bodies, leaf parts and multiparts. Deterministic:
// the same input always gives the same bytes (boundaries come from the caller's id).

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
