package geo

import (
	"time"

	"github.com/paulmach/orb"
)

// Filter selects features by place, time and id. The zero Filter selects
// everything.
type Filter struct {
	// BBox keeps features whose geometry meets it (Meets: the geometry,
	// not its bounds); features with no geometry never meet a bbox.
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
	// Props keeps features whose property equals the value given: text
	// compared case-insensitively, whole numbers as written. Which
	// properties a layer filters on is the store's to say; it refuses
	// others with an error.
	Props map[string]string
	// Text keeps features whose searched properties (a collection's
	// Search) hold it, letters compared case-insensitively: the map page's
	// search at a scale where it cannot hold every feature.
	Text string
	// Limit, when above zero, keeps at most that many features in id
	// order, after skipping Offset of them. After, when set, keeps only
	// features whose id sorts after it: paging by key, where the next page
	// starts after the last id of the one before, costs what the first
	// page does, while a large Offset costs the features it skips.
	Limit, Offset int
	After         string
	// Now stands for the present where a property is judged at an instant
	// (a segment's status with no Time, or an interval open at its end);
	// the zero Now is the clock's.
	Now time.Time
}

// AsOf is the instant the filter judges a status at: the end of Time, or
// now.
func (f Filter) AsOf() time.Time {
	now := f.Now
	if now.IsZero() {
		now = time.Now()
	}
	if f.Time == nil {
		return now
	}
	return f.Time.AsOf(now)
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

// Extent is the space and time a layer's features cover.
type Extent struct {
	// Bound covers every geometry; nil when no feature has one.
	Bound *orb.Bound
	// First and Last are the earliest and latest day a feature's own
	// dates name; zero for a layer with no dates.
	First, Last Date
}
