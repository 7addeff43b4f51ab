/**
 * The userpass (and radius) login handler ([V] builtin/credential/userpass/cli.go):
 * username=, password= or a hidden prompt, optional MFA method/passcode; PUT
 * auth/<mount>/login/<username>.
 */
import { TsvaultError } from '../../errors.js';
import { promptHidden } from '../prompt.js';
import type { LoginHandler } from './handler.js';
import { credentialLogin } from './credential-login.js';

const HELP = `Usage: vault login -method=userpass [CONFIG K=V...]

  The userpass auth method allows users to authenticate using Vault's
  internal user database.

  If MFA is enabled, a "method" and/or "passcode" may be required depending on
  the MFA method. To check which MFA is in use, run:

      $ vault read auth/<mount>/mfa_config

  Authenticate as "sally":

      $ vault login -method=userpass username=sally
      Password (will be hidden):

  Authenticate as "bob":

      $ vault login -method=userpass username=bob password=password

Configuration:

  method=<string>
      MFA method.

  passcode=<string>
      MFA OTP/passcode.

  password=<string>
      Password to use for authentication. If not provided, the CLI will prompt
      for this on stdin.

  username=<string>
      Username to use for authentication.`;

/** A userpass-style handler whose mount defaults to `defaultMount` (userpass, radius). */
export function userpassHandler(defaultMount: string): LoginHandler {
  return {
    help: HELP,
    async auth(io, client, config) {
      const username = config.get('username') ?? '';
      if (username === '') throw new TsvaultError('CLI_USAGE', "'username' must be specified");
      let password = config.get('password') ?? '';
      if (password === '') password = await promptHidden(io, 'Password');
      const mount = config.get('mount') || defaultMount;
      // Go's map: the keys go out sorted.
      const data: Record<string, string> = {};
      if (config.get('method')) data['method'] = config.get('method') ?? '';
      if (config.get('passcode')) data['passcode'] = config.get('passcode') ?? '';
      data['password'] = password;
      return credentialLogin(client, `auth/${mount}/login/${username}`, data);
    },
  };
}
