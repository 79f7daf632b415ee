package emulator

import (
	"github.com/shopspring/decimal"
)

// Fee schedule per contract or share. The numbers are plausible, not
// tastytrade's: clients should show fees, not rely on them.
var (
	optionCommission    = decimal.NewFromInt(1)
	optionCommissionCap = decimal.NewFromInt(10)
	optionClearing      = decimal.RequireFromString("0.10")
	optionRegulatory    = decimal.RequireFromString("0.02")
	indexOptionFee      = decimal.RequireFromString("0.65")
	equityClearing      = decimal.RequireFromString("0.0008")
	secFeeRate          = decimal.RequireFromString("0.0000278")
	futureCommission    = decimal.RequireFromString("1.25")
	futOptCommission    = decimal.RequireFromString("2.50")
	futureClearing      = decimal.RequireFromString("0.30")
	futureRegulatory    = decimal.RequireFromString("1.40")
	cryptoRate          = decimal.RequireFromString("0.01")
	cryptoCap           = decimal.NewFromInt(10)
	shortOptionRate     = decimal.RequireFromString("0.20")
)

// fees is the fee-calculation of an order.
type fees struct {
	regulatory, clearing, commission, indexOption decimal.Decimal
}

// plus adds the fees of another order.
func (f fees) plus(g fees) fees {
	return fees{regulatory: f.regulatory.Add(g.regulatory), clearing: f.clearing.Add(g.clearing),
		commission: f.commission.Add(g.commission), indexOption: f.indexOption.Add(g.indexOption)}
}

func (f fees) total() decimal.Decimal {
	return f.regulatory.Add(f.clearing).Add(f.commission).Add(f.indexOption)
}

func (f fees) wire() map[string]string {
	out := map[string]string{}
	for name, v := range map[string]decimal.Decimal{
		"regulatory-fees": f.regulatory, "clearing-fees": f.clearing, "commission": f.commission,
		"proprietary-index-option-fees": f.indexOption, "total-fees": f.total(),
	} {
		out[name], out[name+"-effect"] = amountEffect(v, "Debit")
	}
	return out
}

// amountEffect splits a signed amount into the API's magnitude and
// effect; positive is the given effect, zero is None.
func amountEffect(v decimal.Decimal, positive string) (string, string) {
	switch {
	case v.IsZero():
		return decString(decimal.Zero), "None"
	case v.Sign() > 0:
		return decString(v), positive
	}
	other := map[string]string{"Debit": "Credit", "Credit": "Debit"}[positive]
	return decString(v.Neg()), other
}

// legQuantity is a leg's quantity; a notional leg's is its value over
// the mark.
func legQuantity(s orderSpec, l legSpec, in instrument) decimal.Decimal {
	if l.Quantity != nil {
		return *l.Quantity
	}
	if s.Value != nil && in.Mark.Sign() > 0 {
		return s.Value.DivRound(in.Mark, 8)
	}
	return decimal.Zero
}

// unitPrice is what one unit of a leg costs: the order's price, stop
// trigger or value for a single leg, else the instrument's mark.
func unitPrice(s orderSpec, in instrument) decimal.Decimal {
	switch {
	case len(s.Legs) == 1 && s.Price != nil:
		return *s.Price
	case len(s.Legs) == 1 && s.StopTrigger != nil:
		return *s.StopTrigger
	}
	return in.Mark
}

// requirement is the buying power the order's opening legs need: the
// cost of what it buys, 20% of the strike for short options, and a fixed
// margin per future contract. A multi-leg option order needs its net
// debit, or for a credit the width between its strikes.
func requirement(s orderSpec, inst []instrument) decimal.Decimal {
	if len(s.Legs) > 1 && opening(s) {
		return spreadRequirement(s, inst)
	}
	total := decimal.Zero
	for i, l := range s.Legs {
		if isClosing(l.Action) {
			continue
		}
		total = total.Add(legRequirement(s, l, inst[i]))
	}
	return total
}

func spreadRequirement(s orderSpec, inst []instrument) decimal.Decimal {
	size := decimal.Zero
	low, high := s.Legs[0].Info.Strike, s.Legs[0].Info.Strike
	for _, l := range s.Legs {
		if l.Quantity != nil && (size.IsZero() || l.Quantity.LessThan(size)) {
			size = *l.Quantity
		}
		low, high = decimal.Min(low, l.Info.Strike), decimal.Max(high, l.Info.Strike)
	}

	mult := inst[0].Multiplier
	if s.PriceEffect == "Debit" && s.Price != nil {
		return s.Price.Mul(size).Mul(mult)
	}
	return high.Sub(low).Mul(size).Mul(mult)
}

func legRequirement(s orderSpec, l legSpec, in instrument) decimal.Decimal {
	qty := legQuantity(s, l, in)
	cost := unitPrice(s, in).Mul(qty).Mul(in.Multiplier)
	switch {
	case s.OrderType == "Notional Market" && s.Value != nil:
		return *s.Value
	case l.Info.Type == typeFuture:
		return futureMargin.Mul(qty)
	case l.Info.Type == typeFutureOption && !isBuy(l.Action):
		return futureMargin.Mul(qty)
	case l.Info.Type == typeEquityOption && !isBuy(l.Action):
		return l.Info.Strike.Mul(shortOptionRate).Mul(qty).Mul(in.Multiplier)
	}
	return cost
}

