package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"

	"github.com/gorilla/feeds"
	"github.com/labstack/echo/v4"

	"github.com/frontier-map/frontier/geo"
)

// pendingBody is GET /publish: every draft waiting, with who changed what.
type pendingBody struct {
	Pending []pendingDraft `json:"pending"`
}

type pendingDraft struct {
	Collection string          `json:"collection"`
	ID         string          `json:"id"`
	Op         geo.Op          `json:"op"`
	Author     string          `json:"author"`
	Editors    []string        `json:"editors"`
	Updated    string          `json:"updated"`
	Title      string          `json:"title"`
	Href       string          `json:"href"`
	Record     json.RawMessage `json:"record"`
	Base       json.RawMessage `json:"base"`
}

// featureTitle is the name a person knows a record by: its title, system
// or name property, else its id.
func featureTitle(record json.RawMessage, id string) string {
	var f struct {
		Properties map[string]any `json:"properties"`
	}
	if json.Unmarshal(record, &f) == nil {
		for _, k := range []string{"title", "system", "name", "sector"} {
			if v, ok := f.Properties[k].(string); ok && v != "" {
				return v
			}
		}
	}
	return id
}

// handlePending answers GET /publish for desk users: what a publish would
// publish.
func (s *Server) handlePending(c echo.Context) error {
	if _, err := s.requireRole(c, geo.RoleEditor); err != nil {
		return err
	}
	if err := checkParams(c.QueryParams()); err != nil {
		return err
	}
	base, err := s.baseURL(c)
	if err != nil {
		return err
	}
	drafts, err := s.desk.Drafts(c.Request().Context())
	if err != nil {
		return err
	}
	out := pendingBody{Pending: []pendingDraft{}}
	for _, d := range drafts {
		rec := d.Record
		if rec == nil {
			rec = d.Base
		}
		out.Pending = append(out.Pending, pendingDraft{Collection: d.Collection, ID: d.FeatureID, Op: d.Op, Author: d.Author,
			Editors: d.Editors, Updated: d.Updated.Format("2006-01-02T15:04:05Z"), Title: featureTitle(rec, d.FeatureID),
			Href: base + "/collections/" + d.Collection + "/items/" + pathEscape(d.FeatureID) + "?state=draft", Record: d.Record, Base: d.Base})
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return writeJSON(c, typeJSON, out)
}

// handlePublish answers POST /publish (publishers): every pending draft
// is applied in one transaction, as one new dataset version.
func (s *Server) handlePublish(c echo.Context) error {
	u, err := s.requireRole(c, geo.RolePublisher)
	if err != nil {
		return err
	}
	body, err := readBody(c, typeJSON)
	if err != nil {
		return err
	}
	var req struct {
		Message string `json:"message"`
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return &ParamError{Param: "body", Detail: "want {\"message\": \"what changed and why\"}", Err: err}
	}
	if strings.TrimSpace(req.Message) == "" || len(req.Message) > 2000 {
		return &ParamError{Param: "message", Detail: "say in 1 to 2000 characters what changed and why: readers see it in the corrections feed"}
	}
	pub, err := s.desk.Publish(c.Request().Context(), u.Name, strings.TrimSpace(req.Message), applyDraft)
	if errors.Is(err, geo.ErrNothingPending) {
		return &ConflictError{Detail: "Nothing is pending: there is no draft to publish."}
	}
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return writeJSON(c, typeJSON, pub)
}

// applyDraft writes one draft through the registry, as an import writes a
// row.
func applyDraft(w geo.Writer, d geo.Draft) error {
	coll, ok := geo.LookupCollection(d.Collection)
	if !ok {
		return fmt.Errorf("no collection %q", d.Collection)
	}
	v, err := decodeRecord(coll, d.FeatureID, d.Record, false)
	if err != nil {
		return err
	}
	return coll.Put(w, v)
}

// historyBody is GET /collections/{id}/items/{featureId}/history.
type historyBody struct {
	Collection string         `json:"collection"`
	ID         string         `json:"id"`
	Revisions  []geo.Revision `json:"revisions"`
	Links      []link         `json:"links"`
}

// handleHistory answers GET .../items/{featureId}/history: the feature's
// published revisions, newest first; a desk user also sees the drafts.
func (s *Server) handleHistory(c echo.Context) error {
	coll, err := s.collection(c.Param("collectionId"))
	if err != nil {
		return err
	}
	id, err := url.PathUnescape(c.Param("featureId"))
	if err != nil {
		return &NotFoundError{What: fmt.Sprintf("feature %q in %s", c.Param("featureId"), coll.ID)}
	}
	if err := checkParams(c.QueryParams()); err != nil {
		return err
	}
	if s.desk == nil {
		return &NotFoundError{What: "history in this store"}
	}
	_, desk, err := s.deskUser(c)
	if err != nil {
		return err
	}
	base, err := s.baseURL(c)
	if err != nil {
		return err
	}
	revs, err := s.desk.History(c.Request().Context(), coll.ID, id, desk)
	if err != nil {
		return err
	}
	if len(revs) == 0 {
		pub, err := s.published(c, coll, id)
		if err != nil {
			return err
		}
		if pub == nil {
			return &NotFoundError{What: fmt.Sprintf("feature %q in %s", id, coll.ID)}
		}
	}
	path := "/collections/" + coll.ID + "/items/" + pathEscape(id)
	h := c.Response().Header()
	if desk {
		h.Set("Cache-Control", "no-store")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	return writeJSON(c, typeJSON, historyBody{Collection: coll.ID, ID: id, Revisions: nonNilRevisions(revs), Links: []link{
		{Href: base + path + "/history", Rel: "self", Type: typeJSON, Title: "this history"},
		{Href: base + path, Rel: "item", Type: typeGeoJSON, Title: "the feature"},
		{Href: base + "/changes.atom", Rel: "alternate", Type: typeAtom, Title: "every publication (Atom)"},
	}})
}

func nonNilRevisions(rs []geo.Revision) []geo.Revision {
	if rs == nil {
		return []geo.Revision{}
	}
	return rs
}

// typeAtom is the corrections feed's media type.
const typeAtom = "application/atom+xml"

// feedEntries is how many publications the feed lists.
const feedEntries = 50

var opVerb = map[geo.Op]string{geo.OpCreate: "added", geo.OpChange: "changed", geo.OpDelete: "removed"}

// handleChanges answers GET /changes.atom: an Atom 1.0 feed (RFC 4287,
// written by gorilla/feeds) of the latest publications, each listing the
// features it added, changed or removed, with links to them and their
// history.
func (s *Server) handleChanges(c echo.Context) error {
	if err := checkParams(c.QueryParams()); err != nil {
		return err
	}
	base, err := s.baseURL(c)
	if err != nil {
		return err
	}
	var pubs []geo.Publication
	if s.desk != nil {
		if pubs, err = s.desk.Publications(c.Request().Context(), feedEntries); err != nil {
			return err
		}
	}
	meta, err := s.store.Meta(c.Request().Context())
	if err != nil {
		return err
	}
	title := meta.Title
	if title == "" {
		title = "Frontier"
	}
	feed := &feeds.Feed{
		Title:       title + ": corrections and changes",
		Link:        &feeds.Link{Href: base + "/"},
		Description: "Every publication of the record: the features added, changed or removed, and why.",
		Id:          base + "/changes.atom",
		Updated:     s.now().UTC(),
	}
	if len(pubs) > 0 {
		feed.Updated = pubs[0].At
	}
	for _, p := range pubs {
		var body strings.Builder
		body.WriteString("<p>" + html.EscapeString(p.Message) + "</p><ul>")
		for _, r := range p.Changes {
			rec := r.After
			if rec == nil {
				rec = r.Before
			}
			item := base + "/collections/" + r.Collection + "/items/" + pathEscape(r.FeatureID)
			fmt.Fprintf(&body, `<li>%s in %s: <a href="%s">%s</a> (<a href="%s/history">history</a>)`,
				opVerb[r.Op], html.EscapeString(r.Collection), html.EscapeString(item), html.EscapeString(featureTitle(rec, r.FeatureID)), html.EscapeString(item))
			if len(r.Editors) > 0 {
				body.WriteString(", drafted by " + html.EscapeString(strings.Join(r.Editors, ", ")))
			}
			body.WriteString("</li>")
		}
		body.WriteString("</ul>")
		feed.Items = append(feed.Items, &feeds.Item{
			Id:      fmt.Sprintf("%s/changes.atom#publication-%d", base, p.ID),
			Title:   fmt.Sprintf("%s (%d %s)", p.Message, len(p.Changes), plural(len(p.Changes), "feature", "features")),
			Link:    &feeds.Link{Href: base + "/changes.atom#publication-" + fmt.Sprint(p.ID)},
			Author:  &feeds.Author{Name: p.Author},
			Created: p.At,
			Updated: p.At,
			Content: body.String(),
		})
	}
	atom, err := feed.ToAtom()
	if err != nil {
		return fmt.Errorf("atom: %w", err)
	}
	c.Response().Header().Set("Cache-Control", "no-cache")
	return c.Blob(http.StatusOK, typeAtom+"; charset=utf-8", []byte(atom))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// handleMe answers GET /users/me: the signed-in user, so that the page's
// desk panel can check a pasted token and show what its role may do.
func (s *Server) handleMe(c echo.Context) error {
	if err := checkParams(c.QueryParams()); err != nil {
		return err
	}
	u, err := s.requireRole(c, geo.RoleEditor)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return writeJSON(c, typeJSON, u)
}
