package i18n

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestCatalogsHaveTheSameKeys: a key missing from one language would show
// English (or the key) in the middle of that language's page.
func TestCatalogsHaveTheSameKeys(t *testing.T) {
	c := MustLoad()
	en := c.English().Keys()
	for _, code := range Codes[1:] {
		l, _ := c.Locale(code)
		keys := l.Keys()
		for _, k := range en {
			if !slices.Contains(keys, k) {
				t.Errorf("messages/%s.json has no %q", code, k)
			}
		}
		for _, k := range keys {
			if !slices.Contains(en, k) {
				t.Errorf("messages/%s.json has %q, which messages/en.json has not", code, k)
			}
		}
	}
}

// TestPlaceholdersMatch: a translation that drops or renames {n} would
// print a number nowhere or print "{n}".
func TestPlaceholdersMatch(t *testing.T) {
	c := MustLoad()
	en := c.English()
	names := func(m Message) []string {
		texts := []string{m.Text}
		for _, f := range m.Forms {
			texts = append(texts, f)
		}
		var out []string
		for _, s := range texts {
			for _, p := range placeholder.FindAllStringSubmatch(s, -1) {
				if !slices.Contains(out, p[1]) {
					out = append(out, p[1])
				}
			}
		}
		slices.Sort(out)
		return out
	}
	for _, code := range Codes[1:] {
		l, _ := c.Locale(code)
		for k, m := range l.messages {
			want := names(en.messages[k])
			if got := names(m); !slices.Equal(got, want) {
				t.Errorf("%s %q has placeholders %v, English %v", code, k, got, want)
			}
			if (m.Forms == nil) != (en.messages[k].Forms == nil) && m.Forms != nil && !slices.Contains(names(m), "n") {
				t.Errorf("%s %q has plural forms but no {n}", code, k)
			}
		}
	}
}

// The places in the repository whose code reads messages: the server's Go
// code and templates, and the page's scripts.
var sourceRoots = []string{".", "../web", "../tiles", "../cmd"}

var (
	// A key named in a call: t('key'), T("key"), {{t "key"}}.
	keyCall = regexp.MustCompile(`(?:\bt\(\s*|\.T\(\s*|\{\{-?\s*t\s+|\(t\s+)["'\x60]([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)["'\x60]`)
	// Any quoted text that could be a key or a family of keys ("month.",
	// `layer.${name}`).
	quoted = regexp.MustCompile(`["'\x60]([a-z][a-z0-9_]*\.[a-z0-9_.]*)`)
	// A family of the data's vocabulary read by a word helper:
	// word('country', …) in the page, dataWord(l, "status", …) in Go.
	wordFamily = regexp.MustCompile(`\b(?:word|dataWord|wordCell)\(\s*(?:l,\s*)?["']([a-z_]+)["']`)
)

