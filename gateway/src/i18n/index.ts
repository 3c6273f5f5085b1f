import { vi } from './vi.js';
import { en } from './en.js';

/** Vietnamese is the reference catalogue: every key must exist there; English mirrors it. */
export type MessageKey = keyof typeof vi;
export type Lang = 'vi' | 'en';

const catalogues: Record<Lang, Record<MessageKey, string>> = { vi, en };

/** Translate `key`, filling `{name}` placeholders from params. Unknown placeholders stay visible. */
export function t(key: MessageKey, params: Record<string, string | number> = {}, lang: Lang = 'vi'): string {
  const template = catalogues[lang][key] ?? catalogues.vi[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

export function hasKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(vi, key);
}
