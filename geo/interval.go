package geo

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Interval is a closed span of time [Start, End] as OGC API – Features reads
// its datetime parameter: an instant (Start equal to End), or an interval
// whose ends may be open ("..").
//
// A bare calendar date stands for the whole day: as an instant or a start it
// begins at 00:00 UTC, as an end it runs to the last instant of the day. So
// datetime=2022-09-16 selects everything that happened that day, and the
// status shown for it is the status at the day's end.
type Interval struct {
	Start, End         time.Time
	OpenStart, OpenEnd bool
}

// ErrInterval is returned for a datetime that is neither an instant nor an
// interval in the OGC form.
var ErrInterval = errors.New("geo: bad datetime")

// Instant returns the interval holding the single instant t.
func Instant(t time.Time) Interval { return Interval{Start: t, End: t} }

// Day returns the interval covering the whole of day d.
func Day(d Date) Interval {
	return Interval{Start: d.Time(), End: d.End().Add(-time.Nanosecond)}
}

// ParseInterval reads an OGC API – Features datetime value: an RFC 3339
// date-time or full-date, or two of them joined by "/", either of which may be
// ".." or empty for an open end. A reversed interval is an error.
func ParseInterval(s string) (Interval, error) {
	if s == "" {
		return Interval{}, fmt.Errorf("%w: empty", ErrInterval)
	}
	a, b, isInterval := strings.Cut(s, "/")
	if !isInterval {
		t, day, err := parseBound(a)
		if err != nil {
			return Interval{}, err
		}
		if day {
			return Day(DateOf(t)), nil
		}
		return Instant(t), nil
	}
	if strings.Contains(b, "/") {
		return Interval{}, fmt.Errorf("%w: %q has more than one '/'", ErrInterval, s)
	}
	var iv Interval
	if a == "" || a == ".." {
		iv.OpenStart = true
	} else {
		t, _, err := parseBound(a)
		if err != nil {
			return Interval{}, err
		}
		iv.Start = t
	}
	if b == "" || b == ".." {
		iv.OpenEnd = true
	} else {
		t, day, err := parseBound(b)
		if err != nil {
			return Interval{}, err
		}
		if day {
			t = DateOf(t).End().Add(-time.Nanosecond)
		}
		iv.End = t
	}
	if iv.OpenStart && iv.OpenEnd {
		return Interval{}, fmt.Errorf("%w: %q is open at both ends", ErrInterval, s)
	}
	if !iv.OpenStart && !iv.OpenEnd && iv.End.Before(iv.Start) {
		return Interval{}, fmt.Errorf("%w: %q ends before it starts", ErrInterval, s)
	}
	return iv, nil
}

// parseBound reads one RFC 3339 date-time or full-date; day reports a date.
func parseBound(s string) (t time.Time, day bool, err error) {
	// A bare date is the commonest form (the map asks for days), so it is
	// tried first when the length fits; a failed parse costs an error value.
	if len(s) == len(DateLayout) {
		if t, err := time.Parse(DateLayout, s); err == nil {
			return t, true, nil
		}
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), false, nil
	}
	// RFC 3339 allows a lower-case t and z and a space is common in the wild;
	// OGC follows RFC 3339 strictly, so only the letter case is forgiven.
	if t, err := time.Parse(time.RFC3339Nano, strings.ToUpper(s)); err == nil {
		return t.UTC(), false, nil
	}
	return time.Time{}, false, fmt.Errorf("%w: %q is not an RFC 3339 date-time or date", ErrInterval, s)
}

// AsOf is the instant whose state the interval shows: its end, or its start
// when the end is open, or now when both are.
func (iv Interval) AsOf(now time.Time) time.Time {
	switch {
	case !iv.OpenEnd && !iv.End.IsZero():
		return iv.End
	case !iv.OpenStart && !iv.Start.IsZero():
		if now.After(iv.Start) {
			return now
		}
		return iv.Start
	default:
		return now
	}
}

// Overlaps reports whether the half-open span [from, to) meets the interval.
// A zero from or to is open on that side.
func (iv Interval) Overlaps(from, to time.Time) bool {
	if !iv.OpenEnd && !from.IsZero() && from.After(iv.End) {
		return false
	}
	if !iv.OpenStart && !to.IsZero() && !to.After(iv.Start) {
		return false
	}
	return true
}

// String writes the interval back in the OGC form.
func (iv Interval) String() string {
	if !iv.OpenStart && !iv.OpenEnd && iv.Start.Equal(iv.End) {
		return iv.Start.Format(time.RFC3339Nano)
	}
	a, b := "..", ".."
	if !iv.OpenStart {
		a = iv.Start.Format(time.RFC3339Nano)
	}
	if !iv.OpenEnd {
		b = iv.End.Format(time.RFC3339Nano)
	}
	return a + "/" + b
}
