package pmtiles

// TileID is the PMTiles id of tile z/x/y (spec §2.1): the tiles of every
// lower zoom counted first (4⁰ + 4¹ + … + 4^(z-1)), then the tile's place
// along the Hilbert curve over the 2^z × 2^z grid of its zoom. Neighbouring
// tiles get nearby ids, so a region's tiles sit together in the archive and
// in its directories.
func TileID(z, x, y uint32) uint64 {
	base := (uint64(1)<<(2*z) - 1) / 3
	var d uint64
	for s := uint32(1) << z >> 1; s > 0; s >>= 1 {
		var rx, ry uint32
		if x&s != 0 {
			rx = 1
		}
		if y&s != 0 {
			ry = 1
		}
		d += uint64(s) * uint64(s) * uint64((3*rx)^ry)
		// Turn the quadrant so that the curve inside it starts and ends
		// where the curve of the whole grid expects.
		if ry == 0 {
			if rx == 1 {
				x, y = s-1-x&(s-1), s-1-y&(s-1)
			}
			x, y = y, x
		}
	}
	return base + d
}
