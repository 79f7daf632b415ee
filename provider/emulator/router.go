package emulator

import (
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// maxBody bounds a request body; the API's bodies are small.
const maxBody = 1 << 20

// userAgentShape is the product/version form every request must carry.
var userAgentShape = regexp.MustCompile(`^[^/\s]+/[^\s]+`)

// call is one API request being served inside its transaction.
type call struct {
	e    *Emulator
	s    store
	r    *http.Request
	now  time.Time
	path string   // escaped path, echoed as the envelope's context
	seg  []string // unescaped path segments
	body []byte

	user   user     // set by authenticate
	scopes []string // OAuth scopes; nil for a legacy session (all rights)
}

// handler serves one route.
type handler func(c *call) reply

// route maps a path pattern to handlers by method. A "*" part matches
// any one non-empty segment.
type route struct {
	parts   []string
	methods map[string]handler
	public  bool // no Authorization needed
	trade   bool // writes need the OAuth "trade" scope
}

// routes is matched in order; literal routes come before wildcards that
// would shadow them.
var routes = []route{
	{parts: p("oauth/token"), methods: m("POST", (*call).oauthToken), public: true},
	{parts: p("sessions"), methods: m("POST", (*call).createSession, "DELETE", (*call).deleteSession), public: true},
	{parts: p("sessions/validate"), methods: m("POST", (*call).validateSession)},

	{parts: p("customers/me"), methods: m("GET", (*call).getCustomer)},
	{parts: p("customers/me/accounts"), methods: m("GET", (*call).listAccounts)},
	{parts: p("customers/me/accounts/*"), methods: m("GET", (*call).getAccount)},
	{parts: p("customers/*"), methods: m("GET", (*call).otherCustomer)},
	{parts: p("customers/*/accounts"), methods: m("GET", (*call).otherCustomer)},
	{parts: p("customers/*/accounts/*"), methods: m("GET", (*call).otherCustomer)},
	{parts: p("accounts/*/positions"), methods: m("GET", (*call).listPositions)},
	{parts: p("accounts/*/balances"), methods: m("GET", (*call).getBalances)},

	{parts: p("watchlists"), methods: m("GET", (*call).listWatchlists, "POST", (*call).createWatchlist), trade: true},
	{parts: p("watchlists/*"), methods: m("GET", (*call).getWatchlist, "PUT", (*call).replaceWatchlist,
		"DELETE", (*call).deleteWatchlist), trade: true},

	{parts: p("instruments/*/*"), methods: m("GET", (*call).getInstrument)},

	{parts: p("accounts/*/orders"), methods: m("GET", (*call).searchOrders, "POST", (*call).placeOrder), trade: true},
	{parts: p("accounts/*/orders/dry-run"), methods: m("POST", (*call).dryRunOrder), trade: true},
	{parts: p("accounts/*/orders/live"), methods: m("GET", (*call).liveOrders)},
	{parts: p("accounts/*/orders/*"), methods: m("GET", (*call).getOrder, "PUT", (*call).replaceOrder,
		"PATCH", (*call).replaceOrder, "DELETE", (*call).cancelOrder), trade: true},
	{parts: p("accounts/*/orders/*/dry-run"), methods: m("POST", (*call).dryRunReplace), trade: true},

	{parts: p("accounts/*/complex-orders"), methods: m("POST", (*call).placeComplexOrder), trade: true},
	{parts: p("accounts/*/complex-orders/dry-run"), methods: m("POST", (*call).dryRunComplexOrder), trade: true},
	{parts: p("accounts/*/complex-orders/*"), methods: m("GET", (*call).getComplexOrder,
		"DELETE", (*call).cancelComplexOrder), trade: true},
}

func p(pattern string) []string { return strings.Split(pattern, "/") }

func m(pairs ...any) map[string]handler {
	out := make(map[string]handler)
	for i := 0; i < len(pairs); i += 2 {
		out[pairs[i].(string)] = pairs[i+1].(func(*call) reply)
	}
	return out
}

// serveHTTP is the emulator's whole HTTP surface.
func (e *Emulator) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.EscapedPath(), hookPrefix) {
		e.serveHook(w, r)
		return
	}

	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		writeReply(w, invalidField("body", "could not be read"))
		return
	}

	rep := e.serveAPI(r, body)
	e.log.Debug("request served", "method", r.Method, "path", logPath(r.URL.EscapedPath()), "status", rep.status)
	writeReply(w, rep)
}

