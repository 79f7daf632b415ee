package tastytrade

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ttplan/ttplan/provider"
)

func TestOAuth_requestShape(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	f.on("GET /watchlists", ok(`{"data":{"items":[]}}`))
	c := newTestClient(t, f)

	if _, err := c.Watchlists(bg()); err != nil {
		t.Fatalf("Watchlists: %v", err)
	}
	reqs := f.requests("POST /oauth/token")
	if len(reqs) != 1 {
		t.Fatalf("/oauth/token called %d times, want 1", len(reqs))
	}
	r := reqs[0]
	want := `{"grant_type":"refresh_token","refresh_token":"` + fakeRefresh +
		`","client_secret":"` + fakeSecret + `"}`
	if diff := jsonDiff(t, want, r.Body); diff != "" {
		t.Errorf("token request body mismatch (-want +got):\n%s", diff)
	}
	if _, ok := r.Header["Authorization"]; ok {
		t.Error("/oauth/token carried an Authorization header")
	}
	if got := r.Header.Get("User-Agent"); got != "ttplan/1.2.3" {
		t.Errorf("/oauth/token User-Agent = %q", got)
	}
	if got := r.Header.Get("Content-Type"); got != "application/json" {
		t.Errorf("/oauth/token Content-Type = %q", got)
	}
}

func TestOAuth_refreshTiming(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	f.on("GET /watchlists", ok(`{"data":{"items":[]}}`))
	clk := newClock()
	c := newTestClient(t, f, func(o *Options) { o.Now = clk.Now })

	steps := []struct {
		advance    time.Duration
		wantTokens int
		wantAuth   string
	}{
		{0, 1, "Bearer FAKE-ACCESS-1"},
		{14 * time.Minute, 1, "Bearer FAKE-ACCESS-1"},                // 60 s left: still good
		{30 * time.Second, 2, "Bearer FAKE-ACCESS-2"},                // 14m30s: 30 s left, renewed
		{90 * time.Second, 2, "Bearer FAKE-ACCESS-2"},                // 16m: the new token lives to 29m30s
		{13*time.Minute + 31*time.Second, 3, "Bearer FAKE-ACCESS-3"}, // 29m31s: renewed again
	}
	for i, s := range steps {
		clk.Advance(s.advance)
		if _, err := c.Watchlists(bg()); err != nil {
			t.Fatalf("step %d: Watchlists: %v", i, err)
		}
		if n := f.count("POST /oauth/token"); n != s.wantTokens {
			t.Errorf("step %d: /oauth/token called %d times, want %d", i, n, s.wantTokens)
		}
		reqs := f.requests("GET /watchlists")
		if got := reqs[len(reqs)-1].Header.Get("Authorization"); got != s.wantAuth {
			t.Errorf("step %d: Authorization = %q, want %q", i, got, s.wantAuth)
		}
	}
}

func TestOAuth_expiresInDefault(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	f.on("POST /oauth/token", ok(`{"access_token":"FAKE-ACCESS-X","expires_in":null}`))
	f.on("GET /watchlists", ok(`{"data":{"items":[]}}`))
	clk := newClock()
	c := newTestClient(t, f, func(o *Options) { o.Now = clk.Now })

	if _, err := c.Watchlists(bg()); err != nil {
		t.Fatalf("Watchlists: %v", err)
	}
	if want := clk.Now().Add(900 * time.Second); !c.auth.tok.expires.Equal(want) {
		t.Errorf("expiry = %v, want received + 900 s = %v", c.auth.tok.expires, want)
	}
}

