package web

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	jsonpatch "github.com/evanphx/json-patch/v5"
	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/frontier-map/frontier/geo"
)

// The desk's writes, OGC API – Features Part 4 (Create, Replace, Update,
// Delete): each is validated as `frontier import` validates, through the
// collection registry, and becomes a draft that readers do not see until
// a publisher publishes it (handle_publish.go).

// typeMergePatch is JSON Merge Patch (RFC 7396), the body PATCH takes.
const typeMergePatch = "application/merge-patch+json"

// writeBody is a feature as a client sends it. Members beyond these are
// refused rather than dropped; links and bbox, which a client may send
// back as it got them, are ignored.
type writeBody struct {
	Type       string          `json:"type"`
	ID         any             `json:"id,omitempty"`
	Geometry   json.RawMessage `json:"geometry"`
	Properties json.RawMessage `json:"properties"`
	BBox       json.RawMessage `json:"bbox,omitempty"`
	Links      json.RawMessage `json:"links,omitempty"`
}

// writable returns the collection a write goes to, refusing one the desk
// does not write (the country polygons) or does not write that way (a
// frontier segment only takes PATCH of its status history).
func (s *Server) writable(c echo.Context, method string) (*collection, error) {
	coll, err := s.collection(c.Param("collectionId"))
	if err != nil {
		return nil, err
	}
	if !coll.Writable() || (coll.ID == "frontier" && method != http.MethodPatch) || (coll.ID == "sources" && method == http.MethodDelete) {
		c.Response().Header().Set(echo.HeaderAllow, strings.Join(allowedMethods(coll), ", "))
		return nil, echo.NewHTTPError(http.StatusMethodNotAllowed)
	}
	return coll, nil
}

// allowedMethods lists what a collection's items take, for Allow headers.
func allowedMethods(coll *collection) []string {
	switch {
	case !coll.Writable():
		return []string{http.MethodGet, http.MethodHead}
	case coll.ID == "frontier":
		return []string{http.MethodGet, http.MethodHead, http.MethodPatch}
	case coll.ID == "sources":
		return []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch}
	}
	return []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}
}

// etag is a record's strong entity tag: a hash of its bytes, which the
// registry writes in one fixed form.
func etag(record []byte) string {
	h := sha256.Sum256(record)
	return `"` + hex.EncodeToString(h[:16]) + `"`
}

// ifMatch checks an If-Match header against the feature a change would
// find (nil when there is none).
func ifMatch(header string, current []byte) error {
	if header == "" {
		return &PreconditionError{Status: http.StatusPreconditionRequired,
			Detail: "A change needs If-Match with the feature's ETag (GET it first), so that it cannot overwrite someone else's."}
	}
	if current == nil {
		return &NotFoundError{What: "such feature (or it is deleted in a pending draft)"}
	}
	if strings.TrimSpace(header) == "*" {
		return nil
	}
	want := etag(current)
	for _, t := range strings.Split(header, ",") {
		if strings.TrimSpace(t) == want {
			return nil
		}
	}
	return &PreconditionError{Status: http.StatusPreconditionFailed,
		Detail: "The feature has changed since that ETag (someone else's edit, or a publish): GET it again and redo the change on it. Its ETag now is " + want + "."}
}

// published reads a feature's published record; nil when there is none.
func (s *Server) published(c echo.Context, coll *collection, id string) ([]byte, error) {
	now := s.now()
	fs, err := coll.Records(c.Request().Context(), s.store, geo.Filter{ID: id}, geo.View{Interval: geo.Instant(now), Now: now})
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", coll.ID, id, err)
	}
	for _, f := range fs {
		if fmt.Sprint(f.ID) == id {
			return json.Marshal(f)
		}
	}
	return nil, nil
}

// featureWithRecord reads one feature once, served as of now and in its
// record form.
func (s *Server) featureWithRecord(ctx context.Context, coll *collection, id string, now time.Time) (served, records []*geo.Feature, err error) {
	srcs, err := s.store.Sources(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("sources: %w", err)
	}
	view := geo.View{Interval: geo.Instant(now), Now: now, Sources: geo.Dataset{Sources: srcs}.Index()}
	served, records, err = coll.FeaturesWithRecords(ctx, s.store, geo.Filter{ID: id}, view)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", coll.ID, err)
	}
	return served, records, nil
}

// current is the feature as the desk sees it: its pending draft, else its
// published record; nil when there is neither (or the draft deletes it).
func (s *Server) current(c echo.Context, coll *collection, id string) ([]byte, error) {
	d, ok, err := s.desk.Draft(c.Request().Context(), coll.ID, id)
	if err != nil {
		return nil, err
	}
	if ok {
		return d.Record, nil
	}
	return s.published(c, coll, id)
}

