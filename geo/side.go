package geo

import (
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// CountryAt returns the name of the country whose polygon holds p, or ""
// when none does.
func CountryAt(countries []Country, p orb.Point) string {
	for _, c := range countries {
		if planar.MultiPolygonContains(c.Geometry, p) {
			return c.Name
		}
	}
	return ""
}

// CheckSides tests every place and located event against the country
// polygons. At 1:10m the generalised line can pass on the wrong side of a
// village a few hundred metres from it (Kok-Tash, Samarkandyk, Ovchi-
// Kalacha); a sourced point is never moved, so the map says so instead.
func (ds *Dataset) CheckSides() {
	for i, p := range ds.Places {
		ds.Places[i].CountryAtScale = CountryAt(ds.Countries, p.Location)
	}
	for i, e := range ds.Events {
		if e.Location != nil && e.Country != "" {
			ds.Events[i].CountryAtScale = CountryAt(ds.Countries, *e.Location)
		}
	}
}
