package main

import (
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ttplan/ttplan/provider/emulator"
)

// TestConcurrentApplies starts two applies on one directory at once,
// against a served emulator (whose store, unlike the in-process one, does
// not serialise them). One applies; the other fails at once with the lock
// message; the broker has one order per block, never two.
func TestConcurrentApplies(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	copyConfig(t, filepath.Join("..", "..", "examples", "quickstart"), dir)

	e, err := emulator.Open(filepath.Join(t.TempDir(), "served.db"), emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	srv := httptest.NewServer(e.Handler())
	defer srv.Close()
	env := map[string]string{"TASTYTRADE_API_URL": srv.URL}

	type result struct {
		code   int
		stderr string
	}
	results := make([]result, 2)
	var wg sync.WaitGroup
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, _, errOut := runEnv(t, dir, env, "apply", "-auto-approve")
			results[i] = result{code, errOut}
		}()
	}
	wg.Wait()

	locked, applied := 0, 0
	for _, r := range results {
		switch {
		case r.code == exitOK:
			applied++
		case strings.Contains(r.stderr, "holds the lock"):
			locked++
		default:
			t.Errorf("apply exited %d: %s", r.code, r.stderr)
		}
	}
	t.Logf("applied %d, locked out %d", applied, locked)
	// Both may succeed one after the other; never may both place.
	if applied == 0 || applied+locked != 2 {
		t.Fatalf("want one apply, and the other locked out or finding nothing to do; got %+v", results)
	}

	reqs, err := e.Requests()
	if err != nil {
		t.Fatal(err)
	}
	posts := 0
	for _, r := range reqs {
		if r.Method == "POST" && r.Path == "/accounts/5WT00001/orders" {
			posts++
		}
	}
	if posts != 2 {
		t.Errorf("want 2 orders placed for the 2 blocks, got %d POSTs", posts)
	}
}
