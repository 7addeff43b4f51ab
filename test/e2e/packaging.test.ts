/**
 * The RPM end to end on this Debian machine (README, "Packaging"):
 * - packaging/install-build-deps.sh installs rpm, rpmlint, createrepo-c, dnf and systemd when one
 *   is missing (CI runs as root on a fresh machine), then packaging/build-rpm.sh builds the RPM
 *   from dist/ and a createrepo_c repository around it;
 * - rpmlint reports nothing but the checks the spec justifies; rpm -qp shows the layout;
 * - `dnf --installroot` installs tsvault from that repository into an empty root, scriptlets run.
 *   What a RHEL host has outside the package comes from one stand-in RPM built by
 *   test/packaging/build-standin.sh, whose header lists each stand-in and why (the host's own
 *   sh, coreutils, useradd/userdel, openssl and kill, so that %pre and %post really run in the
 *   root; systemd's target files for systemd-analyze; nodejs as a Provides only);
 * - the installed daemon (this machine's node on the root's files) on a copy of the installed
 *   vault.hcl pointed at a temporary data directory and a free loopback port, serving TLS with
 *   the certificate %post made: init, unseal with 3 keys, `vault status` exits 0;
 * - `systemd-analyze verify --root` accepts the installed unit;
 * - tsvault provides `vault`, and dnf refuses HashiCorp's vault (a name-only stand-in) beside it;
 * - the pkcs11 seal plugin is its own arch-specific RPM (tsvault-seal-pkcs11, a native addon); installed
 *   beside tsvault, the plugin from the root's files seals and unseals with SoftHSM2;
 * - an upgrade (release 2) keeps the user, the certificate and an edited vault.hcl; erase removes
 *   the user and keeps the edited vault.hcl (.rpmsave) and the certificate; a reinstall keeps it.
 * Loopback only: the only traffic off the machine is apt-get and npm fetching packages.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, appendFileSync, existsSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, freePort, ROOT, tempDir } from '../support/harness.js';
import { recordSecrets, recordServerOutput } from '../support/leak-check.js';
import { startSoftHsm } from '../support/softhsm.js';

interface Result {
  code: number;
  out: string;
  err: string;
}

function run(cmd: string, args: string[], env: Record<string, string> = {}, timeoutMs = 120_000): Result {
  const r = spawnSync(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: timeoutMs });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

function ok(cmd: string, args: string[], env: Record<string, string> = {}, timeoutMs = 120_000): string {
  const r = run(cmd, args, env, timeoutMs);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.code}:\n${r.out}\n${r.err}`);
  return r.out + r.err;
}

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const SPEC = join(ROOT, 'packaging/rpm/tsvault.spec');

describe('RPM packaging', () => {
  const timings: string[] = [];
  let work: string;
  let rpm: string;
  let root: string; // the throw-away installroot
  let home: string; // HOME for dnf and rpm: .rpmmacros puts the rpmdb at /var/lib/rpm
  let dnfArgs: string[];

  const timed = <T>(label: string, f: () => T): T => {
    const t0 = Date.now();
    try {
      return f();
    } finally {
      timings.push(`${label} ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    }
  };
  const dnf = (...args: string[]): string => ok('dnf', [...dnfArgs, ...args], { HOME: home }, 180_000);
  const rpmRoot = (...args: string[]): Result => run('rpm', [`--root=${root}`, ...args], { HOME: home });

  beforeAll(() => {
    assertBuilt();
    work = tempDir('tsvault-rpm-');
    timed('install-build-deps', () => ok('bash', ['packaging/install-build-deps.sh'], {}, 660_000));
    const repo = join(work, 'repo');
    timed('build-rpm', () => ok('bash', ['packaging/build-rpm.sh', repo], {}, 300_000));
    rpm = join(repo, `tsvault-${VERSION}-1.noarch.rpm`);
    const standin = join(work, 'standin');
    timed('standin', () => {
      ok('bash', ['test/packaging/build-standin.sh', standin]);
      ok('createrepo_c', ['--quiet', '--no-database', standin]);
    });

    // dnf sees only these two repositories (file:// URLs, no network) and a config of its own.
    root = join(work, 'root');
    home = join(work, 'home');
    const reposd = join(work, 'repos.d');
    mkdirSync(home);
    mkdirSync(reposd);
    writeFileSync(join(home, '.rpmmacros'), '%_dbpath /var/lib/rpm\n');
    writeFileSync(
      join(reposd, 'test.repo'),
      `[tsvault]\nname=tsvault\nbaseurl=file://${repo}\ngpgcheck=0\n\n` +
        `[tsvault-test-host]\nname=stand-ins for the host outside the package\nbaseurl=file://${standin}\ngpgcheck=0\n`,
    );
    const conf = join(work, 'dnf.conf');
    writeFileSync(conf, `[main]\ngpgcheck=0\ninstall_weak_deps=False\nclean_requirements_on_remove=False\n`);
    // --releasever: a root has no release package to take it from; the repositories ignore it.
    dnfArgs = ['-y', `--installroot=${root}`, `--config=${conf}`, `--setopt=reposdir=${reposd}`,
      `--setopt=cachedir=${join(work, 'cache')}`, '--releasever=9'];
  }, 900_000);

  afterAll(() => {
    process.stdout.write(`packaging timings: ${timings.join(', ')}\n`);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('rpmlint: no error or warning but those the spec justifies, and each justification still needed', () => {
    const r = timed('rpmlint', () => run('rpmlint', [rpm]));
    const found = new Map<string, string>();
    for (const m of r.out.matchAll(/^\S+: ([EW]): (\S+)(.*)$/gm)) found.set(m[2]!, `${m[1]}: ${m[2]}${m[3]}`);
    const justified = new Set([...readFileSync(SPEC, 'utf8').matchAll(/^# rpmlint: (\S+):/gm)].map((m) => m[1]!));
    const unjustified = [...found].filter(([check]) => !justified.has(check)).map(([, line]) => line);
    expect(unjustified, r.out).toEqual([]);
    expect([...justified].filter((c) => !found.has(c)), 'stale justifications in the spec').toEqual([]);
    expect(r.out).toMatch(/1 packages and 0 specfiles checked/);
  });

  it('rpm -qlp: the layout, modes, owners and %config(noreplace) files', () => {
    const files = ok('rpm', ['-qlp', rpm]).trim().split('\n');
    for (const path of [
      '/usr/bin/vault',
      '/usr/bin/tsvault',
      '/usr/lib/tsvault/package.json',
      '/usr/lib/tsvault/dist/src/cli/main.js',
      '/usr/lib/tsvault/dist/src/server/daemon.js',
      '/usr/lib/tsvault/dist/plugins/shamir/plugin.json',
      '/usr/lib/tsvault/dist/plugins/awskms/index.js',
      '/usr/lib/tsvault/dist/plugins/transit/index.js',
      // the web UI's bundle (ui = true): index.html and hashed assets, no UI library in node_modules
      '/usr/lib/tsvault/dist/ui/index.html',
      '/usr/lib/tsvault/node_modules/pino/package.json',
      '/usr/lib/tsvault/node_modules/@tsvault/seal-plugin-api/package.json',
      '/usr/lib/tsvault/node_modules/@tsvault/seal-plugin-api/dist/index.js',
      // each plugin carries its own dependencies: the AWS SDK belongs to awskms alone
      '/usr/lib/tsvault/dist/plugins/awskms/package.json',
      '/usr/lib/tsvault/dist/plugins/awskms/node_modules/@aws-sdk/client-kms/package.json',
      '/usr/lib/tsvault/dist/plugins/awskms/node_modules/@tsvault/seal-plugin-api/dist/index.js',
      '/usr/lib/tsvault/dist/plugins/shamir/node_modules/@tsvault/seal-plugin-api/dist/index.js',
      '/usr/lib/tsvault/dist/plugins/transit/node_modules/@tsvault/seal-plugin-api/dist/index.js',
      '/usr/lib/tsvault/node_modules/js-hcl-parser/package.json',
      '/usr/lib/systemd/system/vault.service',
      '/etc/vault.d/vault.hcl',
      '/etc/vault.d/vault.env',
      '/opt/vault/data',
      '/usr/share/doc/tsvault/README.md',
    ]) expect(files).toContain(path);
    const outside = files.filter((f) => !/^\/(usr\/lib\/tsvault|usr\/bin\/(vault|tsvault)$|usr\/lib\/systemd\/system\/vault\.service$|etc\/vault\.d|opt\/vault|usr\/share\/doc\/tsvault)/.test(f));
    expect(outside).toEqual([]);
    expect(files.filter((f) => f.startsWith('/usr/lib/tsvault/node_modules/@aws-sdk/'))).toEqual([]);
    // production dependencies only; no TypeScript, and no source maps of sources not shipped
    expect(files.filter((f) => /node_modules\/(vitest|typescript|vite|@types|preact|playwright-core|axe-core)\//.test(f) || /\.[cm]?ts$/.test(f))).toEqual([]);
    expect(files.filter((f) => /^\/usr\/lib\/tsvault\/dist\/ui\/assets\/index-[\w-]+\.js$/.test(f))).toHaveLength(1);
    expect(files.filter((f) => f.startsWith('/usr/lib/tsvault/dist/') && f.endsWith('.map'))).toEqual([]);

    const table = ok('rpm', ['-qp', '--qf', '[%{FILEMODES:perms}\t%{FILEUSERNAME}:%{FILEGROUPNAME}\t%{FILEFLAGS:fflags}\t%{FILENAMES}\t%{FILELINKTOS}\n]', rpm]);
    const entry = (path: string): string[] => table.split('\n').map((l) => l.split('\t')).find((c) => c[3] === path) ?? [];
    expect(entry('/etc/vault.d')).toEqual(['drwxr-xr-x', 'vault:vault', '', '/etc/vault.d', '']);
    expect(entry('/etc/vault.d/vault.hcl')).toEqual(['-rw-r--r--', 'vault:vault', 'cn', '/etc/vault.d/vault.hcl', '']);
    expect(entry('/etc/vault.d/vault.env')).toEqual(['-rw-r--r--', 'vault:vault', 'cn', '/etc/vault.d/vault.env', '']);
    expect(entry('/opt/vault/data')).toEqual(['drwx------', 'vault:vault', '', '/opt/vault/data', '']);
    expect(entry('/opt/vault/tls')).toEqual(['drwx------', 'vault:vault', '', '/opt/vault/tls', '']);
    expect(entry('/usr/lib/systemd/system/vault.service').slice(0, 3)).toEqual(['-rw-r--r--', 'root:root', '']);
    expect(entry('/usr/lib/tsvault/dist/src/cli/main.js').slice(0, 2)).toEqual(['-rwxr-xr-x', 'root:root']);
    expect(entry('/usr/lib/tsvault/dist/plugins/shamir/index.js').slice(0, 2)).toEqual(['-rw-r--r--', 'root:root']);
    expect(entry('/usr/bin/vault')[4]).toBe('../lib/tsvault/dist/src/cli/main.js');
    expect(entry('/usr/bin/tsvault')[4]).toBe('../lib/tsvault/dist/src/cli/main.js');
  });

  it('rpm -qp: noarch, dependencies declared honestly, Provides and Conflicts vault', () => {
    expect(ok('rpm', ['-qp', '--qf', '%{ARCH} %{NAME}-%{VERSION}', rpm])).toBe(`noarch tsvault-${VERSION}`);
    const requires = ok('rpm', ['-qp', '--requires', rpm]).split('\n');
    expect(requires).toEqual(expect.arrayContaining(['nodejs >= 1:20.19', 'openssl >= 1:1.1.1', 'shadow-utils', '/usr/bin/node']));
    expect(ok('rpm', ['-qp', '--provides', rpm]).split('\n')).toContain(`vault = ${VERSION}-1`);
    expect(ok('rpm', ['-qp', '--conflicts', rpm]).trim()).toBe('vault');
  });

  it('dnf --installroot installs tsvault from the createrepo_c repository, with its scriptlets', () => {
    const out = timed('dnf install', () => dnf('install', 'tsvault'));
    expect(out).toMatch(/Installing\s+:\s+tsvault-test-host/); // pulled in by tsvault's Requires
    expect(out).toContain('Vault TLS key and self-signed certificate have been generated');
    expect(out).not.toMatch(/scriptlet failed|error|warning/i);
    expect(rpmRoot('-q', 'tsvault').out.trim()).toBe(`tsvault-${VERSION}-1.noarch`);
    // %pre: the vault system user, its own group, home /opt/vault, no shell
    const passwd = readFileSync(join(root, 'etc/passwd'), 'utf8');
    const user = /^vault:x:(\d+):(\d+)::\/opt\/vault:\/bin\/false$/m.exec(passwd);
    expect(user, passwd).not.toBeNull();
    const [uid, gid] = [Number(user![1]), Number(user![2])];
    expect(uid).toBeLessThan(1000);
    expect(readFileSync(join(root, 'etc/group'), 'utf8')).toMatch(new RegExp(`^vault:x:${gid}:$`, 'm'));
    // rpm put the files in place with the user's ids; %post made the certificate, the vault user's alone
    const mode = (p: string): [string, number, number] => {
      const s = statSync(join(root, p));
      return [(s.mode & 0o7777).toString(8), s.uid, s.gid];
    };
    expect(mode('etc/vault.d/vault.hcl')).toEqual(['644', uid, gid]);
    expect(mode('opt/vault/data')).toEqual(['700', uid, gid]);
    expect(mode('opt/vault/tls')).toEqual(['700', uid, gid]);
    expect(mode('opt/vault/tls/tls.crt')).toEqual(['600', uid, gid]);
    expect(mode('opt/vault/tls/tls.key')).toEqual(['600', uid, gid]);
    const cert = ok('openssl', ['x509', '-in', join(root, 'opt/vault/tls/tls.crt'), '-noout', '-subject', '-ext', 'subjectAltName', '-text']);
    expect(cert).toMatch(/subject=O = tsvault, CN = Vault/);
    expect(cert).toMatch(/Public-Key: \(4096 bit\)/);
    expect(cert).toMatch(/DNS:localhost, IP Address:127\.0\.0\.1/);
    // every packaged file as the package says (modes, owners, digests)
    const verify = rpmRoot('-V', 'tsvault');
    expect(verify.out + verify.err).toBe('');
    expect(verify.code).toBe(0);
    // vault.env: comments only (Vault ships it empty), plain text, not executable
    const envLines = readFileSync(join(root, 'etc/vault.d/vault.env'), 'utf8').split('\n');
    expect(envLines.filter((l) => !/^(#.*)?$/.test(l))).toEqual([]);
    expect(mode('etc/vault.d/vault.env')).toEqual(['644', uid, gid]);
    // the installed files are the repository's
    expect(readFileSync(join(root, 'usr/lib/systemd/system/vault.service'), 'utf8')).toBe(readFileSync(join(ROOT, 'systemd/vault.service'), 'utf8'));
    expect(readFileSync(join(root, 'etc/vault.d/vault.hcl'), 'utf8')).toBe(readFileSync(join(ROOT, 'etc/vault.d/vault.hcl'), 'utf8'));
  });

  it('Provides/Conflicts vault: tsvault provides vault, and dnf refuses HashiCorp\'s vault beside it', () => {
    expect(rpmRoot('-q', '--whatprovides', 'vault').out.trim()).toBe(`tsvault-${VERSION}-1.noarch`);
    // what the article's operator types, with HashiCorp's package (a name-only stand-in) available
    const r = run('dnf', [...dnfArgs, 'install', 'vault'], { HOME: home }, 120_000);
    expect(r.code).toBe(1);
    expect(r.out + r.err).toMatch(new RegExp(`package tsvault-${VERSION}-1\\.noarch conflicts with vault provided by vault-1\\.15\\.0-1\\.noarch`));
    expect(rpmRoot('-q', 'vault').code).not.toBe(0);
  });

  it('the installed daemon, on the installed vault.hcl and the %post certificate, initialises and unseals', async () => {
    const cli = join(root, 'usr/lib/tsvault/dist/src/cli/main.js');
    const ca = join(root, 'opt/vault/tls/tls.crt');
    const dir = tempDir('tsvault-rpm-run-');
    const port = await freePort();
    const shipped = readFileSync(join(root, 'etc/vault.d/vault.hcl'), 'utf8');
    // Only three values change: the data directory, the address, and where the TLS files are.
    const edits: [string, string][] = [
      ['path = "/opt/vault/data"', `path = "${join(dir, 'data')}"`],
      ['address       = "0.0.0.0:8200"', `address       = "127.0.0.1:${port}"`],
      ['"/opt/vault/tls/', `"${join(root, 'opt/vault/tls')}/`],
    ];
    let config = shipped;
    for (const [from, to] of edits) {
      expect(config, `the installed vault.hcl no longer has ${from}`).toContain(from);
      config = config.split(from).join(to);
    }
    const configPath = join(dir, 'vault.hcl');
    writeFileSync(configPath, config);
    mkdirSync(join(dir, 'data'), { mode: 0o700 });

    const env = { PATH: process.env.PATH ?? '', HOME: dir, VAULT_ADDR: `https://127.0.0.1:${port}`, VAULT_CACERT: ca };
    const vault = (...args: string[]): Result => {
      const r = run(process.execPath, [cli, ...args], env, 30_000);
      recordSecrets(r.out);
      return r;
    };
    let output = '';
    const proc: ChildProcess = spawn(process.execPath, [cli, 'server', `-config=${configPath}`], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number>((res) => proc.once('exit', (code, signal) => res(code ?? (signal ? 128 : -1))));
    const collect = (d: Buffer): void => {
      output += d.toString();
      recordServerOutput(`packaging-${port}`, d.toString());
    };
    proc.stdout!.on('data', collect);
    proc.stderr!.on('data', collect);
    try {
      // Ready when seal-status answers over TLS verified against the %post certificate.
      const deadline = Date.now() + 20_000;
      for (;;) {
        const answered = await new Promise<boolean>((res) => {
          const req = httpsGet(`https://127.0.0.1:${port}/v1/sys/seal-status`, { ca: readFileSync(ca) }, (r) => {
            r.resume();
            res(r.statusCode === 200);
          });
          req.on('error', () => res(false));
        });
        if (answered) break;
        if (proc.exitCode !== null) throw new Error(`the installed daemon exited:\n${output}`);
        if (Date.now() > deadline) throw new Error(`the installed daemon did not answer:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(output).toMatch(/Listener 1: tcp \(addr: "127\.0\.0\.1:\d+", .*tls: "enabled"\)/);
      // the packaged vault.hcl says ui = true: the installed UI bundle is served at /ui/
      const page = await new Promise<{ status: number; csp: string; body: string }>((res, rej) => {
        httpsGet(`https://127.0.0.1:${port}/ui/`, { ca: readFileSync(ca) }, (r) => {
          let body = '';
          r.on('data', (d: Buffer) => (body += d.toString()));
          r.on('end', () => res({ status: r.statusCode ?? 0, csp: String(r.headers['content-security-policy'] ?? ''), body }));
        }).on('error', rej);
      });
      expect(page.status).toBe(200);
      expect(page.csp).toContain("script-src 'self'");
      expect(page.body).toMatch(/<script type="module" crossorigin src="\/ui\/assets\/index-[\w-]+\.js"><\/script>/);

      const init = vault('operator', 'init');
      expect(init.code, init.err).toBe(0);
      const keys = [...init.out.matchAll(/^Unseal Key \d: (\S+)$/gm)].map((m) => m[1]!);
      expect(keys).toHaveLength(5);
      for (const key of keys.slice(0, 2)) expect(vault('operator', 'unseal', key).code).toBe(0);
      expect(vault('status').code).toBe(2); // still sealed after two of three
      expect(vault('operator', 'unseal', keys[2]!).code).toBe(0);
      const status = vault('status');
      expect(status.code, status.err).toBe(0);
      expect(status.out).toMatch(/^Sealed\s+false$/m);
      // the build date build-rpm.sh wrote into the installed package.json
      const { buildDate } = JSON.parse(readFileSync(join(root, 'usr/lib/tsvault/package.json'), 'utf8')) as { buildDate: string };
      expect(buildDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(status.out).toMatch(new RegExp(`^Build Date\\s+${buildDate}$`, 'm'));
    } finally {
      proc.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (proc.exitCode === null) proc.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the installed seal plugins load their production dependencies from their own node_modules', () => {
    mkdirSync(join(work, 'plugins-alone'), { recursive: true });
    for (const type of ['shamir', 'awskms', 'transit']) {
      // A copy of the plugin folder alone, away from /usr/lib/tsvault/node_modules: it needs nothing else.
      const alone = join(work, 'plugins-alone', type);
      ok('cp', ['-R', join(root, `usr/lib/tsvault/dist/plugins/${type}`), alone]);
      const entry = join(alone, 'index.js');
      const script = `import(process.argv[1]).then((m) => console.log(m.default.type, m.default.apiVersion))`;
      expect(ok(process.execPath, ['-e', script, entry], { HOME: work }).trim()).toBe(`${type} 1`);
      expect(ok(process.execPath, ['-e', script, join(root, `usr/lib/tsvault/dist/plugins/${type}/index.js`)], { HOME: work }).trim()).toBe(`${type} 1`);
    }
  });

  it('tsvault-seal-pkcs11: its own arch-specific RPM; installed beside tsvault, the plugin seals with SoftHSM2', () => {
    const repo = dirname(rpm);
    const name = readdirSync(repo).find((f) => /^tsvault-seal-pkcs11-.*\.rpm$/.test(f));
    expect(name, 'build-rpm.sh built no tsvault-seal-pkcs11 RPM').toBeDefined();
    const pluginRpm = join(repo, name!);
    const arch = ok('rpm', ['-qp', '--qf', '%{ARCH}', pluginRpm]).trim();
    expect(arch).not.toBe('noarch');
    expect(ok('rpm', ['-qp', '--requires', pluginRpm]).split('\n')).toContain(`tsvault = ${VERSION}-1`);
    const files = ok('rpm', ['-qlp', pluginRpm]).trim().split('\n');
    expect(files).toEqual(expect.arrayContaining([
      '/usr/lib/tsvault/dist/plugins/pkcs11/index.js',
      '/usr/lib/tsvault/dist/plugins/pkcs11/plugin.json',
      '/usr/lib/tsvault/dist/plugins/pkcs11/node_modules/pkcs11js/build/Release/pkcs11.node',
    ]));
    expect(files.filter((f) => !f.startsWith('/usr/lib/tsvault/dist/plugins/pkcs11'))).toEqual([]);
    // The main RPM carries no native code.
    expect(ok('rpm', ['-qlp', rpm]).split('\n').filter((f) => /pkcs11/.test(f))).toEqual([]);

    // --nodeps: the installroot's stand-ins provide no glibc/libstdc++ packages (this machine's are used).
    ok('rpm', [`--root=${root}`, '-i', '--nodeps', pluginRpm], { HOME: home });
    try {
      const hsm = startSoftHsm();
      const entry = join(root, 'usr/lib/tsvault/dist/plugins/pkcs11/index.js');
      const script = `
        const { default: p } = await import(process.argv[1]);
        const log = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, named() { return log; } };
        const w = await p.create({ lib: process.argv[2], token_label: process.argv[3], key_label: 'rpm', generate_key: 'true' },
          { logger: log, env: { VAULT_HSM_PIN: process.argv[4] }, aead: {} });
        const blob = await w.encrypt(Buffer.from('from the RPM'));
        console.log(p.type, w.keyId().split(':')[0], Buffer.from(await w.decrypt(blob)).toString());
        await w.close();`;
      const out = ok(process.execPath, ['--input-type=module', '-e', script, entry, hsm.lib, hsm.tokenLabel, hsm.pin], { HOME: work, ...hsm.env });
      expect(out.trim()).toBe('pkcs11 rpm from the RPM');
      hsm.remove();
    } finally {
      ok('rpm', [`--root=${root}`, '-e', '--nodeps', 'tsvault-seal-pkcs11'], { HOME: home });
    }
  });

  it('systemd-analyze verify accepts the installed unit (against the installroot, for its binaries)', () => {
    const r = timed('systemd-analyze', () => run('systemd-analyze', ['verify', `--root=${root}`, '/usr/lib/systemd/system/vault.service']));
    expect(r.out + r.err).toBe(''); // verify only warns (exit 0) about unknown or bad directives
    expect(r.code).toBe(0);
  });

  it('upgrade (the same version, release 2): the user, the certificate and an edited vault.hcl stay', () => {
    const repo2 = join(work, 'repo2');
    timed('build-rpm release 2', () => ok('bash', ['packaging/build-rpm.sh', repo2], { TSVAULT_RELEASE: '2' }, 300_000));
    writeFileSync(join(work, 'repos.d', 'update.repo'), `[tsvault-update]\nname=tsvault update\nbaseurl=file://${repo2}\ngpgcheck=0\n`);
    const passwd = readFileSync(join(root, 'etc/passwd'), 'utf8');
    const cert = readFileSync(join(root, 'opt/vault/tls/tls.crt'), 'utf8');
    appendFileSync(join(root, 'etc/vault.d/vault.hcl'), '\n# an operator edit\n');
    const out = timed('dnf upgrade', () => dnf('upgrade', 'tsvault'));
    expect(out).toMatch(new RegExp(`Upgrading\\s+:\\s+tsvault-${VERSION}-2\\.noarch`));
    expect(out).toContain('Vault TLS key and certificate already exist.');
    expect(out).not.toMatch(/scriptlet failed|error|warning/i);
    expect(rpmRoot('-q', 'tsvault').out.trim()).toBe(`tsvault-${VERSION}-2.noarch`);
    expect(readFileSync(join(root, 'etc/passwd'), 'utf8')).toBe(passwd);
    expect(readFileSync(join(root, 'opt/vault/tls/tls.crt'), 'utf8')).toBe(cert);
    expect(readFileSync(join(root, 'etc/vault.d/vault.hcl'), 'utf8')).toMatch(/# an operator edit\n$/);
  });

  it('erase: the vault user goes, an edited vault.hcl stays as .rpmsave, so does the certificate; a reinstall keeps it', () => {
    const certBefore = readFileSync(join(root, 'opt/vault/tls/tls.crt'), 'utf8');
    expect(readFileSync(join(root, 'etc/vault.d/vault.hcl'), 'utf8')).toContain('# an operator edit');
    const out = timed('dnf remove', () => dnf('remove', 'tsvault'));
    expect(out).toContain('/etc/vault.d/vault.hcl saved as /etc/vault.d/vault.hcl.rpmsave');
    expect(readFileSync(join(root, 'etc/passwd'), 'utf8')).not.toMatch(/^vault:/m);
    expect(readFileSync(join(root, 'etc/group'), 'utf8')).not.toMatch(/^vault:/m);
    expect(existsSync(join(root, 'usr/lib/tsvault'))).toBe(false);
    expect(existsSync(join(root, 'usr/bin/vault'))).toBe(false);
    expect(existsSync(join(root, 'etc/vault.d/vault.hcl.rpmsave'))).toBe(true);
    expect(readFileSync(join(root, 'opt/vault/tls/tls.crt'), 'utf8')).toBe(certBefore);

    const again = timed('dnf reinstall', () => dnf('install', 'tsvault'));
    expect(again).toContain('Vault TLS key and certificate already exist.');
    expect(readFileSync(join(root, 'opt/vault/tls/tls.crt'), 'utf8')).toBe(certBefore);
    expect(readFileSync(join(root, 'etc/passwd'), 'utf8')).toMatch(/^vault:x:\d+:\d+::\/opt\/vault:\/bin\/false$/m);
  });
});