// knownSources are the sources a write may cite: the published ones and
// those drafted, so that a new event can cite a new source in one sitting.
func (s *Server) knownSources(c echo.Context) (geo.SourceIndex, error) {
	ctx := c.Request().Context()
	srcs, err := s.store.Sources(ctx)
	if err != nil {
		return nil, err
	}
	idx := geo.Dataset{Sources: srcs}.Index()
	drafts, err := s.desk.Drafts(ctx)
	if err != nil {
		return nil, err
	}
	sources, _ := geo.LookupCollection("sources")
	for _, d := range drafts {
		if d.Collection != "sources" {
			continue
		}
		if d.Record == nil {
			delete(idx, d.FeatureID)
			continue
		}
		if v, err := decodeRecord(sources, d.FeatureID, d.Record, false); err == nil {
			idx[d.FeatureID] = v.(geo.Source)
		}
	}
	return idx, nil
}

// decodeRecord reads a feature body into the collection's value: the
// geometry, then the properties, through the registry (strict: an unknown
// member or property is an error).
func decodeRecord(coll *geo.Collection, id string, body []byte, strict bool) (any, error) {
	var b writeBody
	dec := json.NewDecoder(bytes.NewReader(body))
	if strict {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(&b); err != nil {
		return nil, &geo.FeatureError{Collection: coll.ID, ID: id, Field: "properties", Err: fmt.Errorf("%w: the body is not a GeoJSON Feature: %v", geo.ErrBadValue, strings.TrimPrefix(err.Error(), "json: "))}
	}
	if b.Type != "Feature" {
		return nil, &geo.FeatureError{Collection: coll.ID, ID: id, Field: "type", Err: fmt.Errorf("%w: %q (want Feature)", geo.ErrBadValue, b.Type)}
	}
	var g orb.Geometry
	if len(b.Geometry) > 0 && string(b.Geometry) != "null" {
		gg, err := geojson.UnmarshalGeometry(b.Geometry)
		if err != nil {
			return nil, &geo.FeatureError{Collection: coll.ID, ID: id, Field: "geometry", Err: fmt.Errorf("%w: %v", geo.ErrBadValue, err)}
		}
		g = gg.Geometry()
	}
	props := b.Properties
	if len(props) == 0 || string(props) == "null" {
		props = json.RawMessage("{}")
	}
	if strict {
		return coll.DecodeStrict(id, g, props)
	}
	return coll.Decode(id, g, props)
}

// draftRecord validates a body as the feature id of coll and returns its
// record, the form the draft keeps.
func (s *Server) draftRecord(c echo.Context, coll *collection, id string, body []byte) ([]byte, error) {
	v, err := decodeRecord(coll.Collection, id, body, true)
	if err != nil {
		return nil, err
	}
	idx, err := s.knownSources(c)
	if err != nil {
		return nil, err
	}
	if err := coll.Check(v, idx); err != nil {
		return nil, err
	}
	rec, err := coll.Record(v)
	if err != nil {
		return nil, err
	}
	return json.Marshal(rec)
}

// readBody reads a write's body, which must be of type want.
func readBody(c echo.Context, want ...string) ([]byte, error) {
	ct := c.Request().Header.Get(echo.HeaderContentType)
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || !containsFold(want, mt) {
		return nil, echo.NewHTTPError(http.StatusUnsupportedMediaType, fmt.Sprintf("Send the body as %s.", strings.Join(want, " or ")))
	}
	b, err := io.ReadAll(c.Request().Body)
	if tooLarge := (*http.MaxBytesError)(nil); errors.As(err, &tooLarge) {
		return nil, bodyTooLarge(tooLarge.Limit)
	}
	if err != nil {
		return nil, err
	}
	return b, nil
}

func containsFold(list []string, v string) bool {
	for _, x := range list {
		if strings.EqualFold(x, v) {
			return true
		}
	}
	return false
}

// newFeatureID makes an id for a feature posted without one: the day and
// 48 random bits, short enough to read out, unlikely to meet another.
func newFeatureID(now time.Time) string {
	var b [6]byte
	rand.Read(b[:])
	return "desk-" + now.UTC().Format("20060102") + "-" + hex.EncodeToString(b[:])
}

// answerDraft writes a saved draft: the record, its ETag and where it is.
func (s *Server) answerDraft(c echo.Context, status int, coll *collection, d geo.Draft) error {
	base, err := s.baseURL(c)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "no-store")
	loc := base + "/collections/" + coll.ID + "/items/" + pathEscape(d.FeatureID)
	h.Set(echo.HeaderLocation, loc)
	if d.Record == nil {
		return c.NoContent(http.StatusNoContent)
	}
	h.Set("ETag", etag(d.Record))
	return c.Blob(status, typeGeoJSON, draftView(d))
}

