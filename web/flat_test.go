package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/frontier-map/frontier/internal/testtool"
)

// rawItems is an items answer with its properties as JSON gives them.
type rawItems struct {
	Features []struct {
		ID         string         `json:"id"`
		Properties map[string]any `json:"properties"`
	} `json:"features"`
	Links []link `json:"links"`
}

// TestFlat: flat=true gives every property of every collection as a
// scalar, the lists written out as text a reader can use (sources with
// their publishers, claims with their claimants, status periods with their
// basis); scalars and ids are what the default gives, and the default keeps
// its lists.
func TestFlat(t *testing.T) {
	st := newTestStore(t)
	h := newTestServer(t, st)
	for _, id := range collectionIDs {
		t.Run(id, func(t *testing.T) {
			nested := decodeBody[rawItems](t, get(t, h, "/collections/"+id+"/items?limit=10000"))
			flat := decodeBody[rawItems](t, get(t, h, "/collections/"+id+"/items?limit=10000&flat=true"))
			if len(flat.Features) != len(nested.Features) || len(flat.Features) == 0 {
				t.Fatalf("%d flat features, %d nested", len(flat.Features), len(nested.Features))
			}
			lists := 0
			for i, f := range flat.Features {
				n := nested.Features[i]
				if f.ID != n.ID {
					t.Fatalf("feature %d: flat %s, nested %s", i, f.ID, n.ID)
				}
				for k, v := range n.Properties {
					switch nv := v.(type) {
					case []any:
						lists++
						if len(nv) == 0 && f.Properties[k] != nil {
							t.Errorf("%s %s: an empty list is %v, want null", f.ID, k, f.Properties[k])
						}
						if s, ok := f.Properties[k].(string); len(nv) > 0 && (!ok || s == "") {
							t.Errorf("%s %s: %v, want the list as text", f.ID, k, f.Properties[k])
						}
					case map[string]any:
						if _, ok := f.Properties[k].(string); !ok {
							t.Errorf("%s %s: %v, want the object as text", f.ID, k, f.Properties[k])
						}
					default:
						if f.Properties[k] != v {
							t.Errorf("%s %s: flat %v, nested %v", f.ID, k, f.Properties[k], v)
						}
					}
				}
			}
			if lists == 0 {
				t.Errorf("the default gives %s no list: nothing was flattened", id)
			}
		})
	}

	// What the text says: sources name publisher and title, claims the
	// claimant, status periods their basis, status claims their source.
	for _, tc := range []struct{ coll, prop string }{
		{"clashes", "sources"}, {"clashes", "claims"}, {"frontier", "status_history"}, {"deployments", "status_claims"},
	} {
		flat := decodeBody[rawItems](t, get(t, h, "/collections/"+tc.coll+"/items?limit=10000&flat=true"))
		nested := decodeBody[rawItems](t, get(t, h, "/collections/"+tc.coll+"/items?limit=10000"))
		found := false
		for i, f := range flat.Features {
			list, _ := nested.Features[i].Properties[tc.prop].([]any)
			if len(list) == 0 {
				continue
			}
			found = true
			first, _ := list[0].(map[string]any)
			text, _ := f.Properties[tc.prop].(string)
			var want []string
			switch tc.prop {
			case "sources":
				want = []string{first["publisher"].(string) + ": " + first["title"].(string)}
			case "claims":
				want = []string{first["claimant"].(string), "[" + first["source"].(string) + "]"}
			case "status_history":
				want = []string{first["basis"].(string)}
			case "status_claims":
				want = []string{first["status"].(string) + ": ", "[" + first["source"].(string) + "]"}
			}
			for _, w := range want {
				if !strings.Contains(text, w) {
					t.Errorf("%s %s %s: %q lacks %q", tc.coll, f.ID, tc.prop, text, w)
				}
			}
			if n := strings.Count(text, " | ") + 1; n < len(list) {
				t.Errorf("%s %s %s: %d entries in %q, want %d", tc.coll, f.ID, tc.prop, n, text, len(list))
			}
			break
		}
		if !found {
			t.Errorf("no %s feature has %s", tc.coll, tc.prop)
		}
	}

	t.Run("item", func(t *testing.T) {
		first := decodeBody[rawItems](t, get(t, h, "/collections/clashes/items?limit=1&flat=true")).Features[0]
		rec := get(t, h, "/collections/clashes/items/"+first.ID+"?flat=true")
		wantStatus(t, rec, http.StatusOK, "application/geo+json")
		var one struct {
			Properties map[string]any `json:"properties"`
			Links      []link         `json:"links"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &one); err != nil {
			t.Fatal(err)
		}
		if _, ok := one.Properties["sources"].(string); !ok {
			t.Errorf("sources %v, want text", one.Properties["sources"])
		}
		checkFlatLinks(t, one.Links)
		plain := decodeBody[rawItems](t, get(t, h, "/collections/clashes/items?limit=1")).Features[0]
		if _, ok := plain.Properties["sources"].([]any); !ok {
			t.Errorf("without flat, sources %v, want the list (the cache must tell the two apart)", plain.Properties["sources"])
		}
	})

	t.Run("paging keeps flat", func(t *testing.T) {
		page := decodeBody[rawItems](t, get(t, h, "/collections/clashes/items?limit=2&flat=true"))
		next, ok := linkRel(page.Links, "next", typeGeoJSON)
		if !ok || !strings.Contains(next.Href, "flat=true") || !strings.Contains(next.Href, "after=") {
			t.Fatalf("next link %+v, want it to page by key and keep flat=true", next)
		}
		checkFlatLinks(t, page.Links)
		second := decodeBody[rawItems](t, get(t, h, strings.TrimPrefix(next.Href, "http://example.com")))
		if _, ok := second.Features[0].Properties["sources"].(string); !ok {
			t.Errorf("the next page's sources %v, want text", second.Features[0].Properties["sources"])
		}
	})

	t.Run("refused", func(t *testing.T) {
		for _, u := range []string{
			"/collections/clashes/items?flat=true&f=csv",
			"/collections/clashes/items?flat=true&f=html",
			"/collections/clashes/items?flat=yes",
			"/collections/clashes/items/x?flat=true&f=csv",
		} {
			rec := get(t, h, u, "Accept: application/json")
			if rec.Code != http.StatusBadRequest {
				t.Errorf("%s: %d, want 400", u, rec.Code)
				continue
			}
			if d := problemDetail(t, rec); !strings.HasPrefix(d, "flat: ") {
				t.Errorf("%s: %q, want the detail to name flat", u, d)
			}
		}
	})
}

// checkFlatLinks: the GeoJSON links keep flat=true, the HTML and CSV
// alternates (which refuse it) drop it.
func checkFlatLinks(t *testing.T, links []link) {
	t.Helper()
	for _, l := range links {
		if l.Rel == "collection" {
			continue
		}
		if has := strings.Contains(l.Href, "flat=true"); has != (l.Type == typeGeoJSON) {
			t.Errorf("%s link %s (%s): flat=true there is %v", l.Rel, l.Href, l.Type, has)
		}
	}
}

// TestGDALFlat reads flat=true as QGIS's "add vector layer from a URL"
// does, with GDAL's GeoJSON driver over a real socket: the lists come out
// as plain text columns holding their values, where the default gives
// JSON columns.
func TestGDALFlat(t *testing.T) {
	ogrinfo := testtool.GDAL(t, "ogrinfo")
	srv := httptest.NewServer(newTestServer(t, newTestStore(t)))
	t.Cleanup(srv.Close)
	read := func(t *testing.T, u string) string {
		t.Helper()
		out, err := exec.CommandContext(t.Context(), ogrinfo, "-ro", "-al", "GeoJSON:"+srv.URL+u).CombinedOutput()
		if err != nil {
			t.Fatalf("ogrinfo %s: %v\n%s", u, err, out)
		}
		return string(out)
	}
	for coll, props := range map[string][]string{
		"clashes":     {"sources", "claims", "place_spellings"},
		"frontier":    {"status_history", "sources"},
		"deployments": {"status_claims", "sources"},
	} {
		t.Run(coll, func(t *testing.T) {
			base := "/collections/" + coll + "/items?f=json&limit=10000"
			nested, flat := read(t, base), read(t, base+"&flat=true")
			for _, p := range props {
				if !strings.Contains(nested, "\n"+p+": String(JSON)") {
					t.Errorf("the default %s.%s is not a JSON column: the test reads the wrong thing", coll, p)
				}
				if !strings.Contains(flat, "\n"+p+": String (") {
					t.Errorf("flat %s.%s is not a plain text column", coll, p)
				}
				// At least one feature holds a value that is text, not
				// JSON and not null.
				value := regexp.MustCompile(`(?m)^  ` + p + ` \(String\) = ([^(\[{].*)$`)
				if !value.MatchString(flat) {
					t.Errorf("flat %s.%s: no feature has a text value", coll, p)
				}
			}
		})
	}
}
