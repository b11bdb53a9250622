package geo

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

func mustDate(t testing.TB, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func mustTime(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// vorukh has the history the bundled contested sectors have.
func vorukh(t testing.TB) Segment {
	return Segment{
		ID: "vorukh", Sector: "Vorukh enclave", GeometryQuality: "schematic",
		Line: orb.LineString{{70.5, 39.88}, {70.62, 39.85}},
		History: []Period{
			{Status: Contested, ValidTo: mustDate(t, "2025-02-21"), Basis: "no agreed line", Sources: []string{"S34"}},
			{Status: Delimited, ValidFrom: mustDate(t, "2025-02-21"), ValidTo: mustDate(t, "2025-03-13"), Basis: "agreement", Sources: []string{"S33"}},
			{Status: Delimited, ValidFrom: mustDate(t, "2025-03-13"), Basis: "treaty", Sources: []string{"S35", "S33"}},
		},
	}
}

func TestStatusAt(t *testing.T) {
	s := vorukh(t)
	tests := []struct {
		at    string
		want  Status
		basis string
	}{
		{"1991-12-26T00:00:00Z", Contested, "no agreed line"},
		{"2022-09-16T12:00:00Z", Contested, "no agreed line"},
		{"2025-02-20T23:59:59Z", Contested, "no agreed line"},
		{"2025-02-21T00:00:00Z", Delimited, "agreement"}, // valid_from is inclusive
		{"2025-03-12T23:59:59Z", Delimited, "agreement"},
		{"2025-03-13T00:00:00Z", Delimited, "treaty"}, // valid_to is exclusive
		{"2030-01-01T00:00:00Z", Delimited, "treaty"},
	}
	for _, tt := range tests {
		t.Run(tt.at, func(t *testing.T) {
			p, err := s.At(mustTime(t, tt.at))
			if err != nil {
				t.Fatal(err)
			}
			if p.Status != tt.want || p.Basis != tt.basis {
				t.Errorf("got %s (%s), want %s (%s)", p.Status, p.Basis, tt.want, tt.basis)
			}
		})
	}
}

func TestStatusAtGap(t *testing.T) {
	s := Segment{ID: "x", History: []Period{{Status: Delimited, ValidFrom: mustDate(t, "2025-03-13")}}}
	if _, err := s.StatusAt(mustTime(t, "2024-01-01T00:00:00Z")); !errors.Is(err, ErrNoStatus) {
		t.Errorf("before the first period: err = %v, want ErrNoStatus", err)
	}
}

func TestStatusesIn(t *testing.T) {
	s := vorukh(t)
	tests := []struct {
		iv   string
		want []Status
	}{
		{"2023-09-01", []Status{Contested}},
		{"2025-02-21", []Status{Delimited}},
		{"2025-02-20", []Status{Contested}},
		{"2025-01-01/2025-04-01", []Status{Contested, Delimited}},
		{"../2025-02-20T23:59:59Z", []Status{Contested}},
		{"../2025-02-21T00:00:00Z", []Status{Contested, Delimited}},
		{"2025-02-21T00:00:00Z/..", []Status{Delimited}},
	}
	for _, tt := range tests {
		t.Run(tt.iv, func(t *testing.T) {
			iv, err := ParseInterval(tt.iv)
			if err != nil {
				t.Fatal(err)
			}
			got := s.StatusesIn(iv)
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("got %v, want %v", got, tt.want)
				}
			}
		})
	}
}

func TestChangesAndStateAt(t *testing.T) {
	changes := Changes([]Segment{vorukh(t), vorukh(t)})
	if len(changes) != 2 || changes[0] != mustDate(t, "2025-02-21") || changes[1] != mustDate(t, "2025-03-13") {
		t.Fatalf("changes = %v", changes)
	}
	tests := []struct {
		at   string
		want string
	}{
		{"2023-09-01T00:00:00Z", ""},
		{"2025-02-21T00:00:00Z", "2025-02-21"},
		{"2025-03-01T10:00:00Z", "2025-02-21"},
		{"2026-01-01T00:00:00Z", "2025-03-13"},
	}
	for _, tt := range tests {
		if got := StateAt(changes, mustTime(t, tt.at)).String(); got != tt.want {
			t.Errorf("StateAt(%s) = %q, want %q", tt.at, got, tt.want)
		}
	}
}

func TestSources(t *testing.T) {
	got := vorukh(t).Sources()
	want := []string{"S34", "S33", "S35"}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}

func TestLengthKm(t *testing.T) {
	tests := []struct {
		name string
		line orb.LineString
		want float64
	}{
		// One degree of latitude is 111.2 km on orb's sphere.
		{"one degree north", orb.LineString{{70, 39}, {70, 40}}, 111.32},
		// A degree of longitude at 40°N is cos(40°) as long.
		{"one degree east at 40N", orb.LineString{{70, 40}, {71, 40}}, 111.32 * math.Cos(40*math.Pi/180)},
		{"a point", orb.LineString{{70, 40}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := LengthKm(tt.line)
			if math.Abs(got-tt.want) > 0.1 {
				t.Errorf("got %.3f km, want %.3f", got, tt.want)
			}
		})
	}
}

func TestStatsAt(t *testing.T) {
	contested := vorukh(t)
	delimited := Segment{ID: "d", Line: orb.LineString{{71, 39.5}, {71, 40.5}},
		History: []Period{{Status: Delimited, Basis: "x", Sources: []string{"S21"}}}}
	segs := []Segment{contested, delimited}
	total := contested.LengthKm() + delimited.LengthKm()

	st := StatsAt(segs, mustTime(t, "2023-09-01T00:00:00Z"))
	if math.Abs(st.MeasuredLengthKm-total) > 1e-9 {
		t.Errorf("measured %.3f, want %.3f", st.MeasuredLengthKm, total)
	}
	if want := contested.LengthKm() / total; math.Abs(st.Share[Contested]-want) > 1e-9 {
		t.Errorf("contested share %.4f, want %.4f", st.Share[Contested], want)
	}
	st = StatsAt(segs, mustTime(t, "2025-04-01T00:00:00Z"))
	if st.Km[Contested] != 0 || st.Share[Delimited] != 1 {
		t.Errorf("after the treaty: %+v", st)
	}
}
