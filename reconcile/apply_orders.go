package reconcile

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/ttplan/ttplan/provider"
)

// readBackTimeout bounds the reads that resolve a lost answer. They run
// even after an interrupt: knowing whether an order exists matters most
// then.
const readBackTimeout = 15 * time.Second

// preflight asks the broker to check every order the apply will send
// before anything is changed. For orders that replace a standing one, a
// buying-power refusal is ignored: the standing order holds buying power
// that the replacement frees.
func (a *applier) preflight(ctx context.Context, steps []*Change) error {
	for _, c := range steps {
		if c.complex != nil && c.Action != Delete {
			if err := a.preflightComplex(ctx, c); err != nil {
				return scrubError(fmt.Errorf("the broker's preflight refused %s, so nothing was applied: %w", c.Address, err),
					changeSecrets(c))
			}
			continue
		}
		if c.order == nil || c.Action == Delete {
			continue
		}
		spec := c.order.Spec
		if c.Action == Update {
			// A cancel-replace keeps the legs and what is left of them.
			spec.Legs = remaining(c.order.Live.Legs)
		}
		_, err := a.opts.Broker.DryRun(ctx, c.order.Account, spec)
		if err == nil || (c.order.Live != nil && onlyMargin(err)) {
			continue
		}
		return scrubError(fmt.Errorf("the broker's preflight refused %s, so nothing was applied: %w", c.Address, err),
			changeSecrets(c))
	}
	return nil
}

// remaining returns legs with the quantity each has left to fill.
func remaining(legs []provider.Leg) []provider.Leg {
	out := make([]provider.Leg, len(legs))
	for i, l := range legs {
		out[i] = provider.Leg{InstrumentType: l.InstrumentType, Symbol: l.Symbol, Action: l.Action, Quantity: l.Quantity}
		if l.RemainingQuantity.Valid {
			out[i].Quantity = l.RemainingQuantity
		}
	}
	return out
}

// onlyMargin reports whether err is a preflight failure on buying power
// alone.
func onlyMargin(err error) bool {
	var apiErr *provider.APIError
	if !errors.As(err, &apiErr) || len(apiErr.Details) == 0 {
		return false
	}
	for _, d := range apiErr.Details {
		if d.Code != "margin_check_failed" {
			return false
		}
	}
	return true
}

// place submits a declared order. The tag is recorded before the order
// is sent, and an answer that never came is resolved by reading the
// orders back, never by sending again: the broker does not deduplicate.
// Just before sending, the live orders are read once more, so an order
// another run placed meanwhile is not placed twice.
func (a *applier) place(ctx context.Context, c *Change) (string, error) {
	op := c.order
	if err := a.placeOnce(op.Spec.ExternalIdentifier); err != nil {
		return "", err
	}
	if err := a.remember(op.Spec.ExternalIdentifier, c.Address); err != nil {
		return "", err
	}
	if o, ok, err := a.appeared(ctx, op.Account, op.Spec.ExternalIdentifier); err != nil {
		return "", fmt.Errorf("read live orders before placing: %w", err)
	} else if ok {
		return "", fmt.Errorf("order %d with this block's tag appeared since the plan (%s), "+
			"perhaps from another ttplan run; nothing was placed, run plan again", o.ID, o.Status)
	}

	o, err := a.opts.Broker.PlaceOrder(ctx, op.Account, op.Spec)
	if errors.Is(err, provider.ErrAmbiguous) {
		o, err = a.readBack(ctx, op.Account, op.Spec.ExternalIdentifier, 0, err)
	}
	if err != nil {
		return "", fmt.Errorf("place order: %w", err)
	}
	a.seen[o.ID] = true
	a.res.Added++
	return fmt.Sprintf("placed [id=%d]", o.ID), nil
}

// appeared looks, in one read, for an order with one of the tags that
// the plan did not see, in any status: one placed by another run since,
// even if it has already filled.
func (a *applier) appeared(ctx context.Context, account string, tags ...string) (provider.Order, bool, error) {
	orders, err := a.opts.Broker.LiveOrders(ctx, account)
	if err != nil {
		return provider.Order{}, false, err
	}
	for _, o := range orders {
		if slices.Contains(tags, o.ExternalIdentifier) && !a.seen[o.ID] {
			return o, true, nil
		}
	}
	return provider.Order{}, false, nil
}

// replace changes an order's price, type or time in force with the
// broker's cancel-replace, and follows the new id.
func (a *applier) replace(ctx context.Context, c *Change) (string, error) {
	return a.replaceAs(ctx, c.order, c.Address)
}

