import { describe, expect, it } from 'vitest';
import { shippedPolicyVerdicts, singlePartMail } from './shipped-verdict.js';

/**
 * Hand-written messages through the real parser, the scanners (no sender authentication: no DNS
 * here) and the shipped policy: a scam or phishing phrase together with an independent sign in the
 * sender or the links is held (rule phrase-with-sender-or-link-sign); the phrase alone, however
 * many, and the same phrase with only the "softer" signs this rule leaves out, are not.
 */
const verdict = shippedPolicyVerdicts();

describe('a scam or phishing phrase with an odd sender or link', () => {
  it('holds a parcel phrase whose only link goes to free cloud storage', async () => {
    const v = await verdict(
      singlePartMail(
        { From: 'Bezorgdienst <info@pakket-service.example>', Subject: 'Levering mislukt' },
        'Beste klant,\nuw pakket kon vandaag niet worden bezorgd. Plan een nieuwe levering via https://storage.googleapis.com/bucket-x81/levering.html\nMet vriendelijke groet',
      ),
    );
    expect(v.kinds).toEqual(expect.arrayContaining(['content.phrase', 'url.abused-hosting']));
    expect(v.action).toBe('quarantine');
    expect(v.rules).toContain('phrase-with-sender-or-link-sign');
  });

  it('holds an advance-fee proposal whose replies go to another free-mail mailbox', async () => {
    const v = await verdict(
      singlePartMail(
        { From: 'Dr. Paul Okafor <p.okafor@trade-office.example>', 'Reply-To': 'paul.okafor.private@gmail.com', Subject: 'Confidential' },
        'Dear friend,\nI have an urgent business matter for which I seek your consent before I share the details. Kindly reply to me.\nRegards',
      ),
    );
    expect(v.kinds).toEqual(expect.arrayContaining(['content.phrase', 'sender.reply-to-mismatch']));
    expect(v.action).toBe('quarantine');
    expect(v.rules).toContain('phrase-with-sender-or-link-sign');
  });

  it('holds a casino bonus mailed from an app on free hosting', async () => {
    const v = await verdict(
      singlePartMail(
        { From: 'Lucky Club <noreply@lucky-club-7731.firebaseapp.com>', Subject: 'Your weekend gift' },
        'Log in this weekend and get 50 free spins on every deposit.\nPlay now at https://lucky-club.example/play',
      ),
    );
    expect(v.kinds).toEqual(expect.arrayContaining(['content.phrase', 'sender.abused-hosting']));
    expect(v.action).toBe('quarantine');
    expect(v.rules).toContain('phrase-with-sender-or-link-sign');
  });

  it('only warns about several phrases with no other sign: words alone are never held by this rule', async () => {
    const v = await verdict(
      singlePartMail(
        { From: 'Rewards Team <team@survey-rewards.example>', Subject: 'You have been selected' },
        'Congratulations! You have been selected for a short survey. Answer a few questions and claim your reward.',
      ),
    );
    expect(v.kinds.filter((k) => k === 'content.phrase').length).toBeGreaterThanOrEqual(3);
    expect(v).toMatchObject({ action: 'deliver', warning: true });
    expect(v.rules).not.toContain('phrase-with-sender-or-link-sign');
  });

  it('does not hold a fraud advisory from an office on free mail, nor a phrase next to a shortened link', async () => {
    const advisory = await verdict(
      singlePartMail(
        { From: '"Công an xã Tân Phú" <congan.tanphu@gmail.com>', Subject: 'Cảnh báo thủ đoạn lừa đảo qua mạng' },
        'Kính gửi bà con,\nGần đây xuất hiện nhiều thủ đoạn lừa đảo qua điện thoại, nhắn tin "tài khoản sẽ bị khóa". Không cung cấp mã OTP cho bất kỳ ai.\nCông an xã Tân Phú',
      ),
    );
    // its phrases are quoted by a fraud-awareness notice (content/awareness.ts): recorded, not counted
    expect(advisory.kinds).toEqual(expect.arrayContaining(['content.fraud-awareness', 'sender.institution-freemail']));
    expect(advisory.rules).not.toContain('phrase-with-sender-or-link-sign');
    expect(advisory.action).toBe('deliver');
    const newsletter = await verdict(
      singlePartMail(
        { From: 'Money Weekly <news@money-weekly.example>', Subject: 'This week: passive income myths' },
        'Five passive income myths, explained by our editors: https://bit.ly/3xMyths\nYou receive this newsletter because you subscribed.',
      ),
    );
    expect(newsletter.kinds).toEqual(expect.arrayContaining(['content.phrase', 'url.shortener']));
    expect(newsletter.rules).not.toContain('phrase-with-sender-or-link-sign');
    expect(newsletter.action).toBe('deliver');
  });
});
