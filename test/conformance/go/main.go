// A conformance program for tsvault built from a Vault client library: HashiCorp's
// github.com/hashicorp/vault/api (go.mod) or, built with `-modfile=openbao.mod`, OpenBao's
// github.com/openbao/openbao/api/v2 put in its place by replace directives (the same source drives
// both; OpenBao's API forked HashiCorp's and keeps its names).
//
// It reads VAULT_ADDR, the address of a server that has not been initialised, and drives it as an
// operator and an application would: init, unseal and status; mounts; KV v1 and v2 through the
// library's KVv1/KVv2 helpers; Logical().List; transit; tokens; policies; auth methods, AppRole,
// userpass and response wrapping; generate-root; rekey; the keyring.
//
// Each step prints `ok <step>` or `FAIL <step>: <why>`; the program goes on after a failure (later
// steps may fail for it), ends with the line `N passed, N failed` and exits 1 when any step failed.
// No secret is ever printed: the secrets the program sees (unseal keys, tokens, secret IDs,
// passwords, plaintexts) are appended, one a line, to the file named by TSVAULT_SECRETS_FILE, if
// set, so that the caller can check the server's output for them.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	vault "github.com/hashicorp/vault/api"
)

var passed, failed []string

// ctx0 is the context of the steps that take one.
var ctx0 = context.Background()

// step runs one check; a panic (a nil answer where one was expected) is that step's failure.
func step(name string, fn func() error) {
	err := func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("panic: %v", r)
			}
		}()
		return fn()
	}()
	if err != nil {
		failed = append(failed, name)
		fmt.Printf("FAIL %s: %v\n", name, err)
		return
	}
	passed = append(passed, name)
	fmt.Printf("ok %s\n", name)
}

// secret records a value the server must never print.
func secret(values ...string) {
	path := os.Getenv("TSVAULT_SECRETS_FILE")
	if path == "" {
		return
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		fmt.Printf("FAIL secrets-file: %v\n", err)
		os.Exit(1)
	}
	defer f.Close()
	for _, v := range values {
		if v != "" {
			fmt.Fprintln(f, v)
		}
	}
}

// wantError checks that err is Vault's answer with this status and an error containing text.
func wantError(err error, status int, text string) error {
	var re *vault.ResponseError
	if !errors.As(err, &re) {
		return fmt.Errorf("want a %d response with %q, got %v", status, text, err)
	}
	if re.StatusCode != status || !slices.ContainsFunc(re.Errors, func(e string) bool { return strings.Contains(e, text) }) {
		return fmt.Errorf("want %d with %q, got %d %q", status, text, re.StatusCode, re.Errors)
	}
	return nil
}

func str(data map[string]interface{}, key string) string {
	s, _ := data[key].(string)
	return s
}

// A client of the same server with no token (as a freshly started application has).
func anonymous(root *vault.Client) *vault.Client {
	c, err := root.Clone()
	if err != nil {
		panic(err)
	}
	c.ClearToken()
	return c
}

func withToken(root *vault.Client, token string) *vault.Client {
	c := anonymous(root)
	c.SetToken(token)
	return c
}

func main() {
	ctx := context.Background()
	if os.Getenv("VAULT_ADDR") == "" {
		fmt.Println("FAIL setup: VAULT_ADDR must name a server that has not been initialised")
		os.Exit(1)
	}
	os.Unsetenv("VAULT_TOKEN") // the root token is the one init answers with
	cfg := vault.DefaultConfig()
	cfg.MaxRetries = 0 // a 5xx is a finding here, not something to retry past
	cfg.Timeout = 20 * time.Second
	root, err := vault.NewClient(cfg)
	if err != nil {
		fmt.Printf("FAIL setup: %v\n", err)
		os.Exit(1)
	}

	keys := initSteps(root)
	mountSteps(root)
	kvSteps(ctx, root)
	transitSteps(root)
	tokenSteps(root)
	policySteps(root)
	authSteps(ctx, root)
	generateRootSteps(root, keys)
	rekeySteps(root, keys)

	fmt.Printf("%d passed, %d failed\n", len(passed), len(failed))
	if len(failed) > 0 {
		fmt.Printf("failed: %s\n", strings.Join(failed, ", "))
		os.Exit(1)
	}
}
