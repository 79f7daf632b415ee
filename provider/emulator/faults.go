package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// maxRequests bounds the stored request log; the oldest entries go
// first.
const maxRequests = 10000

// Request is one served API request, as the request log keeps it. Hooks
// under /_emulator/ are not logged.
type Request struct {
	Method string    `json:"method"`
	Path   string    `json:"path"` // r.URL.EscapedPath()
	Query  string    `json:"query"`
	Status int       `json:"status"` // what the client saw, faults included
	Time   time.Time `json:"time"`   // emulator time
}

// Fault makes matching API requests fail. Faults are stored, so they
// reach the next process that opens the store, and they are tried in the
// order they were added.
type Fault struct {
	// Method matches the request method, in any letter case; empty
	// matches any method.
	Method string `json:"method"`

	// Path matches the escaped request path exactly.
	Path string `json:"path"`

	// Status is the HTTP status the client sees.
	Status int `json:"status"`

	// Times is how many requests the fault still affects; zero or less
	// is taken as one when the fault is added.
	Times int `json:"times"`

	// After, when true, performs the request and then answers Status
	// with an HTML gateway page instead of the real response: a lost
	// response. When false the request is answered at once and nothing
	// is done.
	After bool `json:"after"`
}

// Requests returns the served API requests, oldest first.
func (e *Emulator) Requests() ([]Request, error) {
	out := []Request{}
	err := e.db.View(func(tx *bolt.Tx) error {
		return store{tx}.scan(bucketRequests, "", func(_ string, raw []byte) error {
			var r Request
			if err := json.Unmarshal(raw, &r); err != nil {
				return fmt.Errorf("decode request log: %w", err)
			}
			out = append(out, r)
			return nil
		})
	})
	return out, err
}

// AddFault stores f; it applies from the next request on.
func (e *Emulator) AddFault(f Fault) error {
	if f.Status < 100 || f.Status > 599 {
		return fmt.Errorf("add fault: status %d is not an HTTP status", f.Status)
	}
	if !strings.HasPrefix(f.Path, "/") {
		return fmt.Errorf("add fault: path %q must start with /", f.Path)
	}
	if f.Times <= 0 {
		f.Times = 1
	}
	f.Method = strings.ToUpper(f.Method)
	return e.update(func(s store, _ time.Time) error {
		n, err := s.next(metaNextFault, 1)
		if err != nil {
			return err
		}
		return s.put(bucketFaults, seqKey(n), f)
	})
}

// takeFault finds the first fault matching the request and counts it
// down, removing it once spent.
func takeFault(s store, method, path string) (Fault, bool, error) {
	var found Fault
	var foundKey string
	err := s.scan(bucketFaults, "", func(k string, raw []byte) error {
		var f Fault
		if err := json.Unmarshal(raw, &f); err != nil {
			return fmt.Errorf("decode fault: %w", err)
		}
		if foundKey == "" && f.Path == path && (f.Method == "" || f.Method == method) {
			found, foundKey = f, k
		}
		return nil
	})
	if err != nil || foundKey == "" {
		return Fault{}, false, err
	}

	found.Times--
	if found.Times <= 0 {
		err = s.del(bucketFaults, foundKey)
	} else {
		err = s.put(bucketFaults, foundKey, found)
	}
	return found, true, err
}

// faultReply answers an injected failure that happens before any work:
// a JSON error as the API would send it for that status.
func faultReply(status int) reply {
	code := map[int]string{
		http.StatusTooManyRequests:     "too_many_requests",
		http.StatusInternalServerError: "internal_server_error",
		http.StatusBadGateway:          "bad_gateway",
		http.StatusServiceUnavailable:  "service_unavailable",
		http.StatusGatewayTimeout:      "gateway_timeout",
	}[status]
	if code == "" {
		code = "injected_fault"
	}
	return errorReply(status, code, "Injected fault: "+http.StatusText(status))
}

// logRequest appends to the request log and trims its oldest entries.
func logRequest(s store, r *http.Request, status int, now time.Time) error {
	n, err := s.next(metaNextRequest, 1)
	if err != nil {
		return err
	}
	entry := Request{Method: r.Method, Path: r.URL.EscapedPath(), Query: redactQuery(r.URL.RawQuery),
		Status: status, Time: now}
	if err := s.put(bucketRequests, seqKey(n), entry); err != nil {
		return err
	}
	if n > maxRequests {
		return s.del(bucketRequests, seqKey(n-maxRequests))
	}
	return nil
}

// secretParams are query keys whose values the log never keeps. No API
// route takes them in a query, but a client bug might send them there.
var secretParams = []string{"secret", "token", "password", "code"}

// redactQuery replaces the values of secret-looking query parameters,
// keeping the rest of the raw query as sent.
func redactQuery(raw string) string {
	parts := strings.Split(raw, "&")
	for i, part := range parts {
		k, _, _ := strings.Cut(part, "=")
		name, err := url.QueryUnescape(k)
		if err != nil {
			name = k
		}
		for _, s := range secretParams {
			if strings.Contains(strings.ToLower(name), s) {
				parts[i] = k + "=REDACTED"
				break
			}
		}
	}
	return strings.Join(parts, "&")
}
