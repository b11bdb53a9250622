// Package i18n holds Frontier's words in English, Russian, Kyrgyz and
// Tajik: one message catalog per language (messages/{en,ru,ky,tg}.json),
// embedded in the binary, read by the server's templates and handlers and
// handed to the map page's script, which reads the same keys (web/ui/i18n.js).
//
// A catalog maps a key ("stats.as_of") to a text with named placeholders
// ("As of {date}:"), or to plural forms by CLDR category ({"one": "{n}
// clash", "other": "{n} clashes"}), chosen by the variable n with
// golang.org/x/text's plural rules; the page chooses with
// Intl.PluralRules. Numbers are formatted by golang.org/x/text/number, as
// Intl.NumberFormat does in the page, and dates from each catalog's month
// names and patterns, which follow CLDR as Intl.DateTimeFormat does.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

//go:embed messages/*.json data/*.json
var files embed.FS

// Codes are the languages Frontier speaks, English first: the default, and
// the language every other catalog falls back to for a missing key.
var Codes = []string{"en", "ru", "ky", "tg"}

// pluralForms are the CLDR categories a plural message may name.
var pluralForms = map[string]plural.Form{
	"zero": plural.Zero, "one": plural.One, "two": plural.Two,
	"few": plural.Few, "many": plural.Many, "other": plural.Other,
}

var formNames = map[plural.Form]string{
	plural.Zero: "zero", plural.One: "one", plural.Two: "two",
	plural.Few: "few", plural.Many: "many", plural.Other: "other",
}

// Message is one catalog entry: a text, or plural forms by CLDR category
// ("other" required).
type Message struct {
	Text  string
	Forms map[string]string
}

// UnmarshalJSON reads a string or an object of plural forms.
func (m *Message) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, &m.Text); err == nil {
		return nil
	}
	if err := json.Unmarshal(b, &m.Forms); err != nil {
		return fmt.Errorf("want a string or an object of plural forms: %w", err)
	}
	for f := range m.Forms {
		if _, ok := pluralForms[f]; !ok {
			return fmt.Errorf("plural form %q is not a CLDR category (zero, one, two, few, many, other)", f)
		}
	}
	if _, ok := m.Forms["other"]; !ok {
		return fmt.Errorf("plural forms without \"other\"")
	}
	return nil
}

// MarshalJSON writes the form it was read in, for the page.
func (m Message) MarshalJSON() ([]byte, error) {
	if m.Forms != nil {
		return json.Marshal(m.Forms)
	}
	return json.Marshal(m.Text)
}

// Locale is one language's catalog with its formatting rules.
type Locale struct {
	// Code is the BCP 47 code of the catalog: en, ru, ky or tg.
	Code string
	// Tag formats numbers and chooses plurals; English is en-GB, whose
	// dates ("16 September 2022") and numbers the page used before it
	// spoke other languages.
	Tag      language.Tag
	messages map[string]Message
	// data are the bundled dataset's texts (titles, sectors, key dates)
	// in this language, keyed by their English (data/<code>.json).
	data     map[string]string
	fallback *Locale
	printer  *message.Printer
	catalogs *Catalogs
}

// Catalogs are the four locales and the matcher that picks one from an
// Accept-Language header.
type Catalogs struct {
	locales map[string]*Locale
	matcher language.Matcher
}

// Load reads the embedded catalogs once per process. They are part of the
// build, so an error is a defect the tests catch.
var Load = sync.OnceValues(func() (*Catalogs, error) { return parse(files) })

// MustLoad is Load for code that cannot start without its words.
func MustLoad() *Catalogs {
	c, err := Load()
	if err != nil {
		panic(err)
	}
	return c
}

func parse(fsys fs.FS) (*Catalogs, error) {
	c := &Catalogs{locales: map[string]*Locale{}}
	var tags []language.Tag
	for _, code := range Codes {
		b, err := fs.ReadFile(fsys, path.Join("messages", code+".json"))
		if err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
		l := &Locale{Code: code, Tag: language.MustParse(code), catalogs: c}
		if code == "en" {
			l.Tag = language.BritishEnglish
		}
		if err := json.Unmarshal(b, &l.messages); err != nil {
			return nil, fmt.Errorf("i18n: messages/%s.json: %w", code, err)
		}
		if b, err := fs.ReadFile(fsys, path.Join("data", code+".json")); err == nil {
			if err := json.Unmarshal(b, &l.data); err != nil {
				return nil, fmt.Errorf("i18n: data/%s.json: %w", code, err)
			}
		}
		l.printer = message.NewPrinter(l.Tag)
		if code != "en" {
			l.fallback = c.locales["en"]
		}
		c.locales[code] = l
		tags = append(tags, language.MustParse(code))
	}
	c.matcher = language.NewMatcher(tags)
	return c, nil
}

