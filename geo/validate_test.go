package geo

import (
	"errors"
	"math"
	"testing"

	"github.com/paulmach/orb"
)

func validDataset(t testing.TB) Dataset {
	t.Helper()
	p := orb.Point{69.683333, 40.133333}
	return Dataset{
		Meta:     Meta{OfficialLengthKm: 972, OfficialLengthSource: "S34"},
		Sources:  []Source{{ID: "S34", Publisher: "24.kg", Title: "t", URL: "https://24.kg/"}, {ID: "S1", Publisher: "HRW", Title: "t", URL: "https://hrw.org/"}},
		Segments: []Segment{vorukh(t)},
		Events: []Event{{ID: "e1", Title: "Strike", DateStart: mustDate(t, "2022-09-16"), TimePrecision: PrecisionDay,
			Location: &p, GeoPrecision: NearPlace, LocationBasis: "Ovchi-Kalacha's gazetteer point", EventType: "Explosions/Remote violence", Sources: []string{"S1"}}},
		Places: []Place{{ID: "batken", Name: "Batken", Location: orb.Point{70.816667, 40.05}, AsStated: "40°03′N 70°49′E", Source: "S1"}},
		Reported: []ReportedFigure{{ID: "r1", Date: mustDate(t, "2023-12-12"), TimePrecision: PrecisionDay, Claimant: "Kamchybek Tashiev",
			Kind: FigureStatus, Measure: "agreed", Figure: "over 90%", Qualifier: "over", Value: 90, Unit: "%", Sources: []string{"S34"}, Grade: "B"}},
	}
}

