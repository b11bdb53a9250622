package geo

import (
	"slices"
	"time"
)

// ReportedFigure is one party's figure for how much of the frontier was
// agreed, described or contested, or how long it is, as of a date. The
// 2023–24 partial agreements cannot be placed on the schematic line, so
// these figures are shown beside its measured share: claims side by side,
// never averaged, each with its claimant and sources.
type ReportedFigure struct {
	ID            string        `json:"id"`
	Date          Date          `json:"date"`
	TimePrecision TimePrecision `json:"time_precision"`
	// DateBasis says what Date stands for when the source dates the
	// figure only roughly ("up to 2020").
	DateBasis    string `json:"date_basis,omitempty"`
	Claimant     string `json:"claimant"`
	ClaimantSide string `json:"claimant_side,omitempty"`
	// Kind is FigureStatus for the state of the whole frontier,
	// FigureRound for the length agreed in one round of talks, or
	// FigureLength for the frontier's total length.
	Kind string `json:"kind"`
	// Measure is what is counted: "agreed", "contested", "described",
	// "yet to be described", "delimited and demarcated", "length".
	Measure string `json:"measure"`
	// Figure is the figure as the source words it, qualifier included
	// ("over 90%", "around half"). Value, ValueHigh and Unit repeat it as
	// numbers only where the source gives digits; a "half" stays words.
	Figure    string  `json:"figure"`
	Qualifier string  `json:"qualifier,omitempty"`
	Value     float64 `json:"value,omitempty"`
	ValueHigh float64 `json:"value_high,omitempty"`
	Unit      string  `json:"unit,omitempty"`
	// OfKm is the total length the source measures against, where given.
	OfKm    float64  `json:"of_km,omitempty"`
	Sources []string `json:"sources"`
	// Grade is the research notes' grade for this figure (A, B or C).
	Grade string `json:"grade"`
	Note  string `json:"note,omitempty"`
}

// The kinds of reported figure.
const (
	FigureStatus = "status"
	FigureRound  = "round"
	FigureLength = "length"
)

var figureKinds = []string{FigureStatus, FigureRound, FigureLength}

// Qualifiers are the hedges a source may put on a figure, kept as the
// source words them.
var Qualifiers = []string{"", "at least", "more than", "slightly more than", "over", "about", "around",
	"approximately", "nearly", "up to", "only"}

// ReportedUpTo returns the figures dated on or before t, earliest first,
// ties in the dataset's order.
func ReportedUpTo(figs []ReportedFigure, t time.Time) []ReportedFigure {
	out := make([]ReportedFigure, 0, len(figs))
	for _, f := range figs {
		if !f.Date.IsZero() && !f.Date.Time().After(t) {
			out = append(out, f)
		}
	}
	slices.SortStableFunc(out, func(a, b ReportedFigure) int { return a.Date.Time().Compare(b.Date.Time()) })
	return out
}

// Correction is one change to a published fact: when, which feature, what
// changed and why. The dataset lists them oldest first.
type Correction struct {
	Date    Date   `json:"date"`
	Feature string `json:"feature"`
	Change  string `json:"change"`
	Reason  string `json:"reason"`
}
