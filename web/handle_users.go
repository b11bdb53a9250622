package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/frontier-map/frontier/geo"
)

// The desk's users over the API, for admins, as `frontier user` manages
// them on the server: list, add (the token is in the answer, once) and
// revoke.

// handleUsers answers GET /users: every user, revoked ones too, never a
// token.
func (s *Server) handleUsers(c echo.Context) error {
	if _, err := s.requireRole(c, geo.RoleAdmin); err != nil {
		return err
	}
	if err := checkParams(c.QueryParams()); err != nil {
		return err
	}
	users, err := s.desk.Users(c.Request().Context())
	if err != nil {
		return err
	}
	if users == nil {
		users = []geo.User{}
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return writeJSON(c, typeJSON, struct {
		Users []geo.User `json:"users"`
	}{users})
}

// handleAddUser answers POST /users {"name", "role"}: 201 with the new
// user and its token, which no later answer repeats.
func (s *Server) handleAddUser(c echo.Context) error {
	if _, err := s.requireRole(c, geo.RoleAdmin); err != nil {
		return err
	}
	body, err := readBody(c, typeJSON)
	if err != nil {
		return err
	}
	var req struct {
		Name string   `json:"name"`
		Role geo.Role `json:"role"`
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return &ParamError{Param: "body", Detail: `want {"name": "...", "role": "editor|publisher|admin"}`, Err: err}
	}
	u, token, err := s.desk.AddUser(c.Request().Context(), req.Name, req.Role)
	switch {
	case errors.Is(err, geo.ErrUserExists):
		return &ConflictError{Detail: fmt.Sprintf("A user named %q exists.", req.Name)}
	case errors.Is(err, geo.ErrBadUser):
		return &ParamError{Param: "name/role", Detail: "a name of 1 to 64 letters, digits, '.', '-' or '_', and a role of editor, publisher or admin"}
	case err != nil:
		return err
	}
	base, err := s.baseURL(c)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "no-store")
	h.Set(echo.HeaderLocation, base+"/users/"+pathEscape(u.Name))
	b, err := json.Marshal(struct {
		geo.User
		Token string `json:"token"`
	}{u, token})
	if err != nil {
		return err
	}
	return c.Blob(http.StatusCreated, typeJSON, b)
}

// handleRevokeUser answers DELETE /users/{name}: the token is refused from
// the next request on.
func (s *Server) handleRevokeUser(c echo.Context) error {
	if _, err := s.requireRole(c, geo.RoleAdmin); err != nil {
		return err
	}
	err := s.desk.RevokeUser(c.Request().Context(), c.Param("name"))
	if errors.Is(err, geo.ErrNoUser) {
		return &NotFoundError{What: fmt.Sprintf("user %q that is not revoked already", c.Param("name"))}
	}
	if err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
