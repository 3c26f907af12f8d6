# syntax=docker/dockerfile:1
# groupwork in a container: a cgo build (SQLite is C), then a small runtime
# image with glibc and CA certificates only, run as a non-root user, the
# database on a volume.
#   docker build --build-arg VERSION=v1.4.0 --build-arg REVISION=$(git rev-parse HEAD) -t groupwork .
#   docker run -d --name groupwork --restart unless-stopped \
#     --env-file /etc/groupwork/groupwork.env \
#     -v groupwork-data:/var/lib/groupwork \
#     -v /etc/groupwork/config.yaml:/etc/groupwork/config.yaml:ro \
#     -p 127.0.0.1:9090:9090 groupwork
# In config.yaml: database: /var/lib/groupwork/groupwork.db, and for the
# metrics inside the container  ops: {listen: "0.0.0.0:9090", public: true}
# (the -p above still publishes the port on the host's loopback only).

ARG GO_VERSION=1.26

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
# Dependencies first: this layer is reused until go.mod or go.sum change.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=""
ARG REVISION=""
# CGO_ENABLED=1: go-sqlite3 is cgo; without it the binary builds but fails
# at run time. timetzdata embeds the IANA zones groups are scheduled in.
RUN CGO_ENABLED=1 go build -trimpath -tags timetzdata \
      -ldflags "-s -w -X main.version=${VERSION} -X main.revision=${REVISION}" \
      -o /out/groupwork ./cmd/groupwork \
 && /out/groupwork version \
 && install -d -m 0700 -o 65532 -g 65532 /out/state /out/state/backups

# distroless/base: glibc (for the cgo binary), CA certificates, no shell,
# and the "nonroot" user (65532).
FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=build /out/groupwork /usr/local/bin/groupwork
COPY --from=build --chown=65532:65532 /out/state /var/lib/groupwork
USER 65532:65532
WORKDIR /var/lib/groupwork
VOLUME ["/var/lib/groupwork"]
EXPOSE 9090
# docker stop sends SIGTERM and waits 10 s: the adapters drain within 8 s.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/groupwork"]
CMD ["run", "-config", "/etc/groupwork/config.yaml"]
