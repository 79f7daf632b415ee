package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ttplan/ttplan/config"
	"github.com/ttplan/ttplan/provider/emulator"
	"github.com/ttplan/ttplan/provider/tastytrade"
)

// Base URLs of the environments.
var baseURLs = map[string]string{
	config.Production: "https://api.tastyworks.com",
	config.Sandbox:    "https://api.cert.tastyworks.com",
}

// localURL is the base URL the in-process emulator answers on. It never
// leaves the process: the client's transport calls the emulator directly.
const localURL = "http://emulator.local"

// Demo credentials of the local emulator's built-in customer, used when
// the environment gives none.
const (
	demoClientSecret = "demo-secret"
	demoRefreshToken = "demo-refresh"
)

// conn is a client for one environment.
type conn struct {
	client *tastytrade.Client

	// recordKey names the environment's entry in the local record.
	recordKey string
	close     func()

	// now is the in-process emulator's clock, for the local environment;
	// nil otherwise.
	now func() (time.Time, error)
}

// connect builds the tastytrade client the provider block asks for. The
// "local" environment is served by the emulator in this process, through
// the same client code that talks to production.
func connect(ctx context.Context, g *globals, dir string, p config.Provider) (*conn, error) {
	endpoint := p.Endpoint
	if endpoint == "" {
		endpoint = strings.TrimSuffix(g.env.getenv("TASTYTRADE_API_URL"), "/")
		if endpoint != "" {
			if err := config.CheckEndpoint(endpoint); err != nil {
				return nil, fmt.Errorf("TASTYTRADE_API_URL: %w", err)
			}
		}
	}
	creds := tastytrade.CredentialsFromEnv(g.env.getenv)

	opts := tastytrade.Options{
		Environment: p.Environment,
		Credentials: creds,
		Logger:      g.log.Named("client"),
		Version:     Version,
	}
	c := &conn{close: func() {}, recordKey: p.Environment}

	switch {
	case endpoint != "":
		opts.BaseURL = endpoint
		c.recordKey = p.Environment + " " + endpoint
	case p.Environment == config.Local:
		e, err := openEmulator(g, localDB(dir))
		if err != nil {
			return nil, fmt.Errorf("open local emulator: %w", err)
		}
		c.close = func() { e.Close() }
		c.now = e.Now
		opts.BaseURL = localURL
		opts.HTTPClient = &http.Client{Transport: handlerTransport{e.Handler()}}
	default:
		opts.BaseURL = baseURLs[p.Environment]
	}

	if p.Environment == config.Local && !hasCredentials(creds) {
		opts.Credentials = tastytrade.Credentials{ClientSecret: demoClientSecret, RefreshToken: demoRefreshToken}
	}

	cacheDir, err := cacheDir(g, dir, p.Environment, endpoint)
	if err != nil {
		c.close()
		return nil, err
	}
	opts.CacheDir = cacheDir

	client, err := tastytrade.New(opts)
	if err != nil {
		c.close()
		return nil, err
	}
	c.client = client
	return c, nil
}

func hasCredentials(c tastytrade.Credentials) bool {
	return c.ClientSecret != "" || c.RefreshToken != "" || c.Username != ""
}

// openEmulator opens an emulator store, creating its directory.
func openEmulator(g *globals, db string) (*emulator.Emulator, error) {
	if err := os.MkdirAll(filepath.Dir(db), 0o700); err != nil {
		return nil, err
	}
	e, err := emulator.Open(db, emulator.Options{Logger: g.log.Named("emulator")})
	if err != nil {
		return nil, fmt.Errorf("%w (if \"ttplan emulator serve\" runs on this store, use its /_emulator/ hooks instead)", err)
	}
	return e, nil
}

// localDB is the in-process emulator's store for a configuration.
func localDB(dir string) string {
	return filepath.Join(dir, ".ttplan", "emulator.db")
}

// cacheDir is where tokens are cached: TTPLAN_CACHE_DIR, else the user's
// cache directory. The in-process emulator's tokens stay beside its store,
// since they are worthless anywhere else.
func cacheDir(g *globals, dir, environment, endpoint string) (string, error) {
	if d := g.env.getenv("TTPLAN_CACHE_DIR"); d != "" {
		return d, nil
	}
	if environment == config.Local && endpoint == "" {
		return filepath.Join(dir, ".ttplan", "cache"), nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("find a cache directory (set TTPLAN_CACHE_DIR): %w", err)
	}
	return filepath.Join(d, "ttplan"), nil
}

// handlerTransport serves requests with an http.Handler in the same
// process, so the client's code path is the one used over the network.
type handlerTransport struct {
	h http.Handler
}

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if err := r.Context().Err(); err != nil {
		return nil, err
	}
	// The handler sees the request as a server would.
	sr := r.Clone(r.Context())
	sr.RequestURI = r.URL.RequestURI()
	sr.RemoteAddr = "127.0.0.1:0"
	if sr.Body == nil {
		sr.Body = http.NoBody
	}

	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, sr)
	res := rec.Result()
	res.Request = r
	return res, nil
}
