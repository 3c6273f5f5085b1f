import { DomainSet } from '../urls/domains.js';

/**
 * Free mail services: anyone can open a mailbox there in a minute, so a reply address there says
 * nothing about who the sender is. A short built-in list of the big providers (world-wide and the
 * ones common in Viet Nam); it only sharpens sender findings, it never blocks anything.
 */
export const FREEMAIL_DOMAINS: readonly string[] = Object.freeze([
  'gmail.com', 'googlemail.com',
  'yahoo.com', 'yahoo.com.vn', 'yahoo.co.uk', 'yahoo.fr', 'yahoo.de', 'yahoo.co.jp', 'yahoo.com.br', 'ymail.com', 'rocketmail.com',
  'hotmail.com', 'hotmail.co.uk', 'hotmail.fr', 'hotmail.de', 'hotmail.it', 'outlook.com', 'outlook.fr', 'outlook.de', 'live.com', 'live.fr', 'msn.com',
  'aol.com', 'aim.com', 'icloud.com', 'me.com', 'mac.com',
  'mail.com', 'email.com', 'usa.com', 'post.com', 'consultant.com', 'myself.com', 'dr.com', 'engineer.com', 'accountant.com',
  'gmx.com', 'gmx.net', 'gmx.de', 'web.de', 't-online.de', 'freenet.de',
  'protonmail.com', 'proton.me', 'pm.me', 'tutanota.com', 'tutanota.de', 'tutamail.com', 'tuta.io', 'mailfence.com',
  'yandex.com', 'yandex.ru', 'ya.ru', 'mail.ru', 'inbox.ru', 'list.ru', 'bk.ru', 'rambler.ru',
  'zoho.com', 'zohomail.com', 'qq.com', '163.com', '126.com', 'sina.com', 'sohu.com', 'naver.com', 'daum.net',
  'rediffmail.com', 'laposte.net', 'orange.fr', 'wanadoo.fr', 'libero.it', 'virgilio.it', 'uol.com.br', 'bol.com.br', 'terra.com.br',
  'seznam.cz', 'wp.pl', 'o2.pl', 'interia.pl', 'onet.pl', 'abv.bg', 'hushmail.com', 'fastmail.com', 'inbox.lv', 'cock.li',
]);

export const FREEMAIL: DomainSet = new DomainSet(FREEMAIL_DOMAINS);
