// Auth benchmarks (issue 12): AppRole login and userpass login per second beside token lookup-self
// and a KV v2 read made with a login token (an identity entity, the templated `default` policy),
// with the server's CPU time per request (µs), on one server with file storage. `npm run bench:auth`
// (builds first); `-- --quick` for the CI smoke run. The userpass figure is bound by the bcrypt cost
// (named in the output): every login hashes once, as Vault's does. Prints JSON and writes
// test/bench/results/auth-latest.json (auth-quick.json for --quick). Asserts no speed.
import { cpus } from 'node:os';
import { join } from 'node:path';
import { measure } from './load.mjs';
import { api, cpuMs, initAndUnseal, newServerConfig, report, ROOT, startServer, stop } from './server.mjs';

const QUICK = process.argv.includes('--quick');
const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 1 : 10));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const PASSWORD = 'bench-password-0123456789';

async function main() {
  const { BCRYPT_DEFAULT_COST } = await import(join(ROOT, 'dist/src/auth/userpass/index.js'));
  const results = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, quick: QUICK, settings: { SECONDS, CONNECTIONS }, bcryptCost: BCRYPT_DEFAULT_COST };
  const cfg = await newServerConfig();
  const { proc } = await startServer(cfg);
  try {
    const root = await initAndUnseal(cfg);
    await api(cfg, 'POST', 'sys/auth/userpass', root, { type: 'userpass' });
    await api(cfg, 'POST', 'sys/auth/approle', root, { type: 'approle' });
    await api(cfg, 'POST', 'auth/userpass/users/bench', root, { password: PASSWORD, token_policies: 'default' });
    await api(cfg, 'POST', 'sys/mounts/secret', root, { type: 'kv', options: { version: '2' } });
    await api(cfg, 'POST', 'secret/data/app/db', root, { data: { password: 'x'.repeat(32) } });
    await api(cfg, 'PUT', 'sys/policies/acl/app', root, { policy: 'path "secret/data/app/*" { capabilities = ["read"] }' });
    await api(cfg, 'POST', 'auth/approle/role/bench', root, { token_policies: 'default,app', secret_id_num_uses: 0 });
    const roleId = (await api(cfg, 'GET', 'auth/approle/role/bench/role-id', root)).data.role_id;
    const secretId = (await api(cfg, 'POST', 'auth/approle/role/bench/secret-id', root, {})).data.secret_id;
    const appToken = (await api(cfg, 'POST', 'auth/approle/login', undefined, { role_id: roleId, secret_id: secretId })).auth.client_token;
    const scenarios = {
      token_lookup_self: { next: () => ({ method: 'GET', path: '/v1/auth/token/lookup-self' }), headers: { 'x-vault-token': appToken } },
      kvv2_read_login_token: { next: () => ({ method: 'GET', path: '/v1/secret/data/app/db' }), headers: { 'x-vault-token': appToken } },
      approle_login: { next: () => ({ method: 'POST', path: '/v1/auth/approle/login', body: JSON.stringify({ role_id: roleId, secret_id: secretId }) }) },
      userpass_login: { next: () => ({ method: 'POST', path: '/v1/auth/userpass/login/bench', body: JSON.stringify({ password: PASSWORD }) }) },
    };
    results.scenarios = {};
    for (const [name, s] of Object.entries(scenarios)) {
      const before = cpuMs(proc.pid);
      const r = await measure({ url: cfg.url, next: s.next, headers: s.headers ?? {}, connections: CONNECTIONS, seconds: SECONDS });
      const cpu = cpuMs(proc.pid) - before;
      results.scenarios[name] = { ...r, cpuUsPerRequest: r.total > 0 ? Math.round((cpu * 1000) / r.total) : null };
    }
  } finally {
    await stop(proc);
  }
  report('auth', QUICK, results);
}

await main();
