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

// TestImportAs: an import is recorded as the publisher --as names, one
// publication with a revision per feature, and an editor may not import
// as one.
func TestImportAs(t *testing.T) {
	db := seededStore(t)
	dir := t.TempDir()
	for _, u := range [][]string{{"aida", "editor"}, {"bek", "publisher"}} {
		if _, _, err := frontierCmd(t, "user", "add", "--name", u[0], "--role", u[1], "--db", db); err != nil {
			t.Fatal(err)
		}
	}
	feature := func(title string) string {
		return writeFile(t, dir, title+".geojson", `{"type":"FeatureCollection","features":[
	 {"type":"Feature","id":"desk-1","geometry":{"type":"Point","coordinates":[70.58,39.85]},
	  "properties":{"title":"`+title+`","date_start":"2024-03-02","time_precision":1,"geo_precision":2,"place":"Vorukh","location_basis":"Vorukh's gazetteer point","event_type":"Battles","sources":["S18"]}}]}`)
	}
	if _, _, err := frontierCmd(t, "import", feature("first"), "--as", "aida", "--db", db); err == nil {
		t.Error("an editor imported, which publishes at once")
	}
	if _, _, err := frontierCmd(t, "import", feature("first"), "--as", "nobody", "--db", db); err == nil {
		t.Error("an unknown user imported")
	}
	if _, e, err := frontierCmd(t, "import", feature("first"), "--as", "bek", "--message", "ministry statement", "--db", db); err != nil {
		t.Fatalf("import as bek: %v %s", err, e)
	}
	if _, e, err := frontierCmd(t, "import", feature("second"), "--as", "bek", "--db", db); err != nil {
		t.Fatalf("import: %v %s", err, e)
	}
	st := openStore(t, db)
	ctx := context.Background()
	hist, err := st.History(ctx, "clashes", "desk-1", false)
	if err != nil || len(hist) != 2 {
		t.Fatalf("history: %+v, %v", hist, err)
	}
	if hist[1].Author != "bek" || hist[1].Op != "create" || hist[1].Message != "ministry statement" || hist[1].Before != nil {
		t.Errorf("first import's revision: %+v", hist[1])
	}
	if hist[0].Author != "bek" || hist[0].Op != "change" || !strings.Contains(string(hist[0].Before), `"first"`) || !strings.Contains(string(hist[0].After), `"second"`) {
		t.Errorf("second import's revision: author %q op %s before %s after %s", hist[0].Author, hist[0].Op, hist[0].Before, hist[0].After)
	}
	if pubs, _ := st.Publications(ctx, 10); len(pubs) != 2 || pubs[0].Message != "import of second.geojson" {
		t.Errorf("publications: %+v", pubs)
	}
}
