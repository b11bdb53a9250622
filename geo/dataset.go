package geo

import (
	"slices"
	"time"
)

// Milestone is a dated turn in the story: a clash, a protocol, the treaty.
// The map marks them on its time control.
type Milestone struct {
	Date          Date          `json:"date"`
	DateEnd       Date          `json:"date_end,omitzero"`
	TimePrecision TimePrecision `json:"time_precision"`
	// Short is the headline the time control shows: one whole sentence,
	// never a label cut mid-phrase.
	Short   string   `json:"short"`
	Label   string   `json:"label"`
	Sources []string `json:"sources"`
}

// ShortMax is the longest Short a milestone may have: what the time
// control's list shows on a phone without wrapping to a third line.
const ShortMax = 80

// LengthClaim is one source's figure for the frontier's length.
type LengthClaim struct {
	Km float64 `json:"km"`
	// Qualifier is the source's hedge ("approximately", "nearly").
	Qualifier string `json:"qualifier,omitempty"`
	Source    string `json:"source"`
	Note      string `json:"note,omitempty"`
}

// Meta is what the dataset says about itself.
type Meta struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	// OfficialLengthKm is the length officials give (972 km, the figure
	// Kyrgyz officials use), with its source. The measured length of the
	// schematic line is reported beside it and never stretched to match.
	OfficialLengthKm     float64       `json:"official_length_km"`
	OfficialLengthSource string        `json:"official_length_source"`
	ReportedLengths      []LengthClaim `json:"reported_lengths"`
	Milestones           []Milestone   `json:"milestones"`
	License              string        `json:"license"`
	Attribution          string        `json:"attribution"`
	Disclaimer           string        `json:"disclaimer"`
	// Corrections lists every change to a published fact, oldest first.
	Corrections []Correction `json:"corrections"`
}

// Dataset is everything Frontier serves.
type Dataset struct {
	Meta        Meta
	Sources     []Source
	Segments    []Segment
	Events      []Event
	Deployments []Deployment
	Countries   []Country
	Places      []Place
	// Reported are the reported figures on the frontier's status and
	// length, in date order.
	Reported []ReportedFigure
}

// SourceIndex finds sources by ID.
type SourceIndex map[string]Source

// Index returns the dataset's sources by ID.
func (ds Dataset) Index() SourceIndex {
	idx := make(SourceIndex, len(ds.Sources))
	for _, s := range ds.Sources {
		idx[s.ID] = s
	}
	return idx
}

// Resolve returns the sources with the given IDs, in that order, skipping
// IDs it does not know (validation reports those).
func (idx SourceIndex) Resolve(ids []string) []Source {
	out := make([]Source, 0, len(ids))
	for _, id := range ids {
		if s, ok := idx[id]; ok {
			out = append(out, s)
		}
	}
	return out
}

// Stats is the frontier's length by status as of an instant.
type Stats struct {
	AsOf                 time.Time          `json:"as_of"`
	OfficialLengthKm     float64            `json:"official_length_km"`
	OfficialLengthSource Source             `json:"official_length_source"`
	MeasuredLengthKm     float64            `json:"measured_length_km"`
	Km                   map[Status]float64 `json:"km"`
	Share                map[Status]float64 `json:"share"`
	Segments             map[Status]int     `json:"segments"`
}

// StatsAt measures the segments as of t. A segment with no recorded status
// at t counts toward the measured length only.
func StatsAt(segs []Segment, t time.Time) Stats {
	st := Stats{
		AsOf:     t,
		Km:       map[Status]float64{Contested: 0, Delimited: 0},
		Share:    map[Status]float64{Contested: 0, Delimited: 0},
		Segments: map[Status]int{Contested: 0, Delimited: 0},
	}
	for _, s := range segs {
		km := s.LengthKm()
		st.MeasuredLengthKm += km
		if status, err := s.StatusAt(t); err == nil {
			st.Km[status] += km
			st.Segments[status]++
		}
	}
	if st.MeasuredLengthKm > 0 {
		for k, v := range st.Km {
			st.Share[k] = v / st.MeasuredLengthKm
		}
	}
	return st
}

// Extent is the span of time the dataset covers: the first and last dated
// thing in it.
func (ds Dataset) Extent() (first, last Date) {
	var dates []Date
	for _, s := range ds.Segments {
		for _, p := range s.History {
			dates = append(dates, p.ValidFrom, p.ValidTo)
		}
	}
	for _, e := range ds.Events {
		dates = append(dates, e.DateStart, e.DateEnd)
	}
	for _, d := range ds.Deployments {
		for _, c := range d.Claims {
			dates = append(dates, c.Date)
		}
	}
	dates = slices.DeleteFunc(dates, Date.IsZero)
	if len(dates) == 0 {
		return Date{}, Date{}
	}
	cmp := func(a, b Date) int { return a.Time().Compare(b.Time()) }
	return slices.MinFunc(dates, cmp), slices.MaxFunc(dates, cmp)
}