// serveAPI runs one API request in its own transaction and logs it.
func (e *Emulator) serveAPI(r *http.Request, body []byte) reply {
	var rep reply
	err := e.update(func(s store, now time.Time) error {
		c := &call{e: e, s: s, r: r, now: now, path: r.URL.EscapedPath(), body: body}
		rep = c.serveWithFaults()
		if rep.internal != nil {
			return rep.internal
		}
		return logRequest(s, r, rep.status, now)
	})
	if err == nil {
		return rep
	}

	e.log.Error("request failed", "method", r.Method, "path", r.URL.EscapedPath(), "error", err)
	rep = internalReply(err)
	_ = e.update(func(s store, now time.Time) error { return logRequest(s, r, rep.status, now) })
	return rep
}

// serveWithFaults applies an injected fault, if one matches, around the
// real work.
func (c *call) serveWithFaults() reply {
	f, ok, err := takeFault(c.s, c.r.Method, c.path)
	if err != nil {
		return internalReply(err)
	}
	if !ok {
		return c.dispatch()
	}
	if !f.After {
		return faultReply(f.Status)
	}

	rep := c.dispatch()
	if rep.internal != nil {
		return rep
	}
	return htmlReply(f.Status)
}

// dispatch checks the transport rules, finds the route and runs it.
func (c *call) dispatch() reply {
	if !userAgentShape.MatchString(c.r.UserAgent()) {
		return htmlReply(http.StatusUnauthorized)
	}
	if rep, ok := checkAcceptVersion(c.r); !ok {
		return rep
	}

	seg, ok := splitPath(c.path)
	if !ok {
		return notFound("route " + c.path)
	}
	c.seg = seg

	rt, h := findRoute(seg, c.r.Method)
	switch {
	case rt == nil:
		return notFound("route " + c.path)
	case h == nil:
		return errorReply(http.StatusMethodNotAllowed, "method_not_allowed",
			"Method "+c.r.Method+" is not allowed on "+c.path)
	}
	return c.run(rt, h)
}

// run authenticates, checks the body's media type and calls h.
func (c *call) run(rt *route, h handler) reply {
	if !rt.public {
		if rep, ok := c.authenticate(); !ok {
			return rep
		}
		if rt.trade && c.r.Method != http.MethodGet && !c.hasScope("trade") {
			return notPermitted()
		}
	}
	if rep, ok := c.checkMediaType(); !ok {
		return rep
	}
	return h(c)
}

// checkMediaType refuses a non-JSON body on a JSON endpoint. The token
// endpoint also takes form bodies and checks for itself.
func (c *call) checkMediaType() (reply, bool) {
	ct := c.r.Header.Get("Content-Type")
	if len(c.body) == 0 || ct == "" || c.seg[0] == "oauth" {
		return reply{}, true
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err == nil && mt == "application/json" {
		return reply{}, true
	}
	return errorReply(http.StatusUnsupportedMediaType, "unsupported_media_type",
		"Request bodies must be application/json"), false
}

// splitPath splits an escaped path into unescaped segments, so that an
// escaped "/" stays inside its segment.
func splitPath(escaped string) ([]string, bool) {
	if !strings.HasPrefix(escaped, "/") {
		return nil, false
	}
	parts := strings.Split(escaped[1:], "/")
	for i, part := range parts {
		s, err := url.PathUnescape(part)
		if err != nil {
			return nil, false
		}
		parts[i] = s
	}
	return parts, true
}

// findRoute returns the first route matching seg and its handler for
// method; the handler is nil when the route lacks the method.
func findRoute(seg []string, method string) (*route, handler) {
	for i := range routes {
		rt := &routes[i]
		if matchParts(rt.parts, seg) {
			return rt, rt.methods[method]
		}
	}
	return nil, nil
}

func matchParts(parts, seg []string) bool {
	if len(parts) != len(seg) {
		return false
	}
	for i, part := range parts {
		if seg[i] == "" || (part != "*" && part != seg[i]) {
			return false
		}
	}
	return true
}

func writeReply(w http.ResponseWriter, rep reply) {
	if rep.ctype != "" {
		w.Header().Set("Content-Type", rep.ctype)
	}
	w.WriteHeader(rep.status)
	if rep.status != http.StatusNoContent {
		_, _ = w.Write(rep.body)
	}
}

// logPath is path as the log shows it: an instrument's symbol may come
// from a sensitive variable of the client's, so only the kind is kept.
func logPath(path string) string {
	rest, ok := strings.CutPrefix(path, "/instruments/")
	if !ok {
		return path
	}
	kind, _, _ := strings.Cut(rest, "/")
	return "/instruments/" + kind + "/…"
}
