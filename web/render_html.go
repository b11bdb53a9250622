package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb/geojson"

	"github.com/frontier-map/frontier/geo"
	"github.com/frontier-map/frontier/i18n"
)

//go:embed templates/*.html
var templateFS embed.FS

// pageNames are the templates under templates/, each a "content" block
// rendered inside layout.html.
func pageNames() []string {
	return []string{"landing", "conformance", "collections", "collection", "items", "item", "api", "about"}
}

// parsePages parses every page with the layout, once per language: each
// copy's t function writes that language's messages. The templates are
// embedded, so a parse error is a defect of the build that the tests
// catch; it panics rather than start a server that cannot render its
// pages.
func parsePages(words *i18n.Catalogs) map[string]map[string]*template.Template {
	out := make(map[string]map[string]*template.Template)
	for _, code := range i18n.Codes {
		l, _ := words.Locale(code)
		funcs := templateFuncs(l)
		funcs["join"] = strings.Join
		pages := make(map[string]*template.Template)
		for _, name := range pageNames() {
			t := template.New("layout.html").Funcs(funcs)
			pages[name] = template.Must(t.ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html"))
		}
		// The map page has its own layout: a full-window map, not a document.
		pages["map"] = template.Must(template.New("map.html").Funcs(funcs).ParseFS(templateFS, "templates/map.html", "templates/share.html", "templates/desk.html"))
		pages["embed"] = template.Must(template.New("embed.html").Funcs(funcs).ParseFS(templateFS, "templates/embed.html", "templates/share.html"))
		out[code] = pages
	}
	return out
}

// page is what the layout needs around any content.
type page struct {
	Title string
	// Base is the service's URL, for the navigation; Links are the
	// page's other representations and related resources.
	Base  string
	Links []link
	Body  any
	// Langs are the page in each language, for the hreflang links.
	Langs []langLink
}

// writeHTML renders a page as text/html. It renders to a buffer first, so
// that a template error becomes a clean 500, not half a page.
func (s *Server) writeHTML(c echo.Context, name string, p page) error {
	l := s.locale(c)
	p.Langs = s.langLinks(c, p.Base, l)
	b, err := s.encodeHTML(l, name, p)
	if err != nil {
		return err
	}
	langHeaders(c, l)
	return c.HTMLBlob(http.StatusOK, b)
}

// encodeHTML is the page rendered from its template in language l.
func (s *Server) encodeHTML(l *i18n.Locale, name string, p page) ([]byte, error) {
	var buf bytes.Buffer
	if err := s.pages[l.Code][name].Execute(&buf, p); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// cell is one table cell: text, further lines, and links. Lang is the
// language of Text when it is not the page's (an English title on a
// Russian page), for screen readers and hyphenation.
type cell struct {
	Text  string
	Lang  string
	Lines []string
	Links []link
}

// column is one column of a collection's HTML table: Header is its
// message key, Cell writes a feature's cell in the page's language.
type column struct {
	Header string
	Cell   func(*i18n.Locale, geojson.Properties) cell
}

// row is one feature in an HTML table.
type row struct {
	ID    string
	Href  string
	Cells []cell
}

func text(key string) func(*i18n.Locale, geojson.Properties) cell {
	return func(_ *i18n.Locale, p geojson.Properties) cell { return cell{Text: propText(p[key])} }
}

// dataColumn is a column of one of the data's texts, in the page's
// language where the data's translation table has it, else marked as
// English (dataCell).
func dataColumn(key string) func(*i18n.Locale, geojson.Properties) cell {
	return func(l *i18n.Locale, p geojson.Properties) cell { return dataCell(l, propText(p[key])) }
}

// propText writes a scalar property for people: nothing for null.
func propText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	default:
		return fmt.Sprint(v)
	}
}

// dayLabel writes an ISO date property as a reader of l reads a day.
func dayLabel(l *i18n.Locale, v any) string {
	s, _ := v.(string)
	if s == "" {
		return ""
	}
	return l.ISODate(s, i18n.Precision(geo.PrecisionDay))
}

func sourcesCell(_ *i18n.Locale, p geojson.Properties) cell {
	srcs, _ := p["sources"].([]geo.Source)
	var c cell
	for _, s := range srcs {
		label := s.Publisher + ": " + s.Title
		if s.Published != "" {
			label += " (" + s.Published + ")"
		}
		if s.URL == "" {
			c.Lines = append(c.Lines, strings.TrimSpace(label+" "+s.Note))
			continue
		}
		c.Links = append(c.Links, link{Href: s.URL, Title: label})
	}
	return c
}

