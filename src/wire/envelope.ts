/** Vault's logical response envelope and error body ([V] api/secret.go, api/response.go). */

/** api.SecretAuth. Lists and maps are null where Go's would be nil. */
export interface SecretAuth {
  client_token: string;
  accessor: string;
  policies: string[] | null;
  token_policies: string[] | null;
  identity_policies: string[] | null;
  metadata: Record<string, string> | null;
  orphan: boolean;
  entity_id: string;
  lease_duration: number;
  renewable: boolean;
  mfa_requirement: unknown;
}

/** api.Secret, every field present (as the CLI prints it). */
export interface Secret {
  request_id: string;
  lease_id: string;
  lease_duration: number;
  renewable: boolean;
  data: Record<string, unknown> | null;
  warnings: string[] | null;
  auth: SecretAuth | null;
  wrap_info: Record<string, unknown> | null;
  mount_type: string;
}

/** A response in the envelope as it arrives (lookup-self, key-status, ...): fields may be missing. */
export interface SecretResponse<T = Record<string, unknown>> {
  request_id?: string;
  lease_id?: string;
  lease_duration?: number;
  renewable?: boolean;
  data: T | null;
  warnings?: string[] | null;
  auth?: unknown;
}

/** Every error answer: `{"errors": [...]}` ([V] api/response.go ErrorResponse). */
export interface ErrorResponse {
  errors: string[];
}
