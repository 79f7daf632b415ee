package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// reply is a response waiting to be written. Handlers build replies
// instead of writing, so that a fault can swap the body after the work
// is done and a failed transaction can be rolled back first.
type reply struct {
	status int
	ctype  string
	body   []byte

	// internal is set when the emulator itself failed; the request's
	// transaction is then rolled back and the client sees a 500.
	internal error
}

// errorBody is the API's error envelope.
type errorBody struct {
	Error apiError `json:"error"`
}

// apiError is the error object. Code is a string everywhere except on
// 406, where the API sends a number.
type apiError struct {
	Code    any       `json:"code"`
	Message string    `json:"message"`
	Errors  []errItem `json:"errors,omitempty"`
}

// errItem is one nested error: {code, message} for preflight checks,
// {domain, reason} for request validation.
//
// PreflightID names the component of a complex order a preflight check
// failed for.
type errItem struct {
	Code        string `json:"code,omitempty"`
	Message     string `json:"message,omitempty"`
	Domain      string `json:"domain,omitempty"`
	Reason      string `json:"reason,omitempty"`
	PreflightID *int   `json:"preflight-id,omitempty"`
}

// Reasons of request validation errors, in the API's words.
const (
	reasonMissing = "is missing"
	reasonInvalid = "does not have a valid value"
)

func jsonReply(status int, v any) reply {
	body, err := json.Marshal(v)
	if err != nil {
		return internalReply(fmt.Errorf("encode response: %w", err))
	}
	return reply{status: status, ctype: "application/json", body: body}
}

func internalReply(err error) reply {
	r := errorReply(http.StatusInternalServerError, "internal_server_error", "Internal server error")
	r.internal = err
	return r
}

func errorReply(status int, code any, message string, items ...errItem) reply {
	return jsonReply(status, errorBody{Error: apiError{Code: code, Message: message, Errors: items}})
}

func notFound(what string) reply {
	return errorReply(http.StatusNotFound, "record_not_found", "Couldn't find "+what)
}

func invalid(items ...errItem) reply {
	return errorReply(http.StatusBadRequest, "validation_error", "Request validation failed", items...)
}

func invalidField(domain, reason string) reply {
	return invalid(errItem{Domain: domain, Reason: reason})
}

func notPermitted() reply {
	return errorReply(http.StatusForbidden, "not_permitted", "User not permitted access")
}

func tokenInvalid() reply {
	return errorReply(http.StatusUnauthorized, "token_invalid", "This token is invalid or has expired")
}

func preflightFailure(items []errItem) reply {
	return errorReply(http.StatusUnprocessableEntity, "preflight_check_failure",
		"One or more preflight checks failed", items...)
}

// htmlReply answers with an nginx-style HTML page, as the real edge does
// for a bad User-Agent or a gateway failure.
func htmlReply(status int) reply {
	title := fmt.Sprintf("%d %s", status, http.StatusText(status))
	if status == http.StatusUnauthorized {
		title = "401 Authorization Required"
	}
	page := "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n" +
		"<center><h1>" + title + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
	return reply{status: status, ctype: "text/html", body: []byte(page)}
}

// isoTime formats t as the API does: millis and a numeric offset.
func isoTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000-07:00")
}

// isoZulu formats t with millis and a Z, as session-expiration is sent.
func isoZulu(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

// optTime formats t, or returns "" for the zero time so that omitempty
// drops it.
func optTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return isoTime(t)
}

// epochMillis is the wire form of updated-at.
func epochMillis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// decString formats a decimal as the API sends money: a JSON string with
// at least one decimal place ("150.0", "149.5", "0.102").
func decString(d decimal.Decimal) string {
	s := d.String()
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

// optDec formats a decimal pointer; nil gives "" for omitempty.
func optDec(d *decimal.Decimal) string {
	if d == nil {
		return ""
	}
	return decString(*d)
}

// decNumber renders a decimal as a JSON number, as quantities are sent.
func decNumber(d decimal.Decimal) json.Number {
	return json.Number(d.String())
}

// flexDec is a request decimal that may arrive as a JSON number or a
// string. Decoding never fails: a value of the wrong shape is recorded
// as set but not ok, so that validation can name the field.
type flexDec struct {
	set bool
	ok  bool
	d   decimal.Decimal
}

// UnmarshalJSON implements json.Unmarshaler.
func (f *flexDec) UnmarshalJSON(b []byte) error {
	raw := string(b)
	if raw == "null" {
		return nil
	}
	f.set = true

	if strings.HasPrefix(raw, `"`) {
		if err := json.Unmarshal(b, &raw); err != nil {
			return nil
		}
	}
	if raw == "" || strings.TrimSpace(raw) != raw {
		return nil
	}
	d, err := decimal.NewFromString(raw)
	if err != nil {
		return nil
	}
	f.d, f.ok = d, true
	return nil
}

// ptr returns the decoded value, or nil when it was absent.
func (f flexDec) ptr() *decimal.Decimal {
	if !f.set || !f.ok {
		return nil
	}
	d := f.d
	return &d
}

// data wraps v in the API's envelope: {"data": v, "context": path}.
func (c *call) data(status int, v any) reply {
	return jsonReply(status, map[string]any{"data": v, "context": c.path})
}

// list wraps items in {"data": {"items": [...]}}, with a pagination
// block when pg is not nil.
func (c *call) list(items any, pg *pagination) reply {
	body := map[string]any{"data": map[string]any{"items": items}, "context": c.path}
	if pg != nil {
		body["pagination"] = pg
	}
	return jsonReply(http.StatusOK, body)
}

// decodeBody decodes a JSON request body into v. A body that is not
// JSON, or a field of the wrong JSON type, is a validation_error naming
// the field.
func decodeBody(body []byte, v any) (reply, bool) {
	if len(strings.TrimSpace(string(body))) == 0 {
		return invalidField("body", reasonMissing), false
	}
	err := json.Unmarshal(body, v)
	if err == nil {
		return reply{}, true
	}

	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) && typeErr.Field != "" {
		return invalidField(typeErr.Field, reasonInvalid), false
	}
	return invalidField("body", "is not valid JSON"), false
}

// decodeStored decodes a stored value.
func decodeStored(raw []byte, v any) error {
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("decode stored value: %w", err)
	}
	return nil
}
