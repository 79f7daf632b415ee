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

// order is a stored order. Status holds only Live or a terminal status:
// the transient statuses (Routed, Contingent, Cancel Requested) are
// shown in the response to the request that caused them, and every
// later read sees where the order settled.
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

// working reports whether the order can still fill, be cancelled or be
// replaced.
func (o *order) working() bool {
	return o.Status == statusLive
}

// settle applies the transitions that happen by the clock alone: Day,
// Ext, IOC and GTD orders expire at their close. It reports whether the
// order changed.
func (o *order) settle(now time.Time) bool {
	end := o.expiresAt()
	if !o.working() || end.IsZero() || now.Before(end) {
		return false
	}
	o.Status, o.TerminalAt, o.UpdatedAt = statusExpired, end, end
	return true
}

// expiresAt is when the order's time in force runs out; zero for GTC.
// Day and IOC orders end at the first 16:00 New York close on a weekday
// after they were received, Ext orders at 20:00, GTD orders at 16:00 on
// their date. Holidays are not modelled.
func (o *order) expiresAt() time.Time {
	switch o.TimeInForce {
	case "Day", "IOC":
		return nextClose(o.ReceivedAt, 16)
	case "Ext", "Ext Overnight":
		return nextClose(o.ReceivedAt, 20)
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

// order reads and settles one order.
func (s store) order(id int64, now time.Time) (order, bool, error) {
	var o order
	found, err := s.get(bucketOrders, seqKey(id), &o)
	if err != nil || !found {
		return o, found, err
	}
	if o.settle(now) {
		err = s.saveOrder(o)
	}
	return o, true, err
}

// accountOrders reads and settles every order of account n, oldest
// first.
func (s store) accountOrders(n string, now time.Time) ([]order, error) {
	var out []order
	err := s.scan(bucketOrders, "", func(_ string, raw []byte) error {
		var o order
		if err := decodeStored(raw, &o); err != nil {
			return err
		}
		if o.Account != n {
			return nil
		}
		out = append(out, o)
		return nil
	})
	for i := range out {
		if err == nil && out[i].settle(now) {
			err = s.saveOrder(out[i])
		}
	}
	return out, err
}

func (s store) saveOrder(o order) error {
	return s.put(bucketOrders, seqKey(o.ID), o)
}
