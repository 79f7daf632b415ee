package emulator

import (
	"net/http"
)

// placeOrder serves POST /accounts/{n}/orders.
func (c *call) placeOrder() reply {
	a, ck, rep, ok := c.checkedNewOrder()
	if !ok {
		return rep
	}
	if len(ck.errs) > 0 {
		return preflightFailure(ck.errs)
	}

	o, err := c.storeOrder(a, ck, 0)
	if err != nil {
		return internalReply(err)
	}
	return c.placed(http.StatusCreated, o.wire(viewPlaced), ck)
}

// dryRunOrder serves POST /accounts/{n}/orders/dry-run: the same checks
// and the same answer as a submit, with nothing stored. A failing
// preflight answers 422 with both the error and the buying-power effect.
func (c *call) dryRunOrder() reply {
	a, ck, rep, ok := c.checkedNewOrder()
	if !ok {
		return rep
	}
	return c.dryRunReply(c.buildOrder(a, ck, 0), ck)
}

// checkedNewOrder reads a new order's account and body and runs the
// preflight checks, which a submit and a dry run share. A failed check
// is in the result's errs, not the reply.
func (c *call) checkedNewOrder() (account, checked, reply, bool) {
	a, rep, ok := c.ownAccount(c.seg[1])
	if !ok {
		return a, checked{}, rep, false
	}
	spec, rep, ok := parseOrder(c.body, false)
	if !ok {
		return a, checked{}, rep, false
	}
	ck, err := c.preflight(a, spec, preflightCtx{})
	if err != nil {
		return a, checked{}, internalReply(err), false
	}
	return a, ck, reply{}, true
}

// getOrder serves GET /accounts/{n}/orders/{id}.
func (c *call) getOrder() reply {
	if _, rep, ok := c.ownAccount(c.seg[1]); !ok {
		return rep
	}
	o, rep, ok := c.loadOrder(c.seg[1], c.seg[3])
	if !ok {
		return rep
	}
	return c.data(http.StatusOK, o.wire(viewStored))
}

// buildOrder makes the order a checked spec describes, without an id:
// Live, or Received while the market is closed.
func (c *call) buildOrder(a account, ck checked, replaces int64) order {
	s := ck.spec
	o := order{
		Account: a.Number, TimeInForce: s.TimeInForce, GTCDate: s.GTCDate, OrderType: s.OrderType,
		Price: s.Price, PriceEffect: s.PriceEffect, Value: s.Value, ValueEffect: s.ValueEffect,
		StopTrigger: s.StopTrigger, Source: s.Source, ExternalID: s.ExternalID, Advanced: s.Advanced,
		Status: c.s.openStatus(), ReplacesID: replaces, Reserve: ck.reserve,
		ReceivedAt: c.now, UpdatedAt: c.now,
	}
	if o.Status == statusLive {
		o.LiveAt = c.now
	}
	for _, l := range s.Legs {
		o.Legs = append(o.Legs, leg{
			InstrumentType: l.Info.Type, Symbol: l.Info.Symbol, Action: l.Action,
			RequestedAction: l.requested(), Quantity: l.Quantity, Remaining: l.Quantity,
		})
	}
	return o
}

// storeOrder builds the order, gives it an id and stores it.
func (c *call) storeOrder(a account, ck checked, replaces int64) (order, error) {
	return c.insertOrder(c.buildOrder(a, ck, replaces))
}

// insertOrder gives o an id and stores it.
func (c *call) insertOrder(o order) (order, error) {
	id, err := c.s.next(metaNextOrderID, firstOrderID)
	if err != nil {
		return o, err
	}
	o.ID = id
	return o, c.s.saveOrder(o)
}

// placed is the PlacedOrderResponse envelope.
func (c *call) placed(status int, o orderWire, ck checked) reply {
	return c.data(status, map[string]any{
		"order":               o,
		"warnings":            c.s.sessionWarnings(),
		"buying-power-effect": ck.buyingPowerWire(),
		"fee-calculation":     ck.fees.wire(),
	})
}

// dryRunReply answers a dry run: 201 when every check passed, else 422
// carrying the error and, beside it, the buying-power effect.
func (c *call) dryRunReply(o order, ck checked) reply {
	if len(ck.errs) == 0 {
		return c.placed(http.StatusCreated, o.wire(viewDryRun), ck)
	}
	return c.dryRunFailure(ck.buyingPowerWire(), ck.fees, ck.errs)
}

// dryRunFailure is the 422 of a failed dry run: the error, and beside it
// data with the buying-power effect and the fees.
func (c *call) dryRunFailure(bp map[string]any, f fees, errs []errItem) reply {
	return jsonReply(http.StatusUnprocessableEntity, map[string]any{
		"data": map[string]any{
			"buying-power-effect": bp,
			"fee-calculation":     f.wire(),
		},
		"error": apiError{Code: "preflight_check_failure",
			Message: "One or more preflight checks failed", Errors: errs},
		"context": c.path,
	})
}
