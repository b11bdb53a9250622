package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progress reports progress on stderr: a bar on a terminal, a plain line
// every tenth of the way otherwise (a log, CI).
func progress(stderr io.Writer, what string) func(done, total int) {
	if f, ok := stderr.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			var bar *progressbar.ProgressBar
			return func(done, total int) {
				if bar == nil {
					bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(stderr), progressbar.OptionSetDescription(what),
						progressbar.OptionShowCount(), progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
				}
				bar.Set(done)
				if done == total {
					bar.Finish()
				}
			}
		}
	}
	last := -1
	return func(done, total int) {
		if tenth := done * 10 / max(total, 1); tenth != last && (tenth > last) {
			last = tenth
			fmt.Fprintf(stderr, "%s: %d of %d (%d%%)\n", what, done, total, done*100/max(total, 1))
		}
	}
}
