/**
 * The LDAP login handler ([V] builtin/credential/ldap/cli.go): username= (else LOGNAME or USER),
 * password= (prompted only when absent), optional MFA method/passcode; PUT
 * auth/<mount>/login/<username>.
 */
import { TsvaultError } from '../../errors.js';
import { promptHidden } from '../prompt.js';
import { credentialLogin } from './credential-login.js';
import type { LoginHandler } from './handler.js';

const HELP = `Usage: vault login -method=ldap [CONFIG K=V...]

  The LDAP auth method allows users to authenticate using LDAP or
  Active Directory.

  If MFA is enabled, a "method" and/or "passcode" may be required depending on
  the MFA method. To check which MFA is in use, run:

      $ vault read auth/<mount>/mfa_config

  Authenticate as "sally":

      $ vault login -method=ldap username=sally
      Password (will be hidden):

  Authenticate as "bob":

      $ vault login -method=ldap username=bob password=password

Configuration:

  method=<string>
      MFA method.

  passcode=<string>
      MFA OTP/passcode.

  password=<string>
      LDAP password to use for authentication. If not provided, the CLI will
      prompt for this on stdin.

  username=<string>
      LDAP username to use for authentication.`;

export const ldapHandler: LoginHandler = {
  help: HELP,
  async auth(io, client, config) {
    const mount = config.get('mount') ?? 'ldap';
    let username = config.get('username');
    if (username === undefined) {
      username = io.env['LOGNAME'] || io.env['USER'] || '';
      if (username === '') {
        throw new TsvaultError('CLI_USAGE', "'username' not supplied and neither 'LOGNAME' nor 'USER' env vars set");
      }
    }
    const password = config.get('password') ?? (await promptHidden(io, 'Password'));
    const data: Record<string, string> = {};
    const method = config.get('method');
    if (method !== undefined) data['method'] = method;
    const passcode = config.get('passcode');
    if (passcode !== undefined) data['passcode'] = passcode;
    data['password'] = password;
    return credentialLogin(client, `auth/${mount}/login/${username}`, data);
  },
};
