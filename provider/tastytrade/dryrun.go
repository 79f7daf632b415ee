package tastytrade

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/ttplan/ttplan/provider"
)

// wireDryRun is the part of a dry-run answer ttplan reads. The order in
// it has no id and "updated-at": 0, and is not read at all (C17); nor is
// the complex order of a complex dry run.
type wireDryRun struct {
	BuyingPowerEffect struct {
		Change       wireDecimal `json:"change-in-buying-power"`
		ChangeEffect string      `json:"change-in-buying-power-effect"`
		New          wireDecimal `json:"new-buying-power"`
		NewEffect    string      `json:"new-buying-power-effect"`
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
// 2xx answer, as a non-empty errors member. The result returned beside
// such an error holds what the answer's data still said: a failing dry
// run carries the buying-power effect, so a margin failure shows by how
// much.
//
// A dry run places nothing, so unlike other POSTs it is retried and
// re-authorised like a read.
func (c *Client) DryRun(ctx context.Context, account string, spec provider.OrderSpec) (provider.DryRunResult, error) {
	body, err := orderBody(spec, true)
	if err != nil {
		return provider.DryRunResult{}, fmt.Errorf("dry-run order: %w", err)
	}
	return c.dryRun(ctx, write(http.MethodPost, body, "accounts", account, "orders", "dry-run"))
}

// dryRun sends a dry run, as a read, and reads its answer, failed or not.
func (c *Client) dryRun(ctx context.Context, r *request) (provider.DryRunResult, error) {
	r.read = true
	resp, err := c.exchange(ctx, r)
	if err != nil {
		return provider.DryRunResult{}, err
	}
	if !resp.ok() {
		return c.dryRunData(resp.body), c.apiError(resp)
	}

	env, err := decodeEnvelope(resp.body)
	if err != nil {
		return provider.DryRunResult{}, decodeFailed(r, resp, err)
	}
	var w wireDryRun
	if err := env.decode(&w); err != nil {
		return provider.DryRunResult{}, fmt.Errorf("decode dry run: %w", err)
	}

	result := w.result(c.scrub)
	if errs := decodeDetails(w.Errors, c.scrub); len(errs) > 0 {
		return result, &provider.APIError{
			Method: r.method, Path: resp.path, Status: resp.status,
			Code: "preflight_check_failure", Message: "the dry run reported errors",
			Details: errs,
		}
	}
	return result, nil
}

// dryRunData reads the data a failed dry run's answer carries beside its
// error; zero when it has none or cannot be read.
func (c *Client) dryRunData(body []byte) provider.DryRunResult {
	env, err := decodeEnvelope(body)
	if err != nil || isAbsent(env.Data) {
		return provider.DryRunResult{}
	}
	var w wireDryRun
	if env.decode(&w) != nil {
		return provider.DryRunResult{}
	}
	return w.result(c.scrub)
}

// result reads the answer; scrub cleans the texts of the warnings.
func (w wireDryRun) result(scrub func(string) string) provider.DryRunResult {
	bp := w.BuyingPowerEffect
	return provider.DryRunResult{
		BuyingPowerChange:       bp.Change.Decimal,
		BuyingPowerChangeEffect: parseEffect(bp.ChangeEffect),
		NewBuyingPower:          bp.New.Decimal,
		NewBuyingPowerEffect:    parseEffect(bp.NewEffect),
		Fees:                    w.FeeCalculation.TotalFees.Decimal,
		FeesEffect:              parseEffect(w.FeeCalculation.TotalFeesEffect),
		Warnings:                decodeDetails(w.Warnings, scrub),
	}
}