// orderFees adds up the fee schedule over the legs.
func orderFees(s orderSpec, inst []instrument) fees {
	var f fees
	for i, l := range s.Legs {
		qty := legQuantity(s, l, inst[i])
		notional := unitPrice(s, inst[i]).Mul(qty).Mul(inst[i].Multiplier)
		switch l.Info.Type {
		case typeEquity:
			f.clearing = f.clearing.Add(equityClearing.Mul(qty))
			if !isBuy(l.Action) {
				f.regulatory = f.regulatory.Add(secFeeRate.Mul(notional))
			}
		case typeEquityOption:
			f = optionFees(f, l, qty)
		case typeFuture, typeFutureOption:
			commission := futureCommission
			if l.Info.Type == typeFutureOption {
				commission = futOptCommission
			}
			f.commission = f.commission.Add(commission.Mul(qty))
			f.clearing = f.clearing.Add(futureClearing.Mul(qty))
			f.regulatory = f.regulatory.Add(futureRegulatory.Mul(qty))
		case typeCrypto:
			f.commission = f.commission.Add(decimal.Min(cryptoRate.Mul(notional), cryptoCap))
		}
	}
	return f.rounded()
}

// rounded rounds every fee to a tenth of a cent, as the API shows them.
func (f fees) rounded() fees {
	return fees{regulatory: f.regulatory.Round(3), clearing: f.clearing.Round(3),
		commission: f.commission.Round(3), indexOption: f.indexOption.Round(3)}
}

// optionFees charges an equity option leg: commission on opening legs
// only, capped per leg, plus clearing, regulatory and index fees.
func optionFees(f fees, l legSpec, qty decimal.Decimal) fees {
	if !isClosing(l.Action) {
		f.commission = f.commission.Add(decimal.Min(optionCommission.Mul(qty), optionCommissionCap))
	}
	f.clearing = f.clearing.Add(optionClearing.Mul(qty))
	f.regulatory = f.regulatory.Add(optionRegulatory.Mul(qty))
	if _, index := indexRoots[l.Info.Root]; index || l.Info.Root == "SPX" {
		f.indexOption = f.indexOption.Add(indexOptionFee.Mul(qty))
	}
	return f
}

// marginCheck prices the order and refuses it when its requirement is
// more than the buying power left.
func (c *call) marginCheck(a account, ck *checked, pf preflightCtx) error {
	ck.fees = orderFees(ck.spec, ck.inst)
	ck.reserve = requirement(ck.spec, ck.inst)

	var exclude int64
	if pf.replaced != nil {
		exclude = pf.replaced.ID
		ck.freed = pf.replaced.Reserve.Mul(pf.replaced.remainingFraction())
	}
	bp, err := c.buyingPower(a, exclude)
	if err != nil {
		return err
	}
	ck.current = bp.Sub(pf.held)
	if ck.reserve.GreaterThan(ck.current) {
		ck.fail(preflightErr(codeMargin, "Account does not have sufficient buying power available for this order."))
	}
	return nil
}

// buyingPower is the account's cash less what its working orders hold,
// leaving out order exclude.
func (c *call) buyingPower(a account, exclude int64) (decimal.Decimal, error) {
	orders, err := c.s.accountOrders(a.Number, c.now)
	if err != nil {
		return decimal.Zero, err
	}
	bp := a.Cash
	for _, o := range orders {
		if o.working() && o.ID != exclude {
			bp = bp.Sub(o.Reserve.Mul(o.remainingFraction()))
		}
	}
	return bp, nil
}

// buyingPowerWire is the buying-power-effect object.
// A replacement's effect is net of what the order it replaces held, and
// counts from the buying power the account has now.
func (ck checked) buyingPowerWire() map[string]any {
	return buyingPowerWire(ck.reserve.Sub(ck.freed), ck.current.Sub(ck.freed), ck.fees, len(ck.spec.Legs) > 1)
}

// buyingPowerWire is the buying-power-effect object of an order, or of
// the components of a complex order together: it holds reserve, costs
// f and finds current buying power before it.
func buyingPowerWire(reserve, current decimal.Decimal, f fees, spread bool) map[string]any {
	change := reserve.Add(f.total()).Round(4)
	out := map[string]any{"is-spread": spread}
	pairs := []struct {
		name     string
		v        decimal.Decimal
		positive string
	}{
		{"change-in-margin-requirement", reserve, "Debit"},
		{"change-in-buying-power", change, "Debit"},
		{"current-buying-power", current, "Credit"},
		{"new-buying-power", current.Sub(change), "Credit"},
		{"isolated-order-margin-requirement", reserve, "Debit"},
	}
	for _, p := range pairs {
		out[p.name], out[p.name+"-effect"] = amountEffect(p.v, p.positive)
	}
	out["impact"], out["effect"] = amountEffect(change, "Debit")
	return out
}
