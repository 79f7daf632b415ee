package emulator

import (
	"net/http"
	"strings"
	"testing"
)

func TestUserAgentRequired(t *testing.T) {
	v := newEnv(t)
	tests := []struct {
		name   string
		ua     string
		path   string
		method string
		want   int
	}{
		{"missing on api", "", "/customers/me", "GET", http.StatusUnauthorized},
		{"no version", "ttplan", "/customers/me", "GET", http.StatusUnauthorized},
		{"empty product", "/1.0", "/customers/me", "GET", http.StatusUnauthorized},
		{"space before version", "ttplan/ 1.0", "/customers/me", "GET", http.StatusUnauthorized},
		{"missing on token endpoint", "", "/oauth/token", "POST", http.StatusUnauthorized},
		{"missing on sessions", "", "/sessions", "POST", http.StatusUnauthorized},
		{"well formed", "ttplan/0.1.0 (linux)", "/customers/me", "GET", http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := v.on(t)
			r := v.do(tt.method, tt.path, nil, header("User-Agent", tt.ua))
			r.wantStatus(tt.want)
			if tt.want != http.StatusUnauthorized {
				return
			}
			if r.ctype != "text/html" || !strings.Contains(string(r.raw), "<title>401 Authorization Required</title>") {
				t.Errorf("refusal = %q %q, want the nginx HTML page", r.ctype, r.raw)
			}
		})
	}
}

func TestTransportErrors(t *testing.T) {
	v := newEnv(t)
	tests := []struct {
		name   string
		method string
		path   string
		body   any
		opts   []func(*http.Request)
		status int
		code   any
	}{
		{"unknown route", "GET", "/nope", nil, nil, 404, "record_not_found"},
		{"double slash is not a symbol", "GET", "/instruments/futures//ESZ6", nil, nil, 404, "record_not_found"},
		{"trailing slash", "GET", "/watchlists/", nil, nil, 404, "record_not_found"},
		{"wrong method", "DELETE", "/customers/me", nil, nil, 405, "method_not_allowed"},
		{"wrong method on literal route", "GET", ordersPath("/dry-run"), nil, nil, 405, "method_not_allowed"},
		{"malformed json", "POST", "/watchlists", `{"name":`, nil, 400, "validation_error"},
		{"wrong json type", "POST", "/watchlists", `{"name":5}`, nil, 400, "validation_error"},
		{"empty body", "POST", ordersPath(""), "", nil, 400, "validation_error"},
		{"form body on json endpoint", "POST", "/watchlists", "name=x",
			[]func(*http.Request){header("Content-Type", "application/x-www-form-urlencoded")}, 415, "unsupported_media_type"},
		{"no token", "GET", "/customers/me", nil, []func(*http.Request){noAuth}, 401, "token_invalid"},
		{"unknown token", "GET", "/customers/me", nil,
			[]func(*http.Request){header("Authorization", "Bearer nope")}, 401, "token_invalid"},
		{"access token sent raw", "GET", "/customers/me", nil,
			[]func(*http.Request){func(r *http.Request) {
				r.Header.Set("Authorization", strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
			}}, 401, "token_invalid"},
		{"retired version", "GET", "/customers/me", nil,
			[]func(*http.Request){header("Accept-Version", "20240101")}, 406, float64(406)},
		{"malformed version", "GET", "/customers/me", nil,
			[]func(*http.Request){header("Accept-Version", "v1")}, 406, float64(406)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := v.on(t)
			r := v.do(tt.method, tt.path, tt.body, tt.opts...)
			r.wantStatus(tt.status)
			r.wantEqual("error.code", tt.code)
		})
	}
}

func TestValidationErrorNamesField(t *testing.T) {
	v := newEnv(t)
	r := v.do("POST", "/watchlists", `{"name":5,"watchlist-entries":[]}`)
	r.wantError(400, "validation_error")
	r.wantEqual("error.errors", []any{map[string]any{"domain": "name", "reason": "does not have a valid value"}})
}

func TestHooksNeedNoAuthAndAreNotLogged(t *testing.T) {
	v := newEnv(t)
	before, err := v.e.Requests()
	if err != nil {
		t.Fatal(err)
	}
	r := v.do("GET", "/_emulator/clock", nil, noAuth, header("User-Agent", ""))
	r.wantStatus(http.StatusOK)
	r.wantEqual("now", "2026-06-10T14:00:00.000+00:00")

	after, err := v.e.Requests()
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Errorf("hook was logged: %d requests before, %d after", len(before), len(after))
	}
}
