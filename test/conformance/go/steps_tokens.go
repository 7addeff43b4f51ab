package main

// Tokens (create, lookup, renew, revoke, accessors) and ACL policies (CRUD, enforced, capabilities).

import (
	"fmt"
	"slices"

	vault "github.com/hashicorp/vault/api"
)

func tokenSteps(root *vault.Client) {
	var token, accessor string
	step("token-create-lookup", func() error {
		s, err := root.Auth().Token().Create(&vault.TokenCreateRequest{Policies: []string{"default"}, TTL: "1h", DisplayName: "go", Metadata: map[string]string{"app": "go"}})
		if err != nil {
			return err
		}
		token, accessor = s.Auth.ClientToken, s.Auth.Accessor
		secret(token, accessor)
		if s.Auth.LeaseDuration != 3600 || !s.Auth.Renewable || !slices.Equal(s.Auth.Policies, []string{"default"}) {
			return fmt.Errorf("auth lease %d renewable %v policies %v", s.Auth.LeaseDuration, s.Auth.Renewable, s.Auth.Policies)
		}
		l, err := root.Auth().Token().Lookup(token)
		if err != nil {
			return err
		}
		if str(l.Data, "accessor") != accessor || str(l.Data, "display_name") != "token-go" || fmt.Sprint(l.Data["meta"]) != "map[app:go]" {
			return fmt.Errorf("lookup accessor match %v display_name %v meta %v", str(l.Data, "accessor") == accessor, l.Data["display_name"], l.Data["meta"])
		}
		a, err := root.Auth().Token().LookupAccessor(accessor)
		if err != nil {
			return err
		}
		if _, has := a.Data["id"]; has && str(a.Data, "id") != "" {
			return fmt.Errorf("lookup by accessor shows the token")
		}
		self, err := withToken(root, token).Auth().Token().LookupSelf()
		if err != nil {
			return err
		}
		ttl, err := self.TokenTTL()
		if err != nil || ttl.Seconds() <= 3500 || ttl.Seconds() > 3600 {
			return fmt.Errorf("self ttl %v (%v)", ttl, err)
		}
		return nil
	})

	step("token-renew", func() error {
		s, err := root.Auth().Token().Renew(token, 7200)
		if err != nil {
			return err
		}
		if s.Auth.ClientToken != token || s.Auth.LeaseDuration != 7200 {
			return fmt.Errorf("renew answered lease %d", s.Auth.LeaseDuration)
		}
		s, err = withToken(root, token).Auth().Token().RenewSelf(600)
		if err != nil {
			return err
		}
		if s.Auth.LeaseDuration != 600 {
			return fmt.Errorf("renew-self answered lease %d", s.Auth.LeaseDuration)
		}
		return nil
	})

	step("token-revoke", func() error {
		// A parent allowed to create tokens, and its child: revoking the tree takes both.
		if err := root.Sys().PutPolicy("token-maker", "path \"auth/token/create\" {\n  capabilities = [\"update\"]\n}\n"); err != nil {
			return err
		}
		defer root.Sys().DeletePolicy("token-maker")
		p, err := root.Auth().Token().Create(&vault.TokenCreateRequest{Policies: []string{"token-maker"}})
		if err != nil {
			return err
		}
		token := p.Auth.ClientToken
		secret(token, p.Auth.Accessor)
		child, err := withToken(root, token).Auth().Token().Create(&vault.TokenCreateRequest{TTL: "10m"})
		if err != nil {
			return err
		}
		cl, err := root.Auth().Token().Lookup(child.Auth.ClientToken)
		if err != nil {
			return err
		}
		if fmt.Sprint(cl.Data["policies"]) != "[default token-maker]" || cl.Data["orphan"] != false {
			return fmt.Errorf("child policies %v orphan %v", cl.Data["policies"], cl.Data["orphan"])
		}
		secret(child.Auth.ClientToken, child.Auth.Accessor)
		if err := root.Auth().Token().RevokeTree(token); err != nil {
			return err
		}
		for name, t := range map[string]string{"parent": token, "child": child.Auth.ClientToken} {
			_, err := withToken(root, t).Auth().Token().LookupSelf()
			if err := wantError(err, 403, "permission denied"); err != nil {
				return fmt.Errorf("%s after revoke-tree: %w", name, err)
			}
		}
		o, err := root.Auth().Token().Create(&vault.TokenCreateRequest{Policies: []string{"default"}})
		if err != nil {
			return err
		}
		secret(o.Auth.ClientToken, o.Auth.Accessor)
		if err := root.Auth().Token().RevokeAccessor(o.Auth.Accessor); err != nil {
			return err
		}
		_, err = root.Auth().Token().Lookup(o.Auth.ClientToken)
		if err := wantError(err, 403, ""); err != nil {
			return fmt.Errorf("after revoke-accessor: %w", err)
		}
		s, err := root.Auth().Token().Create(&vault.TokenCreateRequest{Policies: []string{"default"}})
		if err != nil {
			return err
		}
		secret(s.Auth.ClientToken, s.Auth.Accessor)
		if err := withToken(root, s.Auth.ClientToken).Auth().Token().RevokeSelf(""); err != nil {
			return err
		}
		_, err = withToken(root, s.Auth.ClientToken).Auth().Token().LookupSelf()
		return wantError(err, 403, "permission denied")
	})
}

