package emulator

import (
	"errors"
	"fmt"
	"strconv"
	"time"
	_ "time/tzdata" // New York dates must not depend on the host's zoneinfo

	"github.com/shopspring/decimal"
)

// Order statuses as the API spells them.
const (
	statusReceived         = "Received"
	statusRouted           = "Routed"
	statusInFlight         = "In Flight"
	statusLive             = "Live"
	statusContingent       = "Contingent"
	statusCancelRequested  = "Cancel Requested"
	statusReplaceRequested = "Replace Requested"
	statusFilled           = "Filled"
	statusCancelled        = "Cancelled"
	statusExpired          = "Expired"
	statusRejected         = "Rejected"
	statusRemoved          = "Removed"
	statusPartialRemoved   = "Partially Removed"
)

// allStatuses are the words a status[] filter may use.
var allStatuses = []string{
	statusReceived, statusRouted, statusInFlight, statusLive, statusContingent,
	statusCancelRequested, statusReplaceRequested, statusFilled, statusCancelled,
	statusExpired, statusRejected, statusRemoved, statusPartialRemoved,
}

// newYork is the exchange calendar's time zone.
var newYork = mustLocation("America/New_York")

func mustLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(fmt.Sprintf("load time zone %s: %v", name, err))
	}
	return loc
}

// ErrNotFound is returned by the hook methods for an unknown order id.
var ErrNotFound = errors.New("order not found")

// ErrNotWorking is returned by the hook methods for an order that is
// already in a terminal status.
var ErrNotWorking = errors.New("order is not working")

// ErrNotLive is returned by Fill for an order that is working but cannot
// trade yet: Received while the market is closed, or Contingent on its
// trigger.
var ErrNotLive = errors.New("order is not live")

// order is a stored order. Status holds Live, Received (placed while the
// market is closed), Contingent (a complex order's component waiting on
// its trigger) or a terminal status: the other transient statuses
// (Routed, Cancel Requested, a replacement's Contingent) are shown in the
// response to the request that caused them, and every later read sees
// where the order settled.
type order struct {
	ID          int64            `json:"id"`
	Account     string           `json:"account"`
	TimeInForce string           `json:"time-in-force"`
	GTCDate     string           `json:"gtc-date,omitempty"`
	OrderType   string           `json:"order-type"`
	Price       *decimal.Decimal `json:"price,omitempty"`
	PriceEffect string           `json:"price-effect,omitempty"`
	Value       *decimal.Decimal `json:"value,omitempty"`
	ValueEffect string           `json:"value-effect,omitempty"`
	StopTrigger *decimal.Decimal `json:"stop-trigger,omitempty"`
	Source      *string          `json:"source,omitempty"`
	ExternalID  *string          `json:"external-identifier,omitempty"`
	Advanced    *advanced        `json:"advanced-instructions,omitempty"`
	Legs        []leg            `json:"legs"`

	Status      string          `json:"status"`
	Edited      bool            `json:"edited"`
	ReplacesID  int64           `json:"replaces-order-id,omitempty"`
	ReplacingID int64           `json:"replacing-order-id,omitempty"`
	Reserve     decimal.Decimal `json:"reserve"` // buying power held while working
	ReceivedAt  time.Time       `json:"received-at"`
	UpdatedAt   time.Time       `json:"updated-at"`
	LiveAt      time.Time       `json:"live-at"`
	TerminalAt  time.Time       `json:"terminal-at"`
	CancelledAt time.Time       `json:"cancelled-at"`

	// ComplexID and ComplexTag place a component of a complex order;
	// PreflightID is its index there. All are absent on plain orders.
	ComplexID   int64  `json:"complex-order-id,omitempty"`
	ComplexTag  string `json:"complex-order-tag,omitempty"`
	PreflightID *int   `json:"preflight-id,omitempty"`
}

// leg is one instrument of an order. Action is what the order does;
// RequestedAction is what the client sent, which differs when a closing
// action without a position was turned into an opening one.
type leg struct {
	InstrumentType  string           `json:"instrument-type"`
	Symbol          string           `json:"symbol"`
	Action          string           `json:"action"`
	RequestedAction string           `json:"requested-action"`
	Quantity        *decimal.Decimal `json:"quantity,omitempty"` // nil on an unfilled notional order
	Remaining       *decimal.Decimal `json:"remaining,omitempty"`
	Fills           []fill           `json:"fills,omitempty"`
}

// fill is one execution of a leg.
type fill struct {
	ID       string          `json:"id"`
	Quantity decimal.Decimal `json:"quantity"`
	Price    decimal.Decimal `json:"price"`
	FilledAt time.Time       `json:"filled-at"`
	Venue    string          `json:"venue"`
}

// advanced is the advanced-instructions object.
type advanced struct {
	StrictPositionEffectValidation *bool `json:"strict-position-effect-validation,omitempty"`
}

func (a *advanced) strict() bool {
	return a != nil && a.StrictPositionEffectValidation != nil && *a.StrictPositionEffectValidation
}

// working reports whether the order has not reached a terminal status:
// it is Live, Received or Contingent.
func (o *order) working() bool {
	switch o.Status {
	case statusLive, statusReceived, statusContingent:
		return true
	}
	return false
}

// live reports whether the order is at the exchange and can fill.
func (o *order) live() bool {
	return o.Status == statusLive
}

// component reports whether the order is part of a complex order.
func (o *order) component() bool {
	return o.ComplexID != 0
}

