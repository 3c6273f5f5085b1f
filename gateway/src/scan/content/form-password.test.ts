import { describe, expect, it } from 'vitest';
import type { UrlRef } from '../../parse/types.js';
import { addr, makeContext, makeMessage, makePolicy, urlRef } from '../test-helpers.js';
import { scanContent } from './index.js';

const policy = makePolicy({ localDomains: ['lachan.test'] });
const formPassword = (from: string, text: string, links: UrlRef[]) =>
  scanContent(makeMessage({ from: [addr(from)], subject: '', text, visibleText: text, urls: links }), makeContext(policy)).find(
    (f) => f.kind === 'content.form-password',
  );
const button = (url: string, text = 'Open') => urlRef(url, { source: 'href', text });

describe('content.form-password: a password asked for through a form builder', () => {
  it('finds it on Google Forms, Microsoft Forms, Jotform and Typeform, in Vietnamese, English and German', () => {
    const vi = 'Đề nghị đồng chí cung cấp địa chỉ thư và mật khẩu qua biểu mẫu dưới đây trước 17h hôm nay.';
    expect(formPassword('Quan tri <quantri.he.thong@gmail.com>', vi, [button('https://docs.google.com/forms/d/e/1FAIpQLSd9x/viewform')])).toEqual(
      expect.objectContaining({ kind: 'content.form-password', subject: 'docs.google.com', tags: ['form-builder', 'docs.google.com'] }),
    );
    const en = 'Verify your email address and password in the form below within 24 hours.';
    expect(formPassword('IT <it@mail-upgrade-center.example>', en, [button('https://forms.office.com/Pages/ResponsePage.aspx?id=Xyz')])?.subject).toBe('forms.office.com');
    expect(formPassword('IT <it@x.example>', en, [button('https://form.jotform.com/240123456789012')])?.subject).toBe('form.jotform.com');
    expect(formPassword('IT <it@x.example>', 'Bitte bestätigen Sie Ihr Passwort im Formular.', [button('https://acme.typeform.com/to/AbC123')])?.subject).toBe('acme.typeform.com');
  });

  it('leaves a survey, a registration, a warning never to give a password, and the province’s own forms alone', () => {
    const form = [button('https://docs.google.com/forms/d/e/1FAIpQLSe7/viewform')];
    expect(formPassword('UNICEF <registry@unicef.org>', 'Please fill in the survey on training needs. No personal data is collected.', form)).toBeUndefined();
    expect(formPassword('A <a@partner.example>', 'We will never ask you to provide your password in a form.', form)).toBeUndefined();
    expect(formPassword('Phong CNTT <cntt@lachan.test>', 'Đồng chí cập nhật mật khẩu mới tại biểu mẫu sau.', form)).toBeUndefined();
    // the password words without a form builder are the lure reader's business, not this one's
    expect(formPassword('IT <it@x.example>', 'Verify your password here.', [button('https://docs.google.com/document/d/1AbC/edit')])).toBeUndefined();
  });
});
