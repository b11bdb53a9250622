package geo

import "github.com/paulmach/orb"

// Filter selects features by place, time and id. The zero Filter selects
// everything.
type Filter struct {
	// BBox keeps features whose geometry's bounds meet it; features with no
	// geometry never meet a bbox.
	BBox *orb.Bound
	// Time keeps features whose own time meets the interval: a segment's
	// status periods, an event's dates, a deployment's dated claims.
	Time *Interval
	// ID keeps the one feature with that id.
	ID string
}
