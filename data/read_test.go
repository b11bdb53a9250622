package data

import (
	"encoding/json"
	"slices"
	"testing"
)

// sameAsUnmarshal fails unless stringList reads s as json.Unmarshal reads
// it into a []string, where it reads it at all.
func sameAsUnmarshal(t *testing.T, s string) (fast bool) {
	t.Helper()
	got, ok := stringList(s)
	if !ok {
		return false
	}
	var want []string
	if err := json.Unmarshal([]byte(s), &want); err != nil {
		t.Fatalf("%q: read as %q, but encoding/json refuses it: %v", s, got, err)
	}
	if !slices.Equal(got, want) || (got == nil) != (want == nil) {
		t.Fatalf("%q: %q, encoding/json %q", s, got, want)
	}
	return true
}

func TestStringList(t *testing.T) {
	for _, tc := range []struct {
		in   string
		fast bool
	}{
		{`["a"]`, true}, {`["a","b"]`, true}, {`[""]`, true}, {`["",""]`, true}, {`["Ворух","Vorukh"]`, true},
		{`["a,b","c"]`, true}, {`["line\u2028sep"]`, false}, {"[\"line\u2028sep\"]", true}, {`["a\"b"]`, false},
		{`["a", "b"]`, false}, {`[1]`, false}, {`["a",1]`, false}, {`null`, false}, {`["]`, false}, {`["a"]x"]`, false},
		{`["a","b"],["c"]`, false}, {"[\"tab\t\"]", false}, {"[\"bad\xff\"]", false}, {`[ "a"]`, false}, {`["a"`, false},
	} {
		if fast := sameAsUnmarshal(t, tc.in); fast != tc.fast {
			t.Errorf("%q: read without encoding/json %v, want %v", tc.in, fast, tc.fast)
		}
	}
	// What the store writes reads back.
	for _, list := range [][]string{{"a"}, {"Military Forces of Kyrgyzstan (2021-)", "Rioters (Tajikistan)"}, {"x <&> y"}, {""}} {
		b, _ := json.Marshal(list)
		sameAsUnmarshal(t, string(b))
	}
}

// FuzzStringList: whatever stringList reads, it reads as encoding/json does.
func FuzzStringList(f *testing.F) {
	for _, s := range []string{`["a","b"]`, `[""]`, `["a\"b"]`, `["Ворух"]`, `[1,"a"]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { sameAsUnmarshal(t, s) })
}
