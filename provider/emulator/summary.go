package emulator

import (
	"encoding/json"
	"strings"
	"time"
)

// OrderSummary is one order as "ttplan emulator orders" lists it: enough
// to find the id to fill or cancel.
type OrderSummary struct {
	ID         int64  `json:"id"`
	Account    string `json:"account"`
	Status     string `json:"status"`
	Type       string `json:"order-type"`
	Legs       string `json:"legs"`
	ComplexID  int64  `json:"complex-order-id,omitempty"`
	ComplexTag string `json:"complex-order-tag,omitempty"`
}

// Orders lists every order, oldest first, as it stands by the
// emulator's clock.
func (e *Emulator) Orders() ([]OrderSummary, error) {
	var out []OrderSummary
	err := e.update(func(s store, now time.Time) error {
		var ids []int64
		err := s.tx.Bucket(bucketOrders).ForEach(func(_, v []byte) error {
			var o order
			if err := json.Unmarshal(v, &o); err != nil {
				return err
			}
			ids = append(ids, o.ID)
			return nil
		})
		if err != nil {
			return err
		}
		for _, id := range ids {
			o, _, err := s.order(id, now)
			if err != nil {
				return err
			}
			var legs []string
			for _, l := range o.Legs {
				q := ""
				if l.Quantity != nil {
					q = l.Quantity.String() + " "
				}
				legs = append(legs, l.Action+" "+q+l.Symbol)
			}
			out = append(out, OrderSummary{ID: o.ID, Account: o.Account, Status: o.Status, Type: o.OrderType,
				Legs: strings.Join(legs, "; "), ComplexID: o.ComplexID, ComplexTag: o.ComplexTag})
		}
		return nil
	})
	return out, err
}
