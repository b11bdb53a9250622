package main

import (
	"errors"
	"flag"
	"io"
	"testing"
)

func TestParseArgs(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		pos     string
		skip    bool
		code    int // exit status of the error; 0 for none
		message string
	}{
		{name: "the file first", args: []string{"events.csv", "--skip-invalid"}, pos: "events.csv", skip: true},
		{name: "the file last", args: []string{"--skip-invalid", "events.csv"}, pos: "events.csv", skip: true},
		{name: "no file", args: []string{"--skip-invalid"}, skip: true},
		{name: "two files", args: []string{"a.csv", "--skip-invalid", "b.csv"}, code: 2, message: `import: unexpected argument "b.csv"`},
		{name: "an unknown flag", args: []string{"a.csv", "--skip"}, code: 2, message: "flag provided but not defined: -skip"},
		{name: "help", args: []string{"-h"}, code: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("import", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			skip := fs.Bool("skip-invalid", false, "")
			pos, err := parseArgs(fs, tt.args, "import")
			if err != nil {
				if got := exitCode(err); got != tt.code || (tt.message != "" && err.Error() != tt.message) {
					t.Fatalf("error %q (exit %d), want %q (exit %d)", err, got, tt.message, tt.code)
				}
				if tt.name == "help" && !errors.Is(err, flag.ErrHelp) {
					t.Errorf("-h gave %v, not flag.ErrHelp", err)
				}
				return
			}
			if tt.code != 0 || pos != tt.pos || *skip != tt.skip {
				t.Errorf("got %q, skip %v; want %q, skip %v, exit %d", pos, *skip, tt.pos, tt.skip, tt.code)
			}
		})
	}
}
