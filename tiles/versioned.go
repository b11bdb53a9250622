package tiles

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/frontier-map/frontier/geo"
)

// A versioned tile URL names the dataset version and the change state its
// tile was drawn from, /tiles/border/v/{version}/{state}/{z}/{x}/{y}.mvt,
// so its bytes never change: a CDN may keep it for a year, and an import
// publishes new URLs (through the TileJSON) instead of purging old ones.
// Every process serving one store derives the same URL, since the version
// is the store's and the state a day of its data.

// VersionedPathPrefix is where versioned tile URLs start.
const VersionedPathPrefix = "/tiles/border/v/"

// stateBefore names the state before the dataset's first change.
const stateBefore = "0"

// URLVersion is a dataset version as it goes into a URL path: as it is when
// it is short and made of letters, digits, '.', '_' and '-', else a hash
// of it.
func URLVersion(v string) string {
	ok := len(v) > 0 && len(v) <= 64
	for i := 0; ok && i < len(v); i++ {
		c := v[i]
		ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-'
	}
	if ok {
		return v
	}
	h := sha256.Sum256([]byte(v))
	return hex.EncodeToString(h[:8])
}

// URLState is a change state as it goes into a URL path: its day, or "0"
// before the first change.
func URLState(d geo.Date) string {
	if d.IsZero() {
		return stateBefore
	}
	return d.String()
}

// ParseURLState reads what URLState writes.
func ParseURLState(s string) (geo.Date, error) {
	if s == stateBefore {
		return geo.Date{}, nil
	}
	d, err := geo.ParseDate(s)
	if err != nil {
		return geo.Date{}, fmt.Errorf("%w: state %q is neither a day nor %q", ErrBadKey, s, stateBefore)
	}
	return d, nil
}

// VersionedTilePath is the versioned tile URL template of a View, as a
// TileJSON writes it.
func VersionedTilePath(v View) string {
	return VersionedPathPrefix + URLVersion(v.Version) + "/" + URLState(v.State) + "/{z}/{x}/{y}.mvt"
}
