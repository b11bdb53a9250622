# Frontier: two commands on a fresh machine with Go, gcc and Node.
#   make run    build and serve the bundled data on http://127.0.0.1:8080
#   make test   vet, format check and every test
GO      ?= go
BIN     := bin/frontier
ADDR    ?= 127.0.0.1:8080
DB      ?= frontier.gpkg
# go-sqlite3 is C: cgo must be on (it is by default where gcc is found).
export CGO_ENABLED := 1

.PHONY: all build run test vet fmt-check seeds bench clean load-tile

all: build

build:
	$(GO) build -trimpath -o $(BIN) ./cmd/frontier

run: build
	./$(BIN) serve --addr $(ADDR) --db $(DB)

vet:
	$(GO) vet ./...

fmt-check:
	@out="$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './node_modules/*'))"; \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

test: vet fmt-check
	$(GO) test ./...

# Re-derive the frontier and country layers from Natural Earth (world-atlas
# from npm). Only needed when seeds/sectors.json or the atlas changes: the
# output is committed.
seeds:
	npm ci --no-audit --no-fund
	$(GO) run ./cmd/seedgen -atlas node_modules/world-atlas/countries-10m.json -sectors seeds/sectors.json -out seeds

bench:
	$(GO) test ./... -run '^$$' -bench . -benchmem

clean:
	rm -rf bin

# Tile load script: one hot tile from Frontier vs the same bytes from a bare
# net/http handler, with wrk (apt-get install wrk); prints the ratio.
load-tile:
	$(GO) test -tags load -run TestLoadTile -count=1 -v ./web
