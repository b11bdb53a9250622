package web

import (
	"context"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics is the server's Prometheus registry: its own, not the global
// default, so that two servers (in tests) never share counters.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newMetrics(s *Server) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "frontier_http_requests_total",
			Help: "HTTP requests answered, by route template, method and status code.",
		}, []string{"route", "method", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "frontier_http_request_duration_seconds",
			Help:    "Time to answer a request, by route template.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route"}),
	}
	tileStat := func(name, help string, kind prometheus.ValueType, v func() float64) prometheus.Collector {
		desc := prometheus.NewDesc(name, help, nil, nil)
		return collectorFunc{desc: desc, collect: func(ch chan<- prometheus.Metric) {
			ch <- prometheus.MustNewConstMetric(desc, kind, v())
		}}
	}
	m.reg.MustRegister(
		m.requests, m.latency,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		tileStat("frontier_tile_cache_hits_total", "Tiles served from the cache.", prometheus.CounterValue,
			func() float64 { return float64(s.tiles.Stats().Hits) }),
		tileStat("frontier_tile_cache_misses_total", "Tiles not in the cache when asked for.", prometheus.CounterValue,
			func() float64 { return float64(s.tiles.Stats().Misses) }),
		tileStat("frontier_tile_cache_bytes", "Bytes of encoded tiles in the cache.", prometheus.GaugeValue,
			func() float64 { return float64(s.tiles.Stats().Bytes) }),
		tileStat("frontier_tile_cache_entries", "Tiles in the cache.", prometheus.GaugeValue,
			func() float64 { return float64(s.tiles.Stats().Entries) }),
		tileStat("frontier_heavy_rejected_total", "Heavy requests (picture drawings) refused with 503 because the slots and queue were full.", prometheus.CounterValue,
			func() float64 { return float64(s.heavy.rejected.Load()) }),
		datasetInfo{s: s, desc: prometheus.NewDesc("frontier_dataset_info",
			"The dataset version (changes with every edit of the store) as a label; the value is always 1.", []string{"version"}, nil)},
	)
	return m
}

// middleware counts and times every request under its route template (not
// its path, so that tile keys and feature ids do not explode the series).
// It runs outside the request log, which hands an error to the error
// handler, so the status it counts is the one the client got.
func (m *metrics) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil && !c.Response().Committed {
			c.Error(err)
		}
		route := c.Path()
		if route == "" {
			route = "unmatched"
		}
		m.requests.WithLabelValues(route, c.Request().Method, strconv.Itoa(c.Response().Status)).Inc()
		m.latency.WithLabelValues(route).Observe(time.Since(start).Seconds())
		// The error has been answered; passing it on would answer it twice.
		return nil
	}
}

func (s *Server) handleMetrics(c echo.Context) error {
	promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{}).ServeHTTP(c.Response(), c.Request())
	return nil
}

// collectorFunc is a collector of one metric read when scraped.
type collectorFunc struct {
	desc    *prometheus.Desc
	collect func(chan<- prometheus.Metric)
}

func (f collectorFunc) Describe(ch chan<- *prometheus.Desc) { ch <- f.desc }
func (f collectorFunc) Collect(ch chan<- prometheus.Metric) { f.collect(ch) }

// datasetInfo reports the store's version when scraped.
type datasetInfo struct {
	s    *Server
	desc *prometheus.Desc
}

func (d datasetInfo) Describe(ch chan<- *prometheus.Desc) { ch <- d.desc }
func (d datasetInfo) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	v, err := d.s.store.Version(ctx)
	if err != nil {
		v = "unavailable"
	}
	ch <- prometheus.MustNewConstMetric(d.desc, prometheus.GaugeValue, 1, v)
}
