package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// testNow is the emulator's wall clock in tests: Wednesday 2026-06-10,
// 10:00 in New York, while the market is open.
var testNow = time.Date(2026, 6, 10, 14, 0, 0, 0, time.UTC)

const testUA = "ttplan-test/1.0"

// env is an emulator served over HTTP, with a logged-in OAuth token.
type env struct {
	t     *testing.T
	e     *Emulator
	srv   *httptest.Server
	path  string
	token string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	path := filepath.Join(t.TempDir(), "emulator.db")
	v := &env{t: t, path: path}
	v.open()
	v.token = v.accessToken()
	return v
}

// on returns a copy of v that reports to t, for use in subtests.
func (v *env) on(t *testing.T) *env {
	c := *v
	c.t = t
	return &c
}

// open (re)opens the store at v.path and serves it.
func (v *env) open() {
	v.t.Helper()
	e, err := Open(v.path, Options{Now: func() time.Time { return testNow }})
	if err != nil {
		v.t.Fatalf("Open() error = %v", err)
	}
	v.e, v.srv = e, httptest.NewServer(e.Handler())
	v.t.Cleanup(v.close)
}

// close stops serving and closes the store; it is safe to call twice.
func (v *env) close() {
	if v.srv != nil {
		v.srv.Close()
		v.srv = nil
	}
	if v.e != nil {
		if err := v.e.Close(); err != nil {
			v.t.Errorf("Close() error = %v", err)
		}
		v.e = nil
	}
}

func (v *env) accessToken() string {
	v.t.Helper()
	r := v.do("POST", "/oauth/token", map[string]string{
		"grant_type": "refresh_token", "refresh_token": DemoRefreshToken, "client_secret": DemoClientSecret,
	}, noAuth)
	r.wantStatus(http.StatusOK)
	return r.str("access_token")
}

// advance moves the emulator clock and logs in again, since the access
// token may have expired.
func (v *env) advance(d time.Duration) {
	v.t.Helper()
	if err := v.e.Advance(d); err != nil {
		v.t.Fatalf("Advance(%s) error = %v", d, err)
	}
	v.token = ""
	v.token = v.accessToken()
}

// resp is a response with its body decoded when it is JSON.
type resp struct {
	t      *testing.T
	status int
	ctype  string
	raw    []byte
	body   any
}

// Request options.
func noAuth(r *http.Request) { r.Header.Del("Authorization") }
func header(k, val string) func(*http.Request) {
	return func(r *http.Request) { r.Header.Set(k, val) }
}

// do sends a request; body is JSON-encoded unless it is a string, which
// is sent as is.
func (v *env) do(method, path string, body any, opts ...func(*http.Request)) resp {
	v.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			v.t.Fatalf("encode body: %v", err)
		}
		rd = bytes.NewReader(raw)
	}

	req, err := http.NewRequest(method, v.srv.URL+path, rd)
	if err != nil {
		v.t.Fatalf("NewRequest(%s %s) error = %v", method, path, err)
	}
	req.Header.Set("User-Agent", testUA)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if v.token != "" {
		req.Header.Set("Authorization", "Bearer "+v.token)
	}
	for _, o := range opts {
		o(req)
	}
	return v.send(req)
}

func (v *env) send(req *http.Request) resp {
	v.t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		v.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)

	r := resp{t: v.t, status: res.StatusCode, ctype: res.Header.Get("Content-Type"), raw: raw}
	if strings.HasPrefix(r.ctype, "application/json") {
		if err := json.Unmarshal(raw, &r.body); err != nil {
			v.t.Fatalf("%s %s: decode %q: %v", req.Method, req.URL, raw, err)
		}
	}
	return r
}

func (r resp) wantStatus(want int) resp {
	r.t.Helper()
	if r.status != want {
		r.t.Fatalf("status = %d, want %d; body %s", r.status, want, r.raw)
	}
	return r
}

// at walks a dotted path of object keys and list indexes.
func (r resp) at(path string) any {
	r.t.Helper()
	cur := r.body
	for _, part := range strings.Split(path, ".") {
		switch c := cur.(type) {
		case map[string]any:
			cur = c[part]
		case []any:
			var i int
			if _, err := fmt.Sscanf(part, "%d", &i); err != nil || i >= len(c) {
				r.t.Fatalf("path %s: bad index %q in %s", path, part, r.raw)
			}
			cur = c[i]
		default:
			return nil
		}
	}
	return cur
}

func (r resp) str(path string) string {
	r.t.Helper()
	s, _ := r.at(path).(string)
	return s
}

func (r resp) has(path string) bool {
	r.t.Helper()
	parts := strings.Split(path, ".")
	parent := r.body
	if len(parts) > 1 {
		parent = r.at(strings.Join(parts[:len(parts)-1], "."))
	}
	m, ok := parent.(map[string]any)
	if !ok {
		return false
	}
	_, ok = m[parts[len(parts)-1]]
	return ok
}

// errorCodes lists the nested error codes, or domains for validation.
func (r resp) errorCodes() []string {
	r.t.Helper()
	var out []string
	items, _ := r.at("error.errors").([]any)
	for _, it := range items {
		m := it.(map[string]any)
		if c, ok := m["code"].(string); ok {
			out = append(out, c)
		} else {
			out = append(out, m["domain"].(string))
		}
	}
	return out
}

func (r resp) wantError(status int, code string) resp {
	r.t.Helper()
	r.wantStatus(status)
	if got := r.str("error.code"); got != code {
		r.t.Fatalf("error.code = %q, want %q; body %s", got, code, r.raw)
	}
	return r
}

func (r resp) wantEqual(path string, want any) {
	r.t.Helper()
	if diff := cmp.Diff(want, r.at(path)); diff != "" {
		r.t.Errorf("%s mismatch (-want +got):\n%s\nbody %s", path, diff, r.raw)
	}
}

// orderID is the id of the order in a response at path, as an int64.
func (r resp) orderID(path string) int64 {
	r.t.Helper()
	f, ok := r.at(path).(float64)
	if !ok {
		r.t.Fatalf("%s is not a JSON number in %s", path, r.raw)
	}
	return int64(f)
}

// limitOrder is a one-leg GTC limit order body.
func limitOrder(symbol, action string, qty any, price string) map[string]any {
	effect := "Debit"
	if strings.HasPrefix(action, "Sell") {
		effect = "Credit"
	}
	return map[string]any{
		"time-in-force": "GTC", "order-type": "Limit", "price": price, "price-effect": effect,
		"legs": []any{map[string]any{
			"instrument-type": "Equity", "symbol": symbol, "quantity": qty, "action": action,
		}},
	}
}

func ordersPath(suffix string) string {
	return "/accounts/" + DemoAccount + "/orders" + suffix
}

// place submits body and returns the new order's id.
func (v *env) place(body any) int64 {
	v.t.Helper()
	r := v.do("POST", ordersPath(""), body).wantStatus(http.StatusCreated)
	return r.orderID("data.order.id")
}

func (v *env) getOrder(id int64) resp {
	v.t.Helper()
	return v.do("GET", ordersPath(fmt.Sprintf("/%d", id)), nil).wantStatus(http.StatusOK)
}
