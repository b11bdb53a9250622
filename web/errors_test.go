package web

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestProblemsInUserTerms: a 400 or 404 says what was wrong and what is
// accepted in the client's terms: no Go package prefix ("geo:", "tiles:"),
// no Go parser's wording ("parsing time", "cannot parse"), and input in
// another script printed as text, not as byte escapes.
func TestProblemsInUserTerms(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	internals := regexp.MustCompile(`\b(geo|tiles|web|data|strconv|json):|parsing time|cannot parse|\\x[0-9a-f]{2}|\\u[0-9a-f]{4}`)
	for _, tc := range []struct{ target, says string }{
		{"/collections/clashes/items?datetime=test", `"test"`},
		{"/collections/clashes/items?datetime=%D0%B2%D1%87%D0%B5%D1%80%D0%B0", `"вчера"`},
		{"/collections/clashes/items?datetime=2023-01-01/2022-01-01", "datetime"},
		{"/stats?datetime=2022-13-01", "2022-13-01"},
		{"/tiles/border/3/0/0.mvt?datetime=x", "RFC 3339"},
		{"/tiles/border/99/0/0.mvt", "zoom"},
		{"/tiles/border/3/x/0.mvt", "tile"},
		{"/static.png?date=%D0%B2%D1%87%D0%B5%D1%80%D0%B0", `"вчера"`},
		{"/collections/clashes/items?geo_precision=%D0%B4%D0%B2%D0%B0", `"два"`},
		{"/collections/clashes/items?a=%zz", "query"},
	} {
		rec := get(t, h, tc.target, "Accept: application/json")
		if rec.Code/100 != 4 {
			t.Errorf("%s: %d, want a 4xx", tc.target, rec.Code)
			continue
		}
		p := decodeBody[problem](t, rec)
		if internals.MatchString(p.Detail) || !strings.Contains(p.Detail, tc.says) {
			t.Errorf("%s: detail %q (want it to say %s, in the client's terms)", tc.target, p.Detail, tc.says)
		}
		if p.Status != rec.Code || p.Title != http.StatusText(rec.Code) {
			t.Errorf("%s: problem %+v", tc.target, p)
		}
	}
}
