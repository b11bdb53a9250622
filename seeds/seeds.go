// Package seeds holds Frontier's bundled dataset, embedded into the binary:
// the frontier and country layers derived from Natural Earth by cmd/seedgen,
// and the hand-written, sourced clash, deployment and place layers. See
// SOURCES.md for where each comes from and what it cannot tell.
package seeds

import (
	"embed"
	"encoding/json"
	"fmt"

	"github.com/frontier-map/frontier/geo"
)

//go:embed meta.json sources.json reported.json frontier.geojson clashes.geojson deployments.geojson countries.geojson places.geojson
var files embed.FS

// Load decodes the bundled dataset and validates it.
func Load() (geo.Dataset, error) {
	var ds geo.Dataset
	read := func(name string, decode func([]byte) error) error {
		b, err := files.ReadFile(name)
		if err != nil {
			return err
		}
		if err := decode(b); err != nil {
			return fmt.Errorf("seeds: %s: %w", name, err)
		}
		return nil
	}
	var err error
	steps := []struct {
		name   string
		decode func([]byte) error
	}{
		{"meta.json", func(b []byte) error { return json.Unmarshal(b, &ds.Meta) }},
		{"sources.json", func(b []byte) error { return json.Unmarshal(b, &ds.Sources) }},
		{"reported.json", func(b []byte) error { return json.Unmarshal(b, &ds.Reported) }},
		{"frontier.geojson", func(b []byte) error { ds.Segments, err = geo.UnmarshalSegments(b); return err }},
		{"clashes.geojson", func(b []byte) error { ds.Events, err = geo.UnmarshalEvents(b); return err }},
		{"deployments.geojson", func(b []byte) error { ds.Deployments, err = geo.UnmarshalDeployments(b); return err }},
		{"countries.geojson", func(b []byte) error { ds.Countries, err = geo.UnmarshalCountries(b); return err }},
		{"places.geojson", func(b []byte) error { ds.Places, err = geo.UnmarshalPlaces(b); return err }},
	}
	for _, s := range steps {
		if err := read(s.name, s.decode); err != nil {
			return ds, err
		}
	}
	if err := ds.Validate(); err != nil {
		return ds, fmt.Errorf("seeds: %w", err)
	}
	ds.CheckSides()
	return ds, nil
}
