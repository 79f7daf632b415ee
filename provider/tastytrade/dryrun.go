package tastytrade

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/ttplan/ttplan/provider"
)

// wireDryRun is the part of a dry-run answer ttplan reads. The order in
// it has no id and "updated-at": 0, and is not read at all (C17).
type wireDryRun struct {
	BuyingPowerEffect struct {
		Change       wireDecimal `json:"change-in-buying-power"`
		ChangeEffect string      `json:"change-in-buying-power-effect"`
	} `json:"buying-power-effect"`

	FeeCalculation struct {
		TotalFees       wireDecimal `json:"total-fees"`
		TotalFeesEffect string      `json:"total-fees-effect"`
	} `json:"fee-calculation"`

	Warnings json.RawMessage `json:"warnings"`
	Errors   json.RawMessage `json:"errors"`
}

// DryRun asks POST /accounts/{n}/orders/dry-run what placing spec would
// do. Failed preflight checks come back as an *provider.APIError whose
// Details list each check, whether the API sent them with a 422 or, in a
// 2xx answer, as a non-empty errors member.
//
// A dry run places nothing, so unlike other POSTs it is retried and
// re-authorised like a read.
func (c *Client) DryRun(ctx context.Context, account string, spec provider.OrderSpec) (provider.DryRunResult, error) {
	body, err := orderBody(spec, true)
	if err != nil {
		return provider.DryRunResult{}, fmt.Errorf("dry-run order: %w", err)
	}
	r := write(http.MethodPost, body, "accounts", account, "orders", "dry-run")
	r.read = true

	env, err := c.do(ctx, r)
	if err != nil {
		return provider.DryRunResult{}, err
	}
	var w wireDryRun
	if err := env.decode(&w); err != nil {
		return provider.DryRunResult{}, fmt.Errorf("decode dry run: %w", err)
	}

	if errs := decodeDetails(w.Errors, c.scrub); len(errs) > 0 {
		return provider.DryRunResult{}, &provider.APIError{
			Method: r.method, Path: c.url(r.segs, nil).EscapedPath(), Status: env.status,
			Code: "preflight_check_failure", Message: "the dry run reported errors",
			Details: errs,
		}
	}
	return w.result(c.scrub), nil
}

// result reads the answer; scrub cleans the texts of the warnings.
func (w wireDryRun) result(scrub func(string) string) provider.DryRunResult {
	return provider.DryRunResult{
		BuyingPowerChange:       w.BuyingPowerEffect.Change.Decimal,
		BuyingPowerChangeEffect: parseEffect(w.BuyingPowerEffect.ChangeEffect),
		Fees:                    w.FeeCalculation.TotalFees.Decimal,
		FeesEffect:              parseEffect(w.FeeCalculation.TotalFeesEffect),
		Warnings:                decodeDetails(w.Warnings, scrub),
	}
}