func TestOAuth_refused(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		reply    reply
		wantAuth bool
		wantText string
	}{
		{"invalid_grant", reply{status: 400, body: `{"error_code":"invalid_grant","error_description":"Invalid JWT"}`},
			true, "invalid_grant: Invalid JWT"},
		{"plain OAuth2 shape", reply{status: 401, body: `{"error":"invalid_client","error_description":"bad"}`},
			true, "invalid_client: bad"},
		{"server failure", reply{status: 500, body: `{"error":{"code":"internal_server_error","message":"sandbox-nginx"}}`},
			false, "internal_server_error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t)
			f.on("POST /oauth/token", tt.reply)
			f.on("GET /watchlists", ok(`{"data":{"items":[]}}`))
			c := newTestClient(t, f)

			_, err := c.Watchlists(bg())
			var authErr *provider.AuthError
			if got := errors.As(err, &authErr); got != tt.wantAuth {
				t.Fatalf("Watchlists() error = %v, AuthError %v, want %v", err, got, tt.wantAuth)
			}
			if !strings.Contains(err.Error(), tt.wantText) {
				t.Errorf("error %q lacks %q", err, tt.wantText)
			}
			assertNoSecret(t, err.Error())

			// A refusal is final: the next call sends nothing.
			_, _ = c.Watchlists(bg())
			wantCalls := 2
			if tt.wantAuth {
				wantCalls = 1
			}
			if n := f.count("POST /oauth/token"); n != wantCalls {
				t.Errorf("/oauth/token called %d times, want %d", n, wantCalls)
			}
			if n := f.count("GET /watchlists"); n != 0 {
				t.Errorf("GET /watchlists sent %d times without a token", n)
			}
		})
	}
}

func TestAuth_noCredentials(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	c := newTestClient(t, f, func(o *Options) { o.Credentials = Credentials{}; o.Environment = "sandbox" })

	_, err := c.Accounts(bg())
	var authErr *provider.AuthError
	if !errors.As(err, &authErr) {
		t.Fatalf("Accounts() error = %v, want an AuthError", err)
	}
	for _, want := range []string{"sandbox", "TASTYTRADE_CLIENT_SECRET", "TASTYTRADE_REFRESH_TOKEN",
		"TASTYTRADE_USERNAME"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
	if n := len(f.requests("")); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

func TestAuth_401(t *testing.T) {
	t.Parallel()
	expired := reply{status: 401, body: `{"error":{"code":"token_invalid","message":"This token is invalid or has expired"}}`}

	t.Run("read is retried once with a new token", func(t *testing.T) {
		t.Parallel()
		f := newFakeAPI(t)
		f.on("GET /watchlists", expired, ok(`{"data":{"items":[]}}`))
		c := newTestClient(t, f)

		if _, err := c.Watchlists(bg()); err != nil {
			t.Fatalf("Watchlists: %v", err)
		}
		reqs := f.requests("GET /watchlists")
		if len(reqs) != 2 || reqs[1].Header.Get("Authorization") != "Bearer FAKE-ACCESS-2" {
			t.Errorf("want 2 sends, the second with a new token; got %d", len(reqs))
		}
	})

	t.Run("read refused twice", func(t *testing.T) {
		t.Parallel()
		f := newFakeAPI(t)
		f.on("GET /watchlists", expired)
		c := newTestClient(t, f)

		_, err := c.Watchlists(bg())
		var authErr *provider.AuthError
		if !errors.As(err, &authErr) || !provider.HasCode(err, "token_invalid") {
			t.Errorf("Watchlists() error = %v, want an AuthError with token_invalid", err)
		}
		if n := f.count("GET /watchlists"); n != 2 {
			t.Errorf("GET sent %d times, want 2", n)
		}
	})

	t.Run("write is not resent", func(t *testing.T) {
		t.Parallel()
		f := newFakeAPI(t)
		f.on("POST /accounts/5ZZ00000/orders", expired)
		c := newTestClient(t, f)

		_, err := c.PlaceOrder(bg(), "5ZZ00000", limitSpec())
		var authErr *provider.AuthError
		if !errors.As(err, &authErr) || errors.Is(err, provider.ErrAmbiguous) {
			t.Errorf("PlaceOrder() error = %v, want an AuthError that is not ambiguous", err)
		}
		if n := f.count("POST /accounts/5ZZ00000/orders"); n != 1 {
			t.Errorf("POST sent %d times, want 1", n)
		}
		if c.auth.tok.value != "" {
			t.Error("the refused token is still in use")
		}
	})
}
