// Command seedgen derives the bundled frontier and country layers from
// Natural Earth's 1:10m admin-0 boundaries, as the npm package world-atlas
// ships them (countries-10m.json, TopoJSON).
//
// The frontier is the set of arcs that Kyrgyzstan's and Tajikistan's
// polygons share: TopoJSON stores a shared border once, so the arcs both
// countries reference are exactly their common boundary (the main line from
// the Uzbek tripoint to the Chinese one, and the ring of the Vorukh
// enclave). seeds/sectors.json says how that line is cut into sectors and
// what status each held when. The output is committed under seeds/ so that
// the data is reviewable and the build needs no npm.
//
//	seedgen -atlas node_modules/world-atlas/countries-10m.json -sectors seeds/sectors.json -out seeds
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"
	"github.com/paulmach/orb/simplify"

	"github.com/frontier-map/frontier/geo"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "seedgen:", err)
		os.Exit(1)
	}
}

// ISO 3166-1 numeric codes, as world-atlas ids its countries.
const (
	kyrgyzstan  = "417"
	tajikistan  = "762"
	uzbekistan  = "860"
	china       = "156"
	kazakhstan  = "398"
	afghanistan = "004"
)

var iso3 = map[string]string{kyrgyzstan: "KGZ", tajikistan: "TJK", uzbekistan: "UZB",
	china: "CHN", kazakhstan: "KAZ", afghanistan: "AFG"}

// The countries of the frontier's region, at the atlas's full detail, and
// their neighbours, there for context: the locator's Central Asia and the
// name of China east of the line. A neighbour's borders with the region's
// countries keep every vertex, so that the shapes meet exactly; its other
// borders and coasts are simplified to within neighbourTolerance degrees
// (about 2 km, under a pixel at the locator's and the page's first zoom),
// and each is cut to geo.Region, the box every coordinate of the dataset
// lies in: the data is Central Asia, and China and Kazakhstan whole would
// outweigh the rest of it.
var (
	regionCountries    = []string{kyrgyzstan, tajikistan, uzbekistan}
	neighbourCountries = []string{china, kazakhstan, afghanistan}
)

const neighbourTolerance = 0.02

// coordFactor keeps 6 decimals (about 0.1 m): more than the 1:10m source
// holds, and no float noise in the committed files.
const coordFactor = 1e6

