package web

import (
	"github.com/paulmach/orb"

	"github.com/frontier-map/frontier/geo"
)

// meets is geo.Meets, the exact bbox test.
func meets(g orb.Geometry, b orb.Bound) bool { return geo.Meets(g, b) }
