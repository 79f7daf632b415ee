package reconcile

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/ttplan/ttplan/config"
	"github.com/ttplan/ttplan/provider"
)

// Impact is what the broker's dry run says one change would do to the
// account's money. A debit is negative.
type Impact struct {
	BuyingPower decimal.Decimal `json:"buying_power_change"`
	Fees        decimal.Decimal `json:"fees"`
	Warnings    []string        `json:"warnings,omitempty"`

	// Sensitive hides the amounts, which would tell a sensitive price or
	// quantity.
	Sensitive bool `json:"sensitive,omitempty"`
}

// MarshalJSON leaves out the amounts of a sensitive impact: its mark is
// all that is written, to plan -json and to plan files alike.
func (imp Impact) MarshalJSON() ([]byte, error) {
	type plain Impact
	if !imp.Sensitive {
		return json.Marshal(plain(imp))
	}
	return json.Marshal(struct {
		Warnings  []string `json:"warnings,omitempty"`
		Sensitive bool     `json:"sensitive"`
	}{imp.Warnings, true})
}

// PreviewOptions control Preview.
type PreviewOptions struct {
	// DryRun asks the broker to dry-run every order to place or replace.
	DryRun bool

	// AllowWarnings lists dry-run warning codes that do not stop the
	// plan, beside the informational ones ttplan knows.
	AllowWarnings []string
}

// placement is one order a change sends, and what it is worth.
type placement struct {
	account  string
	spec     provider.OrderSpec
	names    []string // sensitive arguments
	verb     string
	value    decimal.NullDecimal
	replaces *provider.Order
}

// placements lists the orders c would send.
func (c *Change) placements() []*placement {
	if c.Action == Delete || (c.order == nil && c.complex == nil) {
		return nil
	}
	if c.sends == nil && c.complex != nil {
		op := c.complex
		for _, u := range op.Updates {
			spec := u.Spec
			spec.Legs = remaining(u.Live.Legs)
			c.sends = append(c.sends, &placement{account: u.Account, spec: spec, names: u.Sensitive,
				verb: "replaces a component with", replaces: u.Live})
		}
		if op.Spec != nil && c.Action != Update {
			for i := range op.Names {
				c.sends = append(c.sends, &placement{account: op.Account, spec: op.specOf(i),
					names: sensitiveAt(op, i), verb: "places"})
			}
		}
	}
	if c.sends == nil {
		spec := c.order.Spec
		verb := "places"
		if c.Action == Update {
			// A cancel-replace keeps the legs and what is left of them.
			spec.Legs = remaining(c.order.Live.Legs)
			verb = "replaces with"
		}
		c.sends = []*placement{{account: c.order.Account, spec: spec, names: c.order.Sensitive, verb: verb, replaces: c.order.Live}}
	}
	return c.sends
}

// Preview checks every order the plan would send against the broker
// before anyone applies it: each price against the instrument's tick
// sizes, and, with DryRun, the broker's dry run, whose buying-power
// effect, fees and warnings it adds to the change. A refusal is a plan
// error that names the block. It returns an error only when the broker
// could not be asked.
func Preview(ctx context.Context, b provider.Broker, cfg *config.Config, p *Plan, opts PreviewOptions) error {
	pv := &previewer{b: b, p: p, instruments: map[string]provider.Instrument{}, where: blockLocations(cfg),
		allow: opts.AllowWarnings}
	total := Impact{}
	counted, hidden := 0, false
	for _, c := range p.Changes {
		errs := len(p.Errors)
		for _, pl := range c.placements() {
			if err := pv.check(ctx, c, pl); err != nil {
				return err
			}
		}
		// An order already refused needs no dry run to be refused again.
		if !opts.DryRun || len(c.placements()) == 0 || len(p.Errors) > errs {
			continue
		}
		imp, err := pv.dryRun(ctx, c)
		if err != nil {
			return err
		}
		if imp != nil {
			c.Impact = imp
			total.BuyingPower = total.BuyingPower.Add(imp.BuyingPower)
			total.Fees = total.Fees.Add(imp.Fees)
			hidden = hidden || imp.Sensitive
			counted++
		}
	}
	if counted > 0 {
		total.Sensitive = hidden
		p.Impact = &total
	}
	sortNotes(p.Errors)
	sortNotes(p.Warnings)
	return nil
}

type previewer struct {
	b           provider.Broker
	p           *Plan
	instruments map[string]provider.Instrument
	where       map[string]string
	allow       []string
}

// fail records a plan error about c that names its block.
func (pv *previewer) fail(c *Change, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if at := pv.where[baseAddress(c.Address)]; at != "" {
		msg += " (" + at + ")"
	}
	pv.p.Errors = append(pv.p.Errors, Note{Address: c.Address, Message: scrub(msg, changeSecrets(c))})
}

