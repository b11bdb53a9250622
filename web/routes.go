package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// routes lists every route the server answers. Each answers GET and HEAD
// (HEAD runs the GET handler; net/http drops the body), and OPTIONS for
// CORS preflights through the router's Allow handling.
func (s *Server) routes() {
	// Outermost first: every request gets an id, is counted and logged
	// (the log hands errors to handleError), cannot take the process down,
	// carries the security headers, and is refused early when it names a
	// host outside the allow-list, or is too large or malformed.
	s.echo.Use(
		requestID(s.ids),
		s.metrics.middleware,
		requestLog(s.logger),
		recoverPanics,
		securityHeaders,
		s.hosts.checkHost,
		limitQuery,
		limitBody,
		cors(),
		varyAccept,
		wellFormedQuery,
	)

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
	get("/tiles/border/v/:version/:state/:z/:x/:y", s.handleVersionedTile)
	get("/styles/border.json", s.handleStyle)
	get("/tiles", s.handleTilesets)
	get("/tiles/WebMercatorQuad", s.handleTileset)
	get("/tiles/WebMercatorQuad/:tileMatrix/:tileRow/:tileCol", s.handleOGCTile)
	get("/tileMatrixSets", s.handleTileMatrixSets)
	get("/tileMatrixSets/WebMercatorQuad", s.handleTileMatrixSet)
	get("/healthz", s.handleHealth)
	get("/metrics", s.handleMetrics)
	get("/meta", s.handleMeta)
	get("/about", s.handleAbout)
	get("/ui/:version/*", s.handleAsset)
	get("/embed", s.handleEmbed)
	get("/oembed", s.handleOEmbed)
	get("/static.png", s.handleStaticPNG)

	// The newsroom desk (handle_desk.go, handle_publish.go): writes need
	// a desk user's bearer token; history and the feed are public.
	s.echo.POST("/collections/:collectionId/items", s.handleCreate)
	s.echo.PUT("/collections/:collectionId/items/:featureId", s.handleReplace)
	s.echo.PATCH("/collections/:collectionId/items/:featureId", s.handleUpdate)
	s.echo.DELETE("/collections/:collectionId/items/:featureId", s.handleDelete)
	get("/collections/:collectionId/items/:featureId/history", s.handleHistory)
	get("/publish", s.handlePending)
	s.echo.POST("/publish", s.handlePublish)
	get("/users/me", s.handleMe)
	get("/users", s.handleUsers)
	s.echo.POST("/users", s.handleAddUser)
	s.echo.DELETE("/users/:name", s.handleRevokeUser)
	get("/changes.atom", s.handleChanges)
}
