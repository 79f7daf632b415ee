package tastytrade

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/ttplan/ttplan/provider"
)

// wireAccount is an account as GET /customers/me/accounts lists it.
type wireAccount struct {
	AccountNumber string   `json:"account-number"`
	Nickname      string   `json:"nickname"`
	IsClosed      wireBool `json:"is-closed"`
}

// Accounts lists every account the credentials can see, closed ones
// included and marked Closed.
func (c *Client) Accounts(ctx context.Context) ([]provider.Account, error) {
	env, err := c.do(ctx, get("customers", "me", "accounts"))
	if err != nil {
		return nil, err
	}
	return decodeItems(env, decodeAccount)
}

// decodeAccount reads one item, which wraps the account with the caller's
// authority level; a bare account is accepted too.
func decodeAccount(raw json.RawMessage) (provider.Account, error) {
	var item struct {
		Account *wireAccount `json:"account"`
		wireAccount
	}
	if err := json.Unmarshal(raw, &item); err != nil {
		return provider.Account{}, err
	}

	a := item.wireAccount
	if item.Account != nil {
		a = *item.Account
	}
	if a.AccountNumber == "" {
		return provider.Account{}, fmt.Errorf("account: missing account-number")
	}
	return provider.Account{Number: a.AccountNumber, Nickname: a.Nickname,
		Closed: bool(a.IsClosed)}, nil
}
