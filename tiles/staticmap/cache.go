package staticmap

import (
	"bytes"
	"container/list"
	"context"
	"fmt"
	"image/png"
	"sync"

	"golang.org/x/sync/singleflight"
)

// Renderer draws pictures as PNG and keeps the most recent in memory, as
// the tile renderer keeps tiles: a picture is asked for by every social
// network and chat client that previews a link, and drawing one takes
// tens of milliseconds. It is safe for concurrent use.
type Renderer struct {
	src   Source
	gate  Gate
	group singleflight.Group

	mu      sync.Mutex
	max     int64
	size    int64
	entries map[string]*list.Element
	order   *list.List // front: most recently used
}

type entry struct {
	key  string
	body []byte
}

// Gate runs the drawings, a bounded number at once: Run returns when work
// has run, or with an error when it may not run.
type Gate interface {
	Run(ctx context.Context, work func()) error
}

// NewRenderer returns a Renderer drawing from src whose cache holds at most
// maxBytes of PNG (none when maxBytes <= 0), each drawing and its encoding
// run by gate (all at once when gate is nil).
func NewRenderer(src Source, maxBytes int64, gate Gate) *Renderer {
	return &Renderer{src: src, gate: gate, max: maxBytes, entries: map[string]*list.Element{}, order: list.New()}
}

// PNG returns req drawn and encoded. key names what the picture depends
// on besides req's fields' effect: the caller puts in it the dataset
// version and the change state AsOf falls in (tiles.View), with every
// field of req, so that every instant between two changes shares one
// entry and an edit of the data makes a new one.
func (r *Renderer) PNG(ctx context.Context, key string, req Request) ([]byte, error) {
	if b, ok := r.get(key); ok {
		return b, nil
	}
	// The drawing is shared by every request waiting for it, so it must
	// not stop when the first of them goes away.
	ch := r.group.DoChan(key, func() (any, error) {
		if b, ok := r.get(key); ok {
			return b, nil
		}
		var (
			buf bytes.Buffer
			err error
		)
		draw := func() {
			img, e := Draw(context.WithoutCancel(ctx), r.src, req)
			if e != nil {
				err = e
				return
			}
			if e := (&png.Encoder{CompressionLevel: png.DefaultCompression}).Encode(&buf, img); e != nil {
				err = fmt.Errorf("staticmap: encode: %w", e)
			}
		}
		// The gate is inside the flight: a drawing holds its slot (its
		// memory and CPU) until it ends, even when every client asking
		// for it has gone.
		if r.gate == nil {
			draw()
		} else if gErr := r.gate.Run(context.WithoutCancel(ctx), draw); gErr != nil {
			return nil, gErr
		}
		if err != nil {
			return nil, err
		}
		r.add(key, buf.Bytes())
		return buf.Bytes(), nil
	})
	select {
	case res := <-ch:
		if res.Err != nil {
			return nil, res.Err
		}
		return res.Val.([]byte), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (r *Renderer) get(key string) ([]byte, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	el, ok := r.entries[key]
	if !ok {
		return nil, false
	}
	r.order.MoveToFront(el)
	return el.Value.(*entry).body, true
}

func (r *Renderer) add(key string, body []byte) {
	n := int64(len(body))
	r.mu.Lock()
	defer r.mu.Unlock()
	if n > r.max {
		return
	}
	if _, ok := r.entries[key]; ok {
		return
	}
	r.entries[key] = r.order.PushFront(&entry{key, body})
	r.size += n
	for r.size > r.max {
		el := r.order.Back()
		e := el.Value.(*entry)
		r.order.Remove(el)
		delete(r.entries, e.key)
		r.size -= int64(len(e.body))
	}
}
