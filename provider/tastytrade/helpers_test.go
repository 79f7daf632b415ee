package tastytrade

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// Fake secrets. No error text or log line may contain any of them.
const (
	fakeSecret   = "FAKE-SECRET-s3cr3t"
	fakeRefresh  = "FAKE-REFRESH-r3fr3sh"
	fakePassword = "FAKE-PASSWORD-pa55"
	fakeRemember = "FAKE-REMEMBER-1"
	fakeOTP      = "FAKE-OTP-123456"
)

var fakeSecrets = []string{fakeSecret, fakeRefresh, fakePassword, fakeRemember, fakeOTP,
	"FAKE-ACCESS", "FAKE-SESSION", "FAKE-REMEMBER"}

var oauthCreds = Credentials{ClientSecret: fakeSecret, RefreshToken: fakeRefresh}

// seen is one request as the fake API received it.
type seen struct {
	Method string
	URI    string // the request target as sent, escapes intact
	Header http.Header
	Body   string
}

// fakeAPI is an httptest server with canned answers keyed by
// "METHOD /escaped/path". It answers /oauth/token with FAKE-ACCESS-<n>.
type fakeAPI struct {
	srv *httptest.Server

	mu     sync.Mutex
	routes map[string]http.HandlerFunc
	reqs   []seen
	tokens int
}

func newFakeAPI(t *testing.T) *fakeAPI {
	t.Helper()
	f := &fakeAPI{routes: map[string]http.HandlerFunc{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	f.handle("POST /oauth/token", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.tokens++
		n := f.tokens
		f.mu.Unlock()
		fmt.Fprintf(w, `{"access_token":"FAKE-ACCESS-%d","token_type":"Bearer","expires_in":900}`, n)
	})
	return f
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	key := r.Method + " " + r.URL.EscapedPath()

	f.mu.Lock()
	f.reqs = append(f.reqs, seen{Method: r.Method, URI: r.RequestURI, Header: r.Header.Clone(),
		Body: string(body)})
	h := f.routes[key]
	f.mu.Unlock()

	if h == nil {
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"error":{"code":"record_not_found","message":"no route `+key+`"}}`)
		return
	}
	h(w, r)
}

func (f *fakeAPI) handle(key string, h http.HandlerFunc) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.routes[key] = h
}

// reply is one canned answer.
type reply struct {
	status int
	body   string
	header map[string]string
}

// on answers key with the replies in turn, repeating the last one.
func (f *fakeAPI) on(key string, replies ...reply) {
	var mu sync.Mutex
	n := 0
	f.handle(key, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		rep := replies[min(n, len(replies)-1)]
		n++
		mu.Unlock()

		for k, v := range rep.header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(cmpStatus(rep.status))
		fmt.Fprint(w, rep.body)
	})
}

func cmpStatus(s int) int {
	if s == 0 {
		return http.StatusOK
	}
	return s
}

// ok is a 200 reply with body.
func ok(body string) reply { return reply{body: body} }

// requests returns the requests received for key, or all with key "".
func (f *fakeAPI) requests(key string) []seen {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []seen
	for _, s := range f.reqs {
		path, _, _ := strings.Cut(s.URI, "?")
		if key == "" || s.Method+" "+path == key {
			out = append(out, s)
		}
	}
	return out
}

func (f *fakeAPI) count(key string) int { return len(f.requests(key)) }

// newTestClient returns a client of f with OAuth credentials, a fake
// clock and retries that do not sleep.
func newTestClient(t *testing.T, f *fakeAPI, edit ...func(*Options)) *Client {
	t.Helper()
	opts := Options{
		BaseURL:     f.srv.URL,
		Environment: "local",
		Credentials: oauthCreds,
		Version:     "1.2.3",
		HTTPClient:  f.srv.Client(),
		Now:         newClock().Now,
	}
	for _, e := range edit {
		e(&opts)
	}
	c, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	c.retry.sleep = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
	return c
}

// clock is a fake clock that moves only when told.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock {
	return &clock{t: time.Date(2026, 5, 1, 13, 0, 0, 0, time.UTC)}
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// jsonDiff compares two JSON texts as values.
func jsonDiff(t *testing.T, want, got string) string {
	t.Helper()
	var w, g any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("want is not JSON: %v", err)
	}
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Fatalf("got is not JSON: %v\n%s", err, got)
	}
	return cmp.Diff(w, g)
}

// assertNoSecret fails if text holds any fake secret.
func assertNoSecret(t *testing.T, text string) {
	t.Helper()
	for _, s := range fakeSecrets {
		if strings.Contains(text, s) {
			t.Errorf("text holds secret %q:\n%s", s, text)
		}
	}
}

// assertNoSecretFragment fails if text holds four or more consecutive
// characters of any of secrets: a secret cut short still leaks.
func assertNoSecretFragment(t *testing.T, text string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		for i := 0; i+4 <= len(s); i++ {
			if frag := s[i : i+4]; strings.Contains(text, frag) {
				t.Errorf("text holds %q, a fragment of secret %q:\n%s", frag, s, text)
				break
			}
		}
	}
}
