package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/frontier-map/frontier/geo"
)

// Errors of the desk.
var (
	ErrNothingPending = geo.ErrNothingPending
	ErrCollection     = errors.New("data: not a collection the desk writes")
)

// deskTables are the tables a draft may change: a collection's id is its
// table's name.
var deskTables = []string{"frontier", "clashes", "deployments", "places", "sources"}

// SaveDraft records a change by author as the feature's pending draft
// (replacing an earlier one) and as a draft revision, in one transaction.
// check sees the feature as the author's change would find it (the
// pending draft, else the published feature; nil when there is none) and
// may refuse the change: that is where If-Match is tested, inside the
// transaction, so two editors cannot both pass it.
func (s *Store) SaveDraft(ctx context.Context, author string, ch geo.DraftChange, check func(current json.RawMessage) error) (geo.Draft, error) {
	if s.readOnly {
		return geo.Draft{}, ErrReadOnly
	}
	if !slices.Contains(deskTables, ch.Collection) {
		return geo.Draft{}, fmt.Errorf("%w: %q", ErrCollection, ch.Collection)
	}
	var out geo.Draft
	err := s.writeConn(ctx, false, func(w *writer) error {
		old, found, err := draftRow(ctx, w.tx, ch.Collection, ch.FeatureID)
		if err != nil {
			return err
		}
		current, base := ch.Published, ch.Published
		editors := []string{author}
		if found {
			current, base = old.Record, old.Base
			if !slices.Contains(old.Editors, author) {
				editors = append(old.Editors, author)
			} else {
				editors = old.Editors
			}
		}
		if err := check(current); err != nil {
			return err
		}
		op := geo.OpChange
		switch {
		case ch.Record == nil:
			op = geo.OpDelete
		case base == nil:
			op = geo.OpCreate
		}
		out = geo.Draft{Collection: ch.Collection, FeatureID: ch.FeatureID, Op: op, Record: ch.Record, Base: base,
			Author: author, Editors: editors, Updated: time.Now().UTC()}
		if op == geo.OpDelete && base == nil {
			// Deleting a feature that was never published withdraws its
			// draft: there is nothing left to publish.
			_, err = w.tx.ExecContext(ctx, `DELETE FROM frontier_drafts WHERE collection = ? AND feature_id = ?`, ch.Collection, ch.FeatureID)
		} else {
			eds, _ := json.Marshal(editors)
			_, err = w.tx.ExecContext(ctx, `INSERT INTO frontier_drafts (collection, feature_id, op, record, base, author, editors, updated)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (collection, feature_id) DO UPDATE SET op = excluded.op, record = excluded.record,
				author = excluded.author, editors = excluded.editors, updated = excluded.updated`,
				ch.Collection, ch.FeatureID, string(op), nullJSON(ch.Record), nullJSON(base), author, string(eds), stamp(out.Updated))
		}
		if err != nil {
			return err
		}
		return insertRevision(ctx, w.tx, geo.Revision{Author: author, Collection: ch.Collection, FeatureID: ch.FeatureID,
			Op: op, Message: ch.Message, Before: current, After: ch.Record})
	})
	return out, err
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func nullJSON(b json.RawMessage) any {
	if b == nil {
		return nil
	}
	return string(b)
}

func rawJSON(s sql.NullString) json.RawMessage {
	if !s.Valid {
		return nil
	}
	return json.RawMessage(s.String)
}

type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

func draftRow(ctx context.Context, q querier, coll, id string) (geo.Draft, bool, error) {
	ds, err := drafts(ctx, q, `WHERE collection = ? AND feature_id = ?`, coll, id)
	if err != nil || len(ds) == 0 {
		return geo.Draft{}, false, err
	}
	return ds[0], true, nil
}

func drafts(ctx context.Context, q querier, where string, args ...any) ([]geo.Draft, error) {
	rows, err := q.QueryContext(ctx, `SELECT collection, feature_id, op, record, base, author, editors, updated
		FROM frontier_drafts `+where+` ORDER BY updated, collection, feature_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("data: drafts: %w", err)
	}
	defer rows.Close()
	var out []geo.Draft
	for rows.Next() {
		var d geo.Draft
		var rec, base sql.NullString
		var eds, updated string
		if err := rows.Scan(&d.Collection, &d.FeatureID, &d.Op, &rec, &base, &d.Author, &eds, &updated); err != nil {
			return nil, fmt.Errorf("data: drafts: %w", err)
		}
		d.Record, d.Base, d.Updated = rawJSON(rec), rawJSON(base), parseStamp(updated)
		if err := json.Unmarshal([]byte(eds), &d.Editors); err != nil {
			return nil, fmt.Errorf("data: drafts: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Drafts lists every pending draft, oldest first.
func (s *Store) Drafts(ctx context.Context) ([]geo.Draft, error) { return drafts(ctx, s.db, "") }

// Draft returns the feature's pending draft; ok is false when there is none.
func (s *Store) Draft(ctx context.Context, collection, id string) (d geo.Draft, ok bool, err error) {
	return draftRow(ctx, s.db, collection, id)
}

func insertRevision(ctx context.Context, tx *sql.Tx, r geo.Revision) error {
	var pub sql.NullInt64
	if r.Publication > 0 {
		pub = sql.NullInt64{Int64: r.Publication, Valid: true}
	}
	var eds any
	if r.Editors != nil {
		b, _ := json.Marshal(r.Editors)
		eds = string(b)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO frontier_revisions (author, publication, collection, feature_id, op, message, editors, before, after)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.Author, pub, r.Collection, r.FeatureID, string(r.Op), r.Message, eds, nullJSON(r.Before), nullJSON(r.After))
	if err != nil {
		return fmt.Errorf("revision: %w", err)
	}
	return nil
}

// Apply writes one draft's record through w (a *Batch): the collection
// registry decodes it and knows which Put it takes; the store knows
// tables, not collections.
type Apply = func(w geo.Writer, d geo.Draft) error

// Publish applies every pending draft in one transaction: the features are
// written, one publication and a published revision per feature are
// recorded, and the drafts are gone. Readers see all of it at once, as one
// new dataset version, or (on any error, or a crash) none of it.
func (s *Store) Publish(ctx context.Context, author, message string, apply Apply) (geo.Publication, error) {
	if s.readOnly {
		return geo.Publication{}, ErrReadOnly
	}
	var pub geo.Publication
	err := s.writeConn(ctx, false, func(w *writer) error {
		pending, err := drafts(ctx, w.tx, "")
		if err != nil {
			return err
		}
		if len(pending) == 0 {
			return ErrNothingPending
		}
		if pub, err = insertPublication(ctx, w.tx, author, message); err != nil {
			return err
		}
		for _, d := range pending {
			if d.Op == geo.OpDelete {
				if !slices.Contains(deskTables, d.Collection) {
					return fmt.Errorf("%w: %q", ErrCollection, d.Collection)
				}
				if _, err := w.tx.ExecContext(ctx, `DELETE FROM `+d.Collection+` WHERE id = ?`, d.FeatureID); err != nil {
					return fmt.Errorf("%s %s: %w", d.Collection, d.FeatureID, err)
				}
			} else {
				if err := apply(&Batch{ctx: ctx, w: w}, d); err != nil {
					return fmt.Errorf("%s %s: %w", d.Collection, d.FeatureID, err)
				}
			}
			r := geo.Revision{Author: author, Publication: pub.ID, Collection: d.Collection, FeatureID: d.FeatureID,
				Op: d.Op, Message: message, Editors: d.Editors, Before: d.Base, After: d.Record}
			if err := insertRevision(ctx, w.tx, r); err != nil {
				return err
			}
			pub.Changes = append(pub.Changes, r)
		}
		_, err = w.tx.ExecContext(ctx, `DELETE FROM frontier_drafts`)
		return err
	})
	if err != nil {
		return geo.Publication{}, err
	}
	return pub, nil
}

func insertPublication(ctx context.Context, tx *sql.Tx, author, message string) (geo.Publication, error) {
	p := geo.Publication{Author: author, Message: message, At: time.Now().UTC()}
	res, err := tx.ExecContext(ctx, `INSERT INTO frontier_publications (at, author, message) VALUES (?, ?, ?)`, stamp(p.At), author, message)
	if err != nil {
		return p, fmt.Errorf("publication: %w", err)
	}
	p.ID, err = res.LastInsertId()
	return p, err
}

const revisionCols = `id, at, author, publication, collection, feature_id, op, message, editors, before, after`

func scanRevisions(rows *sql.Rows) ([]geo.Revision, error) {
	defer rows.Close()
	var out []geo.Revision
	for rows.Next() {
		var r geo.Revision
		var at string
		var pub sql.NullInt64
		var msg, eds, before, after sql.NullString
		if err := rows.Scan(&r.ID, &at, &r.Author, &pub, &r.Collection, &r.FeatureID, &r.Op, &msg, &eds, &before, &after); err != nil {
			return nil, fmt.Errorf("data: revisions: %w", err)
		}
		r.At, r.Publication, r.Message = parseStamp(at), pub.Int64, msg.String
		r.Before, r.After = rawJSON(before), rawJSON(after)
		if eds.Valid {
			if err := json.Unmarshal([]byte(eds.String), &r.Editors); err != nil {
				return nil, fmt.Errorf("data: revisions: %w", err)
			}
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// History returns a feature's revisions, newest first: the published ones,
// and the drafts too when withDrafts is set (for desk users).
func (s *Store) History(ctx context.Context, collection, id string, withDrafts bool) ([]geo.Revision, error) {
	q := `SELECT ` + revisionCols + ` FROM frontier_revisions WHERE collection = ? AND feature_id = ?`
	if !withDrafts {
		q += ` AND publication IS NOT NULL`
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY id DESC`, collection, id)
	if err != nil {
		return nil, fmt.Errorf("data: history: %w", err)
	}
	return scanRevisions(rows)
}

// Publications returns the latest publications, newest first, each with
// the features it changed.
func (s *Store) Publications(ctx context.Context, limit int) ([]geo.Publication, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, at, author, message FROM frontier_publications ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("data: publications: %w", err)
	}
	var pubs []geo.Publication
	for rows.Next() {
		var p geo.Publication
		var at string
		if err := rows.Scan(&p.ID, &at, &p.Author, &p.Message); err != nil {
			rows.Close()
			return nil, fmt.Errorf("data: publications: %w", err)
		}
		p.At = parseStamp(at)
		pubs = append(pubs, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("data: publications: %w", err)
	}
	for i := range pubs {
		rows, err := s.db.QueryContext(ctx, `SELECT `+revisionCols+` FROM frontier_revisions WHERE publication = ? ORDER BY id`, pubs[i].ID)
		if err != nil {
			return nil, fmt.Errorf("data: publications: %w", err)
		}
		if pubs[i].Changes, err = scanRevisions(rows); err != nil {
			return nil, err
		}
	}
	return pubs, nil
}
