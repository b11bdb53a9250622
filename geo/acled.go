package geo

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"iter"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
)

// ACLEDColumns are the columns of an ACLED export Frontier reads, in the
// order it writes them. An export has more (year, disorder_type, inter1,
// iso, region, admin3, source_scale, tags, timestamp, ...); those are
// ignored. Columns may come in any order.
var ACLEDColumns = []string{
	"event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type",
	"actor1", "actor2", "country", "admin1", "admin2", "location", "latitude", "longitude",
	"geo_precision", "source", "notes", "fatalities",
}

// acledRequired are the columns without which no row can be an event.
var acledRequired = []string{"event_id_cnty", "event_date", "event_type", "latitude", "longitude", "geo_precision", "source"}

// ACLED's event_date is "02 January 2006" in its older exports and the
// export tool, ISO 8601 in the API; both are read.
var acledDateLayouts = []string{DateLayout, "2 January 2006", "02-January-2006", "2006/01/02"}

// ACLEDClaimant is who a fatalities figure from an ACLED row is credited to.
const ACLEDClaimant = "ACLED"

// ErrHeader is returned for a CSV whose header lacks a column every row needs.
var ErrHeader = errors.New("geo: not an ACLED export")

// badValue words a problem with a value the way a reader looks for it:
// "latitude 95.2 is outside -90..90".
type badValue struct {
	value, problem string
}

func (e *badValue) Error() string { return quoteValue(e.value) + " " + e.problem }

// quoteValue quotes a value only where it would not read as one word.
func quoteValue(s string) string {
	if s == "" || strings.ContainsAny(s, " \t\n\"',:") {
		return strconv.Quote(s)
	}
	return s
}
func (e *badValue) Unwrap() error { return ErrBadValue }

// ACLEDReader reads an ACLED-layout CSV row by row, so that a million-row
// export is never held in memory whole.
type ACLEDReader struct {
	r    *csv.Reader
	col  map[string]int
	ids  map[string]int // id to the line it was first seen on
	srcs map[string]bool
}

// NewACLEDReader reads the header and checks that the columns every row
// needs are there.
func NewACLEDReader(r io.Reader) (*ACLEDReader, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrHeader, err)
	}
	a := &ACLEDReader{r: cr, col: map[string]int{}, ids: map[string]int{}, srcs: map[string]bool{}}
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := a.col[h]; !dup {
			a.col[h] = i
		}
	}
	var missing []string
	for _, c := range acledRequired {
		if _, ok := a.col[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%w: line 1: the header has no %s column", ErrHeader, strings.Join(missing, ", "))
	}
	return a, nil
}

// ACLEDSourceID is the id Frontier gives the source an ACLED row names: a
// short hash of its text, so that the same text always gets the same id and
// importing a file twice adds no source twice.
func ACLEDSourceID(text string) string {
	h := sha256.Sum256([]byte(strings.TrimSpace(text)))
	return "acled:" + hex.EncodeToString(h[:5])
}

// ACLEDSource is the source an ACLED row's source field stands for. ACLED
// names publishers ("Kabar; AKIpress") and gives no URL, so the text is
// kept as publisher and title and the note says where it came from.
func ACLEDSource(text string) Source {
	text = strings.TrimSpace(text)
	return Source{
		ID:        ACLEDSourceID(text),
		Publisher: text,
		Title:     text,
		Note:      "As named in an ACLED export's source field; ACLED gives no URL.",
	}
}

// acledFields maps the domain's field names in validation errors to the
// ACLED columns a user would fix.
func acledField(f string) string {
	switch {
	case f == "id":
		return "event_id_cnty"
	case f == "title":
		return "event_type/location"
	case f == "date_start" || f == "date_end":
		return "event_date"
	case f == "geometry":
		return "latitude/longitude"
	case f == "sources":
		return "source"
	case strings.HasPrefix(f, "claims"):
		return "fatalities"
	}
	return f
}

