/**
 * The one source of tsvault's version and build date. The CLI prints them (`vault version`) and
 * the server reports them in sys/seal-status and sys/health, so both sides agree.
 *
 * The version comes from package.json, found by walking up from this module, which works from
 * src/ (tests) and from dist/src/ (the installed binary). The build date is package.json's
 * optional "buildDate" field (the packaging script may write it), else package.json's mtime.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface PackageInfo {
  version: string;
  buildDate: string;
}

/** RFC 3339 in UTC without fractional seconds, the shape Vault's build_date has. */
export function formatBuildDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function readPackageInfo(): PackageInfo {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, 'package.json');
    try {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as {
        name?: unknown;
        version?: unknown;
        buildDate?: unknown;
      };
      if (pkg.name === 'tsvault' && typeof pkg.version === 'string') {
        const buildDate =
          typeof pkg.buildDate === 'string' ? pkg.buildDate : formatBuildDate(statSync(file).mtime);
        return { version: pkg.version, buildDate };
      }
    } catch {
      // not here (or not readable): keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) return { version: '0.0.0-dev', buildDate: formatBuildDate(new Date(0)) };
    dir = parent;
  }
}

const info = readPackageInfo();

/** tsvault's version, e.g. "0.1.0" (what Vault reports as "1.13.2"). */
export const VERSION: string = info.version;
/** RFC 3339 build date, e.g. "2023-04-25T13:02:50Z". */
export const BUILD_DATE: string = info.buildDate;
