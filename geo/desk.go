package geo

import (
	"encoding/json"
	"errors"
	"time"
)

// The newsroom desk's domain: who may change the record, the changes
// waiting for a publisher, and the record of every change. The store keeps
// them (package data); the API serves them (package web).

// Role is what a desk user may do. Each role may do what the one before it
// may: an editor drafts, a publisher also publishes, an admin also manages
// users.
type Role string

// The roles, weakest first.
const (
	RoleEditor    Role = "editor"
	RolePublisher Role = "publisher"
	RoleAdmin     Role = "admin"
)

var roleRank = map[Role]int{RoleEditor: 1, RolePublisher: 2, RoleAdmin: 3}

// Valid reports whether r is one of the roles.
func (r Role) Valid() bool { return roleRank[r] > 0 }

// Allows reports whether a user with role r may do what needs role need.
func (r Role) Allows(need Role) bool { return r.Valid() && roleRank[r] >= roleRank[need] }

// User is a desk user as the store keeps it: never its token.
type User struct {
	Name    string     `json:"name"`
	Role    Role       `json:"role"`
	Created time.Time  `json:"created"`
	Revoked *time.Time `json:"revoked"`
}

// ErrNoUser is a token (or name) that finds no user, or a revoked one.
var ErrNoUser = errors.New("no such user, or the token is unknown or revoked")

// ErrUserExists is a new user whose name is taken; ErrBadUser a name or
// role that cannot be.
var (
	ErrUserExists = errors.New("a user with that name exists")
	ErrBadUser    = errors.New("bad user")
)

// ErrNothingPending is a publish with no draft waiting.
var ErrNothingPending = errors.New("no drafts are pending")

// Op is what a change does to a feature.
type Op string

// The changes.
const (
	OpCreate Op = "create"
	OpChange Op = "change"
	OpDelete Op = "delete"
)

// Draft is a change of one feature waiting to be published. Record is the
// feature as it will be published (nil for a deletion); Base is the
// published feature the draft started from (nil for a new one). Both are
// the record form: a GeoJSON Feature with the domain's own fields.
type Draft struct {
	Collection string          `json:"collection"`
	FeatureID  string          `json:"id"`
	Op         Op              `json:"op"`
	Record     json.RawMessage `json:"record"`
	Base       json.RawMessage `json:"base"`
	Author     string          `json:"author"`
	Editors    []string        `json:"editors"`
	Updated    time.Time       `json:"updated"`
}

// DraftChange is one write from the desk: Record is the feature after it
// (nil deletes it), Published the feature as published now (nil when it
// is not).
type DraftChange struct {
	Collection string
	FeatureID  string
	Record     json.RawMessage
	Published  json.RawMessage
	Message    string
}

// Revision is one change of one feature: a draft (Publication 0) or its
// publication. Before and After are the feature's record forms, nil where
// it did not exist.
type Revision struct {
	ID          int64           `json:"id"`
	At          time.Time       `json:"at"`
	Author      string          `json:"author"`
	Publication int64           `json:"publication,omitempty"`
	Collection  string          `json:"collection"`
	FeatureID   string          `json:"feature_id"`
	Op          Op              `json:"op"`
	Message     string          `json:"message"`
	Editors     []string        `json:"editors,omitempty"`
	Before      json.RawMessage `json:"before"`
	After       json.RawMessage `json:"after"`
}

// Publication is one publishing of pending drafts (or one import), with
// the features it added, changed or removed.
type Publication struct {
	ID      int64      `json:"id"`
	At      time.Time  `json:"at"`
	Author  string     `json:"author"`
	Message string     `json:"message"`
	Changes []Revision `json:"changes"`
}
