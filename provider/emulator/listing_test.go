package emulator

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// ids lists the ids of the orders in data.items.
func (r resp) ids() []int64 {
	r.t.Helper()
	out := []int64{}
	items, _ := r.at("data.items").([]any)
	for _, it := range items {
		out = append(out, int64(it.(map[string]any)["id"].(float64)))
	}
	return out
}

func (r resp) wantIDs(want ...int64) {
	r.t.Helper()
	if want == nil {
		want = []int64{}
	}
	if diff := cmp.Diff(want, r.ids()); diff != "" {
		r.t.Errorf("order ids mismatch (-want +got):\n%s", diff)
	}
}

func TestLiveOrders(t *testing.T) {
	v := newEnv(t)
	gtc := v.place(limitOrder("AAPL", "Buy to Open", 1, "150"))
	day := limitOrder("SPY", "Buy to Open", 1, "100")
	day["time-in-force"] = "Day"
	dayID := v.place(day)
	cancelled := v.place(limitOrder("MSFT", "Buy to Open", 1, "100"))
	v.do("DELETE", ordersPath("/"+itoa(cancelled)), nil).wantStatus(http.StatusOK)

	r := v.do("GET", ordersPath("/live"), nil).wantStatus(http.StatusOK)
	r.wantIDs(gtc, dayID, cancelled)
	if r.has("pagination") {
		t.Errorf("live orders are paginated: %s", r.raw)
	}

	// Past today's close the Day order expires; it is still listed today.
	v.advance(7 * time.Hour)
	r = v.do("GET", ordersPath("/live"), nil)
	r.wantIDs(gtc, dayID, cancelled)
	r.wantEqual("data.items.1.status", "Expired")
	r.wantEqual("data.items.1.terminal-at", "2026-06-10T20:00:00.000+00:00")

	// Tomorrow only the working GTC order is left.
	v.advance(18 * time.Hour)
	v.do("GET", ordersPath("/live"), nil).wantIDs(gtc)
}

func TestDayOrderPlacedAfterCloseWorksNextSession(t *testing.T) {
	v := newEnv(t)
	v.advance(7 * time.Hour) // 17:00 Wednesday in New York
	day := limitOrder("SPY", "Buy to Open", 1, "100")
	day["time-in-force"] = "Day"
	id := v.place(day)

	v.advance(22 * time.Hour) // 15:00 Thursday
	v.getOrder(id).wantEqual("data.status", "Live")
	v.advance(time.Hour)
	v.getOrder(id).wantEqual("data.status", "Expired")
}

func TestSearchOrders(t *testing.T) {
	v := newEnv(t)
	var ids []int64
	for i := 0; i < 5; i++ {
		ids = append(ids, v.place(limitOrder("AAPL", "Buy to Open", 1, "150")))
		v.advance(24 * time.Hour)
	}
	spy := v.place(limitOrder("SPY", "Buy to Open", 1, "100"))
	v.do("DELETE", ordersPath("/"+itoa(spy)), nil).wantStatus(http.StatusOK)

	tests := []struct {
		name  string
		query string
		want  []int64
		pages float64
	}{
		{"default sort is newest first", "", []int64{spy, ids[4], ids[3], ids[2], ids[1], ids[0]}, 1},
		{"ascending", "?sort=Asc", append(append([]int64{}, ids...), spy), 1},
		{"second page", "?per-page=2&page-offset=1", []int64{ids[3], ids[2]}, 3},
		{"past the last page", "?per-page=2&page-offset=9", []int64{}, 3},
		{"start date", "?start-date=2026-06-13", []int64{spy, ids[4], ids[3]}, 1},
		{"date range", "?start-date=2026-06-11&end-date=2026-06-12&sort=Asc", []int64{ids[1], ids[2]}, 1},
		{"start at", "?start-at=2026-06-14T13:00:00Z", []int64{spy, ids[4]}, 1},
		{"end at", "?end-at=2026-06-10T14:00:00.000%2B00:00", []int64{ids[0]}, 1},
		{"status", "?status[]=Cancelled", []int64{spy}, 1},
		{"two statuses", "?status[]=Cancelled&status[]=Live&per-page=200", []int64{spy, ids[4], ids[3], ids[2], ids[1], ids[0]}, 1},
		{"underlying", "?underlying-symbol=SPY", []int64{spy}, 1},
		{"underlying type", "?underlying-instrument-type=Future", []int64{}, 0},
		{"per page beyond max is clamped", "?per-page=500", []int64{spy, ids[4], ids[3], ids[2], ids[1], ids[0]}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := v.on(t)
			r := v.do("GET", ordersPath(tt.query), nil).wantStatus(http.StatusOK)
			r.wantIDs(tt.want...)
			r.wantEqual("pagination.total-pages", tt.pages)
			r.wantEqual("pagination.current-item-count", float64(len(tt.want)))
		})
	}
}

func TestSearchPaginationBlock(t *testing.T) {
	v := newEnv(t)
	for i := 0; i < 3; i++ {
		v.place(limitOrder("AAPL", "Buy to Open", 1, "150"))
	}
	r := v.do("GET", ordersPath("?per-page=2"), nil).wantStatus(http.StatusOK)
	r.wantEqual("pagination", map[string]any{
		"per-page": float64(2), "page-offset": float64(0), "item-offset": float64(0), "total-items": float64(3),
		"total-pages": float64(2), "current-item-count": float64(2),
		"previous-link": nil, "next-link": nil, "paging-link-template": nil,
	})
}

func TestSearchRefusals(t *testing.T) {
	v := newEnv(t)
	tests := []struct {
		name    string
		query   string
		version string
		domain  string
	}{
		{"bad date", "?start-date=06/10/2026", "", "start-date"},
		{"bad time", "?start-at=yesterday", "", "start-at"},
		{"bad sort", "?sort=desc", "", "sort"},
		{"bad status", "?status[]=Working", "", "status"},
		{"zero per page", "?per-page=0", "", "per-page"},
		{"negative page", "?page-offset=-1", "", "page-offset"},
		{"new version needs a start", "", "20261012", "start-date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := v.on(t)
			var opts []func(*http.Request)
			if tt.version != "" {
				opts = append(opts, header("Accept-Version", tt.version))
			}
			r := v.do("GET", ordersPath(tt.query), nil, opts...).wantError(http.StatusBadRequest, "validation_error")
			r.wantEqual("error.errors.0.domain", tt.domain)
		})
	}

	for _, version := range []string{"20250813", "20261012"} {
		v.do("GET", ordersPath("?start-date=2026-01-01"), nil, header("Accept-Version", version)).
			wantStatus(http.StatusOK)
	}
}

func itoa(n int64) string {
	return strconv.FormatInt(n, 10)
}
