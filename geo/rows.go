package geo

import (
	"bufio"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// Format is the layout of a file brought for import.
type Format int

const (
	// FormatGeoJSON is a FeatureCollection of one writable collection,
	// shaped like the seeds (DecodeFeatures).
	FormatGeoJSON Format = iota
	// FormatACLED is a CSV in the ACLED export's layout (ACLEDReader),
	// which holds clashes only.
	FormatACLED
)

// SniffFormat tells a file's format from its name and its first byte,
// which it peeks at without consuming: a name ending in .csv (any case),
// or a first byte that cannot open a JSON object (a desk's export saved
// under another name), is ACLED CSV; anything else is GeoJSON, whose
// decoder then says what is wrong with it.
func SniffFormat(name string, r *bufio.Reader) Format {
	if strings.EqualFold(filepath.Ext(name), ".csv") {
		return FormatACLED
	}
	if b, err := r.Peek(1); err == nil && b[0] != '{' && b[0] != ' ' && b[0] != '\n' && b[0] != '\r' && b[0] != '\t' {
		return FormatACLED
	}
	return FormatGeoJSON
}

// RowReader reads an imported file one row at a time; Read returns io.EOF
// after the last row. A row that does not decode or validate is a Row with
// Err set, not an error: only a file that cannot be read on is.
// *ACLEDReader is one.
type RowReader interface {
	Read() (Row, error)
}

// NewRowReader reads r, a file in format f holding features of the
// writable collection named, checking each against the sources known
// (the store's). An ACLED CSV streams row by row; a GeoJSON file is
// decoded whole first, as a FeatureCollection is one JSON value.
func NewRowReader(r io.Reader, f Format, collection string, known SourceIndex) (RowReader, error) {
	if f == FormatACLED {
		if collection != "clashes" {
			return nil, fmt.Errorf("geo: import: %w: an ACLED CSV holds clashes, not %s", ErrBadValue, collection)
		}
		return NewACLEDReader(r)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	rows, err := DecodeFeatures(b, collection, known)
	if err != nil {
		return nil, err
	}
	return &rowList{rows: rows}, nil
}

// rowList hands out rows decoded beforehand.
type rowList struct{ rows []Row }

func (l *rowList) Read() (Row, error) {
	if len(l.rows) == 0 {
		return Row{}, io.EOF
	}
	r := l.rows[0]
	l.rows = l.rows[1:]
	return r, nil
}