func sources(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, root := range sourceRoots {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				switch d.Name() {
				case "vendor", "testdata", "browsertest", "node_modules":
					return filepath.SkipDir
				}
				return nil
			}
			ext := filepath.Ext(p)
			if strings.HasSuffix(p, "_test.go") || (ext != ".go" && ext != ".html" && ext != ".js") {
				return nil
			}
			b, err := os.ReadFile(p)
			out[p] = string(b)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestEveryKeyUsedExistsAndEveryKeyIsUsed: the code names no key the
// catalogs lack, and the catalogs hold no key the code never reads (a
// translator's time is not spent on dead text). A key read through its
// family (`month.${m}`, "month.%d") counts as used when the family's
// prefix is quoted in the code.
func TestEveryKeyUsedExistsAndEveryKeyIsUsed(t *testing.T) {
	en := MustLoad().English()
	used := map[string]bool{}
	var quotes []string
	for p, src := range sources(t) {
		for _, m := range keyCall.FindAllStringSubmatch(src, -1) {
			used[m[1]] = true
			if !en.Has(m[1]) {
				t.Errorf("%s reads %q, which messages/en.json has not", p, m[1])
			}
		}
		for _, m := range quoted.FindAllStringSubmatch(src, -1) {
			quotes = append(quotes, m[1])
		}
		for _, m := range wordFamily.FindAllStringSubmatch(src, -1) {
			quotes = append(quotes, m[1]+".")
		}
	}
	if len(used) == 0 {
		t.Fatal("no key found in the code: the scan is broken")
	}
	for _, k := range en.Keys() {
		if used[k] {
			continue
		}
		family := k[:strings.LastIndexByte(k, '.')+1]
		if !slices.ContainsFunc(quotes, func(q string) bool {
			return q == k || q == family || strings.HasPrefix(q, family) && strings.ContainsAny(q[len(family):], "%$")
		}) {
			t.Errorf("messages/*.json have %q, which no code reads", k)
		}
	}
}

// TestDatesFollowCLDR: the server's dates are those Intl.DateTimeFormat
// writes in the page (CLDR's long date; Node 22 and Chromium agree).
func TestDatesFollowCLDR(t *testing.T) {
	c := MustLoad()
	day := time.Date(2022, 9, 16, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		code string
		p    Precision
		want string
	}{
		{"en", 1, "16 September 2022"},
		{"en", 3, "September 2022"},
		{"en", 2, "week of 16 September 2022"},
		{"ru", 1, "16 сентября 2022 г."},
		{"ru", 3, "сентябрь 2022 г."},
		{"ky", 1, "2022-ж., 16-сентябрь"},
		{"ky", 3, "2022-ж., сентябрь"},
		{"tg", 1, "16 Сентябр 2022"},
		{"tg", 3, "Сентябр 2022"},
	} {
		l, _ := c.Locale(tc.code)
		if got := l.Date(day, tc.p); got != tc.want {
			t.Errorf("%s at precision %d: %q, want %q", tc.code, tc.p, got, tc.want)
		}
	}
}

// TestNumbersAndPlurals: numbers as Intl.NumberFormat writes them, and
// Russian's three forms chosen by CLDR's rules.
func TestNumbersAndPlurals(t *testing.T) {
	c := MustLoad()
	for code, want := range map[string]string{"en": "12,345.6", "ru": "12\u00a0345,6", "ky": "12\u00a0345,6", "tg": "12\u00a0345,6"} {
		l, _ := c.Locale(code)
		if got := l.Number(12345.6, 1); got != want {
			t.Errorf("%s: %q, want %q", code, got, want)
		}
	}
	ru, _ := c.Locale("ru")
	for n, want := range map[any]string{1: "one", 2: "few", 5: "many", 21: "one", 1.5: "other", 0: "many"} {
		if got := ru.form(n); got != want {
			t.Errorf("ru form of %v: %s, want %s", n, got, want)
		}
	}
	l := &Locale{Code: "ru", Tag: ru.Tag, printer: ru.printer, messages: map[string]Message{
		"x": {Forms: map[string]string{"one": "{n} столкновение", "few": "{n} столкновения", "many": "{n} столкновений", "other": "{n} столкновения"}},
	}}
	for n, want := range map[int]string{1: "1 столкновение", 3: "3 столкновения", 11: "11 столкновений", 1021: "1\u00a0021 столкновение"} {
		if got := l.T("x", "n", n); got != want {
			t.Errorf("ru x with n=%d: %q, want %q", n, got, want)
		}
	}
}

// TestMatch: Accept-Language picks the reader's first language Frontier
// has; anything else is English.
func TestMatch(t *testing.T) {
	c := MustLoad()
	for header, want := range map[string]string{
		"ru-RU,ru;q=0.9,en;q=0.8": "ru",
		"ky,ru;q=0.8":             "ky",
		"tg-TJ":                   "tg",
		"uz,ru;q=0.5":             "ru",
		"fr-FR":                   "en",
		"":                        "en",
		"en-US,en;q=0.9":          "en",
		"*":                       "en",
		"not a header;;q=x":       "en",
	} {
		if got := c.Match(header).Code; got != want {
			t.Errorf("Accept-Language %q: %s, want %s", header, got, want)
		}
	}
}

// TestDateRanges: a range shares its month and year as geo.Event.DateLabel
// did in English, in each language's order.
func TestDateRanges(t *testing.T) {
	c := MustLoad()
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		code       string
		start, end time.Time
		want       string
	}{
		{"en", d(2022, 9, 14), d(2022, 9, 17), "14–17 September 2022"},
		{"en", d(2021, 4, 28), d(2021, 5, 3), "28 April – 3 May 2021"},
		{"en", d(2021, 12, 28), d(2022, 1, 3), "28 December 2021 – 3 January 2022"},
		{"en", d(2021, 4, 28), time.Time{}, "28 April 2021"},
		{"ru", d(2022, 9, 14), d(2022, 9, 17), "14–17 сентября 2022 г."},
		{"ru", d(2021, 4, 28), d(2021, 5, 3), "28 апреля – 3 мая 2021 г."},
		{"ky", d(2022, 9, 14), d(2022, 9, 17), "2022-ж., 14–17-сентябрь"},
		{"tg", d(2021, 4, 28), d(2021, 5, 3), "28 Апрел – 3 Май 2021"},
	} {
		l, _ := c.Locale(tc.code)
		if got := l.DateRange(tc.start, tc.end, 1); got != tc.want {
			t.Errorf("%s %v–%v: %q, want %q", tc.code, tc.start, tc.end, got, tc.want)
		}
	}
}

