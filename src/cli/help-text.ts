/** The flag sections shared by several commands' help, in Vault's layout. */

export const HTTP_OPTIONS_HELP = `HTTP Options:

  -address=<string>
      Address of the Vault server. The default is https://127.0.0.1:8200. This
      can also be specified via the VAULT_ADDR environment variable.

  -non-interactive
      When set true, prevents asking the user for input via the terminal. The
      default is false.

  -wrap-ttl=<duration>
      Wraps the response in a cubbyhole token with the requested TTL. The
      response is available via the "vault unwrap" command. The TTL is
      specified as a numeric string with suffix like "30s" or "5m". This can
      also be specified via the VAULT_WRAP_TTL environment variable.`;

export const OUTPUT_OPTIONS_HELP = `Output Options:

  -format=<string>
      Print the output in the given format. Valid formats are "table" and
      "json". The default is table. This can also be specified via the
      VAULT_FORMAT environment variable.`;
