package emulator

import (
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// firstComplexID is the id of the first complex order after a seed. It
// lies far below the order ids, so that a component's id sent where the
// complex order's belongs is not found instead of meaning another order.
const firstComplexID = 700001

// complexWire is the complex-order object on the wire.
type complexWire struct {
	ID            *int64        `json:"id,omitempty"`
	AccountNumber string        `json:"account-number"`
	Type          string        `json:"type"`
	TriggerOrder  *orderWire    `json:"trigger-order,omitempty"`
	Orders        []orderWire   `json:"orders"`
	RelatedOrders []relatedWire `json:"related-orders"`
	TerminalAt    string        `json:"terminal-at,omitempty"`
}

// relatedWire is an entry of related-orders: a component that is no
// longer current because it was replaced.
type relatedWire struct {
	ID               int64  `json:"id"`
	ComplexOrderID   int64  `json:"complex-order-id"`
	ComplexOrderTag  string `json:"complex-order-tag"`
	ReplacesOrderID  *int64 `json:"replaces-order-id,omitempty"`
	ReplacingOrderID *int64 `json:"replacing-order-id,omitempty"`
	Status           string `json:"status"`
}

// components is a complex order's orders, loaded: the trigger (nil for
// OCO), the other current components and the replaced ones.
type components struct {
	trigger *order
	orders  []order
	related []order
}

// all lists the current components, the trigger first.
func (cs components) all() []*order {
	var out []*order
	if cs.trigger != nil {
		out = append(out, cs.trigger)
	}
	for i := range cs.orders {
		out = append(out, &cs.orders[i])
	}
	return out
}

// loadComponents reads and settles the components of co.
func (c *call) loadComponents(co complexOrder) (components, error) {
	var cs components
	load := func(id int64) (order, error) {
		o, found, err := c.s.order(id, c.now)
		if err == nil && !found {
			err = fmt.Errorf("complex order %d: component %d: %w", co.ID, id, ErrNotFound)
		}
		return o, err
	}

	if co.TriggerID != 0 {
		o, err := load(co.TriggerID)
		if err != nil {
			return cs, err
		}
		cs.trigger = &o
	}
	for _, id := range co.OrderIDs {
		o, err := load(id)
		if err != nil {
			return cs, err
		}
		cs.orders = append(cs.orders, o)
	}
	for _, id := range co.Related {
		o, err := load(id)
		if err != nil {
			return cs, err
		}
		cs.related = append(cs.related, o)
	}
	return cs, nil
}

// wire renders co; view says how each component is shown.
func (co *complexOrder) wire(cs components, view func(o *order) view) complexWire {
	w := complexWire{AccountNumber: co.Account, Type: co.Type,
		Orders: []orderWire{}, RelatedOrders: []relatedWire{}}
	if co.ID != 0 {
		id := co.ID
		w.ID = &id
	}
	if cs.trigger != nil {
		t := cs.trigger.wire(view(cs.trigger))
		w.TriggerOrder = &t
	}
	for i := range cs.orders {
		w.Orders = append(w.Orders, cs.orders[i].wire(view(&cs.orders[i])))
	}
	for _, o := range cs.related {
		w.RelatedOrders = append(w.RelatedOrders, relatedWire{ID: o.ID, ComplexOrderID: co.ID,
			ComplexOrderTag: o.ComplexTag, ReplacesOrderID: optID(o.ReplacesID),
			ReplacingOrderID: optID(o.ReplacingID), Status: o.Status})
	}

	// The complex order ends when its last current component does.
	var end time.Time
	for _, o := range cs.all() {
		if o.working() {
			return w
		}
		if o.TerminalAt.After(end) {
			end = o.TerminalAt
		}
	}
	w.TerminalAt = optTime(end)
	return w
}

// stored shows every component as stored.
func stored(*order) view { return viewStored }

// loadComplex reads the complex order of the path, which must belong to
// the account of the path.
func (c *call) loadComplex() (complexOrder, reply, bool) {
	if _, rep, ok := c.ownAccount(c.seg[1]); !ok {
		return complexOrder{}, rep, false
	}
	id, err := strconv.ParseInt(c.seg[3], 10, 64)
	if err != nil {
		return complexOrder{}, notFound("complex order " + c.seg[3]), false
	}
	co, found, err := c.s.complexOrder(id)
	switch {
	case err != nil:
		return co, internalReply(err), false
	case !found || co.Account != c.seg[1]:
		return co, notFound("complex order " + c.seg[3]), false
	}
	return co, reply{}, true
}

// getComplexOrder serves GET /accounts/{n}/complex-orders/{id}.
func (c *call) getComplexOrder() reply {
	co, rep, ok := c.loadComplex()
	if !ok {
		return rep
	}
	cs, err := c.loadComponents(co)
	if err != nil {
		return internalReply(err)
	}
	return c.data(http.StatusOK, co.wire(cs, stored))
}

// cancelComplexOrder serves DELETE /accounts/{n}/complex-orders/{id}:
// every working component is cancelled at once, as a plain cancel is,
// and the answer shows those components in Cancel Requested. A complex
// order with nothing left working gets 422 cannot_update_order.
func (c *call) cancelComplexOrder() reply {
	co, rep, ok := c.loadComplex()
	if !ok {
		return rep
	}
	cs, err := c.loadComponents(co)
	if err != nil {
		return internalReply(err)
	}

	cancelled := map[int64]bool{}
	for _, o := range cs.all() {
		if !o.working() {
			continue
		}
		o.end(statusCancelled, c.now)
		if err := c.s.saveOrder(*o); err != nil {
			return internalReply(err)
		}
		cancelled[o.ID] = true
	}
	if len(cancelled) == 0 {
		return cannotUpdate(fmt.Sprintf("the complex order could not be cancelled: "+
			"none of its orders is working (complex order %d)", co.ID))
	}

	w := co.wire(cs, func(o *order) view {
		if cancelled[o.ID] {
			return viewCancelRequested
		}
		return viewStored
	})
	w.TerminalAt = "" // as its components, it shows the cancel requested
	return c.data(http.StatusOK, w)
}
