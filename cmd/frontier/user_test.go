package main

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// lastLine is the last line a command printed: where user add puts the
// token, so that scripts take it with tail -1.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

func TestUserCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "f.gpkg")
	out, _, err := frontierCmd(t, "user", "add", "--name", "aida", "--role", "editor", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	token := lastLine(out)
	if !strings.HasPrefix(token, "frt_") || strings.ContainsAny(token, " \t") {
		t.Fatalf("last line %q is not a token; output:\n%s", token, out)
	}
	store := openStore(t, db)
	if u, err := store.UserByToken(context.Background(), token); err != nil || u.Name != "aida" || u.Role != "editor" {
		t.Errorf("the printed token finds %+v, %v", u, err)
	}
	if _, _, err := frontierCmd(t, "user", "add", "--name", "bek", "--role", "publisher", "--db", db); err != nil {
		t.Fatal(err)
	}
	out, _, err = frontierCmd(t, "user", "list", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, token) || !strings.Contains(out, "aida") || !strings.Contains(out, "publisher") {
		t.Errorf("list:\n%s", out)
	}
	if _, _, err := frontierCmd(t, "user", "revoke", "aida", "--db", db); err != nil {
		t.Fatal(err)
	}
	if _, err := store.UserByToken(context.Background(), token); err == nil {
		t.Error("a revoked token still finds its user")
	}
	out, _, _ = frontierCmd(t, "user", "list", "--db", db)
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "aida ") && strings.HasSuffix(strings.TrimSpace(line), "-") {
			t.Errorf("list shows aida as not revoked: %q", line)
		}
	}
	for _, args := range [][]string{
		{"user"},
		{"user", "add", "--name", "x", "--db", db},
		{"user", "add", "--name", "x", "--role", "owner", "--db", db},
		{"user", "add", "--name", "bek", "--role", "editor", "--db", db},
		{"user", "revoke", "--db", db},
		{"user", "revoke", "nobody", "--db", db},
		{"user", "rename", "--db", db},
	} {
		out, _, err := frontierCmd(t, args...)
		if err == nil {
			t.Errorf("%v: no error", args)
		}
		if strings.Contains(out, "frt_") {
			t.Errorf("%v printed a token", args)
		}
		var u usageError
		if len(args) == 1 && !errors.As(err, &u) {
			t.Errorf("%v: %v, want a usage error", args, err)
		}
	}
}
