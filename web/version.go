package web

import (
	"context"
	"time"
)

// versionTrust is how long the server trusts a dataset version it has
// read: the tiles trust theirs as long (tiles.Options.VersionTTL), so an
// import by another process shows everywhere within that second.
const versionTrust = time.Second

// committer is a store that counts the writes made through it
// (data.Store.Commits).
type committer interface{ Commits() uint64 }

// seenVersion is a dataset version as read, when, and the store's count
// of its own writes before the read.
type seenVersion struct {
	v       string
	at      time.Time
	commits uint64
}

// version is the dataset version every cache key holds. Asking the store
// was a query on every request, a quarter of the server's CPU under
// make load's mix; the version read is trusted for versionTrust, unless
// a write has gone through this process's store since, which shows at
// once. A store that does not count its writes is asked every time.
func (s *Server) version(ctx context.Context) (string, error) {
	c, ok := s.store.(committer)
	if !ok {
		return s.store.Version(ctx)
	}
	commits := c.Commits()
	if p := s.seen.Load(); p != nil && p.commits == commits && time.Since(p.at) < versionTrust {
		return p.v, nil
	}
	// The count is read before the version: a write committing between
	// the two is counted after it, and the next call reads again.
	at := time.Now()
	v, err := s.store.Version(ctx)
	if err != nil {
		return "", err
	}
	s.seen.Store(&seenVersion{v: v, at: at, commits: commits})
	return v, nil
}
