import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { command as loginCommand } from '../../../../src/cli/commands/login.js';
import { memoryIO, useFakeVault, type Recorded } from '../support.js';

const ROOT = 'hvs.FjIXkI1ETPjTZMKhrdy64VhI';
const LOOKUP_ROOT = {
  request_id: 'r',
  lease_id: '',
  renewable: false,
  lease_duration: 0,
  data: {
    accessor: 'YhqiWrUtLOR7DoTz52lpOopj',
    creation_time: 1683104000,
    creation_ttl: 0,
    display_name: 'root',
    entity_id: '',
    expire_time: null,
    explicit_max_ttl: 0,
    id: ROOT,
    meta: null,
    num_uses: 0,
    orphan: true,
    path: 'auth/token/root',
    policies: ['root'],
    ttl: 0,
    type: 'service',
  },
  wrap_info: null,
  warnings: null,
  auth: null,
};

// Vault's docs / published outputs for `vault login` with a root token.
const EXPECTED = `Success! You are now authenticated. The token information displayed below
is already stored in the token helper. You do NOT need to run "vault login"
again. Future Vault requests will automatically use this token.

Key                  Value
---                  -----
token                ${ROOT}
token_accessor       YhqiWrUtLOR7DoTz52lpOopj
token_duration       ∞
token_renewable      false
token_policies       ["root"]
identity_policies    []
policies             ["root"]
`;

const { vault, home } = useFakeVault({
  'GET /v1/auth/token/lookup-self': (req: Recorded) =>
    req.headers['x-vault-token'] === ROOT
      ? { body: LOOKUP_ROOT }
      : { status: 403, body: { errors: ['permission denied'] } },
});

async function run(args: string[], stdin?: string, env: NodeJS.ProcessEnv = {}) {
  const io = memoryIO({ env: { VAULT_ADDR: vault.address, ...env }, home: home.dir, stdin });
  const code = await loginCommand.run(args, io);
  return { code, out: io.out(), err: io.errOut() };
}

describe('vault login', () => {
  it('looks the token up, stores ~/.vault-token with mode 0600 and prints Vault\'s table', async () => {
    const r = await run([ROOT]);
    expect(r.out.split('\n')).toEqual(EXPECTED.split('\n'));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const file = join(home.dir, '.vault-token');
    expect(await readFile(file, 'utf8')).toBe(ROOT);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(vault.requests[0]?.headers['x-vault-token']).toBe(ROOT);
  });

  it('tightens the mode of an existing token file', async () => {
    const file = join(home.dir, '.vault-token');
    await writeFile(file, 'old', { mode: 0o644 });
    await run([ROOT]);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toBe(ROOT);
  });

  it('"-" reads the token from stdin', async () => {
    const r = await run(['-'], `${ROOT}\n`);
    expect(r.code).toBe(0);
    expect(await readFile(join(home.dir, '.vault-token'), 'utf8')).toBe(ROOT);
  });

  it('prompts on stderr when no token is given, and reads a piped line', async () => {
    const r = await run([], `${ROOT}\n`);
    expect(r.err).toBe('Token (will be hidden): \n');
    expect(r.code).toBe(0);
  });

  it('a rejected token is "Error authenticating: error looking up token: ..." with exit 2', async () => {
    const r = await run(['hvs.bad']);
    expect(r.err).toBe(
      'Error authenticating: error looking up token: Error making API request.\n\n' +
        `URL: GET ${vault.address}/v1/auth/token/lookup-self\n` +
        'Code: 403. Errors:\n\n* permission denied\n',
    );
    expect(r.code).toBe(2);
    await expect(stat(join(home.dir, '.vault-token'))).rejects.toThrow();
  });

  it('an empty token is refused', async () => {
    const r = await run(['-'], '\n');
    expect(r.err).toBe(
      'Error authenticating: a token must be passed to auth, please view the help for more information\n',
    );
    expect(r.code).toBe(2);
  });

  it('-format=json prints the Secret; -field=token prints the bare token', async () => {
    const json = await run(['-format=json', ROOT]);
    expect(JSON.parse(json.out)).toMatchObject({
      auth: { client_token: ROOT, policies: ['root'], token_policies: ['root'], identity_policies: null },
    });
    const field = await run(['-field=token', ROOT]);
    expect(field.out).toBe(ROOT);
  });

  it('-no-store does not write the file and warns; VAULT_TOKEN set warns too', async () => {
    const r = await run(['-no-store', ROOT]);
    expect(r.err).toMatch(/^The token was not stored in token helper\./);
    await expect(stat(join(home.dir, '.vault-token'))).rejects.toThrow();
    const w = await run([ROOT], undefined, { VAULT_TOKEN: 'x' });
    expect(w.err).toMatch(/^WARNING! The VAULT_TOKEN environment variable is set!/);
  });

  it('shows a non-root token\'s duration, policies and metadata like Vault', async () => {
    vault.on('GET /v1/auth/token/lookup-self', {
      body: {
        data: {
          ...LOOKUP_ROOT.data,
          id: 'hvs.child',
          ttl: 2764800,
          renewable: true,
          policies: ['default', 'dev'],
          identity_policies: ['team'],
          meta: { user: 'alice' },
        },
      },
    });
    const r = await run(['hvs.child']);
    expect(r.out).toContain(
      'token_duration       768h\ntoken_renewable      true\ntoken_policies       ["default" "dev"]\n' +
        'identity_policies    ["team"]\npolicies             ["default" "dev" "team"]\n' +
        'token_meta_user      alice\n',
    );
  });

  it('-wrap-ttl does not wrap the token lookup (the token handler turns wrapping off)', async () => {
    const r = await run(['-wrap-ttl=5m', ROOT]);
    expect(r.code).toBe(0);
    expect(vault.requests.map((q) => q.headers['x-vault-wrap-ttl'])).toEqual([undefined]);
  });

  it('lookup=false stores the token without asking the server; a bad lookup value is refused first', async () => {
    const r = await run([`token=${ROOT}`, 'lookup=false']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`token                ${ROOT}
token_accessor       n/a
token_duration       ∞
`);
    expect(vault.requests).toEqual([]);
    expect(await run([`token=${ROOT}`, 'lookup=maybe'])).toEqual({
      code: 2,
      out: '',
      err: 'Error authenticating: Failed to parse "lookup" as boolean: strconv.ParseBool: parsing "maybe": invalid syntax\n',
    });
  });

  it('a method without a CLI handler (approle) is Vault\'s "Unknown auth method", exit 1, no request', async () => {
    const r = await run(['-method=approle', 'role_id=r']);
    expect(r).toEqual({
      code: 1,
      out: '',
      err:
        // kr/text's minimal-raggedness wrapping at 78 columns, as Vault wraps it.
        'Unknown auth method: approle. Use "vault auth list" to see the complete list\n' +
        'of auth methods. Additionally, some auth methods are only available via the\n' +
        'HTTP API.\n',
    });
    expect(vault.requests).toEqual([]);
  });
});
