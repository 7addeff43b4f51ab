# tsvault quick-start configuration (the README's `npm start` uses it).
# Relative paths are relative to the directory the server is started from, as in Vault.

ui        = true
log_level = "info"

# Keys and secrets are written, encrypted, under ./data.
storage "file" {
  path = "./data"
}

# Plain HTTP on the loopback interface only: fine on a workstation, never on a network.
listener "tcp" {
  address     = "127.0.0.1:8200"
  tls_disable = 1
}

# With no seal block the seal is Shamir: `vault operator init` prints key shares and
# `vault operator unseal` takes them back after each restart.
# seal "shamir" {}  # the default when no seal block is given
