package tastytrade

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ttplan/ttplan/provider"
)

// fakeSessions is a legacy /sessions endpoint. Remember tokens are single
// use; every login hands out FAKE-SESSION-<n> and FAKE-REMEMBER-<n+1>.
type fakeSessions struct {
	mu       sync.Mutex
	password string
	remember map[string]bool
	n        int
}

func (s *fakeSessions) serve(w http.ResponseWriter, r *http.Request) {
	var b map[string]any
	_ = json.NewDecoder(r.Body).Decode(&b)

	s.mu.Lock()
	defer s.mu.Unlock()
	accepted := b["remember-me"] == true && b["login"] == "demo-user" &&
		((b["password"] != nil && b["password"] == s.password) ||
			(b["remember-token"] != nil && s.remember[fmt.Sprint(b["remember-token"])]))
	if !accepted {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"error":{"code":"invalid_credentials","message":"Invalid login, please check your username and password."}}`)
		return
	}

	delete(s.remember, fmt.Sprint(b["remember-token"]))
	s.n++
	next := fmt.Sprintf("FAKE-REMEMBER-%d", s.n+1)
	s.remember[next] = true
	fmt.Fprintf(w, `{"data":{"user":{"username":"demo-user"},"session-token":"FAKE-SESSION-%d",
	  "remember-token":%q,"session-expiration":"2026-05-02T13:00:00.000Z"},"context":"/sessions"}`,
		s.n, next)
}

// sessionSetup returns a fake API with /sessions and a readable
// /watchlists, and a function making clients that share one cache dir.
func sessionSetup(t *testing.T, password string, remember ...string) (*fakeAPI, func(Credentials) *Client) {
	t.Helper()
	f := newFakeAPI(t)
	fs := &fakeSessions{password: password, remember: map[string]bool{}}
	for _, r := range remember {
		fs.remember[r] = true
	}
	f.handle("POST /sessions", fs.serve)
	f.on("GET /watchlists", ok(`{"data":{"items":[]}}`))
	dir := t.TempDir()
	return f, func(cr Credentials) *Client {
		if cr.Username == "" {
			cr.Username = "demo-user"
		}
		return newTestClient(t, f, func(o *Options) { o.Credentials = cr; o.CacheDir = dir })
	}
}

// sessionBodies returns what each /sessions call logged in with.
func sessionBodies(t *testing.T, f *fakeAPI) []string {
	t.Helper()
	var out []string
	for _, r := range f.requests("POST /sessions") {
		var b map[string]any
		if err := json.Unmarshal([]byte(r.Body), &b); err != nil {
			t.Fatalf("session body: %v", err)
		}
		if p, ok := b["password"]; ok {
			out = append(out, "password "+fmt.Sprint(p))
		} else {
			out = append(out, "remember "+fmt.Sprint(b["remember-token"]))
		}
	}
	return out
}

func readEntry(t *testing.T, c *Client) cacheEntry {
	t.Helper()
	b, err := os.ReadFile(c.CachePath())
	if err != nil {
		t.Fatalf("read cache: %v", err)
	}
	var e cacheEntry
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatalf("decode cache: %v", err)
	}
	return e
}

func TestSession_cachedSessionCostsNoAuthCall(t *testing.T) {
	t.Parallel()
	f, client := sessionSetup(t, fakePassword)
	creds := Credentials{Password: fakePassword}

	if _, err := client(creds).Watchlists(bg()); err != nil {
		t.Fatalf("first run: %v", err)
	}
	if _, err := client(creds).Watchlists(bg()); err != nil {
		t.Fatalf("second run: %v", err)
	}

	if n := f.count("POST /sessions"); n != 1 {
		t.Errorf("/sessions called %d times, want 1", n)
	}
	for _, r := range f.requests("") {
		if strings.HasPrefix(r.URI, "/sessions/validate") {
			t.Error("validate called")
		}
	}
	reqs := f.requests("GET /watchlists")
	if got := reqs[1].Header.Get("Authorization"); got != "FAKE-SESSION-1" {
		t.Errorf("Authorization = %q, want the raw session token", got)
	}
}

func TestSession_rememberTokenRotates(t *testing.T) {
	t.Parallel()
	f, client := sessionSetup(t, "", fakeRemember)
	c := client(Credentials{})
	if err := c.cache.save(cacheEntry{RememberToken: fakeRemember}); err != nil {
		t.Fatal(err)
	}

	if _, err := c.Watchlists(bg()); err != nil {
		t.Fatalf("Watchlists: %v", err)
	}
	if diff := cmp.Diff([]string{"remember " + fakeRemember}, sessionBodies(t, f)); diff != "" {
		t.Errorf("logins mismatch (-want +got):\n%s", diff)
	}
	e := readEntry(t, c)
	if e.RememberToken != "FAKE-REMEMBER-2" || e.SessionToken != "FAKE-SESSION-1" {
		t.Errorf("cache holds remember %q session %q, want the new pair", e.RememberToken, e.SessionToken)
	}

	// The next run, its session expired, spends the new remember token.
	c2 := client(Credentials{})
	c2.now = func() time.Time { return time.Date(2026, 5, 3, 0, 0, 0, 0, time.UTC) }
	if _, err := c2.Watchlists(bg()); err != nil {
		t.Fatalf("second run: %v", err)
	}
	want := []string{"remember " + fakeRemember, "remember FAKE-REMEMBER-2"}
	if diff := cmp.Diff(want, sessionBodies(t, f)); diff != "" {
		t.Errorf("logins mismatch (-want +got):\n%s", diff)
	}
}

func TestSession_refusedRememberTokenThenPasswordOnce(t *testing.T) {
	t.Parallel()
	f, client := sessionSetup(t, fakePassword)
	c := client(Credentials{Password: fakePassword, RememberToken: "FAKE-REMEMBER-env"})
	if err := c.cache.save(cacheEntry{RememberToken: "FAKE-REMEMBER-stale"}); err != nil {
		t.Fatal(err)
	}

	if _, err := c.Watchlists(bg()); err != nil {
		t.Fatalf("Watchlists: %v", err)
	}
	want := []string{"remember FAKE-REMEMBER-stale", "remember FAKE-REMEMBER-env", "password " + fakePassword}
	if diff := cmp.Diff(want, sessionBodies(t, f)); diff != "" {
		t.Errorf("logins mismatch (-want +got):\n%s", diff)
	}
	if e := readEntry(t, c); e.RememberToken != "FAKE-REMEMBER-2" {
		t.Errorf("cached remember token = %q, want the one the password login returned", e.RememberToken)
	}
}

func TestSession_refusedRememberTokenIsDeleted(t *testing.T) {
	t.Parallel()
	f, client := sessionSetup(t, "")
	c := client(Credentials{})
	if err := c.cache.save(cacheEntry{RememberToken: "FAKE-REMEMBER-stale"}); err != nil {
		t.Fatal(err)
	}

	_, err := c.Watchlists(bg())
	var authErr *provider.AuthError
	if !errors.As(err, &authErr) {
		t.Fatalf("Watchlists() error = %v, want an AuthError", err)
	}
	if e := readEntry(t, c); e.RememberToken != "" {
		t.Errorf("refused remember token still cached")
	}
	if n := f.count("POST /sessions"); n != 1 {
		t.Errorf("/sessions called %d times, want 1", n)
	}
}

func TestSession_passwordRefusedOnce(t *testing.T) {
	t.Parallel()
	f, client := sessionSetup(t, "the-real-password")
	c := client(Credentials{Password: fakePassword, OTP: fakeOTP})

	for i := 0; i < 3; i++ {
		_, err := c.Watchlists(bg())
		var authErr *provider.AuthError
		if !errors.As(err, &authErr) || !provider.HasCode(err, "invalid_credentials") {
			t.Fatalf("call %d: error = %v, want AuthError invalid_credentials", i, err)
		}
		if !strings.Contains(err.Error(), "TASTYTRADE_REFRESH_TOKEN") {
			t.Errorf("error does not point to OAuth: %v", err)
		}
		assertNoSecret(t, err.Error())
	}

	reqs := f.requests("POST /sessions")
	if len(reqs) != 1 {
		t.Fatalf("/sessions called %d times, want exactly 1", len(reqs))
	}
	if got := reqs[0].Header.Get("X-Tastyworks-OTP"); got != fakeOTP {
		t.Errorf("X-Tastyworks-OTP = %q", got)
	}
	if _, ok := reqs[0].Header["Authorization"]; ok {
		t.Error("/sessions carried an Authorization header")
	}
	if n := f.count("GET /watchlists"); n != 0 {
		t.Errorf("GET /watchlists sent %d times", n)
	}
}

func TestSession_401ReadLogsInWithRememberToken(t *testing.T) {
	t.Parallel()
	f, client := sessionSetup(t, fakePassword)
	f.on("GET /watchlists",
		reply{status: 401, body: `{"error":{"code":"invalid_session","message":"Session user not present."}}`},
		ok(`{"data":{"items":[]}}`))
	c := client(Credentials{Password: fakePassword})
	if err := c.Login(bg()); err != nil {
		t.Fatalf("Login: %v", err)
	}

	if _, err := c.Watchlists(bg()); err != nil {
		t.Fatalf("Watchlists: %v", err)
	}
	want := []string{"password " + fakePassword, "remember FAKE-REMEMBER-2"}
	if diff := cmp.Diff(want, sessionBodies(t, f)); diff != "" {
		t.Errorf("logins mismatch (-want +got):\n%s", diff)
	}
	reqs := f.requests("GET /watchlists")
	if got := reqs[1].Header.Get("Authorization"); got != "FAKE-SESSION-2" {
		t.Errorf("retry Authorization = %q, want the new session", got)
	}
}

func TestSession_logout(t *testing.T) {
	t.Parallel()
	for _, status := range []int{http.StatusNoContent, http.StatusUnauthorized} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			t.Parallel()
			f, client := sessionSetup(t, fakePassword)
			f.on("DELETE /sessions", reply{status: status})
			c := client(Credentials{Password: fakePassword})
			if err := c.Login(bg()); err != nil {
				t.Fatalf("Login: %v", err)
			}

			if err := client(Credentials{Password: fakePassword}).Logout(bg()); err != nil {
				t.Fatalf("Logout: %v", err)
			}
			reqs := f.requests("DELETE /sessions")
			if len(reqs) != 1 || reqs[0].Header.Get("Authorization") != "FAKE-SESSION-1" {
				t.Errorf("DELETE /sessions = %d requests, want one with the cached session", len(reqs))
			}
			if _, err := os.Stat(c.CachePath()); !os.IsNotExist(err) {
				t.Errorf("cache file still there: %v", err)
			}
		})
	}
}

func TestErrors_scrubEchoedSecrets(t *testing.T) {
	t.Parallel()
	f, client := sessionSetup(t, "other")
	f.on("POST /sessions", reply{status: 401, body: `{"error":{"code":"invalid_credentials",
	  "message":"bad password ` + fakePassword + `","errors":[{"domain":"otp","reason":"` + fakeOTP + `"}]}}`})
	c := client(Credentials{Password: fakePassword, OTP: fakeOTP})

	_, err := c.Watchlists(bg())
	if err == nil {
		t.Fatal("Watchlists() succeeded")
	}
	assertNoSecret(t, err.Error())
	if !strings.Contains(err.Error(), "[REDACTED]") {
		t.Errorf("error = %v, want the echoed secrets redacted", err)
	}
}
