# Frontier: two commands on a fresh machine with Go, gcc and Node.
#   make run    build and serve the bundled data on http://127.0.0.1:8080
#   make test   vet, format check (gofmt, prettier), staticcheck and every test
#               (the browser tests too, skipped without Debian's chromium unless
#               FRONTIER_REQUIRE_BROWSER=1)
#   make fmt    gofmt and prettier, writing
GO      ?= go
BIN     := bin/frontier
ADDR    ?= 127.0.0.1:8080
DB      ?= frontier.gpkg
# go-sqlite3 is C: cgo must be on (it is by default where gcc is found).
export CGO_ENABLED := 1

.PHONY: all ui vendor-check clone-check build run test test-go test-browser vet lint fmt fmt-check seeds bench clean load-tile load load-heavy bench-cold fuzz

all: build

# The map page's libraries come from npm and are embedded with go:embed.
# web/ui/vendor.mjs copies them from node_modules into web/ui/vendor, which
# is committed: the go command alone (go build, go install, go vet) builds
# Frontier on a fresh clone, with no Node. `make ui` reinstalls and recopies
# them when the lock file or the copy script changes (after an npm update,
# commit what it changed: vendor-check in make test fails until then). The
# browser tests need node_modules, so they depend on it.
UI_STAMP := web/ui/vendor/.stamp

ui: $(UI_STAMP)

$(UI_STAMP): package-lock.json web/ui/vendor.mjs
	npm ci --no-audit --no-fund
	node web/ui/vendor.mjs
	touch $@

# The committed web/ui/vendor is what make ui makes from package-lock.json.
vendor-check: ui
	@if ! git diff --quiet -- web/ui/vendor || [ -n "$$(git ls-files --others --exclude-standard web/ui/vendor)" ]; then \
		echo "web/ui/vendor differs from what make ui copies from package-lock.json: commit web/ui/vendor"; \
		git status --short -- web/ui/vendor; exit 1; fi

# Must-hold 4 of issue 16: a fresh clone of the committed HEAD builds and
# vets with the go command alone (no make ui, no npm).
clone-check:
	.ci/clone-check

# -s -w leave out the symbol table and DWARF (a third of the binary);
# panics still print function names and lines from the runtime's tables.
build:
	$(GO) build -trimpath -ldflags='-s -w' -o $(BIN) ./cmd/frontier

run: build
	./$(BIN) serve --addr $(ADDR) --db $(DB)

vet:
	$(GO) vet ./...

# staticcheck at a pinned version, installed into bin/tools on first use so
# that a fresh machine needs only Go. The load and scale tags bring in the
# files those scripts build, so they are checked too; any finding fails.
STATICCHECK_VERSION := v0.8.2
STATICCHECK := bin/tools/staticcheck-$(STATICCHECK_VERSION)

$(STATICCHECK):
	mkdir -p bin/tools
	GOBIN=$(CURDIR)/bin/tools $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	mv bin/tools/staticcheck $@

lint: $(STATICCHECK)
	$(STATICCHECK) -tags load,scale ./...

# Go through gofmt, the hand-written JavaScript through prettier (pinned in
# package.json, so npm ci brings it: no global install; .prettierrc keeps the
# code's single quotes and semicolons at 100 columns, .prettierignore leaves
# out vendored and generated files). `make fmt` writes, fmt-check only looks.
GOFILES  = $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './node_modules/*')
PRETTIER := node_modules/.bin/prettier
JSFILES  := '**/*.{js,mjs,cjs}'

fmt: ui
	gofmt -w $(GOFILES)
	$(PRETTIER) --write --log-level warn $(JSFILES)

fmt-check: ui
	@out="$$(gofmt -l $(GOFILES))"; \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	@$(PRETTIER) --check --log-level warn $(JSFILES) || { echo "run make fmt"; exit 1; }

test: vet fmt-check lint vendor-check clone-check test-go test-browser fuzz

test-go:
	$(GO) test ./...

# The map page in a real headless Chromium (web/browsertest): it builds
# bin/frontier, runs it on a free loopback port with a temporary store and
# saves a screenshot of each check under artifacts/.
test-browser: build ui
	node --test web/browsertest/map.test.mjs web/browsertest/embed.test.mjs web/browsertest/basemap.test.mjs web/browsertest/readers.test.mjs web/browsertest/style.test.mjs web/browsertest/reported.test.mjs web/browsertest/desk.test.mjs web/browsertest/site.test.mjs web/browsertest/scale.test.mjs web/browsertest/lang.test.mjs

# Re-derive the frontier and country layers from Natural Earth (world-atlas
# from npm). Only needed when seeds/sectors.json or the atlas changes: the
# output is committed.
seeds:
	npm ci --no-audit --no-fund
	$(GO) run ./cmd/seedgen -atlas node_modules/world-atlas/countries-10m.json -sectors seeds/sectors.json -out seeds

bench:
	$(GO) test ./... -run '^$$' -bench . -benchmem

clean:
	rm -rf bin $(UI_STAMP)

# Tile load script: one hot tile from Frontier vs the same bytes from a bare
# net/http handler, with wrk (apt-get install wrk); prints the ratio.
load-tile:
	$(GO) test -tags load -run TestLoadTile -count=1 -v ./web

