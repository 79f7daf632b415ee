package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"
)

// hookPrefix starts the paths of the test hooks. Hooks need no
// User-Agent or token and are not written to the request log.
const hookPrefix = "/_emulator/"

// serveHook serves the /_emulator/ hooks by calling the Go methods.
func (e *Emulator) serveHook(w http.ResponseWriter, r *http.Request) {
	seg, ok := splitPath(r.URL.EscapedPath())
	if !ok {
		writeReply(w, notFound("hook"))
		return
	}
	seg = seg[1:]
	body, _ := readHookBody(r)

	var rep reply
	switch {
	case r.Method == http.MethodPost && len(seg) == 3 && seg[0] == "orders":
		rep = e.orderHook(seg[1], seg[2], body)
	case r.Method == http.MethodPost && len(seg) == 1 && seg[0] == "reset":
		rep = hookResult(e.Reset(), nil)
	case len(seg) == 1 && seg[0] == "clock":
		rep = e.clockHook(r.Method, body)
	case len(seg) == 1 && seg[0] == "market":
		rep = e.marketHook(r.Method, body)
	case r.Method == http.MethodPost && len(seg) == 1 && seg[0] == "faults":
		rep = e.faultHook(body)
	case r.Method == http.MethodGet && len(seg) == 1 && seg[0] == "requests":
		reqs, err := e.Requests()
		rep = hookResult(err, reqs)
	default:
		rep = notFound("hook " + r.URL.EscapedPath())
	}
	e.log.Debug("hook served", "method", r.Method, "path", r.URL.EscapedPath(), "status", rep.status)
	writeReply(w, rep)
}

func readHookBody(r *http.Request) ([]byte, error) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	return bytes.TrimSpace(raw), err
}

// orderHook serves POST /_emulator/orders/{id}/{fill|cancel|expire}.
func (e *Emulator) orderHook(rawID, verb string, body []byte) reply {
	id, err := strconv.ParseInt(rawID, 10, 64)
	if err != nil {
		return notFound("order " + rawID)
	}
	switch verb {
	case "fill":
		var b struct {
			Quantity flexDec `json:"quantity"`
			Price    flexDec `json:"price"`
		}
		if len(body) > 0 && json.Unmarshal(body, &b) != nil {
			return invalidField("body", "is not valid JSON")
		}
		var errs shapeErrs
		if b.Quantity.set && !b.Quantity.ok {
			errs.add("quantity", reasonInvalid)
		}
		if b.Price.set && !b.Price.ok {
			errs.add("price", reasonInvalid)
		}
		if len(errs) > 0 {
			return invalid(errs...)
		}
		err = e.Fill(id, b.Quantity.ptr(), b.Price.ptr())
	case "cancel":
		err = e.Cancel(id)
	case "expire":
		err = e.Expire(id)
	default:
		return notFound("hook " + verb)
	}
	if err != nil {
		return hookResult(err, nil)
	}
	o, err := e.orderView(id)
	return hookResult(err, o)
}

// orderView reads an order as the API would show it.
func (e *Emulator) orderView(id int64) (orderWire, error) {
	var w orderWire
	err := e.update(func(s store, now time.Time) error {
		o, found, err := s.order(id, now)
		if err == nil && !found {
			err = ErrNotFound
		}
		w = o.wire(viewStored)
		return err
	})
	return w, err
}

// clockHook serves GET and POST /_emulator/clock; POST takes
// {"advance": "25h"}. Both answer {"now": "<emulator time>"}.
func (e *Emulator) clockHook(method string, body []byte) reply {
	if method == http.MethodPost {
		var b struct {
			Advance string `json:"advance"`
		}
		if err := json.Unmarshal(body, &b); err != nil {
			return invalidField("body", "is not valid JSON")
		}
		d, err := time.ParseDuration(b.Advance)
		if err != nil {
			return invalidField("advance", reasonInvalid)
		}
		if err := e.Advance(d); err != nil {
			return invalidField("advance", err.Error())
		}
	} else if method != http.MethodGet {
		return errorReply(http.StatusMethodNotAllowed, "method_not_allowed", "Use GET or POST")
	}
	now, err := e.Now()
	return hookResult(err, map[string]string{"now": isoTime(now)})
}

// faultHook serves POST /_emulator/faults with a Fault body.
func (e *Emulator) faultHook(body []byte) reply {
	var f Fault
	if err := json.Unmarshal(body, &f); err != nil {
		return invalidField("body", "is not valid JSON")
	}
	if err := e.AddFault(f); err != nil {
		return invalidField("fault", err.Error())
	}
	return jsonReply(http.StatusCreated, f)
}

// hookResult turns a hook's outcome into a reply: v as JSON, or an error
// whose status says what went wrong.
func hookResult(err error, v any) reply {
	switch {
	case errors.Is(err, ErrNotFound):
		return errorReply(http.StatusNotFound, "record_not_found", err.Error())
	case errors.Is(err, ErrNotWorking):
		return errorReply(http.StatusConflict, "order_not_working", err.Error())
	case errors.Is(err, ErrNotLive):
		return errorReply(http.StatusConflict, "order_not_live", err.Error())
	case err != nil:
		return errorReply(http.StatusBadRequest, "hook_failed", err.Error())
	case v == nil:
		return reply{status: http.StatusNoContent}
	}
	return jsonReply(http.StatusOK, v)
}
