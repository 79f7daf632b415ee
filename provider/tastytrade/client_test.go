package tastytrade

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/go-hclog"
	"golang.org/x/time/rate"

	"github.com/ttplan/ttplan/provider"
)

func TestNew_options(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		opts    Options
		wantErr string
		wantEnv string
	}{
		{"no base URL", Options{}, "base URL is required", ""},
		{"relative", Options{BaseURL: "api.tastyworks.com"}, "want http(s)://host", ""},
		{"production", Options{BaseURL: "https://api.tastyworks.com"}, "", "production"},
		{"sandbox", Options{BaseURL: "https://api.cert.tastyworks.com/"}, "", "sandbox"},
		{"emulator", Options{BaseURL: "http://127.0.0.1:8080"}, "", "local"},
		{"explicit", Options{BaseURL: "http://127.0.0.1:8080", Environment: "sandbox"}, "", "sandbox"},
		{"loopback 127/8", Options{BaseURL: "http://127.3.2.1:8080"}, "", "local"},
		{"loopback IPv6", Options{BaseURL: "http://[::1]:8080"}, "", "local"},
		{"localhost", Options{BaseURL: "http://LocalHost:8080/api"}, "", "local"},
		{"http remote", Options{BaseURL: "http://api.tastyworks.com"}, "plain http is only for a loopback host", ""},
		{"http remote IP", Options{BaseURL: "http://10.0.0.5:8080"}, "plain http is only for a loopback host", ""},
		{"http 128.0.0.1", Options{BaseURL: "http://128.0.0.1"}, "plain http is only for a loopback host", ""},
		{"http localhost lookalike", Options{BaseURL: "http://localhost.example.com"},
			"plain http is only for a loopback host", ""},
		{"http with own client", Options{BaseURL: "http://emulator.local", HTTPClient: &http.Client{}}, "", "local"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := New(tt.opts)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("New() error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("New() error = %v", err)
			}
			if c.env != tt.wantEnv {
				t.Errorf("environment = %q, want %q", c.env, tt.wantEnv)
			}
		})
	}
}

func TestNew_userInfoRefusedUnechoed(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{
		"https://alice:hunter2@api.tastyworks.com",
		"https://alice@api.tastyworks.com",
		"https://alice:hunter2@api.tastyworks.com/?x=1",
		"ftp://alice:hunter2@api.tastyworks.com",
		"alice:hunter2@api.tastyworks.com",
		"https://alice:hunter2%zz@api.tastyworks.com",
		"https://alice:hun ter2@api.tastyworks.com",
	} {
		for _, own := range []*http.Client{nil, {}} {
			_, err := New(Options{BaseURL: raw, HTTPClient: own})
			if err == nil {
				t.Errorf("New(%q) succeeded, want user info refused", raw)
				continue
			}
			if msg := err.Error(); strings.Contains(msg, "alice") || strings.Contains(msg, "hun") {
				t.Errorf("New(%q) error repeats the user info: %v", raw, err)
			}
		}
	}
	_, err := New(Options{BaseURL: "https://alice:hunter2@api.tastyworks.com"})
	if err == nil || !strings.Contains(err.Error(), "user info") {
		t.Errorf("New(user info) error = %v, want it to name the user info", err)
	}
}

func TestCredentialsFromEnv(t *testing.T) {
	t.Parallel()
	env := map[string]string{
		"TASTYTRADE_CLIENT_SECRET":  "cs",
		"TASTYTRADE_REFRESH_TOKEN":  "rt",
		"TASTYTRADE_USERNAME":       "demo-user",
		"TASTYTRADE_PASSWORD":       "pw",
		"TASTYTRADE_REMEMBER_TOKEN": "rm",
		"TASTYTRADE_OTP":            "otp",
	}
	got := CredentialsFromEnv(func(k string) string { return env[k] })
	want := Credentials{ClientSecret: "cs", RefreshToken: "rt", Username: "demo-user",
		Password: "pw", RememberToken: "rm", OTP: "otp"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CredentialsFromEnv() mismatch (-want +got):\n%s", diff)
	}
}

func TestClient_headers(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	f.on("GET /watchlists", ok(`{"data":{"items":[]}}`))
	f.on("POST /watchlists", ok(`{"data":{"name":"W"}}`))
	c := newTestClient(t, f)

	if _, err := c.Watchlists(context.Background()); err != nil {
		t.Fatalf("Watchlists: %v", err)
	}
	if _, err := c.CreateWatchlist(context.Background(), provider.Watchlist{Name: "W"}); err != nil {
		t.Fatalf("CreateWatchlist: %v", err)
	}

	for _, r := range f.requests("") {
		h := r.Header
		if got := h.Get("User-Agent"); got != "ttplan/1.2.3" {
			t.Errorf("%s %s: User-Agent = %q", r.Method, r.URI, got)
		}
		if got := h.Get("Accept"); got != "application/json" {
			t.Errorf("%s %s: Accept = %q", r.Method, r.URI, got)
		}
		if _, ok := h["Accept-Version"]; ok {
			t.Errorf("%s %s: Accept-Version sent", r.Method, r.URI)
		}
		wantType := ""
		if r.Body != "" {
			wantType = "application/json"
		}
		if got := h.Get("Content-Type"); got != wantType {
			t.Errorf("%s %s: Content-Type = %q, want %q", r.Method, r.URI, got, wantType)
		}
	}
	for _, r := range f.requests("GET /watchlists") {
		if got := r.Header.Get("Authorization"); got != "Bearer FAKE-ACCESS-1" {
			t.Errorf("Authorization = %q, want the bearer token", got)
		}
	}
}

