package geo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// The collection registry: every layer of the dataset is named, typed,
// filtered, validated and stored through its entry here, so that the API,
// the import, the export and the editing desk share one list instead of
// each switching on a collection's name. A new collection is one more entry
// in collections; a new operation on every collection is one more field of
// layer and one more method of Collection.

// Reader is the store as the collections read it. data.Store satisfies it.
type Reader interface {
	Segments(ctx context.Context, f Filter) ([]Segment, error)
	Events(ctx context.Context, f Filter) ([]Event, error)
	Deployments(ctx context.Context, f Filter) ([]Deployment, error)
	Countries(ctx context.Context, f Filter) ([]Country, error)
	Places(ctx context.Context, f Filter) ([]Place, error)
	Sources(ctx context.Context) ([]Source, error)
	// SourcesWhere reads the sources the filter selects: ids, the
	// property filters, the key to page after, limit and offset. A bbox
	// selects none (sources have no geometry); time does not apply.
	SourcesWhere(ctx context.Context, f Filter) ([]Source, error)
}

// Writer is the store as the collections write to it, inside one
// transaction. data.Batch satisfies it.
type Writer interface {
	PutEvent(Event) error
	PutDeployment(Deployment) error
	PutSegment(Segment) error
	PutPlace(Place) error
	PutSource(Source) error
}

// ErrReadOnly is returned for a write to a collection that takes none.
var ErrReadOnly = errors.New("geo: collection is read-only")

// View is how features are rendered for readers: as of Interval (the state
// at its end, Now standing in for an open end), with the sources they cite
// resolved through Sources.
type View struct {
	Interval Interval
	Now      time.Time
	Sources  SourceIndex
}

// Temporal names the properties holding a feature's first and last day,
// for a collection's temporal extent; an empty End leaves the extent open at
// the end (the feature still holds). The zero Temporal is a layer with no
// time.
type Temporal struct {
	Start, End string
	// Open says the layer has time but no bounds worth stating: a
	// segment's status is known from before the sources reach until now.
	Open bool
}

// Queryable is a property a client may filter a collection by: the
// feature's property Name equals the value given (case-insensitively for
// text).
type Queryable struct {
	Name        string
	Description string
	// Enum, when set, lists the only values accepted.
	Enum []string
	// Integer marks a numeric property.
	Integer bool
}

// Check refuses a value the filter can never match. The message is in the
// client's terms, for a problem detail.
func (q Queryable) Check(v string) error {
	if v == "" {
		return errors.New("empty value")
	}
	if q.Integer {
		if _, err := strconv.Atoi(v); err != nil {
			return fmt.Errorf("%q is not a whole number", v)
		}
	}
	if len(q.Enum) > 0 && !slices.ContainsFunc(q.Enum, func(e string) bool { return strings.EqualFold(e, v) }) {
		return fmt.Errorf("%q is not one of %s", v, strings.Join(q.Enum, ", "))
	}
	return nil
}

// Matches reports whether the feature's property equals want.
func (q Queryable) Matches(props geojson.Properties, want string) bool {
	switch v := props[q.Name].(type) {
	case nil:
		return false
	case string:
		return strings.EqualFold(v, want)
	case int:
		return strconv.Itoa(v) == want
	default:
		return fmt.Sprint(v) == want
	}
}

// Collection is one layer of the dataset: what it is called and described
// as, its features' geometry type, the properties it may be filtered by,
// and, through the typed layer behind it, how its values are read, rendered,
// decoded, validated and written.
type Collection struct {
	ID          string
	Title       string
	Description string
	// GeometryType is the GeoJSON type of its features.
	GeometryType string
	Queryables   []Queryable
	// Search are the properties the items' free-text parameter q looks
	// in (Filter.Text); none, and the collection has no q.
	Search []string
	// Lead are the properties a table shows first.
	Lead     []string
	Temporal Temporal
	// ShownAsOf says the served features are shown as of an instant (a
	// segment's status, a deployment's): the end of the datetime asked
	// for, or now.
	ShownAsOf bool
	ops       ops
}

// ops is a layer with its value type erased, so that collections of
// different types share one list.
type ops interface {
	features(ctx context.Context, r Reader, f Filter, v View, stored bool) ([]*Feature, error)
	decode(id string, g orb.Geometry, props []byte, strict bool) (any, error)
	record(v any) (*Feature, error)
	withRecords(ctx context.Context, r Reader, f Filter, v View) (served, stored []*Feature, err error)
	check(v any, idx SourceIndex) error
	put(w Writer, v any) error
	writable() bool
}

// layer is the typed access to one collection's values of type T. Nil
// functions are operations the collection does not take.
type layer[T any] struct {
	read func(r Reader, ctx context.Context, f Filter) ([]T, error)
	// feature is the served form: sources resolved, state as of the view.
	feature func(v T, view View) *Feature
	// recordOf is the stored form (the domain's own fields, sources by
	// id), which imports back; nil when the served form is all there is.
	recordOf func(v T) *Feature
	// set gives a decoded value its id and geometry, refusing a geometry
	// the collection cannot hold.
	set func(id string, g orb.Geometry, v *T) error
	// check validates one value on its own against the known sources.
	validate func(v T, idx SourceIndex) error
	write    func(w Writer, v T) error
}

func (l layer[T]) features(ctx context.Context, r Reader, f Filter, view View, stored bool) ([]*Feature, error) {
	vs, err := l.read(r, ctx, f)
	if err != nil {
		return nil, err
	}
	out := make([]*Feature, len(vs))
	for i, v := range vs {
		if stored && l.recordOf != nil {
			out[i] = l.recordOf(v)
		} else {
			out[i] = l.feature(v, view)
		}
	}
	return out, nil
}

func (l layer[T]) withRecords(ctx context.Context, r Reader, f Filter, view View) (served, stored []*Feature, err error) {
	vs, err := l.read(r, ctx, f)
	if err != nil || l.recordOf == nil {
		return nil, nil, err
	}
	served, stored = make([]*Feature, len(vs)), make([]*Feature, len(vs))
	for i, v := range vs {
		served[i], stored[i] = l.feature(v, view), l.recordOf(v)
	}
	return served, stored, nil
}

