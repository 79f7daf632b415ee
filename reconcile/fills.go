package reconcile

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/ttplan/ttplan/provider"
)

// fillSummary says how an order, and the orders it replaced, filled:
// "order 7 filled (10 at 95.25 on 2026-12-03 10:31 EST)". orders is the
// order first, then those it replaced. A single leg shows its quantity
// and average price; a multi-leg order's net price is not in its fills,
// so it shows only when the last fill came. hidePrice hides the price,
// for an order whose price is sensitive: a fill tells it.
func fillSummary(orders []provider.Order, hidePrice bool) string {
	o := orders[0]
	verb := "filled"
	if o.Status != provider.StatusFilled {
		verb = fmt.Sprintf("partly filled and then %s", o.Status)
		if o.Status.Working() {
			verb = "partly filled"
		}
	}

	var last time.Time
	qty, cost := decimal.Zero, decimal.Zero
	for _, ord := range orders {
		for _, l := range ord.Legs {
			for _, f := range l.Fills {
				if f.FilledAt.After(last) {
					last = f.FilledAt
				}
				qty = qty.Add(f.Quantity)
				cost = cost.Add(f.Quantity.Mul(f.Price))
			}
		}
	}

	var detail []string
	if len(o.Legs) == 1 && qty.IsPositive() {
		price := cost.Div(qty).Round(4).String()
		if hidePrice {
			price = SensitiveText
		}
		detail = append(detail, fmt.Sprintf("%s at %s", qty, price))
	}
	if !last.IsZero() {
		detail = append(detail, "on "+last.In(newYork).Format("2006-01-02 15:04 MST"))
	}
	s := fmt.Sprintf("order %d %s", o.ID, verb)
	if len(orders) > 1 {
		s = fmt.Sprintf("order %d (replacing %d) %s", o.ID, orders[len(orders)-1].ID, verb)
	}
	if len(detail) > 0 {
		s += " (" + strings.Join(detail, " ") + ")"
	}
	return s
}
