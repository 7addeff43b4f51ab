/**
 * The login handlers by auth method type ([V] command/commands.go loginHandlers), as far as
 * tsvault has them. Vault's other handlers (alicloud, aws, centrify, cert, cf, gcp, github,
 * kerberos, oci, oidc, okta, pcf) are not implemented: those types are "Unknown auth method".
 */
import type { LoginHandler } from './handler.js';
import { ldapHandler } from './ldap.js';
import { tokenHandler } from './token.js';
import { userpassHandler } from './userpass.js';

export type { LoginHandler } from './handler.js';

export const LOGIN_HANDLERS: ReadonlyMap<string, LoginHandler> = new Map<string, LoginHandler>([
  ['ldap', ldapHandler],
  ['radius', userpassHandler('radius')],
  ['token', tokenHandler],
  ['userpass', userpassHandler('userpass')],
]);
