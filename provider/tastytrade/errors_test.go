package tastytrade

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ttplan/ttplan/provider"
)

func TestClient_apiErrors(t *testing.T) {
	t.Parallel()
	html := "<html>\r\n<head><title>401 Authorization Required</title></head>\r\n<body>\r\n" +
		"<center><h1>401 Authorization Required</h1></center>\r\n<hr><center>nginx</center>\r\n" +
		strings.Repeat("<!-- padding -->", 20) + "</body>\r\n</html>"
	tests := []struct {
		name       string
		reply      reply
		want       provider.APIError
		wantAuth   bool
		wantNotFnd bool
	}{
		{
			name: "validation error, domain and reason",
			reply: reply{status: 400, body: `{"error":{"code":"validation_error",
			  "message":"Request validation failed","errors":[{"domain":"price","reason":"does not have a valid value"}]}}`},
			want: provider.APIError{Code: "validation_error", Message: "Request validation failed",
				Details: []provider.Message{{Code: "price", Message: "does not have a valid value"}}},
		},
		{
			name: "preflight, code and message",
			reply: reply{status: 422, body: `{"error":{"code":"preflight_check_failure",
			  "message":"One or more preflight checks failed","errors":[{"code":"cant_buy_for_credit",
			  "message":"You cannot buy for a credit."}]}}`},
			want: provider.APIError{Code: "preflight_check_failure",
				Message: "One or more preflight checks failed",
				Details: []provider.Message{{Code: "cant_buy_for_credit", Message: "You cannot buy for a credit."}}},
		},
		{
			name:  "numeric code",
			reply: reply{status: 406, body: `{"error":{"code":406,"message":"The requested version is not supported."}}`},
			want:  provider.APIError{Code: "406", Message: "The requested version is not supported."},
		},
		{
			name:       "not found",
			reply:      reply{status: 404, body: `{"error":{"code":"record_not_found","message":"Couldn't find Watchlist"}}`},
			want:       provider.APIError{Code: "record_not_found", Message: "Couldn't find Watchlist"},
			wantNotFnd: true,
		},
		{
			name:     "nginx HTML 401",
			reply:    reply{status: 401, body: html, header: map[string]string{"Content-Type": "text/html"}},
			want:     provider.APIError{Body: html[:200]},
			wantAuth: true,
		},
		{
			name:  "empty 500",
			reply: reply{status: 500},
			want:  provider.APIError{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t)
			f.on("GET /watchlists", tt.reply)
			c := newTestClient(t, f)

			_, err := c.Watchlists(bg())
			var apiErr *provider.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("Watchlists() error = %v, want an APIError", err)
			}
			want := tt.want
			want.Method, want.Path, want.Status = "GET", "/watchlists", tt.reply.status
			if diff := cmp.Diff(&want, apiErr); diff != "" {
				t.Errorf("APIError mismatch (-want +got):\n%s", diff)
			}

			var authErr *provider.AuthError
			if got := errors.As(err, &authErr); got != tt.wantAuth {
				t.Errorf("AuthError = %v, want %v (%v)", got, tt.wantAuth, err)
			}
			if tt.wantAuth && !strings.Contains(err.Error(), "User-Agent") {
				t.Errorf("HTML 401 error lacks the User-Agent hint: %v", err)
			}
			if got := errors.Is(err, provider.ErrNotFound); got != tt.wantNotFnd {
				t.Errorf("errors.Is(ErrNotFound) = %v, want %v", got, tt.wantNotFnd)
			}
		})
	}
}

