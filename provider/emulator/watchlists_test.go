package emulator

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// oddName exercises every character that needs escaping in a path.
const oddName = "A/B %&#"

func TestWatchlistCRUD(t *testing.T) {
	v := newEnv(t)
	// url.PathEscape leaves "&" alone; a client may escape it or not.
	escaped := "/watchlists/" + url.PathEscape(oddName)
	fullyEscaped := "/watchlists/A%2FB%20%25%26%23"

	// Create: entries keep their order; a missing instrument-type stays missing.
	r := v.do("POST", "/watchlists", map[string]any{
		"name": oddName,
		"watchlist-entries": []any{
			map[string]any{"symbol": "SPY", "instrument-type": "Equity"},
			map[string]any{"symbol": "AAPL"},
			map[string]any{"symbol": "/ESZ6", "instrument-type": "Future"},
		},
	}).wantStatus(http.StatusCreated)
	created := map[string]any{
		"name": oddName, "group-name": "default", "order-index": float64(9999), "cms-id": nil,
		"watchlist-entries": []any{
			map[string]any{"symbol": "SPY", "instrument-type": "Equity"},
			map[string]any{"symbol": "AAPL"},
			map[string]any{"symbol": "/ESZ6", "instrument-type": "Future"},
		},
	}
	r.wantEqual("data", created)

	// Read back through both spellings of the escaped name.
	for _, p := range []string{fullyEscaped, escaped} {
		r = v.do("GET", p, nil).wantStatus(http.StatusOK)
		r.wantEqual("data", created)
		r.wantEqual("context", p)
	}

	// Replace: omitted entries go, omitted group-name and order-index reset.
	v.do("PUT", fullyEscaped, map[string]any{"name": oddName, "group-name": "Mine", "order-index": 3,
		"watchlist-entries": []any{map[string]any{"symbol": "AAPL"}}}).wantStatus(http.StatusOK)
	r = v.do("PUT", fullyEscaped, map[string]any{"name": oddName,
		"watchlist-entries": []any{map[string]any{"symbol": "MSFT", "instrument-type": "Equity"}}}).
		wantStatus(http.StatusOK)
	r.wantEqual("data", map[string]any{
		"name": oddName, "group-name": "default", "order-index": float64(9999), "cms-id": nil,
		"watchlist-entries": []any{map[string]any{"symbol": "MSFT", "instrument-type": "Equity"}},
	})

	// Delete returns the deleted list; then it is gone.
	r = v.do("DELETE", fullyEscaped, nil).wantStatus(http.StatusOK)
	r.wantEqual("data.name", oddName)
	v.do("GET", fullyEscaped, nil).wantError(http.StatusNotFound, "record_not_found")
	v.do("GET", "/watchlists", nil).wantStatus(http.StatusOK).wantEqual("data.items", []any{})
}

func TestWatchlistListOrderAndOwnership(t *testing.T) {
	v := newEnv(t)
	for _, name := range []string{"Zeta", "Alpha"} {
		v.do("POST", "/watchlists", map[string]any{"name": name, "watchlist-entries": []any{}}).
			wantStatus(http.StatusCreated)
	}
	r := v.do("GET", "/watchlists", nil).wantStatus(http.StatusOK)
	r.wantEqual("data.items.0.name", "Zeta")
	r.wantEqual("data.items.1.name", "Alpha")
	r.wantEqual("data.items.0.watchlist-entries", []any{})
}

func TestWatchlistRefusals(t *testing.T) {
	v := newEnv(t)
	v.do("POST", "/watchlists", map[string]any{"name": "Core", "watchlist-entries": []any{}}).
		wantStatus(http.StatusCreated)

	entries := []any{map[string]any{"symbol": "AAPL"}}
	tests := []struct {
		name   string
		method string
		path   string
		body   any
		status int
		code   string
	}{
		{"duplicate name", "POST", "/watchlists", map[string]any{"name": "Core", "watchlist-entries": entries},
			422, "watchlist_already_exists"},
		{"missing name", "POST", "/watchlists", map[string]any{"watchlist-entries": entries}, 400, "validation_error"},
		{"missing entries", "POST", "/watchlists", map[string]any{"name": "New"}, 400, "validation_error"},
		{"entry without symbol", "POST", "/watchlists",
			map[string]any{"name": "New", "watchlist-entries": []any{map[string]any{"instrument-type": "Equity"}}},
			400, "validation_error"},
		{"unknown instrument type", "POST", "/watchlists",
			map[string]any{"name": "New", "watchlist-entries": []any{map[string]any{"symbol": "A", "instrument-type": "equity"}}},
			400, "validation_error"},
		{"rename through put", "PUT", "/watchlists/Core", map[string]any{"name": "Core 2", "watchlist-entries": entries},
			400, "validation_error"},
		{"put without name", "PUT", "/watchlists/Core", map[string]any{"watchlist-entries": entries},
			400, "validation_error"},
		{"put missing list", "PUT", "/watchlists/Nope", map[string]any{"name": "Nope", "watchlist-entries": entries},
			404, "record_not_found"},
		{"control character in name", "POST", "/watchlists",
			map[string]any{"name": "a\tb", "watchlist-entries": entries}, 400, "validation_error"},
		{"delete missing list", "DELETE", "/watchlists/Nope", nil, 404, "record_not_found"},
		{"name is case sensitive", "GET", "/watchlists/core", nil, 404, "record_not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := v.on(t)
			v.do(tt.method, tt.path, tt.body).wantError(tt.status, tt.code)
		})
	}
	v.do("GET", "/watchlists/Core", nil).wantStatus(http.StatusOK).wantEqual("data.watchlist-entries", []any{})
}

func TestWatchlistsArePerUser(t *testing.T) {
	v := newEnv(t)
	v.do("POST", "/watchlists", map[string]any{"name": "Mine", "watchlist-entries": []any{}}).
		wantStatus(http.StatusCreated)

	other := v.login(map[string]any{"login": "other", "password": "other"}).str("data.session-token")
	v.do("GET", "/watchlists/Mine", nil, header("Authorization", other)).wantError(404, "record_not_found")
}

// TestWatchlistDotNames: "." and ".." would be dot-segments in the
// path, which HTTP stacks resolve, and a blank name is no name; all are
// refused on create.
func TestWatchlistDotNames(t *testing.T) {
	v := newEnv(t)
	for _, name := range []string{".", "..", " ", " \u00a0 ", "\u3000"} {
		t.Run(strconv.Quote(name), func(t *testing.T) {
			v := v.on(t)
			r := v.do("POST", "/watchlists", map[string]any{"name": name, "watchlist-entries": []any{}})
			r.wantError(http.StatusBadRequest, "validation_error")
			if diff := cmp.Diff([]string{"name"}, r.errorCodes()); diff != "" {
				t.Errorf("domains mismatch (-want +got):\n%s", diff)
			}
		})
	}
	for _, name := range []string{"...", ".a", "a.", "a..b"} {
		v.do("POST", "/watchlists", map[string]any{"name": name, "watchlist-entries": []any{}}).
			wantStatus(http.StatusCreated)
		v.do("GET", "/watchlists/"+url.PathEscape(name), nil).wantStatus(http.StatusOK).wantEqual("data.name", name)
	}
	items, _ := v.do("GET", "/watchlists", nil).wantStatus(http.StatusOK).at("data.items").([]any)
	if len(items) != 4 {
		t.Errorf("got %d watchlists, want the 4 accepted ones", len(items))
	}
}
