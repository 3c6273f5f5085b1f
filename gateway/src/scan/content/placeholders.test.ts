import { describe, expect, it } from 'vitest';
import { addr, makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import { scanContent } from './index.js';
import { unfilledPlaceholderFinding } from './placeholders.js';

const found = (over: Parameters<typeof makeMessage>[0]) => {
  const f = unfilledPlaceholderFinding(makeMessage({ from: [addr('Offers <news@shop.example>')], ...over }));
  return f && { subject: f.subject, tags: f.tags };
};

describe('content.unfilled-placeholder: random-value tokens', () => {
  it.each([
    ['#RANDOM#', { subject: 'Your order #RANDOM# has shipped' }, 'subject'],
    ['#RANDON10#', { html: '<html><head><title>#RANDON10#</title></head><body>Olá</body></html>', visibleText: 'Olá' }, 'title'],
    ['{RND}', { visibleText: 'Ref {RND} — claim your reward today.' }, 'text'],
    ['[RANDOM_STRING]', { visibleText: 'Ticket [RANDOM_STRING]\nPlease confirm.' }, 'text'],
    ['%RND_NUMBER%', { subject: 'Invoice %RND_NUMBER% overdue' }, 'subject'],
    ['{$random}', { visibleText: 'ID: {$random}' }, 'text'],
    ['[[rand5]]', { visibleText: 'code [[rand5]]' }, 'text'],
  ])('reports %s', (token, over, where) => {
    expect(found(over)).toEqual({ subject: token, tags: ['random', where] });
  });

  it('reports one in the From name', () => {
    expect(found({ from: [addr('Support {RND} <a@shop.example>')] })).toEqual({ subject: '{RND}', tags: ['random', 'from-name'] });
  });

  it('prefers a random token over a recipient field, whatever comes first', () => {
    expect(found({ subject: 'Hi {{first_name}}', visibleText: 'order #RANDOM#' })?.tags).toEqual(['random', 'text']);
  });

  it('leaves shell and JavaScript variables, words in brackets and quoted lines alone', () => {
    expect(found({ visibleText: 'for i in 1 2; do echo ${RANDOM}; done' })).toBeUndefined();
    expect(found({ visibleText: 'The seed is [random] by default, see rand(3).' })).toBeUndefined();
    expect(found({ visibleText: '> subject was #RANDOM#\nThat is spam, delete it.' })).toBeUndefined();
    expect(found({ visibleText: 'Our spam filter looks for "#RANDOM#" tokens.' })).toBeUndefined();
    expect(found({ visibleText: 'Release #1234 is random# indeed; 50%random% off' })).toBeUndefined();
  });
});

describe('content.unfilled-placeholder: recipient-field tokens', () => {
  it.each([
    ['{{first_name}}', { subject: 'Special offer for {{first_name}}' }, 'subject'],
    ['{firstname}', { subject: 'RE:iPhone 13 Pro für {firstname}' }, 'subject'],
    ['%%FIRSTNAME%%', { visibleText: 'Dear %%FIRSTNAME%%,\nyour parcel is waiting.' }, 'text'],
    ['[[email]]', { visibleText: 'Hello [[email]], your mailbox is full.' }, 'text'],
    ['$name$', { visibleText: 'Hi $name$!\nYou won.' }, 'text'],
    ['{{name?Olá}}', { visibleText: 'Correios\n{{name?Olá}},\nseu pedido está retido.' }, 'text'],
    ['{{CompanyName}}', { visibleText: 'Kompatibel mit allen Geräten\n© 2025 {{CompanyName}} | Abmelden' }, 'text'],
    ['*|FNAME|*', { visibleText: 'Chào *|FNAME|*, ưu đãi hôm nay.' }, 'text'],
    ['{{ company_name }}', { from: [addr('{{ company_name }} <billing@shop.example>')] }, 'from-name'],
  ])('reports %s', (token, over, where) => {
    expect(found(over)).toEqual({ subject: token, tags: ['recipient-field', where] });
  });

  it('does not read a template discussion on a developer list', () => {
    expect(
      found({
        subject: 'Re: [PATCH] mailer: render greeting from template',
        visibleText: 'The Jinja template now starts with\n\nHi {{ first_name }},\n\nand {{ order.id }} below it.',
      }),
    ).toBeUndefined();
    expect(found({ visibleText: 'Hi {{first_name}},\n{% if vip %}Thanks!{% endif %}' })).toBeUndefined();
    expect(found({ visibleText: 'In Handlebars you write Hello {{name}}, and it is filled in.' })).toBeUndefined();
    expect(found({ visibleText: 'Hi Anna,\nuse `Hello {{name}},` as the first line.' })).toBeUndefined();
  });

  it('does not read a field anywhere but where a name belongs in the text', () => {
    expect(found({ visibleText: 'Python: print(f"{name}") or "{name}".format(name=x); the {email} column is required.' })).toBeUndefined();
    expect(found({ visibleText: 'set %NAME% before running build.bat; %USERNAME% is your login' })).toBeUndefined();
  });

  it('does not count a gap in a person\'s draft, a list tag or a Windows variable', () => {
    expect(found({ subject: 'Draft: letter to [Company]', visibleText: 'Dear [Name],\nplease find attached...' })).toBeUndefined();
    expect(found({ subject: '[Name] list: meeting notes' })).toBeUndefined();
    expect(found({ visibleText: 'Open C:\\Users\\%USERNAME%\\AppData to find it.' })).toBeUndefined();
  });

  it('ignores ordinary names and subjects', () => {
    expect(found({ subject: 'Lịch họp tuần sau', from: [addr('Nguyễn Văn An <an@so.example>')], visibleText: 'Kính gửi anh An,\nLịch họp...' })).toBeUndefined();
  });
});

describe('content scanner: content.unfilled-placeholder', () => {
  const policy = makePolicy({ localDomains: ['lachan.test'] });
  const kinds = (over: Parameters<typeof makeMessage>[0]) =>
    scanContent(makeMessage(over), makeContext(policy)).filter((f) => f.kind === 'content.unfilled-placeholder');

  it('reports at most one per message, from outside senders', () => {
    const fs = kinds({ from: [addr('x <a@shop.example>')], subject: 'Order #RANDOM#', visibleText: 'Hi {{first_name}},\ncode {RND} and [RANDOM]' });
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ scanner: 'content', subject: '#RANDOM#', tags: ['random', 'subject'] });
  });

  it('does not judge mail from the local domains', () => {
    expect(kinds({ from: [addr('IT <it@lachan.test>')], subject: 'Order #RANDOM#' })).toEqual([]);
  });
});
