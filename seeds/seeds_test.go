package seeds

import (
	"flag"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/frontier-map/frontier/geo"
)

func load(t *testing.T) geo.Dataset {
	t.Helper()
	ds, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// TestBundledDatasetValidates is the gate every edit of the seeds passes:
// every coordinate in the region, every feature sourced, every source known.
func TestBundledDatasetValidates(t *testing.T) {
	ds := load(t)
	for name, n := range map[string]int{
		"segments": len(ds.Segments), "clashes": len(ds.Events), "deployments": len(ds.Deployments),
		"countries": len(ds.Countries), "places": len(ds.Places), "sources": len(ds.Sources),
	} {
		if n == 0 {
			t.Errorf("no %s", name)
		}
	}
}

// TestLocationsAreStatedOnes holds the truth-first rule: an event or
// deployment point is always the stated coordinate of a gazetteer place,
// never an estimate, and it is never called more precise than "near". The
// one exception is an area two versions name: its point is the midpoint
// of the places in its area_of, which validation checks it covers.
func TestLocationsAreStatedOnes(t *testing.T) {
	ds := load(t)
	stated := map[[2]float64]string{}
	byID := map[string]geo.Place{}
	for _, p := range ds.Places {
		stated[[2]float64{p.Location[0], p.Location[1]}] = p.Name
		byID[p.ID] = p
	}
	for _, e := range ds.Events {
		if len(e.AreaOf) == 0 {
			continue
		}
		var mid [2]float64
		for _, id := range e.AreaOf {
			mid[0] += byID[id].Location[0] / float64(len(e.AreaOf))
			mid[1] += byID[id].Location[1] / float64(len(e.AreaOf))
		}
		if math.Abs(mid[0]-e.Location[0]) > 1e-6 || math.Abs(mid[1]-e.Location[1]) > 1e-6 {
			t.Errorf("clashes %s: area point %v is not the midpoint %v of %v", e.ID, *e.Location, mid, e.AreaOf)
		}
		stated[[2]float64{e.Location[0], e.Location[1]}] = "the area of " + strings.Join(e.AreaOf, ", ")
	}
	check := func(coll, id string, p *[2]float64, prec geo.GeoPrecision) {
		if p == nil {
			return
		}
		if _, ok := stated[*p]; !ok {
			t.Errorf("%s %s: point %v is no gazetteer place's stated coordinate", coll, id, *p)
		}
		if prec == geo.ExactPlace {
			t.Errorf("%s %s: precision 1 claims the site's own coordinates, which no source gives", coll, id)
		}
	}
	for _, e := range ds.Events {
		var p *[2]float64
		if e.Location != nil {
			p = &[2]float64{e.Location[0], e.Location[1]}
		}
		check("clashes", e.ID, p, e.GeoPrecision)
	}
	for _, d := range ds.Deployments {
		var p *[2]float64
		if d.Location != nil {
			p = &[2]float64{d.Location[0], d.Location[1]}
		}
		check("deployments", d.ID, p, d.GeoPrecision)
	}
}

func TestSegmentsCoverEveryDay(t *testing.T) {
	ds := load(t)
	changes := geo.Changes(ds.Segments)
	days := []string{"2021-04-29", "2022-09-16", "2025-02-20", "2025-02-21", "2025-03-13", "2026-01-01"}
	for _, s := range ds.Segments {
		if s.GeometryQuality != "schematic" {
			t.Errorf("%s: geometry_quality %q; no official line is published, so it must say schematic", s.ID, s.GeometryQuality)
		}
		for _, d := range days {
			day, _ := geo.ParseDate(d)
			if _, err := s.StatusAt(day.Time()); err != nil {
				t.Errorf("%s on %s: %v", s.ID, d, err)
			}
		}
	}
	if len(changes) == 0 {
		t.Error("the frontier never changes status")
	}
}

func TestKeyClaimsKeptSideBySide(t *testing.T) {
	ds := load(t)
	var pechora *geo.Deployment
	for i, d := range ds.Deployments {
		if strings.Contains(d.System, "Pechora") {
			pechora = &ds.Deployments[i]
		}
	}
	if pechora == nil {
		t.Fatal("no Pechora-2BM deployment")
	}
	var april, febMar bool
	for _, c := range pechora.Claims {
		m := c.Date.String()
		april = april || strings.HasPrefix(m, "2023-04") && c.Source == "SEED"
		febMar = febMar || strings.HasPrefix(m, "2023-02") || strings.HasPrefix(m, "2023-03")
	}
	if !april || !febMar {
		t.Errorf("Pechora-2BM claims %+v: want the seed article's April 2023 and the Feb–Mar 2023 reports", pechora.Claims)
	}
	if ds.Meta.OfficialLengthKm != 972 || len(ds.Meta.ReportedLengths) < 5 {
		t.Errorf("meta: official %v km, %d reported lengths; want 972 and every figure the sources give", ds.Meta.OfficialLengthKm, len(ds.Meta.ReportedLengths))
	}
}

// TestTheRecordAsTheSourcesTellIt holds issue 11's findings fixed in the
// bundled data.
func TestTheRecordAsTheSourcesTellIt(t *testing.T) {
	ds := load(t)
	events := map[string]geo.Event{}
	for _, e := range ds.Events {
		events[e.ID] = e
	}

	t.Run("April 2021 is an episode holding the whole-conflict tolls", func(t *testing.T) {
		ep, ok := events["2021-04-kyrgyzstan-tajikistan-clashes"]
		if !ok || ep.Kind != geo.KindEpisode || !ep.DateStart.Before(ep.DateEnd) {
			t.Fatalf("episode %+v", ep)
		}
		var consolidated []int
		for _, c := range ep.Claims {
			if c.What == "killed" && c.Standing == geo.StandingConsolid {
				consolidated = append(consolidated, c.Low)
			}
		}
		if len(consolidated) != 2 || consolidated[0]+consolidated[1] != 55 || ep.Claims[0].Standing != geo.StandingConsolid {
			t.Errorf("consolidated 36 + 19 first: %v", ep.Claims)
		}
		if lo, hi, _ := ep.Figures("killed"); lo != 55 || hi != 55 {
			t.Errorf("fatalities %d..%d: the early 41 must not set the range", lo, hi)
		}
	})

	t.Run("no one-day point serves an episode toll", func(t *testing.T) {
		for _, e := range ds.Events {
			if e.Kind == geo.KindEpisode {
				if e.Location != nil {
					t.Errorf("%s: an episode spans the frontier and has no point", e.ID)
				}
				continue
			}
			for _, c := range e.Claims {
				if c.Scope == geo.ScopeEpisode {
					t.Errorf("%s: episode total %+v", e.ID, c)
				}
			}
		}
		if n := len(events["2021-04-29-golovnoy-exchange-of-fire"].Claims); n != 0 {
			t.Errorf("the exchange of fire carries %d claims; the sources give none for it alone", n)
		}
	})

	t.Run("disputed sites at area level or unmapped", func(t *testing.T) {
		for _, id := range []string{"2021-04-28-golovnoy-cameras", "2021-04-29-golovnoy-exchange-of-fire", "2022-01-27-tort-kocho"} {
			e := events[id]
			area := e.GeoPrecision == geo.AreaOnly && len(e.AreaOf) == 2 && e.LocationBasis != ""
			if !area && e.Location != nil {
				t.Errorf("%s: pinned at %v (precision %d), taking one side's version", id, *e.Location, e.GeoPrecision)
			}
		}
	})

	t.Run("the TB2 purchase is a Kyrgyz claim", func(t *testing.T) {
		for _, d := range ds.Deployments {
			if d.ID != "tj-bayraktar-tb2" {
				continue
			}
			c := d.Claims[0]
			if c.ClaimantSide != "Kyrgyzstan" || !strings.Contains(c.Claimant, "Kulubaev") {
				t.Errorf("claim %+v", c)
			}
			return
		}
		t.Error("no tj-bayraktar-tb2")
	})

	t.Run("evacuated is not displaced", func(t *testing.T) {
		for _, c := range events["2022-09-kyrgyzstan-tajikistan-clashes"].Claims {
			if c.Low == 140000 && c.What != "evacuated" {
				t.Errorf("%s's 140,000 were evacuated, not %s", c.Source, c.What)
			}
		}
	})

	t.Run("the Tajik lower chamber's ratification is a milestone", func(t *testing.T) {
		for _, m := range ds.Meta.Milestones {
			if m.Date.String() == "2025-03-19" && strings.Contains(m.Short, "Tajikistan's lower chamber") && m.Sources[0] == "S65" {
				return
			}
		}
		t.Error("no milestone for 2025-03-19 citing S65")
	})

	t.Run("lengths keep their qualifiers", func(t *testing.T) {
		q := map[float64]string{}
		for _, l := range ds.Meta.ReportedLengths {
			q[l.Km] = l.Qualifier
		}
		if q[980] != "approximately" || q[1000] != "nearly" {
			t.Errorf("qualifiers %v", q)
		}
		if _, ok := q[1006.84]; !ok {
			t.Error("24.kg's 1,006.84 km is missing")
		}
	})

	t.Run("every source is cited", func(t *testing.T) {
		cited := citedSources(ds)
		for _, s := range ds.Sources {
			if !cited[s.ID] {
				t.Errorf("%s is listed but cited by nothing", s.ID)
			}
		}
	})

	t.Run("mirrors are marked, originals preferred", func(t *testing.T) {
		for _, s := range ds.Sources {
			for _, host := range []string{"zxc.wiki", "ask3.ru", "perceptio", "wikipedia-on-ipfs", "theinfolist", "jakami", "wikimili", "teknopedia"} {
				if strings.Contains(s.URL, host) && !s.Mirror {
					t.Errorf("%s: %s is a mirror, not marked as one", s.ID, s.URL)
				}
			}
		}
	})
}

// TestWrongSideAtScale holds the check of each place against its country's
// polygon: the three villages the 1:10m line puts on the other side, and
// no others.
func TestWrongSideAtScale(t *testing.T) {
	ds := load(t)
	var wrong []string
	for _, p := range ds.Places {
		if p.CountryAtScale == "" {
			t.Errorf("%s: in no country polygon", p.ID)
		}
		if p.WrongSide() {
			wrong = append(wrong, p.ID)
		}
	}
	want := []string{"kok-tash", "samarkandyk", "ovchi-kalacha"}
	slices.Sort(wrong)
	slices.Sort(want)
	if !slices.Equal(wrong, want) {
		t.Errorf("wrong side at 1:10m: %v, want %v", wrong, want)
	}
	for _, e := range ds.Events {
		if e.ID == "2022-09-16-ovchi-kalacha-strike" && !e.WrongSide() {
			t.Errorf("%s: at Ovchi-Kalacha's point, inside %q", e.ID, e.CountryAtScale)
		}
	}
}

// TestReportedFigures holds what /stats serves: figures up to a date, each
// with its claimant, date and sources.
func TestReportedFigures(t *testing.T) {
	ds := load(t)
	at := func(s string) []geo.ReportedFigure {
		d, _ := geo.ParseDate(s)
		return geo.ReportedUpTo(ds.Reported, d.End())
	}
	upTo2024 := at("2024-01-01")
	has := false
	for _, f := range upTo2024 {
		has = has || f.Date.String() == "2023-12-12"
	}
	if len(upTo2024) < 4 || !has {
		t.Errorf("up to 2024-01-01: %d figures, one of 2023-12-12: %v", len(upTo2024), has)
	}
	for _, f := range at("2022-01-01") {
		if f.Date.After(geo.NewDate(2022, 1, 1)) {
			t.Errorf("%s dated after 2022-01-01", f.ID)
		}
	}
	for _, f := range ds.Reported {
		if f.Claimant == "" || f.Date.IsZero() || len(f.Sources) == 0 {
			t.Errorf("%s: claimant %q, date %s, sources %v", f.ID, f.Claimant, f.Date, f.Sources)
		}
	}
}

func citedSources(ds geo.Dataset) map[string]bool {
	cited := map[string]bool{ds.Meta.OfficialLengthSource: true}
	add := func(ids ...string) {
		for _, id := range ids {
			cited[id] = true
		}
	}
	for _, l := range ds.Meta.ReportedLengths {
		add(l.Source)
	}
	for _, m := range ds.Meta.Milestones {
		add(m.Sources...)
	}
	for _, s := range ds.Segments {
		add(s.Sources()...)
	}
	for _, e := range ds.Events {
		add(e.Sources...)
		for _, c := range e.Claims {
			add(c.Source)
		}
	}
	for _, d := range ds.Deployments {
		add(d.Sources...)
		for _, c := range d.Claims {
			add(c.Source)
		}
	}
	for _, c := range ds.Countries {
		add(c.Source)
	}
	for _, p := range ds.Places {
		add(p.Source)
	}
	for _, f := range ds.Reported {
		add(f.Sources...)
	}
	return cited
}

var update = flag.Bool("update", false, "rewrite CORRECTIONS.md from meta.json")

// TestCorrectionsFile holds seeds/CORRECTIONS.md to meta.json's corrections,
// which /meta serves: one list, oldest first. Run with -update to rewrite it.
func TestCorrectionsFile(t *testing.T) {
	ds := load(t)
	for i := 1; i < len(ds.Meta.Corrections); i++ {
		if ds.Meta.Corrections[i].Date.Before(ds.Meta.Corrections[i-1].Date) {
			t.Errorf("correction %d is older than the one before it", i+1)
		}
	}
	var b strings.Builder
	b.WriteString(correctionsHeader)
	for _, c := range ds.Meta.Corrections {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", c.Date, cell(c.Feature), cell(c.Change), cell(c.Reason))
	}
	if *update {
		if err := os.WriteFile("CORRECTIONS.md", []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile("CORRECTIONS.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != b.String() {
		t.Error("CORRECTIONS.md differs from meta.json's corrections; run go test ./seeds -run TestCorrectionsFile -update")
	}
}

func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

const correctionsHeader = `# Corrections

Every change to a published fact in Frontier's bundled data, oldest first: when, which
feature, what changed and why. The same list is served as ` + "`corrections`" + ` in ` + "`/meta`" + ` and shown
on ` + "`/about`" + `. It is generated from ` + "`meta.json`" + ` (` + "`go test ./seeds -run TestCorrectionsFile -update`" + `).

| date | feature | what changed | why |
|---|---|---|---|
`