func TestValidateAcceptsAGoodDataset(t *testing.T) {
	ds := validDataset(t)
	ds.Sources = append(ds.Sources, Source{ID: "S33", Publisher: "p", Title: "t", URL: "u"}, Source{ID: "S35", Publisher: "p", Title: "t", URL: "u"})
	if err := ds.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		break_ func(*Dataset)
		coll   string
		field  string
		want   error
	}{
		{"lat/lon swapped", func(ds *Dataset) { ds.Places[0].Location = orb.Point{40.05, 70.816667} }, "places", "geometry", ErrOutsideRegion},
		{"NaN", func(ds *Dataset) { ds.Places[0].Location = orb.Point{math.NaN(), 40} }, "places", "geometry", ErrNotFinite},
		{"unsourced event", func(ds *Dataset) { ds.Events[0].Sources = nil }, "clashes", "sources", ErrUnsourced},
		{"unknown source", func(ds *Dataset) { ds.Events[0].Sources = []string{"S99"} }, "clashes", "sources", ErrUnknownSource},
		{"located without precision", func(ds *Dataset) { ds.Events[0].GeoPrecision = NoLocation }, "clashes", "geo_precision", ErrMissing},
		{"precision without location", func(ds *Dataset) { ds.Events[0].Location = nil }, "clashes", "geo_precision", ErrBadValue},
		{"bad time precision", func(ds *Dataset) { ds.Events[0].TimePrecision = 4 }, "clashes", "time_precision", ErrBadValue},
		{"end before start", func(ds *Dataset) { ds.Events[0].DateEnd = mustDate(t, "2022-09-01") }, "clashes", "date_end", ErrBadValue},
		{"duplicate id", func(ds *Dataset) { ds.Events = append(ds.Events, ds.Events[0]) }, "clashes", "id", ErrDuplicateID},
		{"bad status", func(ds *Dataset) { ds.Segments[0].History[0].Status = "disputed" }, "frontier", "status_history[0].status", ErrBadValue},
		{"gap in history", func(ds *Dataset) { ds.Segments[0].History[1].ValidFrom = mustDate(t, "2025-02-22") }, "frontier", "status_history[1].valid_from", ErrBadValue},
		{"negative claim", func(ds *Dataset) {
			ds.Events[0].Claims = []Claim{{Low: -1, What: "killed", Source: "S1"}}
		}, "clashes", "claims[0]", ErrBadValue},
		{"claim without source", func(ds *Dataset) {
			ds.Events[0].Claims = []Claim{{Low: 10, What: "killed", Claimant: "HRW"}}
		}, "clashes", "claims[0].source", ErrUnsourced},
		{"claim without claimant", func(ds *Dataset) {
			ds.Events[0].Claims = []Claim{{Low: 10, What: "killed", Source: "S1"}}
		}, "clashes", "claims[0].claimant", ErrNoClaimant},
		{"status claim without claimant", func(ds *Dataset) {
			ds.Deployments = []Deployment{{ID: "d1", System: "TB2", Operator: "Tajikistan", Sources: []string{"S1"},
				Claims: []StatusClaim{{Status: "purchase reported", Date: mustDate(t, "2022-04-01"), TimePrecision: PrecisionMonth, Source: "S1"}}}}
		}, "deployments", "status_claims[0].claimant", ErrNoClaimant},
		{"unknown claimant side", func(ds *Dataset) {
			ds.Events[0].Claims = []Claim{{Low: 10, What: "killed", Claimant: "HRW", ClaimantSide: "HRW", Source: "S1"}}
		}, "clashes", "claims[0].claimant_side", ErrBadValue},
		{"event point without location basis", func(ds *Dataset) { ds.Events[0].LocationBasis = "" }, "clashes", "location_basis", ErrNoLocationBasis},
		{"deployment point without location basis", func(ds *Dataset) {
			p := orb.Point{70.816667, 40.05}
			ds.Deployments = []Deployment{{ID: "d1", System: "Pechora-2BM", Operator: "Kyrgyzstan", Sources: []string{"S1"},
				Location: &p, GeoPrecision: AreaOnly,
				Claims: []StatusClaim{{Status: "ordered", Date: mustDate(t, "2022-10-01"), TimePrecision: PrecisionMonth, Claimant: "c", Source: "S1"}}}}
		}, "deployments", "location_basis", ErrNoLocationBasis},
		{"episode total on a one-day event", func(ds *Dataset) {
			ds.Events[0].Claims = []Claim{{Low: 55, What: "killed", Claimant: "Anadolu", Scope: ScopeEpisode, Source: "S1"}}
		}, "clashes", "claims[0].scope", ErrEpisodeTotal},
		{"an episode of one day", func(ds *Dataset) { ds.Events[0].Kind = KindEpisode }, "clashes", "date_end", ErrBadValue},
		{"unknown kind", func(ds *Dataset) { ds.Events[0].DateEnd = mustDate(t, "2022-09-20"); ds.Events[0].Kind = "war" }, "clashes", "kind", ErrBadValue},
		{"early figure listed first", func(ds *Dataset) {
			ds.Events[0].Claims = []Claim{
				{Low: 41, What: "killed", Claimant: "Interfax", Standing: StandingEarly, Source: "S1"},
				{Low: 55, What: "killed", Claimant: "Anadolu", Standing: StandingConsolid, Source: "S1"},
			}
		}, "clashes", "claims[1].standing", ErrClaimOrder},
		{"unknown standing", func(ds *Dataset) {
			ds.Events[0].Claims = []Claim{{Low: 41, What: "killed", Claimant: "Interfax", Standing: "old", Source: "S1"}}
		}, "clashes", "claims[0].standing", ErrBadValue},
		{"area that does not cover its place", func(ds *Dataset) {
			ds.Events[0].GeoPrecision = AreaOnly
			ds.Events[0].AreaOf = []string{"batken"} // about 98 km from Ovchi-Kalacha
		}, "clashes", "area_of", ErrBadValue},
		{"area at a near-place precision", func(ds *Dataset) { ds.Events[0].AreaOf = []string{"batken"} }, "clashes", "area_of", ErrBadValue},
		{"bad grade", func(ds *Dataset) { ds.Sources[0].Grade = "A+" }, "sources", "grade", ErrBadValue},
		{"mirror url without an original", func(ds *Dataset) {
			ds.Sources[0].MirrorURL = ds.Sources[0].URL
		}, "sources", "mirror_url", ErrBadValue},
		{"reported figure without claimant", func(ds *Dataset) { ds.Reported[0].Claimant = "" }, "reported", "claimant", ErrNoClaimant},
		{"reported figure without date", func(ds *Dataset) { ds.Reported[0].Date = Date{} }, "reported", "date", ErrMissing},
		{"reported figure without sources", func(ds *Dataset) { ds.Reported[0].Sources = nil }, "reported", "sources", ErrUnsourced},
		{"reported figure without grade", func(ds *Dataset) { ds.Reported[0].Grade = "" }, "reported", "grade", ErrBadValue},
		{"reported figure with an unknown hedge", func(ds *Dataset) { ds.Reported[0].Qualifier = "roughly-ish" }, "reported", "qualifier", ErrBadValue},
		{"reported number without unit", func(ds *Dataset) { ds.Reported[0].Unit = "" }, "reported", "unit", ErrMissing},
		{"milestone headline cut mid-sentence", func(ds *Dataset) {
			ds.Meta.Milestones = []Milestone{{Date: mustDate(t, "2025-02-21"), TimePrecision: PrecisionDay, Short: "Tashiev and Yatimov", Label: "l", Sources: []string{"S34"}}}
		}, "milestones", "short", ErrBadValue},
		{"milestone headline too long", func(ds *Dataset) {
			ds.Meta.Milestones = []Milestone{{Date: mustDate(t, "2025-02-21"), TimePrecision: PrecisionDay, Label: "l", Sources: []string{"S34"},
				Short: "Tashiev and Yatimov say the whole border is agreed, and three texts are initialled, and demarcation may take two years."}}
		}, "milestones", "short", ErrBadValue},
		{"correction without reason", func(ds *Dataset) {
			ds.Meta.Corrections = []Correction{{Date: mustDate(t, "2026-11-30"), Feature: "e1", Change: "moved"}}
		}, "corrections", "feature/change/reason", ErrMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := validDataset(t)
			ds.Sources = append(ds.Sources, Source{ID: "S33", Publisher: "p", Title: "t", URL: "u"}, Source{ID: "S35", Publisher: "p", Title: "t", URL: "u"})
			tt.break_(&ds)
			err := ds.Validate()
			var fe *FeatureError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a FeatureError", err)
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			found := false
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				if errors.As(e, &fe) && fe.Collection == tt.coll && fe.Field == tt.field && errors.Is(fe, tt.want) {
					found = true
				}
			}
			if !found {
				t.Errorf("no error names %s %s: %v", tt.coll, tt.field, err)
			}
		})
	}
}