// instrument reads an instrument once per plan. A symbol the broker does
// not know is reported against c, and ok is false.
func (pv *previewer) instrument(ctx context.Context, c *Change, typ provider.InstrumentType, symbol string) (provider.Instrument, bool, error) {
	key := string(typ) + "\x00" + symbol
	if in, ok := pv.instruments[key]; ok {
		return in, true, nil
	}
	in, err := pv.b.Instrument(ctx, typ, symbol)
	var apiErr *provider.APIError
	switch {
	case errors.Is(err, provider.ErrNotFound) || (errors.As(err, &apiErr) && apiErr.Status == 404):
		pv.fail(c, "the broker knows no %s %q", provider.HCLSpelling(typ), symbol)
		return provider.Instrument{}, false, nil
	case err != nil:
		return provider.Instrument{}, false, scrubError(fmt.Errorf("read instrument %s: %w", symbol, err), changeSecrets(c))
	}
	if !in.Multiplier.IsPositive() {
		in.Multiplier = decimal.NewFromInt(1)
	}
	pv.instruments[key] = in
	return in, true, nil
}

// check compares a placement's prices with the tick sizes and works out
// what the order is worth, for the limits.
func (pv *previewer) check(ctx context.Context, c *Change, pl *placement) error {
	s := pl.spec
	var legs []provider.Instrument
	for _, l := range s.Legs {
		in, ok, err := pv.instrument(ctx, c, l.InstrumentType, l.Symbol)
		if err != nil || !ok {
			return err
		}
		legs = append(legs, in)
	}
	if len(legs) == 0 {
		return nil
	}

	schedule, what, err := pv.schedule(ctx, c, s.Legs, legs)
	if err != nil {
		return err
	}
	for _, amount := range []struct {
		name string
		v    decimal.NullDecimal
	}{{"price", s.Price}, {"stop_trigger", s.StopTrigger}} {
		if !amount.v.Valid {
			continue
		}
		tick, ok := provider.TickAt(schedule, amount.v.Decimal)
		if !ok {
			pv.p.Warnings = append(pv.p.Warnings, Note{Address: c.Address, Message: fmt.Sprintf(
				"the broker gives no tick sizes for this order's legs, so its %s was not checked "+
					"against them", amount.name)})
			continue
		}
		if amount.v.Decimal.Mod(tick).IsZero() {
			continue
		}
		pv.fail(c, "%s %s is not a multiple of %s, the tick size of %s at that price; ttplan never rounds a price",
			amount.name, hideIf(slices.Contains(pl.names, amount.name), amount.v.Decimal.String()), tick,
			hideIf(slices.Contains(pl.names, "leg.symbol"), what))
	}

	qty := decimal.Zero
	for _, l := range s.Legs {
		if l.Quantity.Valid && l.Quantity.Decimal.GreaterThan(qty) {
			qty = l.Quantity.Decimal
		}
	}
	switch {
	case s.Value.Valid:
		pl.value = s.Value
	case s.Price.Valid:
		pl.value = decimal.NewNullDecimal(s.Price.Decimal.Mul(qty).Mul(legs[0].Multiplier))
	case s.StopTrigger.Valid:
		pl.value = decimal.NewNullDecimal(s.StopTrigger.Decimal.Mul(qty).Mul(legs[0].Multiplier))
	}
	return nil
}

// schedule returns the tick sizes that apply to an order's price: the
// instrument's own for one leg (for an equity option, its underlying's
// option schedule when the option has none), and the underlying's spread
// schedule for several option legs on one underlying.
func (pv *previewer) schedule(ctx context.Context, c *Change, legs []provider.Leg, ins []provider.Instrument) ([]provider.TickSize, string, error) {
	first := legs[0]
	if len(legs) == 1 && len(ins[0].TickSizes) > 0 {
		return ins[0].TickSizes, first.Symbol, nil
	}
	if first.InstrumentType != provider.EquityOption {
		return nil, "", nil
	}
	root := optionRoot(first.Symbol)
	for _, l := range legs {
		if l.InstrumentType != provider.EquityOption || optionRoot(l.Symbol) != root {
			return nil, "", nil
		}
	}
	under, ok, err := pv.instrument(ctx, c, provider.Equity, root)
	if err != nil || !ok {
		return nil, "", err
	}
	if len(legs) == 1 {
		return under.OptionTickSizes, root + " options", nil
	}
	return under.SpreadTickSizes, root + " option spreads", nil
}

// optionRoot is the underlying of an OCC option symbol.
func optionRoot(symbol string) string {
	if len(symbol) < 6 {
		return symbol
	}
	return strings.TrimSpace(symbol[:6])
}

