package geo

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Date is a calendar day. Frontier's sources date events and agreements to
// the day at best, so a day is the unit of the dataset; it is held as
// midnight UTC so that comparisons with request instants are plain time
// comparisons. (The sources give local dates, UTC+5/+6; an instant on a
// day's boundary is judged in UTC, and the README says so.)
type Date struct{ t time.Time }

// DateLayout is the ISO 8601 calendar date used in the seeds and the store.
const DateLayout = "2006-01-02"

// ErrDate is returned for a string that is not a calendar date.
var ErrDate = errors.New("geo: not a date (want YYYY-MM-DD)")

// NewDate returns the day y-m-d.
func NewDate(y int, m time.Month, d int) Date {
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// ParseDate reads an ISO 8601 calendar date, YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("%w: %q", ErrDate, s)
	}
	return Date{t}, nil
}

// DateOf returns the UTC day that contains t.
func DateOf(t time.Time) Date {
	y, m, d := t.UTC().Date()
	return NewDate(y, m, d)
}

// IsZero reports whether d is the zero Date, which stands for "not given".
func (d Date) IsZero() bool { return d.t.IsZero() }

// Time returns the first instant of the day, in UTC.
func (d Date) Time() time.Time { return d.t }

// End returns the first instant after the day.
func (d Date) End() time.Time { return d.t.AddDate(0, 0, 1) }

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// After reports whether d is a later day than e.
func (d Date) After(e Date) bool { return d.t.After(e.t) }

// String is the ISO 8601 form, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(DateLayout)
}

// MarshalJSON writes the ISO form, or null for the zero Date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads the ISO form; null or "" leave the zero Date.
func (d *Date) UnmarshalJSON(b []byte) error {
	var s *string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("%w: %s", ErrDate, b)
	}
	if s == nil || *s == "" {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(*s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// TimePrecision says how exactly a date is known, coded as ACLED codes its
// time_precision: 1 the day, 2 the week, 3 the month.
type TimePrecision int

// The time precisions.
const (
	PrecisionDay   TimePrecision = 1
	PrecisionWeek  TimePrecision = 2
	PrecisionMonth TimePrecision = 3
)

// Valid reports whether p is one of the three codes.
func (p TimePrecision) Valid() bool { return p >= PrecisionDay && p <= PrecisionMonth }

// Format renders d the way a reader should see it at precision p:
// "29 April 2021", "week of 14 September 2022", "September 2022".
func (p TimePrecision) Format(d Date) string {
	if d.IsZero() {
		return ""
	}
	switch p {
	case PrecisionWeek:
		return "week of " + d.t.Format("2 January 2006")
	case PrecisionMonth:
		return d.t.Format("January 2006")
	default:
		return d.t.Format("2 January 2006")
	}
}
