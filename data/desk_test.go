package data

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/frontier-map/frontier/geo"
)

func TestUsers(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	u, token, err := s.AddUser(ctx, "aida", geo.RoleEditor)
	if err != nil {
		t.Fatal(err)
	}
	if u.Name != "aida" || u.Role != geo.RoleEditor || u.Revoked != nil {
		t.Errorf("added %+v", u)
	}
	// 256 random bits, base64url: 43 characters after the prefix.
	if !strings.HasPrefix(token, tokenPrefix) || len(token) != len(tokenPrefix)+43 {
		t.Errorf("token %q: want %s and 43 base64url characters", token, tokenPrefix)
	}
	if _, token2, err := s.AddUser(ctx, "bek", geo.RolePublisher); err != nil || token2 == token {
		t.Fatalf("second user: %v (same token: %v)", err, token2 == token)
	}
	if _, _, err := s.AddUser(ctx, "aida", geo.RoleAdmin); !errors.Is(err, ErrUserExists) {
		t.Errorf("same name again: %v, want ErrUserExists", err)
	}
	for _, bad := range []struct{ name, role string }{{"", "editor"}, {"a b", "editor"}, {"x", "owner"}, {strings.Repeat("n", 65), "editor"}} {
		if _, _, err := s.AddUser(ctx, bad.name, geo.Role(bad.role)); !errors.Is(err, ErrBadUser) {
			t.Errorf("AddUser(%q, %q): %v, want ErrBadUser", bad.name, bad.role, err)
		}
	}
	got, err := s.UserByToken(ctx, token)
	if err != nil || got.Name != "aida" {
		t.Fatalf("UserByToken: %+v, %v", got, err)
	}
	for _, wrong := range []string{"", "frt_", token[:len(token)-1], token + "x", "Bearer " + token} {
		if _, err := s.UserByToken(ctx, wrong); !errors.Is(err, ErrNoUser) {
			t.Errorf("UserByToken(%q): %v, want ErrNoUser", wrong, err)
		}
	}
	if err := s.RevokeUser(ctx, "aida"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UserByToken(ctx, token); !errors.Is(err, ErrNoUser) {
		t.Errorf("revoked token still accepted: %v", err)
	}
	if err := s.RevokeUser(ctx, "aida"); !errors.Is(err, ErrNoUser) {
		t.Errorf("revoke twice: %v, want ErrNoUser", err)
	}
	users, err := s.Users(ctx)
	if err != nil || len(users) != 2 || users[0].Revoked == nil || users[1].Revoked != nil {
		t.Errorf("Users: %+v, %v", users, err)
	}
}

// TestTokenNotInFile: what reaches the disk (the GeoPackage and its WAL)
// holds the token's hash, never the token.
func TestTokenNotInFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "t.gpkg")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	_, token, err := s.AddUser(ctx, "aida", geo.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		for _, f := range []string{path, path + "-wal"} {
			b, err := os.ReadFile(f)
			if errors.Is(err, os.ErrNotExist) {
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(b, []byte(token)) || bytes.Contains(b, []byte(token[len(tokenPrefix):])) {
				t.Errorf("%s: %s holds the token", when, filepath.Base(f))
			}
			if f == path+"-wal" || when == "closed" {
				if !bytes.Contains(b, hashToken(token)) && when == "closed" {
					t.Errorf("%s: %s does not hold the token's hash: is the user stored at all?", when, filepath.Base(f))
				}
			}
		}
	}
	check("open")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	check("closed")
}

// TestRevisionsAppendOnly: SQLite itself refuses to change or remove a
// revision or a publication, whoever asks.
func TestRevisionsAppendOnly(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	if err := s.Replace(ctx, testDataset(t)); err != nil {
		t.Fatal(err)
	}
	rec := []byte(`{"type":"Feature","id":"S9","geometry":null,"properties":{"id":"S9","publisher":"P","title":"T","url":"https://example.org/9"}}`)
	if _, err := s.SaveDraft(ctx, "aida", geo.DraftChange{Collection: "sources", FeatureID: "S9", Record: rec}, func(json.RawMessage) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Publish(ctx, "bek", "new source", decodeSource); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`UPDATE frontier_revisions SET author = 'mallory'`,
		`UPDATE frontier_revisions SET after = NULL WHERE publication IS NOT NULL`,
		`DELETE FROM frontier_revisions`,
		`UPDATE frontier_publications SET message = 'nothing to see'`,
		`DELETE FROM frontier_publications`,
		`INSERT OR REPLACE INTO frontier_publications (id, author, message) VALUES (1, 'mallory', 'x')`,
		`INSERT OR REPLACE INTO frontier_revisions (id, author, collection, feature_id, op) VALUES (1, 'mallory', 'sources', 'S9', 'create')`,
	} {
		_, err := s.db.ExecContext(ctx, q)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v, want the append-only refusal", q, err)
		}
	}
	hist, err := s.History(ctx, "sources", "S9", true)
	if err != nil || len(hist) != 2 || hist[0].Author != "bek" || hist[1].Author != "aida" {
		t.Errorf("history after the attempts: %+v, %v", hist, err)
	}
}

// decodeSource stands in for the registry in these tests of the store.
func decodeSource(b geo.Writer, d geo.Draft) error {
	var f struct {
		ID         string     `json:"id"`
		Properties geo.Source `json:"properties"`
	}
	if err := json.Unmarshal(d.Record, &f); err != nil {
		return err
	}
	f.Properties.ID = f.ID
	return b.PutSource(f.Properties)
}

