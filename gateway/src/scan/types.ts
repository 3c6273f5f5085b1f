import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import type { ParsedMessage } from '../parse/types.js';
import type { Policy } from '../policy/types.js';
import type { ScanLimits } from '../config/types.js';
import type { ClamdClient } from './attachments/clamd.js';
import type { ArchivePdfs } from './pdf-text/archive-pdfs.js';

/**
 * Every kind of finding a scanner can report. Policy rules match on these names, and
 * `lachan policy check` refuses a rule that names a kind not listed here.
 */
export const FINDING_KINDS = [
  // parse (structure of the message itself)
  'message.malformed', // the MIME structure is broken but was parsed (missing boundary, bad base64, ...)
  'message.unscannable', // could not be parsed or walked completely (depth/part limits, parse failure)
  'message.limit-exceeded', // header count, URL count or another explicit limit crossed
  'message.smtp-smuggling', // SMTP smuggling: DATA holds a loose end-of-data sequence (<LF>.<CR><LF>, <CR>.<CR>, ...) followed by MAIL FROM / RCPT TO lines, a second message for a downstream that ends DATA loosely (parse/smtp-smuggling.ts; tag smtp-smuggling)
  // urls
  'url.listed', // host, URL, IP or CIDR is on a policy list (finding.list says which)
  'url.ip-host', // the host is a raw IPv4/IPv6 address
  'url.userinfo-deception', // https://www.office.com-123@evil.example
  'url.text-mismatch', // the link text shows one domain, the href goes to another
  'url.shortener', // links through known URL shorteners hide their destination (at most one per message; tags: the shortener services)
  'url.lookalike', // resembles a protected domain (confusables / small edit distance)
  'url.government-lookalike', // the host spells a government suffix it is not under (gov-vn, govvn, gov.vn.xyz, -gov., gov-uk, gouv-fr, ...: urls/government.ts); tags: the suffix imitated, the form
  'url.suspicious-scheme', // javascript:, data:, file:, vbscript: in a link
  'url.abused-hosting', // links to free hosting commonly abused (list abused_hosting); one per message, tags: the services
  'url.hidden-destination', // every web link of the message goes through a shortener, a raw IP or an unnamed server (tags shortener|ip|server-host) (at most one)
  'url.abused-tld', // web links to hosts under top-level domains on the list abused_tlds; one per message, tags: the TLDs
  'url.qr-code', // the message carries a link as a QR code in a picture (decoded; the link also goes through the URL checks); tags body-image|attachment|pdf, only-link when it is the message's only web link, the hosts (at most one)
  'url.qr-code-official', // the message's QR codes all lead to the local or allowed domains or to a restricted zone on the protected list such as gov.vn (qr/known-destination.ts): an official invitation's QR code, no sign; the links still get the URL checks (same tags as url.qr-code; at most one, never with url.qr-code)
  'url.pasted-top-link', // an HTML body that opens with a link to a site found nowhere else in the message, above a body whose other links all go to one other site (a newsletter copied with a lure pasted on top): tags picture|text, the host (at most one)
  'url.server-host', // the host is a server's generic name built from its IP (ec2-1-2-3-4…, 1.2.3.4.host.example), not a website
  'url.file-download', // a web link straight to a program, script, shortcut, disk image or archive (tags runs-code|disk-image|archive, the extension, ip-host|abused-hosting|abused-tld)
  // attachments
  'attachment.virus', // ClamAV signature matched (detail: signature name)
  'attachment.listed', // SHA-256 on a hash list
  'attachment.dangerous-type', // executable, script, disk image, shortcut, ... by true type or by name; a Windows shortcut's (.lnk by its header) runs-command, runs-<program>, web-address, unc-target (shell-links.ts); app for a macOS app bundle in a tar, 7z or disk image (the bundle's folder); side-loading on the program of a DLL side-loading bundle (bundle-signs.ts); disguised when the content runs code under a harmless type's name or declared type (checks.ts)
  'attachment.double-extension', // invoice.pdf.exe
  'attachment.rtlo', // right-to-left override or other bidi control in the name
  'attachment.type-mismatch', // declared type/extension disagrees with the true type
  'attachment.html-form', // HTML attachment with a form (credential phishing) or scripts
  'attachment.macro', // Office document with VBA macros
  'attachment.encrypted', // encrypted archive entry or document: contents not inspectable (tags zip|ooxml|odf|..., or pdf with password|unsupported: a PDF needing a password or another security handler; a PDF that opens without one is read and not reported; zip, 7z and rar entries, and a 7z or rar whose names are encrypted (encrypted-headers): opened when a password from the message (password-in-message) or a common one (common-password) opened it and its contents were inspected, password-in-message + not-opened when the message gives a password that does not open it, unsupported; password-in-picture with opened when the password was read by OCR in a picture of the message, scan/ocr/passwords.ts; dangerous-inside with opened when what the message's password opened holds a program, script, shortcut, disk image or macro document, bundle-signs.ts)
  'attachment.uninspectable', // archive type we cannot open (rar, 7z, cab, ...)
  'attachment.ambiguous-archive', // an archive that archive readers show differently (zip-layout.ts): several zips glued into one file (tag concatenated), local file headers no central directory lists (hidden-entries), an entry named otherwise in the central directory and its local header (name-mismatch), an end-of-central-directory record closing no archive (multiple-eocd); or names laid out for WinRAR CVE-2023-38831, a file and a folder of one name but for spaces or 'x.pdf .cmd' (winrar-spoof, in zip, rar, 7z); tags also zip|rar|7z|...; what the other readings hold is walked like any member ("a.zip → (first archive) → x.exe", "(hidden entry)") (at most one per archive)
  'attachment.hidden-archive', // a zip, RAR or 7z behind a stub that type checks take for something else (padding, a JPEG, a PDF header) in a file named as an archive or as nothing known, which archive programs still open (hidden-archive.ts): tags zip|rar|7z, behind-stub, the stub's true type or unknown; its members are walked as "a.zip → (behind a stub) → x.exe" (a self-extracting program's payload is walked as "setup.exe → (self-extracting) → x.js" without this finding: the program is dangerous by type) (at most one per file)
  'attachment.archive-limit', // archive depth, entry count, size or ratio limit crossed (bomb)
  'attachment.partly-read', // a file read only in part: a PDF over the 32 MB read limit (the bytes between its first 28 MB and its last 4 MB) or past the kept-text limit; links, actions and pictures there were not checked (tags pdf) (informational, at most one per file); also, from the PDF text step, a PDF of 5 to 32 MB whose text was read only in its first 4 MB and last 1 MB and gave no finding (tags pdf, text)
  'attachment.not-read', // pictures of the message a reader had to leave unread because its time ran out (reader-timeouts.ts): tags the reader (qr: QR codes; ocr: text in pictures), why (time: the message's budget ran out; deadline: the reader was stopped at its hard limit), the pictures' places (body-image|attachment|pdf|office) (at most one per reader and message)
  'attachment.pdf-active', // PDF with active content: tags javascript, launch, auto-action, embedded-file, submit-form, xfa, rich-media, and javascript-on-open when a script runs on opening, unc-target when an action opens a file on a network share, encrypted when the PDF is (at most one per PDF; an automatic action alone is not reported)
  'attachment.pdf-link-lure', // one-page PDF that is in effect one link (a big clickable area, or a link mid-page with little text) to a site that is not the sender's: tags one-page, big-link, little-text|no-text, encrypted, the host (at most one per message)
  'attachment.html', // any HTML/SVG attachment, or one disguised under another name (tags: html|svg, disguised, script, ...)
  'attachment.html-smuggling', // HTML (or SVG) that builds a file in the browser from data it carries: new Blob, msSaveOrOpenBlob, createObjectURL, <a download> with a data:/blob: address, a frame or object with a data: address, plus an encoded payload (tags blob|save-blob|object-url|download-link|embedded-file, embedded-payload, the payload's type zip|exe|iso|...) (at most one per file)
  'attachment.html-loader', // HTML script that runs decoded content (atob/unescape/... into document.write/eval/Function: tag runs-decoded) or sends the browser to a remote page (remote-redirect, decoded-redirect); obfuscated-redirect when a redirect comes with decoding, encoded data or the recipient's address (recipient-address) (at most one per file)
  'attachment.exploit', // Office/RTF document carrying a known exploit: a Microsoft Equation Editor object (tag equation-editor; CVE-2017-11882/CVE-2018-0802), or a target using a protocol that runs code (tags ms-msdt, mhtml, search-ms, ...); tags rtf|ole|ooxml (at most one per document)
  'attachment.external-object', // Office/RTF document that loads a template, OLE object, frame or sub-document from another computer when it opens (tags attached-template|ole-object|frame|sub-document|ole-link, http|https|unc|file|..., rtf|ole|ooxml) (at most one per document)
  'attachment.embedded-object', // file packaged inside an Office/RTF document (OLE Package; tags package, its extensions, executable when it runs code), a linked object whose source cannot be read (tags ole-link, unknown-source), or an RTF object updated automatically on opening (tag auto-update) (at most one per document)
  'attachment.certificate', // a certificate file (.cer, .crt, .der, .pem) of a certification authority, which Windows offers to install with a double-click: tags the extension, ca, self-signed when it is a root (content-types.ts; a person's or a server's certificate is not reported)
  'attachment.shortcut', // a link file that opens a web site: Windows Internet Shortcut (.url), pinned site (.website), macOS .webloc/.inetloc (XML or binary plist), Linux .desktop of Type=Link (shortcuts.ts); tags the format (url|website|webloc|inetloc|desktop), web, flagged-target when a URL check found something about its address (its addresses also go through the URL checks as the attachment's links, and are in the finding's urls) (one per file)
  // content
  'content.phrase', // a phrase from a policy phrase list in the visible text (finding.list says which)
  'content.hidden-text', // phrase or URL in text hidden by CSS
  'content.credential-form', // the message body itself holds a form asking for a password (at most one per message)
  'content.obfuscated-text', // subject or sender name broken up by invisible characters, or words mixing Latin with Greek/Cyrillic letters; or the text disguising several words (ZaL0, t.iền, stylised letters; tag text), or the HTML cutting 10+ words apart with empty elements (tag markup) (at most one)
  'content.recipient-address', // the recipient's own address used as a name: in the subject or after a greeting (at most one)
  'content.link-in-name', // a web address where the recipient's name belongs (To/Cc display name, the name after a greeting): a lure typed into a genuine service's form; tags to-name|greeting|form-field (the name or user-name field of a form notification), the host (at most one)
  'content.sms-ad', // SMS advertising/scam text: "soạn ... gửi 9xxx", an ad opt-out line, a list of phone numbers, a short "đăng ký ngay" push with an address or number (at most one per tag)
  'content.pushed-out-of-view', // the HTML body's CSS pushes part of the message screens away (a margin or height of 10,000+ px, 1,000+ vh, a flex-grow of 1,000+): a copied newsletter shoved below what the reader is shown (scan/html/pushed-away.ts) (at most one)
  'content.image-only', // the HTML body shows almost no words, only pictures: remote ones with a link (image spam) or one carried inline (QR-code lure); tags remote-image|inline-image, link (at most one)
  'content.image-text', // a message whose body shows (nearly) no words, only a few pictures of its own, whose text read by OCR (scan/ocr) holds a phrase of a policy list, a lure or a scam offer: tags phrase + the lists, lure + its topics, scam-offer + its tags (job, loan, ..., messaging-app|phone); detail quotes the picture's text (at most one)
  'content.lure', // the text puts an account/password, a payment, a parcel, an authority's summons or money/crypto waiting for the reader under pressure (suspended, expires, within 24 hours) and asks for an action (verify, log in, click, withdraw); tags: account|payment|delivery|authority|funds|prize, and claim-elsewhere when a funds lure's links all lead to another site than the sender's, from-freemail when a funds lure comes from a free-mail From; relayed + helpdesk|form|share when a genuine helpdesk, form or document-sharing service mails it (there money or crypto bait with one nudge suffices, content/relayed.ts) (at most one)
  'content.share-lure', // the text says a document was shared with or sent to the reader ("X đã chia sẻ một tài liệu với bạn", "shared a file with you", "you have received a secure document") but its action links lead to a host that is neither a document-sharing or e-signature service (list share_services), the province's, nor the sender's own, and the sender is not that service (content/share-lure.ts); tags link-elsewhere, action-link|any-link, the host (at most one)
  'content.account-grant', // the reader is sent to a provider's real sign-in page to hand over the account: a device-login page (microsoft.com/devicelogin, aka.ms/devicelogin, google.com/device, github.com/login/device ...) with a code to enter (tag device-code), or a real OAuth consent page (login.microsoftonline.com, accounts.google.com) whose redirect_uri hands the grant to a site that is neither the provider's, the sender's nor the province's (tag oauth-redirect, and that host); only from outside, not from the provider itself (content/account-grant.ts) (at most one)
  'content.form-password', // a link to a form builder (Google Forms, Microsoft Forms, Jotform, Typeform) and text asking to give, verify or update a password or mailbox near each other, from outside; negated clauses do not count (content/form-password.ts); tags form-builder, the form's host (at most one)
  'content.bidi-control', // the Subject or the From name holds bidi controls (U+202E right-to-left override, embeddings, isolates) that reorder it on screen ("Remit_<RLO>fdp.html" shows as "Remit_lmth.pdf"), not in right-to-left (Arabic, Hebrew) text (identity/bidi-header.ts); tags subject|from-name and the code points (at most one)
  'content.scam-offer', // the text offers an easy job, a no-questions loan, promised returns, gambling, sex, personal data or forged papers and gives a private chat or a mobile number to answer (tags: job|loan|investment|gambling|adult|personal-data|forged-papers, messaging-app|phone) (at most one)
  'content.crypto-claim', // the text asks the reader to connect a crypto wallet, claim an airdrop, tokens or coins, mint an NFT (each only beside crypto words: NFT, token, web3, a $TICKER...) or type a wallet's seed phrase: the wallet-drainer's request; not in a negated clause or after talk of scams (content/crypto-claim.ts); tags connect-wallet|claim-tokens|airdrop|mint|seed-phrase; wallet-update (update, verify, synchronise or scan the wallet or device, download a new wallet app: reported only with brand-elsewhere) and brand-elsewhere (the message speaks as a brand of the brand list in its From name, subject, sign-off or greeting and the sender is not on its domains: content/wallet-brand.ts) (at most one)
  'content.gambling-bonus', // the text offers a casino bonus: a bonus, free spins or a welcome pack beside words only gambling uses (casino, slot games, free spins, roulette, nhà cái...), or a deposit bonus ("50% bonus on every deposit", "no deposit"); not read for mail from the local or allowed domains (content/gambling-bonus.ts); tag claim-elsewhere when the message's links lead to another site than the sender's (at most one)
  'content.callback-scam', // callback phishing (TOAD): the text claims a charge, renewal, order or invoice with an amount ($499.99, 4.990.000đ) and asks to call a phone number near it to cancel, dispute, get a refund or "if you did not authorize" (not in a negated clause, not in a fraud-awareness notice; not read for mail from the local or allowed domains: content/callback.ts); tags amount, call-to-cancel, phone, in-picture (text read by OCR), in-pdf (the text of a PDF attachment or of a PDF inside an archive attached, read by scan/pdf-text; the detail names the file or its path), freemail (free-mail From address), brand-elsewhere + the brand's id (a brand of the brand list named in the From name, subject or text, the sender not on its domains) (at most one)
  'content.extortion', // sextortion: a crypto address (bc1…, 1…/3…, 0x…) written in the text beside Bitcoin/crypto words and two or more threats, the intrusion or the adult sites among them: intrusion (hacked, malware), recording (webcam, video), exposure (your contacts), adult sites; tags crypto-address + those (content/favour-scam.ts; not read for mail from the local or allowed domains) (at most one)
  'content.gift-card-request', // gift cards beside a request for their codes (send me the codes, pictures of the cards, scratch the back): the gift-card step of CEO fraud; tags gift-card, from-freemail (content/favour-scam.ts) (at most one)
  'content.bec-opener', // a short note with no link asking whether the reader is available ("are you at your desk?") beside secrecy or "in a meeting, can't talk": the opener of business e-mail compromise; tags availability, secrecy (content/favour-scam.ts) (at most one)
  'content.fraud-awareness', // a fraud-awareness notice (subject about fraud, text warning about fraudsters: content/awareness.ts): the scam and phishing phrases it quotes are listed here instead of as content.phrase (at most one)
  'content.unfilled-placeholder', // a mass-mailing tool's token left unfilled: a random-value one (#RANDOM#, {RND}, %RND_NUMBER%, [RANDOM_STRING]; tag random) in the subject, From name, HTML title or text, or a recipient field ({{first_name}}, %%FIRSTNAME%%, [[email]], $name$; tag recipient-field) in the subject, From name, title, or where the text greets the reader; tags subject|from-name|title|text (content/placeholders.ts) (at most one)
  // sender
  'sender.external', // the sender is outside the local domains (a tag, not a warning)
  'sender.lookalike', // From/Reply-To domain (or From display name) imitates a protected or local domain
  'sender.government-lookalike', // the envelope, From or Reply-To domain spells a government suffix it is not under (bhxh.gov-vn.top, noivu-gov.online, hmrc-gov-uk.example: urls/government.ts); tags: the suffix imitated, the form, the header
  'sender.brand-impersonation', // From name (or subject) names a brand from the brands list, the address is not the brand's (at most one)
  'sender.abused-hosting', // the From address is on a free hosting service (list abused_hosting), e.g. x@app-123.firebaseapp.com (at most one)
  'sender.invalid-from', // no From address, or one without a real domain, or a From header listing several senders or a quoted name without address (tag from-list) (at most one)
  'sender.display-name-address', // the From name shows an e-mail address of another domain than the real one (at most one)
  'sender.disguised-address', // the From address itself is written to show a domain it does not come from: stylised letters (no-reply@𝗞𝗶𝗻𝗱𝗲𝗿.𝗱𝗲, which host-name mapping folds to kinder.de) or a quoted address as its name part (<"noreply@brand.example">); tags stylised|quoted (at most one)
  'sender.stylised-name', // the From name writes an address, a domain or a brand in stylised letters (𝗞𝗶𝗻𝗱𝗲𝗿.𝗱𝗲, ｐａｙｐａｌ; tag address|domain|name) (at most one)
  'sender.reply-to-mismatch', // replies go to another domain than the From domain, on a free-mail service; or (tag in-text) the text asks the reader to write to a free-mail mailbox that is not the sender's; tag money-offer when the text also offers a fortune (millions, an inheritance, a donation to receive) (at most one)
  'sender.reply-to-other-domain', // replies go to another (not free-mail) domain than the From domain, outside mailing lists; reported only when sender.reply-to-mismatch is not (at most one)
  'sender.generated-address', // the From address looks machine-made: random mixed-case name part ("KmigQSymPHYPBfT@") or digits scattered through the domain name ("n28he7n934.example"); else the Reply-To address by the same tests or the envelope sender's domain (random digits, random mixed case as written), tagged reply-to|envelope; tags local-part|domain (at most one)
  'sender.abused-tld', // the From address is under a top-level domain on the list abused_tlds (.xyz, .top, ...); else a Reply-To address of another domain than the From domain is (tag reply-to) (at most one)
  'sender.institution-freemail', // the From name claims a bank, court, police, tax or customs office (no brand of the list) and the address is a free-mail mailbox; tags: bank|court|police|tax|customs|social-insurance, the provider (at most one)
  'sender.freemail-hidden-recipients', // a free-mail From address and no recipient named (no To/Cc address, or "Undisclosed recipients:;"), outside mailing lists: bulk mail from a personal mailbox; tags no-to|undisclosed, the provider (at most one)
  'sender.stuffed-header', // the From name (over 100 characters) or the subject (over 300) is a list of sales keywords, not a name or subject; tag from-name|subject (at most one)
  // sender authentication (mailauth)
  'auth.spf-fail', // the client is not allowed to send for the envelope domain (SPF fail or softfail: tag)
  'auth.dkim-fail', // a DKIM signature is present and does not verify
  'auth.dmarc-fail', // the From domain publishes DMARC and the message fails it (tag p=none|quarantine|reject)
  'auth.dmarc-arc-override', // DMARC fails here, but the newest ARC seal is by a trusted sealer (list trusted_arc_sealers) whose ARC-Authentication-Results say it passed before forwarding (tags arc-override, p=…)
  'auth.arc', // the message carries an ARC chain (RFC 8617): tags pass|fail|temperror, and on pass trusted-sealer|untrusted-sealer; subject: the domain that sealed the newest hop
  'auth.trusted-forwarder', // the client address is on the list trusted_forwarders: its SPF result is not held against the message (tag spf=<result>)
  // scanners themselves
  'scanner.error', // a scanner failed; fail closed
] as const;

