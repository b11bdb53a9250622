package web

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestPageLanguage: Accept-Language (or lang=) chooses the language of
// the pages for people; <html lang>, Content-Language and the messages
// handed to the page's script follow it, the answer varies by
// Accept-Language, and each page names its other languages.
func TestPageLanguage(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	for _, tc := range []struct {
		path, acceptLanguage, want string
	}{
		{"/", "", "en"},
		{"/", "ru-RU,ru;q=0.9,en;q=0.8", "ru"},
		{"/", "ky,ru;q=0.8", "ky"},
		{"/", "tg-TJ", "tg"},
		{"/", "fr", "en"},
		{"/embed", "tg", "tg"},
		{"/embed", "ru", "ru"},
		{"/about", "ky", "ky"},
		{"/collections?f=html", "ru", "ru"},
	} {
		t.Run(tc.path+" "+tc.acceptLanguage, func(t *testing.T) {
			rec := get(t, h, tc.path, browserAccept, "Accept-Language: "+tc.acceptLanguage)
			wantStatus(t, rec, http.StatusOK, "text/html; charset=UTF-8")
			body := rec.Body.String()
			if !strings.Contains(body, `<html lang="`+tc.want+`"`) {
				t.Errorf("no <html lang=%q> in %.200s", tc.want, body)
			}
			if got := rec.Header().Get("Content-Language"); got != tc.want {
				t.Errorf("Content-Language %q, want %s", got, tc.want)
			}
			if !strings.Contains(strings.Join(rec.Header().Values("Vary"), ","), "Accept-Language") {
				t.Errorf("Vary %q lacks Accept-Language", rec.Header().Values("Vary"))
			}
			alts := regexp.MustCompile(`<link rel="alternate" hreflang="([a-z]+)" href="([^"]+)">`).FindAllStringSubmatch(body, -1)
			var codes []string
			for _, a := range alts {
				codes = append(codes, a[1])
				if !strings.Contains(a[2], "lang="+a[1]) {
					t.Errorf("hreflang %s links %s", a[1], a[2])
				}
			}
			if len(codes) != 3 || strings.Contains(strings.Join(codes, " "), tc.want) {
				t.Errorf("hreflang links %v: want the three other languages than %s", codes, tc.want)
			}
		})
	}
	// The page's script gets the same catalog.
	rec := get(t, h, "/", browserAccept, "Accept-Language: ru")
	m := regexp.MustCompile(`<script type="application/json" id="messages">([^<]*)</script>`).FindStringSubmatch(rec.Body.String())
	if m == nil {
		t.Fatal("no messages in the map page")
	}
	var msgs map[string]any
	if err := json.Unmarshal([]byte(m[1]), &msgs); err != nil {
		t.Fatal(err)
	}
	if msgs["month_of.9"] != "сентября" {
		t.Errorf("the Russian page's messages say month_of.9 = %v", msgs["month_of.9"])
	}
}

// TestLinksInThePagesLanguage: the "Links and other formats" list of an
// HTML page names its links in the page's language (the API's JSON keeps
// its English titles); a collection's link is named as its table is.
func TestLinksInThePagesLanguage(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	section := regexp.MustCompile(`(?s)<h2 id="links">.*?</section>`)
	for _, tc := range []struct {
		path string
		want []string
	}{
		{"/collections/clashes/items?f=html&limit=2&lang=ky", []string{">бул барак HTML түрүндө<", ">CSV жүктөп алуу<", ">кийинки барак<", ">Кагылышуулар жана инциденттер<"}},
		{"/collections/frontier?f=html&lang=tg", []string{">объектҳо дар шакли ҷадвал<", ">тайлҳои векторӣ бо ин маҷмӯа ҳамчун як қабат (OGC API – Tiles)<"}},
		{"/?f=html&lang=ru", []string{">описание API (OpenAPI 3.0)<", ">длина границы по статусам (добавьте ?datetime=)<"}},
		{"/about?lang=ky", []string{">карта<", ">оңдоолор жана өзгөртүүлөр (Atom)<"}},
	} {
		body := get(t, h, tc.path, browserAccept).Body.String()
		links := section.FindString(body)
		for _, want := range tc.want {
			if !strings.Contains(links, want) {
				t.Errorf("%s: no %s in %s", tc.path, want, links)
			}
		}
		if strings.Contains(links, `lang="en"`) {
			t.Errorf("%s: a link left in English: %s", tc.path, links)
		}
	}
	// The JSON keeps the API's English.
	if body := get(t, h, "/collections/clashes/items?limit=2").Body.String(); !strings.Contains(body, `"title":"Download CSV"`) {
		t.Errorf("the JSON's links lost their English titles: %.300s", body)
	}
}

// TestTablesAndAboutSpeakTheLanguage: what the HTML pages write
// themselves around the data is in the page's language (and the bundled
// deployments' words, from the data's table, Russian for Kyrgyz and Tajik,
// marked so): a collection's
// links to its features, the sources collection's name, the dates of the
// reported figures and corrections on /about.
func TestTablesAndAboutSpeakTheLanguage(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	for _, tc := range []struct {
		path       string
		want, gone []string
	}{
		{"/collections/clashes?f=html&lang=tg", []string{">объектҳо дар шакли ҷадвал<"}, []string{"the features as"}},
		{"/collections?f=html&lang=ky", []string{">Булактар<"}, []string{"collection_title."}},
		{"/collections?f=html", []string{">Sources<"}, []string{"collection_title."}},
		{"/collections/deployments/items?f=html&lang=ru", []string{"Кыргызстан (пограничные войска)", "производство беспилотников", "Баткенская область", "Турция", "поставка: "}, []string{">drone production<", "[SEED]"}},
		{"/collections/deployments/items?f=html&lang=tg", []string{`<span lang="ru">производство беспилотников</span>`}, []string{">drone production<"}},
		{"/about?lang=ru", []string{"<strong>12 декабря 2023 г.</strong>", "согласовано более 90%", `<td lang="ru">30 ноября 2026 г.</td>`}, []string{"<strong>12 December 2023</strong>"}},
	} {
		body := get(t, h, tc.path, browserAccept).Body.String()
		for _, want := range tc.want {
			if !strings.Contains(body, want) {
				t.Errorf("%s: no %s", tc.path, want)
			}
		}
		for _, gone := range tc.gone {
			if strings.Contains(body, gone) {
				t.Errorf("%s: %q is still there", tc.path, gone)
			}
		}
	}
}
