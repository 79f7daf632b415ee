package emulator

import (
	"fmt"
	"net/http"

	"github.com/shopspring/decimal"
)

// replaceOrder serves PUT and PATCH /accounts/{n}/orders/{id}; both are a
// cancel/replace. The new order gets a new id and replaces-order-id; the
// old one ends Cancelled, edited, with replacing-order-id. A component
// of a complex order hands its place there to the replacement, which
// keeps its complex-order-id and tag.
func (c *call) replaceOrder() reply {
	a, old, ck, rep, ok := c.checkedReplacement()
	if !ok {
		return rep
	}
	if len(ck.errs) > 0 {
		return preflightFailure(ck.errs)
	}

	o := c.buildOrder(a, ck, old.ID)
	o.ComplexID, o.ComplexTag, o.PreflightID = old.ComplexID, old.ComplexTag, old.PreflightID
	replacement, err := c.insertOrder(o)
	if err != nil {
		return internalReply(err)
	}
	old.end(statusCancelled, c.now)
	old.Edited, old.ReplacingID = true, replacement.ID
	if err := c.s.saveOrder(old); err != nil {
		return internalReply(err)
	}
	if err := c.relinkComponent(old, replacement.ID); err != nil {
		return internalReply(err)
	}
	return c.data(http.StatusOK, replacement.wire(viewReplacement))
}

// relinkComponent puts a replacement in its original's place in their
// complex order, if any.
func (c *call) relinkComponent(old order, replacement int64) error {
	if !old.component() {
		return nil
	}
	co, found, err := c.s.complexOrder(old.ComplexID)
	if err != nil || !found {
		return err
	}
	co.relink(old.ID, replacement)
	return c.s.saveComplex(co)
}

// dryRunReplace serves POST /accounts/{n}/orders/{id}/dry-run: the
// checks of a replacement, nothing stored.
func (c *call) dryRunReplace() reply {
	a, old, ck, rep, ok := c.checkedReplacement()
	if !ok {
		return rep
	}
	return c.dryRunReply(c.buildOrder(a, ck, old.ID), ck)
}

// checkedReplacement reads the order to replace and the replacement's
// body and runs the preflight checks, which a replace and its dry run
// share. A failed check is in the result's errs, not the reply.
func (c *call) checkedReplacement() (account, order, checked, reply, bool) {
	a, old, rep, ok := c.workingOrder("the order could not be edited")
	if !ok {
		return a, old, checked{}, rep, false
	}
	if old.Status == statusContingent {
		return a, old, checked{}, cannotUpdate(fmt.Sprintf("Order %d is Contingent: it waits for "+
			"the trigger of complex order %d to fill and cannot be edited until it is Live. "+
			"Cancel the complex order to withdraw it.", old.ID, old.ComplexID)), false
	}
	spec, rep, ok := c.replacementSpec(old)
	if !ok {
		return a, old, checked{}, rep, false
	}
	ck, err := c.preflight(a, spec, preflightCtx{replaced: &old})
	if err != nil {
		return a, old, checked{}, internalReply(err), false
	}
	return a, old, ck, reply{}, true
}

// cancelOrder serves DELETE /accounts/{n}/orders/{id}. The response
// shows Cancel Requested; every later read shows Cancelled. A component
// of a complex order is refused: the complex order is cancelled as a
// whole.
func (c *call) cancelOrder() reply {
	_, o, rep, ok := c.workingOrder("the order could not be cancelled")
	if !ok {
		return rep
	}
	if o.component() {
		return cannotUpdate(fmt.Sprintf("Order %d is the %s of complex order %d; cancel the "+
			"complex order instead: DELETE /accounts/%s/complex-orders/%d.",
			o.ID, o.ComplexTag, o.ComplexID, o.Account, o.ComplexID))
	}

	o.end(statusCancelled, c.now)
	if err := c.s.saveOrder(o); err != nil {
		return internalReply(err)
	}
	return c.data(http.StatusOK, o.wire(viewCancelRequested))
}

// workingOrder loads the order of the path and refuses one that is no
// longer working with 422 cannot_update_order.
func (c *call) workingOrder(message string) (account, order, reply, bool) {
	a, rep, ok := c.ownAccount(c.seg[1])
	if !ok {
		return a, order{}, rep, false
	}
	o, rep, ok := c.loadOrder(c.seg[1], c.seg[3])
	if !ok {
		return a, o, rep, false
	}
	if !o.working() {
		return a, o, cannotUpdate(message), false
	}
	return a, o, reply{}, true
}

// cannotUpdate is the API's 422 for an order, or a complex order, that
// cannot be changed or cancelled.
func cannotUpdate(message string) reply {
	return errorReply(http.StatusUnprocessableEntity, "cannot_update_order", message)
}

// replacementSpec reads a replacement body. It is a whole order body
// (order-type and time-in-force are required; external-identifier and
// source are not inherited); its legs, if sent, must be the original's.
// advanced-instructions are inherited when left out.
func (c *call) replacementSpec(old order) (orderSpec, reply, bool) {
	spec, rep, ok := parseOrder(c.body, true)
	if !ok {
		return spec, rep, false
	}
	if spec.Legs != nil && !sameLegs(spec.Legs, old.Legs) {
		return spec, invalidField("legs", "cannot change; cancel the order and place a new one"), false
	}

	spec.Legs = nil
	for _, l := range old.Legs {
		info, _ := parseSymbol(l.InstrumentType, l.Symbol)
		spec.Legs = append(spec.Legs, legSpec{Info: info, Action: l.Action,
			Requested: l.RequestedAction, Quantity: l.Remaining})
	}
	if spec.Advanced == nil {
		spec.Advanced = old.Advanced
	}
	return spec, reply{}, true
}

// sameLegs reports whether the body's legs are the order's: same types,
// symbols and quantities (ordered or remaining), and the action the
// order shows or the one first requested.
func sameLegs(body []legSpec, legs []leg) bool {
	if len(body) != len(legs) {
		return false
	}
	for i, b := range body {
		l := legs[i]
		if b.Info.Type != l.InstrumentType || b.Info.Symbol != l.Symbol {
			return false
		}
		if b.Action != l.Action && b.Action != l.RequestedAction {
			return false
		}
		if !sameQuantity(b.Quantity, l.Quantity) && !sameQuantity(b.Quantity, l.Remaining) {
			return false
		}
	}
	return true
}

func sameQuantity(a, b *decimal.Decimal) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Equal(*b)
}
