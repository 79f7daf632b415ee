package tastytrade

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// The types in this file decode the scalars the API sends in more than one
// shape (C19). Each treats JSON null, and an empty string, as absent, so a
// field that goes missing or turns null decodes as its zero value instead
// of failing the whole response.

// envelope is the API's response wrapper. Data holds an object, or an
// object with items for lists; Pagination is set on searches.
type envelope struct {
	Data       json.RawMessage `json:"data"`
	Pagination *pagination     `json:"pagination"`

	status int // the HTTP status it came with
}

// pagination is the page block of a search response.
type pagination struct {
	PageOffset wireInt `json:"page-offset"`
	TotalPages wireInt `json:"total-pages"`
}

// decodeEnvelope reads a response body; an empty one is an empty envelope.
func decodeEnvelope(body []byte) (*envelope, error) {
	var env envelope
	if len(bytes.TrimSpace(body)) == 0 {
		return &env, nil
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, err
	}
	return &env, nil
}

// decode unmarshals the data object into v.
func (e *envelope) decode(v any) error {
	if isAbsent(e.Data) {
		return fmt.Errorf("response has no data")
	}
	return json.Unmarshal(e.Data, v)
}

// items returns the entries of data.items, one raw message each, so that a
// bad entry can be reported with its own identity.
func (e *envelope) items() ([]json.RawMessage, error) {
	var list struct {
		Items []json.RawMessage `json:"items"`
	}
	if err := e.decode(&list); err != nil {
		return nil, err
	}
	return list.Items, nil
}

// decodeItems decodes data.items with decode, one item at a time, so an
// error can say which item is bad. One bad item fails the whole list: a
// partial list would read as objects gone missing.
func decodeItems[T any](env *envelope, decode func(json.RawMessage) (T, error)) ([]T, error) {
	items, err := env.items()
	if err != nil {
		return nil, fmt.Errorf("decode items: %w", err)
	}
	out := make([]T, 0, len(items))
	for i, raw := range items {
		v, err := decode(raw)
		if err != nil {
			return nil, fmt.Errorf("decode item %d: %w", i, err)
		}
		out = append(out, v)
	}
	return out, nil
}

// isAbsent reports whether raw JSON is missing or null.
func isAbsent(raw json.RawMessage) bool {
	s := bytes.TrimSpace(raw)
	return len(s) == 0 || string(s) == "null"
}

// scalarText returns the text of a JSON string or number. It reports false
// for null and for a blank string.
func scalarText(b []byte) (string, bool, error) {
	b = bytes.TrimSpace(b)
	switch {
	case isAbsent(b):
		return "", false, nil
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return "", false, err
		}
		s = strings.TrimSpace(s)
		return s, s != "", nil
	case b[0] == '-' || (b[0] >= '0' && b[0] <= '9'):
		return string(b), true, nil
	}
	return "", false, fmt.Errorf("want a number or a string, got %.20s", b)
}

// wireInt is an integer sent as a JSON number or a string, such as an
// order id ("id": 54758826 or "id": "771043").
type wireInt int64

// UnmarshalJSON implements json.Unmarshaler.
func (n *wireInt) UnmarshalJSON(b []byte) error {
	s, ok, err := scalarText(b)
	if err != nil || !ok {
		return err
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("want an integer, got %.20q", s)
	}
	*n = wireInt(v)
	return nil
}

// wireString is text sent as a JSON string or number, such as a fill id.
type wireString string

// UnmarshalJSON implements json.Unmarshaler.
func (s *wireString) UnmarshalJSON(b []byte) error {
	text, _, err := scalarText(b)
	*s = wireString(text)
	return err
}

// wireDecimal is an exact decimal sent as a JSON string or number. It
// never passes through float64.
type wireDecimal decimal.NullDecimal

// UnmarshalJSON implements json.Unmarshaler.
func (d *wireDecimal) UnmarshalJSON(b []byte) error {
	s, ok, err := scalarText(b)
	if err != nil || !ok {
		*d = wireDecimal{}
		return err
	}
	v, err := decimal.NewFromString(s)
	if err != nil {
		return fmt.Errorf("want a decimal, got %.20q", s)
	}
	*d = wireDecimal{Decimal: v, Valid: true}
	return nil
}

// null returns the value as the provider package holds it.
func (d wireDecimal) null() decimal.NullDecimal { return decimal.NullDecimal(d) }

// wireBool is a boolean sent as true/false or "true"/"false".
type wireBool bool

// UnmarshalJSON implements json.Unmarshaler.
func (v *wireBool) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(bytes.TrimSpace(b)), `"`)
	switch strings.ToLower(s) {
	case "true":
		*v = true
	case "false", "null", "":
		*v = false
	default:
		return fmt.Errorf("want a boolean, got %.20s", b)
	}
	return nil
}

// wireTime is a timestamp sent as epoch milliseconds (a number or a string
// of digits) or as ISO-8601 with Z or an offset. Zero epoch is absent, as
// on dry-run orders ("updated-at": 0). Timestamps are informational, so
// one in an unknown shape decodes as absent rather than failing the
// object around it.
type wireTime time.Time

// isoLayouts are the ISO-8601 shapes seen on the wire, most common first.
var isoLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999",
}

// UnmarshalJSON implements json.Unmarshaler.
func (t *wireTime) UnmarshalJSON(b []byte) error {
	*t = wireTime{}
	if s, ok, _ := scalarText(b); ok {
		*t = wireTime(parseTime(s))
	}
	return nil
}

// time returns the timestamp in UTC, or the zero time when absent.
func (t wireTime) time() time.Time { return time.Time(t) }

// parseTime reads a timestamp in any wire shape; zero when unknown.
func parseTime(s string) time.Time {
	if ms, err := strconv.ParseInt(s, 10, 64); err == nil {
		if ms == 0 {
			return time.Time{}
		}
		return time.UnixMilli(ms).UTC()
	}
	for _, layout := range isoLayouts {
		if v, err := time.Parse(layout, s); err == nil {
			return v.UTC()
		}
	}
	return time.Time{}
}
