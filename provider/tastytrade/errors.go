package tastytrade

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/ttplan/ttplan/provider"
)

// maxErrorBody is how much of a non-JSON error body an APIError keeps.
const maxErrorBody = 200

// wireError is the body of an API error. The REST API sends {"error":
// {code, message, errors}}; the token endpoint sends {error_code,
// error_description} instead.
type wireError struct {
	Error            json.RawMessage `json:"error"`
	ErrorCode        string          `json:"error_code"`
	ErrorDescription string          `json:"error_description"`
}

// wireErrorObject is the "error" member of the REST API's error body.
type wireErrorObject struct {
	Code    wireString      `json:"code"`
	Message string          `json:"message"`
	Errors  json.RawMessage `json:"errors"`
}

// wireDetail is one nested error: a failed preflight check {code,
// message} or a validation failure {domain, reason}.
type wireDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Domain  string `json:"domain"`
	Reason  string `json:"reason"`
}

// apiError turns a non-2xx response into an *provider.APIError, wrapped
// so that errors.Is finds provider.ErrNotFound on a 404. Every text taken
// from the body is scrubbed of the client's secrets, once, and in full
// before it is cut short: a secret that straddled the cut would
// otherwise survive in part.
func (c *Client) apiError(resp *response) error {
	e := &provider.APIError{Method: resp.method, Path: resp.path, Status: resp.status}

	if !decodeError(resp.body, e, c.scrub) {
		e.Body = truncate(c.scrub(strings.TrimSpace(string(resp.body))), maxErrorBody)
	}

	if resp.status == http.StatusNotFound {
		return &notFoundError{e}
	}
	return e
}

// decodeError fills e from a JSON error body in any of its shapes and
// reports whether the body was one. Every text it keeps goes through
// scrub first.
func decodeError(body []byte, e *provider.APIError, scrub func(string) string) bool {
	var w wireError
	if json.Unmarshal(body, &w) != nil {
		return false
	}

	var obj wireErrorObject
	var code, message string
	var details []provider.Message
	switch {
	case w.ErrorCode != "":
		code, message = w.ErrorCode, w.ErrorDescription
	case json.Unmarshal(w.Error, &code) == nil && code != "":
		message = w.ErrorDescription // plain OAuth2 shape
	case !isAbsent(w.Error) && json.Unmarshal(w.Error, &obj) == nil:
		code, message = string(obj.Code), obj.Message
		details = decodeDetails(obj.Errors, scrub)
	default:
		return false
	}
	if code == "" && message == "" && len(details) == 0 {
		return false
	}
	e.Code, e.Message, e.Details = scrub(code), scrub(message), details
	return true
}

// decodeDetails reads nested errors given as an array, or as a single
// object (C17). Their texts go through scrub.
func decodeDetails(raw json.RawMessage, scrub func(string) string) []provider.Message {
	if isAbsent(raw) {
		return nil
	}
	var list []wireDetail
	if err := json.Unmarshal(raw, &list); err != nil {
		var one wireDetail
		if json.Unmarshal(raw, &one) != nil {
			return []provider.Message{{Message: truncate(scrub(string(raw)), maxErrorBody)}}
		}
		list = []wireDetail{one}
	}

	out := make([]provider.Message, 0, len(list))
	for _, d := range list {
		if d.Code == "" && d.Message == "" {
			d.Code, d.Message = d.Domain, d.Reason
		}
		if d.Code != "" || d.Message != "" {
			out = append(out, provider.Message{Code: scrub(d.Code), Message: scrub(d.Message)})
		}
	}
	return out
}

// truncate cuts s to at most n bytes without splitting a UTF-8 sequence.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// notFoundError is an API error for a missing object. It reads like the
// APIError it holds and also matches provider.ErrNotFound.
type notFoundError struct{ *provider.APIError }

func (e *notFoundError) Unwrap() []error {
	return []error{e.APIError, provider.ErrNotFound}
}

// ambiguous marks err as the failure of a write whose outcome is unknown.
func ambiguous(err error) error {
	return fmt.Errorf("%w: %w", provider.ErrAmbiguous, err)
}

// unauthorized turns a 401 into an *provider.AuthError.
func unauthorized(err error) error {
	return refused("the API refused the session or token", err)
}

// refused is an AuthError for err. A body that is not the API's JSON
// means nginx answered before the API saw the request, which is also what
// a bad User-Agent gets (C23); the reason then says so.
func refused(reason string, err error) error {
	var apiErr *provider.APIError
	if errors.As(err, &apiErr) && apiErr.Code == "" {
		reason += " (a non-JSON refusal comes from a missing or malformed " +
			"User-Agent, or from credentials the API does not know)"
	}
	return &provider.AuthError{Reason: reason, Err: err}
}

// isRefusal reports whether a login failed because the API refused the
// credential, as opposed to a network or server failure.
func isRefusal(err error) bool {
	var authErr *provider.AuthError
	return errors.As(err, &authErr)
}
