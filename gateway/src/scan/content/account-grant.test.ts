import { describe, expect, it } from 'vitest';
import type { UrlRef } from '../../parse/types.js';
import { addr, makeContext, makeMessage, makePolicy, urlRef } from '../test-helpers.js';
import { scanContent } from './index.js';

const policy = makePolicy({
  localDomains: ['lachan.test'],
  lists: { allowed_domains: { type: 'domain', entries: ['doitac-tincay.example'] } },
});
const grant = (from: string, subject: string, text: string, links: UrlRef[]) =>
  scanContent(makeMessage({ from: [addr(from)], subject, text, visibleText: text, urls: links }), makeContext(policy)).find(
    (f) => f.kind === 'content.account-grant',
  );
const button = (url: string, text = 'Open') => urlRef(url, { source: 'href', text });
const JOIN = 'To join the meeting, go to https://microsoft.com/devicelogin and enter the code QXJ7-4LKM, then sign in with your work account.';

describe('content.account-grant: a real sign-in page used to hand the account over', () => {
  it('finds a device-login page with a code to enter, linked or written out, in English and Vietnamese', () => {
    expect(grant('Daniel <daniel@meridian-advisory.example>', 'Teams meeting', JOIN, [urlRef('https://microsoft.com/devicelogin')])).toEqual(
      expect.objectContaining({ kind: 'content.account-grant', subject: 'microsoft.com', tags: ['device-code', 'microsoft.com'] }),
    );
    const vi = 'Để nhận tài liệu, đồng chí truy cập google.com/device và nhập mã XK7-PQ2 hiển thị dưới đây.';
    expect(grant('Van phong <vp@hanhchinh-tinh.example>', 'Tai lieu hop', vi, [])?.tags).toEqual(['device-code', 'google.com']);
    for (const url of ['https://aka.ms/devicelogin', 'https://login.microsoftonline.com/common/oauth2/deviceauth', 'https://github.com/login/device'])
      expect(grant('A <a@partner.example>', 'Sign in', 'Open the page and enter the code ABCD-1234.', [button(url)])?.tags?.[0]).toBe('device-code');
  });

  it('leaves the page alone without a code, from the province or an allowed partner, and from the provider itself', () => {
    expect(grant('A <a@partner.example>', 'Help', 'Sign in at https://microsoft.com/devicelogin on the meeting-room screen.', [urlRef('https://microsoft.com/devicelogin')])).toBeUndefined();
    expect(grant('Phong CNTT <cntt@lachan.test>', 'Huong dan', JOIN, [urlRef('https://microsoft.com/devicelogin')])).toBeUndefined();
    expect(grant('Doi tac <it@doitac-tincay.example>', 'Guide', JOIN, [urlRef('https://microsoft.com/devicelogin')])).toBeUndefined();
    expect(grant('GitHub <noreply@github.com>', 'Device activation', 'Enter the code ABCD-1234 at https://github.com/login/device.', [urlRef('https://github.com/login/device')])).toBeUndefined();
    // the page name inside another word or path is not the page
    expect(grant('A <a@partner.example>', 'Docs', 'See notmicrosoft.com/devicelogin-help for the code list.', [])).toBeUndefined();
  });

  it('finds a real consent page whose redirect_uri hands the grant to an unrelated site', () => {
    const ms =
      'https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=4f2c&response_type=code&redirect_uri=https%3A%2F%2Fdoc-viewer-auth.workers.dev%2Fcb&scope=Mail.Read';
    expect(grant('SharePoint <no-reply@sharepoint-docs-online.com>', 'File shared', 'Allow the viewer app to open it.', [button(ms)])).toEqual(
      expect.objectContaining({ subject: 'doc-viewer-auth.workers.dev', tags: ['oauth-redirect', 'doc-viewer-auth.workers.dev'], urls: [button(ms).url] }),
    );
    const google = 'https://accounts.google.com/o/oauth2/v2/auth?client_id=8123-abc.apps.googleusercontent.com&redirect_uri=https://drive-view-fr.pages.dev/oauth&scope=mail';
    expect(grant('Google Drive <x@gdrive-partage.com>', 'Document', 'Autorisez l’application.', [button(google)])?.tags?.[0]).toBe('oauth-redirect');
  });

  it('leaves a consent page that returns to the sender, the province or the provider alone, and a sign-in page without redirect', () => {
    const own = 'https://login.microsoftonline.com/lachan.test/oauth2/v2.0/authorize?client_id=0b1c&redirect_uri=https%3A%2F%2Fportal.lachan.test%2Fauth';
    expect(grant('Vendor <it@vendor-portal.example>', 'Sign in', 'Sign in to the portal.', [button(own)])).toBeUndefined();
    const vendor = 'https://accounts.google.com/o/oauth2/v2/auth?client_id=1&redirect_uri=https://app.vendor-portal.example/cb';
    expect(grant('Vendor <it@vendor-portal.example>', 'Sign in', 'Sign in with Google.', [button(vendor)])).toBeUndefined();
    const google = 'https://accounts.google.com/o/oauth2/v2/auth?client_id=1&redirect_uri=https://developers.google.com/oauthplayground';
    expect(grant('A <a@partner.example>', 'Try it', 'Open the playground.', [button(google)])).toBeUndefined();
    expect(grant('A <a@partner.example>', 'Sign in', 'Sign in.', [button('https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=1')])).toBeUndefined();
  });
});
