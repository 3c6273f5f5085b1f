// Preloaded with `node --import` by test/flow/start-modules.test.ts: appends the URL of every module
// the process loads (ES modules through a loader hook, CommonJS through the module compiler) to the
// file named by LACHAN_TEST_MODULE_LOG, one per line.
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';
import { pathToFileURL } from 'node:url';

const log = process.env.LACHAN_TEST_MODULE_LOG;
if (log) {
  register(
    'data:text/javascript,' +
      encodeURIComponent(
        `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  appendFileSync(${JSON.stringify(log)}, url + '\\n');
  return next(url, context);
}`,
      ),
  );
  const compile = Module.prototype._compile;
  Module.prototype._compile = function (content, filename) {
    appendFileSync(log, pathToFileURL(filename).href + '\n');
    return compile.call(this, content, filename);
  };
}
