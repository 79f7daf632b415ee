package provider

import (
	"errors"
	"fmt"
	"strings"
)

// APIError is a non-2xx answer from the broker. It carries the API's error
// code and message and never a request body, header or token.
type APIError struct {
	Method string
	Path   string
	Status int

	// Code is the API's error code, such as "preflight_check_failure";
	// empty when the body was not the API's JSON error shape.
	Code    string
	Message string

	// Details holds nested errors: failed preflight checks ({code,
	// message}) or request validation failures ({domain, reason}, kept as
	// Code=domain, Message=reason).
	Details []Message

	// Body is the start of a body that was not JSON, such as the HTML
	// page the API sends when the User-Agent is missing.
	Body string
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: HTTP %d", e.Method, e.Path, e.Status)
	switch {
	case e.Code != "":
		fmt.Fprintf(&b, " %s: %s", e.Code, e.Message)
	case e.Body != "":
		fmt.Fprintf(&b, " (non-JSON body: %q)", e.Body)
	}
	for _, d := range e.Details {
		fmt.Fprintf(&b, "; %s: %s", d.Code, d.Message)
	}
	return b.String()
}

// HasCode reports whether err is an *APIError with the given code.
func HasCode(err error, code string) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.Code == code
}

// AuthError means the broker refused the credentials or the session. It
// is never retried with the same credentials: repeated failed logins get
// the caller's IP blocked.
type AuthError struct {
	// Reason says what failed, in words fit for the user.
	Reason string
	Err    error
}

func (e *AuthError) Error() string {
	if e.Err == nil {
		return "authentication failed: " + e.Reason
	}
	return fmt.Sprintf("authentication failed: %s: %v", e.Reason, e.Err)
}

func (e *AuthError) Unwrap() error { return e.Err }

// ErrAmbiguous wraps a write whose outcome is unknown: the request may
// have reached the broker though no answer came back. The caller must read
// back before it tries again.
var ErrAmbiguous = errors.New("outcome unknown")

// ErrNotFound is wrapped by errors for objects the broker does not have.
var ErrNotFound = errors.New("not found")

// LogPath is path as logs may show it. Instrument paths name a symbol,
// which may come from a sensitive variable, so only their kind is kept:
// "/instruments/equities/…".
func LogPath(path string) string {
	const prefix = "/instruments/"
	rest, ok := strings.CutPrefix(path, prefix)
	if !ok {
		return path
	}
	kind, _, _ := strings.Cut(rest, "/")
	return prefix + kind + "/…"
}
