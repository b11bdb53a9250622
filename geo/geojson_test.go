package geo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

func TestWriteFeatureCollection(t *testing.T) {
	feature := func(i int) *Feature {
		return &Feature{ID: fmt.Sprintf("e%d", i), Type: "Feature", Geometry: orb.Point{70 + float64(i)/10, 40},
			Properties: geojson.Properties{"title": fmt.Sprintf("clash %d", i)}}
	}
	for _, n := range []int{0, 1, 3} {
		t.Run(fmt.Sprint(n, " features"), func(t *testing.T) {
			var want []*Feature
			for i := range n {
				want = append(want, feature(i))
			}
			var b bytes.Buffer
			got, err := WriteFeatureCollection(context.Background(), &b, slices.Values(want))
			if err != nil || got != n {
				t.Fatalf("wrote %d, %v", got, err)
			}
			fc, err := geojson.UnmarshalFeatureCollection(b.Bytes())
			if err != nil {
				t.Fatalf("not GeoJSON: %v\n%s", err, b.String())
			}
			if len(fc.Features) != n {
				t.Fatalf("read back %d features, want %d", len(fc.Features), n)
			}
			for i, f := range fc.Features {
				if f.ID != want[i].ID || f.Properties["title"] != want[i].Properties["title"] || !orb.Equal(f.Geometry, want[i].Geometry) {
					t.Errorf("feature %d read back as %+v", i, f)
				}
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := WriteFeatureCollection(ctx, &bytes.Buffer{}, slices.Values([]*Feature{feature(1)})); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled write: %v", err)
	}
	if _, err := WriteFeatureCollection(context.Background(), failWriter{}, slices.Values([]*Feature{feature(1)})); err == nil {
		t.Error("a failed write reported no error")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }
