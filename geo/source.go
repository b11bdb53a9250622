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
	// Grade is facts.md's reliability grade: A, B or C.
	Grade string `json:"grade,omitempty"`
	Note  string `json:"note,omitempty"`
}

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
	// Claimant is who says so ("Kyrgyz Ministry of Health", "HRW").
	Claimant string `json:"claimant,omitempty"`
	AsOf     Date   `json:"as_of,omitzero"`
	Source   string `json:"source"`
	Note     string `json:"note,omitempty"`
}

// Max is the largest figure the claim allows for.
func (c Claim) Max() int {
	if c.High > c.Low {
		return c.High
	}
	return c.Low
}