// Read returns the next row; io.EOF after the last. A row that does not
// make a valid event has Err set, naming its line and each bad field; the
// error returned is only for a file that cannot be read on.
func (a *ACLEDReader) Read() (Row, error) {
	rec, err := a.r.Read()
	var line int
	if err == nil && len(rec) > 0 {
		line, _ = a.r.FieldPos(0)
	}
	if errors.Is(err, io.EOF) {
		return Row{}, io.EOF
	}
	row := Row{Line: line}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			row.Line = pe.Line
			row.Err = &RowError{Line: pe.Line, Err: fmt.Errorf("%w: %v", ErrBadValue, pe.Err)}
			return row, nil
		}
		return Row{}, fmt.Errorf("geo: line %d: %w", line, err)
	}
	at := RowError{Line: line}
	var errs []error
	fail := func(field string, err error) {
		e := at
		e.Field, e.Err = field, err
		errs = append(errs, &e)
	}
	get := func(c string) string {
		if i, ok := a.col[c]; ok && i < len(rec) {
			return ReadCell(strings.TrimSpace(rec[i]))
		}
		return ""
	}
	intField := func(c string, lo, hi int, need bool) (int, bool) {
		s := get(c)
		if s == "" {
			if need {
				fail(c, ErrMissing)
			}
			return 0, false
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			// ACLED writes whole numbers; a spreadsheet may have made them "2.0".
			f, ferr := strconv.ParseFloat(s, 64)
			if ferr != nil || f != math.Trunc(f) || math.Abs(f) > 1e9 {
				fail(c, &badValue{s, "is not a whole number"})
				return 0, false
			}
			n = int(f)
		}
		if n < lo || n > hi {
			fail(c, &badValue{s, fmt.Sprintf("is outside %d..%d", lo, hi)})
			return 0, false
		}
		return n, true
	}
	coord := func(c string, lim float64) (float64, bool) {
		s := get(c)
		if s == "" {
			fail(c, ErrMissing)
			return 0, false
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			fail(c, &badValue{s, "is not a number"})
			return 0, false
		}
		if v < -lim || v > lim {
			fail(c, &badValue{s, fmt.Sprintf("is outside %g..%g", -lim, lim)})
			return 0, false
		}
		return v, true
	}

	e := Event{ID: get("event_id_cnty"), TimePrecision: PrecisionDay}
	at.ID = e.ID
	if e.ID == "" {
		fail("event_id_cnty", ErrMissing)
	} else if first, dup := a.ids[e.ID]; dup {
		fail("event_id_cnty", fmt.Errorf("%w: %q is also on line %d", ErrDuplicateID, e.ID, first))
	} else {
		a.ids[e.ID] = line
	}
	if s := get("event_date"); s == "" {
		fail("event_date", ErrMissing)
	} else if d, ok := parseACLEDDate(s); ok {
		e.DateStart, e.DateEnd = d, d
	} else {
		fail("event_date", &badValue{s, `is not a date (want "02 January 2006" or 2006-01-02)`})
	}
	if _, ok := a.col["time_precision"]; ok {
		if n, ok := intField("time_precision", 1, 3, true); ok {
			e.TimePrecision = TimePrecision(n)
		}
	}
	e.EventType, e.SubEventType = get("event_type"), get("sub_event_type")
	for _, c := range []string{"actor1", "actor2"} {
		if s := get(c); s != "" {
			e.Actors = append(e.Actors, s)
		}
	}
	e.Country, e.Admin1, e.Admin2, e.Place = get("country"), get("admin1"), get("admin2"), get("location")
	// Both coordinates blank is an event no source locates (Frontier's
	// own export writes one so): listed, not drawn. One blank is a
	// mistake.
	unlocated := get("latitude") == "" && get("longitude") == ""
	var lat, lon float64
	var okLat, okLon bool
	if !unlocated {
		lat, okLat = coord("latitude", 90)
		lon, okLon = coord("longitude", 180)
	}
	if okLat && okLon {
		p := orb.Point{lon, lat}
		e.Location = &p
		if !Region.Contains(p) {
			fail("latitude/longitude", fmt.Errorf("%w: latitude %g, longitude %g (lon 55..81, lat 35..46)", ErrOutsideRegion, lat, lon))
		}
	}
	if unlocated {
		if s := get("geo_precision"); s != "" && s != "0" {
			fail("geo_precision", &badValue{s, "is given for a row without coordinates (leave it blank or 0)"})
		}
	} else if n, ok := intField("geo_precision", 1, 3, true); ok {
		e.GeoPrecision = GeoPrecision(n)
	}
	if e.Location != nil {
		// ACLED's codebook says what its point stands for at each geo
		// precision; the row's location names the place.
		e.LocationBasis = fmt.Sprintf("ACLED's coordinates for %s (geo_precision %d: %s)", cmp.Or(e.Place, "the row's location"), e.GeoPrecision, e.GeoPrecision)
	}
	e.Notes = get("notes")
	if text := get("source"); text == "" {
		fail("source", ErrUnsourced)
	} else {
		src := ACLEDSource(text)
		e.Sources = []string{src.ID}
		if !a.srcs[src.ID] {
			row.Sources = append(row.Sources, src)
		}
		if n, ok := intField("fatalities", 0, 1_000_000, false); ok {
			e.Claims = []Claim{{Low: n, What: "killed", Claimant: ACLEDClaimant, Source: src.ID}}
		}
	}
	e.Title = acledTitle(e)
	if len(errs) == 0 {
		// The domain's own rules, for what the parsing above cannot see.
		idx := SourceIndex{}
		for _, s := range row.Sources {
			idx[s.ID] = s
		}
		for _, id := range e.Sources {
			idx[id] = Source{ID: id}
		}
		if err := rowErrors(e.Check(idx), at, acledField); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		row.Err = errors.Join(errs...)
		row.Sources = nil
		return row, nil
	}
	for _, s := range row.Sources {
		a.srcs[s.ID] = true
	}
	row.Value = e
	return row, nil
}

