package web

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/frontier-map/frontier/geo"
)

// statsBody is the frontier's length by status as of an instant, beside
// the official length and its source.
type statsBody struct {
	geo.Stats
	// Datetime echoes the parameter the figures answer; AsOf is the
	// instant it stands for (its end, for a date or an interval).
	Datetime string `json:"datetime,omitempty"`
	// Reported are the figures the parties reported up to AsOf, earliest
	// first: claims side by side, never averaged. Latest are those on the
	// state of the whole frontier (kind "status") of the latest date that
	// has any, which the page shows beside the schematic share: two
	// figures of one day that disagree are shown together.
	Reported []reportedFigure `json:"reported"`
	Latest   []reportedFigure `json:"reported_latest"`
	Links    []link           `json:"links"`
}

// reportedFigure is a reported figure with its sources in full and its
// date spelled out at its precision.
type reportedFigure struct {
	geo.ReportedFigure
	DateLabel string       `json:"date_label"`
	Sources   []geo.Source `json:"sources"`
}

// reportedUpTo resolves the figures dated up to t, and the status figures
// of the latest date that has any.
func reportedUpTo(figs []geo.ReportedFigure, t time.Time, idx geo.SourceIndex) (all, latest []reportedFigure) {
	up := geo.ReportedUpTo(figs, t)
	all = make([]reportedFigure, len(up))
	for i, f := range up {
		all[i] = reportedFigure{ReportedFigure: f, DateLabel: f.TimePrecision.Format(f.Date), Sources: idx.Resolve(f.Sources)}
	}
	latest = []reportedFigure{}
	for i := len(all) - 1; i >= 0; i-- {
		f := all[i]
		if f.Kind != geo.FigureStatus {
			continue
		}
		if len(latest) > 0 && f.Date != latest[0].Date {
			break
		}
		latest = append([]reportedFigure{f}, latest...)
	}
	return all, latest
}

// handleStats answers GET /stats?datetime=: geo.StatsAt over every
// segment at the datetime's AsOf instant (now by default).
func (s *Server) handleStats(c echo.Context) error {
	if err := checkParams(c.QueryParams(), "datetime", "f"); err != nil {
		return err
	}
	if _, err := negotiate(c, formatJSON); err != nil {
		return err
	}
	base, err := s.baseURL(c)
	if err != nil {
		return err
	}
	now := s.now()
	asOf, dt := now, ""
	// Without a datetime, or with an open end, the figures are as of now
	// and move with the clock.
	clock := strconv.FormatInt(now.Unix(), 10)
	if v, ok := c.QueryParams()["datetime"]; ok {
		iv, err := parseDatetime(v[0])
		if err != nil {
			return err
		}
		asOf, dt = iv.AsOf(now), v[0]
		if asOf.Equal(iv.AsOf(now.Add(time.Hour))) {
			clock = ""
		}
	}
	q := c.QueryParams()
	return s.serveDocument(c, typeJSON, clock, func(ctx context.Context) (any, error) {
		meta, srcs, err := s.metaAndSources(ctx)
		if err != nil {
			return nil, err
		}
		segs, err := s.store.Segments(ctx, geo.Filter{})
		if err != nil {
			return nil, fmt.Errorf("segments: %w", err)
		}
		figs, err := s.store.Reported(ctx)
		if err != nil {
			return nil, fmt.Errorf("reported figures: %w", err)
		}
		st := geo.StatsAt(segs, asOf)
		st.AsOf = st.AsOf.UTC()
		st.OfficialLengthKm = meta.OfficialLengthKm
		idx := (geo.Dataset{Sources: srcs}).Index()
		if src, ok := idx[meta.OfficialLengthSource]; ok {
			st.OfficialLengthSource = src
		} else {
			st.OfficialLengthSource = geo.Source{ID: meta.OfficialLengthSource}
		}
		// Metres and hundredths of a percent: the line is schematic, more
		// digits would claim a precision it does not have.
		st.MeasuredLengthKm = roundTo(st.MeasuredLengthKm, 1e3)
		for k, v := range st.Km {
			st.Km[k] = roundTo(v, 1e3)
		}
		for k, v := range st.Share {
			st.Share[k] = roundTo(v, 1e4)
		}
		reported, latest := reportedUpTo(figs, st.AsOf, idx)
		return statsBody{
			Stats:    st,
			Datetime: dt,
			Reported: reported,
			Latest:   latest,
			Links: []link{
				{Href: href(base, "/stats", q), Rel: "self", Type: typeJSON, Title: "this document"},
				{Href: href(base, "/collections/frontier/items", withF(q, formatJSON)), Rel: "related", Type: typeGeoJSON, Title: "the segments measured"},
			},
		}, nil
	})
}

func roundTo(v, factor float64) float64 { return math.Round(v*factor) / factor }
