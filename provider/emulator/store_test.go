package emulator

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestStatePersistsAcrossOpen(t *testing.T) {
	v := newEnv(t)
	id := v.place(limitOrder("AAPL", "Buy to Open", 1, "150.00"))
	v.do("POST", "/watchlists", map[string]any{"name": "Core", "watchlist-entries": []any{}}).
		wantStatus(http.StatusCreated)
	if err := v.e.Advance(time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := v.e.AddFault(Fault{Method: "GET", Path: "/watchlists", Status: 503}); err != nil {
		t.Fatal(err)
	}

	v.close()
	v.open()

	v.getOrder(id).wantEqual("data.status", "Live")
	v.do("GET", "/watchlists", nil).wantStatus(http.StatusServiceUnavailable)
	v.do("GET", "/watchlists", nil).wantStatus(http.StatusOK).wantEqual("data.items.0.name", "Core")
	v.do("GET", "/_emulator/clock", nil).wantEqual("now", "2026-06-10T14:01:00.000+00:00")
	if next := v.place(limitOrder("SPY", "Buy to Open", 1, "100")); next != id+1 {
		t.Errorf("id after reopen = %d, want %d", next, id+1)
	}
}

func TestSecondOpenWaitsThenFails(t *testing.T) {
	v := newEnv(t)
	start := time.Now()
	_, err := Open(v.path, Options{OpenTimeout: 300 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "in use by another process") {
		t.Fatalf("second Open() error = %v, want an in-use error", err)
	}
	// bbolt stops one 50ms retry short of the timeout.
	if waited := time.Since(start); waited < 200*time.Millisecond {
		t.Errorf("second Open() gave up after %s, want it to wait", waited)
	}
}

func TestReset(t *testing.T) {
	v := newEnv(t)
	id := v.place(limitOrder("AAPL", "Buy to Open", 1, "150.00"))
	if err := v.e.Fill(id, nil, nil); err != nil {
		t.Fatal(err)
	}
	v.advance(time.Hour)

	v.do("POST", "/_emulator/reset", nil, noAuth).wantStatus(http.StatusNoContent)
	v.do("GET", "/customers/me", nil).wantError(http.StatusUnauthorized, "token_invalid")

	v.token = ""
	v.token = v.accessToken()
	v.do("GET", ordersPath("/live"), nil).wantEqual("data.items", []any{})
	if got := v.position("AAPL"); got == nil || got.([]any)[0] != float64(50) {
		t.Errorf("AAPL position after reset = %v, want the seeded 50", got)
	}
	if next := v.place(limitOrder("SPY", "Buy to Open", 1, "100")); next != firstOrderID {
		t.Errorf("first id after reset = %d, want %d", next, firstOrderID)
	}
	reqs, err := v.e.Requests()
	if err != nil {
		t.Fatal(err)
	}
	if len(reqs) != 5 { // the refused read, token, live, positions, place
		t.Errorf("request log after reset has %d entries, want 5", len(reqs))
	}
}

func TestClockHook(t *testing.T) {
	v := newEnv(t)
	v.do("POST", "/_emulator/clock", map[string]string{"advance": "25h"}, noAuth).
		wantStatus(http.StatusOK).wantEqual("now", "2026-06-11T15:00:00.000+00:00")
	v.do("POST", "/_emulator/clock", map[string]string{"advance": "-1h"}, noAuth).wantStatus(http.StatusBadRequest)
	v.do("POST", "/_emulator/clock", map[string]string{"advance": "soon"}, noAuth).wantStatus(http.StatusBadRequest)
}

func TestFaults(t *testing.T) {
	v := newEnv(t)
	path := ordersPath("")

	// Before: refused without doing anything, twice.
	v.do("POST", "/_emulator/faults", Fault{Method: "POST", Path: path, Status: 503, Times: 2}, noAuth).
		wantStatus(http.StatusCreated)
	for i := 0; i < 2; i++ {
		v.do("POST", path, limitOrder("AAPL", "Buy to Open", 1, "150")).
			wantError(http.StatusServiceUnavailable, "service_unavailable")
	}
	v.do("GET", ordersPath("/live"), nil).wantIDs()

	// After: the order is placed, but the response is lost.
	if err := v.e.AddFault(Fault{Method: "post", Path: path, Status: 502, After: true}); err != nil {
		t.Fatal(err)
	}
	r := v.do("POST", path, limitOrder("AAPL", "Buy to Open", 1, "150")).wantStatus(http.StatusBadGateway)
	if r.ctype != "text/html" || !strings.Contains(string(r.raw), "502 Bad Gateway") {
		t.Errorf("lost response = %q %q, want an HTML gateway page", r.ctype, r.raw)
	}
	v.do("GET", ordersPath("/live"), nil).wantIDs(firstOrderID)

	// Spent faults no longer apply; other methods and paths never did.
	v.place(limitOrder("AAPL", "Buy to Open", 1, "150"))
	if err := v.e.AddFault(Fault{Path: "/customers/me", Status: 429}); err != nil {
		t.Fatal(err)
	}
	v.do("GET", "/customers/me/accounts", nil).wantStatus(http.StatusOK)
	v.do("GET", "/customers/me", nil).wantError(http.StatusTooManyRequests, "too_many_requests")
}

func TestFaultValidation(t *testing.T) {
	v := newEnv(t)
	for _, f := range []Fault{{Path: "/x", Status: 42}, {Path: "x", Status: 500}} {
		if err := v.e.AddFault(f); err == nil {
			t.Errorf("AddFault(%+v) accepted", f)
		}
	}
	v.do("POST", "/_emulator/faults", "{", noAuth).wantStatus(http.StatusBadRequest)
}

func TestRequestLog(t *testing.T) {
	v := newEnv(t)
	v.do("GET", "/watchlists/A%2FB", nil).wantStatus(http.StatusNotFound)
	v.do("GET", ordersPath("?per-page=2&status[]=Live"), nil, header("User-Agent", "")).
		wantStatus(http.StatusUnauthorized)

	want := []Request{
		{Method: "POST", Path: "/oauth/token", Status: 200, Time: testNow},
		{Method: "GET", Path: "/watchlists/A%2FB", Status: 404, Time: testNow},
		{Method: "GET", Path: ordersPath(""), Query: "per-page=2&status[]=Live", Status: 401, Time: testNow},
	}
	got, err := v.e.Requests()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateApproxTime(0)); diff != "" {
		t.Errorf("Requests() mismatch (-want +got):\n%s", diff)
	}

	v.do("POST", "/oauth/token?client_secret="+DemoClientSecret+"&x=1", map[string]string{}, noAuth)
	got, err = v.e.Requests()
	if err != nil {
		t.Fatal(err)
	}
	if q := got[len(got)-1].Query; q != "client_secret=REDACTED&x=1" {
		t.Errorf("logged query = %q, want the secret redacted", q)
	}

	r := v.do("GET", "/_emulator/requests", nil, noAuth).wantStatus(http.StatusOK)
	r.wantEqual("2", map[string]any{"method": "GET", "path": ordersPath(""), "query": "per-page=2&status[]=Live",
		"status": float64(401), "time": "2026-06-10T14:00:00Z"})
}

func TestRequestLogSurvivesProcesses(t *testing.T) {
	v := newEnv(t)
	v.close()
	for i := 0; i < 3; i++ {
		v.open()
		v.do("GET", "/customers/me", nil).wantStatus(http.StatusOK)
		v.close()
	}
	v.open()
	reqs, err := v.e.Requests()
	if err != nil {
		t.Fatal(err)
	}
	if len(reqs) != 4 {
		t.Errorf("logged %d requests across opens, want 4", len(reqs))
	}
}

func TestConcurrentRequests(t *testing.T) {
	v := newEnv(t)
	var wg sync.WaitGroup
	ids := make(chan int64, 20)
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := v.do("POST", ordersPath(""), limitOrder("AAPL", "Buy to Open", 1, "150"))
			if r.status == http.StatusCreated {
				ids <- r.orderID("data.order.id")
			}
		}()
	}
	wg.Wait()
	close(ids)

	seen := map[int64]bool{}
	for id := range ids {
		if seen[id] {
			t.Errorf("id %d given twice", id)
		}
		seen[id] = true
	}
	if len(seen) != 20 {
		t.Errorf("placed %d orders concurrently, want 20", len(seen))
	}
}