export type FindingKind = (typeof FINDING_KINDS)[number];

export type ScannerName = 'parse' | 'urls' | 'attachments' | 'content' | 'auth' | 'sender';

/** One observation by a scanner. Scanners observe; only the policy decides. */
export interface Finding {
  scanner: ScannerName;
  kind: FindingKind;
  /** Short technical detail in English, for logs, JSON output and the audit trail. */
  detail: string;
  /** What the finding is about, as a person would recognise it: the URL, host, file name or phrase. */
  subject?: string;
  /** Attachment id (Attachment.id) when the finding is about an attachment: strip removes that one. */
  attachment?: string;
  /**
   * Where the one link a URL finding is about was found, when not in the message's own body: the
   * part's id (Attachment.id: 'a2' a forwarded message, 'a1' an HTML attachment, 'a2.a1' one inside
   * a2) and what it is. For people only (banner, JSON, quarantine): strip never acts on it, that is
   * `attachment`. Findings summing up several links (url.shortener, url.hidden-destination, ...) have none.
   */
  part?: FindingPart;
  /** Policy list name when the finding comes from a list match. */
  list?: string;
  /** Extra labels rules can match on, e.g. the dangerous extension ('exe') or the protected domain. */
  tags?: string[];
  /** Every web address the finding is about, in full, when there can be several (url.qr-code: the links read from QR codes). */
  urls?: string[];
}

