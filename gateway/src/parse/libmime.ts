import { createRequire } from 'node:module';
import type libmimeModule from 'libmime';

/**
 * libmime as mailsplit uses it: its CommonJS build. libmime ships a CommonJS and an ES-module build;
 * mailsplit `require`s the first, and an `import` from here would load the second as well — two
 * copies of libmime, libqp and libbase64 (~180 KB of source) in every gateway process's heap. Both
 * builds are the same version and the same instance API, so the parser imports libmime from here.
 */
const libmime: typeof libmimeModule = createRequire(import.meta.url)('libmime') as typeof libmimeModule;

export default libmime;
