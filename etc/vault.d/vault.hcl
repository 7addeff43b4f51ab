# /etc/vault.d/vault.hcl: configuration read by vault.service (vault server -config=...).
# The keys are Vault's; see https://developer.hashicorp.com/vault/docs/configuration
# Environment variables from /etc/vault.d/vault.env (VAULT_LOG_LEVEL, VAULT_API_ADDR,
# AWS_REGION, ...) take precedence over this file.

# Serve the web UI from the API listener.
ui = true

# mlock keeps secrets out of swap; it is on unless disabled here.
#mlock = true
#disable_mlock = true

# Encrypted data lives here; the package creates the directory for the vault user.
storage "file" {
  path = "/opt/vault/data"
}

# A plain-HTTP listener for the local machine only; uncomment to use it.
#listener "tcp" {
#  address     = "127.0.0.1:8200"
#  tls_disable = 1
#}

# HTTPS on every interface. The package generates a self-signed certificate and key
# here on first install; replace them with your own for production.
listener "tcp" {
  address       = "0.0.0.0:8200"
  tls_cert_file = "/opt/vault/tls/tls.crt"
  tls_key_file  = "/opt/vault/tls/tls.key"
}

# Auto-unseal with AWS KMS instead of typing key shares after each restart.
# Credentials come from the usual AWS sources (instance role, AWS_* variables).
#seal "awskms" {
#  region     = "us-east-1"
#  kms_key_id = "REPLACE-ME"
#}
