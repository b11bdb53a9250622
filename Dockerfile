# syntax=docker/dockerfile:1
# Build stage: the same `make build` as on a developer's machine (cgo on,
# since go-sqlite3 is C).
FROM golang:1.26-bookworm AS build
# No Node: the map page's libraries are committed under web/ui/vendor.
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN make build BIN=bin/frontier

# Runtime: a small Debian with the binary (the bundled data is embedded in
# it), run as an unprivileged user; the store lives in /data.
FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --create-home --home-dir /data frontier
COPY --from=build /src/bin/frontier /usr/local/bin/frontier
USER frontier
WORKDIR /data
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD ["frontier", "healthcheck", "--url", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["frontier"]
CMD ["serve", "--addr", "0.0.0.0:8080", "--db", "/data/frontier.gpkg"]