// draftView is a draft's record marked as a draft, as the desk sees it.
func draftView(d geo.Draft) []byte {
	var f map[string]json.RawMessage
	if err := json.Unmarshal(d.Record, &f); err != nil {
		return d.Record
	}
	f["state"] = json.RawMessage(`"draft"`)
	f["draft"], _ = json.Marshal(map[string]any{"op": d.Op, "author": d.Author, "editors": d.Editors, "updated": d.Updated})
	b, _ := json.Marshal(f)
	return b
}

// handleCreate answers POST /collections/{collectionId}/items: a new
// feature, as a draft, 201 with its Location and ETag.
func (s *Server) handleCreate(c echo.Context) error {
	u, err := s.requireRole(c, geo.RoleEditor)
	if err != nil {
		return err
	}
	coll, err := s.writable(c, http.MethodPost)
	if err != nil {
		return err
	}
	body, err := readBody(c, typeGeoJSON, typeJSON)
	if err != nil {
		return err
	}
	given := bodyID(body)
	id := fmt.Sprint(given)
	switch v := given.(type) {
	case nil:
		id = newFeatureID(s.now())
	case string:
		if v == "" || len(v) > 200 || strings.ContainsAny(v, "/?#") {
			return &geo.FeatureError{Collection: coll.ID, Field: "id", Err: fmt.Errorf("%w: %q: want 1 to 200 characters without / ? #", geo.ErrBadValue, v)}
		}
	case float64:
		id = fmt.Sprintf("%.0f", v)
	default:
		return &geo.FeatureError{Collection: coll.ID, Field: "id", Err: fmt.Errorf("%w: want a string or a number", geo.ErrBadValue)}
	}
	rec, err := s.draftRecord(c, coll, id, body)
	if err != nil {
		return err
	}
	published, err := s.published(c, coll, id)
	if err != nil {
		return err
	}
	d, err := s.desk.SaveDraft(c.Request().Context(), u.Name, geo.DraftChange{Collection: coll.ID, FeatureID: id, Record: rec, Published: published,
		Message: c.Request().Header.Get("X-Frontier-Message")},
		func(current json.RawMessage) error {
			if current != nil {
				return &ConflictError{Detail: fmt.Sprintf("%s already has a feature %q: change it with PUT or PATCH.", coll.ID, id)}
			}
			return nil
		})
	if err != nil {
		return err
	}
	return s.answerDraft(c, http.StatusCreated, coll, d)
}

// handleReplace answers PUT /collections/{collectionId}/items/{featureId}.
func (s *Server) handleReplace(c echo.Context) error {
	return s.change(c, http.MethodPut)
}

// handleUpdate answers PATCH /collections/{collectionId}/items/{featureId}
// with a JSON Merge Patch of the feature.
func (s *Server) handleUpdate(c echo.Context) error {
	return s.change(c, http.MethodPatch)
}

// handleDelete answers DELETE /collections/{collectionId}/items/{featureId}.
func (s *Server) handleDelete(c echo.Context) error {
	return s.change(c, http.MethodDelete)
}

// change makes a PUT, PATCH or DELETE a draft, against the ETag the
// client read.
func (s *Server) change(c echo.Context, method string) error {
	u, err := s.requireRole(c, geo.RoleEditor)
	if err != nil {
		return err
	}
	coll, err := s.writable(c, method)
	if err != nil {
		return err
	}
	id, err := url.PathUnescape(c.Param("featureId"))
	if err != nil {
		return &NotFoundError{What: fmt.Sprintf("feature %q in %s", c.Param("featureId"), coll.ID)}
	}
	match := c.Request().Header.Get("If-Match")
	if match == "" {
		return ifMatch("", nil)
	}
	current, err := s.current(c, coll, id)
	if err != nil {
		return err
	}
	if err := ifMatch(match, current); err != nil {
		return err
	}
	var rec []byte
	switch method {
	case http.MethodPut:
		body, err := readBody(c, typeGeoJSON, typeJSON)
		if err != nil {
			return err
		}
		if given := bodyID(body); given != nil && fmt.Sprint(given) != id {
			return &geo.FeatureError{Collection: coll.ID, ID: id, Field: "id", Err: fmt.Errorf("%w: %v is not the feature's id %q", geo.ErrBadValue, given, id)}
		}
		if rec, err = s.draftRecord(c, coll, id, body); err != nil {
			return err
		}
	case http.MethodPatch:
		patch, err := readBody(c, typeMergePatch)
		if err != nil {
			return err
		}
		if err := patchAllowed(coll, patch); err != nil {
			return err
		}
		merged, err := jsonpatch.MergePatch(current, patch)
		if err != nil {
			return &geo.FeatureError{Collection: coll.ID, ID: id, Field: "properties", Err: fmt.Errorf("%w: not a JSON Merge Patch: %v", geo.ErrBadValue, err)}
		}
		if rec, err = s.draftRecord(c, coll, id, merged); err != nil {
			return err
		}
	}
	published, err := s.published(c, coll, id)
	if err != nil {
		return err
	}
	d, err := s.desk.SaveDraft(c.Request().Context(), u.Name, geo.DraftChange{Collection: coll.ID, FeatureID: id, Record: rec, Published: published,
		Message: c.Request().Header.Get("X-Frontier-Message")},
		func(now json.RawMessage) error { return ifMatch(match, now) })
	if err != nil {
		return err
	}
	return s.answerDraft(c, http.StatusOK, coll, d)
}

