package reconcile

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ttplan/ttplan/provider"
)

// applyComplex carries out a change to a complex order.
func (a *applier) applyComplex(ctx context.Context, c *Change) (string, error) {
	op := c.complex
	switch c.Action {
	case Create:
		return a.placeComplex(ctx, c)
	case Update:
		var done []string
		for _, u := range op.Updates {
			msg, err := a.replace(ctx, &Change{Address: c.Address, order: u})
			if err != nil {
				return strings.Join(done, ", "), err
			}
			done = append(done, msg)
		}
		return strings.Join(done, ", "), nil
	case Replace:
		if err := a.cancelComplex(ctx, c); err != nil {
			return "", err
		}
		if a.stop != "" {
			return "", errors.New(a.stop)
		}
		a.res.Destroyed++
		msg, err := a.placeComplex(ctx, c)
		if err != nil {
			return "", fmt.Errorf("cancelled complex order %d, then could not place its replacement: %w", op.LiveID, err)
		}
		return fmt.Sprintf("cancelled [id=%d], %s", op.LiveID, msg), nil
	case Delete:
		if err := a.cancelComplex(ctx, c); err != nil {
			return "", err
		}
		a.res.Destroyed++
		return fmt.Sprintf("cancelled [id=%d]", op.LiveID), nil
	}
	return "", fmt.Errorf("unknown action %q", c.Action)
}

// placeComplex submits a declared complex order. As for a plain order,
// every tag is recorded first, the live orders are read just before, and
// a lost answer is resolved by reading back, never by sending again.
func (a *applier) placeComplex(ctx context.Context, c *Change) (string, error) {
	op := c.complex
	for i, tag := range op.Tags {
		if err := a.remember(tag, componentAddress(c.Address, op.Names[i])); err != nil {
			return "", err
		}
	}
	for _, tag := range op.Tags {
		if o, ok, err := a.appeared(ctx, op.Account, tag); err != nil {
			return "", fmt.Errorf("read live orders before placing: %w", err)
		} else if ok {
			return "", fmt.Errorf("order %d with a tag of this block appeared since the plan (%s), "+
				"perhaps from another ttplan run; nothing was placed, run plan again", o.ID, o.Status)
		}
	}

	co, err := a.opts.Broker.PlaceComplexOrder(ctx, op.Account, *op.Spec)
	if errors.Is(err, provider.ErrAmbiguous) {
		var o provider.Order
		o, err = a.readBack(ctx, op.Account, op.Tags[0], 0, err)
		co = provider.ComplexOrder{ID: o.ComplexOrderID, Orders: []provider.Order{o}}
	}
	if err != nil {
		return "", fmt.Errorf("place %s order: %w", strings.ToLower(string(op.Spec.Type)), err)
	}
	if co.Trigger != nil {
		a.seen[co.Trigger.ID] = true
	}
	for _, o := range co.Orders {
		a.seen[o.ID] = true
	}
	a.res.Added++
	return fmt.Sprintf("placed [id=%d]", co.ID), nil
}

// cancelComplex cancels a standing complex order by its id and waits
// until every component has ended. A component that traded since the
// plan stops every later placement.
func (a *applier) cancelComplex(ctx context.Context, c *Change) error {
	op := c.complex
	for _, o := range op.Live {
		if err := a.noteCancel(o); err != nil {
			return err
		}
	}
	_, err := a.opts.Broker.CancelComplexOrder(ctx, op.Account, op.LiveID)
	if err != nil && !provider.HasCode(err, "cannot_update_order") && !errors.Is(err, provider.ErrAmbiguous) {
		return fmt.Errorf("cancel complex order %d: %w", op.LiveID, err)
	}

	deadline := a.opts.Now().Add(a.opts.SettleTimeout)
	for _, live := range op.Live {
		if !live.Status.Working() {
			continue
		}
		for {
			o, err := a.opts.Broker.Order(context.WithoutCancel(ctx), live.AccountNumber, live.ID)
			if err != nil {
				return fmt.Errorf("cancel of complex order %d sent, but reading order %d back failed: %w", op.LiveID, live.ID, err)
			}
			if o.Status.Terminal() {
				if o.FilledQuantity().GreaterThan(live.FilledQuantity()) || o.Status == provider.StatusFilled {
					a.stop = fmt.Sprintf("%s: order %d traded while ttplan cancelled complex order %d (%s), "+
						"so the position is not what the plan assumed; run plan again",
						c.Address, o.ID, op.LiveID, fillSummary([]provider.Order{o}, false))
				}
				break
			}
			if !a.opts.Now().Before(deadline) {
				return fmt.Errorf("cancel of complex order %d sent, but order %d is still %s after %s; "+
					"nothing more was placed, run apply again", op.LiveID, o.ID, o.Status, a.opts.SettleTimeout)
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("cancel of complex order %d sent, then interrupted: %w", op.LiveID, ctx.Err())
			case <-time.After(a.opts.SettlePoll):
			}
		}
	}
	return nil
}