func run(_ context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("seedgen", flag.ContinueOnError)
	atlasPath := fs.String("atlas", "node_modules/world-atlas/countries-10m.json", "world-atlas countries-10m.json")
	sectorsPath := fs.String("sectors", "seeds/sectors.json", "sector cuts and status histories")
	out := fs.String("out", "seeds", "output folder")
	if err := fs.Parse(args); err != nil {
		return err
	}
	topo, err := readTopology(*atlasPath)
	if err != nil {
		return err
	}
	spec, err := readSectors(*sectorsPath)
	if err != nil {
		return err
	}

	main, enclave, err := frontierLines(topo)
	if err != nil {
		return err
	}
	segs, err := cut(spec, main, enclave)
	if err != nil {
		return err
	}
	frontier := geojson.NewFeatureCollection()
	total := 0.0
	for _, s := range segs {
		f := geojson.NewFeature(orb.Round(s.Line, coordFactor))
		f.ID = s.ID
		f.Properties = geojson.Properties{
			"sector":           s.Sector,
			"geometry_quality": s.GeometryQuality,
			"status_history":   s.History,
			"notes":            s.Notes,
		}
		frontier.Append(f)
		total += s.LengthKm()
		fmt.Fprintf(stdout, "%-16s %4d points %7.1f km\n", s.ID, len(s.Line), s.LengthKm())
	}
	fmt.Fprintf(stdout, "%-16s %19.1f km\n", "total", total)

	countries := geojson.NewFeatureCollection()
	region := map[int]bool{}
	for _, id := range regionCountries {
		maps.Copy(region, topo.arcsOf(id))
	}
	thin := func(i int, ls orb.LineString) orb.LineString {
		if region[i] {
			return ls
		}
		return simplify.DouglasPeucker(neighbourTolerance).LineString(ls)
	}
	for _, id := range append(slices.Clone(regionCountries), neighbourCountries...) {
		var arcs func(int, orb.LineString) orb.LineString
		if !slices.Contains(regionCountries, id) {
			arcs = thin
		}
		g, name, err := topo.multiPolygon(id, arcs)
		if err != nil {
			return err
		}
		if arcs != nil {
			g = clip.MultiPolygon(geo.Region, g)
		}
		f := geojson.NewFeature(orb.Round(g, coordFactor))
		f.ID = id
		f.Properties = geojson.Properties{"name": name, "iso_a3": iso3[id], "source": "NE"}
		countries.Append(f)
	}

	if err := writeJSON(filepath.Join(*out, "frontier.geojson"), frontier); err != nil {
		return err
	}
	return writeJSON(filepath.Join(*out, "countries.geojson"), countries)
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// frontierLines returns the arcs Kyrgyzstan and Tajikistan share: the main
// line and the enclave ring.
func frontierLines(t *topology) (main, enclave orb.LineString, err error) {
	kg, tj := t.arcsOf(kyrgyzstan), t.arcsOf(tajikistan)
	for i := range kg {
		if !tj[i] {
			continue
		}
		ls := t.arc(i)
		switch {
		case orb.Ring(ls).Closed() && enclave == nil:
			enclave = ls
		case !orb.Ring(ls).Closed() && main == nil:
			main = ls
		default:
			return nil, nil, fmt.Errorf("arc %d: expected one open line and one ring shared by the two countries", i)
		}
	}
	if main == nil || enclave == nil {
		return nil, nil, errors.New("the atlas does not hold the shared main line and enclave ring")
	}
	// Natural Earth runs the main line from the Uzbek tripoint in the west
	// to the Chinese one in the east; the cut rules rely on that order.
	if main[0][0] > main[len(main)-1][0] {
		main.Reverse()
	}
	return main, enclave, nil
}

type sectorSpec struct {
	Sectors []struct {
		ID     string `json:"id"`
		Sector string `json:"sector"`
		Arc    string `json:"arc"`
		Until  struct {
			Rule  string  `json:"rule"`
			Value float64 `json:"value"`
		} `json:"until"`
		History string `json:"history"`
	} `json:"sectors"`
	Histories map[string][]geo.Period `json:"histories"`
}

func readSectors(path string) (*sectorSpec, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var s sectorSpec
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &s, nil
}

// cut walks the main line from its start, ending each sector where its rule
// says; the next sector starts on the same vertex so the line stays whole.
func cut(spec *sectorSpec, main, enclave orb.LineString) ([]geo.Segment, error) {
	var out []geo.Segment
	at := 0
	for _, s := range spec.Sectors {
		hist, ok := spec.Histories[s.History]
		if !ok {
			return nil, fmt.Errorf("sector %s: no history %q", s.ID, s.History)
		}
		seg := geo.Segment{ID: s.ID, Sector: s.Sector, GeometryQuality: "schematic", History: hist,
			Notes: "Schematic: derived from Natural Earth 1:10m admin-0 boundaries; no official line has been published."}
		switch s.Arc {
		case "enclave":
			seg.Line = enclave
		case "main":
			end := len(main) - 1
			for j := at + 1; j < len(main); j++ {
				p := main[j]
				if (s.Until.Rule == "first vertex south of latitude" && p[1] < s.Until.Value) ||
					(s.Until.Rule == "first vertex east of longitude" && p[0] > s.Until.Value) {
					end = j
					break
				}
			}
			if s.Until.Rule != "end of line" && end == len(main)-1 {
				return nil, fmt.Errorf("sector %s: rule %q %g never met", s.ID, s.Until.Rule, s.Until.Value)
			}
			seg.Line = append(orb.LineString(nil), main[at:end+1]...)
			at = end
		default:
			return nil, fmt.Errorf("sector %s: unknown arc %q", s.ID, s.Arc)
		}
		out = append(out, seg)
	}
	if at != len(main)-1 {
		return nil, errors.New("the sectors do not reach the end of the main line")
	}
	return out, nil
}

// topology is the part of a TopoJSON document seedgen reads.
type topology struct {
	Transform struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	} `json:"transform"`
	Arcs    [][][2]float64 `json:"arcs"`
	Objects struct {
		Countries struct {
			Geometries []struct {
				ID         string          `json:"id"`
				Type       string          `json:"type"`
				Arcs       json.RawMessage `json:"arcs"`
				Properties struct {
					Name string `json:"name"`
				} `json:"properties"`
			} `json:"geometries"`
		} `json:"countries"`
	} `json:"objects"`
}

