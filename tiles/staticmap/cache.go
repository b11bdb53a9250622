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

// NewRenderer returns a Renderer drawing from src whose cache holds at most
// maxBytes of PNG (none when maxBytes <= 0).
func NewRenderer(src Source, maxBytes int64) *Renderer {
	return &Renderer{src: src, max: maxBytes, entries: map[string]*list.Element{}, order: list.New()}
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
		img, err := Draw(context.WithoutCancel(ctx), r.src, req)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := (&png.Encoder{CompressionLevel: png.DefaultCompression}).Encode(&buf, img); err != nil {
			return nil, fmt.Errorf("staticmap: encode: %w", err)
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
