package emulator

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"time"
)

// Order search paging.
const (
	defaultPerPage = 10
	maxPerPage     = 200
)

// Accept-Version values of the order API: the oldest still served, and
// the one from which a search needs a start.
const (
	oldestVersion        = 20250813
	searchNeedsStartFrom = 20261012
)

var versionShape = regexp.MustCompile(`^[0-9]{8}$`)

// pagination is the block that accompanies a paged list.
type pagination struct {
	PerPage          int     `json:"per-page"`
	PageOffset       int     `json:"page-offset"`
	ItemOffset       int     `json:"item-offset"`
	TotalItems       int     `json:"total-items"`
	TotalPages       int     `json:"total-pages"`
	CurrentItemCount int     `json:"current-item-count"`
	PreviousLink     *string `json:"previous-link"`
	NextLink         *string `json:"next-link"`
	PagingTemplate   *string `json:"paging-link-template"`
}

// checkAcceptVersion refuses a malformed or retired Accept-Version with
// 406 and the API's numeric code.
func checkAcceptVersion(r *http.Request) (reply, bool) {
	v := r.Header.Get("Accept-Version")
	if v == "" {
		return reply{}, true
	}
	n, _ := strconv.Atoi(v)
	if !versionShape.MatchString(v) || n < oldestVersion {
		return errorReply(http.StatusNotAcceptable, http.StatusNotAcceptable,
			"The requested version is not supported."), false
	}
	return reply{}, true
}

// liveOrders serves GET /accounts/{n}/orders/live: working orders and
// the orders that reached a terminal status today (New York date).
func (c *call) liveOrders() reply {
	a, rep, ok := c.ownAccount(c.seg[1])
	if !ok {
		return rep
	}
	orders, err := c.s.accountOrders(a.Number, c.now)
	if err != nil {
		return internalReply(err)
	}

	today := nyDate(c.now)
	items := []orderWire{}
	for _, o := range orders {
		if o.working() || nyDate(o.TerminalAt) == today {
			items = append(items, o.wire(viewStored))
		}
	}
	return c.list(items, nil)
}

// searchOrders serves GET /accounts/{n}/orders.
func (c *call) searchOrders() reply {
	a, rep, ok := c.ownAccount(c.seg[1])
	if !ok {
		return rep
	}
	q, rep, ok := parseSearch(c.r)
	if !ok {
		return rep
	}
	orders, err := c.s.accountOrders(a.Number, c.now)
	if err != nil {
		return internalReply(err)
	}

	var hits []order
	for _, o := range orders {
		if q.match(o) {
			hits = append(hits, o)
		}
	}
	if q.desc {
		slices.Reverse(hits)
	}
	page, pg := paginate(hits, q.perPage, q.page)
	items := []orderWire{}
	for _, o := range page {
		items = append(items, o.wire(viewStored))
	}
	return c.list(items, &pg)
}

// search is a parsed order search query.
type search struct {
	startDate, endDate  string
	startAt, endAt      time.Time
	statuses            []string
	underlying, undType string
	desc                bool
	perPage, page       int
}

func (q search) match(o order) bool {
	w := o.wire(viewStored)
	day := nyDate(o.ReceivedAt)
	switch {
	case q.startDate != "" && day < q.startDate, q.endDate != "" && day > q.endDate:
		return false
	case !q.startAt.IsZero() && o.ReceivedAt.Before(q.startAt):
		return false
	case !q.endAt.IsZero() && o.ReceivedAt.After(q.endAt):
		return false
	case len(q.statuses) > 0 && !slices.Contains(q.statuses, w.Status):
		return false
	case q.underlying != "" && w.UnderlyingSymbol != q.underlying:
		return false
	case q.undType != "" && w.UnderlyingType != q.undType:
		return false
	}
	return true
}

// parseSearch reads the query, reporting every bad parameter.
func parseSearch(r *http.Request) (search, reply, bool) {
	v := r.URL.Query()
	q := search{desc: true, perPage: defaultPerPage, underlying: v.Get("underlying-symbol"),
		undType: v.Get("underlying-instrument-type"), statuses: v["status[]"]}

	var errs shapeErrs
	q.startDate = dateParam(&errs, v, "start-date")
	q.endDate = dateParam(&errs, v, "end-date")
	q.startAt = timeParam(&errs, v, "start-at")
	q.endAt = timeParam(&errs, v, "end-at")
	q.perPage = intParam(&errs, v, "per-page", defaultPerPage, 1)
	q.page = intParam(&errs, v, "page-offset", 0, 0)
	q.perPage = min(q.perPage, maxPerPage)

	switch v.Get("sort") {
	case "", "Desc":
	case "Asc":
		q.desc = false
	default:
		errs.add("sort", reasonInvalid)
	}
	for _, s := range q.statuses {
		if !slices.Contains(allStatuses, s) {
			errs.add("status", reasonInvalid)
		}
	}
	version, _ := strconv.Atoi(r.Header.Get("Accept-Version"))
	if version >= searchNeedsStartFrom && q.startDate == "" && q.startAt.IsZero() {
		errs.add("start-date", reasonMissing)
	}

	if len(errs) > 0 {
		return q, invalid(errs...), false
	}
	return q, reply{}, true
}

func dateParam(errs *shapeErrs, v url.Values, name string) string {
	s := v.Get(name)
	if _, err := time.Parse(time.DateOnly, s); s != "" && err != nil {
		errs.add(name, reasonInvalid)
		return ""
	}
	return s
}

func timeParam(errs *shapeErrs, v url.Values, name string) time.Time {
	s := v.Get(name)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		errs.add(name, reasonInvalid)
	}
	return t
}

func intParam(errs *shapeErrs, v url.Values, name string, def, least int) int {
	s := v.Get(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < least {
		errs.add(name, reasonInvalid)
		return def
	}
	return n
}

// paginate cuts one page out of items.
func paginate(items []order, perPage, page int) ([]order, pagination) {
	total := len(items)
	pg := pagination{PerPage: perPage, PageOffset: page, ItemOffset: page * perPage,
		TotalItems: total, TotalPages: (total + perPage - 1) / perPage}

	start := min(pg.ItemOffset, total)
	end := min(start+perPage, total)
	pg.CurrentItemCount = end - start
	return items[start:end], pg
}
