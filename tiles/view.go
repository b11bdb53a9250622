package tiles

import (
	"context"
	"time"

	"github.com/paulmach/orb"

	"github.com/frontier-map/frontier/geo"
)

// View is what the Renderer knows about one instant without drawing a
// tile: the dataset version, the change state the instant falls in and the
// frontier's extent. Other renderers of the same data (the static picture
// of the map) key their caches by it, so that every instant between two
// changes shares one entry there too.
type View struct {
	// Version is the dataset version; State the latest change on or before
	// the instant (the zero Date before the first).
	Version string
	State   geo.Date
	// Instant is the instant the state is drawn at: its first, so that the
	// drawing depends on the state alone.
	Instant time.Time
	// Frontier is the extent of the frontier, Bounds that of every layer;
	// Empty reports a dataset with no geometry at all.
	Frontier, Bounds orb.Bound
	Empty            bool
}

// ViewAt returns the View of the instant asOf, from the snapshot the tiles
// use (read once per dataset version).
func (r *Renderer) ViewAt(ctx context.Context, asOf time.Time) (View, error) {
	s, err := r.current(ctx)
	if err != nil {
		return View{}, err
	}
	st := geo.StateAt(s.changes, asOf)
	return View{
		Version:  s.version,
		State:    st,
		Instant:  s.instant(st),
		Frontier: s.frontier,
		Bounds:   s.bounds,
		Empty:    s.empty,
	}, nil
}