// sameAsEnglish are the messages whose Russian, Kyrgyz or Tajik text is
// rightly the English one: a standard's name, and patterns of numbers and
// placeholders that these languages write in the same order.
var sameAsEnglish = map[string][]string{
	"col.iso_a3":       {"ru", "ky", "tg"},
	"date.range":       {"ru", "ky", "tg"},
	"items.instant":    {"ru", "ky", "tg"},
	"date.day":         {"tg"},
	"date.month":       {"tg"},
	"date.range_month": {"tg"},
	"date.range_year":  {"tg"},
}

// untranslated are the words in Latin letters a Russian, Kyrgyz or Tajik
// message may hold: names (of the service, publishers, products, keys),
// standards and formats, file and field names a reader types as they are.
var untranslated = []string{
	"Frontier", "Natural", "Earth", "ACLED", "Human", "Rights", "Watch", "WordPress", "Ghost",
	"OGC", "API", "Features", "ISO", "alpha", "UTC", "PNG", "CMS", "oEmbed", "iframe", "Iframe",
	"Atom", "JSON", "Tab", "Enter", "datetime", "meta", "corrections", "seeds", "CORRECTIONS.md",
	"low", "what", "side", "claimant", "source",
	"HTML", "GeoJSON", "CSV", "OpenAPI", "Tiles", "TileJSON", "MapLibre",
}

var latinWord = regexp.MustCompile(`[A-Za-z][A-Za-z.]*[A-Za-z]|[A-Za-z]`)

// TestTranslationsAreNotEnglish: a Russian, Kyrgyz or Tajik page shows no
// English a translator forgot: no message is the English one (unless
// listed in sameAsEnglish), and no message holds an English word (words in
// Latin letters other than the names in untranslated). A new message may
// go in with English in every catalog while it waits for its translation,
// but this test then says which.
func TestTranslationsAreNotEnglish(t *testing.T) {
	c := MustLoad()
	en := c.English()
	texts := func(m Message) []string {
		if m.Forms == nil {
			return []string{m.Text}
		}
		var out []string
		for _, f := range m.Forms {
			out = append(out, f)
		}
		return out
	}
	for _, code := range Codes[1:] {
		l, _ := c.Locale(code)
		for _, k := range l.Keys() {
			m, e := l.messages[k], en.messages[k]
			if slices.Equal(texts(m), texts(e)) && !slices.Contains(sameAsEnglish[k], code) {
				t.Errorf("messages/%s.json %q is the English text %q: translate it (or list it in sameAsEnglish if it is rightly the same)", code, k, e.Text)
				continue
			}
			for _, s := range texts(m) {
				var english []string
				for _, w := range latinWord.FindAllString(placeholder.ReplaceAllString(s, ""), -1) {
					if !slices.Contains(untranslated, w) {
						english = append(english, w)
					}
				}
				if len(english) > 0 {
					t.Errorf("messages/%s.json %q has English words %v in %q: translate them (or list a name in untranslated)", code, k, english, s)
				}
			}
		}
	}
}