// replaceAs replaces op's order, recording its tag as address's.
func (a *applier) replaceAs(ctx context.Context, op *orderOp, address string) (string, error) {
	if err := a.remember(op.Spec.ExternalIdentifier, address); err != nil {
		return "", err
	}

	o, err := a.opts.Broker.ReplaceOrder(ctx, op.Live.AccountNumber, op.Live.ID, op.Spec)
	if errors.Is(err, provider.ErrAmbiguous) {
		o, err = a.readBack(ctx, op.Live.AccountNumber, op.Spec.ExternalIdentifier, op.Live.ID, err)
	}
	if provider.HasCode(err, "cannot_update_order") {
		return "", a.explainGone(ctx, op.Live, err)
	}
	if err != nil {
		return "", fmt.Errorf("replace order %d: %w", op.Live.ID, err)
	}
	a.seen[o.ID] = true
	a.res.Changed++
	return fmt.Sprintf("replaced [id=%d -> %d]", op.Live.ID, o.ID), nil
}

// cancelThenPlace cancels the standing order, waits until the broker
// confirms it is cancelled, and only then places the new one. An order
// that filled, or was replaced outside ttplan, in the meantime stops the
// apply instead of doubling the position.
func (a *applier) cancelThenPlace(ctx context.Context, c *Change) (string, error) {
	live := c.order.Live
	final, err := a.cancelAndSettle(ctx, *live)
	if err != nil {
		return "", err
	}
	switch {
	case final.FilledQuantity().GreaterThan(live.FilledQuantity()) || final.Status == provider.StatusFilled:
		return "", fmt.Errorf("ttplan cancelled order %d, but it had traded since the plan (%s); "+
			"the new order was not placed, run plan again", live.ID, fillSummary([]provider.Order{final}, hidesPrice(c.order.Sensitive)))
	case final.ReplacingOrderID != 0:
		return "", fmt.Errorf("order %d was replaced outside ttplan by order %d; the new order was not placed, run plan again",
			live.ID, final.ReplacingOrderID)
	case final.Status != provider.StatusCancelled:
		return "", fmt.Errorf("order %d ended %s, not cancelled; the new order was not placed, run plan again", live.ID, final.Status)
	}

	a.res.Destroyed++
	msg, err := a.place(ctx, c)
	if err != nil {
		return "", fmt.Errorf("cancelled order %d, then could not place its replacement: %w", live.ID, err)
	}
	return fmt.Sprintf("cancelled [id=%d], %s", live.ID, msg), nil
}

// cancel cancels an order that is no longer declared, and waits until the
// broker confirms it. An order that ended on its own counts as done and
// says how; one that traded since the plan also stops every later
// placement in this apply.
func (a *applier) cancel(ctx context.Context, c *Change) (string, error) {
	live := c.order.Live
	final, err := a.cancelAndSettle(ctx, *live)
	if err != nil {
		return "", err
	}

	msg := fmt.Sprintf("cancelled [id=%d]", live.ID)
	switch {
	case final.ReplacingOrderID != 0:
		a.stop = fmt.Sprintf("%s: order %d was replaced outside ttplan by order %d while ttplan "+
			"cancelled it, and that order may still stand; run plan again", c.Address, live.ID, final.ReplacingOrderID)
		msg = fmt.Sprintf("replaced outside ttplan by order %d [id=%d]", final.ReplacingOrderID, live.ID)
	case final.Status == provider.StatusFilled:
		msg = fmt.Sprintf("already ended: %s", fillSummary([]provider.Order{final}, hidesPrice(c.order.Sensitive)))
	case final.Status != provider.StatusCancelled:
		msg = fmt.Sprintf("already %s [id=%d]", final.Status, live.ID)
	default:
		a.res.Destroyed++
	}
	if final.FilledQuantity().GreaterThan(live.FilledQuantity()) {
		a.stop = fmt.Sprintf("%s: order %d traded while ttplan cancelled it (%s), so the position "+
			"is not what the plan assumed; run plan again", c.Address, live.ID, fillSummary([]provider.Order{final}, hidesPrice(c.order.Sensitive)))
		msg += "; it traded since the plan"
	}
	return msg, nil
}

// cancelAndSettle cancels an order and reads it until it is terminal. A
// refusal because the order is already terminal is not an error: the
// read that follows says what became of it.
func (a *applier) cancelAndSettle(ctx context.Context, live provider.Order) (provider.Order, error) {
	if err := a.noteCancel(live); err != nil {
		return live, err
	}
	o, err := a.opts.Broker.CancelOrder(ctx, live.AccountNumber, live.ID)
	if err != nil && !provider.HasCode(err, "cannot_update_order") && !errors.Is(err, provider.ErrAmbiguous) {
		return o, fmt.Errorf("cancel order %d: %w", live.ID, err)
	}

	return a.awaitTerminal(ctx, live, fmt.Sprintf("order %d", live.ID))
}

