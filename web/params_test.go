package web

import (
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// TestBadRequests: every malformed request is answered with the right 4xx
// and an RFC 9457 problem body that names what is wrong; never a 500.
func TestBadRequests(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	const items = "/collections/frontier/items"
	for _, tc := range []struct {
		name, target string
		status       int
		// mention is a word the detail must hold, so the user knows
		// what to fix.
		mention string
	}{
		{"bbox letters", items + "?bbox=a,b,c,d", 400, "bbox"},
		{"bbox reversed lon", items + "?bbox=71,39,69,41", 400, "bbox"},
		{"bbox reversed lat", items + "?bbox=69,41,71,39", 400, "bbox"},
		{"bbox NaN", items + "?bbox=NaN,39,71,41", 400, "bbox"},
		{"bbox Inf", items + "?bbox=69,39,Inf,41", 400, "bbox"},
		{"bbox 3 numbers", items + "?bbox=69,39,71", 400, "4 numbers"},
		{"bbox 5 numbers", items + "?bbox=69,39,71,41,5", 400, "bbox"},
		{"bbox empty", items + "?bbox=", 400, "bbox"},
		{"bbox empty number", items + "?bbox=69,,71,41", 400, "bbox"},
		{"bbox lat out of range", items + "?bbox=69,-91,71,41", 400, "latitude"},
		{"bbox lat/lon swapped", items + "?bbox=40,70,41,95", 400, "lon,lat"},
		{"bbox lon out of range", items + "?bbox=-181,39,71,41", 400, "longitude"},
		{"bbox heights reversed", items + "?bbox=69,39,10,71,41,0", 400, "height"},
		{"bbox twice", items + "?bbox=69,39,71,41&bbox=69,39,71,41", 400, "more than once"},
		{"q on a collection with nothing to search", items + "?q=vorukh", 400, "q"},
		{"q empty", "/collections/clashes/items?q=%20", 400, "q"},
		{"q too long", "/collections/clashes/items?q=" + strings.Repeat("a", 101), 400, "100 characters"},
		{"limit 0", items + "?limit=0", 400, "limit"},
		{"limit -1", items + "?limit=-1", 400, "limit"},
		{"limit abc", items + "?limit=abc", 400, "limit"},
		{"limit decimal", items + "?limit=2.5", 400, "limit"},
		{"limit empty", items + "?limit=", 400, "limit"},
		{"offset -1", items + "?offset=-1", 400, "offset"},
		{"offset abc", items + "?offset=abc", 400, "offset"},
		{"datetime garbage", items + "?datetime=yesterday", 400, "datetime"},
		{"datetime bad day", items + "?datetime=2022-02-30", 400, "datetime"},
		{"datetime reversed interval", items + "?datetime=2023-01-01/2022-01-01", 400, "ends before it starts"},
		{"datetime open both ends", items + "?datetime=../..", 400, "open at both ends"},
		{"datetime three parts", items + "?datetime=2021-01-01/2022-01-01/2023-01-01", 400, "datetime"},
		{"datetime empty", items + "?datetime=", 400, "datetime"},
		{"datetime no zone", items + "?datetime=2022-09-16T12:00:00", 400, "datetime"},
		{"unknown parameter", items + "?colour=red", 400, "colour"},
		{"parameter of another collection", items + "?event_type=Battles", 400, "event_type"},
		{"bbox-crs not supported", items + "?bbox-crs=EPSG:4326", 400, "bbox-crs"},
		{"status not a status", items + "?status=peaceful", 400, "status"},
		{"geo_precision not a number", "/collections/clashes/items?geo_precision=exact", 400, "geo_precision"},
		{"geo_precision out of range", "/collections/clashes/items?geo_precision=7", 400, "geo_precision"},
		{"unknown f", items + "?f=xml", 400, "f"},
		{"f=csv on collections", "/collections?f=csv", 400, "f"},
		{"f=html on stats", "/stats?f=html", 400, "f"},
		{"unknown parameter on landing", "/?foo=1", 400, "foo"},
		{"unknown parameter on feature", "/collections/frontier/items/vorukh-enclave?limit=1", 400, "limit"},
		{"stats bad datetime", "/stats?datetime=2023-13-01", 400, "datetime"},
		{"stats unknown parameter", "/stats?at=2023-01-01", 400, "at"},
		{"malformed escape", items + "?limit=%zz", 400, "malformed"},
		{"semicolon separator", items + "?limit=2;offset=1", 400, "malformed"},
		{"unknown collection", "/collections/rivers", 404, "rivers"},
		{"unknown collection items", "/collections/rivers/items", 404, "rivers"},
		{"unknown feature", "/collections/clashes/items/no-such-event", 404, "no-such-event"},
		{"feature of another collection", "/collections/clashes/items/vorukh-enclave", 404, "vorukh-enclave"},
		{"unknown path", "/tiles/1/2/3.mvt", 404, "/tiles/1/2/3.mvt"},
		{"path traversal", "/collections/../../etc/passwd", 404, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := get(t, h, tc.target)
			wantStatus(t, rec, tc.status, typeProblem)
			p := decodeBody[problem](t, rec)
			if p.Status != tc.status || p.Title != http.StatusText(tc.status) || p.Type == "" {
				t.Errorf("problem %+v", p)
			}
			if !strings.Contains(p.Detail, tc.mention) {
				t.Errorf("detail %q does not mention %q", p.Detail, tc.mention)
			}
		})
	}
}

