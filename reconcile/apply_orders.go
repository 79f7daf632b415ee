package reconcile

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ttplan/ttplan/provider"
)

// place submits a declared order. The tag is recorded before the order
// is sent, and an answer that never came is resolved by reading the live
// orders back, never by sending again: the broker does not deduplicate.
func (a *applier) place(ctx context.Context, c *Change) (string, error) {
	op := c.order
	if err := a.remember(op.Spec.ExternalIdentifier, c.Address); err != nil {
		return "", err
	}

	o, err := a.opts.Broker.PlaceOrder(ctx, op.Account, op.Spec)
	if errors.Is(err, provider.ErrAmbiguous) {
		o, err = a.readBack(ctx, op.Account, op.Spec.ExternalIdentifier, 0, err)
	}
	if err != nil {
		return "", fmt.Errorf("place order: %w", err)
	}
	return fmt.Sprintf("placed [id=%d]", o.ID), nil
}

// replace changes an order's price, type or time in force with the
// broker's cancel-replace, and follows the new id.
func (a *applier) replace(ctx context.Context, c *Change) (string, error) {
	op := c.order
	if err := a.remember(op.Spec.ExternalIdentifier, c.Address); err != nil {
		return "", err
	}

	o, err := a.opts.Broker.ReplaceOrder(ctx, op.Live.AccountNumber, op.Live.ID, op.Spec)
	if errors.Is(err, provider.ErrAmbiguous) {
		o, err = a.readBack(ctx, op.Live.AccountNumber, op.Spec.ExternalIdentifier, op.Live.ID, err)
	}
	if provider.HasCode(err, "cannot_update_order") {
		return "", a.explainGone(ctx, op.Live, "replaced", err)
	}
	if err != nil {
		return "", fmt.Errorf("replace order %d: %w", op.Live.ID, err)
	}
	return fmt.Sprintf("replaced [id=%d -> %d]", op.Live.ID, o.ID), nil
}

// cancelThenPlace cancels the standing order, waits until the broker
// confirms it is cancelled, and only then places the new one: an order
// that filled in the meantime stops the apply instead of doubling the
// position.
func (a *applier) cancelThenPlace(ctx context.Context, c *Change) (string, error) {
	live := c.order.Live
	final, err := a.cancelAndSettle(ctx, *live)
	if err != nil {
		return "", err
	}
	if final.Status != provider.StatusCancelled || final.FilledQuantity().IsPositive() {
		return "", fmt.Errorf("order %d is %s (not cancelled), so the new order was not placed; run plan again", live.ID, final.Status)
	}

	msg, err := a.place(ctx, c)
	if err != nil {
		return "", fmt.Errorf("cancelled order %d, then: %w", live.ID, err)
	}
	return fmt.Sprintf("cancelled [id=%d], %s", live.ID, msg), nil
}

// cancel cancels an order that is no longer declared. An order that
// reached a terminal status on its own counts as done, and the summary
// says which status.
func (a *applier) cancel(ctx context.Context, c *Change) (string, error) {
	live := c.order.Live
	o, err := a.opts.Broker.CancelOrder(ctx, live.AccountNumber, live.ID)
	if provider.HasCode(err, "cannot_update_order") {
		cur, rerr := a.opts.Broker.Order(ctx, live.AccountNumber, live.ID)
		if rerr != nil || !cur.Status.Terminal() {
			return "", fmt.Errorf("cancel order %d: %w", live.ID, err)
		}
		return fmt.Sprintf("already %s [id=%d]", cur.Status, live.ID), nil
	}
	if err != nil {
		return "", fmt.Errorf("cancel order %d: %w", live.ID, err)
	}
	if o.Status == provider.StatusCancelRequested {
		return fmt.Sprintf("cancel requested [id=%d]", live.ID), nil
	}
	return fmt.Sprintf("cancelled [id=%d]", live.ID), nil
}

// cancelAndSettle cancels an order and reads it until it is terminal.
func (a *applier) cancelAndSettle(ctx context.Context, live provider.Order) (provider.Order, error) {
	o, err := a.opts.Broker.CancelOrder(ctx, live.AccountNumber, live.ID)
	if err != nil && !provider.HasCode(err, "cannot_update_order") {
		return o, fmt.Errorf("cancel order %d: %w", live.ID, err)
	}

	deadline := a.opts.Now().Add(a.opts.SettleTimeout)
	for {
		o, err = a.opts.Broker.Order(ctx, live.AccountNumber, live.ID)
		if err != nil {
			return o, fmt.Errorf("read order %d after cancelling it: %w", live.ID, err)
		}
		if o.Status.Terminal() {
			return o, nil
		}
		if !a.opts.Now().Before(deadline) {
			return o, fmt.Errorf("order %d is still %s after %s; the new order was not placed, run apply again", live.ID, o.Status, a.opts.SettleTimeout)
		}
		select {
		case <-ctx.Done():
			return o, ctx.Err()
		case <-time.After(a.opts.SettlePoll):
		}
	}
}

// readBack resolves a write whose answer was lost: it reads the live
// orders and adopts the standing order with the tag (and, for a replace,
// the link to the replaced order).
func (a *applier) readBack(ctx context.Context, account, tag string, replaces int64, cause error) (provider.Order, error) {
	a.opts.Log.Warn("answer lost; reading live orders back", "account", account)
	orders, err := a.opts.Broker.LiveOrders(ctx, account)
	if err != nil {
		return provider.Order{}, fmt.Errorf("%w; reading back also failed: %v", cause, err)
	}
	for _, o := range orders {
		if o.ExternalIdentifier == tag && o.Status.Working() && (replaces == 0 || o.ReplacesOrderID == replaces) {
			return o, nil
		}
	}
	return provider.Order{}, fmt.Errorf("%w; no order with its tag is standing, so it was not placed", cause)
}

// explainGone turns a refusal to touch a terminal order into a message
// that says what happened to it.
func (a *applier) explainGone(ctx context.Context, live *provider.Order, verb string, err error) error {
	cur, rerr := a.opts.Broker.Order(ctx, live.AccountNumber, live.ID)
	if rerr != nil {
		return fmt.Errorf("order %d could not be %s: %w", live.ID, verb, err)
	}
	return fmt.Errorf("order %d could not be %s: it is %s; run plan again", live.ID, verb, cur.Status)
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

func isNotFound(err error) bool {
	return errors.Is(err, provider.ErrNotFound)
}
