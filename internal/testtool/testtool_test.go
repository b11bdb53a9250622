package testtool

import (
	"testing"
)

// outcome records how a look ended, standing in for the test it would end.
type outcome struct {
	testing.TB
	failed, skipped bool
}

func (o *outcome) Helper()               {}
func (o *outcome) Fatalf(string, ...any) { o.failed = true; panic(o) }
func (o *outcome) Skipf(string, ...any)  { o.skipped = true; panic(o) }
func run(name string, env map[string]string) (o outcome) {
	defer func() {
		if r := recover(); r != nil && r != &o {
			panic(r)
		}
	}()
	look(&o, name, func(k string) string { return env[k] })
	return o
}

func TestMissingToolFailsWhenRequired(t *testing.T) {
	const missing = "frontier-no-such-program"
	if o := run(missing, nil); !o.skipped || o.failed {
		t.Errorf("without %s: %+v, want a skip", RequireGDAL, o)
	}
	if o := run(missing, map[string]string{RequireGDAL: "1"}); !o.failed || o.skipped {
		t.Errorf("with %s: %+v, want a failure", RequireGDAL, o)
	}
	if o := run("sh", map[string]string{RequireGDAL: "1"}); o.failed || o.skipped {
		t.Errorf("an installed program: %+v", o)
	}
}
