package tiles

import (
	"errors"
	"testing"
)

func TestParseKey(t *testing.T) {
	tests := []struct {
		z, x, y string
		want    Key
		err     error
	}{
		{"0", "0", "0", Key{0, 0, 0}, nil},
		{"1", "1", "1", Key{1, 1, 1}, nil},
		{"12", "2853", "1549", Key{12, 2853, 1549}, nil},
		{"14", "16383", "16383", Key{14, 16383, 16383}, nil},
		{"", "0", "0", Key{}, ErrBadKey},
		{"1", "", "0", Key{}, ErrBadKey},
		{"1", "0", "", Key{}, ErrBadKey},
		{"-1", "0", "0", Key{}, ErrBadKey},
		{"+1", "0", "0", Key{}, ErrBadKey},
		{" 1", "0", "0", Key{}, ErrBadKey},
		{"1 ", "0", "0", Key{}, ErrBadKey},
		{"1", "0x1", "0", Key{}, ErrBadKey},
		{"1", "1.0", "0", Key{}, ErrBadKey},
		{"1", "1e0", "0", Key{}, ErrBadKey},
		{"1", "0", "1_0", Key{}, ErrBadKey},
		{"01", "0", "0", Key{}, ErrBadKey},
		{"2", "00", "0", Key{}, ErrBadKey},
		{"1", "a", "0", Key{}, ErrBadKey},
		{"1", "٣", "0", Key{}, ErrBadKey}, // an Arabic-Indic digit
		{"15", "0", "0", Key{}, ErrOutOfRange},
		{"31", "0", "0", Key{}, ErrOutOfRange},
		{"99999999999999999999", "0", "0", Key{}, ErrOutOfRange},
		{"0", "1", "0", Key{}, ErrOutOfRange},
		{"0", "0", "1", Key{}, ErrOutOfRange},
		{"3", "8", "0", Key{}, ErrOutOfRange},
		{"14", "16384", "0", Key{}, ErrOutOfRange},
		{"1", "4294967296", "0", Key{}, ErrOutOfRange},
	}
	for _, tt := range tests {
		t.Run(tt.z+"/"+tt.x+"/"+tt.y, func(t *testing.T) {
			got, err := ParseKey(tt.z, tt.x, tt.y)
			if !errors.Is(err, tt.err) {
				t.Fatalf("ParseKey: error %v, want %v", err, tt.err)
			}
			if err != nil {
				if got != (Key{}) {
					t.Errorf("ParseKey returned %v with an error", got)
				}
				if msg := err.Error(); len(msg) < 7 || msg[:7] != "tiles: " {
					t.Errorf("error %q is not prefixed with the package", msg)
				}
				return
			}
			if got != tt.want {
				t.Errorf("ParseKey = %v, want %v", got, tt.want)
			}
			if got.String() != tt.z+"/"+tt.x+"/"+tt.y {
				t.Errorf("String() = %q, want %s/%s/%s", got, tt.z, tt.x, tt.y)
			}
		})
	}
}

func TestKeyBound(t *testing.T) {
	// The z0 tile is the Web Mercator world; the tile over Batken at z12
	// contains Batken.
	w := Key{}.Bound()
	if w.Min[0] != -180 || w.Max[0] != 180 || w.Max[1] < 85.05 || w.Min[1] > -85.05 {
		t.Errorf("z0 bound = %v, want the Web Mercator world", w)
	}
	if b := keyAt(batken, 12).Bound(); !b.Contains(batken) {
		t.Errorf("bound %v of the z12 tile at Batken does not contain %v", b, batken)
	}
}

func TestKeysIn(t *testing.T) {
	b := Key{Z: 3, X: 5, Y: 3}.Bound()
	b.Min[0] += 1e-9
	b.Min[1] += 1e-9
	b.Max[0] -= 1e-9
	b.Max[1] -= 1e-9
	if got := KeysIn(b, 3); len(got) != 1 || got[0] != (Key{3, 5, 3}) {
		t.Errorf("KeysIn(tile 3/5/3, 3) = %v", got)
	}
	if got := KeysIn(b, 5); len(got) != 16 {
		t.Errorf("KeysIn(tile 3/5/3, 5) has %d keys, want 16", len(got))
	}
}

// FuzzParseKey: ParseKey never panics, and what it accepts is a valid key
// that prints back as the input.
func FuzzParseKey(f *testing.F) {
	for _, s := range [][3]string{{"0", "0", "0"}, {"14", "16383", "1"}, {"-1", "+2", " 3"}, {"01", "0x1", "1e3"}} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, z, x, y string) {
		k, err := ParseKey(z, x, y)
		if err != nil {
			if !errors.Is(err, ErrBadKey) && !errors.Is(err, ErrOutOfRange) {
				t.Fatalf("error %v wraps neither sentinel", err)
			}
			return
		}
		if !k.Valid() {
			t.Fatalf("accepted invalid key %v", k)
		}
		if k.String() != z+"/"+x+"/"+y {
			t.Fatalf("%s/%s/%s parsed as %v", z, x, y, k)
		}
	})
}
