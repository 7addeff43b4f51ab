/** auth/token/* ([V] api/auth_token.go). */

/** POST auth/token/create body ([V] TokenCreateRequest). */
export interface TokenCreateRequest {
  id?: string;
  policies?: string[];
  meta?: Record<string, string>;
  ttl?: string;
  explicit_max_ttl?: string;
  period?: string;
  no_parent?: boolean;
  no_default_policy?: boolean;
  display_name: string;
  num_uses: number;
  renewable?: boolean;
  type: string;
  entity_alias: string;
}
