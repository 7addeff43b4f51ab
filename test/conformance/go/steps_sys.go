package main

// The operator's steps: init, unseal and status; mounts; generate-root; rekey; the keyring.

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"math/big"
	"strings"
	"time"

	vault "github.com/hashicorp/vault/api"
)

// initSteps initialises the server with 3 shares (threshold 2), unseals it and sets the client's
// token to the root token. It answers with the unseal keys.
func initSteps(root *vault.Client) []string {
	var keys []string
	step("init-status", func() error {
		inited, err := root.Sys().InitStatus()
		if err != nil {
			return err
		}
		if inited {
			return fmt.Errorf("the server is initialised already")
		}
		s, err := root.Sys().SealStatus()
		if err != nil {
			return err
		}
		if s.Initialized || !s.Sealed || s.Type != "shamir" {
			return fmt.Errorf("seal-status before init %+v", s)
		}
		return nil
	})

	step("init", func() error {
		r, err := root.Sys().Init(&vault.InitRequest{SecretShares: 3, SecretThreshold: 2})
		if err != nil {
			return err
		}
		keys = r.KeysB64
		secret(r.RootToken)
		secret(r.Keys...)
		secret(r.KeysB64...)
		if len(r.Keys) != 3 || len(r.KeysB64) != 3 || r.RootToken == "" {
			return fmt.Errorf("%d keys, %d base64 keys, root token set %v", len(r.Keys), len(r.KeysB64), r.RootToken != "")
		}
		root.SetToken(r.RootToken)
		_, err = root.Sys().Init(&vault.InitRequest{SecretShares: 1, SecretThreshold: 1})
		return wantError(err, 400, "Vault is already initialized")
	})

	step("unseal", func() error {
		s, err := root.Sys().SealStatus()
		if err != nil {
			return err
		}
		if !s.Initialized || !s.Sealed || s.T != 2 || s.N != 3 || s.Progress != 0 {
			return fmt.Errorf("seal-status after init %+v", s)
		}
		s, err = root.Sys().Unseal(keys[0])
		if err != nil {
			return err
		}
		if !s.Sealed || s.Progress != 1 || s.Nonce == "" {
			return fmt.Errorf("after the first key %+v", s)
		}
		// The same key twice does not count (Vault ignores a part it already holds).
		s, err = root.Sys().Unseal(keys[0])
		if err != nil {
			return err
		}
		if !s.Sealed || s.Progress != 1 {
			return fmt.Errorf("after the first key again %+v", s)
		}
		s, err = root.Sys().Unseal(keys[1])
		if err != nil {
			return err
		}
		if s.Sealed || s.Progress != 0 || s.ClusterID == "" || s.ClusterName == "" {
			return fmt.Errorf("after the second key %+v", s)
		}
		return nil
	})

	step("health-and-leader", func() error {
		h, err := root.Sys().Health()
		if err != nil {
			return err
		}
		if !h.Initialized || h.Sealed || h.Standby || h.Version == "" || h.ServerTimeUTC < time.Now().Add(-time.Minute).Unix() {
			return fmt.Errorf("health %+v", h)
		}
		l, err := root.Sys().Leader()
		if err != nil {
			return err
		}
		if l.HAEnabled || l.IsSelf {
			return fmt.Errorf("leader without HA storage %+v", l)
		}
		return nil
	})
	return keys
}

