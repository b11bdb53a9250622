package web

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestProblemsInUserTerms: a 400 or 404 says what was wrong and what is
// accepted in the client's terms: no Go package prefix ("geo:", "tiles:"),
// no Go parser's wording ("parsing time", "cannot parse"), and input in
// another script printed as text, not as byte escapes.
func TestProblemsInUserTerms(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	internals := regexp.MustCompile(`\b(geo|tiles|web|data|strconv|json):|parsing time|cannot parse|\\x[0-9a-f]{2}|\\u[0-9a-f]{4}`)
	for _, tc := range []struct{ target, says string }{
		{"/collections/clashes/items?datetime=test", `"test"`},
		{"/collections/clashes/items?datetime=%D0%B2%D1%87%D0%B5%D1%80%D0%B0", `"вчера"`},
		{"/collections/clashes/items?datetime=2023-01-01/2022-01-01", "datetime"},
		{"/stats?datetime=2022-13-01", "2022-13-01"},
		{"/tiles/border/3/0/0.mvt?datetime=x", "RFC 3339"},
		{"/tiles/border/99/0/0.mvt", "zoom"},
		{"/tiles/border/3/x/0.mvt", "tile"},
		{"/static.png?date=%D0%B2%D1%87%D0%B5%D1%80%D0%B0", `"вчера"`},
		{"/collections/clashes/items?geo_precision=%D0%B4%D0%B2%D0%B0", `"два"`},
		{"/collections/clashes/items?a=%zz", "query"},
	} {
		rec := get(t, h, tc.target, "Accept: application/json")
		if rec.Code/100 != 4 {
			t.Errorf("%s: %d, want a 4xx", tc.target, rec.Code)
			continue
		}
		p := decodeBody[problem](t, rec)
		if internals.MatchString(p.Detail) || !strings.Contains(p.Detail, tc.says) {
			t.Errorf("%s: detail %q (want it to say %s, in the client's terms)", tc.target, p.Detail, tc.says)
		}
		if p.Status != rec.Code || p.Title != http.StatusText(rec.Code) {
			t.Errorf("%s: problem %+v", tc.target, p)
		}
	}
}

// TestProblemPageInTheReadersLanguage: a browser that asks for Kyrgyz
// (or names it with lang=) and follows a broken link reads the problem in
// Kyrgyz, with the API's own detail marked as English and a way back to
// the map; without a language it is English.
func TestProblemPageInTheReadersLanguage(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	for _, tc := range []struct {
		target, acceptLanguage, lang, title, back string
	}{
		{"/collections/clashes/items/no-such-event", "ky", "ky", "Барак табылган жок", "Картаны ачуу"},
		{"/collections/clashes/items/no-such-event?lang=tg", "en", "tg", "Саҳифа ёфт нашуд", "Кушодани харита"},
		{"/collections/nowhere?f=html", "ru-RU,ru;q=0.9", "ru", "Страница не найдена", "Открыть карту"},
		{"/collections/clashes/items/no-such-event", "fr", "en", "Page not found", "Open the map"},
	} {
		rec := get(t, h, tc.target, browserAccept, "Accept-Language: "+tc.acceptLanguage)
		wantStatus(t, rec, http.StatusNotFound, "text/html; charset=UTF-8")
		body := rec.Body.String()
		for _, want := range []string{`<html lang="` + tc.lang + `">`, "<h1>" + tc.title + "</h1>", tc.back + "</a>"} {
			if !strings.Contains(body, want) {
				t.Errorf("%s in %s: no %s in %s", tc.target, tc.acceptLanguage, want, body)
			}
		}
		if detail := strings.Contains(body, `<p lang="en">`); detail != (tc.lang != "en") {
			t.Errorf("%s in %s: the English detail marked lang=en: %v", tc.target, tc.acceptLanguage, detail)
		}
	}
}