# ACLED-scale measurements (issue 7): synthetic sets of 10,000 and 1,000,000
# events imported, served by bin/frontier with the tile cache off, cold tiles
# timed at z3, z8 and z14, memory read from /proc, and the same points tiled
# by supercluster and geojson-vt in Node. Several minutes; not in make test.
# SCALE_N=10000,100000 for a quicker run.
SCALE_N ?= 10000,1000000
.PHONY: bench-scale
bench-scale: build
	cd tiles/testdata/bench-node && npm ci --no-audit --no-fund
	FRONTIER_BIN=$(CURDIR)/$(BIN) FRONTIER_SCALE_N=$(SCALE_N) timeout 1500 $(GO) test -tags scale -run TestScale -count=1 -v -timeout 25m ./cmd/frontier

# Items at scale (issue 14): 100,000 synthetic events imported, the pages
# GIS clients ask for timed cold and warm (gzip checked), and ogr2ogr
# copying the whole collection at GDAL's default page size and at 10000.
# A few minutes; not in make test. ITEMS_N=1000000 for a larger set.
ITEMS_N ?= 100000
.PHONY: bench-items
bench-items:
	FRONTIER_ITEMS_N=$(ITEMS_N) $(GO) test -tags scale -run TestItemsScale -count=1 -v -timeout 20m ./cmd/frontier

# The map page at scale (issue 14): 100,000 synthetic events (MAP_N)
# imported, the page opened in Chromium; fails when it takes 5 s or more to
# settle (make test-browser runs the same file and only prints the time).
MAP_N ?= 100000
.PHONY: bench-map
bench-map: build ui
	FRONTIER_MAP_EVENTS=$(MAP_N) FRONTIER_STRICT_TIMING=1 node --test web/browsertest/scale.test.mjs

# The hardening load script: the real binary, wrk at 256 connections for
# 60 s over tiles, items, stats and page assets; fails on any error and
# prints p50/p99 and resident memory (LOAD_CONNECTIONS, LOAD_DURATION;
# LOAD_EVENTS=100000 imports that many synthetic events first).
load:
	LOAD_EVENTS=$(LOAD_EVENTS) $(GO) test -tags load -run TestLoadMixed -count=1 -v -timeout 10m ./cmd/frontier

# Cold tiles (issue 14): the z0-z12 pyramid over the frontier's box, all
# five layers, over HTTP with one keep-alive client, from bin/frontier with
# its cache off and from geojson-vt + vt-pbf in Node on the same GeoJSON;
# prints both times and the ratio (LOAD_ROUNDS rounds, 3).
bench-cold:
	cd tiles/testdata/bench-node && npm ci --no-audit --no-fund
	$(GO) test -tags load -run TestBenchCold -count=1 -v -timeout 10m ./cmd/frontier

# Heavy work (issue 14): 64 distinct 2300-px /static.png at once (peak
# resident memory, how many drawn and refused), then the hot tile's p50/p99
# alone and during a flood of distinct pictures (LOAD_DURATION, 10s).
load-heavy:
	$(GO) test -tags load -run TestLoadHeavy -count=1 -v -timeout 10m ./cmd/frontier

# Every fuzz target, each for FUZZTIME (3000 inputs in make test: a count,
# not a duration, since a duration that ends mid-input fails the run; `make fuzz
# FUZZTIME=10m` for a long run). Inputs that found new paths land in the Go
# cache; the seed corpora that matter are committed under each package's
# testdata/fuzz/.
FUZZTIME ?= 3000x
FUZZ_TARGETS := geo:FuzzParseInterval geo:FuzzAppendFeature data:FuzzStringList geo:FuzzACLED geo:FuzzDecodeFeatures tiles:FuzzParseKey web:FuzzItemsQuery web:FuzzOEmbedURL web:FuzzViewState
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		echo "fuzz $$name ($$pkg, $(FUZZTIME))"; \
		$(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) -parallel 2 ./$$pkg; \
	done

# The static picture's fonts (tiles/staticmap/fonts): DejaVu Sans from
# Debian's fonts-dejavu-core, cut to Latin, Cyrillic (with the Kyrgyz and
# Tajik letters) and punctuation by fontTools (python3-fonttools), without
# hinting, which x/image's rasteriser does not run. The output is
# committed, so a build needs neither package.
FONT_SRC   ?= /usr/share/fonts/truetype/dejavu
FONT_CHARS := U+0020-007E,U+00A0-024F,U+0300-036F,U+0400-052F,U+1E00-1EFF,U+2000-206F,U+20A0-20CF,U+2100-214F,U+2190-21FF,U+2212,U+25A0-25FF,U+FFFD
.PHONY: fonts
fonts:
	for f in DejaVuSans DejaVuSans-Bold DejaVuSans-BoldOblique; do \
	  /usr/bin/python3 -m fontTools.subset $(FONT_SRC)/$$f.ttf --unicodes='$(FONT_CHARS)' --no-hinting \
	    --layout-features='kern,liga,ccmp,locl,mark,mkmk' --output-file=tiles/staticmap/fonts/$$f.ttf; \
	done