func TestClient_escapesPathSegments(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		call    func(*Client) error
		wantURI string
	}{
		{
			name:    "watchlist with slash and space",
			call:    func(c *Client) error { return c.DeleteWatchlist(bg(), "Tech / Growth") },
			wantURI: "/watchlists/Tech%20%2F%20Growth",
		},
		{
			name:    "watchlist with percent, ampersand and hash",
			call:    func(c *Client) error { return c.DeleteWatchlist(bg(), "50% A&B #1") },
			wantURI: "/watchlists/50%25%20A&B%20%231",
		},
		{
			name: "replace watchlist named like a path",
			call: func(c *Client) error {
				_, err := c.ReplaceWatchlist(bg(), "../x", provider.Watchlist{Name: "../x"})
				return err
			},
			wantURI: "/watchlists/..%2Fx",
		},
		{
			name: "account number",
			call: func(c *Client) error {
				_, err := c.LiveOrders(bg(), "5ZZ/00000")
				return err
			},
			wantURI: "/accounts/5ZZ%2F00000/orders/live",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t)
			c := newTestClient(t, f)
			_ = tt.call(c) // the fake answers 404; only the path matters

			reqs := f.requests("")
			last := reqs[len(reqs)-1]
			if last.URI != tt.wantURI {
				t.Errorf("request URI = %q, want %q", last.URI, tt.wantURI)
			}
		})
	}
}

func TestClient_basePathKept(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	f.on("POST /api/oauth/token", ok(`{"access_token":"FAKE-ACCESS-9"}`))
	f.on("GET /api/watchlists", ok(`{"data":{"items":[]}}`))
	c := newTestClient(t, f, func(o *Options) { o.BaseURL = f.srv.URL + "/api/" })

	if _, err := c.Watchlists(bg()); err != nil {
		t.Fatalf("Watchlists: %v", err)
	}
}

func TestClient_contextCancelled(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	f.handle("GET /watchlists", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	c := newTestClient(t, f)

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := c.Watchlists(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Watchlists() error = %v, want context.DeadlineExceeded", err)
	}
	if n := f.count("GET /watchlists"); n != 1 {
		t.Errorf("GET /watchlists sent %d times, want 1", n)
	}

	cancelled, cancel2 := context.WithCancel(context.Background())
	cancel2()
	if _, err := c.PlaceOrder(cancelled, "5ZZ00000", limitSpec()); !errors.Is(err, context.Canceled) ||
		errors.Is(err, provider.ErrAmbiguous) {
		t.Errorf("PlaceOrder() on a dead context = %v, want context.Canceled, not ambiguous", err)
	}
	if n := f.count("POST /accounts/5ZZ00000/orders"); n != 0 {
		t.Errorf("POST sent %d times on a dead context", n)
	}
}

func TestClient_limiterPaces(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	f.on("GET /watchlists", ok(`{"data":{"items":[]}}`))
	lim := rate.NewLimiter(rate.Every(time.Hour), 1)
	c := newTestClient(t, f, func(o *Options) { o.Limiter = lim })

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	// The single token goes to /oauth/token; the read must wait for the next.
	if _, err := c.Watchlists(ctx); err == nil {
		t.Fatal("Watchlists() succeeded past an exhausted limiter")
	}
	if n := f.count("GET /watchlists"); n != 0 {
		t.Errorf("GET /watchlists sent %d times, want 0", n)
	}
}

func TestClient_logsWithoutSecrets(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	f.on("GET /watchlists", reply{status: 503}, ok(`{"data":{"items":[]}}`))
	var buf bytes.Buffer
	logger := hclog.New(&hclog.LoggerOptions{Output: &buf, Level: hclog.Trace})
	c := newTestClient(t, f, func(o *Options) { o.Logger = logger })

	if _, err := c.Watchlists(bg()); err != nil {
		t.Fatalf("Watchlists: %v", err)
	}
	out := buf.String()
	if !strings.Contains(out, "path=/watchlists") || !strings.Contains(out, "status=200") {
		t.Errorf("log lacks the request line:\n%s", out)
	}
	assertNoSecret(t, out)
}

func bg() context.Context { return context.Background() }
