/** What a `vault login -method=TYPE` handler is ([V] command/login.go LoginHandler). */
import type { VaultClient } from '../../api/client.js';
import type { CliIO } from '../io.js';
import type { VaultSecret } from '../secret.js';

export interface LoginHandler {
  /** Authenticates with the K=V configuration (its "mount" already set by login); null: no answer. */
  auth(io: CliIO, client: VaultClient, config: ReadonlyMap<string, string>): Promise<VaultSecret | null>;
  /** What `vault auth help TYPE` prints. */
  readonly help: string;
}
