package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/frontier-map/frontier/geo"
)

// ErrFilter is returned for a property filter the layer does not have, or
// a value its column can never hold.
var ErrFilter = errors.New("data: unknown filter")

// propColumn is a property a layer filters on in SQL, by the column that
// holds it. Each has an index whose first column it is and whose second is
// id (migration 004), so a filtered page in id order reads only its rows.
type propColumn struct {
	column  string
	integer bool
}

// propColumns are the property filters of each layer. A segment's status
// is not a column: it is judged from the status history at an instant, so
// Segments filters it after reading (the frontier is a few segments).
var propColumns = map[string]map[string]propColumn{
	"frontier":    {"sector": {column: "sector"}},
	"clashes":     {"event_type": {column: "event_type"}, "country": {column: "country"}, "geo_precision": {column: "geo_precision", integer: true}},
	"deployments": {"operator": {column: "operator"}, "category": {column: "category"}},
	"countries":   {"iso_a3": {column: "iso_a3"}},
	"places":      {"country": {column: "country"}},
	"sources":     {"publisher": {column: "publisher"}, "grade": {column: "grade"}},
	"reported":    {},
}

// query is one SELECT over a layer's table, aliased t: the joins and
// conditions the filter asks for.
type query struct {
	table string
	join  string
	where []string
	args  []any
}

func (q *query) add(cond string, args ...any) {
	q.where = append(q.where, cond)
	q.args = append(q.args, args...)
}

func (q *query) from() string {
	s := ` FROM ` + q.table + ` AS t` + q.join
	if len(q.where) > 0 {
		s += ` WHERE ` + strings.Join(q.where, ` AND `)
	}
	return s
}

// sql selects cols in id order. A page (limit or offset) is chosen by fid
// in a subquery first, which the indexes answer without reading a row, and
// only its rows are then read: a large offset skips index entries, not
// rows holding claims and sources.
func (q *query) sql(cols string, limit, offset int) (string, []any) {
	if limit <= 0 && offset <= 0 {
		return `SELECT ` + cols + q.from() + ` ORDER BY t.id`, q.args
	}
	if limit <= 0 {
		limit = -1 // SQLite's "no limit"
	}
	return `SELECT ` + cols + ` FROM ` + q.table + ` AS t WHERE t.fid IN (SELECT t.fid` + q.from() +
			` ORDER BY t.id LIMIT ? OFFSET ?) ORDER BY t.id`,
		append(slices.Clip(q.args), limit, offset)
}

// count is the number of rows the query selects.
func (q *query) count(ctx context.Context, s *Store) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*)`+q.from(), q.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("data: count %s: %w", q.table, err)
	}
	return n, nil
}

// bboxPlan is how a query meets the bbox through the R-tree.
type bboxPlan int

const (
	// bboxJoin reads the R-tree's matches and the rows they name: the
	// way for a box holding a small share of the layer.
	bboxJoin bboxPlan = iota
	// bboxProbe walks the rows in id order and looks each one up in the
	// R-tree by id: for a box holding much of the layer, a page in id
	// order is found after a few rows, where a join would sort them all.
	bboxProbe
)

// planBBox picks how to meet the bbox: probing when the box's R-tree
// matches are at least a quarter of the layer's rows.
func (s *Store) planBBox(ctx context.Context, table string, f geo.Filter) (bboxPlan, error) {
	if f.BBox == nil || table == "sources" {
		return bboxJoin, nil
	}
	b := *f.BBox
	var inBox, all int
	err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM rtree_`+table+`_geom AS r WHERE `+rtreeMeets+`), (SELECT count(*) FROM `+table+`)`,
		rtreeArgs(b)...).Scan(&inBox, &all)
	if err != nil {
		return bboxJoin, fmt.Errorf("data: %s: %w", table, err)
	}
	if inBox*4 >= all {
		return bboxProbe, nil
	}
	return bboxJoin, nil
}