// patchAllowed refuses a patch of a frontier segment beyond its status
// history: the line and sector are the project's schematic work, not a
// desk edit.
func patchAllowed(coll *collection, patch []byte) error {
	if coll.ID != "frontier" {
		return nil
	}
	var p map[string]json.RawMessage
	if err := json.Unmarshal(patch, &p); err != nil {
		return &geo.FeatureError{Collection: coll.ID, Field: "properties", Err: fmt.Errorf("%w: not a JSON object", geo.ErrBadValue)}
	}
	var props map[string]json.RawMessage
	if len(p) != 1 || p["properties"] == nil || json.Unmarshal(p["properties"], &props) != nil || len(props) != 1 || props["status_history"] == nil {
		return &geo.FeatureError{Collection: coll.ID, Field: "properties", Err: errors.New("a frontier segment takes a patch of properties.status_history only")}
	}
	return nil
}

// handleDraftItem answers GET .../items/{featureId}?state=draft for a desk
// user: the feature as the desk sees it (its pending draft, marked as one,
// else its published record), with the ETag a change must send.
func (s *Server) handleDraftItem(c echo.Context, coll *collection, id string) error {
	if err := s.deskRead(c); err != nil {
		return err
	}
	ctx := c.Request().Context()
	d, ok, err := s.desk.Draft(ctx, coll.ID, id)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	if ok && d.Record != nil {
		c.Response().Header().Set("ETag", etag(d.Record))
		return c.Blob(http.StatusOK, typeGeoJSON, draftView(d))
	}
	if ok {
		return &NotFoundError{What: fmt.Sprintf("feature %q in %s: a pending draft deletes it", id, coll.ID)}
	}
	rec, err := s.published(c, coll, id)
	if err != nil {
		return err
	}
	if rec == nil {
		return &NotFoundError{What: fmt.Sprintf("feature %q in %s", id, coll.ID)}
	}
	c.Response().Header().Set("ETag", etag(rec))
	return c.Blob(http.StatusOK, typeGeoJSON, rec)
}

// deskRead checks a read of the desk's view (?state=draft on an item or
// a list): the only state there is, no parameter but state and f, a store
// with a desk, and a desk user's token.
func (s *Server) deskRead(c echo.Context) error {
	if st := c.QueryParam("state"); st != "draft" {
		return &ParamError{Param: "state", Detail: fmt.Sprintf("%q: the only state to ask for is draft (desk users)", st)}
	}
	if err := checkParams(c.QueryParams(), "state", "f"); err != nil {
		return err
	}
	if s.desk == nil {
		return &NotFoundError{What: "desk in this store"}
	}
	_, err := s.authenticate(c)
	return err
}

// handleDraftItems answers GET /collections/{collectionId}/items?state=draft
// for a desk user: the collection's pending drafts, each marked as a draft
// (a pending delete shows the feature as published, its draft op "delete"),
// in the order they were made. The published features are the plain items route;
// this is what a publish would change in the collection.
func (s *Server) handleDraftItems(c echo.Context, coll *collection) error {
	if err := s.deskRead(c); err != nil {
		return err
	}
	if f := c.QueryParam("f"); f != "" && f != string(formatJSON) {
		return &ParamError{Param: "f", Detail: fmt.Sprintf("%q: the desk's drafts come as json only", f)}
	}
	drafts, err := s.desk.Drafts(c.Request().Context())
	if err != nil {
		return err
	}
	features := []json.RawMessage{}
	for _, d := range drafts {
		if d.Collection != coll.ID {
			continue
		}
		if d.Record == nil {
			d.Record = d.Base
		}
		features = append(features, draftView(d))
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return writeJSON(c, typeGeoJSON, map[string]any{
		"type": "FeatureCollection", "features": features,
		"numberMatched": len(features), "numberReturned": len(features),
	})
}

// bodyID is the id a GeoJSON body gives, nil when it gives none. A body
// that does not parse gives none here: draftRecord refuses it, naming what
// is wrong.
func bodyID(body []byte) any {
	var head struct {
		ID any `json:"id"`
	}
	json.Unmarshal(body, &head)
	return head.ID
}
