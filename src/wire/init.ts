/** sys/init ([V] api/sys_init.go). */

/** GET sys/init. */
export interface InitStatusResponse {
  initialized: boolean;
}

/** PUT sys/init body ([V] InitRequest). The server requires the share counts; clients may omit them. */
export interface InitRequest {
  secret_shares?: number;
  secret_threshold?: number;
  stored_shares?: number;
  pgp_keys?: string[] | null;
  recovery_shares?: number;
  recovery_threshold?: number;
  recovery_pgp_keys?: string[] | null;
  root_token_pgp_key?: string;
}

/** PUT sys/init answer ([V] InitResponse). */
export interface InitResponse {
  keys: string[];
  keys_base64: string[];
  recovery_keys?: string[];
  recovery_keys_base64?: string[];
  root_token: string;
}
