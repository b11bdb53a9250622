package web

import (
	"slices"
	"testing"

	"github.com/frontier-map/frontier/i18n"
)

// TestBundledDataInRussian: a Russian reader (and, through the fallback, a
// Kyrgyz or Tajik one) reads every title, sector, deployment and key date of the
// bundled data in Russian, and the table holds no text the data has dropped,
// which would go stale unseen when a title is corrected.
func TestBundledDataInRussian(t *testing.T) {
	ds := loadDataset(t)
	var texts []string
	for _, e := range ds.Events {
		texts = append(texts, e.Title)
	}
	for _, s := range ds.Segments {
		texts = append(texts, s.Sector)
	}
	// A deployment's words too: who operates and supplies it, what it
	// is, where it is meant for.
	for _, d := range ds.Deployments {
		texts = append(texts, d.System, d.Operator, d.Category, d.Supplier, d.IntendedArea)
		for _, c := range d.Claims {
			texts = append(texts, c.Status)
		}
	}
	// The figures the parties reported on the border's status.
	for _, r := range ds.Reported {
		texts = append(texts, r.Figure)
	}
	// The title names the embed and its oEmbed answer (viewTitle).
	texts = append(texts, ds.Meta.Title)
	for _, m := range ds.Meta.Milestones {
		texts = append(texts, m.Short, m.Label)
	}
	cat := i18n.MustLoad()
	for _, code := range []string{"ru", "ky", "tg"} {
		l, ok := cat.Locale(code)
		if !ok {
			t.Fatalf("no %s locale", code)
		}
		for _, en := range texts {
			if en == "" {
				continue
			}
			if _, lang := l.DataText(en); lang != "ru" && lang != code {
				t.Errorf("%s: %q has no translation (shown as %s)", code, en, lang)
			}
		}
	}
	ru, _ := cat.Locale("ru")
	for en := range ru.Data() {
		if !slices.Contains(texts, en) {
			t.Errorf("i18n/data/ru.json translates %q, which the bundled data no longer has", en)
		}
	}
}
