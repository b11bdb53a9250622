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
	// IDs, when not nil, keeps only the features with these ids (the tile
	// renderer asks for the few events a cluster index found alone in
	// their cell).
	IDs []string
}

// EventPoint is what a map needs of a located event to count it into a
// cluster: where, when, and the killed claimed. The store reads it without
// decoding the rest of the event, so that a million of them fit in memory.
type EventPoint struct {
	ID       string
	Location orb.Point
	// Start and End are the event's first and last days (End equals Start
	// for a one-day event).
	Start, End Date
	// FatalitiesLow and FatalitiesHigh are the lowest and highest figure
	// claimed for the killed (Event.Figures); -1 when there is none.
	FatalitiesLow, FatalitiesHigh int
}
