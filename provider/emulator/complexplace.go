package emulator

import (
	"net/http"
	"time"

	"github.com/shopspring/decimal"
)

// codeOCONotClosing refuses an OCO order with an opening leg. The name
// is the emulator's: the API's code is not known.
const codeOCONotClosing = "oco_order_not_closing"

// checkedComplex reads a complex order's account and body and runs the
// preflight of every component, which a submit and a dry run share.
// Failed checks are in the parts, not the reply.
func (c *call) checkedComplex() (account, complexSpec, reply, bool) {
	a, rep, ok := c.ownAccount(c.seg[1])
	if !ok {
		return a, complexSpec{}, rep, false
	}
	cs, rep, ok := parseComplex(c.body)
	if !ok {
		return a, cs, rep, false
	}
	if err := c.preflightComplex(a, &cs); err != nil {
		return a, cs, internalReply(err), false
	}
	return a, cs, reply{}, true
}

// preflightComplex runs the checks of a plain order on every component,
// in order. Buying power is counted cumulatively: each component must
// fit in what the ones before it leave. The orders that wait on a
// trigger are checked against the positions as the trigger's fill will
// leave them. Each failure carries its component's preflight-id.
func (c *call) preflightComplex(a account, cs *complexSpec) error {
	var held decimal.Decimal
	var pending map[string]decimal.Decimal
	for i := range cs.parts {
		p := &cs.parts[i]
		pf := preflightCtx{held: held}
		if p.waits {
			pf.pending = pending
		}
		ck, err := c.preflight(a, p.spec, pf)
		if err != nil {
			return err
		}
		if p.closes {
			ck.fail(closingRule(p.spec)...)
		}
		for j := range ck.errs {
			pid := p.pid
			ck.errs[j].PreflightID = &pid
		}

		p.ck = ck
		held = held.Add(ck.reserve)
		if p.trigger {
			pending = positionChanges(ck)
		}
	}
	return nil
}

// closingRule refuses an OCO order with a leg that does not close.
func closingRule(s orderSpec) []errItem {
	var out []errItem
	for _, l := range s.Legs {
		if !isClosing(l.requested()) {
			out = append(out, preflightErr(codeOCONotClosing,
				"An OCO order must close a position: leg %s is %s.", l.Info.Symbol, l.requested()))
		}
	}
	return out
}

// positionChanges is what filling a checked order adds to each
// position, signed.
func positionChanges(ck checked) map[string]decimal.Decimal {
	out := map[string]decimal.Decimal{}
	for i, l := range ck.spec.Legs {
		qty := legQuantity(ck.spec, l, ck.inst[i])
		if !isBuy(l.Action) {
			qty = qty.Neg()
		}
		out[l.Info.Symbol] = out[l.Info.Symbol].Add(qty)
	}
	return out
}

// errs lists the failed checks of every component.
func (cs complexSpec) errs() []errItem {
	var out []errItem
	for _, p := range cs.parts {
		out = append(out, p.ck.errs...)
	}
	return out
}

// fees adds up the fees of the components.
func (cs complexSpec) fees() fees {
	var f fees
	for _, p := range cs.parts {
		f = f.plus(p.ck.fees)
	}
	return f
}

// buyingPowerWire is the buying-power effect of all the components.
func (cs complexSpec) buyingPowerWire() map[string]any {
	reserve, spread := decimal.Zero, false
	for _, p := range cs.parts {
		reserve = reserve.Add(p.ck.reserve)
		spread = spread || len(p.spec.Legs) > 1
	}
	return buyingPowerWire(reserve, cs.parts[0].ck.current, cs.fees(), spread)
}

// buildComplex makes the complex order and its components, without ids.
func (c *call) buildComplex(a account, cs complexSpec) (complexOrder, components) {
	co := complexOrder{Account: a.Number, Type: cs.Type, ReceivedAt: c.now}
	var comps components
	for _, p := range cs.parts {
		o := c.buildOrder(a, p.ck, 0)
		pid := p.pid
		o.ComplexTag, o.PreflightID = p.tag, &pid
		if p.waits {
			o.Status, o.LiveAt = statusContingent, time.Time{}
		}
		if p.trigger {
			comps.trigger = &o
			continue
		}
		comps.orders = append(comps.orders, o)
	}
	return co, comps
}

// storeComplex gives the complex order and its components ids and
// stores them.
func (c *call) storeComplex(co complexOrder, comps components) (complexOrder, components, error) {
	id, err := c.s.next(metaNextComplex, firstComplexID)
	if err != nil {
		return co, comps, err
	}
	co.ID = id

	for _, o := range comps.all() {
		o.ComplexID = co.ID
		stored, err := c.insertOrder(*o)
		if err != nil {
			return co, comps, err
		}
		*o = stored
		if o == comps.trigger {
			co.TriggerID = o.ID
		} else {
			co.OrderIDs = append(co.OrderIDs, o.ID)
		}
	}
	return co, comps, c.s.saveComplex(co)
}

// complexPlaced is the answer to a complex submit or dry run.
func (c *call) complexPlaced(co complexOrder, comps components, cs complexSpec, v view) reply {
	return c.data(http.StatusCreated, map[string]any{
		"complex-order":       co.wire(comps, func(*order) view { return v }),
		"buying-power-effect": cs.buyingPowerWire(),
		"fee-calculation":     cs.fees().wire(),
		"warnings":            c.s.sessionWarnings(),
	})
}

// placeComplexOrder serves POST /accounts/{n}/complex-orders. Any failed
// check of any component refuses the whole complex order, and nothing
// is stored.
func (c *call) placeComplexOrder() reply {
	a, cs, rep, ok := c.checkedComplex()
	if !ok {
		return rep
	}
	if errs := cs.errs(); len(errs) > 0 {
		return preflightFailure(errs)
	}

	co, comps := c.buildComplex(a, cs)
	co, comps, err := c.storeComplex(co, comps)
	if err != nil {
		return internalReply(err)
	}
	return c.complexPlaced(co, comps, cs, viewPlaced)
}

// dryRunComplexOrder serves POST /accounts/{n}/complex-orders/dry-run:
// the checks and answer of a submit with nothing stored, or 422 with the
// error and, beside it, the buying-power effect of all the components.
func (c *call) dryRunComplexOrder() reply {
	a, cs, rep, ok := c.checkedComplex()
	if !ok {
		return rep
	}
	if errs := cs.errs(); len(errs) > 0 {
		return c.dryRunFailure(cs.buyingPowerWire(), cs.fees(), errs)
	}
	co, comps := c.buildComplex(a, cs)
	return c.complexPlaced(co, comps, cs, viewDryRun)
}