func parseACLEDDate(s string) (Date, bool) {
	for _, l := range acledDateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return DateOf(t), true
		}
	}
	return Date{}, false
}

// acledTitle names an ACLED event, which has no title of its own, by what
// and where: "Armed clash at Vorukh".
func acledTitle(e Event) string {
	what := e.SubEventType
	if what == "" {
		what = e.EventType
	}
	switch {
	case what == "":
		return ""
	case e.Place == "":
		return what
	}
	return what + " at " + e.Place
}

// ACLEDWriter writes events in the ACLED layout (ACLEDColumns), so that an
// export reads back with NewACLEDReader.
type ACLEDWriter struct {
	w   *csv.Writer
	idx SourceIndex
	rec []string
}

// NewACLEDWriter writes the header. idx resolves the events' source ids to
// the text of the source column.
func NewACLEDWriter(w io.Writer, idx SourceIndex) (*ACLEDWriter, error) {
	cw := csv.NewWriter(w)
	if err := cw.Write(ACLEDColumns); err != nil {
		return nil, err
	}
	return &ACLEDWriter{w: cw, idx: idx, rec: make([]string, len(ACLEDColumns))}, nil
}

// Write writes one event. An event with no location has empty coordinates;
// fatalities is the lowest figure claimed for the killed, empty when there
// is none.
func (a *ACLEDWriter) Write(e Event) error {
	r := a.rec
	for i := range r {
		r[i] = ""
	}
	r[0] = e.ID
	r[1] = e.DateStart.String()
	r[2] = strconv.Itoa(int(e.TimePrecision))
	r[3], r[4] = e.EventType, e.SubEventType
	if len(e.Actors) > 0 {
		r[5] = e.Actors[0]
	}
	if len(e.Actors) > 1 {
		r[6] = strings.Join(e.Actors[1:], "; ")
	}
	r[7], r[8], r[9], r[10] = e.Country, e.Admin1, e.Admin2, e.Place
	if e.Location != nil {
		r[11] = strconv.FormatFloat(e.Location[1], 'f', -1, 64)
		r[12] = strconv.FormatFloat(e.Location[0], 'f', -1, 64)
	}
	r[13] = strconv.Itoa(int(e.GeoPrecision))
	var names []string
	for _, s := range a.idx.Resolve(e.Sources) {
		if strings.HasPrefix(s.ID, "acled:") {
			names = append(names, s.Publisher)
		} else {
			names = append(names, s.Publisher+": "+s.Title+" "+s.URL)
		}
	}
	r[14] = strings.Join(names, "; ")
	r[15] = e.Notes
	if lo, _, ok := e.Figures("killed"); ok {
		r[16] = strconv.Itoa(lo)
	}
	for i := range r {
		r[i] = SafeCell(r[i])
	}
	return a.w.Write(r)
}

// Flush writes what is buffered and reports any error so far.
func (a *ACLEDWriter) Flush() error {
	a.w.Flush()
	return a.w.Error()
}

// WriteACLED writes events as an ACLED-layout CSV, header first, and
// returns how many it wrote; idx resolves their source ids. It stops, with
// ctx's error, when ctx is done.
func WriteACLED(ctx context.Context, w io.Writer, idx SourceIndex, events iter.Seq[Event]) (n int, err error) {
	aw, err := NewACLEDWriter(w, idx)
	if err != nil {
		return 0, err
	}
	for e := range events {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		if err := aw.Write(e); err != nil {
			return n, err
		}
		n++
	}
	return n, aw.Flush()
}
