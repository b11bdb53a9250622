package geo

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// EncodeRecord writes a feature in its record form, the form the seeds,
// imports, drafts and revisions use: a GeoJSON Feature whose properties
// are the domain value's own fields (sources by id) and whose geometry is
// g (null when nil). The members come in a fixed order and the value is
// encoded once, so that the same feature always gives the same bytes: an
// ETag is a hash of them.
func EncodeRecord(id string, g orb.Geometry, v any) ([]byte, error) {
	props, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("geo: record %s: %w", id, err)
	}
	geom := []byte("null")
	if g != nil {
		if geom, err = json.Marshal(geojson.NewGeometry(g)); err != nil {
			return nil, fmt.Errorf("geo: record %s: %w", id, err)
		}
	}
	idJSON, err := json.Marshal(id)
	if err != nil {
		return nil, fmt.Errorf("geo: record %s: %w", id, err)
	}
	var b bytes.Buffer
	b.Grow(len(props) + len(geom) + len(idJSON) + 48)
	b.WriteString(`{"type":"Feature","id":`)
	b.Write(idJSON)
	b.WriteString(`,"geometry":`)
	b.Write(geom)
	b.WriteString(`,"properties":`)
	b.Write(props)
	b.WriteByte('}')
	return b.Bytes(), nil
}