func (l layer[T]) decode(id string, g orb.Geometry, props []byte, strict bool) (any, error) {
	var v T
	// The geometry is checked first, so that a feature with a wrong
	// geometry is reported for it whatever its properties hold.
	if err := l.set(id, g, &v); err != nil {
		return nil, &FeatureError{ID: id, Field: "geometry", Err: err}
	}
	dec := json.NewDecoder(bytes.NewReader(props))
	if strict {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(&v); err != nil {
		return nil, &FeatureError{ID: id, Field: blame[T](props, strict), Err: fmt.Errorf("%w: %v", ErrBadValue, jsonFieldErr(err))}
	}
	if err := l.set(id, g, &v); err != nil {
		return nil, &FeatureError{ID: id, Field: "geometry", Err: err}
	}
	return v, nil
}

// blame finds the property a decoding error is in, by decoding each
// property on its own: a value's own UnmarshalJSON (a date) reports no
// field, and a reader needs one. It runs only once decoding has failed.
func blame[T any](props []byte, strict bool) string {
	var m map[string]json.RawMessage
	if json.Unmarshal(props, &m) != nil {
		return "properties"
	}
	keys := slices.Sorted(maps.Keys(m))
	for _, k := range keys {
		one, _ := json.Marshal(map[string]json.RawMessage{k: m[k]})
		var v T
		dec := json.NewDecoder(bytes.NewReader(one))
		if strict {
			dec.DisallowUnknownFields()
		}
		if dec.Decode(&v) != nil {
			return k
		}
	}
	return "properties"
}

func (l layer[T]) value(v any) (T, error) {
	t, ok := v.(T)
	if !ok {
		return t, fmt.Errorf("geo: %T is not a %T", v, t)
	}
	return t, nil
}

func (l layer[T]) record(v any) (*Feature, error) {
	t, err := l.value(v)
	if err != nil {
		return nil, err
	}
	if l.recordOf == nil {
		return nil, ErrReadOnly
	}
	return l.recordOf(t), nil
}

func (l layer[T]) check(v any, idx SourceIndex) error {
	t, err := l.value(v)
	if err != nil || l.validate == nil {
		return err
	}
	return l.validate(t, idx)
}

func (l layer[T]) put(w Writer, v any) error {
	if l.write == nil {
		return ErrReadOnly
	}
	t, err := l.value(v)
	if err != nil {
		return err
	}
	return l.write(w, t)
}

func (l layer[T]) writable() bool { return l.write != nil }

// Features reads the collection's features meeting f from r, in the served
// form rendered as of view.
func (c *Collection) Features(ctx context.Context, r Reader, f Filter, view View) ([]*Feature, error) {
	return c.ops.features(ctx, r, f, view, false)
}

// Records reads the collection's features meeting f in the form the seeds
// and imports use, so that an export imports back as it is; a collection
// with no stored form of its own gives its served form, as of view.
func (c *Collection) Records(ctx context.Context, r Reader, f Filter, view View) ([]*Feature, error) {
	return c.ops.features(ctx, r, f, view, true)
}

// FeaturesWithRecords reads the collection's features meeting f once and
// gives each in both forms, served (as of view) and stored, side by side:
// a feature's page and the ETag of its record from one read. A collection
// with no stored form gives neither.
func (c *Collection) FeaturesWithRecords(ctx context.Context, r Reader, f Filter, view View) (served, stored []*Feature, err error) {
	return c.ops.withRecords(ctx, r, f, view)
}

// Decode reads one feature of the collection, its properties the domain's
// own fields, into the collection's value (a Segment, an Event...). An error
// is a *FeatureError naming the field.
func (c *Collection) Decode(id string, g orb.Geometry, props json.RawMessage) (any, error) {
	return c.decode(id, g, props, false)
}

// DecodeStrict is Decode refusing a property the collection does not
// have, rather than dropping it: the desk's writes use it, so that a
// misspelt field is an error and not a silent loss.
func (c *Collection) DecodeStrict(id string, g orb.Geometry, props json.RawMessage) (any, error) {
	return c.decode(id, g, props, true)
}

// Record is a value's stored form: a Feature whose properties are the
// domain's own fields (sources by id), as the seeds, imports and the
// desk's drafts hold it.
func (c *Collection) Record(v any) (*Feature, error) { return c.ops.record(v) }

func (c *Collection) decode(id string, g orb.Geometry, props json.RawMessage, strict bool) (any, error) {
	v, err := c.ops.decode(id, g, props, strict)
	var fe *FeatureError
	if errors.As(err, &fe) {
		fe.Collection = c.ID
	}
	return v, err
}

// Check validates one value of the collection on its own against the
// sources it may cite: every problem, each a *FeatureError, joined.
func (c *Collection) Check(v any, idx SourceIndex) error { return c.ops.check(v, idx) }

// Put writes one value of the collection through w (ErrReadOnly when the
// collection takes no writes).
func (c *Collection) Put(w Writer, v any) error { return c.ops.put(w, v) }

// Writable reports whether the collection takes writes (imports, edits).
func (c *Collection) Writable() bool { return c.ops.writable() }

// Collections returns the registry, in the order the API lists it.
func Collections() []*Collection { return slices.Clone(collections) }

// LookupCollection returns the collection with that id.
func LookupCollection(id string) (*Collection, bool) {
	i := slices.IndexFunc(collections, func(c *Collection) bool { return c.ID == id })
	if i < 0 {
		return nil, false
	}
	return collections[i], true
}

// CollectionIDs lists the ids of the collections keep accepts (every one
// when keep is nil) for a message: "a, b or c".
func CollectionIDs(keep func(*Collection) bool) string {
	var ids []string
	for _, c := range collections {
		if keep == nil || keep(c) {
			ids = append(ids, c.ID)
		}
	}
	if len(ids) < 2 {
		return strings.Join(ids, "")
	}
	return strings.Join(ids[:len(ids)-1], ", ") + " or " + ids[len(ids)-1]
}

var collections = []*Collection{
	{
		ID:    "frontier",
		Title: "Kyrgyzstan–Tajikistan frontier",
		Description: "The frontier as segments (LineStrings, lon/lat) with the history of their status, contested or delimited. " +
			"Each feature's status is as of the datetime parameter (the end of an interval; now by default), and statuses_in_interval lists every status it held within the interval. " +
			"The geometry is schematic: derived from Natural Earth 1:10m, since no official line has been published.",
		GeometryType: "LineString",
		Queryables: []Queryable{
			{Name: "status", Description: "Status as of the datetime (its end; now by default).", Enum: []string{string(Contested), string(Delimited)}},
			{Name: "sector", Description: "Sector name, as in the sector property."},
		},
		Lead:      []string{"sector", "status", "status_since", "status_until", "status_basis", "statuses_in_interval", "length_km", "as_of"},
		Temporal:  Temporal{Open: true},
		ShownAsOf: true,
		ops: layer[Segment]{
			read:     Reader.Segments,
			feature:  func(s Segment, v View) *Feature { return s.Feature(v.Interval, v.Now, v.Sources) },
			recordOf: Segment.Record,
			set:      setSegment,
			validate: Segment.Check,
			write:    Writer.PutSegment,
		},
	},
	{
		ID:    "clashes",
		Title: "Clashes and incidents",
		Description: "Clashes and incidents on or near the frontier, dated at their time precision (1 day, 2 week, 3 month, as ACLED codes it) and located at their geo precision " +
			"(1 the source states the coordinates, 2 near a named place, 3 only the area is known; no geometry when no source locates it). " +
			"Casualty and displacement figures are kept as competing claims, each with its claimant and source, never averaged.",
		GeometryType: "Point",
		Queryables: []Queryable{
			{Name: "event_type", Description: "Event type, as in the event_type property."},
			{Name: "country", Description: "Country the event took place in."},
			{Name: "geo_precision", Description: "Geo precision: 0 not located, 1 coordinates stated by the source, 2 near the named place, 3 only the area is known.", Enum: []string{"0", "1", "2", "3"}, Integer: true},
		},
		Search:   []string{"title", "place", "place_spellings"},
		Lead:     []string{"title", "date_start", "date_end", "date_label", "time_precision", "place", "geo_precision", "event_type", "fatalities_low", "fatalities_high"},
		Temporal: Temporal{Start: "date_start", End: "date_end"},
		ops: layer[Event]{
			read:     Reader.Events,
			feature:  func(e Event, v View) *Feature { return e.Feature(v.Sources) },
			recordOf: Event.Record,
			set:      setEvent,
			validate: Event.Check,
			write:    Writer.PutEvent,
		},
	},
	{
		ID:    "deployments",
		Title: "Deployments and arms build-up",
		Description: "Weapons systems, plants and assistance programmes in the build-up on either side of the frontier, each with its dated status claims side by side " +
			"(two sources dating the same step differently are two claims). Status is the latest claim on or before the datetime (its end; now by default). Most have no published location.",
		GeometryType: "Point",
		Queryables: []Queryable{
			{Name: "operator", Description: "Operator, as in the operator property."},
			{Name: "category", Description: "Category, as in the category property."},
		},
		Search:    []string{"system", "operator", "place"},
		Lead:      []string{"system", "operator", "supplier", "category", "status", "status_date", "since", "intended_area", "place", "geo_precision"},
		Temporal:  Temporal{Start: "since"},
		ShownAsOf: true,
		ops: layer[Deployment]{
			read:     Reader.Deployments,
			feature:  func(d Deployment, v View) *Feature { return d.Feature(v.Interval.AsOf(v.Now), v.Sources) },
			recordOf: Deployment.Record,
			set:      setDeployment,
			validate: Deployment.Check,
			write:    Writer.PutDeployment,
		},
	},
	{
		ID:           "countries",
		Title:        "Countries",
		Description:  "Kyrgyzstan, Tajikistan and Uzbekistan as context polygons (Natural Earth 1:10m admin-0, public domain), so that the map reads without an outside basemap. They carry no time; datetime does not filter them.",
		GeometryType: "MultiPolygon",
		Queryables: []Queryable{
			{Name: "iso_a3", Description: "ISO 3166-1 alpha-3 code."},
		},
		Lead: []string{"name", "iso_a3"},
		ops: layer[Country]{
			read:    Reader.Countries,
			feature: func(c Country, v View) *Feature { return c.Feature(v.Sources) },
			set:     setCountry,
		},
	},
	{
		ID:           "places",
		Title:        "Places",
		Description:  "Gazetteer of the settlements the events name, each at the coordinates a cited source states (as_stated gives them as written). They carry no time; datetime does not filter them.",
		GeometryType: "Point",
		Queryables: []Queryable{
			{Name: "country", Description: "Country the place lies in."},
		},
		Lead: []string{"name", "country", "admin", "as_stated"},
		ops: layer[Place]{
			read:     Reader.Places,
			feature:  func(p Place, v View) *Feature { return p.Feature(v.Sources) },
			recordOf: Place.Record,
			set:      setPlace,
			validate: Place.Check,
			write:    Writer.PutPlace,
		},
	},
	{
		ID:          "sources",
		Title:       "Sources",
		Description: "Every source the features cite, by the id they cite it with: publisher, title, address, date and reliability grade (A, B or C). Features without geometry.",
		Queryables: []Queryable{
			{Name: "publisher", Description: "Publisher, as in the publisher property."},
			{Name: "grade", Description: "Reliability grade.", Enum: []string{"A", "B", "C"}},
		},
		Lead: []string{"publisher", "title", "url", "published", "grade"},
		ops: layer[Source]{
			read:     readSources,
			feature:  func(s Source, _ View) *Feature { return s.Feature() },
			recordOf: Source.Record,
			set:      setSource,
			validate: Source.Check,
			write:    Writer.PutSource,
		},
	},
}

// readSources reads the sources the filter selects, paged as the other
// collections are: the store counts them (numberMatched) by the same filter.
func readSources(r Reader, ctx context.Context, f Filter) ([]Source, error) {
	return r.SourcesWhere(ctx, f)
}
