package geo

import "github.com/paulmach/orb"

// Country is a context polygon: Kyrgyzstan, Tajikistan, Uzbekistan.
type Country struct {
	ID       string           `json:"-"`
	Name     string           `json:"name"`
	ISO3     string           `json:"iso_a3"`
	Geometry orb.MultiPolygon `json:"-"`
	Source   string           `json:"source"`
}

// Place is a gazetteer entry: a settlement whose coordinates a source states.
type Place struct {
	ID        string    `json:"-"`
	Name      string    `json:"name"`
	Spellings []string  `json:"spellings,omitempty"`
	Country   string    `json:"country"`
	Admin     string    `json:"admin,omitempty"`
	Location  orb.Point `json:"-"`
	// AsStated is the coordinate as the source writes it ("39°51′N 70°35′E");
	// the point is its exact decimal value, not a rounding of it.
	AsStated string `json:"as_stated"`
	Note     string `json:"note,omitempty"`
	Source   string `json:"source"`
	// CountryAtScale is the country whose polygon holds the point at the
	// line's scale; computed by Dataset.CheckSides.
	CountryAtScale string `json:"-"`
}

// WrongSide reports whether, at the scale of the country polygons, the
// point falls inside another country than the one the place is in.
func (p Place) WrongSide() bool { return wrongSide(p.Country, p.CountryAtScale) }
