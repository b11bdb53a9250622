package seeds

import (
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
// never an estimate, and it is never called more precise than "near".
func TestLocationsAreStatedOnes(t *testing.T) {
	ds := load(t)
	stated := map[[2]float64]string{}
	for _, p := range ds.Places {
		stated[[2]float64{p.Location[0], p.Location[1]}] = p.Name
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