// baseQuery builds the conditions every layer shares: ids, the bbox, the
// property filters the layer has columns for, and the key to page after.
// Limit and Offset are left to the caller.
func baseQuery(table string, f geo.Filter, plan bboxPlan) (*query, error) {
	q := &query{table: table}
	if f.ID != "" {
		q.add(`t.id = ?`, f.ID)
	}
	if f.IDs != nil && len(f.IDs) == 0 {
		q.add(`0`) // an empty list selects nothing
	} else if f.IDs != nil {
		marks := strings.TrimSuffix(strings.Repeat("?,", len(f.IDs)), ",")
		args := make([]any, len(f.IDs))
		for i, id := range f.IDs {
			args[i] = id
		}
		q.add(`t.id IN (`+marks+`)`, args...)
	}
	if f.BBox != nil && table == "sources" {
		q.add(`0`) // no source has a geometry to meet the box
	} else if f.BBox != nil {
		cond, args := bboxCond("t.geom", *f.BBox)
		if plan == bboxProbe {
			q.add(`EXISTS (SELECT 1 FROM rtree_`+table+`_geom AS r WHERE r.id = t.fid AND `+cond+`)`, args...)
		} else {
			q.join = ` JOIN rtree_` + table + `_geom AS r ON r.id = t.fid`
			q.add(cond, args...)
		}
	}
	names := make([]string, 0, len(f.Props))
	for name := range f.Props {
		names = append(names, name)
	}
	slices.Sort(names) // the same filter gives the same SQL
	for _, name := range names {
		v := f.Props[name]
		col, ok := propColumns[table][name]
		switch {
		case !ok && table == "frontier" && name == "status":
			continue // judged by Segments after reading
		case !ok:
			return nil, fmt.Errorf("%w: %s has no filter %q", ErrFilter, table, name)
		case col.integer:
			n, err := strconv.Atoi(v)
			if err != nil {
				return nil, fmt.Errorf("%w: %s %q is not a whole number", ErrFilter, name, v)
			}
			q.add(`t.`+col.column+` = ?`, n)
		default:
			// NOCASE folds ASCII letters only, as the index does: the
			// filtered values (event types, countries, operators) are
			// English names.
			q.add(`t.`+col.column+` = ? COLLATE NOCASE`, v)
		}
	}
	if f.Text != "" {
		if err := textQuery(q, table, f.Text); err != nil {
			return nil, err
		}
	}
	if f.After != "" {
		q.add(`t.id > ?`, f.After)
	}
	return q, nil
}

// textQuery adds the free-text search: the text in any of the columns
// named by the collection's Search properties (each stored in a column of
// that name). LIKE folds ASCII letters only, as NOCASE does; the searched
// names are in English or transliterated. It reads every row the other
// conditions leave, which at 100,000 events is tens of milliseconds.
func textQuery(q *query, table, text string) error {
	coll, ok := geo.LookupCollection(table)
	if !ok || len(coll.Search) == 0 {
		return fmt.Errorf("%w: %s has no text search", ErrFilter, table)
	}
	like := "%" + likeEscaper.Replace(text) + "%"
	conds := make([]string, len(coll.Search))
	args := make([]any, len(coll.Search))
	for i, col := range coll.Search {
		conds[i] = `t.` + col + ` LIKE ? ESCAPE '\'`
		args[i] = like
	}
	q.add(`(`+strings.Join(conds, ` OR `)+`)`, args...)
	return nil
}

// likeEscaper makes a searched text match itself in a LIKE pattern.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// eventTime adds an event's dates meeting the filter's interval: its days
// overlap it.
func eventTime(q *query, f geo.Filter) {
	if f.Time == nil {
		return
	}
	first, last := dayBounds(*f.Time)
	if last != "" {
		q.add(`t.date_start <= ?`, last)
	}
	if first != "" {
		q.add(`t.date_end >= ?`, first)
	}
}

// deploymentTime adds a deployment meeting the filter's interval: its
// earliest dated claim is not after the interval's end.
func deploymentTime(q *query, f geo.Filter) {
	if f.Time == nil {
		return
	}
	if _, last := dayBounds(*f.Time); last != "" {
		q.add(`(t.since IS NULL OR t.since = '' OR t.since <= ?)`, last)
	}
}

// layerQuery is the query of a layer's table for the filter, its own time
// conditions included.
func (s *Store) layerQuery(ctx context.Context, layer string, f geo.Filter) (*query, error) {
	plan, err := s.planBBox(ctx, layer, f)
	if err != nil {
		return nil, err
	}
	q, err := baseQuery(layer, f, plan)
	if err != nil {
		return nil, err
	}
	switch layer {
	case "clashes":
		eventTime(q, f)
	case "deployments":
		deploymentTime(q, f)
	}
	return q, nil
}

// Count returns how many features of the layer the filter selects, Limit
// and Offset aside (with After, how many are left after that key):
// counted in SQL through the same indexes a page uses, except for the
// frontier, whose time and status are judged on the few segments read.
func (s *Store) Count(ctx context.Context, layer string, f geo.Filter) (int, error) {
	f.Limit, f.Offset = 0, 0
	if _, ok := propColumns[layer]; !ok {
		return 0, fmt.Errorf("%w: no layer %q", ErrFilter, layer)
	}
	if layer == "frontier" {
		segs, err := s.Segments(ctx, f)
		return len(segs), err
	}
	if onlyBBox(f) && layer != "sources" {
		return s.countBBox(ctx, layer, *f.BBox)
	}
	q, err := s.layerQuery(ctx, layer, f)
	if err != nil {
		return 0, err
	}
	return q.count(ctx, s)
}