/** A part of the message a finding's link was found in (Finding.part). */
export interface FindingPart {
  /** Attachment.id of the part. */
  id: string;
  /** 'forwarded-message': a message/rfc822 part (or a digest member); 'calendar': a calendar invitation; 'attachment': any other file. */
  kind: 'forwarded-message' | 'attachment' | 'calendar';
}

/** What every scanner gets besides the message. */
export interface ScanContext {
  policy: Policy;
  limits: ScanLimits;
  clamd: ClamdClient;
  log: Logger;
  /** Envelope sender and recipients, when known (SMTP path); empty for `lachan scan` of a file. */
  envelope?: { mailFrom: string; rcptTo: string[]; remoteAddress?: string; helo?: string };
  /** The raw message as received, for checks that need its bytes (DKIM); read as often as needed. */
  raw?: () => Readable | Buffer;
  /** DNS for sender authentication (cached, time-bounded); absent: the system's, with the same limits. */
  resolver?: (name: string, rrtype: string) => Promise<unknown>;
  signal?: AbortSignal;
  /** PDFs inside the message's archives, from the attachments scanner to the PDF text step (set by runScanners: scan/pdf-text/archive-pdfs.ts). */
  archivePdfs?: ArchivePdfs;
}

export interface Scanner {
  name: ScannerName;
  scan(message: ParsedMessage, ctx: ScanContext): Promise<Finding[]>;
}