// readBack resolves a write whose answer was lost. It reads the orders
// back a few times and adopts an order with the tag that the plan did
// not know of (for a replace, one that replaces the old order), whatever
// its status.
func (a *applier) readBack(ctx context.Context, account, tag string, replaces int64, cause error) (provider.Order, error) {
	a.opts.Log.Warn("answer lost; reading orders back", "account", account)
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), readBackTimeout)
	defer cancel()

	var lastErr error
	for try := 0; try < 4; try++ {
		if try > 0 {
			time.Sleep(a.opts.SettlePoll)
		}
		orders, err := a.opts.Broker.LiveOrders(ctx, account)
		if err != nil {
			lastErr = err
			continue
		}
		for _, o := range orders {
			fresh := !a.seen[o.ID]
			if o.ExternalIdentifier == tag && fresh && (replaces == 0 || o.ReplacesOrderID == replaces) {
				return o, nil
			}
		}
	}
	if lastErr != nil {
		return provider.Order{}, fmt.Errorf("%w; reading back failed too (%v): run plan before doing anything by hand", cause, lastErr)
	}
	return provider.Order{}, fmt.Errorf("%w; no new order with its tag is visible yet: run plan before doing anything by hand", cause)
}

// explainGone turns a refusal to replace a finished order into a message
// that says what happened to it.
func (a *applier) explainGone(ctx context.Context, live *provider.Order, err error) error {
	cur, rerr := a.opts.Broker.Order(ctx, live.AccountNumber, live.ID)
	if rerr != nil {
		return fmt.Errorf("order %d could not be replaced: %w", live.ID, err)
	}
	return fmt.Errorf("order %d could not be replaced: it is %s; run plan again", live.ID, cur.Status)
}

// remember records the tag's address, and the day it was first placed,
// before anything is sent.
func (a *applier) remember(tag, address string) error {
	r, ok := a.entry.Orders[tag]
	if ok && r.Address == address {
		return nil
	}
	if !ok {
		r.FirstPlaced = a.opts.Now().In(newYork).Format(time.DateOnly)
	}
	r.Address = address
	a.entry.Orders[tag] = r
	return a.save()
}

// noteCancel records, before the cancel is sent, that ttplan cancels this
// order, so a later plan does not call it a cancel made outside ttplan.
func (a *applier) noteCancel(o provider.Order) error {
	r, ok := a.entry.Orders[o.ExternalIdentifier]
	if !ok {
		return nil
	}
	const keep = 20
	r.Cancelled = append(r.Cancelled, o.ID)
	if len(r.Cancelled) > keep {
		r.Cancelled = r.Cancelled[len(r.Cancelled)-keep:]
	}
	a.entry.Orders[o.ExternalIdentifier] = r
	return a.save()
}

func isNotFound(err error) bool {
	return errors.Is(err, provider.ErrNotFound)
}

// awaitTerminal reads the order until it is terminal, after a cancel of
// what names it was sent. The reads go on after an interrupt: knowing
// where the order ended matters most then.
func (a *applier) awaitTerminal(ctx context.Context, live provider.Order, what string) (provider.Order, error) {
	deadline := a.opts.Now().Add(a.opts.SettleTimeout)
	for {
		o, err := a.opts.Broker.Order(context.WithoutCancel(ctx), live.AccountNumber, live.ID)
		if err != nil {
			return o, fmt.Errorf("cancel of %s sent, but reading order %d back failed: %w", what, live.ID, err)
		}
		if o.Status.Terminal() {
			return o, nil
		}
		if !a.opts.Now().Before(deadline) {
			return o, fmt.Errorf("cancel of %s sent, but order %d is still %s after %s; nothing more was placed, run apply again",
				what, live.ID, o.Status, a.opts.SettleTimeout)
		}
		select {
		case <-ctx.Done():
			return o, fmt.Errorf("cancel of %s sent, then interrupted while order %d was %s; nothing more was placed: %w",
				what, live.ID, o.Status, ctx.Err())
		case <-time.After(a.opts.SettlePoll):
		}
	}
}

// placeOnce refuses to place a second order with one tag in one apply:
// no plan holds two placements for one block, so a plan that does was
// edited.
func (a *applier) placeOnce(tags ...string) error {
	if a.placed == nil {
		a.placed = map[string]bool{}
	}
	for _, tag := range tags {
		if a.placed[tag] {
			return fmt.Errorf("the plan places an order with tag %s twice; nothing more was placed", tag)
		}
	}
	for _, tag := range tags {
		a.placed[tag] = true
	}
	return nil
}
