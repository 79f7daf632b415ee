package emulator

import (
	"net/http"
	"testing"
)

func TestCustomerAndAccounts(t *testing.T) {
	v := newEnv(t)

	r := v.do("GET", "/customers/me", nil).wantStatus(http.StatusOK)
	r.wantEqual("data.id", "me")
	r.wantEqual("data.username", "demo")

	r = v.do("GET", "/customers/me/accounts", nil).wantStatus(http.StatusOK)
	r.wantEqual("context", "/customers/me/accounts")
	r.wantEqual("data.items.0.authority-level", "owner")
	r.wantEqual("data.items.0.account.account-number", DemoAccount)
	r.wantEqual("data.items.0.account.margin-or-cash", "Margin")
	r.wantEqual("data.items.0.account.is-closed", false)
	r.wantEqual("data.items.1.account.account-number", DemoCashAccount)
	r.wantEqual("data.items.1.account.margin-or-cash", "Cash")
	if items := r.at("data.items").([]any); len(items) != 2 {
		t.Errorf("got %d accounts, want the demo customer's 2", len(items))
	}

	r = v.do("GET", "/customers/me/accounts/"+DemoAccount, nil).wantStatus(http.StatusOK)
	r.wantEqual("data.account-number", DemoAccount)
	r.wantEqual("data.account-type-name", "Individual")
}

func TestAccountAccess(t *testing.T) {
	v := newEnv(t)
	tests := []struct {
		name   string
		path   string
		status int
		code   string
	}{
		{"other customer's account", "/customers/me/accounts/" + otherAccount, 403, "not_permitted"},
		{"other customer id", "/customers/12345/accounts", 403, "not_permitted"},
		{"unknown account", "/customers/me/accounts/5WT99999", 404, "record_not_found"},
		{"other's orders", "/accounts/" + otherAccount + "/orders/live", 403, "not_permitted"},
		{"other's positions", "/accounts/" + otherAccount + "/positions", 403, "not_permitted"},
		{"unknown account orders", "/accounts/5WT99999/orders", 404, "record_not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := v.on(t)
			v.do("GET", tt.path, nil).wantError(tt.status, tt.code)
		})
	}
	v.do("POST", "/accounts/"+otherAccount+"/orders", limitOrder("AAPL", "Buy to Open", 1, "150")).
		wantError(403, "not_permitted")
}

func TestSeededPositionsAndBalances(t *testing.T) {
	v := newEnv(t)
	r := v.do("GET", "/accounts/"+DemoAccount+"/positions", nil).wantStatus(http.StatusOK)
	r.wantEqual("data.items", []any{
		map[string]any{"account-number": DemoAccount, "symbol": "AAPL", "instrument-type": "Equity",
			"underlying-symbol": "AAPL", "quantity": float64(50), "quantity-direction": "Long"},
		map[string]any{"account-number": DemoAccount, "symbol": "SPY", "instrument-type": "Equity",
			"underlying-symbol": "SPY", "quantity": float64(100), "quantity-direction": "Long"},
	})

	r = v.do("GET", "/accounts/"+DemoCashAccount+"/positions", nil).wantStatus(http.StatusOK)
	r.wantEqual("data.items", []any{})

	r = v.do("GET", "/accounts/"+DemoAccount+"/balances", nil).wantStatus(http.StatusOK)
	r.wantEqual("data.cash-balance", "100000.0")
	r.wantEqual("data.equity-buying-power", "100000.0")
}
