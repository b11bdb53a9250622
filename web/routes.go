package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// routes lists every route the server answers. Each answers GET and HEAD
// (HEAD runs the GET handler; net/http drops the body), and OPTIONS for
// CORS preflights through the router's Allow handling.
func (s *Server) routes() {
	s.echo.Use(recoverPanics, cors(), varyAccept, wellFormedQuery)

	get := func(path string, h echo.HandlerFunc) {
		s.echo.Match([]string{http.MethodGet, http.MethodHead}, path, h)
	}
	get("/", s.handleLanding)
	get("/conformance", s.handleConformance)
	get("/api", s.handleAPI)
	get("/api.html", s.handleAPIPage)
	get("/collections", s.handleCollections)
	get("/collections/:collectionId", s.handleCollection)
	get("/collections/:collectionId/items", s.handleItems)
	get("/collections/:collectionId/items/:featureId", s.handleItem)
	get("/stats", s.handleStats)
	get("/tiles/border.json", s.handleTileJSON)
	get("/tiles/border/:z/:x/:y", s.handleTile)
	get("/healthz", s.handleHealth)
	get("/meta", s.handleMeta)
	get("/about", s.handleAbout)
	get("/ui/:version/*", s.handleAsset)
}