// Locale returns the catalog of code, and whether Frontier has it.
func (c *Catalogs) Locale(code string) (*Locale, bool) {
	l, ok := c.locales[strings.ToLower(code)]
	return l, ok
}

// English is the default catalog.
func (c *Catalogs) English() *Locale { return c.locales["en"] }

// Match picks the catalog for an Accept-Language header: the first of the
// reader's languages Frontier has (ru-RU is ru; a reader who lists ky
// before ru gets Kyrgyz), else English.
func (c *Catalogs) Match(acceptLanguage string) *Locale {
	prefs, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(prefs) == 0 {
		return c.English()
	}
	_, i, conf := c.matcher.Match(prefs...)
	if conf == language.No {
		return c.English()
	}
	return c.locales[Codes[i]]
}

// dataFallback is the language whose data table a language without its
// own falls back to: the bundled data's titles exist in English and
// Russian, and a reader of Kyrgyz or Tajik reads Russian far more often
// than English.
var dataFallback = map[string]string{"ky": "ru", "tg": "ru"}

// DataText is a text of the bundled data (a feature's title, a sector, a
// key date's label) in this language, found by its English, and the
// language it is in: this one, the fallback's (Russian for Kyrgyz and
// Tajik), or English when no table has it.
func (l *Locale) DataText(english string) (text, lang string) {
	if l.Code == "en" || english == "" {
		return english, "en"
	}
	if t, ok := l.data[english]; ok {
		return t, l.Code
	}
	if fb, ok := dataFallback[l.Code]; ok && l.fallback != nil {
		if t, ok := l.catalogs.locales[fb].data[english]; ok {
			return t, fb
		}
	}
	return english, "en"
}

// Data is the locale's table with its fallback's beneath it, for the page.
func (l *Locale) Data() map[string]string {
	out := map[string]string{}
	if fb, ok := dataFallback[l.Code]; ok {
		for k, v := range l.catalogs.locales[fb].data {
			out[k] = v
		}
	}
	for k, v := range l.data {
		out[k] = v
	}
	return out
}

// DataLang is the language of the texts Data holds for l.
func (l *Locale) DataLang() string {
	if len(l.data) == 0 {
		if fb, ok := dataFallback[l.Code]; ok {
			return fb
		}
	}
	return l.Code
}

