package reconcile

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

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
			name := "component"
			if i := op.index(u.Spec.ExternalIdentifier); i >= 0 {
				name = op.Names[i]
			}
			msg, err := a.replaceAs(ctx, u, componentAddress(c.Address, name))
			if err != nil {
				return strings.Join(done, ", "), fmt.Errorf("%s: %w", name, err)
			}
			a.res.Changed-- // the complex order is one change, counted below
			done = append(done, name+" "+msg)
		}
		a.res.Changed++
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
		msg := fmt.Sprintf("cancelled [id=%d]", op.LiveID)
		if a.stop != "" {
			msg += "; part of it traded since the plan"
		}
		return msg, nil
	}
	return "", fmt.Errorf("unknown action %q", c.Action)
}

// placeComplex submits a declared complex order. As for a plain order,
// every tag is recorded first, the live orders are read just before, and
// a lost answer is resolved by reading back, never by sending again.
func (a *applier) placeComplex(ctx context.Context, c *Change) (string, error) {
	op := c.complex
	if err := a.placeOnce(op.Tags...); err != nil {
		return "", err
	}
	for i, tag := range op.Tags {
		if err := a.remember(tag, componentAddress(c.Address, op.Names[i])); err != nil {
			return "", err
		}
	}
	if o, ok, err := a.appeared(ctx, op.Account, op.Tags...); err != nil {
		return "", fmt.Errorf("read live orders before placing: %w", err)
	} else if ok {
		return "", fmt.Errorf("order %d with a tag of this block appeared since the plan (%s), "+
			"perhaps from another ttplan run; nothing was placed, run plan again", o.ID, o.Status)
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
	var ids []string
	for _, o := range append(triggerOf(co), co.Orders...) {
		a.seen[o.ID] = true
		name := "order"
		if i := op.index(o.ExternalIdentifier); i >= 0 {
			name = op.Names[i]
		}
		ids = append(ids, fmt.Sprintf("%s %d", name, o.ID))
	}
	a.res.Added++
	if len(ids) == 0 {
		return fmt.Sprintf("placed [id=%d]", co.ID), nil
	}
	return fmt.Sprintf("placed [id=%d: %s]", co.ID, strings.Join(ids, ", ")), nil
}

func triggerOf(co provider.ComplexOrder) []provider.Order {
	if co.Trigger == nil {
		return nil
	}
	return []provider.Order{*co.Trigger}
}

// preflightComplex asks the broker to check what c would send. For a
// replacement, a buying-power refusal is left for the placement to
// settle: the cancel frees what the standing order holds.
func (a *applier) preflightComplex(ctx context.Context, c *Change) error {
	op := c.complex
	if c.Action == Update {
		for _, u := range op.Updates {
			spec := u.Spec
			spec.Legs = remaining(u.Live.Legs)
			if _, err := a.opts.Broker.DryRunReplace(ctx, u.Live.AccountNumber, u.Live.ID, spec); err != nil && !onlyMargin(err) {
				return err
			}
		}
		return nil
	}
	_, err := a.opts.Broker.DryRunComplexOrder(ctx, op.Account, *op.Spec)
	if err != nil && !(c.Action == Replace && onlyMargin(err)) {
		return err
	}
	return nil
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
	// The account it stands in, which a replacement may not share.
	account := op.Account
	if len(op.Live) > 0 {
		account = op.Live[0].AccountNumber
	}
	_, err := a.opts.Broker.CancelComplexOrder(ctx, account, op.LiveID)
	if err != nil && !provider.HasCode(err, "cannot_update_order") && !errors.Is(err, provider.ErrAmbiguous) {
		return fmt.Errorf("cancel complex order %d: %w", op.LiveID, err)
	}

	for _, live := range op.Live {
		if !live.Status.Working() {
			continue
		}
		o, err := a.awaitTerminal(ctx, live, fmt.Sprintf("complex order %d", op.LiveID))
		if err != nil {
			return err
		}
		if o.FilledQuantity().GreaterThan(live.FilledQuantity()) || o.Status == provider.StatusFilled {
			a.stop = fmt.Sprintf("%s: order %d traded while ttplan cancelled complex order %d (%s), "+
				"so the position is not what the plan assumed; run plan again",
				c.Address, o.ID, op.LiveID, fillSummary([]provider.Order{o}, slices.ContainsFunc(op.Sensitive, hidesPrice)))
		}
	}
	return nil
}
