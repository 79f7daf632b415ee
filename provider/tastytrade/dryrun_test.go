package tastytrade

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/ttplan/ttplan/provider"
)

// dryRunAnswer follows the example of section 5.7: an order without id,
// "updated-at": 0, a warning and the two effect blocks.
const dryRunAnswer = `{"data":{
  "order":{"account-number":"5WX01234","time-in-force":"GTC","order-type":"Limit",
    "price":"150.25","price-effect":"Credit","status":"Received","updated-at":0,
    "legs":[{"instrument-type":"Equity","symbol":"AAPL","quantity":1,"action":"Sell to Close"}]},
  "warnings":[{"code":"tif_next_valid_sesssion",
    "message":"Your order will begin working during next valid session."}],
  "buying-power-effect":{"change-in-margin-requirement":"300.0",
    "change-in-buying-power":"102.302","change-in-buying-power-effect":"Debit",
    "current-buying-power":"8995981.2613","new-buying-power":"8995878.9593",
    "new-buying-power-effect":"Credit","is-spread":true},
  "fee-calculation":{"commission":"2.0","total-fees":"2.302","total-fees-effect":"Debit"}},
  "context":"/accounts/5WX01234/orders/dry-run"}`

func TestDryRun(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		reply    reply
		want     provider.DryRunResult
		wantCode string
		wantErrs []provider.Message
	}{
		{
			name:  "clean with a warning",
			reply: reply{status: 201, body: dryRunAnswer},
			want: provider.DryRunResult{
				BuyingPowerChange:       decimal.RequireFromString("102.302"),
				BuyingPowerChangeEffect: provider.Debit,
				NewBuyingPower:          decimal.RequireFromString("8995878.9593"),
				NewBuyingPowerEffect:    provider.Credit,
				Fees:                    decimal.RequireFromString("2.302"),
				FeesEffect:              provider.Debit,
				Warnings: []provider.Message{{Code: "tif_next_valid_sesssion",
					Message: "Your order will begin working during next valid session."}},
			},
		},
		{
			name: "failed preflight with data and error",
			reply: reply{status: 422, body: `{"data":{"buying-power-effect":{
			  "change-in-buying-power":"1000000","change-in-buying-power-effect":"Debit",
			  "new-buying-power":"900000","new-buying-power-effect":"Debit"}},
			  "error":{"code":"preflight_check_failure","message":"One or more preflight checks failed",
			  "errors":[{"code":"margin_check_failed","message":"Account does not have sufficient buying power available for this order."}]}}`},
			want: provider.DryRunResult{
				BuyingPowerChange:       decimal.RequireFromString("1000000"),
				BuyingPowerChangeEffect: provider.Debit,
				NewBuyingPower:          decimal.RequireFromString("900000"),
				NewBuyingPowerEffect:    provider.Debit,
			},
			wantCode: "preflight_check_failure",
			wantErrs: []provider.Message{{Code: "margin_check_failed",
				Message: "Account does not have sufficient buying power available for this order."}},
		},
		{
			name:     "failure without data",
			reply:    reply{status: 422, body: `{"error":{"code":"preflight_check_failure","errors":[]}}`},
			wantCode: "preflight_check_failure",
			wantErrs: []provider.Message{},
		},
		{
			name: "2xx with errors given as an object",
			reply: reply{status: 201, body: `{"data":{"errors":{"code":"cant_buy_for_credit",
			  "message":"You cannot buy for a credit."}}}`},
			wantCode: "preflight_check_failure",
			wantErrs: []provider.Message{{Code: "cant_buy_for_credit",
				Message: "You cannot buy for a credit."}},
		},
		{
			name:  "empty errors do not block",
			reply: reply{status: 201, body: `{"data":{"errors":[],"warnings":null}}`},
			want:  provider.DryRunResult{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t)
			f.on("POST /accounts/5ZZ00000/orders/dry-run", tt.reply)
			c := newTestClient(t, f)

			got, err := c.DryRun(bg(), "5ZZ00000", limitSpec())
			if tt.wantCode != "" {
				var apiErr *provider.APIError
				if !errors.As(err, &apiErr) || apiErr.Code != tt.wantCode {
					t.Fatalf("DryRun() error = %v, want code %s", err, tt.wantCode)
				}
				if diff := cmp.Diff(tt.wantErrs, apiErr.Details); diff != "" {
					t.Errorf("details mismatch (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("result beside the error mismatch (-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatalf("DryRun: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("DryRun() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDryRun_retriedLikeARead(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	f.on("POST /accounts/5ZZ00000/orders/dry-run", reply{status: 503}, reply{status: 201, body: dryRunAnswer})
	c := newTestClient(t, f)

	if _, err := c.DryRun(bg(), "5ZZ00000", limitSpec()); err != nil {
		t.Fatalf("DryRun: %v", err)
	}
	if n := f.count("POST /accounts/5ZZ00000/orders/dry-run"); n != 2 {
		t.Errorf("dry run sent %d times, want 2", n)
	}
}

func TestDryRun_echoedSecretsScrubbed(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	f.on("POST /accounts/5ZZ00000/orders/dry-run", reply{status: 201, body: `{"data":{
	  "warnings":[{"code":"w","message":"token ` + fakeRefresh + `"}],
	  "errors":[{"code":"e","message":"secret ` + fakeSecret + `"}]}}`})
	c := newTestClient(t, f)

	_, err := c.DryRun(bg(), "5ZZ00000", limitSpec())
	if err == nil || !strings.Contains(err.Error(), "secret [REDACTED]") {
		t.Fatalf("DryRun() error = %v, want the reported errors, redacted", err)
	}
	assertNoSecret(t, err.Error())

	f.on("POST /accounts/5ZZ00000/orders/dry-run", reply{status: 201, body: `{"data":{
	  "warnings":[{"code":"w","message":"token ` + fakeRefresh + `"}]}}`})
	got, err := c.DryRun(bg(), "5ZZ00000", limitSpec())
	if err != nil {
		t.Fatalf("DryRun: %v", err)
	}
	if want := []provider.Message{{Code: "w", Message: "token [REDACTED]"}}; !cmp.Equal(want, got.Warnings) {
		t.Errorf("Warnings = %+v, want %+v", got.Warnings, want)
	}
}
