package tastytrade

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/ttplan/ttplan/provider"
)

// wireComplexRequest is the body of a complex order or its dry run. Each
// component is a whole order body with its own external-identifier.
type wireComplexRequest struct {
	Type         string             `json:"type"`
	Source       string             `json:"source,omitempty"`
	TriggerOrder *wireOrderRequest  `json:"trigger-order,omitempty"`
	Orders       []wireOrderRequest `json:"orders"`
}

// wireComplexOrder is a complex order as the API reports it. Only the
// fields ttplan reads are listed.
type wireComplexOrder struct {
	ID            wireInt           `json:"id"`
	AccountNumber string            `json:"account-number"`
	Type          string            `json:"type"`
	TriggerOrder  json.RawMessage   `json:"trigger-order"`
	Orders        []json.RawMessage `json:"orders"`
}

// PlaceComplexOrder submits spec with POST /accounts/{n}/complex-orders.
// It is sent once: if no answer comes back, the error wraps
// provider.ErrAmbiguous, and the components are to be found by their
// external identifiers.
func (c *Client) PlaceComplexOrder(ctx context.Context, account string, spec provider.ComplexSpec) (provider.ComplexOrder, error) {
	body, err := complexBody(spec)
	if err != nil {
		return provider.ComplexOrder{}, fmt.Errorf("place complex order: %w", err)
	}
	env, err := c.do(ctx, write(http.MethodPost, body, "accounts", account, "complex-orders"))
	if err != nil {
		return provider.ComplexOrder{}, err
	}
	return echoedComplexOrder(env)
}

// DryRunComplexOrder asks POST /accounts/{n}/complex-orders/dry-run what
// placing spec would do, for all its components together. It answers
// and fails as DryRun does, and like it is retried as a read.
func (c *Client) DryRunComplexOrder(ctx context.Context, account string, spec provider.ComplexSpec) (provider.DryRunResult, error) {
	body, err := complexBody(spec)
	if err != nil {
		return provider.DryRunResult{}, fmt.Errorf("dry-run complex order: %w", err)
	}
	return c.dryRun(ctx, write(http.MethodPost, body, "accounts", account, "complex-orders", "dry-run"))
}

// CancelComplexOrder cancels complex order id with DELETE
// /accounts/{n}/complex-orders/{id}. The answer is the complex order,
// its components usually in Cancel Requested.
func (c *Client) CancelComplexOrder(ctx context.Context, account string, id int64) (provider.ComplexOrder, error) {
	r := write(http.MethodDelete, nil, "accounts", account, "complex-orders", strconv.FormatInt(id, 10))
	env, err := c.do(ctx, r)
	if err != nil {
		return provider.ComplexOrder{}, err
	}
	return echoedComplexOrder(env)
}

// complexBody builds the request body for spec. OCO takes no trigger;
// OTO and OTOCO need one. How many orders each type takes is left to the
// broker to check.
func complexBody(spec provider.ComplexSpec) (wireComplexRequest, error) {
	b := wireComplexRequest{Type: string(spec.Type), Source: spec.Source}
	switch {
	case spec.Type != provider.OCO && spec.Type != provider.OTO && spec.Type != provider.OTOCO:
		return b, fmt.Errorf("type %q: want OCO, OTO or OTOCO", spec.Type)
	case spec.Type == provider.OCO && spec.Trigger != nil:
		return b, fmt.Errorf("an OCO order takes no trigger order")
	case spec.Type != provider.OCO && spec.Trigger == nil:
		return b, fmt.Errorf("an %s order needs a trigger order", spec.Type)
	}

	if spec.Trigger != nil {
		t, err := orderBody(*spec.Trigger, true)
		if err != nil {
			return b, fmt.Errorf("trigger order: %w", err)
		}
		b.TriggerOrder = &t
	}
	for i, o := range spec.Orders {
		w, err := orderBody(o, true)
		if err != nil {
			return b, fmt.Errorf("order %d: %w", i+1, err)
		}
		b.Orders = append(b.Orders, w)
	}
	return b, nil
}

// echoedComplexOrder reads the complex order a write answers with:
// data.complex-order, as a submit answers, or data itself. The write
// took effect, so an answer that cannot be read leaves the caller not
// knowing the order.
func echoedComplexOrder(env *envelope) (provider.ComplexOrder, error) {
	var placed struct {
		ComplexOrder json.RawMessage `json:"complex-order"`
	}
	if err := env.decode(&placed); err != nil {
		return provider.ComplexOrder{}, ambiguous(fmt.Errorf("read complex order from answer: %w", err))
	}

	raw := env.Data
	if !isAbsent(placed.ComplexOrder) {
		raw = placed.ComplexOrder
	}
	co, err := decodeComplexOrder(raw)
	if err != nil {
		return provider.ComplexOrder{}, ambiguous(fmt.Errorf("read complex order from answer: %w", err))
	}
	return co, nil
}

// decodeComplexOrder reads one complex order and its components, each
// of which must decode as an order does.
func decodeComplexOrder(raw json.RawMessage) (provider.ComplexOrder, error) {
	var w wireComplexOrder
	if err := json.Unmarshal(raw, &w); err != nil {
		return provider.ComplexOrder{}, err
	}
	if w.ID == 0 {
		return provider.ComplexOrder{}, fmt.Errorf("complex order without id")
	}

	co := provider.ComplexOrder{ID: int64(w.ID), AccountNumber: w.AccountNumber,
		Type: provider.ComplexType(strings.ToUpper(strings.TrimSpace(w.Type)))}
	if !isAbsent(w.TriggerOrder) {
		t, err := decodeOrder(w.TriggerOrder)
		if err != nil {
			return co, fmt.Errorf("complex order %d: trigger: %w", w.ID, err)
		}
		co.Trigger = &t
	}
	for i, raw := range w.Orders {
		o, err := decodeOrder(raw)
		if err != nil {
			return co, fmt.Errorf("complex order %d: orders[%d]: %w", w.ID, i, err)
		}
		co.Orders = append(co.Orders, o)
	}
	return co, nil
}