func TestClient_readRetries(t *testing.T) {
	t.Parallel()
	busy := reply{status: 429, header: map[string]string{"Retry-After": "2"}}
	tests := []struct {
		name       string
		replies    []reply
		wantSends  int
		wantErr    int // status of the final error; 0 for success
		wantSleeps []time.Duration
	}{
		{"429 then success", []reply{busy, ok(`{"data":{"items":[]}}`)}, 2, 0,
			[]time.Duration{2 * time.Second}},
		{"429 exhausted", []reply{busy}, 3, 429, []time.Duration{2 * time.Second, 2 * time.Second}},
		{"503 twice then success", []reply{{status: 503}, {status: 502}, ok(`{"data":{"items":[]}}`)}, 3, 0, nil},
		{"400 not retried", []reply{{status: 400}}, 1, 400, nil},
		{"500 not retried", []reply{{status: 500}}, 1, 500, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t)
			f.on("GET /accounts/5ZZ00000/orders/live", tt.replies...)
			c := newTestClient(t, f)
			var mu sync.Mutex
			var sleeps []time.Duration
			c.retry.sleep = func(_ context.Context, d time.Duration) error {
				mu.Lock()
				defer mu.Unlock()
				sleeps = append(sleeps, d)
				return nil
			}

			got, err := c.LiveOrders(bg(), "5ZZ00000")
			if n := f.count("GET /accounts/5ZZ00000/orders/live"); n != tt.wantSends {
				t.Errorf("sent %d times, want %d", n, tt.wantSends)
			}
			if tt.wantErr == 0 {
				if err != nil {
					t.Fatalf("LiveOrders: %v", err)
				}
			} else {
				var apiErr *provider.APIError
				if !errors.As(err, &apiErr) || apiErr.Status != tt.wantErr || got != nil {
					t.Fatalf("LiveOrders() = %v, %v; want HTTP %d and no list", got, err, tt.wantErr)
				}
			}
			if tt.wantSleeps != nil {
				if diff := cmp.Diff(tt.wantSleeps, sleeps); diff != "" {
					t.Errorf("sleeps mismatch (-want +got):\n%s", diff)
				}
			}
			for _, d := range sleeps {
				if d <= 0 || d > c.retry.max {
					t.Errorf("delay %v outside (0, %v]", d, c.retry.max)
				}
			}
		})
	}
}

func TestRetryPolicy_delay(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 5, 1, 13, 0, 0, 0, time.UTC)
	p := defaultRetry
	p.now = func() time.Time { return now }
	header := func(v string) *response {
		return &response{header: http.Header{"Retry-After": {v}}}
	}

	if got := p.delay(1, header("3")); got != 3*time.Second {
		t.Errorf("Retry-After 3 = %v", got)
	}
	if got := p.delay(1, header(now.Add(5*time.Second).Format(http.TimeFormat))); got != 5*time.Second {
		t.Errorf("Retry-After date = %v", got)
	}
	if got := p.delay(1, header("3600")); got != p.max {
		t.Errorf("Retry-After 3600 = %v, want the cap %v", got, p.max)
	}
	for n := 1; n <= 3; n++ {
		want := p.base << (n - 1)
		if got := p.delay(n, header("")); got < want/2 || got > want {
			t.Errorf("delay(%d) = %v, want in [%v, %v]", n, got, want/2, want)
		}
	}
}

func TestClient_writesAreNeverResent(t *testing.T) {
	t.Parallel()
	hangUp := func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	}
	tests := []struct {
		name          string
		handler       http.HandlerFunc
		wantAmbiguous bool
	}{
		{"503 HTML", replyHandler(reply{status: 503, body: "<html>Service Unavailable</html>"}), true},
		{"502 empty", replyHandler(reply{status: 502}), true},
		{"500 JSON", replyHandler(reply{status: 500, body: `{"error":{"code":"internal_server_error","message":"x"}}`}), true},
		{"connection dropped", hangUp, true},
		{"429", replyHandler(reply{status: 429}), false},
		{"422", replyHandler(reply{status: 422, body: `{"error":{"code":"preflight_check_failure","message":"x"}}`}), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t)
			f.handle("POST /accounts/5ZZ00000/orders", tt.handler)
			c := newTestClient(t, f)

			_, err := c.PlaceOrder(bg(), "5ZZ00000", limitSpec())
			if err == nil {
				t.Fatal("PlaceOrder() succeeded")
			}
			if got := errors.Is(err, provider.ErrAmbiguous); got != tt.wantAmbiguous {
				t.Errorf("errors.Is(ErrAmbiguous) = %v, want %v: %v", got, tt.wantAmbiguous, err)
			}
			if n := f.count("POST /accounts/5ZZ00000/orders"); n != 1 {
				t.Errorf("POST sent %d times, want exactly 1", n)
			}
			assertNoSecret(t, err.Error())
			if strings.Contains(err.Error(), "rec-7f3c2a9e") {
				t.Errorf("error holds the request body: %v", err)
			}
		})
	}
}

func TestClient_transportErrorOnReadRetried(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	var mu sync.Mutex
	calls := 0
	f.handle("GET /watchlists", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls++
		n := calls
		mu.Unlock()
		if n == 1 {
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
			return
		}
		w.Write([]byte(`{"data":{"items":[]}}`))
	})
	c := newTestClient(t, f)

	if _, err := c.Watchlists(bg()); err != nil {
		t.Fatalf("Watchlists() after a dropped connection: %v", err)
	}
}

func replyHandler(rep reply) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(rep.status)
		w.Write([]byte(rep.body))
	}
}
