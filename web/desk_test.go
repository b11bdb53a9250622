package web

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/frontier-map/frontier/data"
	"github.com/frontier-map/frontier/geo"
	"github.com/frontier-map/frontier/internal/teststore"
)

// deskFixture is a server over a real store seeded with the bundled data,
// with an editor and a publisher.
type deskFixture struct {
	h                        http.Handler
	store                    *data.Store
	editor, publisher, admin string
}

func newDesk(t *testing.T, opts ...func(*Config)) *deskFixture {
	t.Helper()
	ctx := context.Background()
	st, _ := teststore.Seeded(t)
	f := &deskFixture{store: st, h: newTestServer(t, st, opts...)}
	var err error
	if _, f.editor, err = st.AddUser(ctx, "aida", geo.RoleEditor); err != nil {
		t.Fatal(err)
	}
	if _, f.publisher, err = st.AddUser(ctx, "bek", geo.RolePublisher); err != nil {
		t.Fatal(err)
	}
	if _, f.admin, err = st.AddUser(ctx, "cholpon", geo.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	return f
}

// send makes one request with a body and headers ("Name: value").
func send(t *testing.T, h http.Handler, method, target, body string, headers ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req.RemoteAddr = "192.0.2.1:1234"
	return record(h, req, headers...)
}

func auth(token string) string { return "Authorization: Bearer " + token }

const newClash = `{"type":"Feature","id":"desk-1","geometry":{"type":"Point","coordinates":[70.58333,39.86667]},
"properties":{"title":"Exchange of fire near Vorukh","date_start":"2026-11-30","date_end":"2026-11-30","time_precision":1,
"geo_precision":2,"place":"Vorukh","location_basis":"the village of Vorukh, as the source names it","event_type":"Battles","sources":["S18"]}}`

func problemDetail(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	var p problem
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || rec.Header().Get("Content-Type") != "application/problem+json" {
		t.Fatalf("not a problem body (%v): %s", err, rec.Body)
	}
	return p.Detail
}

// TestDeskFlow is the first must-hold point, through the API.
func TestDeskFlow(t *testing.T) {
	d := newDesk(t)
	geoJSON := "Content-Type: application/geo+json"

	// An editor's POST is a 201 draft a reader does not see.
	rec := send(t, d.h, http.MethodPost, "/collections/clashes/items", newClash, auth(d.editor), geoJSON)
	wantStatus(t, rec, http.StatusCreated, typeGeoJSON)
	if loc := rec.Header().Get("Location"); loc != "http://example.com/collections/clashes/items/desk-1" {
		t.Errorf("Location %q", loc)
	}
	if !strings.Contains(rec.Body.String(), `"state":"draft"`) {
		t.Errorf("the answer does not say it is a draft: %s", rec.Body)
	}
	wantStatus(t, get(t, d.h, "/collections/clashes/items/desk-1"), http.StatusNotFound, "")
	if rec := get(t, d.h, "/collections/clashes/items?limit=10000"); strings.Contains(rec.Body.String(), "desk-1") {
		t.Error("a reader's items list shows the draft")
	}
	// The desk sees it, marked.
	rec = get(t, d.h, "/collections/clashes/items/desk-1?state=draft", auth(d.editor))
	wantStatus(t, rec, http.StatusOK, typeGeoJSON)
	wantStatus(t, get(t, d.h, "/collections/clashes/items/desk-1?state=draft"), http.StatusUnauthorized, "")
	// And in the collection's list of drafts, which readers cannot ask for.
	rec = get(t, d.h, "/collections/clashes/items?state=draft", auth(d.editor))
	wantStatus(t, rec, http.StatusOK, typeGeoJSON)
	var drafts struct {
		Features []struct {
			ID    string `json:"id"`
			State string `json:"state"`
		} `json:"features"`
		NumberMatched int `json:"numberMatched"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &drafts); err != nil || drafts.NumberMatched != 1 || len(drafts.Features) != 1 ||
		drafts.Features[0].ID != "desk-1" || drafts.Features[0].State != "draft" {
		t.Errorf("the desk's list of drafts (%v): %s", err, rec.Body)
	}
	if rec := get(t, d.h, "/collections/places/items?state=draft", auth(d.editor)); strings.Contains(rec.Body.String(), "desk-1") {
		t.Error("another collection's list of drafts shows the clash")
	}
	wantStatus(t, get(t, d.h, "/collections/clashes/items?state=draft"), http.StatusUnauthorized, "")
	wantStatus(t, get(t, d.h, "/collections/clashes/items?state=published", auth(d.editor)), http.StatusBadRequest, "")
	rec = get(t, d.h, "/publish", auth(d.editor))
	wantStatus(t, rec, http.StatusOK, typeJSON)
	pending := decodeBody[pendingBody](t, rec)
	if len(pending.Pending) != 1 || pending.Pending[0].Author != "aida" || pending.Pending[0].Op != geo.OpCreate || pending.Pending[0].Title != "Exchange of fire near Vorukh" {
		t.Errorf("pending: %+v", pending)
	}

	// An editor may not publish; a publisher may.
	publish := `{"message":"Clash reported this morning"}`
	rec = send(t, d.h, http.MethodPost, "/publish", publish, auth(d.editor), "Content-Type: application/json")
	wantStatus(t, rec, http.StatusForbidden, "application/problem+json")
	wantStatus(t, get(t, d.h, "/collections/clashes/items/desk-1"), http.StatusNotFound, "")
	v0, _ := d.store.Version(context.Background())
	rec = send(t, d.h, http.MethodPost, "/publish", publish, auth(d.publisher), "Content-Type: application/json")
	wantStatus(t, rec, http.StatusOK, typeJSON)
	if v1, _ := d.store.Version(context.Background()); v1 == v0 {
		t.Error("publishing left the dataset version as it was")
	}
	rec = get(t, d.h, "/collections/clashes/items/desk-1")
	wantStatus(t, rec, http.StatusOK, typeGeoJSON)
	tag := rec.Header().Get("ETag")
	if !strings.HasPrefix(tag, `"`) {
		t.Fatalf("no strong ETag on the published feature: %q", tag)
	}
	if rec := get(t, d.h, "/publish", auth(d.editor)); len(decodeBody[pendingBody](t, rec).Pending) != 0 {
		t.Error("drafts still pending after the publish")
	}

	// PATCH: 428 without If-Match, 412 with a stale one, 200 with the
	// current one.
	patch := `{"properties":{"title":"Exchange of fire at Vorukh","claims":[{"low":2,"what":"wounded","side":"Tajikistan","claimant":"Tajik border service","source":"S18"}]}}`
	mp := "Content-Type: application/merge-patch+json"
	wantStatus(t, send(t, d.h, http.MethodPatch, "/collections/clashes/items/desk-1", patch, auth(d.editor), mp), http.StatusPreconditionRequired, "")
	rec = send(t, d.h, http.MethodPatch, "/collections/clashes/items/desk-1", patch, auth(d.editor), mp, `If-Match: "0123"`)
	wantStatus(t, rec, http.StatusPreconditionFailed, "")
	rec = send(t, d.h, http.MethodPatch, "/collections/clashes/items/desk-1", patch, auth(d.editor), mp, "If-Match: "+tag, "X-Frontier-Message: title and wounded")
	wantStatus(t, rec, http.StatusOK, typeGeoJSON)
	draftTag := rec.Header().Get("ETag")
	if draftTag == tag || draftTag == "" {
		t.Errorf("the draft's ETag %q is the published one's", draftTag)
	}
	// A second editor holding the old ETag cannot overwrite it.
	rec = send(t, d.h, http.MethodPatch, "/collections/clashes/items/desk-1", `{"properties":{"title":"x"}}`, auth(d.publisher), mp, "If-Match: "+tag)
	wantStatus(t, rec, http.StatusPreconditionFailed, "")
	wantStatus(t, send(t, d.h, http.MethodPost, "/publish", `{"message":"Tajik border service: two wounded"}`, auth(d.publisher), "Content-Type: application/json"), http.StatusOK, typeJSON)
	rec = get(t, d.h, "/collections/clashes/items/desk-1")
	if !strings.Contains(rec.Body.String(), "Exchange of fire at Vorukh") || rec.Header().Get("ETag") != draftTag {
		t.Errorf("after the second publish: ETag %q (want the draft's %q); %.200s", rec.Header().Get("ETag"), draftTag, rec.Body)
	}

	// The history names both users, newest first.
	rec = get(t, d.h, "/collections/clashes/items/desk-1/history")
	wantStatus(t, rec, http.StatusOK, typeJSON)
	hist := decodeBody[historyBody](t, rec)
	if len(hist.Revisions) != 2 || hist.Revisions[0].Op != geo.OpChange || hist.Revisions[1].Op != geo.OpCreate ||
		hist.Revisions[0].Author != "bek" || strings.Join(hist.Revisions[0].Editors, ",") != "aida" {
		t.Errorf("history: %+v", hist.Revisions)
	}
	if rec := get(t, d.h, "/collections/clashes/items/desk-1/history", auth(d.editor)); len(decodeBody[historyBody](t, rec).Revisions) != 4 {
		t.Errorf("a desk user's history: want the two drafts too: %s", rec.Body)
	}

	// The feed parses as Atom and has both publications, newest first.
	rec = get(t, d.h, "/changes.atom")
	wantStatus(t, rec, http.StatusOK, "application/atom+xml; charset=utf-8")
	var feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		ID      string   `xml:"id"`
		Entries []struct {
			ID      string `xml:"id"`
			Title   string `xml:"title"`
			Updated string `xml:"updated"`
			Author  string `xml:"author>name"`
			Content string `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(rec.Body.Bytes(), &feed); err != nil {
		t.Fatalf("not Atom: %v\n%s", err, rec.Body)
	}
	if len(feed.Entries) != 2 || !strings.HasPrefix(feed.Entries[0].Title, "Tajik border service") || feed.Entries[0].Author != "bek" ||
		!strings.Contains(feed.Entries[1].Content, "added in clashes") || !strings.Contains(feed.Entries[1].Content, "/collections/clashes/items/desk-1") {
		t.Errorf("feed entries: %+v", feed.Entries)
	}

	// DELETE, then publish: the reader's GET is a 404.
	tag = get(t, d.h, "/collections/clashes/items/desk-1").Header().Get("ETag")
	wantStatus(t, send(t, d.h, http.MethodDelete, "/collections/clashes/items/desk-1", "", auth(d.editor), "If-Match: "+tag), http.StatusNoContent, "")
	wantStatus(t, get(t, d.h, "/collections/clashes/items/desk-1"), http.StatusOK, typeGeoJSON)
	wantStatus(t, send(t, d.h, http.MethodPost, "/publish", `{"message":"withdrawn: a duplicate"}`, auth(d.publisher), "Content-Type: application/json"), http.StatusOK, typeJSON)
	wantStatus(t, get(t, d.h, "/collections/clashes/items/desk-1"), http.StatusNotFound, "")
}

// TestDeskAuth is the second must-hold point: no token or a bad one is a
// 401 that asks for a bearer token; many bad ones are a 429.
func TestDeskAuth(t *testing.T) {
	d := newDesk(t)
	geoJSON := "Content-Type: application/geo+json"
	rec := send(t, d.h, http.MethodPost, "/collections/clashes/items", newClash, geoJSON)
	wantStatus(t, rec, http.StatusUnauthorized, "application/problem+json")
	if got := rec.Header().Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer") {
		t.Errorf("WWW-Authenticate %q", got)
	}
	bad := auth("frt_" + strings.Repeat("A", 43))
	var last *httptest.ResponseRecorder
	for i := 0; i < failureBurst; i++ {
		last = send(t, d.h, http.MethodPost, "/collections/clashes/items", newClash, bad, geoJSON)
		if last.Code != http.StatusUnauthorized || !strings.HasPrefix(last.Header().Get("WWW-Authenticate"), "Bearer") {
			t.Fatalf("bad token %d: %d %s", i+1, last.Code, last.Body)
		}
	}
	// A revoked user's token reads exactly like an unknown one.
	if err := d.store.RevokeUser(context.Background(), "aida"); err != nil {
		t.Fatal(err)
	}
	rec = send(t, d.h, http.MethodPost, "/collections/clashes/items", newClash, auth(d.editor), geoJSON)
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" {
		t.Fatalf("after %d bad tokens: %d, Retry-After %q", failureBurst, rec.Code, rec.Header().Get("Retry-After"))
	}
	// The limit is the client's: another address is not slowed down, and
	// learns nothing more from a revoked token than from a made-up one.
	req := httptest.NewRequest(http.MethodGet, "/users/me", nil)
	req.RemoteAddr = "198.51.100.7:999"
	req.Header.Set("Authorization", "Bearer "+d.editor)
	other := httptest.NewRecorder()
	d.h.ServeHTTP(other, req)
	if other.Code != http.StatusUnauthorized || problemDetail(t, other) != problemDetail(t, last) {
		t.Errorf("revoked token from another client: %d %s (a made-up one: %s)", other.Code, other.Body, last.Body)
	}
	// Reads stay public.
	wantStatus(t, get(t, d.h, "/collections/clashes/items?limit=1"), http.StatusOK, typeGeoJSON)
	// The publisher, on its own address, still works; the GeoPackage holds
	// no token.
	req = httptest.NewRequest(http.MethodGet, "/users/me", nil)
	req.RemoteAddr = "203.0.113.5:4321"
	req.Header.Set("Authorization", "Bearer "+d.publisher)
	me := httptest.NewRecorder()
	d.h.ServeHTTP(me, req)
	if me.Code != http.StatusOK || !strings.Contains(me.Body.String(), `"role":"publisher"`) {
		t.Errorf("/users/me: %d %s", me.Code, me.Body)
	}
}

// TestDeskBadBodies is the third must-hold point: a bad body is a 400
// naming the field, and changes nothing.
func TestDeskBadBodies(t *testing.T) {
	d := newDesk(t)
	geoJSON := "Content-Type: application/geo+json"
	for _, tc := range []struct {
		name, body, field string
	}{
		{"latitude 95.2", strings.Replace(newClash, "39.86667", "95.2", 1), "geometry: "},
		{"unknown field", strings.Replace(newClash, `"place":"Vorukh"`, `"place":"Vorukh","casualties":3`, 1), `unknown field "casualties"`},
		{"date that does not parse", strings.Replace(newClash, `"date_start":"2026-11-30"`, `"date_start":"30/11/2026"`, 1), "properties.date_start"},
		{"unknown source", strings.Replace(newClash, `["S18"]`, `["S999"]`, 1), `properties.sources: cites a source the dataset does not list: "S999"`},
		{"missing title", strings.Replace(newClash, `"title":"Exchange of fire near Vorukh",`, "", 1), "properties.title: missing"},
		{"a line", strings.Replace(newClash, `{"type":"Point","coordinates":[70.58333,39.86667]}`, `{"type":"LineString","coordinates":[[70,40],[71,40]]}`, 1), "geometry: "},
		{"not JSON", `{"type":"Feature",`, "properties: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := send(t, d.h, http.MethodPost, "/collections/clashes/items", tc.body, auth(d.editor), geoJSON)
			wantStatus(t, rec, http.StatusBadRequest, "application/problem+json")
			if detail := problemDetail(t, rec); !strings.Contains(detail, tc.field) {
				t.Errorf("detail %q does not name %q", detail, tc.field)
			}
		})
	}
	if drafts, _ := d.store.Drafts(context.Background()); len(drafts) != 0 {
		t.Errorf("bad bodies left %d drafts", len(drafts))
	}
	// A new source and an event citing it, in one sitting.
	src := `{"type":"Feature","id":"S900","geometry":null,"properties":{"publisher":"Asia-Plus","title":"Shooting on the border","url":"https://example.org/s900"}}`
	wantStatus(t, send(t, d.h, http.MethodPost, "/collections/sources/items", src, auth(d.editor), geoJSON), http.StatusCreated, typeGeoJSON)
	wantStatus(t, send(t, d.h, http.MethodPost, "/collections/clashes/items", strings.Replace(newClash, `["S18"]`, `["S900"]`, 1), auth(d.editor), geoJSON), http.StatusCreated, typeGeoJSON)
	// The same id again is a conflict; countries take no writes.
	wantStatus(t, send(t, d.h, http.MethodPost, "/collections/clashes/items", newClash, auth(d.editor), geoJSON), http.StatusConflict, "")
	wantStatus(t, send(t, d.h, http.MethodPost, "/collections/countries/items", newClash, auth(d.editor), geoJSON), http.StatusMethodNotAllowed, "")
	wantStatus(t, send(t, d.h, http.MethodPost, "/collections/clashes/items", newClash, auth(d.editor), "Content-Type: text/plain"), http.StatusUnsupportedMediaType, "")
}

// TestDeskFrontierStatus: a segment's status history changes by PATCH, and
// nothing else of it does.
func TestDeskFrontierStatus(t *testing.T) {
	d := newDesk(t)
	rec := get(t, d.h, "/collections/frontier/items/vorukh-enclave")
	wantStatus(t, rec, http.StatusOK, typeGeoJSON)
	tag := rec.Header().Get("ETag")
	mp := "Content-Type: application/merge-patch+json"
	wantStatus(t, send(t, d.h, http.MethodPatch, "/collections/frontier/items/vorukh-enclave", `{"properties":{"sector":"elsewhere"}}`, auth(d.editor), mp, "If-Match: "+tag), http.StatusBadRequest, "")
	wantStatus(t, send(t, d.h, http.MethodDelete, "/collections/frontier/items/vorukh-enclave", "", auth(d.editor), "If-Match: "+tag), http.StatusMethodNotAllowed, "")
	var seg struct {
		Properties struct {
			History []map[string]any `json:"status_history"`
		} `json:"properties"`
	}
	json.Unmarshal(get(t, d.h, "/collections/frontier/items/vorukh-enclave?state=draft", auth(d.editor)).Body.Bytes(), &seg)
	if len(seg.Properties.History) == 0 {
		t.Fatal("no status history in the record")
	}
	seg.Properties.History[len(seg.Properties.History)-1]["basis"] = "2025 treaty, ratified"
	patch, _ := json.Marshal(map[string]any{"properties": map[string]any{"status_history": seg.Properties.History}})
	rec = send(t, d.h, http.MethodPatch, "/collections/frontier/items/vorukh-enclave", string(patch), auth(d.editor), mp, "If-Match: "+tag)
	wantStatus(t, rec, http.StatusOK, typeGeoJSON)
	if !strings.Contains(rec.Body.String(), "2025 treaty, ratified") {
		t.Errorf("patched segment: %.300s", rec.Body)
	}
}

// TestDeskReadOnly: --read-only answers writes 405 and says so on /healthz.
func TestDeskReadOnly(t *testing.T) {
	d := newDesk(t, func(c *Config) { c.ReadOnly = true })
	rec := send(t, d.h, http.MethodPost, "/collections/clashes/items", newClash, auth(d.editor), "Content-Type: application/geo+json")
	wantStatus(t, rec, http.StatusMethodNotAllowed, "application/problem+json")
	if !strings.Contains(problemDetail(t, rec), "read-only") {
		t.Errorf("detail %q", problemDetail(t, rec))
	}
	if body := get(t, d.h, "/healthz").Body.String(); !strings.Contains(body, `"read_only":true`) {
		t.Errorf("healthz %s", body)
	}
}

// TestDeskUsers: an admin manages users over the API as the CLI does; the
// token of a new user is in the answer once, and a revoked one is refused
// at the next request.
func TestDeskUsers(t *testing.T) {
	d := newDesk(t)
	admin := d.admin
	js := "Content-Type: application/json"
	wantStatus(t, get(t, d.h, "/users", auth(d.publisher)), http.StatusForbidden, "")
	wantStatus(t, send(t, d.h, http.MethodPost, "/users", `{"name":"dilnoza","role":"editor"}`, auth(d.publisher), js), http.StatusForbidden, "")
	rec := send(t, d.h, http.MethodPost, "/users", `{"name":"dilnoza","role":"editor"}`, auth(admin), js)
	wantStatus(t, rec, http.StatusCreated, typeJSON)
	created := decodeBody[struct {
		Name, Role, Token string
	}](t, rec)
	if created.Name != "dilnoza" || created.Role != "editor" || !strings.HasPrefix(created.Token, "frt_") {
		t.Fatalf("created %+v", created)
	}
	wantStatus(t, get(t, d.h, "/users/me", auth(created.Token)), http.StatusOK, typeJSON)
	wantStatus(t, send(t, d.h, http.MethodPost, "/users", `{"name":"dilnoza","role":"editor"}`, auth(admin), js), http.StatusConflict, "")
	wantStatus(t, send(t, d.h, http.MethodPost, "/users", `{"name":"x y","role":"owner"}`, auth(admin), js), http.StatusBadRequest, "")
	rec = get(t, d.h, "/users", auth(admin))
	wantStatus(t, rec, http.StatusOK, typeJSON)
	if body := rec.Body.String(); strings.Contains(body, "frt_") || !strings.Contains(body, `"dilnoza"`) {
		t.Errorf("users list %s", body)
	}
	wantStatus(t, send(t, d.h, http.MethodDelete, "/users/dilnoza", "", auth(admin)), http.StatusNoContent, "")
	wantStatus(t, get(t, d.h, "/users/me", auth(created.Token)), http.StatusUnauthorized, "")
	wantStatus(t, send(t, d.h, http.MethodDelete, "/users/dilnoza", "", auth(admin)), http.StatusNotFound, "")
}

// TestDeskWritesARealFeature: an editor corrects the largest feature of
// the bundled record (the September 2022 clashes, whose record in seeds/
// is over 7 KB with its claims and figures) by sending its record form
// back; a body over the limit is a 413 that says the limit, whether the
// request declares its length or is chunked; and a read with a body stays
// refused.
func TestDeskWritesARealFeature(t *testing.T) {
	d := newDesk(t)
	const id = "2022-09-kyrgyzstan-tajikistan-clashes"
	seed, err := os.ReadFile("../seeds/clashes.geojson")
	if err != nil {
		t.Fatal(err)
	}
	var fc struct{ Features []json.RawMessage }
	if err := json.Unmarshal(seed, &fc); err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(fc.Features, func(f json.RawMessage) bool {
		var head struct{ ID string }
		return json.Unmarshal(f, &head) == nil && head.ID == id
	})
	if i < 0 || len(fc.Features[i]) < 6<<10 {
		t.Fatalf("seeds/clashes.geojson: no %s of over 6 KB", id)
	}
	body := strings.Replace(string(fc.Features[i]), `"notes": "`, `"notes": "Corrected. `, 1)
	tag := get(t, d.h, "/collections/clashes/items/"+id).Header().Get("ETag")
	put := send(t, d.h, http.MethodPut, "/collections/clashes/items/"+id, body, auth(d.editor), "Content-Type: application/geo+json", "If-Match: "+tag)
	wantStatus(t, put, http.StatusOK, typeGeoJSON)
	if !strings.Contains(put.Body.String(), `"state":"draft"`) || !strings.Contains(put.Body.String(), "Corrected. ") {
		t.Errorf("the correction is not a draft with the new note: %.300s", put.Body)
	}

	huge := `{"type":"Feature","properties":{"title":"` + strings.Repeat("x", maxWriteBytes) + `"}}`
	rec := send(t, d.h, http.MethodPost, "/collections/clashes/items", huge, auth(d.editor), "Content-Type: application/geo+json")
	wantStatus(t, rec, http.StatusRequestEntityTooLarge, "application/problem+json")
	if detail := problemDetail(t, rec); !strings.Contains(detail, strconv.Itoa(maxWriteBytes)) {
		t.Errorf("413 detail %q does not say the limit", detail)
	}
	req := httptest.NewRequest(http.MethodPost, "/collections/clashes/items", io.MultiReader(strings.NewReader(huge)))
	req.ContentLength = -1 // chunked: the length is found on reading
	rec = record(d.h, req, auth(d.editor), "Content-Type: application/geo+json")
	wantStatus(t, rec, http.StatusRequestEntityTooLarge, "application/problem+json")
	if detail := problemDetail(t, rec); !strings.Contains(detail, strconv.Itoa(maxWriteBytes)) {
		t.Errorf("chunked: 413 detail %q does not say the limit", detail)
	}
	if drafts, _ := d.store.Drafts(context.Background()); len(drafts) != 1 {
		t.Errorf("%d drafts, want the one correction", len(drafts))
	}
	rec = send(t, d.h, http.MethodGet, "/collections/clashes/items", strings.Repeat("x", 2<<10))
	wantStatus(t, rec, http.StatusRequestEntityTooLarge, "application/problem+json")
}