func readTopology(path string) (*topology, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w (run `make seeds`, which installs world-atlas from npm)", err)
	}
	var t topology
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &t, nil
}

// arc decodes arc i: quantized, delta-encoded positions (TopoJSON §2.1.3).
func (t *topology) arc(i int) orb.LineString {
	var x, y float64
	ls := make(orb.LineString, 0, len(t.Arcs[i]))
	for _, d := range t.Arcs[i] {
		x, y = x+d[0], y+d[1]
		ls = append(ls, orb.Point{
			x*t.Transform.Scale[0] + t.Transform.Translate[0],
			y*t.Transform.Scale[1] + t.Transform.Translate[1],
		})
	}
	return ls
}

// ref decodes an arc reference: a negative index ~i is arc i reversed.
// arcs, when not nil, rewrites each arc (by index) before it is used.
func (t *topology) ref(r int, arcs func(int, orb.LineString) orb.LineString) orb.LineString {
	i := r
	if r < 0 {
		i = ^r
	}
	ls := t.arc(i)
	if arcs != nil {
		ls = arcs(i, ls)
	}
	if r < 0 {
		ls.Reverse()
	}
	return ls
}

// rings returns a country's polygons as lists of rings of arc references.
func (t *topology) rings(id string) (polys [][][]int, name string, err error) {
	for _, g := range t.Objects.Countries.Geometries {
		if g.ID != id {
			continue
		}
		switch g.Type {
		case "Polygon":
			var p [][]int
			err = json.Unmarshal(g.Arcs, &p)
			polys = [][][]int{p}
		case "MultiPolygon":
			err = json.Unmarshal(g.Arcs, &polys)
		default:
			err = fmt.Errorf("country %s: unexpected geometry type %s", id, g.Type)
		}
		return polys, g.Properties.Name, err
	}
	return nil, "", fmt.Errorf("country %s not in the atlas", id)
}

// arcsOf returns the set of arc indexes a country's rings use.
func (t *topology) arcsOf(id string) map[int]bool {
	polys, _, _ := t.rings(id)
	set := map[int]bool{}
	for _, p := range polys {
		for _, r := range p {
			for _, a := range r {
				if a < 0 {
					a = ^a
				}
				set[a] = true
			}
		}
	}
	return set
}

// multiPolygon stitches a country's rings and winds them by the right-hand
// rule RFC 7946 asks for: exterior rings counterclockwise, holes clockwise.
// arcs, when not nil, rewrites each arc first (see ref); a ring it leaves
// with no area (an islet simplified away) is dropped, and a polygon whose
// outer ring is.
func (t *topology) multiPolygon(id string, arcs func(int, orb.LineString) orb.LineString) (orb.MultiPolygon, string, error) {
	polys, name, err := t.rings(id)
	if err != nil {
		return nil, "", err
	}
	var mp orb.MultiPolygon
	for _, p := range polys {
		var poly orb.Polygon
		for k, refs := range p {
			var ring orb.Ring
			for n, r := range refs {
				ls := t.ref(r, arcs)
				if n > 0 {
					ls = ls[1:] // each arc starts where the last ended
				}
				ring = append(ring, ls...)
			}
			exterior := k == 0
			if len(ring) < 4 || planar.Area(orb.Polygon{ring}) == 0 {
				if exterior {
					break
				}
				continue
			}
			if ccw := ring.Orientation() == orb.CCW; ccw != exterior {
				ring.Reverse()
			}
			poly = append(poly, ring)
		}
		if len(poly) > 0 {
			mp = append(mp, poly)
		}
	}
	return mp, name, nil
}