func TestParseBBox(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want [4]float64
	}{
		{"69,39,71,41", [4]float64{69, 39, 71, 41}},
		{" 69.5 , 39.25,71,41", [4]float64{69.5, 39.25, 71, 41}},
		{"69,39,-100,71,41,2000", [4]float64{69, 39, 71, 41}},
		{"70,40,70,40", [4]float64{70, 40, 70, 40}},
		{"-180,-90,180,90", [4]float64{-180, -90, 180, 90}},
	} {
		b, err := parseBBox(tc.in)
		if err != nil {
			t.Errorf("parseBBox(%q): %v", tc.in, err)
			continue
		}
		if got := [4]float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}; got != tc.want {
			t.Errorf("parseBBox(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestParseLimit(t *testing.T) {
	for in, want := range map[string]int{"1": 1, "100": 100, "10000": 10000, "10001": 10000, "99999999999999999999999": 10000} {
		if got, err := parseLimit(in); err != nil || got != want {
			t.Errorf("parseLimit(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
}

func TestNegotiate(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	for _, tc := range []struct {
		accept string
		want   format
	}{
		{"", formatJSON},
		{"*/*", formatJSON},
		{"application/geo+json", formatJSON},
		{"text/csv", formatCSV},
		{"text/html", formatHTML},
		{"text/*", formatHTML},
		{"application/json;q=0.5, text/html;q=0.9", formatHTML},
		{"text/html;q=0.1, */*;q=0.5", formatJSON},
		{"image/png", formatJSON},
		{"text/html;q=oops", formatHTML},
	} {
		acc := tc.accept
		rec := get(t, h, "/collections/places/items", "Accept: "+acc)
		got := rec.Header().Get("Content-Type")
		want := map[format]string{formatJSON: typeGeoJSON, formatHTML: "text/html; charset=UTF-8", formatCSV: "text/csv; charset=utf-8"}[tc.want]
		if got != want {
			t.Errorf("Accept %q: Content-Type %q, want %q", acc, got, want)
		}
	}
}

// FuzzItemsQuery: no query string makes the items resource panic or
// answer 500, and a bbox it accepts round-trips.
func FuzzItemsQuery(f *testing.F) {
	for _, seed := range []string{"bbox=69,39,71,41", "datetime=2022-09-16/..", "limit=2&offset=3", "f=csv", "bbox=1e309,0,0,0", "datetime=%00", "status=contested&sector=x", "flat=true&limit=1", "flat=true&f=csv", "flat=1"} {
		f.Add(seed)
	}
	h := newTestServer(f, newTestStore(f))
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		rec := get(t, h, "/collections/frontier/items?"+q.Encode())
		if rec.Code >= 500 {
			t.Fatalf("%q: status %d: %s", raw, rec.Code, rec.Body.String())
		}
		if bb, ok := q["bbox"]; ok && len(bb) == 1 {
			b, err := parseBBox(bb[0])
			if err != nil {
				return
			}
			s := strings.Join([]string{fmtF(b.Min[0]), fmtF(b.Min[1]), fmtF(b.Max[0]), fmtF(b.Max[1])}, ",")
			if b2, err := parseBBox(s); err != nil || b2 != b {
				t.Fatalf("bbox %q read as %v does not round-trip: %v %v", bb[0], b, b2, err)
			}
			if math.IsNaN(b.Min[0]) {
				t.Fatal("NaN accepted")
			}
		}
	})
}

func fmtF(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// TestSharedLinks (issue 13): a link shared on a social network or in a
// newsletter carries tracking parameters; the pages people open ignore
// them, and a browser is never answered with JSON. The API answers the
// same parameters on a JSON request with OGC's 400.
func TestSharedLinks(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	const page = "text/html; charset=UTF-8"
	for _, tc := range []struct {
		target, accept string
		status         int
		ctype          string
	}{
		{"/?fbclid=IwAR0abc", browserAccept, 200, page},
		{"/?utm_source=newsletter&utm_medium=email", browserAccept, 200, page},
		{"/?gclid=x&date=2022-09-16", browserAccept, 200, page},
		{"/embed?fbclid=IwAR0abc&date=2022-09-16", browserAccept, 200, page},
		{"/about?utm_source=x", browserAccept, 200, page},
		{"/collections?f=html&fbclid=x", browserAccept, 200, page},
		{"/collections/clashes/items?f=html&utm_campaign=x&limit=2", browserAccept, 200, page},
		{"/collections/clashes/items/2022-09-16-ovchi-kalacha-strike?fbclid=x", browserAccept, 200, page},
		{"/nowhere?fbclid=x", browserAccept, 404, page},
		{"/?fbclid=IwAR0abc", "", 400, typeProblem},
		{"/collections?fbclid=x", "Accept: application/json", 400, typeProblem},
		{"/collections/clashes/items?utm_campaign=x", "", 400, typeProblem},
		{"/collections/clashes/items?f=csv&utm_campaign=x", browserAccept, 400, page},
	} {
		t.Run(tc.target, func(t *testing.T) {
			var rec *httptest.ResponseRecorder
			if tc.accept == "" {
				rec = get(t, h, tc.target)
			} else {
				rec = get(t, h, tc.target, tc.accept)
			}
			wantStatus(t, rec, tc.status, tc.ctype)
		})
	}
}
