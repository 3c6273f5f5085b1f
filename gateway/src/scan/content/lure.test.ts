import { describe, expect, it } from 'vitest';
import { deobfuscate } from './deobfuscate.js';
import { foldText } from './fold.js';
import { LURE_SPAN, LURE_WINDOW, lureFinding, SUBJECT_REACH } from './lure.js';

/** The lure finding for a subject and a body, folded the way the content scanner folds them. */
const lure = (body: string, subject = '') => {
  const s = foldText(deobfuscate(subject).text);
  const folded = foldText(deobfuscate(subject === '' ? body : `${subject} | ${body}`).text);
  return lureFinding(folded, subject === '' ? 0 : s.length);
};
const topics = (body: string, subject = '') => lure(body, subject)?.tags;

describe('content.lure: something at stake, under pressure, with an action asked', () => {
  it('finds the account lure in English and in Vietnamese, with or without diacritics', () => {
    expect(topics('Your account has been suspended due to unusual activity. Please verify your identity to restore access.')).toEqual(['account']);
    expect(topics('Tài khoản của quý khách đã bị khóa. Vui lòng xác thực thông tin ngay lập tức để tiếp tục sử dụng.')).toEqual(['account']);
    expect(topics('Tai khoan cua quy khach da bi khoa. Vui long xac thuc thong tin ngay lap tuc.')).toEqual(['account']);
    expect(topics('Hộp thư của bạn sắp hết hạn dung lượng, bấm vào đây để nâng cấp')).toEqual(['account']);
  });

  it('finds payment, parcel and authority lures, and the languages mass phishing comes in', () => {
    expect(topics('Invoice #4411 is overdue. Click here to settle the payment today.')).toEqual(['payment']);
    expect(topics('Bưu phẩm của bạn đang bị giữ tại kho do thiếu phí. Cập nhật địa chỉ giao hàng trong vòng 24 giờ.')).toEqual(['delivery']);
    expect(topics('Cơ quan công an gửi giấy triệu tập khẩn cấp, truy cập đường link để xem hồ sơ')).toEqual(['authority']);
    expect(topics('Sua conta foi bloqueada. Clique no link e atualize seus dados imediatamente.')).toEqual(['account']);
    expect(topics('Ihr Konto wurde gesperrt. Bitte bestätigen Sie Ihre Daten.')).toEqual(['account']);
    // a traffic fine (a fine to pay, an offence): the action asked is to pay it ("nộp phạt", "nộp tiền phạt")
    expect(topics('Phương tiện vi phạm giao thông, bạn cần nộp tiền phạt trong vòng 48 giờ.')).toEqual(['payment', 'authority']);
  });

  it('finds money or crypto said to wait for the reader ("funds"): a withdrawal to confirm, an airdrop to claim', () => {
    expect(topics('Your withdrawal of 0.7495 BTC is pending. Confirm it now to receive the payout.')).toEqual(['funds']);
    expect(topics('The token airdrop is now live and your wallet is eligible: claim your tokens before the snapshot.')).toEqual(['funds']);
    expect(topics('Số dư tài khoản 25.000.000đ đang chờ rút, bấm vào đây để xác nhận lệnh rút tiền.')).toEqual(['funds']);
    expect(topics('Ihre Bitcoin-Auszahlung ist bereit. Bestätigen Sie jetzt, bevor Ihr Konto in 48 Stunden abläuft!')).toEqual(['account', 'funds']);
  });

  it('reads Korean, Russian, Thai and Indonesian, whose letters folding changes (Hangul into jamo, й into и, Thai marks dropped)', () => {
    expect(topics('본인이 아닌 경우 즉시 비밀번호를 변경하고 계정을 보호하세요.')).toEqual(['account']);
    expect(topics('Вы вызываетесь в суд в качестве ответчика. Ознакомьтесь с материалами дела. В случае неявки дело будет рассмотрено.')).toEqual(['authority']);
    expect(topics('Ваша учётная запись заблокирована. Подтвердите пароль.')).toEqual(['account']);
    expect(topics('รหัสผ่านอีเมลของคุณจะหมดอายุภายในวันนี้ กรุณายืนยันบัญชีของคุณ')).toEqual(['account']);
    expect(topics('Akun Anda diblokir. Silakan verifikasi kata sandi Anda paling lambat hari ini.')).toEqual(['account']);
    // the same words without a threat: a welcome, a delivery note
    expect(lure('새 계정이 만들어졌습니다. 로그인하여 프로필을 설정하세요.')).toBeUndefined();
    expect(lure('Ваша посылка доставлена. Спасибо, что выбрали нас.')).toBeUndefined();
  });

  it('reads a deadline later today, and a domain to renew before it expires', () => {
    expect(topics('Log in with your email credentials to confirm the revised salary statement before 5 PM today.')).toEqual(['account']);
    expect(topics('Your domain example.org expires within 24 hours. Renew now to keep your website and email working.')).toEqual(['account']);
    expect(lure('The salary statement for March is on the intranet; see you at the meeting today.')).toBeUndefined();
  });

  it('reads "ready", "pending", "eligible" as pressure only for money, not for an account or an order', () => {
    expect(lure('Your new account is ready. Log in to set up your profile.')).toBeUndefined();
    expect(lure('Your order is pending. Click here to track the delivery.')).toBeUndefined();
    expect(lure('You are eligible for the staff training programme: confirm your seat by Friday.')).toBeUndefined();
  });

  it('tags a prize to claim before it is gone as "prize", the weakest topic', () => {
    expect(topics('Congratulations! Your reward expires today: claim it now.')).toEqual(['prize']);
    expect(topics('Chúc mừng bạn trúng thưởng, hạn chót hôm nay, nhận ngay')).toEqual(['prize']);
  });

  it('names the three words it found in the detail and the subject', () => {
    const f = lure('Your password expires today. Log in now to keep it.');
    expect(f).toMatchObject({ scanner: 'content', kind: 'content.lure', tags: ['account'], subject: 'password … expires … log in now' });
    expect(f!.detail).toContain('account under pressure');
  });

  it('reads the subject as near the start of the body: the subject states the threat, the body the action', () => {
    const body = `${'Dear customer, thank you for choosing us. '.repeat(9)}Verify my wallet now`;
    expect(body.length).toBeGreaterThan(LURE_SPAN);
    expect(topics(body, 'Notice: your wallet is currently suspended')).toEqual(['account']);
    // without the subject the same body is no lure
    expect(topics(body)).toBeUndefined();
    // ... and the subject reaches only so far into the body
    const far = `${'x '.repeat(SUBJECT_REACH)}Verify my wallet now`;
    expect(topics(far, 'Notice: your wallet is currently suspended')).toBeUndefined();
  });

  it('reads a mailbox deactivated, deleted or over its quota, and "sign in to view", in German, French, Spanish, Italian, Portuguese and Dutch', () => {
    expect(topics('Bestätigen Sie Ihr Passwort, um die Deaktivierung zu verhindern.', 'Ihr Postfach wird heute deaktiviert')).toEqual(['account']);
    expect(topics('Ihr Postfach ist fast voll. Melden Sie sich an, um Speicherplatz freizugeben.')).toEqual(['account']);
    expect(topics('Votre boîte mail est pleine. Connectez-vous pour libérer de l’espace.')).toEqual(['account']);
    expect(topics('Votre messagerie sera désactivée aujourd’hui. Identifiez-vous pour la conserver.')).toEqual(['account']);
    expect(topics('Su buzón está lleno. Inicie sesión para ampliar su cuenta de correo.')).toEqual(['account']);
    expect(topics('Su cuenta será desactivada hoy. Inicie sesión para conservarla.')).toEqual(['account']);
    expect(topics('La sua casella di posta è piena: effettui l’accesso per ampliarla.')).toEqual(['account']);
    expect(topics('Il suo account sarà disattivato. Accedi per confermare le credenziali.')).toEqual(['account']);
    expect(topics('Sua caixa de correio está cheia. Faça login para liberar espaço na sua conta.')).toEqual(['account']);
    expect(topics('Seu e-mail será desativado hoje. Fazer login para manter a conta.')).toEqual(['account']);
    expect(topics('Uw postvak is vol. Meld u aan om uw wachtwoord te bevestigen.')).toEqual(['account']);
    expect(topics('Uw mailbox wordt gedeactiveerd. Log in via de knop om uw account te behouden: inloggen.')).toEqual(['account']);
  });

  it('leaves the same languages alone without a threat: a plain sign-in reminder or a note about a deleted draft', () => {
    expect(lure('Melden Sie sich an, um das Dokument im Postfach anzusehen.')).toBeUndefined();
    expect(lure('Inicie sesión en su cuenta de correo para ver el documento.')).toBeUndefined();
    expect(lure('Het concept is verwijderd; de nieuwe versie staat in de gedeelde map.')).toBeUndefined();
  });

  it('needs all three: a threat without an action, an action without a threat, or no thing at stake is no lure', () => {
    expect(lure('Your account was suspended last year after the merger.')).toBeUndefined();
    expect(lure('Please verify your account details when you have time.')).toBeUndefined();
    expect(lure('Click here immediately to see the new photos from the trip!')).toBeUndefined();
  });

  it('needs them close together, not scattered over a technical thread', () => {
    const thread = [
      'I rebuilt the package from source and copied it to the board.',
      'lorem ipsum dolor sit amet '.repeat(20),
      'The process terminated with signal 11 after a few seconds.',
      'lorem ipsum dolor sit amet '.repeat(20),
      'Any idea how to resolve this?',
    ].join(' ');
    expect(lure(thread)).toBeUndefined();
  });

  it('reads a threat of consequences, a pending transaction and infinitive requests in Portuguese and Spanish', () => {
    expect(
      topics(
        'Número do processo 0012. O não cumprimento desta intimação dentro do prazo poderá resultar em sanções. Acesse o processo eletrônico.',
        'Comunicado judicial',
      ),
    ).toEqual(['authority']);
    expect(topics('Compra no valor de R$ 920,00 em análise. Para confirmar digite 1.', 'Transação pendente 88213')).toEqual(['payment']);
    expect(topics('Failure to comply with this court summons may result in an arrest warrant: click below to review the case.')).toEqual(['authority']);
    expect(topics('Inactive accounts are closed soon and your balance will be cleared. Log in to your account to keep it.')).toEqual(['account', 'funds']);
    expect(topics('Own a car since 2015? You are eligible: claim your reward coins in the dashboard.')).toEqual(['funds']);
  });

  it('leaves ordinary Portuguese notices and technical threads with the same words alone', () => {
    expect(lure('Sua fatura de março já está disponível. Acesse o aplicativo para consultar.')).toBeUndefined();
    expect(lure('Transação concluída com sucesso. Obrigado por comprar conosco.')).toBeUndefined();
    expect(lure('A bus transaction that times out may result in a kernel oops; update the driver and confirm the fix on your board.')).toBeUndefined();
    expect(lure('The new coins for the museum collection arrived; please confirm the catalogue numbers.')).toBeUndefined();
  });

  it('stays quiet on ordinary mail: meeting notes, newsletters, official announcements', () => {
    expect(lure('Kính gửi các đơn vị, Sở Nội vụ thông báo lịch họp giao ban tuần 42 vào sáng thứ Hai tại phòng họp số 2.')).toBeUndefined();
    expect(lure('This week: new releases, a conference report and how to update your preferences.')).toBeUndefined();
    expect(lure('The meeting has been moved to Thursday; the agenda and minutes are attached.')).toBeUndefined();
  });

  it('reads only the start of a long text', () => {
    const late = `${'Báo cáo tình hình kinh tế xã hội quý III. '.repeat(Math.ceil(LURE_WINDOW / 40))} Tài khoản của bạn đã bị khóa, xác minh ngay.`;
    expect(lure(late)).toBeUndefined();
    expect(lure('Tài khoản của bạn đã bị khóa, xác minh ngay.')).toBeDefined();
  });

  it('reads hyphenated list words as the text reads after de-obfuscation, which turns their hyphen into a space', () => {
    // "connectez-vous", "re-activate", "two-factor", "sign-in details", "re-enter": the only action or object word in each
    expect(topics('Votre compte est suspendu. Connectez-vous pour le rétablir.')).toEqual(['account']);
    expect(topics('Your account has been suspended. Re-activate it within 24 hours.')).toEqual(['account']);
    expect(topics('Your two-factor settings expire today: re-enter the code from the link below.')).toEqual(['account']);
    expect(topics('Your sign-in details expire today. Re-enter them within 24 hours.')).toEqual(['account']);
  });
});
