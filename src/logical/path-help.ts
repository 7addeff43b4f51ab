/**
 * `?help=1` (`vault path-help`): the help of the backend that owns a path, in Vault's shape
 * `{help, openapi}`: at a mount's root, the backend's help and the paths it serves; below it, the
 * first path pattern that matches, with its synopsis and description.
 */
import { openApiDocument } from './openapi.js';
import type { BackendDocs, PathSpec } from './types.js';

export interface PathHelp {
  help: string;
  openapi: Record<string, unknown>;
}

function indent(text: string, n: number): string {
  const pad = ' '.repeat(n);
  return text
    .split('\n')
    .map((l) => (l ? pad + l : l))
    .join('\n');
}

/** A route as Vault prints it (Go's regexp syntax): `^data/(?P<path>.*[^/])$`, not JavaScript's escaped slashes. */
function routeText(pattern: RegExp): string {
  return pattern.source.replace(/\\\//g, '/').replace(/\(\?<(?![=!])/g, '(?P<');
}

function rootHelp(docs: BackendDocs, mountPoint: string): string {
  const paths = docs.paths
    .filter((p) => p.synopsis)
    .map((p) => `${indent(routeText(p.pattern), 4)}\n${indent(p.synopsis!, 8)}\n`)
    .join('\n');
  const intro = docs.help.trim() || `The backend mounted at ${mountPoint}.`;
  return (
    `## DESCRIPTION\n\n${intro}\n\n## PATHS\n\n` +
    'Each pattern below is a route of this backend; ask for the help of any path it matches to see more. ' +
    'Whether your token may use a path depends on its policies.\n\n' +
    paths
  ).trimEnd();
}

function pathText(spec: PathSpec, requestPath: string): string {
  const synopsis = spec.synopsis ?? 'No help is written for this path.';
  const description = spec.description?.trim();
  const ops = Object.keys(spec.operations).join(', ');
  return (
    `Request:        ${requestPath}\nMatching Route: ${routeText(spec.pattern)}\n\n${synopsis}\n\n` +
    `## OPERATIONS\n\n${ops}` +
    (description ? `\n\n## DESCRIPTION\n\n${description}` : '')
  );
}

/** The help for `rest` inside the mount at `mountPoint`, or undefined when no path of the backend matches it. */
export function pathHelp(docs: BackendDocs, mountPoint: string, rest: string, version: string): PathHelp | undefined {
  if (rest === '') {
    return { help: rootHelp(docs, mountPoint), openapi: openApiDocument([{ mountPoint, docs }], version) };
  }
  const spec = docs.paths.find((p) => p.pattern.test(rest));
  if (!spec) return undefined;
  return {
    help: pathText(spec, rest),
    openapi: openApiDocument([{ mountPoint, docs: { help: docs.help, paths: [spec] } }], version),
  };
}
