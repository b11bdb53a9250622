package geo

import (
	"time"

	"github.com/paulmach/orb"
)

// GeoPrecision says how exactly a feature's place is known, coded as ACLED
// codes its geo_precision.
type GeoPrecision int

// The geo precisions. NoLocation is for a feature whose place no source
// locates at all: it has no geometry.
const (
	NoLocation    GeoPrecision = 0
	ExactPlace    GeoPrecision = 1 // the source states the place's coordinates
	NearPlace     GeoPrecision = 2 // near a named place whose coordinates a source states
	AreaOnly      GeoPrecision = 3 // only the area (district, region) is known
	maxPrecision               = AreaOnly
	geoPrecisionN              = 4
)

var geoPrecisionLabels = [geoPrecisionN]string{
	"no location published",
	"coordinates stated by the source",
	"near the named place",
	"only the area is known",
}

// Valid reports whether p is one of the codes.
func (p GeoPrecision) Valid() bool { return p >= NoLocation && p <= maxPrecision }

// String is the reader's wording of the precision.
func (p GeoPrecision) String() string {
	if !p.Valid() {
		return "unknown precision"
	}
	return geoPrecisionLabels[p]
}

// UncertaintyM is the radius, in metres, within which a feature at this
// precision lies: the arc-minute rounding of the gazetteer's coordinates for
// an exact place, a settlement's reach for a near one, a district for an
// area. The map draws it as a circle rather than a sharp pin.
func (p GeoPrecision) UncertaintyM() float64 {
	switch p {
	case ExactPlace:
		return 1000
	case NearPlace:
		return 5000
	case AreaOnly:
		return 25000
	default:
		return 0
	}
}

// Event is a clash or incident on or near the frontier.
type Event struct {
	ID            string        `json:"-"`
	Title         string        `json:"title"`
	DateStart     Date          `json:"date_start"`
	DateEnd       Date          `json:"date_end"`
	TimePrecision TimePrecision `json:"time_precision"`
	// DateBasis says what the dates stand for when they stand in for an
	// approximate one ("HRW's reporting window, 14–17 September").
	DateBasis string `json:"date_basis,omitempty"`
	// Kind is KindEpisode for a feature that sums up a whole episode (the
	// April 2021 clashes) and may carry its totals; empty for one event.
	Kind string `json:"kind,omitempty"`
	// Location is the point the map shows; nil when no source gives one.
	Location     *orb.Point   `json:"-"`
	GeoPrecision GeoPrecision `json:"geo_precision"`
	// LocationBasis says what the point stands for (a gazetteer place, a
	// district's reference point, the area two versions name); every
	// point has one.
	LocationBasis string `json:"location_basis,omitempty"`
	// AreaOf lists the gazetteer places an area-level point must cover,
	// where the sources' versions name different places: each lies
	// within the precision's uncertainty radius of the point.
	AreaOf []string `json:"area_of,omitempty"`
	// CountryAtScale is the country whose polygon (Natural Earth 1:10m)
	// holds the point; computed by Dataset.CheckSides, never hand-written.
	CountryAtScale string `json:"-"`
	// Place is the place the sources name, Spellings its other forms.
	Place        string   `json:"place"`
	Spellings    []string `json:"place_spellings,omitempty"`
	Admin1       string   `json:"admin1,omitempty"`
	Admin2       string   `json:"admin2,omitempty"`
	Country      string   `json:"country,omitempty"`
	EventType    string   `json:"event_type"`
	SubEventType string   `json:"sub_event_type,omitempty"`
	Actors       []string `json:"actors,omitempty"`
	// Claims are the casualty, displacement and evacuation figures, each
	// with who claims it and where it was published.
	Claims  []Claim  `json:"claims,omitempty"`
	Notes   string   `json:"notes,omitempty"`
	Sources []string `json:"sources"`
}

// KindEpisode marks a feature that stands for a whole episode.
const KindEpisode = "episode"

// WrongSide reports whether the point falls, at the line's scale, inside
// another country than the one the event is stated to be in.
func (e Event) WrongSide() bool {
	return wrongSide(e.Country, e.CountryAtScale)
}

func wrongSide(stated, atScale string) bool {
	return stated != "" && atScale != "" && stated != atScale
}

// Span is the event's time as a half-open span [start of DateStart, end of
// DateEnd).
func (e Event) Span() (from, to time.Time) {
	end := e.DateEnd
	if end.IsZero() {
		end = e.DateStart
	}
	return e.DateStart.Time(), end.End()
}

// In reports whether the event's span meets the interval.
func (e Event) In(iv Interval) bool {
	from, to := e.Span()
	return iv.Overlaps(from, to)
}

// Figures returns the lowest and highest figure claimed for what ("killed",
// "displaced", ...) over claims that count the same people, so that the range
// never sets one side's count against a total. Claims that count everyone
// (side "both" or unstated) are used when there are any; otherwise the claims
// are used only if they all count the same side. ok is false when there is
// no such set: the claims themselves, each with its side, are then the only
// honest answer. Claims marked early or superseded are left out.
func (e Event) Figures(what string) (low, high int, ok bool) {
	var total, all []Claim
	for _, c := range e.Claims {
		// An early or superseded figure is kept for the record, not for
		// the range a map or a table shows.
		if c.What != what || c.Outdated() {
			continue
		}
		all = append(all, c)
		if c.Side == "" || c.Side == "both" {
			total = append(total, c)
		}
	}
	use := total
	if len(use) == 0 {
		for _, c := range all {
			if c.Side != all[0].Side {
				return 0, 0, false
			}
		}
		use = all
	}
	for _, c := range use {
		if !ok || c.Low < low {
			low = c.Low
		}
		if !ok || c.Max() > high {
			high = c.Max()
		}
		ok = true
	}
	return low, high, ok
}

// DateLabel renders the event's date at its precision: "29 April 2021",
// "14–17 September 2022", "February 2021".
func (e Event) DateLabel() string {
	start := e.TimePrecision.Format(e.DateStart)
	if e.DateEnd.IsZero() || e.DateEnd == e.DateStart || e.TimePrecision != PrecisionDay {
		return start
	}
	s, t := e.DateStart.Time(), e.DateEnd.Time()
	switch {
	case s.Year() == t.Year() && s.Month() == t.Month():
		return s.Format("2") + "–" + t.Format("2 January 2006")
	case s.Year() == t.Year():
		return s.Format("2 January") + " – " + t.Format("2 January 2006")
	default:
		return start + " – " + e.TimePrecision.Format(e.DateEnd)
	}
}
