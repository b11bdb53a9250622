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

// cell is one table cell: text, further lines, and links.
type cell struct {
	Text  string
	Lines []string
	Links []link
}

// column is one column of a collection's HTML table.
type column struct {
	Header string
	Cell   func(geojson.Properties) cell
}

// row is one feature in an HTML table.
type row struct {
	ID    string
	Href  string
	Cells []cell
}

func text(key string) func(geojson.Properties) cell {
	return func(p geojson.Properties) cell { return cell{Text: propText(p[key])} }
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

// dayLabel writes an ISO date property as a reader reads a day.
func dayLabel(v any) string {
	s, _ := v.(string)
	d, err := geo.ParseDate(s)
	if err != nil {
		return s
	}
	return geo.PrecisionDay.Format(d)
}

func sourcesCell(p geojson.Properties) cell {
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
// and its sources.
func tableColumns(c *geo.Collection) []column {
	if cols, ok := tableColumnsOf[c.ID]; ok {
		return cols()
	}
	var cols []column
	for _, p := range c.Lead {
		cols = append(cols, column{p, text(p)})
	}
	return append(cols, column{"Sources", sourcesCell})
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
		{"Sector", text("sector")},
		{"Status", func(p geojson.Properties) cell {
			c := cell{Text: propText(p["status"])}
			if c.Text == "" {
				c.Text = "not recorded"
			}
			if since := dayLabel(p["status_since"]); since != "" {
				c.Lines = append(c.Lines, "since "+since)
			}
			if until := dayLabel(p["status_until"]); until != "" {
				c.Lines = append(c.Lines, "until "+until)
			}
			if b := propText(p["status_basis"]); b != "" {
				c.Lines = append(c.Lines, b)
			}
			return c
		}},
		{"Statuses in the interval", func(p geojson.Properties) cell {
			names, _ := p["statuses_in_interval"].([]string)
			return cell{Text: strings.Join(names, ", ")}
		}},
		{"Status history", func(p geojson.Properties) cell {
			hist, _ := p["status_history"].([]geo.Period)
			var c cell
			for _, h := range hist {
				line := string(h.Status)
				if !h.ValidFrom.IsZero() {
					line += " from " + geo.PrecisionDay.Format(h.ValidFrom)
				}
				if !h.ValidTo.IsZero() {
					line += " until " + geo.PrecisionDay.Format(h.ValidTo)
				}
				c.Lines = append(c.Lines, line+": "+h.Basis)
			}
			return c
		}},
		{"Length (km)", text("length_km")},
		{"Geometry", text("geometry_quality")},
		{"Sources", sourcesCell},
	}
}

// claimLine writes a figure claim: "at least 10 killed (civilians) — HRW, as of 2 May 2023".
func claimLine(c geo.Claim) string {
	fig := strconv.Itoa(c.Low)
	if c.High > c.Low {
		fig += "–" + strconv.Itoa(c.High)
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
		by = append(by, "as of "+geo.PrecisionDay.Format(c.AsOf))
	}
	if len(by) > 0 {
		line += " — " + strings.Join(by, ", ")
	}
	return line + " [" + c.Source + "]"
}

func clashColumns() []column {
	return []column{
		{"Event", text("title")},
		{"Date", func(p geojson.Properties) cell {
			return cell{Text: propText(p["date_label"])}
		}},
		{"Place", func(p geojson.Properties) cell {
			return cell{Text: propText(p["place"]), Lines: []string{propText(p["geo_precision_label"])}}
		}},
		{"Type", func(p geojson.Properties) cell {
			c := cell{Text: propText(p["event_type"])}
			if sub := propText(p["sub_event_type"]); sub != "" {
				c.Lines = []string{sub}
			}
			return c
		}},
		{"Figures claimed", func(p geojson.Properties) cell {
			claims, _ := p["claims"].([]geo.Claim)
			var c cell
			for _, cl := range claims {
				c.Lines = append(c.Lines, claimLine(cl))
			}
			return c
		}},
		{"Notes", text("notes")},
		{"Sources", sourcesCell},
	}
}

func deploymentColumns() []column {
	return []column{
		{"System", text("system")},
		{"Operator", text("operator")},
		{"Supplier", text("supplier")},
		{"Category", text("category")},
		{"Status claims", func(p geojson.Properties) cell {
			claims, _ := p["status_claims"].([]geo.StatusClaim)
			var c cell
			for _, cl := range claims {
				line := cl.Status + ": " + cl.TimePrecision.Format(cl.Date)
				if cl.Claimant != "" {
					line += " — " + cl.Claimant
				}
				c.Lines = append(c.Lines, line+" ["+cl.Source+"]")
			}
			return c
		}},
		{"Where", func(p geojson.Properties) cell {
			c := cell{Text: propText(p["place"])}
			if a := propText(p["intended_area"]); a != "" {
				c.Lines = append(c.Lines, "intended area: "+a)
			}
			c.Lines = append(c.Lines, propText(p["geo_precision_label"]))
			return c
		}},
		{"Sources", sourcesCell},
	}
}

func countryColumns() []column {
	return []column{
		{"Country", text("name")},
		{"ISO 3166-1 alpha-3", text("iso_a3")},
		{"Sources", sourcesCell},
	}
}

func placeColumns() []column {
	return []column{
		{"Place", func(p geojson.Properties) cell {
			c := cell{Text: propText(p["name"])}
			if sp, _ := p["spellings"].([]string); len(sp) > 0 {
				c.Lines = []string{"also " + strings.Join(sp, ", ")}
			}
			return c
		}},
		{"Country", text("country")},
		{"District", text("admin")},
		{"Coordinates as stated", text("as_stated")},
		{"Note", text("note")},
		{"Sources", sourcesCell},
	}
}

// tableRows renders features as rows of the collection's columns, each
// linking to the feature's own page at itemBase/{id}.
func tableRows(coll *collection, fs []*geo.Feature, itemBase string) []row {
	rows := make([]row, len(fs))
	for i, f := range fs {
		id := fmt.Sprint(f.ID)
		r := row{ID: id, Href: itemBase + "/" + pathEscape(id) + "?f=html"}
		for _, col := range coll.Columns {
			r.Cells = append(r.Cells, col.Cell(f.Properties))
		}
		rows[i] = r
	}
	return rows
}
