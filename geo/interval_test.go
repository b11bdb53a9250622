package geo

import (
	"errors"
	"testing"
	"time"
)

func TestParseInterval(t *testing.T) {
	day := func(s string) time.Time { return mustTime(t, s) }
	endOf := func(s string) time.Time { return day(s).Add(24*time.Hour - time.Nanosecond) }
	tests := []struct {
		in   string
		want Interval
	}{
		{"2022-09-16T10:00:00Z", Interval{Start: day("2022-09-16T10:00:00Z"), End: day("2022-09-16T10:00:00Z")}},
		{"2022-09-16T16:00:00+06:00", Interval{Start: day("2022-09-16T10:00:00Z"), End: day("2022-09-16T10:00:00Z")}},
		{"2022-09-16", Interval{Start: day("2022-09-16T00:00:00Z"), End: endOf("2022-09-16T00:00:00Z")}},
		{"2022-09-14/2022-09-20", Interval{Start: day("2022-09-14T00:00:00Z"), End: endOf("2022-09-20T00:00:00Z")}},
		{"../2022-09-20T00:00:00Z", Interval{OpenStart: true, End: day("2022-09-20T00:00:00Z")}},
		{"/2022-09-20T00:00:00Z", Interval{OpenStart: true, End: day("2022-09-20T00:00:00Z")}},
		{"2022-09-14T00:00:00Z/..", Interval{Start: day("2022-09-14T00:00:00Z"), OpenEnd: true}},
		{"2022-09-14T00:00:00Z/", Interval{Start: day("2022-09-14T00:00:00Z"), OpenEnd: true}},
		{"2022-09-16t10:00:00z", Interval{Start: day("2022-09-16T10:00:00Z"), End: day("2022-09-16T10:00:00Z")}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseInterval(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Start.Equal(tt.want.Start) || !got.End.Equal(tt.want.End) || got.OpenStart != tt.want.OpenStart || got.OpenEnd != tt.want.OpenEnd {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestParseIntervalRejects(t *testing.T) {
	for _, in := range []string{
		"", "..", "../..", "/", "2022-13-01", "2022-09-31", "yesterday", "2022-09-16T25:00:00Z",
		"2022-09-20/2022-09-14", "2022-09-14/2022-09-20/2022-09-30", "2022-09-16 10:00:00", "1663322400",
	} {
		t.Run(in, func(t *testing.T) {
			if got, err := ParseInterval(in); !errors.Is(err, ErrInterval) {
				t.Errorf("got %+v, %v; want ErrInterval", got, err)
			}
		})
	}
}

func TestOverlaps(t *testing.T) {
	iv, _ := ParseInterval("2022-09-16")
	tests := []struct {
		name     string
		from, to string
		want     bool
	}{
		{"the same day", "2022-09-16T00:00:00Z", "2022-09-17T00:00:00Z", true},
		{"the day before, ending at midnight", "2022-09-15T00:00:00Z", "2022-09-16T00:00:00Z", false},
		{"the day after", "2022-09-17T00:00:00Z", "2022-09-18T00:00:00Z", false},
		{"a week around it", "2022-09-14T00:00:00Z", "2022-09-21T00:00:00Z", true},
	}
	for _, tt := range tests {
		if got := iv.Overlaps(mustTime(t, tt.from), mustTime(t, tt.to)); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
	if !iv.Overlaps(time.Time{}, time.Time{}) {
		t.Error("an open span must meet every interval")
	}
}

func FuzzParseInterval(f *testing.F) {
	for _, s := range []string{"2022-09-16", "2022-09-14/2022-09-20", "../2022-09-20T00:00:00Z", "2022-09-14T00:00:00Z/..", "x/y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		iv, err := ParseInterval(s)
		if err != nil {
			return
		}
		if !iv.OpenStart && !iv.OpenEnd && iv.End.Before(iv.Start) {
			t.Fatalf("%q: accepted a reversed interval %+v", s, iv)
		}
		back, err := ParseInterval(iv.String())
		if err != nil {
			t.Fatalf("%q: its own String %q does not parse: %v", s, iv.String(), err)
		}
		if !back.Start.Equal(iv.Start) || !back.End.Equal(iv.End) || back.OpenStart != iv.OpenStart || back.OpenEnd != iv.OpenEnd {
			t.Fatalf("%q: round trip %+v != %+v", s, back, iv)
		}
	})
}
