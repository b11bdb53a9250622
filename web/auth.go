package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/time/rate"

	"github.com/frontier-map/frontier/geo"
)

// Desk is the store as the newsroom desk uses it: users, drafts, the
// record of changes and publishing. data.Store satisfies it. A store
// without it (or a read-only one) serves reads only.
type Desk interface {
	UserByToken(ctx context.Context, token string) (geo.User, error)
	SaveDraft(ctx context.Context, author string, ch geo.DraftChange, check func(current json.RawMessage) error) (geo.Draft, error)
	Draft(ctx context.Context, collection, id string) (geo.Draft, bool, error)
	Drafts(ctx context.Context) ([]geo.Draft, error)
	Publish(ctx context.Context, author, message string, apply func(w geo.Writer, d geo.Draft) error) (geo.Publication, error)
	History(ctx context.Context, collection, id string, withDrafts bool) ([]geo.Revision, error)
	Publications(ctx context.Context, limit int) ([]geo.Publication, error)
	AddUser(ctx context.Context, name string, role geo.Role) (geo.User, string, error)
	Users(ctx context.Context) ([]geo.User, error)
	RevokeUser(ctx context.Context, name string) error
}

// AuthError is a write without a usable token (401) or by a user whose
// role may not make it (403). The detail never says whether a user or
// token exists.
type AuthError struct {
	Status int
	Detail string
}

func (e *AuthError) Error() string { return "web: " + e.Detail }

// TooManyError is a client refused for a while after many failed sign-ins
// (429); RetryAfter says how long.
type TooManyError struct{ RetryAfter time.Duration }

func (e *TooManyError) Error() string { return "web: too many failed sign-ins" }

// ReadOnlyError is a write to a server that takes none (405).
type ReadOnlyError struct{ Why string }

func (e *ReadOnlyError) Error() string { return "web: read-only: " + e.Why }

// userKey is where a request's signed-in user is kept in its context.
const userKey = "frontier.user"

// bearer returns the token of an "Authorization: Bearer" header, and
// whether the header was there at all.
func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get(echo.HeaderAuthorization)
	if h == "" {
		return "", false
	}
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", true
	}
	return strings.TrimSpace(token), true
}

// readOnly says why the server takes no writes, or "" when it does.
func (s *Server) readOnly() string {
	switch {
	case s.desk == nil:
		return "this store keeps no desk"
	case s.forcedReadOnly:
		return "the server was started with --read-only"
	}
	if ro, ok := s.store.(interface{ ReadOnly() bool }); ok && ro.ReadOnly() {
		return "the store is a file the server may not write"
	}
	return ""
}

// authenticate finds the user a request's bearer token names. It is called
// only where a token is needed or offered, so that reads without an
// Authorization header do no work for it. Failed tokens count against the
// client (its address, never a header it could forge), and a client with
// too many is refused for a while before its token is even looked at.
func (s *Server) authenticate(c echo.Context) (geo.User, error) {
	if u, ok := c.Get(userKey).(geo.User); ok {
		return u, nil
	}
	client := clientAddr(c.Request())
	if wait := s.failures.wait(client); wait > 0 {
		return geo.User{}, &TooManyError{RetryAfter: wait}
	}
	token, given := bearer(c.Request())
	if !given {
		return geo.User{}, &AuthError{Status: http.StatusUnauthorized, Detail: "This needs a desk user's token: send Authorization: Bearer TOKEN."}
	}
	u, err := s.desk.UserByToken(c.Request().Context(), token)
	if err != nil {
		if !errors.Is(err, geo.ErrNoUser) {
			return geo.User{}, fmt.Errorf("sign-in: %w", err)
		}
		s.failures.fail(client)
		return geo.User{}, &AuthError{Status: http.StatusUnauthorized, Detail: "The token is not one this server accepts (unknown, revoked or mistyped)."}
	}
	c.Set(userKey, u)
	return u, nil
}

// requireRole signs the request in and checks that the user's role allows
// what needs role need.
func (s *Server) requireRole(c echo.Context, need geo.Role) (geo.User, error) {
	if why := s.readOnly(); why != "" {
		return geo.User{}, &ReadOnlyError{Why: why}
	}
	u, err := s.authenticate(c)
	if err != nil {
		return u, err
	}
	if !u.Role.Allows(need) {
		return u, &AuthError{Status: http.StatusForbidden, Detail: fmt.Sprintf("The role %s may not do this; it needs %s.", u.Role, need)}
	}
	return u, nil
}

// deskUser returns the signed-in desk user when the request offers a token
// (ok false without one): reads that show drafts to the desk use it.
func (s *Server) deskUser(c echo.Context) (geo.User, bool, error) {
	if _, given := bearer(c.Request()); !given || s.desk == nil {
		return geo.User{}, false, nil
	}
	u, err := s.authenticate(c)
	return u, err == nil, err
}

func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// Failed sign-ins: a client may fail failureBurst times in a row, then once
// per failureEvery; past that it is answered 429 until it may try again.
// A person mistyping a token never meets the limit; a script guessing
// 256-bit tokens gets ten guesses a minute.
const (
	failureBurst   = 10
	failureEvery   = 6 * time.Second
	failureClients = 10000
)

// failures counts failed sign-ins per client address with a token bucket
// (golang.org/x/time/rate) each.
type failures struct {
	mu      sync.Mutex
	clients map[string]*rate.Limiter
	now     func() time.Time
}

func newFailures(now func() time.Time) *failures {
	return &failures{clients: map[string]*rate.Limiter{}, now: now}
}

// wait is how long the client must wait before its next sign-in is looked
// at; zero when it may try now.
func (f *failures) wait(client string) time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	lim, ok := f.clients[client]
	if !ok {
		return 0
	}
	now := f.now()
	if lim.TokensAt(now) >= 1 {
		return 0
	}
	r := lim.ReserveN(now, 1)
	d := r.DelayFrom(now)
	r.CancelAt(now)
	return d
}

// fail counts one failed sign-in for client.
func (f *failures) fail(client string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	lim, ok := f.clients[client]
	if !ok {
		if len(f.clients) >= failureClients {
			// Forget the clients whose buckets have filled again: they
			// are where a new one would start.
			for k, l := range f.clients {
				if l.TokensAt(now) >= failureBurst {
					delete(f.clients, k)
				}
			}
		}
		lim = rate.NewLimiter(rate.Every(failureEvery), failureBurst)
		f.clients[client] = lim
	}
	lim.AllowN(now, 1)
}

// retryAfter is the Retry-After header's value: whole seconds, rounded up.
func retryAfter(d time.Duration) string {
	return strconv.Itoa(int(math.Ceil(d.Seconds())))
}
