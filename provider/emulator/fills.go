package emulator

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// fillVenue is the destination-venue of emulated fills.
const fillVenue = "EMULATOR"

// Decimal places a quantity may have: cryptocurrencies trade to eight
// (a satoshi), notional equity orders fill in fractional shares to
// five, and everything else trades in whole units.
const (
	cryptoPlaces   = 8
	notionalPlaces = 5
)

// fillPlaces is how many decimal places a fill of leg l may have.
func fillPlaces(o *order, l leg) int32 {
	switch {
	case l.InstrumentType == typeCrypto:
		return cryptoPlaces
	case o.OrderType == "Notional Market":
		return notionalPlaces
	}
	return 0
}

// withinPlaces reports whether d has at most places decimal places,
// trailing zeros aside.
func withinPlaces(d decimal.Decimal, places int32) bool {
	return d.Equal(d.Truncate(places))
}

// Fill executes quantity of order orderID at price, as the market would.
// A nil quantity fills what remains; a nil price uses the order's limit
// price, or the instrument's mark for market, stop and notional orders.
// For a multi-leg order quantity counts whole orders and each leg fills
// at its own mark. A partial fill leaves the order Live; the last one
// makes it Filled. Positions and cash move with each fill. The order
// must be Live: a Received or Contingent order gets ErrNotLive.
//
// A complex order's component that fills in full acts on the others: a
// trigger releases the orders waiting on it, an order of an OCO pair
// cancels the other.
//
// Fill refuses, and changes nothing for, a quantity that is not
// positive, exceeds what remains, or is finer than the leg trades (whole
// units; eight decimal places for cryptocurrencies, five for notional
// equity orders), and a price that is not positive or is through a
// single leg's limit.
func (e *Emulator) Fill(orderID int64, quantity, price *decimal.Decimal) error {
	return e.update(func(s store, now time.Time) error {
		c := &call{e: e, s: s, now: now}
		o, err := c.hookOrder(orderID)
		if err != nil {
			return err
		}
		if !o.live() {
			return fmt.Errorf("order %d is %s: %w", orderID, o.Status, ErrNotLive)
		}
		if err := c.fill(&o, quantity, price); err != nil {
			return fmt.Errorf("fill order %d: %w", orderID, err)
		}
		if err := s.saveOrder(o); err != nil {
			return err
		}
		return s.cascade(o, now)
	})
}

// Cancel cancels order orderID as if from the tastytrade app, outside
// the API: it goes straight to Cancelled. A cancelled trigger cancels
// the orders waiting on it.
func (e *Emulator) Cancel(orderID int64) error {
	return e.finish(orderID, statusCancelled)
}

// Expire ends order orderID as Expired, as at the close. An expired
// trigger cancels the orders waiting on it.
func (e *Emulator) Expire(orderID int64) error {
	return e.finish(orderID, statusExpired)
}

func (e *Emulator) finish(orderID int64, status string) error {
	return e.update(func(s store, now time.Time) error {
		c := &call{e: e, s: s, now: now}
		o, err := c.hookOrder(orderID)
		if err != nil {
			return err
		}
		o.end(status, now)
		if err := s.saveOrder(o); err != nil {
			return err
		}
		return s.cascade(o, now)
	})
}

// hookOrder loads a working order for a hook.
func (c *call) hookOrder(id int64) (order, error) {
	o, found, err := c.s.order(id, c.now)
	switch {
	case err != nil:
		return o, err
	case !found:
		return o, fmt.Errorf("order %d: %w", id, ErrNotFound)
	case !o.working():
		return o, fmt.Errorf("order %d is %s: %w", id, o.Status, ErrNotWorking)
	}
	return o, nil
}

// fill applies one execution to every leg of o.
func (c *call) fill(o *order, quantity, price *decimal.Decimal) error {
	if price != nil && price.Sign() <= 0 {
		return fmt.Errorf("price %s is not positive", price)
	}
	size, err := fillSize(o, quantity)
	if err != nil {
		return err
	}
	for i := range o.Legs {
		if err := c.fillLeg(o, i, quantity, size, price); err != nil {
			return err
		}
	}

	o.UpdatedAt = c.now
	if o.remainingFraction().IsZero() {
		o.Status, o.TerminalAt = statusFilled, c.now
	}
	return nil
}

