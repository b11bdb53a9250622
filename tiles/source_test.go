package tiles

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/paulmach/orb"

	"github.com/frontier-map/frontier/geo"
)

// memSource is an in-memory Source over a dataset, filtering as data.Store
// does. It counts the tile reads it answers, to tell renders apart from
// cache hits.
type memSource struct {
	ds      geo.Dataset
	version atomic.Value // string
	reads   atomic.Int64
	// bounds are the features' bounds by collection and id, computed once
	// as the store keeps them in its R-tree.
	bounds map[string]orb.Bound
}

var _ Source = (*memSource)(nil)

// seedSource loads the seed files the repository has; a file not written
// yet leaves its layer empty.
func seedSource(tb testing.TB) *memSource {
	tb.Helper()
	var ds geo.Dataset
	load := func(name string, decode func([]byte) error) {
		b, err := os.ReadFile(filepath.Join("..", "seeds", name))
		if errors.Is(err, fs.ErrNotExist) {
			tb.Logf("seeds/%s is missing: its layer stays empty", name)
			return
		}
		if err != nil {
			tb.Fatal(err)
		}
		if err := decode(b); err != nil {
			tb.Fatalf("seeds/%s: %v", name, err)
		}
	}
	var err error
	load("frontier.geojson", func(b []byte) error { ds.Segments, err = geo.UnmarshalSegments(b); return err })
	load("clashes.geojson", func(b []byte) error { ds.Events, err = geo.UnmarshalEvents(b); return err })
	load("deployments.geojson", func(b []byte) error { ds.Deployments, err = geo.UnmarshalDeployments(b); return err })
	load("countries.geojson", func(b []byte) error { ds.Countries, err = geo.UnmarshalCountries(b); return err })
	load("places.geojson", func(b []byte) error { ds.Places, err = geo.UnmarshalPlaces(b); return err })
	if len(ds.Segments) == 0 {
		tb.Fatal("seeds/frontier.geojson has no segments")
	}
	m := &memSource{ds: ds, bounds: map[string]orb.Bound{}}
	m.version.Store("1")
	for _, s := range ds.Segments {
		m.bounds["s"+s.ID] = s.Line.Bound()
	}
	for _, c := range ds.Countries {
		m.bounds["c"+c.ID] = c.Geometry.Bound()
	}
	return m
}

func (m *memSource) keep(f geo.Filter, id string, g orb.Geometry, inTime func(geo.Interval) bool) bool {
	if f.BBox != nil {
		b, ok := m.bounds[id]
		if !ok && g != nil {
			b = g.Bound()
		}
		if g == nil || !f.BBox.Intersects(b) {
			return false
		}
	}
	return (f.ID == "" || f.ID == id[1:]) && (f.Time == nil || inTime(*f.Time))
}

func point(p *orb.Point) orb.Geometry {
	if p == nil {
		return nil
	}
	return *p
}

func (m *memSource) Segments(_ context.Context, f geo.Filter) (out []geo.Segment, _ error) {
	m.reads.Add(1)
	for _, s := range m.ds.Segments {
		if m.keep(f, "s"+s.ID, s.Line, s.ActiveIn) {
			out = append(out, s)
		}
	}
	return out, nil
}

func (m *memSource) Events(_ context.Context, f geo.Filter) (out []geo.Event, _ error) {
	for _, e := range m.ds.Events {
		if m.keep(f, "e"+e.ID, point(e.Location), e.In) {
			out = append(out, e)
		}
	}
	return out, nil
}

func (m *memSource) Deployments(_ context.Context, f geo.Filter) (out []geo.Deployment, _ error) {
	for _, d := range m.ds.Deployments {
		if m.keep(f, "d"+d.ID, point(d.Location), d.In) {
			out = append(out, d)
		}
	}
	return out, nil
}

func (m *memSource) Countries(_ context.Context, f geo.Filter) (out []geo.Country, _ error) {
	for _, c := range m.ds.Countries {
		if m.keep(f, "c"+c.ID, c.Geometry, nil) {
			out = append(out, c)
		}
	}
	return out, nil
}

func (m *memSource) Places(_ context.Context, f geo.Filter) (out []geo.Place, _ error) {
	for _, p := range m.ds.Places {
		if m.keep(f, "p"+p.ID, p.Location, nil) {
			out = append(out, p)
		}
	}
	return out, nil
}

func (m *memSource) Version(context.Context) (string, error) { return m.version.Load().(string), nil }
