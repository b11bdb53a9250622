package geo

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
)

// Status is what the two states had settled about a stretch of the frontier.
type Status string

// The statuses. A delimited stretch has an agreed, described line; a
// contested one has none the two sides accept.
const (
	Contested Status = "contested"
	Delimited Status = "delimited"
)

// Valid reports whether s is one of the statuses.
func (s Status) Valid() bool { return s == Contested || s == Delimited }

// Period is a span during which a segment held one status.
type Period struct {
	Status Status `json:"status"`
	// ValidFrom is the first day the status held; zero when it held since
	// before the sources reach.
	ValidFrom Date `json:"valid_from,omitzero"`
	// ValidTo is the first day it no longer held (exclusive); zero while
	// it still holds.
	ValidTo Date `json:"valid_to,omitzero"`
	// Basis is what the status rests on: a protocol, an agreement, a
	// treaty, or the absence of one.
	Basis   string   `json:"basis"`
	Sources []string `json:"sources"`
}

// Holds reports whether the period covers instant t.
func (p Period) Holds(t time.Time) bool {
	if !p.ValidFrom.IsZero() && t.Before(p.ValidFrom.Time()) {
		return false
	}
	if !p.ValidTo.IsZero() && !t.Before(p.ValidTo.Time()) {
		return false
	}
	return true
}

// Segment is a stretch of the frontier with the history of its status.
type Segment struct {
	ID     string `json:"-"`
	Sector string `json:"sector"`
	// Line is the segment's geometry, lon/lat.
	Line orb.LineString `json:"-"`
	// GeometryQuality says how far the line can be trusted: "schematic"
	// while no official line has been published.
	GeometryQuality string   `json:"geometry_quality"`
	History         []Period `json:"status_history"`
	Notes           string   `json:"notes,omitempty"`
}

// ErrNoStatus is returned when a segment's history does not cover an instant.
var ErrNoStatus = errors.New("geo: no status recorded for that instant")

// At returns the period in force at instant t.
func (s Segment) At(t time.Time) (Period, error) {
	for _, p := range s.History {
		if p.Holds(t) {
			return p, nil
		}
	}
	return Period{}, fmt.Errorf("segment %s at %s: %w", s.ID, t.Format(time.RFC3339), ErrNoStatus)
}

// StatusAt returns the segment's status at instant t.
func (s Segment) StatusAt(t time.Time) (Status, error) {
	p, err := s.At(t)
	return p.Status, err
}

// HasStatusAt reports whether the segment's status at t is status
// (compared case-insensitively, as a query parameter is).
func (s Segment) HasStatusAt(status string, t time.Time) bool {
	p, err := s.At(t)
	return err == nil && strings.EqualFold(string(p.Status), status)
}

// ActiveIn reports whether any recorded period meets the interval.
func (s Segment) ActiveIn(iv Interval) bool {
	for _, p := range s.History {
		if iv.Overlaps(p.ValidFrom.Time(), p.ValidTo.Time()) {
			return true
		}
	}
	return false
}

// StatusesIn returns the statuses the segment held during the interval, in
// the order it held them, without repeats: a segment that changed inside
// the interval has two.
func (s Segment) StatusesIn(iv Interval) []Status {
	var out []Status
	for _, p := range s.History {
		if iv.Overlaps(p.ValidFrom.Time(), p.ValidTo.Time()) && !slices.Contains(out, p.Status) {
			out = append(out, p.Status)
		}
	}
	return out
}

// Sources is every source the segment's history cites, in order of first use.
func (s Segment) Sources() []string {
	var out []string
	for _, p := range s.History {
		for _, id := range p.Sources {
			if !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	return out
}

// LengthKm is the segment's length on the ground, in kilometres.
func (s Segment) LengthKm() float64 { return LengthKm(s.Line) }

// LengthKm is the length of g on the ground in kilometres: the haversine
// distance on orb's mean Earth radius, within half a percent of the
// ellipsoid at these latitudes, far inside the error of a schematic line.
func LengthKm(g orb.Geometry) float64 { return orbgeo.LengthHaversine(g) / 1000 }

// Changes returns the days on which any segment's status changed, sorted.
// Between two consecutive changes the whole frontier looks the same, which
// is what lets tiles for any instant in between share one cache entry.
func Changes(segs []Segment) []Date {
	var out []Date
	for _, s := range segs {
		for _, p := range s.History {
			for _, d := range []Date{p.ValidFrom, p.ValidTo} {
				if !d.IsZero() && !slices.Contains(out, d) {
					out = append(out, d)
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b Date) int { return a.Time().Compare(b.Time()) })
	return out
}

// StateAt returns the latest change on or before t: the key of the state the
// frontier was in at t. It is the zero Date before the first change.
func StateAt(changes []Date, t time.Time) Date {
	var out Date
	for _, d := range changes {
		if d.Time().After(t) {
			break
		}
		out = d
	}
	return out
}
