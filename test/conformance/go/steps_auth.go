package main

// The auth steps (issue 12): auth mounts, AppRole with a response-wrapped secret ID, userpass, a
// wrapped KV read, token roles and the leases of login tokens. They use the KV v2 mount at secret/.

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	vault "github.com/hashicorp/vault/api"
	"github.com/hashicorp/vault/api/auth/approle"
	"github.com/hashicorp/vault/api/auth/userpass"
)

func authSteps(ctx context.Context, root *vault.Client) {
	const appPolicy = "path \"secret/data/go/*\" {\n  capabilities = [\"read\"]\n}\n"
	const kvPassword = "go-kv-password-7f3a9c2e"
	const userPassword = "go-user-password-b81d44"
	secret(kvPassword, userPassword)

	step("enable-auth", func() error {
		if err := root.Sys().EnableAuthWithOptions("approle", &vault.EnableAuthOptions{Type: "approle"}); err != nil {
			return err
		}
		if err := root.Sys().EnableAuthWithOptions("userpass", &vault.EnableAuthOptions{Type: "userpass", Description: "people"}); err != nil {
			return err
		}
		mounts, err := root.Sys().ListAuth()
		if err != nil {
			return err
		}
		for path, typ := range map[string]string{"approle/": "approle", "userpass/": "userpass", "token/": "token"} {
			m := mounts[path]
			if m == nil {
				return fmt.Errorf("sys/auth lists no %s", path)
			}
			if m.Type != typ || !strings.HasPrefix(m.Accessor, "auth_"+typ+"_") {
				return fmt.Errorf("%s: type %q accessor %q", path, m.Type, m.Accessor)
			}
		}
		if mounts["userpass/"].Description != "people" {
			return fmt.Errorf("userpass/ description %q", mounts["userpass/"].Description)
		}
		return nil
	})

	step("enable-auth-twice", func() error {
		err := root.Sys().EnableAuthWithOptions("approle", &vault.EnableAuthOptions{Type: "approle"})
		return wantError(err, 400, "path is already in use at approle/")
	})

	step("policy-and-secret", func() error {
		if err := root.Sys().PutPolicy("go-app", appPolicy); err != nil {
			return err
		}
		got, err := root.Sys().GetPolicy("go-app")
		if err != nil {
			return err
		}
		if got != appPolicy {
			return fmt.Errorf("policy read back as %q", got)
		}
		_, err = root.KVv2("secret").Put(ctx, "go/db", map[string]interface{}{"password": kvPassword})
		if err != nil {
			return err
		}
		_, err = root.KVv2("secret").Put(ctx, "other/x", map[string]interface{}{"a": "b"})
		return err
	})

	step("approle-role", func() error {
		_, err := root.Logical().Write("auth/approle/role/go-app", map[string]interface{}{
			"token_policies":     "go-app",
			"token_ttl":          "1h",
			"token_max_ttl":      "4h",
			"secret_id_num_uses": 5,
			"secret_id_ttl":      "10m",
		})
		if err != nil {
			return err
		}
		role, err := root.Logical().Read("auth/approle/role/go-app")
		if err != nil {
			return err
		}
		if role == nil {
			return fmt.Errorf("role reads as nothing")
		}
		if fmt.Sprint(role.Data["token_policies"]) != "[go-app]" || fmt.Sprint(role.Data["token_ttl"]) != "3600" ||
			fmt.Sprint(role.Data["secret_id_num_uses"]) != "5" || fmt.Sprint(role.Data["secret_id_ttl"]) != "600" {
			return fmt.Errorf("role reads as %v", role.Data)
		}
		list, err := root.Logical().List("auth/approle/role")
		if err != nil {
			return err
		}
		if list == nil || fmt.Sprint(list.Data["keys"]) != "[go-app]" {
			return fmt.Errorf("role list %v", list)
		}
		return nil
	})

	var roleID string
	step("read-role-id", func() error {
		s, err := root.Logical().Read("auth/approle/role/go-app/role-id")
		if err != nil {
			return err
		}
		roleID = str(s.Data, "role_id")
		secret(roleID)
		if len(roleID) != 36 {
			return fmt.Errorf("role_id of %d characters, want a UUID", len(roleID))
		}
		return nil
	})

	var wrapToken string
	step("wrapped-secret-id", func() error {
		root.SetWrappingLookupFunc(func(op, path string) string {
			if path == "auth/approle/role/go-app/secret-id" {
				return "60s"
			}
			return ""
		})
		defer root.SetWrappingLookupFunc(nil)
		s, err := root.Logical().Write("auth/approle/role/go-app/secret-id", nil)
		if err != nil {
			return err
		}
		if s.WrapInfo == nil {
			return fmt.Errorf("no wrap_info in %+v", s)
		}
		wrapToken = s.WrapInfo.Token
		secret(wrapToken, s.WrapInfo.Accessor)
		if s.Data != nil {
			return fmt.Errorf("a wrapped answer carries data")
		}
		if s.WrapInfo.TTL != 60 || s.WrapInfo.CreationPath != "auth/approle/role/go-app/secret-id" || s.WrapInfo.Accessor == "" {
			return fmt.Errorf("wrap_info ttl %d path %q", s.WrapInfo.TTL, s.WrapInfo.CreationPath)
		}
		if time.Since(s.WrapInfo.CreationTime) > time.Minute || time.Since(s.WrapInfo.CreationTime) < -time.Minute {
			return fmt.Errorf("wrap_info creation_time %v", s.WrapInfo.CreationTime)
		}
		return nil
	})

	step("wrapping-lookup", func() error {
		s, err := anonymous(root).Logical().Write("sys/wrapping/lookup", map[string]interface{}{"token": wrapToken})
		if err != nil {
			return err
		}
		if fmt.Sprint(s.Data["creation_ttl"]) != "60" || str(s.Data, "creation_path") != "auth/approle/role/go-app/secret-id" {
			return fmt.Errorf("lookup %v", s.Data)
		}
		return nil
	})

	var secretID string
	step("unwrap-secret-id", func() error {
		s, err := root.Logical().Unwrap(wrapToken)
		if err != nil {
			return err
		}
		secretID = str(s.Data, "secret_id")
		secret(secretID, str(s.Data, "secret_id_accessor"))
		if len(secretID) != 36 || len(str(s.Data, "secret_id_accessor")) != 36 {
			return fmt.Errorf("unwrapped data has no secret_id and secret_id_accessor")
		}
		if fmt.Sprint(s.Data["secret_id_ttl"]) != "600" || fmt.Sprint(s.Data["secret_id_num_uses"]) != "5" {
			return fmt.Errorf("secret_id_ttl %v secret_id_num_uses %v", s.Data["secret_id_ttl"], s.Data["secret_id_num_uses"])
		}
		return nil
	})

	step("unwrap-twice", func() error {
		if wrapToken == "" {
			return fmt.Errorf("no wrapping token from the steps before")
		}
		_, err := root.Logical().Unwrap(wrapToken)
		return wantError(err, 400, "wrapping token is not valid or does not exist")
	})

	var appToken string
	step("approle-login", func() error {
		c := anonymous(root)
		auth, err := approle.NewAppRoleAuth(roleID, &approle.SecretID{FromString: secretID})
		if err != nil {
			return err
		}
		s, err := c.Auth().Login(ctx, auth)
		if err != nil {
			return err
		}
		appToken = s.Auth.ClientToken
		secret(appToken, s.Auth.Accessor)
		if c.Token() != appToken || !strings.HasPrefix(appToken, "hvs.") {
			return fmt.Errorf("the client did not take a service token")
		}
		if !slices.Equal(s.Auth.TokenPolicies, []string{"default", "go-app"}) || s.Auth.LeaseDuration != 3600 || !s.Auth.Renewable {
			return fmt.Errorf("auth policies %v lease %d renewable %v", s.Auth.TokenPolicies, s.Auth.LeaseDuration, s.Auth.Renewable)
		}
		if s.Auth.Metadata["role_name"] != "go-app" || s.Auth.EntityID == "" || !s.Auth.Orphan {
			return fmt.Errorf("auth metadata %v entity %q orphan %v", s.Auth.Metadata, s.Auth.EntityID, s.Auth.Orphan)
		}
		return nil
	})

	step("approle-token-reads", func() error {
		c := withToken(root, appToken)
		kv, err := c.KVv2("secret").Get(ctx, "go/db")
		if err != nil {
			return err
		}
		if kv.Data["password"] != kvPassword {
			return fmt.Errorf("read the wrong secret")
		}
		_, err = c.KVv2("secret").Get(ctx, "other/x")
		if err := wantError(err, 403, "permission denied"); err != nil {
			return err
		}
		self, err := c.Auth().Token().LookupSelf()
		if err != nil {
			return err
		}
		if str(self.Data, "path") != "auth/approle/login" || fmt.Sprint(self.Data["meta"]) != "map[role_name:go-app]" {
			return fmt.Errorf("lookup-self path %v meta %v", self.Data["path"], self.Data["meta"])
		}
		return nil
	})

	step("approle-wrong-secret-id", func() error {
		auth, err := approle.NewAppRoleAuth(roleID, &approle.SecretID{FromString: "00000000-0000-0000-0000-000000000000"})
		if err != nil {
			return err
		}
		_, err = anonymous(root).Auth().Login(ctx, auth)
		return wantError(err, 400, "invalid role or secret ID")
	})

	step("approle-login-with-wrapping-token", func() error {
		// Vault's documented pattern: the application gets a wrapping token, not the secret ID,
		// and a client without a token unwraps it as part of the login.
		root.SetWrappingLookupFunc(func(op, path string) string {
			if path == "auth/approle/role/go-app/secret-id" {
				return "2m"
			}
			return ""
		})
		s, err := root.Logical().Write("auth/approle/role/go-app/secret-id", nil)
		root.SetWrappingLookupFunc(nil)
		if err != nil {
			return err
		}
		wt := s.WrapInfo.Token
		secret(wt)
		auth, err := approle.NewAppRoleAuth(roleID, &approle.SecretID{FromString: wt}, approle.WithWrappingToken())
		if err != nil {
			return err
		}
		c := anonymous(root)
		login, err := c.Auth().Login(ctx, auth)
		if err != nil {
			return err
		}
		secret(login.Auth.ClientToken)
		if !slices.Contains(login.Auth.TokenPolicies, "go-app") {
			return fmt.Errorf("policies %v", login.Auth.TokenPolicies)
		}
		_, err = c.KVv2("secret").Get(ctx, "go/db")
		return err
	})

	var userToken string
	step("userpass-login", func() error {
		_, err := root.Logical().Write("auth/userpass/users/gouser", map[string]interface{}{
			"password":       userPassword,
			"token_policies": "go-app",
			"token_ttl":      "30m",
		})
		if err != nil {
			return err
		}
		u, err := root.Logical().Read("auth/userpass/users/gouser")
		if err != nil {
			return err
		}
		if _, has := u.Data["password"]; has {
			return fmt.Errorf("the user reads back with its password")
		}
		auth, err := userpass.NewUserpassAuth("gouser", &userpass.Password{FromString: userPassword})
		if err != nil {
			return err
		}
		c := anonymous(root)
		s, err := c.Auth().Login(ctx, auth)
		if err != nil {
			return err
		}
		userToken = s.Auth.ClientToken
		secret(userToken, s.Auth.Accessor)
		if s.Auth.LeaseDuration != 1800 || s.Auth.Metadata["username"] != "gouser" || !slices.Contains(s.Auth.TokenPolicies, "go-app") {
			return fmt.Errorf("auth lease %d metadata %v policies %v", s.Auth.LeaseDuration, s.Auth.Metadata, s.Auth.TokenPolicies)
		}
		kv, err := c.KVv2("secret").Get(ctx, "go/db")
		if err != nil {
			return err
		}
		if kv.Data["password"] != kvPassword {
			return fmt.Errorf("read the wrong secret")
		}
		return nil
	})

	step("userpass-wrong-password", func() error {
		auth, err := userpass.NewUserpassAuth("gouser", &userpass.Password{FromString: "not-the-password"})
		if err != nil {
			return err
		}
		_, err = anonymous(root).Auth().Login(ctx, auth)
		if err := wantError(err, 400, "invalid username or password"); err != nil {
			return err
		}
		auth, _ = userpass.NewUserpassAuth("nobody", &userpass.Password{FromString: "not-the-password"})
		_, err = anonymous(root).Auth().Login(ctx, auth)
		return wantError(err, 400, "invalid username or password")
	})

	step("wrapped-kv-read", func() error {
		c := withToken(root, appToken)
		c.SetWrappingLookupFunc(func(op, path string) string {
			if path == "secret/data/go/db" {
				return "5m"
			}
			return ""
		})
		s, err := c.Logical().Read("secret/data/go/db")
		if err != nil {
			return err
		}
		if s.WrapInfo == nil || s.WrapInfo.TTL != 300 || s.WrapInfo.CreationPath != "secret/data/go/db" {
			return fmt.Errorf("wrap_info %+v", s.WrapInfo)
		}
		secret(s.WrapInfo.Token)
		// Anyone holding the wrapping token can unwrap it, with no token of their own.
		u, err := anonymous(root).Logical().Unwrap(s.WrapInfo.Token)
		if err != nil {
			return err
		}
		inner, _ := u.Data["data"].(map[string]interface{})
		if inner == nil || inner["password"] != kvPassword {
			return fmt.Errorf("unwrapped the wrong data")
		}
		if _, ok := u.Data["metadata"].(map[string]interface{}); !ok {
			return fmt.Errorf("unwrapped KV answer has no metadata")
		}
		return nil
	})

	step("sys-wrap-unwrap", func() error {
		s, err := root.Logical().Write("sys/wrapping/wrap", map[string]interface{}{"note": "a value to hand over", "n": 3})
		if err != nil {
			return err
		}
		// For sys/wrapping/wrap the client sends its default wrap TTL, five minutes.
		if s.WrapInfo == nil || s.WrapInfo.TTL != 300 || s.WrapInfo.CreationPath != "sys/wrapping/wrap" {
			return fmt.Errorf("wrap_info %+v", s.WrapInfo)
		}
		secret(s.WrapInfo.Token)
		u, err := anonymous(root).Logical().Unwrap(s.WrapInfo.Token)
		if err != nil {
			return err
		}
		if str(u.Data, "note") != "a value to hand over" || fmt.Sprint(u.Data["n"]) != "3" {
			return fmt.Errorf("unwrapped %v", u.Data)
		}
		return nil
	})

	var roleToken string
	step("token-role-create", func() error {
		_, err := root.Logical().Write("auth/token/roles/go-role", map[string]interface{}{
			"allowed_policies": "go-app",
			"orphan":           true,
			"token_period":     "20m",
		})
		if err != nil {
			return err
		}
		s, err := root.Auth().Token().CreateWithRole(&vault.TokenCreateRequest{Policies: []string{"go-app"}}, "go-role")
		if err != nil {
			return err
		}
		roleToken = s.Auth.ClientToken
		secret(roleToken, s.Auth.Accessor)
		if !slices.Equal(s.Auth.Policies, []string{"default", "go-app"}) || !s.Auth.Orphan || s.Auth.LeaseDuration != 1200 {
			return fmt.Errorf("policies %v orphan %v lease %d", s.Auth.Policies, s.Auth.Orphan, s.Auth.LeaseDuration)
		}
		l, err := root.Auth().Token().Lookup(roleToken)
		if err != nil {
			return err
		}
		// The role's token_period makes the token periodic (creation_ttl = the period); as in Vault's
		// handleCreateCommon it is not copied into the entry's own period, so lookup shows none.
		if str(l.Data, "role") != "go-role" || str(l.Data, "path") != "auth/token/create/go-role" || fmt.Sprint(l.Data["creation_ttl"]) != "1200" || l.Data["period"] != nil {
			return fmt.Errorf("lookup role %v path %v creation_ttl %v period %v", l.Data["role"], l.Data["path"], l.Data["creation_ttl"], l.Data["period"])
		}
		_, err = root.Auth().Token().CreateWithRole(&vault.TokenCreateRequest{Policies: []string{"root"}}, "go-role")
		return wantError(err, 400, `token policies (["root"]) must be subset of the role's allowed policies (["default" "go-app"])`)
	})

	var leaseID string
	step("lease-lookup", func() error {
		list, err := root.Logical().List("sys/leases/lookup/auth/approle/login/")
		if err != nil {
			return err
		}
		if list == nil {
			return fmt.Errorf("no leases listed under auth/approle/login/")
		}
		keys, _ := list.Data["keys"].([]interface{})
		if len(keys) != 2 { // the two AppRole logins above
			return fmt.Errorf("%d leases under auth/approle/login/, want 2", len(keys))
		}
		for _, k := range keys {
			id := "auth/approle/login/" + fmt.Sprint(k)
			s, err := root.Sys().Lookup(id)
			if err != nil {
				return err
			}
			if str(s.Data, "id") != id {
				return fmt.Errorf("lookup of %s answers id %v", id, s.Data["id"])
			}
			ttl, _ := strconv.Atoi(fmt.Sprint(s.Data["ttl"]))
			if ttl <= 0 || ttl > 3600 || s.Data["renewable"] != true || str(s.Data, "expire_time") == "" || str(s.Data, "issue_time") == "" {
				return fmt.Errorf("lookup data %v", s.Data)
			}
			leaseID = id
		}
		_, err = root.Sys().Lookup("auth/approle/login/hnotalease")
		return wantError(err, 400, "invalid lease")
	})

	step("lease-renew-refused", func() error {
		_, err := root.Sys().Renew(leaseID, 60)
		return wantError(err, 400, "tokens cannot be renewed through this endpoint")
	})

	step("lease-revoke", func() error {
		// One AppRole login's lease by id, then the rest by prefix: every AppRole token is gone
		// afterwards, the userpass one is not.
		if err := root.Sys().Revoke(leaseID); err != nil {
			return err
		}
		_, err := root.Sys().Lookup(leaseID)
		if err := wantError(err, 400, "invalid lease"); err != nil {
			return fmt.Errorf("after revoke: %w", err)
		}
		if err := root.Sys().RevokePrefix("auth/approle/login"); err != nil {
			return err
		}
		_, err = withToken(root, appToken).Auth().Token().LookupSelf()
		if err := wantError(err, 403, "permission denied"); err != nil {
			return fmt.Errorf("approle token after revocation: %w", err)
		}
		if _, err := withToken(root, userToken).Auth().Token().LookupSelf(); err != nil {
			return fmt.Errorf("userpass token after revoking approle leases: %w", err)
		}
		return nil
	})

	step("disable-auth", func() error {
		if err := root.Sys().DisableAuth("userpass"); err != nil {
			return err
		}
		// Disabling a mount revokes the tokens it issued.
		_, err := withToken(root, userToken).Auth().Token().LookupSelf()
		if err := wantError(err, 403, "permission denied"); err != nil {
			return fmt.Errorf("userpass token after disable: %w", err)
		}
		mounts, err := root.Sys().ListAuth()
		if err != nil {
			return err
		}
		if mounts["userpass/"] != nil || mounts["approle/"] == nil {
			return fmt.Errorf("auth mounts after disable: %v", slices.Sorted(func(yield func(string) bool) {
				for k := range mounts {
					if !yield(k) {
						return
					}
				}
			}))
		}
		return nil
	})

}
