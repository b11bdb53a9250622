package web

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/frontier-map/frontier/internal/teststore"
)

func TestHTML(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	const html = "text/html; charset=UTF-8"
	for _, tc := range []struct {
		target string
		want   []string
	}{
		{"/collections/clashes/items?f=html&datetime=2022-09-16", []string{
			"<caption>Clashes and incidents: ", `<th scope="col">Date</th>`, "16 September 2022", `<a href="http`},
		},
		{"/collections/frontier/items?f=html&datetime=2023-09-01", []string{
			"<caption>", `<th scope="col">Status</th>`, "contested", "until 21 February 2025", "<a href=\"https://24.kg/"},
		},
		{"/collections/deployments/items?f=html", []string{"<caption>", "Pechora", "delivered: "}},
		{"/collections/clashes/items?f=html&limit=1&offset=1", []string{`rel="next"`, `rel="prev"`, "items?after="}},
		{"/collections/countries/items?f=html", []string{"Tajikistan", "TJK"}},
		{"/collections/places/items?f=html", []string{"Coordinates as stated", "°"}},
		{"/collections/places/items?f=html&bbox=0,0,1,1", []string{"No feature matches."}},
		{"/collections?f=html", []string{"<caption>", "Clashes and incidents"}},
		{"/collections/frontier?f=html", []string{"<code>status</code>", "contested"}},
		{"/collections/clashes/items/x?f=html", nil},
		{"/collections/clashes/items/2022-09-16-ovchi-kalacha-strike?f=html", []string{"<caption>Clashes and incidents: feature 2022-09-16-ovchi-kalacha-strike</caption>", `<th scope="row">Date</th>`, "16 September 2022", "Human Rights Watch"}},
		{"/collections/deployments/items/kg-pechora-2bm", []string{"Pechora", "February 2023", "March 2023"}},
		{"/conformance?f=html", []string{"conf/core"}},
		{"/api.html", []string{"/collections/frontier/items", "<code>bbox</code>", "application/problem+json"}},
		{"/api?f=html", []string{"/collections/clashes/items/{featureId}"}},
	} {
		t.Run(tc.target, func(t *testing.T) {
			rec := get(t, h, tc.target, "Accept: text/html,application/xhtml+xml,*/*;q=0.8")
			if tc.want == nil {
				// A browser reads the problem as a page, not as JSON.
				wantStatus(t, rec, http.StatusNotFound, html)
				return
			}
			wantStatus(t, rec, http.StatusOK, html)
			body := rec.Body.String()
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			if regexp.MustCompile(`<script|src="https?://`).MatchString(body) {
				t.Error("page loads a script or a remote resource")
			}
		})
	}
	t.Run("markup in the data is escaped", func(t *testing.T) {
		ds := newTestStore(t).ds
		ds.Places = slices.Clone(ds.Places)
		ds.Places[0].Name = `<script>alert(1)</script>`
		body := get(t, newTestServer(t, teststore.New(t, ds)), "/collections/places/items?f=html").Body.String()
		if strings.Contains(body, "<script>alert") {
			t.Error("a place name is written as markup")
		}
	})
}
