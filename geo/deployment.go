package geo

import (
	"time"

	"github.com/paulmach/orb"
)

// StatusClaim is one source's dated statement about a deployment: ordered,
// delivered, deployed, in service, inaugurated, used. Two sources dating the
// same step differently are two claims.
type StatusClaim struct {
	Status        string        `json:"status"`
	Date          Date          `json:"date"`
	TimePrecision TimePrecision `json:"time_precision"`
	// DateBasis says what Date stands for when it stands in for an
	// approximate date ("early 2023").
	DateBasis string `json:"date_basis,omitempty"`
	// Claimant is who says so; every claim names one. ClaimantSide is as
	// for Claim: a Kyrgyz minister's word about Tajikistan's purchases is
	// a Kyrgyz claim.
	Claimant     string `json:"claimant"`
	ClaimantSide string `json:"claimant_side,omitempty"`
	Source       string `json:"source"`
	Note         string `json:"note,omitempty"`
}

// Deployment is a weapons system, plant or assistance programme in the
// build-up on either side of the frontier.
type Deployment struct {
	ID       string `json:"-"`
	System   string `json:"system"`
	Category string `json:"category"`
	Operator string `json:"operator"`
	Supplier string `json:"supplier,omitempty"`
	// Claims are the dated statements, earliest first.
	Claims       []StatusClaim `json:"status_claims"`
	IntendedArea string        `json:"intended_area,omitempty"`
	// Location is nil when no source gives one (most deployments).
	Location     *orb.Point   `json:"-"`
	GeoPrecision GeoPrecision `json:"geo_precision"`
	// LocationBasis says what the point stands for; every point has one.
	LocationBasis string   `json:"location_basis,omitempty"`
	Place         string   `json:"place,omitempty"`
	Quantity      []Claim  `json:"quantity,omitempty"`
	Notes         string   `json:"notes,omitempty"`
	Sources       []string `json:"sources"`
}

// Since is the earliest dated claim: from then on the deployment is part of
// the picture. It is the zero Date when no claim is dated.
func (d Deployment) Since() Date {
	var out Date
	for _, c := range d.Claims {
		if !c.Date.IsZero() && (out.IsZero() || c.Date.Before(out)) {
			out = c.Date
		}
	}
	return out
}

// In reports whether the deployment was part of the picture during the
// interval: its earliest claim is not after the interval's end.
func (d Deployment) In(iv Interval) bool {
	return iv.Overlaps(d.Since().Time(), time.Time{})
}

// StatusAt returns the latest claimed status on or before t, and the claim;
// ok is false before the first claim.
func (d Deployment) StatusAt(t time.Time) (c StatusClaim, ok bool) {
	for _, x := range d.Claims {
		if x.Date.IsZero() || x.Date.Time().After(t) {
			continue
		}
		if !ok || !x.Date.Before(c.Date) {
			c, ok = x, true
		}
	}
	return c, ok
}
