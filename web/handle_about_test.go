package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestAbout: the sources page lists every source the store holds, with
// its link, and the dataset's disclaimer.
func TestAbout(t *testing.T) {
	st := newTestStore(t)
	h := newTestServer(t, st)
	rec := get(t, h, "/about", browserAccept)
	wantStatus(t, rec, http.StatusOK, "text/html; charset=UTF-8")
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP %q", csp)
	}
	body := rec.Body.String()
	if len(st.ds.Sources) == 0 {
		t.Fatal("the test dataset has no sources")
	}
	for _, s := range st.ds.Sources {
		if !strings.Contains(body, `id="`+s.ID+`"`) {
			t.Errorf("source %s not listed", s.ID)
		}
		// html/template percent-encodes non-ASCII paths: compare up to the host.
		if u, err := url.Parse(s.URL); s.URL != "" && (err != nil || !strings.Contains(body, `<a href="`+u.Scheme+"://"+u.Host+"/")) {
			t.Errorf("source %s: no link to %s", s.ID, s.URL)
		}
	}
	for _, want := range []string{"no official line", "Known limits", "972 km",
		// issue 11: the grades explained, each source's grade, mirrors,
		// the reported figures and the corrections.
		`<dt>Grade C</dt><dd>a mirror`, `<a href="#grades">grade A</a>`, "a mirror</strong> (original not found)",
		"read in a mirror: <a href=\"https://de.zxc.wiki/", `id="2023-12-12-agreed"`, "over 90% agreed",
		`<h2 id="corrections">`, "<td>30 November 2026</td><td>2022-01-27-tort-kocho</td>"} {
		if !strings.Contains(strings.ToLower(body), strings.ToLower(want)) {
			t.Errorf("about page lacks %q", want)
		}
	}
	wantStatus(t, get(t, h, "/about?f=json"), http.StatusBadRequest, typeProblem)
	// A shared link's tracking parameters do not break the page.
	wantStatus(t, get(t, h, "/about?fbclid=x"), http.StatusOK, "text/html; charset=UTF-8")
}

func TestMeta(t *testing.T) {
	st := newTestStore(t)
	h := newTestServer(t, st)
	rec := get(t, h, "/meta")
	wantStatus(t, rec, http.StatusOK, typeJSON)
	var got struct {
		Milestones []struct {
			Date  string `json:"date"`
			Short string `json:"short"`
		} `json:"milestones"`
		Sources []struct {
			ID string `json:"id"`
		} `json:"sources"`
		OfficialLengthKm float64 `json:"official_length_km"`
		Corrections      []struct {
			Date, Feature, Change, Reason string
		} `json:"corrections"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	tajik := false
	for _, m := range got.Milestones {
		tajik = tajik || m.Date == "2025-03-19" && strings.Contains(m.Short, "Tajikistan's lower chamber")
	}
	if !tajik {
		t.Error("no milestone for the Tajik lower chamber's ratification of 2025-03-19")
	}
	if len(got.Corrections) == 0 {
		t.Error("no corrections")
	}
	for i, c := range got.Corrections {
		if c.Date == "" || c.Feature == "" || c.Change == "" || c.Reason == "" || i > 0 && c.Date < got.Corrections[i-1].Date {
			t.Errorf("correction %d: %+v (want date, feature, change and why, oldest first)", i, c)
		}
	}
	if len(got.Milestones) != len(st.ds.Meta.Milestones) || len(got.Sources) != len(st.ds.Sources) || got.OfficialLengthKm != st.ds.Meta.OfficialLengthKm {
		t.Errorf("meta: %d milestones, %d sources, %v km", len(got.Milestones), len(got.Sources), got.OfficialLengthKm)
	}
	wantStatus(t, get(t, h, "/meta?f=html"), http.StatusBadRequest, typeProblem)
}

func TestCompareSourceIDs(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		less bool
	}{
		{"S2", "S10", true}, {"S10", "S2", false}, {"S9", "SEED", true}, {"SEED", "S1", false}, {"A", "B", true},
	} {
		if got := compareSourceIDs(tc.a, tc.b) < 0; got != tc.less {
			t.Errorf("compareSourceIDs(%q, %q) < 0 = %v", tc.a, tc.b, got)
		}
	}
}

// inlineScript reports whether a page has a script the CSP would refuse:
// one with a body, other than the JSON data block of its messages (data,
// never run, which script-src does not govern).
func inlineScript(body string) bool {
	data := regexp.MustCompile(`<script type="application/json" id="(?:messages|data-texts)"[^>]*>[^<]*</script>`)
	return regexp.MustCompile(`<script(?:\s[^>]*)?>\s*[^<\s]`).MatchString(data.ReplaceAllString(body, ""))
}
