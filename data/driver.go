package data

import (
	"database/sql"
	"sync"

	sqlite3 "github.com/mattn/go-sqlite3"
	"github.com/paulmach/orb"

	"github.com/frontier-map/frontier/geo"
)

// driverName is go-sqlite3 with the SQL functions the GeoPackage R-tree
// triggers call (ST_MinX, ST_MaxX, ST_MinY, ST_MaxY, ST_IsEmpty). GDAL and
// QGIS register their own when they open the file; Frontier registers these
// so that its own writes keep the spatial index current through the very
// same triggers, and an edit made in QGIS does too. frontier_meets is
// Frontier's own, for its queries only (no trigger or view calls it).
const driverName = "sqlite3_gpkg"

var registerOnce sync.Once

func register() {
	registerOnce.Do(func() {
		sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
			fns := []struct {
				name string
				fn   any
			}{
				{"ST_MinX", func(b []byte) (float64, error) { return coord(b, func(r [4]float64) float64 { return r[0] }) }},
				{"ST_MaxX", func(b []byte) (float64, error) { return coord(b, func(r [4]float64) float64 { return r[1] }) }},
				{"ST_MinY", func(b []byte) (float64, error) { return coord(b, func(r [4]float64) float64 { return r[2] }) }},
				{"ST_MaxY", func(b []byte) (float64, error) { return coord(b, func(r [4]float64) float64 { return r[3] }) }},
				{"ST_IsEmpty", stIsEmpty},
				{"frontier_meets", meets},
			}
			for _, f := range fns {
				if err := c.RegisterFunc(f.name, f.fn, true); err != nil {
					return err
				}
			}
			return nil
		}})
	})
}

func coord(b []byte, pick func([4]float64) float64) (float64, error) {
	bd, ok, err := bound(b)
	if err != nil || !ok {
		return 0, err
	}
	return pick([4]float64{bd.Min[0], bd.Max[0], bd.Min[1], bd.Max[1]}), nil
}

func stIsEmpty(b []byte) (bool, error) {
	if b == nil {
		return true, nil
	}
	_, ok, err := bound(b)
	return !ok, err
}

// meets is frontier_meets(geom, minx, miny, maxx, maxy): the exact bbox
// test (geo.Meets) on a stored geometry, for what the R-tree's boxes leave
// undecided.
func meets(b []byte, minx, miny, maxx, maxy float64) (bool, error) {
	g, err := decodeGeometry(b)
	if err != nil || g == nil {
		return false, err
	}
	return geo.Meets(g, orb.Bound{Min: orb.Point{minx, miny}, Max: orb.Point{maxx, maxy}}), nil
}
