package tiles

import (
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"
)

// TestCoarseCountriesStayClose: the countries of a tile at z0 to
// coarseMaxZoom, drawn from outlines simplified once for their zoom (to a
// unit) and then again for the tile (to Tolerance), stay close to the true
// outline cut to the same tile, both ways: no drawn vertex lies more than
// 3 units from it, and no true vertex more than 7 (under a screen pixel on
// a 512-pixel tile) from the drawn outline, except on a ring under 24
// units across, which simplification may leave out as it did before
// (shapeRing drops a ring it collapses to a sliver).
func TestCoarseCountriesStayClose(t *testing.T) {
	src := seedSource(t)
	r := NewRenderer(src, Options{CacheBytes: -1})
	box := frontierBound(src)
	for z := range uint32(coarseMaxZoom + 1) {
		for _, k := range KeysIn(box, z) {
			drawn := decode(t, tile(t, r, k, goldenAsOf))[LayerCountries]
			if drawn == nil {
				t.Fatalf("tile %s has no countries", k)
			}
			truth := &mvt.Layer{Name: LayerCountries, Extent: Extent, Version: 2}
			for _, f := range countryFeatures(src.ds.Countries) {
				tf := geojson.NewFeature(orb.Clone(f.Geometry))
				tf.Properties = f.Properties
				truth.Features = append(truth.Features, tf)
			}
			truth.ProjectToTile(k.Tile())
			truth.Clip(bufferedExtent)
			byID := map[string]orb.Geometry{}
			for _, f := range truth.Features {
				if f.Geometry != nil {
					byID[f.Properties.MustString("id", "")] = f.Geometry
				}
			}
			for _, f := range drawn.Features {
				id := f.Properties.MustString("id", "")
				want, ok := byID[id]
				if !ok {
					t.Errorf("tile %s: country %s drawn where it does not reach", k, id)
					continue
				}
				strays, behind := 0.0, 0.0
				for _, p := range vertices(f.Geometry) {
					strays = max(strays, planar.DistanceFrom(outline(want), p))
				}
				for _, ring := range rings(want) {
					if b := ring.Bound(); b.Max.X()-b.Min.X() < 24 && b.Max.Y()-b.Min.Y() < 24 {
						continue
					}
					for _, p := range ring {
						behind = max(behind, planar.DistanceFrom(outline(f.Geometry), p))
					}
				}
				if strays > 3 || behind > 7 {
					t.Errorf("tile %s: country %s: a drawn vertex %.1f units from the true outline, a true one %.1f from the drawn", k, id, strays, behind)
				}
			}
		}
	}
}

func rings(g orb.Geometry) []orb.Ring {
	switch g := g.(type) {
	case orb.Polygon:
		return g
	case orb.MultiPolygon:
		var out []orb.Ring
		for _, p := range g {
			out = append(out, p...)
		}
		return out
	}
	return nil
}