// end moves a working order to a terminal status at t.
func (o *order) end(status string, t time.Time) {
	o.Status, o.TerminalAt, o.UpdatedAt = status, t, t
	if status == statusCancelled {
		o.CancelledAt = t
	}
}

// settle applies the transitions that happen by the clock alone: Day,
// Ext, IOC and GTD orders expire at their close. It reports whether the
// order changed.
func (o *order) settle(now time.Time) bool {
	end := o.expiresAt()
	if !o.working() || end.IsZero() || now.Before(end) {
		return false
	}
	o.end(statusExpired, end)
	return true
}

// expiresAt is when the order's time in force runs out; zero for GTC.
// Day and IOC orders end at the first 16:00 New York close on a weekday
// after they began working (went Live, or were received), Ext orders at
// 20:00, GTD orders at 16:00 on their date. A Contingent order's day has
// not begun, so only its GTD date can end it. Holidays are not modelled.
func (o *order) expiresAt() time.Time {
	start := o.ReceivedAt
	if o.LiveAt.After(start) {
		start = o.LiveAt
	}
	if o.Status == statusContingent && o.TimeInForce != "GTD" {
		return time.Time{}
	}
	switch o.TimeInForce {
	case "Day", "IOC":
		return nextClose(start, 16)
	case "Ext", "Ext Overnight":
		return nextClose(start, 20)
	case "GTD":
		end, _ := gtdClose(o.GTCDate)
		return end
	}
	return time.Time{}
}

// gtdClose is the end of a GTD order: 16:00 New York on its gtc-date.
func gtdClose(date string) (time.Time, bool) {
	d, err := time.ParseInLocation(time.DateOnly, date, newYork)
	if err != nil {
		return time.Time{}, false
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 16, 0, 0, 0, newYork).UTC(), true
}

// nextClose is the first weekday hour:00 in New York after t.
func nextClose(t time.Time, hour int) time.Time {
	local := t.In(newYork)
	c := time.Date(local.Year(), local.Month(), local.Day(), hour, 0, 0, 0, newYork)
	for !c.After(t) || c.Weekday() == time.Saturday || c.Weekday() == time.Sunday {
		c = c.AddDate(0, 0, 1)
	}
	return c.UTC()
}

// nyDate is t's calendar date in New York.
func nyDate(t time.Time) string {
	return t.In(newYork).Format(time.DateOnly)
}

// remainingFraction is the share of the order not yet filled.
func (o *order) remainingFraction() decimal.Decimal {
	total, left := decimal.Zero, decimal.Zero
	for _, l := range o.Legs {
		if l.Quantity == nil || l.Remaining == nil {
			return one
		}
		total, left = total.Add(*l.Quantity), left.Add(*l.Remaining)
	}
	if total.IsZero() {
		return decimal.Zero
	}
	return left.Div(total)
}

// loadOrder reads order id of account n for the API: a missing order or
// one of another account is not found. Clock transitions are applied
// and stored.
func (c *call) loadOrder(n, rawID string) (order, reply, bool) {
	id, err := strconv.ParseInt(rawID, 10, 64)
	if err != nil {
		return order{}, notFound("order " + rawID), false
	}
	o, found, err := c.s.order(id, c.now)
	switch {
	case err != nil:
		return o, internalReply(err), false
	case !found || o.Account != n:
		return o, notFound("order " + rawID), false
	}
	return o, reply{}, true
}

// order reads and settles one order. A component of a complex order is
// read after the whole complex order has settled, so that a trigger that
// expired has already cancelled what waited on it.
func (s store) order(id int64, now time.Time) (order, bool, error) {
	o, found, err := s.rawOrder(id)
	if err != nil || !found {
		return o, found, err
	}
	if o.component() {
		if err := s.settleComplex(o.ComplexID, now); err != nil {
			return o, true, err
		}
		o, _, err = s.rawOrder(id)
		return o, true, err
	}
	_, err = s.settleOrder(&o, now)
	return o, true, err
}

// rawOrder reads one order as stored, without settling it.
func (s store) rawOrder(id int64) (order, bool, error) {
	var o order
	found, err := s.get(bucketOrders, seqKey(id), &o)
	return o, found, err
}

// settleOrder settles o, stores it when it changed and applies what its
// end does to the rest of its complex order. It reports whether o
// changed.
func (s store) settleOrder(o *order, now time.Time) (bool, error) {
	if !o.settle(now) {
		return false, nil
	}
	if err := s.saveOrder(*o); err != nil {
		return true, err
	}
	return true, s.cascade(*o, now)
}

// accountOrders reads and settles every order of account n, oldest
// first.
func (s store) accountOrders(n string, now time.Time) ([]order, error) {
	var ids []int64
	err := s.scanOrders(func(o order) error {
		if o.Account == n {
			ids = append(ids, o.ID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}

	// Settling may write, so it waits until the scan is over. Reading a
	// component settles its whole complex order first, so no order read
	// here changes when a later one settles.
	out := make([]order, 0, len(ids))
	for _, id := range ids {
		o, _, err := s.order(id, now)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

// scanOrders calls fn for every stored order, oldest first. fn must not
// write orders: the scan holds a cursor.
func (s store) scanOrders(fn func(o order) error) error {
	return s.scan(bucketOrders, "", func(_ string, raw []byte) error {
		var o order
		if err := decodeStored(raw, &o); err != nil {
			return err
		}
		return fn(o)
	})
}

func (s store) saveOrder(o order) error {
	return s.put(bucketOrders, seqKey(o.ID), o)
}
