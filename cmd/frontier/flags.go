package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// The helpers every subcommand shares: its flags, the environment, the
// logger, and the usage errors that exit with status 2.

// usageError is a mistake in the command line: exit status 2, as flag uses.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func exitCode(err error) int {
	var u usageError
	if errors.As(err, &u) || errors.Is(err, flag.ErrHelp) {
		return 2
	}
	return 1
}

// env returns the environment's value for key, or def.
func env(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

// parseArgs parses a subcommand's flags around one positional argument,
// which may come before the flags ("frontier import events.csv
// --skip-invalid") as well as after them; "" when there is none. A second
// one is a usage error of cmd's.
func parseArgs(fs *flag.FlagSet, args []string, cmd string) (string, error) {
	var pos string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		pos, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return "", usageErr(err)
	}
	if pos == "" && fs.NArg() > 0 {
		pos = fs.Arg(0)
	} else if fs.NArg() > 0 {
		return "", usageError{fmt.Sprintf("%s: unexpected argument %q", cmd, fs.Arg(0))}
	}
	return pos, nil
}

// commaList splits a comma-separated flag, dropping empty entries; nil
// when there are none.
func commaList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// newLogger is the one logger, JSON on w, at the level --log-level names.
func newLogger(w io.Writer, level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, usageError{fmt.Sprintf("bad --log-level %q: want debug, info, warn or error", level)}
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l})), nil
}

// usageErr makes a flag set's parse error a usage error; -h stays
// flag.ErrHelp, which prints nothing more.
func usageErr(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	return usageError{err.Error()}
}
