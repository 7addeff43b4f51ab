/**
 * The token login handler ([V] builtin/credential/token/cli.go): the token from the
 * configuration or a hidden prompt, looked up with lookup-self (unwrapped) unless lookup=false.
 */
import { TsvaultError } from '../../errors.js';
import { errorText } from '../command.js';
import { parseGoBool } from '../flags.js';
import { secretFromLookup } from '../login-output.js';
import { PromptInterruptedError, promptHidden } from '../prompt.js';
import type { LoginHandler } from './handler.js';

const HELP = `Usage: vault login TOKEN [CONFIG K=V...]

  The token auth method allows logging in directly with a token. This
  can be a token from the "token-create" command or API. There are no
  configuration options for this auth method.

  Authenticate using a token:

      $ vault login 96ddf4bc-d217-f3ba-f9bd-017055595017

  Authenticate but do not lookup information about the token:

      $ vault login token=96ddf4bc-d217-f3ba-f9bd-017055595017 lookup=false

  This token usually comes from a different source such as the API or via the
  built-in "vault token create" command.

Configuration:

  token=<string>
      The token to use for authentication. This is usually provided directly
      via the "vault login" command.

  lookup=<bool>
      Perform a lookup of the token's metadata and policies.`;

export const tokenHandler: LoginHandler = {
  help: HELP,
  async auth(io, client, config) {
    // "lookup" first: a bad value is an error before anyone types a token.
    let lookup = true;
    const lookupRaw = config.get('lookup');
    if (lookupRaw !== undefined) {
      try {
        lookup = parseGoBool(lookupRaw);
      } catch (e) {
        throw new TsvaultError('CLI_USAGE', `Failed to parse "lookup" as boolean: ${errorText(e)}`);
      }
    }
    let token = config.get('token');
    if (token === undefined) {
      try {
        token = await promptHidden(io, 'Token');
      } catch (e) {
        if (e instanceof PromptInterruptedError) throw new TsvaultError('CLI_USAGE', 'user interrupted');
        throw e;
      }
    }
    token = token.trim();
    if (token === '') {
      throw new TsvaultError('CLI_USAGE', 'a token must be passed to auth, please view the help for more information');
    }
    if (!lookup) return secretFromLookup(token, null);
    let answer;
    try {
      answer = await client.withToken(token).withWrap({ ...client.wrap, off: true }).lookupSelf();
    } catch (e) {
      throw new TsvaultError('API_REQUEST', `error looking up token: ${errorText(e)}`, { cause: e });
    }
    if (!answer) throw new TsvaultError('API_REQUEST', 'empty response from lookup-self');
    return secretFromLookup(token, answer.data ?? null);
  },
};