// tableColumns are the collection's HTML table columns: those written for
// it below, or, for a collection that has none, a column per lead property
// (headed by its name) and its sources.
func tableColumns(c *geo.Collection) []column {
	if cols, ok := tableColumnsOf[c.ID]; ok {
		return cols()
	}
	var cols []column
	for _, p := range c.Lead {
		cols = append(cols, column{p, text(p)})
	}
	return append(cols, column{"col.sources", sourcesCell})
}

var tableColumnsOf = map[string]func() []column{
	"frontier":    frontierColumns,
	"clashes":     clashColumns,
	"deployments": deploymentColumns,
	"countries":   countryColumns,
	"places":      placeColumns,
}

func frontierColumns() []column {
	return []column{
		{"col.sector", func(l *i18n.Locale, p geojson.Properties) cell {
			return dataCell(l, propText(p["sector"]))
		}},
		{"col.status", func(l *i18n.Locale, p geojson.Properties) cell {
			c := wordCell(l, "status", propText(p["status"]))
			if c.Text == "" {
				c.Text = l.T("status.not_recorded")
			}
			if since := dayLabel(l, p["status_since"]); since != "" {
				c.Lines = append(c.Lines, l.T("table.since", "date", since))
			}
			if until := dayLabel(l, p["status_until"]); until != "" {
				c.Lines = append(c.Lines, l.T("table.until", "date", until))
			}
			if b := propText(p["status_basis"]); b != "" {
				c.Lines = append(c.Lines, b)
			}
			return c
		}},
		{"col.statuses_in_interval", func(l *i18n.Locale, p geojson.Properties) cell {
			names, _ := p["statuses_in_interval"].([]string)
			words := make([]string, len(names))
			for i, n := range names {
				words[i], _ = dataWord(l, "status", n)
			}
			return cell{Text: strings.Join(words, ", ")}
		}},
		{"col.status_history", func(l *i18n.Locale, p geojson.Properties) cell {
			hist, _ := p["status_history"].([]geo.Period)
			var c cell
			for _, h := range hist {
				c.Lines = append(c.Lines, periodLine(l, h))
			}
			return c
		}},
		{"col.length_km", func(l *i18n.Locale, p geojson.Properties) cell {
			km, ok := p["length_km"].(float64)
			if !ok {
				return cell{}
			}
			return cell{Text: l.Number(km, 1)}
		}},
		{"col.geometry", dataColumn("geometry_quality")},
		{"col.sources", sourcesCell},
	}
}

// periodLine writes a status period: "agreed from 1 May 2023: the basis".
func periodLine(l *i18n.Locale, h geo.Period) string {
	line, _ := dataWord(l, "status", string(h.Status))
	if !h.ValidFrom.IsZero() {
		line += " " + l.T("table.from", "date", dateIn(l, h.ValidFrom))
	}
	if !h.ValidTo.IsZero() {
		line += " " + l.T("table.until", "date", dateIn(l, h.ValidTo))
	}
	return line + ": " + h.Basis
}

// statusClaimLine writes a deployment's dated status claim:
// "delivered: May 2023 — the claimant [S4]".
func statusClaimLine(l *i18n.Locale, cl geo.StatusClaim) string {
	line := dataOnly(l, cl.Status) + ": " + l.Date(cl.Date.Time(), i18n.Precision(cl.TimePrecision))
	if cl.Claimant != "" {
		line += " — " + cl.Claimant
	}
	return line + sourceRef(cl.Source)
}

// sourceRef is a claim's source as the table cites it, " [S24]": none for
// SEED, the compilers' own starting table, which is no source a reader
// can open (issue 13, finding 3).
func sourceRef(id string) string {
	if id == "" || id == "SEED" {
		return ""
	}
	return " [" + id + "]"
}