// Keys are the keys of the locale's catalog, sorted.
func (l *Locale) Keys() []string {
	keys := make([]string, 0, len(l.messages))
	for k := range l.messages {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Messages are the catalog as the page reads it.
func (l *Locale) Messages() map[string]Message { return l.messages }

func (l *Locale) lookup(key string) (Message, bool) {
	for c := l; c != nil; c = c.fallback {
		if m, ok := c.messages[key]; ok {
			return m, true
		}
	}
	return Message{}, false
}

// Has reports whether the key is in this catalog or English's.
func (l *Locale) Has(key string) bool {
	_, ok := l.lookup(key)
	return ok
}

var placeholder = regexp.MustCompile(`\{([a-z_][a-z0-9_]*)\}`)

// T writes the message of key with its variables, given as name, value
// pairs: T("stats.km_of", "n", 12.5, "total", 838). Numbers are formatted
// for the language (at most one decimal); the variable n, when the
// message has plural forms, chooses the form. A key no catalog has comes
// back as itself, which a reader would notice and the catalog test
// prevents.
func (l *Locale) T(key string, args ...any) string {
	m, ok := l.lookup(key)
	if !ok {
		return key
	}
	vars := map[string]any{}
	for i := 0; i+1 < len(args); i += 2 {
		name, _ := args[i].(string)
		vars[name] = args[i+1]
	}
	text := m.Text
	if m.Forms != nil {
		text = m.Forms[l.form(vars["n"])]
		if text == "" {
			text = m.Forms["other"]
		}
	}
	return placeholder.ReplaceAllStringFunc(text, func(s string) string {
		v, ok := vars[s[1:len(s)-1]]
		if !ok {
			return s
		}
		return l.value(v)
	})
}

func (l *Locale) value(v any) string {
	switch v := v.(type) {
	case int:
		return l.Number(float64(v), 0)
	case int64:
		return l.Number(float64(v), 0)
	case float64:
		return l.Number(v, 1)
	case string:
		return v
	default:
		return fmt.Sprint(v)
	}
}

// form is the CLDR plural category of n in this language, as
// Intl.PluralRules would choose it for the number as written (at most one
// decimal).
func (l *Locale) form(n any) string {
	var f float64
	switch n := n.(type) {
	case int:
		f = float64(n)
	case int64:
		f = float64(n)
	case float64:
		f = n
	default:
		return "other"
	}
	s := strconv.FormatFloat(math.Abs(f), 'f', -1, 64)
	if i := strings.IndexByte(s, '.'); i >= 0 && len(s)-i-1 > 1 {
		s = strconv.FormatFloat(math.Abs(f), 'f', 1, 64)
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	var digits []byte
	scale := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			scale = len(s) - i - 1
			continue
		}
		digits = append(digits, s[i]-'0')
	}
	exp := len(digits) - scale
	return formNames[plural.Cardinal.MatchDigits(l.Tag, digits, exp, scale)]
}

// Number writes x with at most maxFrac decimals in the language's
// notation: 12,345.6 in English, 12 345,6 in Russian, Kyrgyz and Tajik
// (a no-break space), as Intl.NumberFormat does.
func (l *Locale) Number(x float64, maxFrac int) string {
	return l.printer.Sprint(number.Decimal(x, number.MaxFractionDigits(maxFrac)))
}

// Precision is how exactly a date is known, as ACLED codes it (geo's
// TimePrecision): 1 the day, 2 the week, 3 the month.
type Precision int

// Date writes a day at a precision: "16 September 2022", "16 сентября
// 2022 г.", "2022-ж., 16-сентябрь", "16 Сентябр 2022" (CLDR's long
// date, as Intl.DateTimeFormat writes it); at precision 2 "week of …",
// at 3 "September 2022". The zero time is "".
func (l *Locale) Date(t time.Time, p Precision) string {
	if t.IsZero() {
		return ""
	}
	y, m, d := t.Date()
	switch p {
	case 3:
		return l.T("date.month", "month", l.T(fmt.Sprintf("month.%d", m)), "y", strconv.Itoa(y))
	case 2:
		return l.T("date.week", "day", l.Date(t, 1))
	default:
		return l.T("date.day", "d", strconv.Itoa(d), "month", l.T(fmt.Sprintf("month_of.%d", m)), "y", strconv.Itoa(y))
	}
}

// ISODate is Date for a YYYY-MM-DD string; anything else comes back as it
// was.
func (l *Locale) ISODate(iso string, p Precision) string {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	return l.Date(t, p)
}

// DateRange writes the days from start to end at precision p, sharing
// what the two have in common as the catalog's patterns say: "14–17
// September 2022", "28 April – 3 May 2021", "28 December 2021 – 3 January
// 2022". A zero or equal end, or a precision coarser than the day, writes
// the start alone, as geo.Event.DateLabel does.
func (l *Locale) DateRange(start, end time.Time, p Precision) string {
	if end.IsZero() || end.Equal(start) || p != 1 {
		return l.Date(start, p)
	}
	y1, m1, d1 := start.Date()
	y2, m2, d2 := end.Date()
	switch {
	case y1 == y2 && m1 == m2:
		return l.T("date.range_month", "d1", strconv.Itoa(d1), "d2", strconv.Itoa(d2),
			"month", l.T(fmt.Sprintf("month_of.%d", m1)), "y", strconv.Itoa(y1))
	case y1 == y2:
		return l.T("date.range_year", "d1", strconv.Itoa(d1), "month1", l.T(fmt.Sprintf("month_of.%d", m1)),
			"d2", strconv.Itoa(d2), "month2", l.T(fmt.Sprintf("month_of.%d", m2)), "y", strconv.Itoa(y1))
	default:
		return l.T("date.range", "start", l.Date(start, p), "end", l.Date(end, p))
	}
}

// ISODateRange is DateRange for YYYY-MM-DD strings; an end that is not a
// date writes the start alone.
func (l *Locale) ISODateRange(start, end string, p Precision) string {
	s, err := time.Parse(time.DateOnly, start)
	if err != nil {
		return start
	}
	e, _ := time.Parse(time.DateOnly, end)
	return l.DateRange(s, e, p)
}

// Slug turns a word of the data's vocabulary into the tail of its key:
// "Explosions/Remote violence" is explosions_remote_violence. The page's
// script makes the same (web/ui/i18n.js).
func Slug(word string) string {
	var b strings.Builder
	gap := false
	for _, r := range strings.ToLower(word) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if gap && b.Len() > 0 {
				b.WriteByte('_')
			}
			gap = false
			b.WriteRune(r)
			continue
		}
		gap = true
	}
	return b.String()
}
