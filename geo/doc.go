// Package geo is Frontier's domain: the Kyrgyzstan–Tajikistan frontier as
// segments with a status history, the clash events and deployments around it,
// the context layers (countries, places) and the sources behind every one of
// them.
//
// It does no I/O. It knows how to answer "what was the status of this
// segment on that day", "does this event fall in that interval", how long a
// line is on the ground, whether a dataset is fit to publish (every
// coordinate in the region and in lon/lat order, every feature sourced), and
// how each feature reads as GeoJSON (RFC 7946, through orb).
//
// It imports only the standard library and orb: the store (package data),
// the tiles and the web server build on it, never the other way round.
package geo
