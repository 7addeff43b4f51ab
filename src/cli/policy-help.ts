/** Help of `vault policy write|read|list|delete` ([V] command/policy_*.go). */
import { commandHelp, FORMAT_DOC } from './help-flags.js';

export const policyWriteHelp = commandHelp(
  `Usage: vault policy write [options] NAME PATH

  Uploads a policy with name NAME from the contents of a local file PATH or
  stdin. If PATH is "-", the policy is read from stdin. Otherwise, it is
  loaded from the file at the given path on the local disk.

  Upload a policy named "my-policy" from "/tmp/policy.hcl" on the local disk:

      $ vault policy write my-policy /tmp/policy.hcl

  Upload a policy from stdin:

      $ cat my-policy.hcl | vault policy write my-policy -`,
  [],
  [],
);

export const policyReadHelp = commandHelp(
  `Usage: vault policy read [options] [NAME]

  Prints the contents and metadata of the Vault policy named NAME. If the policy
  does not exist, an error is returned.

  Read the policy named "my-policy":

      $ vault policy read my-policy`,
  [FORMAT_DOC],
  [],
);

export const policyListHelp = commandHelp(
  `Usage: vault policy list [options]

  Lists the names of the policies that are installed on the Vault server.`,
  [FORMAT_DOC],
  [],
);

export const policyDeleteHelp = commandHelp(
  `Usage: vault policy delete [options] NAME

  Deletes the policy named NAME in the Vault server. Once the policy is deleted,
  all tokens associated with the policy are affected immediately.

  Delete the policy named "my-policy":

      $ vault policy delete my-policy

  Note that it is not possible to delete the "default" or "root" policies.
  These are built-in policies.`,
  [],
  [],
);
