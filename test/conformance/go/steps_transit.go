package main

// Transit through Logical(): keys, encrypt/decrypt, rotate, rewrap, batch input, data keys.

import (
	"encoding/base64"
	"fmt"
	"strings"

	vault "github.com/hashicorp/vault/api"
)

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func transitSteps(root *vault.Client) {
	plain := "card 4111-" + otp(10)
	secret(plain, b64(plain))
	var ct1 string

	step("transit-keys", func() error {
		if _, err := root.Logical().Write("transit/keys/orders", nil); err != nil {
			return err
		}
		if _, err := root.Logical().Write("transit/keys/signing", map[string]interface{}{"type": "ed25519"}); err != nil {
			return err
		}
		k, err := root.Logical().Read("transit/keys/orders")
		if err != nil {
			return err
		}
		if str(k.Data, "type") != "aes256-gcm96" || fmt.Sprint(k.Data["latest_version"]) != "1" || k.Data["supports_encryption"] != true {
			return fmt.Errorf("key %v", k.Data)
		}
		l, err := root.Logical().List("transit/keys")
		if err != nil {
			return err
		}
		if l == nil || fmt.Sprint(l.Data["keys"]) != "[orders signing]" {
			return fmt.Errorf("transit/keys lists %v", l)
		}
		return nil
	})

	step("transit-encrypt-decrypt", func() error {
		e, err := root.Logical().Write("transit/encrypt/orders", map[string]interface{}{"plaintext": b64(plain)})
		if err != nil {
			return err
		}
		ct1 = str(e.Data, "ciphertext")
		if !strings.HasPrefix(ct1, "vault:v1:") || fmt.Sprint(e.Data["key_version"]) != "1" {
			return fmt.Errorf("encrypt answered %v", e.Data)
		}
		d, err := root.Logical().Write("transit/decrypt/orders", map[string]interface{}{"ciphertext": ct1})
		if err != nil {
			return err
		}
		if str(d.Data, "plaintext") != b64(plain) {
			return fmt.Errorf("decrypt gave back another plaintext")
		}
		_, err = root.Logical().Write("transit/decrypt/orders", map[string]interface{}{"ciphertext": "vault:v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
		return wantError(err, 400, "")
	})

	step("transit-rotate-rewrap", func() error {
		if _, err := root.Logical().Write("transit/keys/orders/rotate", nil); err != nil {
			return err
		}
		r, err := root.Logical().Write("transit/rewrap/orders", map[string]interface{}{"ciphertext": ct1})
		if err != nil {
			return err
		}
		ct2 := str(r.Data, "ciphertext")
		if !strings.HasPrefix(ct2, "vault:v2:") {
			return fmt.Errorf("rewrap answered %v", r.Data)
		}
		d, err := root.Logical().Write("transit/decrypt/orders", map[string]interface{}{"ciphertext": ct2})
		if err != nil {
			return err
		}
		if str(d.Data, "plaintext") != b64(plain) {
			return fmt.Errorf("the rewrapped ciphertext decrypts to another plaintext")
		}
		if _, err := root.Logical().Write("transit/keys/orders/config", map[string]interface{}{"min_decryption_version": 2}); err != nil {
			return err
		}
		_, err = root.Logical().Write("transit/decrypt/orders", map[string]interface{}{"ciphertext": ct1})
		return wantError(err, 400, "ciphertext or signature version is disallowed by policy (too old)")
	})

	step("transit-batch-and-datakey", func() error {
		b, err := root.Logical().Write("transit/encrypt/orders", map[string]interface{}{
			"batch_input": []map[string]interface{}{{"plaintext": b64("one")}, {"plaintext": b64("two")}},
		})
		if err != nil {
			return err
		}
		items, _ := b.Data["batch_results"].([]interface{})
		if len(items) != 2 {
			return fmt.Errorf("batch_results %v", b.Data)
		}
		in := []map[string]interface{}{}
		for _, it := range items {
			m, _ := it.(map[string]interface{})
			in = append(in, map[string]interface{}{"ciphertext": str(m, "ciphertext")})
		}
		d, err := root.Logical().Write("transit/decrypt/orders", map[string]interface{}{"batch_input": in})
		if err != nil {
			return err
		}
		out, _ := d.Data["batch_results"].([]interface{})
		if len(out) != 2 || str(out[0].(map[string]interface{}), "plaintext") != b64("one") || str(out[1].(map[string]interface{}), "plaintext") != b64("two") {
			return fmt.Errorf("batch decrypt %v", d.Data)
		}
		k, err := root.Logical().Write("transit/datakey/plaintext/orders", nil)
		if err != nil {
			return err
		}
		secret(str(k.Data, "plaintext"))
		raw, err := base64.StdEncoding.DecodeString(str(k.Data, "plaintext"))
		if err != nil || len(raw) != 32 || !strings.HasPrefix(str(k.Data, "ciphertext"), "vault:v2:") {
			return fmt.Errorf("data key of %d bytes (%v)", len(raw), err)
		}
		return nil
	})

	step("transit-sign-verify", func() error {
		s, err := root.Logical().Write("transit/sign/signing", map[string]interface{}{"input": b64("a message")})
		if err != nil {
			return err
		}
		sig := str(s.Data, "signature")
		if !strings.HasPrefix(sig, "vault:v1:") {
			return fmt.Errorf("sign answered %v", s.Data)
		}
		for msg, want := range map[string]bool{"a message": true, "another": false} {
			v, err := root.Logical().Write("transit/verify/signing", map[string]interface{}{"input": b64(msg), "signature": sig})
			if err != nil {
				return err
			}
			if v.Data["valid"] != want {
				return fmt.Errorf("verify of %q answered %v", msg, v.Data["valid"])
			}
		}
		return nil
	})
}
