/**
 * js-hcl-parser (hashicorp/hcl v1 compiled to JS by GopherJS), loaded when an HCL text is first
 * parsed and let go again once nothing has parsed for a while. The configuration files are parsed
 * at start-up and on SIGHUP, policies when they are written or first loaded: between those the
 * 1.5 MB bundle's ~5 MiB of heap (and its compiled code) would otherwise be held for the life of
 * the process.
 *
 * Loading it changes two globals, which are put back: GopherJS sets Error.stackTraceLimit to
 * Infinity (every Error the server creates afterwards would capture its whole stack) and
 * `global.require` to its own require (which keeps the module alive). It is required, not
 * imported: importing this CommonJS bundle as ESM makes Node scan it for named exports (~200 ms).
 */
import { createRequire } from 'node:module';

type Parse = (text: string) => string;

/** How long the parser stays loaded after its last use. */
export const HCL_RELEASE_AFTER_MS = 30_000;

let parseFn: Parse | undefined;
let releaseTimer: NodeJS.Timeout | undefined;

function load(): Parse {
  const require = createRequire(import.meta.url);
  const stackTraceLimit = Error.stackTraceLimit;
  const hadRequire = Object.prototype.hasOwnProperty.call(globalThis, 'require');
  const previousRequire = (globalThis as { require?: unknown }).require;
  let mod: { default?: { parse?: unknown }; parse?: unknown };
  try {
    mod = require('js-hcl-parser') as typeof mod;
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
    if (hadRequire) (globalThis as { require?: unknown }).require = previousRequire;
    else delete (globalThis as { require?: unknown }).require;
  }
  // Out of require's cache (and its parent's children) at once: only parseFn holds it from here.
  const path = require.resolve('js-hcl-parser');
  const cached = require.cache[path];
  delete require.cache[path];
  const siblings = cached?.parent?.children;
  if (cached && siblings) siblings.splice(siblings.indexOf(cached), 1);
  const parse = mod.default?.parse ?? mod.parse;
  if (typeof parse !== 'function') throw new Error('js-hcl-parser does not export parse()');
  return (text) => String((parse as (t: string) => unknown)(text));
}

/**
 * hcl v1's parse of `text`: its JSON rendering, or its error as a string
 * (`unable to parse JSON: At 3:2: …`). Throws when the library cannot be loaded.
 */
export function hclParse(text: string): string {
  parseFn ??= load();
  const parse = parseFn;
  if (releaseTimer) releaseTimer.refresh();
  else releaseTimer = setTimeout(releaseHclParser, HCL_RELEASE_AFTER_MS).unref();
  return parse(text);
}

/** Drops the loaded parser (the timer's job; tests call it). The next parse loads it again. */
export function releaseHclParser(): void {
  if (releaseTimer) clearTimeout(releaseTimer);
  releaseTimer = undefined;
  parseFn = undefined;
}

/** Whether the parser is loaded now. */
export function hclParserLoaded(): boolean {
  return parseFn !== undefined;
}