// claimLine writes a figure claim: "at least 10 killed (civilians) — HRW, as of 2 May 2023".
func claimLine(l *i18n.Locale, c geo.Claim) string {
	fig := l.Number(float64(c.Low), 0)
	if c.High > c.Low {
		fig += "–" + l.Number(float64(c.High), 0)
	}
	line := strings.TrimSpace(c.Qualifier + " " + fig + " " + c.What)
	if c.Side != "" {
		line += " (" + c.Side + ")"
	}
	var by []string
	if c.Claimant != "" {
		by = append(by, c.Claimant)
	}
	if !c.AsOf.IsZero() {
		by = append(by, l.T("claim.as_of", "date", dateIn(l, c.AsOf)))
	}
	if len(by) > 0 {
		line += " — " + strings.Join(by, ", ")
	}
	return line + sourceRef(c.Source)
}

func clashColumns() []column {
	return []column{
		{"col.event", func(l *i18n.Locale, p geojson.Properties) cell {
			return dataCell(l, propText(p["title"]))
		}},
		{"col.date", func(l *i18n.Locale, p geojson.Properties) cell {
			tp, _ := p["time_precision"].(int)
			return cell{Text: l.ISODateRange(propText(p["date_start"]), propText(p["date_end"]), i18n.Precision(tp))}
		}},
		{"col.place", func(l *i18n.Locale, p geojson.Properties) cell {
			return cell{Text: propText(p["place"]), Lines: []string{precisionLabel(l, p)}}
		}},
		{"col.type", func(l *i18n.Locale, p geojson.Properties) cell {
			c := wordCell(l, "event_type", propText(p["event_type"]))
			if sub := propText(p["sub_event_type"]); sub != "" {
				w, _ := dataWord(l, "sub_event_type", sub)
				c.Lines = []string{w}
			}
			return c
		}},
		{"col.claims", func(l *i18n.Locale, p geojson.Properties) cell {
			claims, _ := p["claims"].([]geo.Claim)
			var c cell
			for _, cl := range claims {
				c.Lines = append(c.Lines, claimLine(l, cl))
			}
			return c
		}},
		{"col.notes", dataColumn("notes")},
		{"col.sources", sourcesCell},
	}
}

func deploymentColumns() []column {
	return []column{
		{"col.system", dataColumn("system")},
		{"col.operator", dataColumn("operator")},
		{"col.supplier", dataColumn("supplier")},
		{"col.category", dataColumn("category")},
		{"col.status_claims", func(l *i18n.Locale, p geojson.Properties) cell {
			claims, _ := p["status_claims"].([]geo.StatusClaim)
			var c cell
			for _, cl := range claims {
				c.Lines = append(c.Lines, statusClaimLine(l, cl))
			}
			return c
		}},
		{"col.where", func(l *i18n.Locale, p geojson.Properties) cell {
			c := cell{Text: propText(p["place"])}
			if a := propText(p["intended_area"]); a != "" {
				c.Lines = append(c.Lines, l.T("table.intended_area", "area", dataOnly(l, a)))
			}
			c.Lines = append(c.Lines, precisionLabel(l, p))
			return c
		}},
		{"col.sources", sourcesCell},
	}
}

func countryColumns() []column {
	return []column{
		{"col.country", func(l *i18n.Locale, p geojson.Properties) cell {
			return wordCell(l, "country", propText(p["name"]))
		}},
		{"col.iso_a3", text("iso_a3")},
		{"col.sources", sourcesCell},
	}
}

func placeColumns() []column {
	return []column{
		{"col.place", func(l *i18n.Locale, p geojson.Properties) cell {
			c := cell{Text: propText(p["name"])}
			if sp, _ := p["spellings"].([]string); len(sp) > 0 {
				c.Lines = []string{l.T("table.also", "names", strings.Join(sp, ", "))}
			}
			return c
		}},
		{"col.country", func(l *i18n.Locale, p geojson.Properties) cell {
			return wordCell(l, "country", propText(p["country"]))
		}},
		{"col.district", dataColumn("admin")},
		{"col.as_stated", text("as_stated")},
		{"col.note", dataColumn("note")},
		{"col.sources", sourcesCell},
	}
}

// tableRows renders features as rows of the collection's columns, each
// linking to the feature's own page at itemBase/{id}.
func tableRows(l *i18n.Locale, coll *collection, fs []*geo.Feature, itemBase string) []row {
	rows := make([]row, len(fs))
	for i, f := range fs {
		id := fmt.Sprint(f.ID)
		r := row{ID: id, Href: itemBase + "/" + pathEscape(id) + "?f=html"}
		for _, col := range coll.Columns {
			r.Cells = append(r.Cells, col.Cell(l, f.Properties))
		}
		rows[i] = r
	}
	return rows
}