func TestDateLabel(t *testing.T) {
	tests := []struct {
		start, end string
		prec       TimePrecision
		want       string
	}{
		{"2021-04-29", "2021-04-29", PrecisionDay, "29 April 2021"},
		{"2022-09-14", "2022-09-20", PrecisionDay, "14–20 September 2022"},
		{"2022-09-01", "2022-09-30", PrecisionMonth, "September 2022"},
		{"2022-09-14", "2022-09-17", PrecisionWeek, "week of 14 September 2022"},
	}
	for _, tt := range tests {
		e := Event{DateStart: mustDate(t, tt.start), DateEnd: mustDate(t, tt.end), TimePrecision: tt.prec}
		if got := e.DateLabel(); got != tt.want {
			t.Errorf("%s..%s at %d: %q, want %q", tt.start, tt.end, tt.prec, got, tt.want)
		}
	}
}

func TestFigures(t *testing.T) {
	kg := func(n int) Claim { return Claim{Low: n, What: "killed", Side: "Kyrgyzstan", Source: "S1"} }
	tj := func(n int) Claim { return Claim{Low: n, What: "killed", Side: "Tajikistan", Source: "S1"} }
	both := func(n int) Claim { return Claim{Low: n, What: "killed", Side: "both", Source: "S1"} }
	tests := []struct {
		name   string
		claims []Claim
		lo, hi int
		ok     bool
	}{
		{"totals win over one side's count", []Claim{both(41), kg(31), tj(10), both(55)}, 41, 55, true},
		{"one side's claims", []Claim{kg(24), kg(59)}, 24, 59, true},
		{"sides that do not add up", []Claim{kg(24), tj(39)}, 0, 0, false},
		{"a range", []Claim{{Low: 37, High: 51, What: "killed", Source: "S1"}}, 37, 51, true},
		{"other counts ignored", []Claim{{Low: 9000, What: "displaced", Source: "S1"}}, 0, 0, false},
	}
	for _, tt := range tests {
		lo, hi, ok := Event{Claims: tt.claims}.Figures("killed")
		if lo != tt.lo || hi != tt.hi || ok != tt.ok {
			t.Errorf("%s: %d..%d %v, want %d..%d %v", tt.name, lo, hi, ok, tt.lo, tt.hi, tt.ok)
		}
	}
}
