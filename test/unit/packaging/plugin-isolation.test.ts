/**
 * Seal plugins are packages of their own that import nothing but @tsvault/seal-plugin-api and
 * their own dependencies: each plugin's tsconfig has the plugin's folder as rootDir and references
 * the API package, so an import of src/ fails the build (shown on two fixtures); and no file under
 * plugins/ or packages/ imports from src/ at all.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../support/harness.js';

const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const PLUGINS = ['shamir', 'awskms', 'transit', 'pkcs11'];
const readJson = (path: string): Record<string, any> => JSON.parse(readFileSync(join(ROOT, path), 'utf8'));

function tscBuild(project: string): { code: number; out: string } {
  const r = spawnSync(process.execPath, [TSC, '-b', project], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(?:[cm]?ts|[cm]?js)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Every module specifier in a file: import/export … from '…', import('…'), require('…'), import '…'. */
function specifiers(text: string): string[] {
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)(['"])([^'"]+)\1/g;
  return [...text.matchAll(re)].map((m) => m[2]!);
}

describe('seal plugins are packages of their own', () => {
  it('each plugin has its package.json (@tsvault/seal-<type>) and a tsconfig rooted in its folder, referencing the API package', () => {
    const root = readJson('package.json');
    expect(root.workspaces).toEqual(['packages/*', 'plugins/*']);
    expect(root.dependencies['@aws-sdk/client-kms']).toBeUndefined();
    const api = readJson('packages/seal-plugin-api/package.json');
    expect(api).toMatchObject({ name: '@tsvault/seal-plugin-api', version: '1.0.0', type: 'module' });
    expect(api.dependencies ?? {}).toEqual({});
    for (const type of PLUGINS) {
      const pkg = readJson(`plugins/${type}/package.json`);
      expect(pkg).toMatchObject({ name: `@tsvault/seal-${type}`, private: true, type: 'module' });
      expect(pkg.dependencies['@tsvault/seal-plugin-api']).toBe(api.version);
      const tsconfig = readJson(`plugins/${type}/tsconfig.json`);
      expect(tsconfig.compilerOptions.rootDir).toBe('.');
      expect(tsconfig.include).toEqual(['*.ts']);
      expect(tsconfig.references).toEqual([{ path: '../../packages/seal-plugin-api' }]);
    }
    expect(readJson('plugins/awskms/package.json').dependencies['@aws-sdk/client-kms']).toBe('3.1164.0');
    // The fixtures below are built exactly as the plugins are.
    const fixture = readJson('test/fixtures/plugin-build/imports-src/tsconfig.json');
    expect(fixture.compilerOptions.rootDir).toBe('.');
    expect(fixture.references).toEqual([{ path: '../../../../packages/seal-plugin-api' }]);
  });

  it('no file under plugins/ or packages/ imports src/, and bare imports are declared dependencies', () => {
    const offenders: string[] = [];
    for (const top of ['plugins', 'packages']) {
      for (const dir of readdirSync(join(ROOT, top))) {
        const pkgDir = join(ROOT, top, dir);
        if (!existsSync(join(pkgDir, 'package.json'))) continue;
        const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { name: string; dependencies?: Record<string, string> };
        const allowed = new Set([pkg.name, ...Object.keys(pkg.dependencies ?? {})]);
        for (const file of sourceFiles(pkgDir)) {
          for (const spec of specifiers(readFileSync(file, 'utf8'))) {
            const where = `${relative(ROOT, file)}: ${spec}`;
            if (spec.startsWith('.')) {
              const target = resolve(dirname(file), spec);
              if (!target.startsWith(pkgDir + '/')) offenders.push(`${where} (outside ${top}/${dir})`);
              if (target.startsWith(join(ROOT, 'src') + '/')) offenders.push(`${where} (imports src/)`);
            } else if (spec.startsWith('node:') || builtinModules.includes(spec)) {
              continue;
            } else {
              const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
              if (!allowed.has(name)) offenders.push(`${where} (not a dependency of ${pkg.name})`);
            }
          }
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the grep above sees an import of src/', () => {
    const text = readFileSync(join(ROOT, 'test/fixtures/plugin-build/imports-src/index.ts'), 'utf8');
    expect(specifiers(text)).toContain('../../../../src/errors.js');
  });

  it('tsc -b: a plugin that imports only @tsvault/seal-plugin-api builds', () => {
    const r = tscBuild('test/fixtures/plugin-build/clean');
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  }, 120_000);

  it('tsc -b: a plugin that imports ../../src/errors.js fails the build (TS6059, not under rootDir)', () => {
    const r = tscBuild('test/fixtures/plugin-build/imports-src');
    expect(r.code).not.toBe(0);
    expect(r.out).toContain("error TS6059: File '" + join(ROOT, 'src/errors.ts') + "' is not under 'rootDir'");
    // noEmitOnError: a file outside rootDir would otherwise be emitted beside its source (src/errors.js).
    expect(existsSync(join(ROOT, 'src/errors.js'))).toBe(false);
    expect(existsSync(join(ROOT, 'dist/test-fixtures/plugin-build/imports-src/index.js'))).toBe(false);
  }, 120_000);
});
