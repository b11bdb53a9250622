package data

import (
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"testing"

	"github.com/frontier-map/frontier/geo"
)

// rowsOf is a geo.RowReader over rows made beforehand; err, when set, is
// returned after them instead of io.EOF.
type rowsOf struct {
	rows []geo.Row
	err  error
}

func (r *rowsOf) Read() (geo.Row, error) {
	if len(r.rows) == 0 {
		if r.err != nil {
			return geo.Row{}, r.err
		}
		return geo.Row{}, io.EOF
	}
	row := r.rows[0]
	r.rows = r.rows[1:]
	return row, nil
}

// importRows is three clashes, each citing a source the row brings, with
// the second invalid when bad is set.
func importRows(t testing.TB, bad bool) []geo.Row {
	t.Helper()
	var rows []geo.Row
	for i, e := range bulkEvents(3) {
		src := geo.ACLEDSource("Kabar")
		row := geo.Row{Line: i + 2, Value: e, Sources: []geo.Source{src}}
		if bad && i == 1 {
			row = geo.Row{Line: i + 2, Err: errors.Join(
				&geo.RowError{Line: i + 2, Field: "latitude", Err: geo.ErrBadValue},
				&geo.RowError{Line: i + 2, Field: "event_date", Err: geo.ErrBadValue})}
		}
		rows = append(rows, row)
	}
	return rows
}

func TestImport(t *testing.T) {
	ctx := context.Background()
	clashes, _ := geo.LookupCollection("clashes")
	tests := []struct {
		name      string
		bad, skip bool
		readErr   error
		want      ImportStats
		stored    []string
		problems  []string
		fails     bool
	}{
		{name: "valid rows", want: ImportStats{Imported: 3, Sources: 3}, stored: []string{"B0000000", "B0000001", "B0000002"}},
		{name: "an invalid row: nothing written, every problem told", bad: true, fails: true,
			want: ImportStats{Invalid: 1}, problems: []string{"line 3: latitude", "line 3: event_date"}},
		{name: "an invalid row skipped", bad: true, skip: true,
			want: ImportStats{Imported: 2, Sources: 2, Invalid: 1}, stored: []string{"B0000000", "B0000002"}, problems: []string{"line 3: latitude", "line 3: event_date"}},
		{name: "a file that cannot be read on", readErr: errors.New("disk gone"), fails: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTemp(t)
			before, err := s.Version(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var problems []string
			st, err := s.Import(ctx, &rowsOf{rows: importRows(t, tt.bad), err: tt.readErr}, ImportOptions{
				Collection: clashes, SkipInvalid: tt.skip,
				Invalid: func(e *geo.RowError) { problems = append(problems, fmt.Sprintf("line %d: %s", e.Line, e.Field)) }})
			if (err != nil) != tt.fails {
				t.Fatalf("Import: %v", err)
			}
			if ie := (*InvalidRowsError)(nil); tt.bad && !tt.skip && (!errors.As(err, &ie) || ie.Invalid != 1) {
				t.Errorf("error %v, want an InvalidRowsError of 1 row", err)
			}
			if tt.readErr != nil && !errors.Is(err, tt.readErr) {
				t.Errorf("error %v, want the reader's", err)
			}
			if st != tt.want {
				t.Errorf("stats %+v, want %+v", st, tt.want)
			}
			if !reflect.DeepEqual(problems, tt.problems) {
				t.Errorf("problems told %q, want %q", problems, tt.problems)
			}
			if got := eventIDs(t, s, geo.Filter{}); !slices.Equal(got, tt.stored) {
				t.Errorf("stored %v, want %v", got, tt.stored)
			}
			if after, _ := s.Version(ctx); tt.fails && after != before {
				t.Errorf("a failed import changed the version: %s → %s", before, after)
			}
		})
	}
}

// TestImportUpdatesAndRecords: a row whose id the store holds replaces
// it, and an import with an author leaves a published revision per feature.
func TestImportUpdatesAndRecords(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	clashes, _ := geo.LookupCollection("clashes")
	if _, err := s.Import(ctx, &rowsOf{rows: importRows(t, false)}, ImportOptions{Collection: clashes}); err != nil {
		t.Fatal(err)
	}
	rows := importRows(t, false)[:1]
	e := rows[0].Value.(geo.Event)
	e.Title = "Armed clash at Y"
	rows[0].Value = e
	st, err := s.Import(ctx, &rowsOf{rows: rows}, ImportOptions{Collection: clashes, Author: "ed", Message: "fix a title"})
	if err != nil || st.Imported != 1 {
		t.Fatalf("second import: %+v %v", st, err)
	}
	evs, err := s.Events(ctx, geo.Filter{ID: e.ID})
	if err != nil || len(evs) != 1 || evs[0].Title != "Armed clash at Y" || len(eventIDs(t, s, geo.Filter{})) != 3 {
		t.Errorf("after the update: %+v, %d events, %v", evs, len(eventIDs(t, s, geo.Filter{})), err)
	}
	hist, err := s.History(ctx, "clashes", e.ID, false)
	if err != nil || len(hist) != 1 || hist[0].Author != "ed" {
		t.Errorf("history %+v, %v; want one revision by ed", hist, err)
	}
}