// rtreeMeets is the R-tree row r's box (a feature's bounds) meeting the
// bbox: what the index can answer alone, and a feature whose bounds miss
// the bbox has no point in it. Its arguments are rtreeArgs.
const rtreeMeets = `r.minx <= ? AND r.maxx >= ? AND r.miny <= ? AND r.maxy >= ?`

func rtreeArgs(b orb.Bound) []any { return []any{b.Max[0], b.Min[0], b.Max[1], b.Min[1]} }

// bboxCond is geo.Meets in SQL, for the geometry geom of R-tree row r. The
// index's boxes are 32-bit floats rounded outward, and a line's or
// polygon's box can meet the bbox where the shape does not; so bounds that
// meet the bbox are only a candidate. Bounds wholly inside it decide yes
// without reading the geometry (most do, and skip the call); the rest are
// decided by frontier_meets, which is geo.Meets itself. TestBBoxMeansMeets
// holds the store's answer to geo.Meets on the bundled data.
func bboxCond(geom string, b orb.Bound) (string, []any) {
	cond := rtreeMeets + ` AND ((r.minx >= ? AND r.maxx <= ? AND r.miny >= ? AND r.maxy <= ?) OR frontier_meets(` + geom + `, ?, ?, ?, ?))`
	return cond, append(rtreeArgs(b), b.Min[0], b.Max[0], b.Min[1], b.Max[1], b.Min[0], b.Min[1], b.Max[0], b.Max[1])
}

// onlyBBox reports whether the filter selects by the bbox alone.
func onlyBBox(f geo.Filter) bool {
	return f.BBox != nil && f.Time == nil && f.ID == "" && f.IDs == nil && len(f.Props) == 0 && f.Text == "" && f.After == ""
}

// countBBox counts the layer's features meeting the box from the R-tree
// alone, reading a row only for the exact test of a box not wholly
// inside.
func (s *Store) countBBox(ctx context.Context, layer string, b orb.Bound) (int, error) {
	var n int
	cond, args := bboxCond("(SELECT geom FROM "+layer+" WHERE fid = r.id)", b)
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM rtree_`+layer+`_geom AS r WHERE `+cond, args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("data: count %s: %w", layer, err)
	}
	return n, nil
}

// dateColumns are the columns holding a layer's dates: an event's first
// and last day, a deployment's earliest dated claim.
var dateColumns = map[string][]string{
	"clashes":     {"date_start", "date_end"},
	"deployments": {"since"},
}

// Extent returns the space and time the layer's features cover: the
// bounds from the R-tree (its 32-bit boxes round outward, by a few
// centimetres), the dates from their columns, without reading a feature.
func (s *Store) Extent(ctx context.Context, layer string) (geo.Extent, error) {
	var ext geo.Extent
	if _, ok := propColumns[layer]; !ok {
		return ext, fmt.Errorf("%w: no layer %q", ErrFilter, layer)
	}
	if !slices.Contains(featureTables, layer) {
		return ext, nil // an attribute table: no geometry, no dates
	}
	var minx, miny, maxx, maxy sql.NullFloat64
	err := s.db.QueryRowContext(ctx, `SELECT min(minx), min(miny), max(maxx), max(maxy) FROM rtree_`+layer+`_geom`).Scan(&minx, &miny, &maxx, &maxy)
	if err != nil {
		return ext, fmt.Errorf("data: extent %s: %w", layer, err)
	}
	if minx.Valid {
		ext.Bound = &orb.Bound{Min: orb.Point{minx.Float64, miny.Float64}, Max: orb.Point{maxx.Float64, maxy.Float64}}
	}
	for _, col := range dateColumns[layer] {
		var first, last sql.NullString
		err := s.db.QueryRowContext(ctx, `SELECT min(CAST(`+col+` AS TEXT)), max(CAST(`+col+` AS TEXT)) FROM `+layer+` WHERE `+col+` IS NOT NULL AND `+col+` != ''`).Scan(&first, &last)
		if err != nil {
			return ext, fmt.Errorf("data: extent %s: %w", layer, err)
		}
		if !first.Valid {
			continue
		}
		f, err1 := geo.ParseDate(first.String)
		l, err2 := geo.ParseDate(last.String)
		if err := errors.Join(err1, err2); err != nil {
			return ext, fmt.Errorf("data: extent %s: %w", layer, err)
		}
		if ext.First.IsZero() || f.Before(ext.First) {
			ext.First = f
		}
		if ext.Last.IsZero() || l.After(ext.Last) {
			ext.Last = l
		}
	}
	return ext, nil
}