func policySteps(root *vault.Client) {
	const rules = "path \"secret/data/app/*\" {\n  capabilities = [\"read\", \"list\"]\n}\n\npath \"secret/metadata/app/*\" {\n  capabilities = [\"list\"]\n}\n"
	step("policies-crud", func() error {
		if err := root.Sys().PutPolicy("app-read", rules); err != nil {
			return err
		}
		got, err := root.Sys().GetPolicy("app-read")
		if err != nil {
			return err
		}
		if got != rules {
			return fmt.Errorf("policy read back as %q", got)
		}
		names, err := root.Sys().ListPolicies()
		if err != nil {
			return err
		}
		if !slices.Equal(names, []string{"app-read", "default", "root"}) {
			return fmt.Errorf("policies %v", names)
		}
		err = root.Sys().PutPolicy("broken", "path \"x\" {\n  capabilities = [\n")
		if err := wantError(err, 400, "failed to parse policy"); err != nil {
			return err
		}
		err = root.Sys().DeletePolicy("root")
		return wantError(err, 400, "cannot delete")
	})

	step("policies-enforced", func() error {
		s, err := root.Auth().Token().Create(&vault.TokenCreateRequest{Policies: []string{"app-read"}})
		if err != nil {
			return err
		}
		t := s.Auth.ClientToken
		secret(t, s.Auth.Accessor)
		c := withToken(root, t)
		if _, err := c.KVv2("secret").Get(ctx0, "app/api"); err != nil {
			return err
		}
		_, err = c.KVv2("secret").Put(ctx0, "app/api", map[string]interface{}{"k": "w"})
		if err := wantError(err, 403, "permission denied"); err != nil {
			return err
		}
		caps, err := root.Sys().Capabilities(t, "secret/data/app/x")
		if err != nil {
			return err
		}
		if !slices.Equal(caps, []string{"list", "read"}) {
			return fmt.Errorf("capabilities %v", caps)
		}
		caps, err = c.Sys().CapabilitiesSelf("secret/data/other")
		if err != nil {
			return err
		}
		if !slices.Equal(caps, []string{"deny"}) {
			return fmt.Errorf("capabilities-self %v", caps)
		}
		if err := root.Sys().DeletePolicy("app-read"); err != nil {
			return err
		}
		names, err := root.Sys().ListPolicies()
		if err != nil {
			return err
		}
		if slices.Contains(names, "app-read") {
			return fmt.Errorf("app-read still listed")
		}
		_, err = c.KVv2("secret").Get(ctx0, "app/api")
		return wantError(err, 403, "permission denied")
	})
}
