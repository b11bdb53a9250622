package geo

// Source is a published text that a feature rests on. Its ID ("S18") is how
// features cite it; the list of sources travels with the dataset.
type Source struct {
	ID        string `json:"id"`
	Publisher string `json:"publisher"`
	Title     string `json:"title"`
	// URL is where the text can be read. It is empty only for a text the
	// project holds itself (the seed article), which Note then names.
	URL string `json:"url,omitempty"`
	// Published is the publication date as the source gives it: a day
	// ("2023-05-02"), a month ("2023-05"), or empty when it is not stated.
	Published string `json:"published,omitempty"`
	// Grade is facts.md's reliability grade: A, B or C (empty where the
	// research notes give none).
	Grade string `json:"grade,omitempty"`
	// Mirror is true when URL is a mirror or translation copy of the
	// original text, cited because the original could not be found.
	Mirror bool `json:"mirror,omitempty"`
	// MirrorURL is the copy the text was read in, when URL is the original
	// (Wikipedia's own article) and the research read a mirror of it.
	MirrorURL string `json:"mirror_url,omitempty"`
	Note      string `json:"note,omitempty"`
}

// Grades are the research notes' reliability grades: A, a primary or
// official statement, HRW, or several independent outlets agreeing; B, one
// reputable outlet or wire copy; C, a mirror, an aggregator, a non-English
// secondary page, or figures that disagree.
var Grades = []string{"A", "B", "C"}

// Claim is one party's figure for a count (killed, wounded, displaced, a
// quantity of weapons), as of a date, from a source. Competing claims are
// kept side by side, never averaged.
type Claim struct {
	// Low is the figure, or the low end of a range. Qualifier says how the
	// source hedges it ("at least", "more than", "about", "up to").
	Low int `json:"low"`
	// High is the high end of a range; zero when the claim is one figure.
	High      int    `json:"high,omitempty"`
	Qualifier string `json:"qualifier,omitempty"`
	// What is counted: "killed", "wounded", "displaced", "evacuated", ...
	What string `json:"what"`
	// Side is whose people the figure counts: "Kyrgyzstan", "Tajikistan",
	// "both", "civilians (both)".
	Side string `json:"side,omitempty"`
	// Claimant is who says so ("Kyrgyz Ministry of Health", "HRW"); every
	// claim names one. ClaimantSide is the side the claimant speaks for
	// ("Kyrgyzstan", "Tajikistan"), or "third party" (HRW, ECHO, a wire).
	Claimant     string `json:"claimant"`
	ClaimantSide string `json:"claimant_side,omitempty"`
	// AsOf is the date the source gives the figure for, where it gives
	// one, at AsOfPrecision (a day unless said otherwise).
	AsOf          Date          `json:"as_of,omitzero"`
	AsOfPrecision TimePrecision `json:"as_of_precision,omitempty"`
	// Scope is ScopeEpisode for a total over a whole episode (the April
	// 2021 clashes), which only an episode feature may carry.
	Scope string `json:"scope,omitempty"`
	// Standing marks an early or superseded figure, or the consolidated
	// one; unmarked claims are current. Claims are listed latest and
	// consolidated first, early and superseded ones after them.
	Standing string `json:"standing,omitempty"`
	Source   string `json:"source"`
	Note     string `json:"note,omitempty"`
}

// Claim scopes and standings.
const (
	ScopeEpisode       = "episode"
	StandingEarly      = "early"
	StandingSuperseded = "superseded"
	StandingConsolid   = "consolidated"
)

// ClaimantSides are the values ClaimantSide may take.
var ClaimantSides = []string{"", "Kyrgyzstan", "Tajikistan", "third party"}

// Outdated reports whether the claim is marked early or superseded.
func (c Claim) Outdated() bool {
	return c.Standing == StandingEarly || c.Standing == StandingSuperseded
}

// Max is the largest figure the claim allows for.
func (c Claim) Max() int {
	if c.High > c.Low {
		return c.High
	}
	return c.Low
}
