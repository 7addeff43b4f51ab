/**
 * CLI outputs, as Vault's docs show them, that several test files compare against verbatim.
 */

/** `vault kv put secret/creds passcode=my-long-passcode` (website/content/docs/commands/kv/put.mdx). */
export const KV_PUT_OUTPUT = `== Secret Path ==
secret/data/creds

======= Metadata =======
Key                Value
---                -----
created_time       2022-06-15T20:14:17.107852Z
custom_metadata    <nil>
deletion_time      n/a
destroyed          false
version            1
`;

/** The token table `vault token create` and `vault token renew` print for the TOKEN_CREATE answer. */
export const CREATE_TABLE = `Key                  Value
---                  -----
token                hvs.CAESIJ8aQ8DnFvH0ZhRwiGSoYgFNdDN0YVBRMi5aVDJ
token_accessor       nO9RQmHjoZ4cP9TE1UXyzCSf
token_duration       768h
token_renewable      true
token_policies       ["default" "my-policy" "other-policy"]
identity_policies    []
policies             ["default" "my-policy" "other-policy"]
token_meta_user      armon
`;