func TestDraftAndPublish(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	if err := s.Replace(ctx, testDataset(t)); err != nil {
		t.Fatal(err)
	}
	v0, _ := s.Version(ctx)
	ok := func(json.RawMessage) error { return nil }
	rec := func(title string) json.RawMessage {
		return json.RawMessage(`{"type":"Feature","id":"S9","geometry":null,"properties":{"id":"S9","publisher":"P","title":"` + title + `","url":"https://example.org/9"}}`)
	}
	if _, err := s.SaveDraft(ctx, "aida", geo.DraftChange{Collection: "sources", FeatureID: "S9", Record: rec("first"), Message: "add"}, ok); err != nil {
		t.Fatal(err)
	}
	// A second edit sees the first as current and replaces it.
	var seen json.RawMessage
	d, err := s.SaveDraft(ctx, "cholpon", geo.DraftChange{Collection: "sources", FeatureID: "S9", Record: rec("second")},
		func(cur json.RawMessage) error { seen = cur; return nil })
	if err != nil {
		t.Fatal(err)
	}
	if string(seen) != string(rec("first")) || d.Op != geo.OpCreate || strings.Join(d.Editors, ",") != "aida,cholpon" {
		t.Errorf("second draft saw %s; draft %+v", seen, d)
	}
	refused := errors.New("stale")
	if _, err := s.SaveDraft(ctx, "aida", geo.DraftChange{Collection: "sources", FeatureID: "S9", Record: rec("third")},
		func(json.RawMessage) error { return refused }); !errors.Is(err, refused) {
		t.Errorf("refused check: %v", err)
	}
	if srcs, _ := s.Sources(ctx); len(srcs) != 2 {
		t.Errorf("a draft reached the published sources: %d", len(srcs))
	}
	if v, _ := s.Version(ctx); v != v0 {
		t.Errorf("a draft changed the dataset version: %s -> %s", v0, v)
	}
	pending, err := s.Drafts(ctx)
	if err != nil || len(pending) != 1 || string(pending[0].Record) != string(rec("second")) {
		t.Fatalf("pending: %+v, %v", pending, err)
	}
	pub, err := s.Publish(ctx, "bek", "checked", decodeSource)
	if err != nil {
		t.Fatal(err)
	}
	if len(pub.Changes) != 1 || pub.Changes[0].Op != geo.OpCreate {
		t.Errorf("publication %+v", pub)
	}
	srcs, _ := s.Sources(ctx)
	if len(srcs) != 3 || srcs[2].Title != "second" {
		t.Errorf("published sources: %+v", srcs)
	}
	if v, _ := s.Version(ctx); v == v0 {
		t.Error("publishing left the dataset version as it was")
	}
	if _, err := s.Publish(ctx, "bek", "again", decodeSource); !errors.Is(err, ErrNothingPending) {
		t.Errorf("publish with nothing pending: %v", err)
	}
	pubHist, _ := s.History(ctx, "sources", "S9", false)
	all, _ := s.History(ctx, "sources", "S9", true)
	if len(pubHist) != 1 || len(all) != 3 || pubHist[0].Author != "bek" || strings.Join(pubHist[0].Editors, ",") != "aida,cholpon" {
		t.Errorf("history: published %+v; all %d", pubHist, len(all))
	}
	// Deleting a published feature is a draft too, until published.
	if _, err := s.SaveDraft(ctx, "aida", geo.DraftChange{Collection: "sources", FeatureID: "S9", Published: rec("second")}, ok); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Publish(ctx, "bek", "withdrawn", decodeSource); err != nil {
		t.Fatal(err)
	}
	if srcs, _ := s.Sources(ctx); len(srcs) != 2 {
		t.Errorf("after the deletion: %d sources", len(srcs))
	}
	pubs, err := s.Publications(ctx, 10)
	if err != nil || len(pubs) != 2 || pubs[0].Message != "withdrawn" || pubs[0].Changes[0].Op != geo.OpDelete || pubs[1].Changes[0].FeatureID != "S9" {
		t.Errorf("publications: %+v, %v", pubs, err)
	}
}

// TestPublishAllOrNothing: a draft that fails to apply leaves every
// feature, the drafts and the record as they were.
func TestPublishAllOrNothing(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	if err := s.Replace(ctx, testDataset(t)); err != nil {
		t.Fatal(err)
	}
	ok := func(json.RawMessage) error { return nil }
	for _, id := range []string{"S8", "S9"} {
		r := json.RawMessage(`{"type":"Feature","id":"` + id + `","geometry":null,"properties":{"id":"` + id + `","publisher":"P","title":"T","url":"u"}}`)
		if _, err := s.SaveDraft(ctx, "aida", geo.DraftChange{Collection: "sources", FeatureID: id, Record: r}, ok); err != nil {
			t.Fatal(err)
		}
	}
	failing := func(b geo.Writer, d geo.Draft) error {
		if d.FeatureID == "S9" {
			return errors.New("broken")
		}
		return decodeSource(b, d)
	}
	if _, err := s.Publish(ctx, "bek", "half", failing); err == nil {
		t.Fatal("publish succeeded with a broken draft")
	}
	srcs, _ := s.Sources(ctx)
	pending, _ := s.Drafts(ctx)
	pubs, _ := s.Publications(ctx, 10)
	if len(srcs) != 2 || len(pending) != 2 || len(pubs) != 0 {
		t.Errorf("after a failed publish: %d sources, %d drafts, %d publications; want 2, 2, 0", len(srcs), len(pending), len(pubs))
	}
}