func mountSteps(root *vault.Client) {
	step("mounts-enable", func() error {
		if err := root.Sys().Mount("secret", &vault.MountInput{Type: "kv", Options: map[string]string{"version": "2"}, Description: "KV v2"}); err != nil {
			return err
		}
		if err := root.Sys().Mount("kv", &vault.MountInput{Type: "kv", Options: map[string]string{"version": "1"}}); err != nil {
			return err
		}
		if err := root.Sys().Mount("transit", &vault.MountInput{Type: "transit"}); err != nil {
			return err
		}
		mounts, err := root.Sys().ListMounts()
		if err != nil {
			return err
		}
		for path, typ := range map[string]string{"secret/": "kv", "kv/": "kv", "transit/": "transit", "sys/": "system", "cubbyhole/": "cubbyhole"} {
			m := mounts[path]
			if m == nil || m.Type != typ || m.Accessor == "" {
				return fmt.Errorf("mount %s: %+v", path, m)
			}
		}
		if mounts["secret/"].Options["version"] != "2" || mounts["secret/"].Description != "KV v2" {
			return fmt.Errorf("secret/ options %v description %q", mounts["secret/"].Options, mounts["secret/"].Description)
		}
		err = root.Sys().Mount("kv", &vault.MountInput{Type: "kv"})
		return wantError(err, 400, "path is already in use at kv/")
	})

	step("mounts-tune", func() error {
		if err := root.Sys().TuneMount("kv", vault.MountConfigInput{DefaultLeaseTTL: "1h", MaxLeaseTTL: "2h", Description: ptr("tuned")}); err != nil {
			return err
		}
		c, err := root.Sys().MountConfig("kv")
		if err != nil {
			return err
		}
		if c.DefaultLeaseTTL != 3600 || c.MaxLeaseTTL != 7200 {
			return fmt.Errorf("tuned config %+v", c)
		}
		m, err := root.Sys().ListMounts()
		if err != nil {
			return err
		}
		if m["kv/"].Description != "tuned" || m["kv/"].Config.DefaultLeaseTTL != 3600 {
			return fmt.Errorf("kv/ after tune: description %q config %+v", m["kv/"].Description, m["kv/"].Config)
		}
		return nil
	})

	step("mounts-disable", func() error {
		if err := root.Sys().Mount("scratch", &vault.MountInput{Type: "kv"}); err != nil {
			return err
		}
		if err := root.KVv1("scratch").Put(ctx0, "x", map[string]interface{}{"a": "b"}); err != nil {
			return err
		}
		if err := root.Sys().Unmount("scratch"); err != nil {
			return err
		}
		mounts, err := root.Sys().ListMounts()
		if err != nil {
			return err
		}
		if mounts["scratch/"] != nil {
			return fmt.Errorf("scratch/ still mounted")
		}
		// A 404 (no handler for the route) is no secret and no error to the library.
		gone, err := root.Logical().Read("scratch/x")
		if err != nil || gone != nil {
			return fmt.Errorf("a read under the removed mount answered %v, %v", gone, err)
		}
		return nil
	})
}

func ptr[T any](v T) *T { return &v }

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

func otp(length int) string {
	var b strings.Builder
	for range length {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(base62))))
		if err != nil {
			panic(err)
		}
		b.WriteByte(base62[n.Int64()])
	}
	return b.String()
}

// generateRootSteps makes a second root token from two unseal keys and an OTP, decodes it as
// Vault's CLI does (base64 RawStd, XOR with the OTP) and uses it.
func generateRootSteps(root *vault.Client, keys []string) {
	step("generate-root", func() error {
		s, err := root.Sys().GenerateRootStatus()
		if err != nil {
			return err
		}
		if s.Started || s.OTPLength == 0 {
			return fmt.Errorf("status before %+v", s)
		}
		pass := otp(s.OTPLength)
		secret(pass)
		s, err = root.Sys().GenerateRootInit(pass, "")
		if err != nil {
			return err
		}
		if !s.Started || s.Nonce == "" || s.Required != 2 || s.Progress != 0 {
			return fmt.Errorf("after init %+v", s)
		}
		// A second attempt while one is in progress is refused.
		_, err = root.Sys().GenerateRootInit(otp(s.OTPLength), "")
		if err := wantError(err, 400, "root generation already in progress"); err != nil {
			return err
		}
		s1, err := root.Sys().GenerateRootUpdate(keys[2], s.Nonce)
		if err != nil {
			return err
		}
		if s1.Complete || s1.Progress != 1 {
			return fmt.Errorf("after one key %+v", s1)
		}
		s2, err := root.Sys().GenerateRootUpdate(keys[0], s.Nonce)
		if err != nil {
			return err
		}
		if !s2.Complete || s2.EncodedToken == "" {
			return fmt.Errorf("after two keys %+v", s2)
		}
		raw, err := base64.RawStdEncoding.DecodeString(s2.EncodedToken)
		if err != nil {
			return fmt.Errorf("encoded_token: %v", err)
		}
		if len(raw) != len(pass) {
			return fmt.Errorf("encoded token of %d bytes for an OTP of %d", len(raw), len(pass))
		}
		for i := range raw {
			raw[i] ^= pass[i]
		}
		token := string(raw)
		secret(token)
		self, err := withToken(root, token).Auth().Token().LookupSelf()
		if err != nil {
			return err
		}
		if fmt.Sprint(self.Data["policies"]) != "[root]" {
			return fmt.Errorf("the new token has policies %v", self.Data["policies"])
		}
		if err := root.Auth().Token().RevokeOrphan(token); err != nil {
			return err
		}
		after, err := root.Sys().GenerateRootStatus()
		if err != nil {
			return err
		}
		if after.Started {
			return fmt.Errorf("an attempt is still in progress after completion")
		}
		return nil
	})

	step("generate-root-cancel", func() error {
		s, err := root.Sys().GenerateRootStatus()
		if err != nil {
			return err
		}
		if _, err := root.Sys().GenerateRootInit(otp(s.OTPLength), ""); err != nil {
			return err
		}
		if err := root.Sys().GenerateRootCancel(); err != nil {
			return err
		}
		s, err = root.Sys().GenerateRootStatus()
		if err != nil {
			return err
		}
		if s.Started || s.Nonce != "" {
			return fmt.Errorf("status after cancel %+v", s)
		}
		return nil
	})
}

