package tastytrade

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestCache_fileModeAndAtomicWrite(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	f.on("GET /watchlists", ok(`{"data":{"items":[]}}`))
	dir := filepath.Join(t.TempDir(), "ttplan", "tokens")
	c := newTestClient(t, f, func(o *Options) { o.CacheDir = dir })

	if _, err := c.Watchlists(bg()); err != nil {
		t.Fatalf("Watchlists: %v", err)
	}

	info, err := os.Stat(c.CachePath())
	if err != nil {
		t.Fatalf("cache file: %v", err)
	}
	if mode := info.Mode().Perm(); mode != 0o600 {
		t.Errorf("cache file mode = %o, want 600", mode)
	}
	if info, err := os.Stat(dir); err != nil || info.Mode().Perm() != 0o700 {
		t.Errorf("cache dir mode = %v, %v; want 700", info.Mode().Perm(), err)
	}

	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
	if e := readEntry(t, c); e.AccessToken != "FAKE-ACCESS-1" || e.Environment != "local" {
		t.Errorf("cache entry = %+v", e)
	}
}

func TestCache_pathHoldsNoSecret(t *testing.T) {
	t.Parallel()
	for _, creds := range []Credentials{oauthCreds, {Username: "demo-user", Password: fakePassword}} {
		c, err := New(Options{BaseURL: "https://api.cert.tastyworks.com", Credentials: creds,
			CacheDir: "/cache"})
		if err != nil {
			t.Fatal(err)
		}
		path := c.CachePath()
		if !strings.HasPrefix(path, "/cache/tastytrade-sandbox-") {
			t.Errorf("CachePath() = %q", path)
		}
		assertNoSecret(t, path)
		if strings.Contains(path, "demo-user") {
			t.Errorf("CachePath() = %q names the user", path)
		}
	}
}

func TestCache_keyedByEnvironmentAndBaseURL(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	f.on("GET /watchlists", ok(`{"data":{"items":[]}}`))
	dir := t.TempDir()
	local := newTestClient(t, f, func(o *Options) { o.CacheDir = dir })
	sandbox := newTestClient(t, f, func(o *Options) { o.CacheDir = dir; o.Environment = "sandbox" })

	if local.CachePath() == sandbox.CachePath() {
		t.Fatal("two environments share a cache file")
	}
	if _, err := local.Watchlists(bg()); err != nil {
		t.Fatal(err)
	}

	// Even a local entry copied to the sandbox's file is not used.
	b, err := os.ReadFile(local.CachePath())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(sandbox.CachePath(), b, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := sandbox.Watchlists(bg()); err != nil {
		t.Fatal(err)
	}

	if n := f.count("POST /oauth/token"); n != 2 {
		t.Errorf("/oauth/token called %d times, want one per environment", n)
	}
	if got := readEntry(t, sandbox).Environment; got != "sandbox" {
		t.Errorf("sandbox cache environment = %q", got)
	}
}

func TestCache_corruptFileIgnored(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	f.on("GET /watchlists", ok(`{"data":{"items":[]}}`))
	c := newTestClient(t, f, func(o *Options) { o.CacheDir = t.TempDir() })
	if err := os.WriteFile(c.CachePath(), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}

	if _, err := c.Watchlists(bg()); err != nil {
		t.Fatalf("Watchlists: %v", err)
	}
	if e := readEntry(t, c); e.AccessToken != "FAKE-ACCESS-1" {
		t.Errorf("cache not rewritten: %+v", e)
	}
}

// Two runs that start together spend the cached remember token once: the
// second waits on the lock and finds the first one's session.
func TestCache_lockSerialisesLogins(t *testing.T) {
	t.Parallel()
	f, client := sessionSetup(t, "", fakeRemember)
	first := client(Credentials{})
	if err := first.cache.save(cacheEntry{RememberToken: fakeRemember}); err != nil {
		t.Fatal(err)
	}

	clients := []*Client{first, client(Credentials{}), client(Credentials{})}
	var wg sync.WaitGroup
	errs := make([]error, len(clients))
	for i, c := range clients {
		wg.Go(func() { _, errs[i] = c.Watchlists(bg()) })
	}
	wg.Wait()

	for i, err := range errs {
		if err != nil {
			t.Errorf("client %d: %v", i, err)
		}
	}
	if n := f.count("POST /sessions"); n != 1 {
		t.Errorf("/sessions called %d times, want 1", n)
	}
}

func TestLogin_forcesFreshToken(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	dir := t.TempDir()
	c := newTestClient(t, f, func(o *Options) { o.CacheDir = dir })

	for i := 0; i < 2; i++ {
		if err := c.Login(bg()); err != nil {
			t.Fatalf("Login: %v", err)
		}
	}
	if n := f.count("POST /oauth/token"); n != 2 {
		t.Errorf("/oauth/token called %d times, want 2", n)
	}
	if e := readEntry(t, c); e.AccessToken != "FAKE-ACCESS-2" {
		t.Errorf("cached token = %q, want the latest", e.AccessToken)
	}

	if err := c.Logout(bg()); err != nil {
		t.Fatalf("Logout: %v", err)
	}
	if _, err := os.Stat(c.CachePath()); !os.IsNotExist(err) {
		t.Errorf("cache file survives Logout: %v", err)
	}
	if n := f.count("DELETE /sessions"); n != 0 {
		t.Errorf("OAuth logout sent DELETE /sessions")
	}
}

// TestIdentityNamesTheWholeGrant: a token cached for one client secret is
// not used when the configured secret is another, so a wrong secret is
// noticed at once rather than when the cached token runs out.
func TestIdentityNamesTheWholeGrant(t *testing.T) {
	t.Parallel()
	a := identity(Credentials{ClientSecret: "secret-a", RefreshToken: "refresh"})
	b := identity(Credentials{ClientSecret: "secret-b", RefreshToken: "refresh"})
	if a == b {
		t.Errorf("identity() = %q for two client secrets", a)
	}
	if strings.Contains(a, "secret-a") || strings.Contains(a, "refresh") {
		t.Errorf("identity() = %q holds a secret", a)
	}
}
