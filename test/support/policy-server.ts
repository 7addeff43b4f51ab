/**
 * A real, initialised and unsealed server for policy tests: HTTP calls with a token, the CLI with a
 * token, and tokens made through the CLI that hold one policy written from HCL.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ServerProcess, type CliResult } from './harness.js';
import { recordSecret } from './leak-check.js';

export interface Answer {
  status: number;
  body: { errors?: string[]; data?: Record<string, unknown> } & Record<string, unknown>;
}

/** What Vault answers when the ACL refuses a request. */
export const DENIED: Answer = { status: 403, body: { errors: ['permission denied'] } };

export class PolicyServer {
  readonly server: ServerProcess;
  root = '';
  #unsealKey = '';

  private constructor(server: ServerProcess) {
    this.server = server;
  }

  /** Started, initialised with one key share, unsealed; `kv-v2` at secret/ and `kv` at kv1/. */
  static async start(): Promise<PolicyServer> {
    const s = new PolicyServer(await ServerProcess.withFileStorage());
    await s.server.start();
    const init = s.server.vault(['operator', 'init', '-key-shares=1', '-key-threshold=1', '-format=json']);
    expect(init.code, init.stderr).toBe(0);
    const parsed = JSON.parse(init.stdout) as { unseal_keys_b64: string[]; root_token: string };
    s.root = parsed.root_token;
    s.#unsealKey = parsed.unseal_keys_b64[0]!;
    s.unseal();
    expect(s.vault(['secrets', 'enable', '-path=secret', 'kv-v2']).code).toBe(0);
    expect(s.vault(['secrets', 'enable', '-path=kv1', 'kv']).code).toBe(0);
    return s;
  }

  unseal(): void {
    const r = this.server.vault(['operator', 'unseal', this.#unsealKey]);
    expect(r.code, r.stderr).toBe(0);
  }

  async call(method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const res = await fetch(`http://${this.server.address}/v1/${path}`, {
      method,
      headers: { 'x-vault-token': token, 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : {} };
  }

  vault(args: string[], token = this.root): CliResult {
    return this.server.vault(args, undefined, { VAULT_TOKEN: token });
  }

  /** Writes the policy with the CLI and answers a token that has only it (and default). */
  tokenWith(name: string, hcl: string): string {
    const file = join(this.server.dir, `${name}.hcl`);
    writeFileSync(file, hcl);
    const w = this.vault(['policy', 'write', name, file]);
    expect(w.code, w.stderr).toBe(0);
    const t = this.vault(['token', 'create', `-policy=${name}`, '-field=token']);
    expect(t.code, t.stderr).toBe(0);
    const token = t.stdout.trim();
    recordSecret(token);
    return token;
  }

  async stop(): Promise<void> {
    await this.server.stop();
  }
}