// rekeySteps replaces the unseal keys (3 of 2 → 5 of 3), seals and unseals with the new ones, and
// rotates the keyring.
func rekeySteps(root *vault.Client, keys []string) {
	var newKeys []string
	step("rekey", func() error {
		s, err := root.Sys().RekeyInit(&vault.RekeyInitRequest{SecretShares: 5, SecretThreshold: 3})
		if err != nil {
			return err
		}
		if !s.Started || s.Nonce == "" || s.T != 3 || s.N != 5 || s.Required != 2 {
			return fmt.Errorf("after init %+v", s)
		}
		st, err := root.Sys().RekeyStatus()
		if err != nil {
			return err
		}
		if st.Nonce != s.Nonce || !st.Started {
			return fmt.Errorf("status %+v", st)
		}
		u, err := root.Sys().RekeyUpdate(keys[1], s.Nonce)
		if err != nil {
			return err
		}
		if u.Complete {
			return fmt.Errorf("complete after one key")
		}
		_, err = root.Sys().RekeyUpdate(keys[2], "not-the-nonce")
		if err := wantError(err, 400, "nonce"); err != nil {
			return err
		}
		u, err = root.Sys().RekeyUpdate(keys[2], s.Nonce)
		if err != nil {
			return err
		}
		secret(u.Keys...)
		secret(u.KeysB64...)
		if !u.Complete || len(u.KeysB64) != 5 || u.Nonce != s.Nonce {
			return fmt.Errorf("after two keys: complete %v, %d keys", u.Complete, len(u.KeysB64))
		}
		newKeys = u.KeysB64
		return nil
	})

	step("seal-and-unseal-with-new-keys", func() error {
		if len(newKeys) != 5 {
			return fmt.Errorf("no new keys from the rekey step")
		}
		if err := root.Sys().Seal(); err != nil {
			return err
		}
		s, err := root.Sys().SealStatus()
		if err != nil {
			return err
		}
		if !s.Sealed || s.T != 3 || s.N != 5 {
			return fmt.Errorf("sealed status %+v", s)
		}
		_, err = root.KVv2("secret").Get(ctx0, "go/db")
		if err := wantError(err, 503, "Vault is sealed"); err != nil {
			return err
		}
		for i, k := range []string{newKeys[4], newKeys[0], newKeys[2]} {
			s, err = root.Sys().Unseal(k)
			if err != nil {
				return err
			}
			if (i < 2) != s.Sealed {
				return fmt.Errorf("after %d keys sealed %v", i+1, s.Sealed)
			}
		}
		kv, err := root.KVv2("secret").Get(ctx0, "go/db")
		if err != nil {
			return err
		}
		if kv.Data["password"] == nil {
			return fmt.Errorf("the data did not survive the rekey")
		}
		return nil
	})

	step("key-status-and-rotate", func() error {
		k, err := root.Sys().KeyStatus()
		if err != nil {
			return err
		}
		if k.Term != 1 || time.Since(k.InstallTime) > time.Hour {
			return fmt.Errorf("key status %+v", k)
		}
		if err := root.Sys().Rotate(); err != nil {
			return err
		}
		k, err = root.Sys().KeyStatus()
		if err != nil {
			return err
		}
		if k.Term != 2 {
			return fmt.Errorf("term %d after rotate", k.Term)
		}
		return nil
	})
}
