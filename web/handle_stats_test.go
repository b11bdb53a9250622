package web

import (
	"math"
	"net/http"
	"testing"
	"time"

	"github.com/frontier-map/frontier/geo"
)

type statsResp struct {
	AsOf                 time.Time          `json:"as_of"`
	Datetime             string             `json:"datetime"`
	OfficialLengthKm     float64            `json:"official_length_km"`
	OfficialLengthSource geo.Source         `json:"official_length_source"`
	MeasuredLengthKm     float64            `json:"measured_length_km"`
	Km                   map[string]float64 `json:"km"`
	Share                map[string]float64 `json:"share"`
}

func TestStats(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	for _, tc := range []struct {
		datetime                   string
		minContested, maxContested float64
		wantAsOf                   time.Time
	}{
		{"2023-09-01", 0.25, 0.40, time.Date(2023, 9, 1, 23, 59, 59, 999999999, time.UTC)},
		{"2025-02-20T23:59:59Z", 0.25, 0.40, time.Date(2025, 2, 20, 23, 59, 59, 0, time.UTC)},
		{"2025-04-01", 0, 0, time.Date(2025, 4, 1, 23, 59, 59, 999999999, time.UTC)},
		{"2022-01-01/2025-04-01", 0, 0, time.Date(2025, 4, 1, 23, 59, 59, 999999999, time.UTC)},
		{"", 0, 0, testNow()},
	} {
		t.Run(tc.datetime, func(t *testing.T) {
			target := "/stats"
			if tc.datetime != "" {
				target += "?datetime=" + tc.datetime
			}
			rec := get(t, h, target)
			wantStatus(t, rec, http.StatusOK, typeJSON)
			st := decodeBody[statsResp](t, rec)
			if st.OfficialLengthKm != 972 {
				t.Errorf("official length %g", st.OfficialLengthKm)
			}
			if src := st.OfficialLengthSource; src.ID == "" || src.Publisher == "" || src.Title == "" {
				t.Errorf("official length source %+v is not a full source", src)
			}
			if st.MeasuredLengthKm < 780 || st.MeasuredLengthKm > 1000 {
				t.Errorf("measured %g km", st.MeasuredLengthKm)
			}
			if !st.AsOf.Equal(tc.wantAsOf) || st.Datetime != tc.datetime {
				t.Errorf("as_of %v datetime %q, want %v %q", st.AsOf, st.Datetime, tc.wantAsOf, tc.datetime)
			}
			c, d := st.Share["contested"], st.Share["delimited"]
			if c < tc.minContested || c > tc.maxContested {
				t.Errorf("contested share %g, want %g..%g", c, tc.minContested, tc.maxContested)
			}
			if math.Abs(c+d-1) > 0.001 {
				t.Errorf("shares %g + %g do not add up to 1", c, d)
			}
			if km := st.Km["contested"] + st.Km["delimited"]; math.Abs(km-st.MeasuredLengthKm) > 0.01 {
				t.Errorf("km per status add up to %g, measured %g", km, st.MeasuredLengthKm)
			}
		})
	}
	t.Run("consistent with the items", func(t *testing.T) {
		st := decodeBody[statsResp](t, get(t, h, "/stats?datetime=2023-09-01"))
		var contested float64
		for _, f := range getItems(t, h, "/collections/frontier/items?datetime=2023-09-01&status=contested").Features {
			contested += f.Properties["length_km"].(float64)
		}
		if math.Abs(contested-st.Km["contested"]) > 0.01 {
			t.Errorf("contested: items %g km, stats %g km", contested, st.Km["contested"])
		}
	})
}

// TestStatsReported: /stats lists the figures reported up to the instant,
// each with its claimant, date and sources, beside the schematic share.
func TestStatsReported(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	type figure struct {
		Date     string       `json:"date"`
		Claimant string       `json:"claimant"`
		Figure   string       `json:"figure"`
		Kind     string       `json:"kind"`
		Sources  []geo.Source `json:"sources"`
	}
	type body struct {
		Reported []figure `json:"reported"`
		Latest   []figure `json:"reported_latest"`
	}
	for _, tc := range []struct {
		datetime, latest string
		min              int
		must             string
	}{
		{"2024-01-01", "2023-12-12", 4, "2023-12-12"},
		{"2023-10-07", "2022-09-17", 4, "2022-09-16"},
		{"2022-01-01", "2021-04-29", 1, "2021-04-29"},
		{"2020-01-01", "", 0, ""},
	} {
		t.Run(tc.datetime, func(t *testing.T) {
			b := decodeBody[body](t, get(t, h, "/stats?datetime="+tc.datetime))
			if len(b.Reported) < tc.min {
				t.Errorf("%d figures, want at least %d", len(b.Reported), tc.min)
			}
			found := tc.must == ""
			for _, f := range b.Reported {
				found = found || f.Date == tc.must
				if f.Date > tc.datetime {
					t.Errorf("%s: dated after %s", f.Date, tc.datetime)
				}
				if f.Claimant == "" || f.Date == "" || f.Figure == "" || len(f.Sources) == 0 || f.Sources[0].URL == "" {
					t.Errorf("figure without claimant, date, figure or a linked source: %+v", f)
				}
			}
			if !found {
				t.Errorf("no figure dated %s", tc.must)
			}
			if tc.latest == "" && len(b.Latest) != 0 {
				t.Errorf("latest %+v before the first figure", b.Latest)
			}
			for _, f := range b.Latest {
				if f.Date != tc.latest || f.Kind != "status" {
					t.Errorf("latest %+v, want the status figures of %s", f, tc.latest)
				}
			}
			if tc.datetime == "2024-01-01" && (len(b.Latest) != 2 || b.Latest[0].Figure != "over 90% agreed") {
				t.Errorf("on 12 December 2023 Tashiev's over 90%% and Daryo's 290 km, side by side: %+v", b.Latest)
			}
		})
	}
}
