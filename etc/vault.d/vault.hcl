# Full configuration options can be found at https://developer.hashicorp.com/vault/docs/configuration
#
# /etc/vault.d/vault.hcl: read by vault.service (vault server -config=/etc/vault.d/vault.hcl).
# The keys are Vault's. Variables set in /etc/vault.d/vault.env (VAULT_LOG_LEVEL, AWS_REGION,
# VAULT_AWSKMS_SEAL_KEY_ID, ...) take precedence over this file. The package keeps your edits
# on upgrade (%config(noreplace)); check an edit with `systemctl reload vault` and the journal.

ui = true

# tsvault cannot lock memory (Node.js has no mlock); both settings are accepted and ignored.
#mlock = true
#disable_mlock = true

storage "file" {
  path = "/opt/vault/data"
}

# HTTP listener
#listener "tcp" {
#  address     = "127.0.0.1:8200"
#  tls_disable = 1
#}

# HTTPS listener. The package generates a self-signed certificate and key here on first
# install (valid for localhost, 127.0.0.1 and ::1); replace them with your own.
listener "tcp" {
  address       = "0.0.0.0:8200"
  tls_cert_file = "/opt/vault/tls/tls.crt"
  tls_key_file  = "/opt/vault/tls/tls.key"
}

# With no seal block the seal is Shamir: `vault operator init` prints key shares, and after
# each restart `vault operator unseal` takes three of them back.

# AWS KMS auto-unseal. Credentials come from access_key/secret_key here or from
# AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in vault.env; region and key id may come from
# AWS_REGION and VAULT_AWSKMS_SEAL_KEY_ID, a private endpoint from AWS_KMS_ENDPOINT.
#seal "awskms" {
#  region     = "us-east-1"
#  kms_key_id = "REPLACE-ME"
#}

# Transit auto-unseal: another Vault-compatible server's transit engine wraps the root key.
# Keep the token out of this file: set VAULT_TOKEN in vault.env.
#seal "transit" {
#  address    = "https://vault-transit.example.com:8200"
#  mount_path = "transit/"
#  key_name   = "autounseal"
#  # tls_ca_cert = "/etc/vault.d/transit-ca.pem"
#}

# Seal migration, written as for Vault (check the README's "Migration" section for what this
# tsvault version carries out): keep the old seal's block with disabled = "true", add the new
# one, restart, then run `vault operator unseal -migrate` with the old seal's (or recovery) keys.
# Remove the disabled block once the migration is logged as complete. For example, from AWS KMS
# back to Shamir: leave only the disabled awskms block. From Shamir to AWS KMS: add the awskms
# block alone (Shamir needs no block to be disabled).
#seal "awskms" {
#  region     = "us-east-1"
#  kms_key_id = "REPLACE-ME"
#  disabled   = "true"
#}