// dryRun asks the broker what c's order would do. A refusal is a plan
// error, except a buying-power refusal of an order that replaces a
// standing one, whose buying power the cancel frees: that is a warning.
func (pv *previewer) dryRun(ctx context.Context, c *Change) (*Impact, error) {
	imp := &Impact{}
	if op := c.complex; op != nil && c.Action != Update {
		r, err := pv.b.DryRunComplexOrder(ctx, op.Account, *op.Spec)
		var apiErr *provider.APIError
		switch {
		case errors.As(err, &apiErr) && !(c.Action == Replace && onlyMargin(err)):
			pv.fail(c, "the broker's dry run refused this order: %s", brokerReason(apiErr))
			return nil, nil
		case apiErr != nil:
			pv.p.Warnings = append(pv.p.Warnings, Note{Address: c.Address, Message: "the broker's dry run " +
				"reports too little buying power, but the order it replaces holds buying power that " +
				"the replacement frees; apply checks again"})
			return nil, nil
		case err != nil:
			return nil, fmt.Errorf("dry run of %s: %w", c.Address, err)
		}
		hidden := false
		for _, n := range op.Sensitive {
			hidden = hidden || hidesAmount(n)
		}
		pv.checkWarnings(c, r)
		imp := impactOf(r, c, hidden)
		for _, pl := range c.placements() {
			if !pl.value.Valid {
				// A market component has no price: the whole order's
				// cost bounds what it is worth.
				pl.value = decimal.NewNullDecimal(imp.BuyingPower.Abs())
			}
		}
		return imp, nil
	}
	for _, pl := range c.placements() {
		var r provider.DryRunResult
		var err error
		if pl.replaces != nil && c.Action == Update {
			// The broker's cancel-replace: the standing order's buying
			// power is freed.
			r, err = pv.b.DryRunReplace(ctx, pl.replaces.AccountNumber, pl.replaces.ID, pl.spec)
		} else {
			r, err = pv.b.DryRun(ctx, pl.account, pl.spec)
		}
		var apiErr *provider.APIError
		switch {
		case err != nil && pl.replaces != nil && onlyMargin(err):
			pv.p.Warnings = append(pv.p.Warnings, Note{Address: c.Address, Message: "the broker's dry run " +
				"reports too little buying power, but the order it replaces holds buying power that " +
				"the replacement frees; apply checks again"})
			continue
		case errors.As(err, &apiErr):
			pv.fail(c, "the broker's dry run refused this order: %s", brokerReason(apiErr))
			return nil, nil
		case err != nil:
			return nil, fmt.Errorf("dry run of %s: %w", c.Address, err)
		}
		pv.checkWarnings(c, r)
		one := impactOf(r, c, hidesAmount(pl.names))
		if !pl.value.Valid {
			// A market order has no price: what it costs is its worth.
			pl.value = decimal.NewNullDecimal(one.BuyingPower.Abs())
		}
		imp.BuyingPower = imp.BuyingPower.Add(one.BuyingPower)
		imp.Fees = imp.Fees.Add(one.Fees)
		imp.Warnings = append(imp.Warnings, one.Warnings...)
		imp.Sensitive = imp.Sensitive || one.Sensitive
	}
	return imp, nil
}

// impactOf turns a dry run's answer into c's Impact.
func impactOf(r provider.DryRunResult, c *Change, hidden bool) *Impact {
	imp := &Impact{BuyingPower: signed(r.BuyingPowerChange, r.BuyingPowerChangeEffect), Fees: r.Fees, Sensitive: hidden}
	for _, w := range r.Warnings {
		imp.Warnings = append(imp.Warnings, scrub(w.Message, changeSecrets(c)))
	}
	return imp
}

// informational are the dry-run warnings known to need nothing: the
// order will work from the next session (spelled with three s on the
// wire, and with two in case the API mends it).
var informational = map[string]bool{"tif_next_valid_sesssion": true, "tif_next_valid_session": true}

// checkWarnings turns a dry-run warning ttplan does not know into a plan
// error, unless the user allowed its code: the broker says an order it
// warned about may be rejected when it is sent.
func (pv *previewer) checkWarnings(c *Change, r provider.DryRunResult) {
	for _, w := range r.Warnings {
		if informational[w.Code] || slices.Contains(pv.allow, w.Code) {
			continue
		}
		pv.fail(c, "the broker's dry run warns (%s): %s. ttplan stops on a warning it does not know; "+
			"if it is expected, plan with -allow-warning=%s", w.Code, w.Message, w.Code)
	}
}

// hidesAmount reports whether names hide anything an order's money
// effect would tell.
func hidesAmount(names []string) bool {
	return hidesPrice(names) || slices.Contains(names, "leg.quantity")
}

// brokerReason is the broker's reason for a refusal: the failed checks
// when it lists them, else its message.
func brokerReason(e *provider.APIError) string {
	var parts []string
	for _, d := range e.Details {
		parts = append(parts, d.Message)
	}
	if len(parts) == 0 {
		return e.Message
	}
	return strings.Join(parts, "; ")
}

// signed gives a debit a minus sign.
func signed(d decimal.Decimal, e provider.Effect) decimal.Decimal {
	if e == provider.Debit {
		return d.Abs().Neg()
	}
	return d.Abs()
}

// blockLocations maps every block address to "file:line".
func blockLocations(cfg *config.Config) map[string]string {
	out := map[string]string{}
	for _, b := range cfg.Blocks() {
		if b.DeclRange.Filename != "" {
			out[b.Address] = fmt.Sprintf("%s:%d", filepath.Base(b.DeclRange.Filename), b.DeclRange.Start.Line)
		}
	}
	return out
}
