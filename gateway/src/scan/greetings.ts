/**
 * Greeting words a name follows ("Dear …", "Kính gửi …"), in the languages mass mail arrives in,
 * Vietnamese included: regular-expression alternatives for lower-case (or case-insensitive) text.
 * One list for the scanners that look for the reader's name after a greeting (identity/name-lure.ts,
 * content/placeholders.ts).
 */
export const GREETINGS: readonly string[] = [
  'dear', 'hello', 'hi', 'hey', 'greetings', 'hallo', 'liebe', 'lieber', 'hola', 'estimado', 'estimada', 'olá', 'oi',
  'prezado', 'prezada', 'caro', 'cara', 'cher', 'chère', 'bonjour', 'salut', 'ciao', 'beste', 'kính gửi', 'xin chào', 'chào',
  'thân gửi',
];
