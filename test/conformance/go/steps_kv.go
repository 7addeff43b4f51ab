package main

// KV v1 and v2 through the library's KVv1/KVv2 helpers, and Logical().List (GET ?list=true on
// the wire in both libraries: they build a LIST request, then send it as GET with list=true).

import (
	"context"
	"errors"
	"fmt"
	"slices"

	vault "github.com/hashicorp/vault/api"
)

const kvPasswords = 4

func kvSteps(ctx context.Context, root *vault.Client) {
	pw := make([]string, kvPasswords)
	for i := range pw {
		pw[i] = fmt.Sprintf("kv-password-%d-%s", i, otp(12))
	}
	secret(pw...)

	step("kv1-put-get-delete", func() error {
		kv := root.KVv1("kv")
		if err := kv.Put(ctx, "team/db", map[string]interface{}{"password": pw[0], "port": 5432, "tags": []string{"a", "b"}}); err != nil {
			return err
		}
		s, err := kv.Get(ctx, "team/db")
		if err != nil {
			return err
		}
		if s.Data["password"] != pw[0] || fmt.Sprint(s.Data["port"]) != "5432" || fmt.Sprint(s.Data["tags"]) != "[a b]" {
			return fmt.Errorf("read back a different secret")
		}
		if s.VersionMetadata != nil {
			return fmt.Errorf("KV v1 answered with version metadata")
		}
		// The mount's tuned default TTL is shown as the secret's lease (Vault's KV v1 does).
		if s.Raw.LeaseDuration != 3600 {
			return fmt.Errorf("lease_duration %d, want the mount's 3600", s.Raw.LeaseDuration)
		}
		if err := kv.Delete(ctx, "team/db"); err != nil {
			return err
		}
		_, err = kv.Get(ctx, "team/db")
		if !errors.Is(err, vault.ErrSecretNotFound) {
			return fmt.Errorf("after delete: %v", err)
		}
		return nil
	})

	step("kv2-put-get-versions", func() error {
		kv := root.KVv2("secret")
		s, err := kv.Put(ctx, "app/db", map[string]interface{}{"user": "app", "password": pw[1]})
		if err != nil {
			return err
		}
		if s.VersionMetadata == nil || s.VersionMetadata.Version != 1 {
			return fmt.Errorf("first put %+v", s.VersionMetadata)
		}
		s, err = kv.Put(ctx, "app/db", map[string]interface{}{"user": "app", "password": pw[2]}, vault.WithCheckAndSet(1))
		if err != nil {
			return err
		}
		if s.VersionMetadata.Version != 2 {
			return fmt.Errorf("second put version %d", s.VersionMetadata.Version)
		}
		_, err = kv.Put(ctx, "app/db", map[string]interface{}{"password": "x"}, vault.WithCheckAndSet(1))
		if err := wantError(err, 400, "check-and-set parameter did not match the current version"); err != nil {
			return err
		}
		g, err := kv.Get(ctx, "app/db")
		if err != nil {
			return err
		}
		if g.Data["password"] != pw[2] || g.VersionMetadata.Version != 2 || g.VersionMetadata.CreatedTime.IsZero() {
			return fmt.Errorf("latest %v", g.VersionMetadata)
		}
		v1, err := kv.GetVersion(ctx, "app/db", 1)
		if err != nil {
			return err
		}
		if v1.Data["password"] != pw[1] || v1.VersionMetadata.Version != 1 {
			return fmt.Errorf("version 1 read back wrong")
		}
		_, err = kv.Get(ctx, "app/none")
		if !errors.Is(err, vault.ErrSecretNotFound) {
			return fmt.Errorf("a missing secret: %v", err)
		}
		return nil
	})

	step("kv2-patch", func() error {
		kv := root.KVv2("secret")
		s, err := kv.Patch(ctx, "app/db", map[string]interface{}{"password": pw[3], "extra": "yes"})
		if err != nil {
			return err
		}
		if s.VersionMetadata == nil || s.VersionMetadata.Version != 3 {
			return fmt.Errorf("patch answered %+v", s.VersionMetadata)
		}
		g, err := kv.Get(ctx, "app/db")
		if err != nil {
			return err
		}
		if g.Data["user"] != "app" || g.Data["password"] != pw[3] || g.Data["extra"] != "yes" {
			return fmt.Errorf("patched data has keys %v", keys(g.Data))
		}
		// Patching a secret that does not exist is a 404, which the library reports as not found.
		_, err = kv.Patch(ctx, "app/none", map[string]interface{}{"a": "b"})
		if !errors.Is(err, vault.ErrSecretNotFound) {
			return fmt.Errorf("patch of a missing secret: %v", err)
		}
		return nil
	})

	step("kv2-metadata", func() error {
		kv := root.KVv2("secret")
		err := kv.PutMetadata(ctx, "app/db", vault.KVMetadataPutInput{MaxVersions: 5, CustomMetadata: map[string]interface{}{"owner": "go"}})
		if err != nil {
			return err
		}
		m, err := kv.GetMetadata(ctx, "app/db")
		if err != nil {
			return err
		}
		if m.CurrentVersion != 3 || m.OldestVersion != 0 && m.OldestVersion != 1 || m.MaxVersions != 5 || m.CustomMetadata["owner"] != "go" || len(m.Versions) != 3 {
			return fmt.Errorf("metadata current %d oldest %d max %d custom %v versions %d", m.CurrentVersion, m.OldestVersion, m.MaxVersions, m.CustomMetadata, len(m.Versions))
		}
		list, err := kv.GetVersionsAsList(ctx, "app/db")
		if err != nil {
			return err
		}
		if len(list) != 3 || list[0].Version != 1 || list[2].Version != 3 {
			return fmt.Errorf("versions as list %+v", list)
		}
		g, err := kv.Get(ctx, "app/db")
		if err != nil {
			return err
		}
		if g.CustomMetadata["owner"] != "go" {
			return fmt.Errorf("the data read carries custom metadata %v", g.CustomMetadata)
		}
		return kv.PatchMetadata(ctx, "app/db", vault.KVMetadataPatchInput{CustomMetadata: map[string]interface{}{"team": "core"}})
	})

	step("kv2-delete-undelete-destroy", func() error {
		kv := root.KVv2("secret")
		if err := kv.Delete(ctx, "app/db"); err != nil {
			return err
		}
		g, err := kv.Get(ctx, "app/db")
		if err != nil {
			return err
		}
		if g.Data != nil || g.VersionMetadata == nil || g.VersionMetadata.DeletionTime.IsZero() {
			return fmt.Errorf("a deleted version reads as data %v metadata %+v", g.Data != nil, g.VersionMetadata)
		}
		if err := kv.Undelete(ctx, "app/db", []int{3}); err != nil {
			return err
		}
		g, err = kv.Get(ctx, "app/db")
		if err != nil {
			return err
		}
		if g.Data["password"] != pw[3] {
			return fmt.Errorf("undeleted version reads wrong")
		}
		if err := kv.DeleteVersions(ctx, "app/db", []int{2}); err != nil {
			return err
		}
		if err := kv.Destroy(ctx, "app/db", []int{1}); err != nil {
			return err
		}
		m, err := kv.GetMetadata(ctx, "app/db")
		if err != nil {
			return err
		}
		if !m.Versions["1"].Destroyed || m.Versions["2"].DeletionTime.IsZero() || m.Versions["3"].Destroyed || !m.Versions["3"].DeletionTime.IsZero() {
			return fmt.Errorf("versions after delete/destroy %+v", m.Versions)
		}
		if m.CustomMetadata["owner"] != "go" || m.CustomMetadata["team"] != "core" {
			return fmt.Errorf("patched custom metadata %v", m.CustomMetadata)
		}
		v1, err := kv.GetVersion(ctx, "app/db", 1)
		if err != nil {
			return err
		}
		if v1.Data != nil || !v1.VersionMetadata.Destroyed {
			return fmt.Errorf("a destroyed version reads as %+v", v1.VersionMetadata)
		}
		return nil
	})

	step("kv2-rollback-and-delete-metadata", func() error {
		kv := root.KVv2("secret")
		if _, err := kv.Put(ctx, "app/tmp", map[string]interface{}{"n": "1"}); err != nil {
			return err
		}
		if _, err := kv.Put(ctx, "app/tmp", map[string]interface{}{"n": "2"}); err != nil {
			return err
		}
		r, err := kv.Rollback(ctx, "app/tmp", 1)
		if err != nil {
			return err
		}
		if r.VersionMetadata.Version != 3 {
			return fmt.Errorf("rollback answered version %d", r.VersionMetadata.Version)
		}
		g, err := kv.Get(ctx, "app/tmp")
		if err != nil {
			return err
		}
		if g.Data["n"] != "1" || g.VersionMetadata.Version != 3 {
			return fmt.Errorf("after rollback version %d data %v", g.VersionMetadata.Version, g.Data)
		}
		if err := kv.DeleteMetadata(ctx, "app/tmp"); err != nil {
			return err
		}
		_, err = kv.GetMetadata(ctx, "app/tmp")
		if !errors.Is(err, vault.ErrSecretNotFound) {
			return fmt.Errorf("metadata after delete: %v", err)
		}
		return nil
	})

	step("logical-list", func() error {
		for _, p := range []string{"app/api", "app/nested/one", "top"} {
			if _, err := root.KVv2("secret").Put(ctx, p, map[string]interface{}{"k": "v"}); err != nil {
				return err
			}
		}
		l, err := root.Logical().List("secret/metadata/app")
		if err != nil {
			return err
		}
		if l == nil || fmt.Sprint(l.Data["keys"]) != "[api db nested/]" {
			return fmt.Errorf("secret/metadata/app lists %v", l)
		}
		l, err = root.Logical().List("secret/metadata/")
		if err != nil {
			return err
		}
		if l == nil || fmt.Sprint(l.Data["keys"]) != "[app/ top]" {
			return fmt.Errorf("secret/metadata/ lists %v", l)
		}
		if err := root.KVv1("kv").Put(ctx, "a/b", map[string]interface{}{"k": "v"}); err != nil {
			return err
		}
		l, err = root.Logical().List("kv")
		if err != nil {
			return err
		}
		if l == nil || fmt.Sprint(l.Data["keys"]) != "[a/]" {
			return fmt.Errorf("kv/ lists %v", l)
		}
		// Nothing under a prefix: no secret (a 404 that the library turns into nil).
		l, err = root.Logical().List("secret/metadata/nothing-here")
		if err != nil || l != nil {
			return fmt.Errorf("an empty list answered %v, %v", l, err)
		}
		return nil
	})
}

func keys(m map[string]interface{}) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
