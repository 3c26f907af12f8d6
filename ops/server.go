package ops

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Check is one readiness condition: nil when ready, else why not (in
// words for the operator; never content).
type Check func(ctx context.Context) error

// Server serves /healthz, /readyz and /metrics.
type Server struct {
	metrics *Metrics
	checks  map[string]Check
	log     *slog.Logger
}

// NewServer returns a server for m's registry (m may be nil: /metrics
// then answers 404) with the named readiness checks.
func NewServer(m *Metrics, checks map[string]Check, log *slog.Logger) *Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Server{metrics: m, checks: checks, log: log}
}

// Handler routes the three endpoints. Each answers GET and HEAD only.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", s.ready)
	if s.metrics != nil {
		mux.Handle("GET /metrics", promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{
			ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelWarn), Timeout: 10 * time.Second,
		}))
	}
	return mux
}

// ready runs every check (each bounded by 3 s) and answers 200 with one
// "name ok" line per check, or 503 naming what is not ready.
func (s *Server) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	names := make([]string, 0, len(s.checks))
	for n := range s.checks {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	ok := true
	for _, n := range names {
		if err := s.checks[n](ctx); err != nil {
			ok = false
			fmt.Fprintf(&b, "%s not ready: %v\n", n, err)
		} else {
			fmt.Fprintf(&b, "%s ok\n", n)
		}
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if !ok {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	fmt.Fprint(w, b.String())
}

// ErrNotLoopback is returned by Listen for an address that would expose
// the endpoints beyond this machine without allowPublic.
var ErrNotLoopback = errors.New("ops.listen must be a loopback address (127.0.0.1:PORT or [::1]:PORT) unless ops.public is true: the metrics describe the practice's activity")

// Listen opens addr for the ops endpoints. A host-less address (":9090")
// is taken to mean loopback; any other non-loopback host is refused unless
// allowPublic.
func Listen(addr string, allowPublic bool) (net.Listener, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("ops.listen %q: %w", addr, err)
	}
	if host == "" {
		host = "127.0.0.1"
	}
	if !allowPublic && !isLoopback(host) {
		return nil, ErrNotLoopback
	}
	return net.Listen("tcp", net.JoinHostPort(host, port))
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Serve serves the endpoints on l until ctx ends, then shuts down within
// 5 s. It returns nil after a clean shutdown.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 30 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	err := srv.Shutdown(sctx)
	if serr := <-done; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	return err
}
