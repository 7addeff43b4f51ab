// The loader hooks of module-log.mjs (they run on the loaders' thread): each module loaded, as
// `import <url>`, or `require <url>` where require() goes through the hooks too (newer Nodes).
import { appendFileSync } from 'node:fs';

let log;

export function initialize(data) {
  log = data.log;
}

export async function load(url, context, next) {
  appendFileSync(log, `${context.conditions?.includes('require') ? 'require' : 'import'} ${url}\n`);
  return next(url, context);
}
