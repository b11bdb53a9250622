package tiles

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// MaxZoom is the deepest zoom Frontier serves. The line is schematic, derived
// from Natural Earth at 1:10m (about a kilometre on the ground), so past z14
// (under ten metres a screen pixel) a deeper tile would only magnify the
// same vertices; clients overzoom the z14 tiles instead, as the TileJSON's
// maxzoom tells them to.
const MaxZoom = 14

// ErrBadKey is returned for a tile coordinate that is not a plain decimal
// number: a sign, a space, a fraction, hexadecimal, or nothing at all.
var ErrBadKey = errors.New("tiles: bad tile key")

// ErrOutOfRange is returned for a well-formed tile coordinate that names no
// tile: a zoom past MaxZoom, or x or y at or past 2^z.
var ErrOutOfRange = errors.New("tiles: tile key out of range")

// Key names one tile in the XYZ (slippy map) scheme: y grows southwards.
type Key struct {
	Z, X, Y uint32
}

// ParseKey reads z, x and y as they appear in a tile URL. Each must be an
// unsigned decimal number; z at most MaxZoom; x and y below 2^z.
func ParseKey(z, x, y string) (Key, error) {
	zz, err := parseCoord("z", z)
	if err != nil {
		return Key{}, err
	}
	if zz > MaxZoom {
		return Key{}, fmt.Errorf("%w: zoom %d is past %d", ErrOutOfRange, zz, MaxZoom)
	}
	xx, err := parseCoord("x", x)
	if err != nil {
		return Key{}, err
	}
	yy, err := parseCoord("y", y)
	if err != nil {
		return Key{}, err
	}
	if xx >= 1<<zz || yy >= 1<<zz {
		return Key{}, fmt.Errorf("%w: %d/%s/%s: x and y must be below %d at zoom %d", ErrOutOfRange, zz, x, y, uint64(1)<<zz, zz)
	}
	return Key{Z: uint32(zz), X: uint32(xx), Y: uint32(yy)}, nil
}

// parseCoord reads one coordinate: ASCII digits only, with no sign, space or
// leading zero, so that every tile has exactly one URL (and one cache entry
// in a shared cache in front of Frontier). A number too long for any zoom is
// out of range rather than malformed.
func parseCoord(name, s string) (uint64, error) {
	if s == "" {
		return 0, fmt.Errorf("%w: %s is empty", ErrBadKey, name)
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, fmt.Errorf("%w: %s %q is not a decimal number", ErrBadKey, name, s)
		}
	}
	if len(s) > 1 && s[0] == '0' {
		return 0, fmt.Errorf("%w: %s %q has a leading zero", ErrBadKey, name, s)
	}
	if len(s) > 10 {
		return 0, fmt.Errorf("%w: %s has %d digits", ErrOutOfRange, name, len(s))
	}
	return strconv.ParseUint(s, 10, 64)
}

// Valid reports whether k names a tile Frontier serves.
func (k Key) Valid() bool {
	return k.Z <= MaxZoom && uint64(k.X) < 1<<k.Z && uint64(k.Y) < 1<<k.Z
}

// String is the key as it appears in a tile URL, "z/x/y".
func (k Key) String() string { return fmt.Sprintf("%d/%d/%d", k.Z, k.X, k.Y) }

// Tile is the key as orb's maptile.Tile.
func (k Key) Tile() maptile.Tile { return maptile.New(k.X, k.Y, maptile.Zoom(k.Z)) }

// Bound is the tile's extent in lon/lat.
func (k Key) Bound() orb.Bound { return k.Tile().Bound() }

// KeysIn returns every tile at zoom z that meets the bound, west to east and
// north to south.
func KeysIn(b orb.Bound, z uint32) []Key {
	zoom := maptile.Zoom(z)
	nw := maptile.At(orb.Point{b.Min[0], b.Max[1]}, zoom)
	se := maptile.At(orb.Point{b.Max[0], b.Min[1]}, zoom)
	out := make([]Key, 0, int(se.X-nw.X+1)*int(se.Y-nw.Y+1))
	for y := nw.Y; y <= se.Y; y++ {
		for x := nw.X; x <= se.X; x++ {
			out = append(out, Key{Z: z, X: x, Y: y})
		}
	}
	return out
}