// fillSize checks the requested quantity against what remains and
// returns the unit it counts in: the leg quantity of a single-leg order,
// the order's size for a multi-leg one.
func fillSize(o *order, quantity *decimal.Decimal) (decimal.Decimal, error) {
	if quantity == nil {
		return decimal.Zero, nil
	}
	if quantity.Sign() <= 0 {
		return decimal.Zero, fmt.Errorf("quantity %s is not positive", quantity)
	}
	first := o.Legs[0]
	switch places := fillPlaces(o, first); {
	case places == 0 && !quantity.IsInteger():
		return decimal.Zero, fmt.Errorf("quantity %s is not a whole number: only cryptocurrency "+
			"and Notional Market orders fill in fractions", quantity)
	case !withinPlaces(*quantity, places):
		return decimal.Zero, fmt.Errorf("quantity %s has more than %d decimal places", quantity, places)
	}
	if first.Quantity == nil {
		return decimal.Zero, nil
	}

	size, remaining := *first.Quantity, *first.Remaining
	if len(o.Legs) > 1 {
		size = decimal.RequireFromString(o.size().String())
		remaining = first.Remaining.Mul(size).Div(*first.Quantity)
	}
	if quantity.GreaterThan(remaining) {
		return decimal.Zero, fmt.Errorf("quantity %s is more than the %s remaining", quantity, remaining)
	}
	return size, nil
}

// fillQuantity is what leg l fills: everything left when quantity is
// nil, else quantity in units of size, scaled by the leg's ratio. A
// notional leg fills once, for its value at the fill price.
func fillQuantity(o *order, l *leg, quantity *decimal.Decimal, size, px decimal.Decimal) decimal.Decimal {
	switch {
	case l.Quantity == nil && quantity != nil:
		return *quantity
	case l.Quantity == nil:
		return o.Value.DivRound(px, 5)
	case quantity == nil:
		return *l.Remaining
	}
	return quantity.Mul(l.Quantity.Div(size))
}

// fillLeg fills leg i of o and settles the fill.
func (c *call) fillLeg(o *order, i int, quantity *decimal.Decimal, size decimal.Decimal, price *decimal.Decimal) error {
	l := &o.Legs[i]
	info, _ := parseSymbol(l.InstrumentType, l.Symbol)
	in, err := c.instrument(info)
	if err != nil {
		return err
	}
	px, err := fillPrice(o, l, in, price)
	if err != nil {
		return err
	}

	qty := fillQuantity(o, l, quantity, size, px)
	left := decimal.Zero
	if l.Quantity == nil {
		l.Quantity = &qty
	} else {
		left = l.Remaining.Sub(qty)
	}
	l.Remaining = &left

	id, err := c.s.next(metaNextFill, 1)
	if err != nil {
		return err
	}
	l.Fills = append(l.Fills, fill{ID: fmt.Sprintf("FILL-%d", id), Quantity: qty, Price: px,
		FilledAt: c.now, Venue: fillVenue})
	return c.settleFill(o.Account, l, in, qty, px)
}

// fillPrice is the execution price of a leg, checked against a single
// leg's limit: a buy never pays more, a sell never receives less.
func fillPrice(o *order, l *leg, in instrument, price *decimal.Decimal) (decimal.Decimal, error) {
	px := in.Mark
	switch {
	case len(o.Legs) > 1:
	case price != nil:
		px = *price
	case o.Price != nil:
		px = *o.Price
	case o.StopTrigger != nil:
		// A stop fills about where it triggers, not at a made-up mark.
		px = *o.StopTrigger
	}
	if px.Sign() <= 0 {
		return px, fmt.Errorf("price %s is not positive", px)
	}
	if len(o.Legs) == 1 && o.Price != nil {
		if isBuy(l.Action) && px.GreaterThan(*o.Price) || !isBuy(l.Action) && px.LessThan(*o.Price) {
			return px, fmt.Errorf("price %s is through the limit %s", px, o.Price)
		}
	}
	return px, nil
}

// settleFill moves the position and, except for futures, the cash.
func (c *call) settleFill(acct string, l *leg, in instrument, qty, px decimal.Decimal) error {
	held, err := c.s.position(acct, l.Symbol)
	if err != nil {
		return err
	}
	signed := qty
	if !isBuy(l.Action) {
		signed = qty.Neg()
	}
	p := position{Account: acct, Symbol: l.Symbol, InstrumentType: l.InstrumentType, Quantity: held.Add(signed)}
	if err := c.s.putPosition(p); err != nil {
		return err
	}
	if l.InstrumentType == typeFuture {
		return nil
	}

	var a account
	if _, err := c.s.get(bucketAccounts, acct, &a); err != nil {
		return err
	}
	a.Cash = a.Cash.Sub(signed.Mul(px).Mul(in.Multiplier))
	return c.s.put(bucketAccounts, acct, a)
}
