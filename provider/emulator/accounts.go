package emulator

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// account is a brokerage account of one customer.
type account struct {
	Number       string          `json:"number"`
	Owner        string          `json:"owner"` // username
	Nickname     string          `json:"nickname"`
	TypeName     string          `json:"type-name"`
	MarginOrCash string          `json:"margin-or-cash"`
	Closed       bool            `json:"closed"`
	OpenedAt     time.Time       `json:"opened-at"`
	Cash         decimal.Decimal `json:"cash"`
}

// position is a signed holding: positive long, negative short.
type position struct {
	Account        string          `json:"account"`
	Symbol         string          `json:"symbol"`
	InstrumentType string          `json:"instrument-type"`
	Quantity       decimal.Decimal `json:"quantity"`
}

// getCustomer serves GET /customers/me.
func (c *call) getCustomer() reply {
	return c.data(200, map[string]any{
		"id": "me", "first-name": "Demo", "last-name": "User",
		"email": c.user.Email, "username": c.user.Username, "external-id": c.user.ExternalID,
	})
}

// otherCustomer serves any customer id other than "me", which the API
// does not accept.
func (c *call) otherCustomer() reply {
	return notPermitted()
}

// listAccounts serves GET /customers/me/accounts.
func (c *call) listAccounts() reply {
	items := []any{}
	err := c.s.scan(bucketAccounts, "", func(_ string, raw []byte) error {
		var a account
		if err := decodeStored(raw, &a); err != nil {
			return err
		}
		if a.Owner == c.user.Username {
			items = append(items, map[string]any{"account": accountWire(a), "authority-level": "owner"})
		}
		return nil
	})
	if err != nil {
		return internalReply(err)
	}
	return c.list(items, nil)
}

// getAccount serves GET /customers/me/accounts/{n}: the bare account.
func (c *call) getAccount() reply {
	a, rep, ok := c.ownAccount(c.seg[3])
	if !ok {
		return rep
	}
	return c.data(200, accountWire(a))
}

// ownAccount loads account n and checks that the caller owns it.
func (c *call) ownAccount(n string) (account, reply, bool) {
	var a account
	found, err := c.s.get(bucketAccounts, n, &a)
	switch {
	case err != nil:
		return a, internalReply(err), false
	case !found:
		return a, notFound("account " + n), false
	case a.Owner != c.user.Username:
		return a, notPermitted(), false
	}
	return a, reply{}, true
}

func accountWire(a account) map[string]any {
	return map[string]any{
		"account-number": a.Number, "external-id": "A" + a.Number,
		"opened-at": isoTime(a.OpenedAt), "created-at": isoTime(a.OpenedAt),
		"nickname": a.Nickname, "account-type-name": a.TypeName, "margin-or-cash": a.MarginOrCash,
		"day-trader-status": false, "is-closed": a.Closed, "is-firm-error": false,
		"is-firm-proprietary": false, "is-futures-approved": a.MarginOrCash == "Margin",
		"is-test-drive": false, "is-foreign": false, "funding-date": a.OpenedAt.Format(time.DateOnly),
		"investment-objective": "GROWTH", "suitable-options-level": "No Restrictions",
	}
}

// listPositions serves GET /accounts/{n}/positions.
func (c *call) listPositions() reply {
	a, rep, ok := c.ownAccount(c.seg[1])
	if !ok {
		return rep
	}
	positions, err := c.s.positions(a.Number)
	if err != nil {
		return internalReply(err)
	}

	items := []any{}
	for _, p := range positions {
		direction := "Long"
		if p.Quantity.Sign() < 0 {
			direction = "Short"
		}
		items = append(items, map[string]any{
			"account-number": a.Number, "symbol": p.Symbol, "instrument-type": p.InstrumentType,
			"underlying-symbol": underlyingOf(p.InstrumentType, p.Symbol),
			"quantity":          decNumber(p.Quantity.Abs()), "quantity-direction": direction,
		})
	}
	return c.list(items, nil)
}

// getBalances serves GET /accounts/{n}/balances.
func (c *call) getBalances() reply {
	a, rep, ok := c.ownAccount(c.seg[1])
	if !ok {
		return rep
	}
	bp, err := c.buyingPower(a, 0)
	if err != nil {
		return internalReply(err)
	}
	return c.data(200, map[string]any{
		"account-number": a.Number, "cash-balance": decString(a.Cash),
		"equity-buying-power": decString(bp), "derivative-buying-power": decString(bp),
		"day-trading-buying-power": decString(bp),
	})
}

// positions lists the account's positions in symbol order.
func (s store) positions(acct string) ([]position, error) {
	var out []position
	err := s.scan(bucketPositions, key(acct, ""), func(_ string, raw []byte) error {
		var p position
		if err := decodeStored(raw, &p); err != nil {
			return err
		}
		out = append(out, p)
		return nil
	})
	return out, err
}

// position returns the signed quantity held of symbol; zero when none.
func (s store) position(acct, symbol string) (decimal.Decimal, error) {
	var p position
	if _, err := s.get(bucketPositions, key(acct, symbol), &p); err != nil {
		return decimal.Zero, err
	}
	return p.Quantity, nil
}

// putPosition stores p, or removes it when flat.
func (s store) putPosition(p position) error {
	k := key(p.Account, p.Symbol)
	if p.Quantity.IsZero() {
		return s.del(bucketPositions, k)
	}
	if err := s.put(bucketPositions, k, p); err != nil {
		return fmt.Errorf("store position: %w", err)
	}
	return nil
}
