package tastytrade

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
	_ "time/tzdata" // start-date is a New York date on any host

	"github.com/ttplan/ttplan/provider"
)

const (
	// searchPageSize is the largest page order searches allow.
	searchPageSize = 200

	// maxSearchPages bounds a search, in case pagination never ends.
	maxSearchPages = 500
)

var newYork = mustLoadLocation("America/New_York")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// LiveOrders lists the account's working orders and those that reached a
// terminal status today, from GET /accounts/{n}/orders/live. The list may
// hold Filled, Cancelled and months-old GTC orders (C13).
func (c *Client) LiveOrders(ctx context.Context, account string) ([]provider.Order, error) {
	env, err := c.do(ctx, get("accounts", account, "orders", "live"))
	if err != nil {
		return nil, err
	}
	return decodeItems(env, decodeOrder)
}

// SearchOrders lists the account's orders received on or after the New
// York date of since, oldest first, following every page.
func (c *Client) SearchOrders(ctx context.Context, account string, since time.Time) ([]provider.Order, error) {
	var out []provider.Order
	seen := map[int64]bool{}
	for page := 0; page < maxSearchPages; page++ {
		r := get("accounts", account, "orders")
		r.query = url.Values{
			"start-date":  {since.In(newYork).Format(time.DateOnly)},
			"sort":        {"Asc"},
			"per-page":    {strconv.Itoa(searchPageSize)},
			"page-offset": {strconv.Itoa(page)},
		}
		env, err := c.do(ctx, r)
		if err != nil {
			return nil, err
		}
		orders, err := decodeItems(env, decodeOrder)
		if err != nil {
			return nil, err
		}

		// A page may repeat an order when one arrives mid-search.
		for _, o := range orders {
			if !seen[o.ID] {
				seen[o.ID] = true
				out = append(out, o)
			}
		}
		if len(orders) == 0 || env.Pagination == nil || page >= int(env.Pagination.TotalPages)-1 {
			return out, nil
		}
	}
	return nil, fmt.Errorf("search orders of %s: more than %d pages", account, maxSearchPages)
}

// Order reads one order.
func (c *Client) Order(ctx context.Context, account string, id int64) (provider.Order, error) {
	env, err := c.do(ctx, get("accounts", account, "orders", strconv.FormatInt(id, 10)))
	if err != nil {
		return provider.Order{}, err
	}
	if isAbsent(env.Data) {
		return provider.Order{}, fmt.Errorf("order %d: response has no data", id)
	}
	return decodeOrder(env.Data)
}

// PlaceOrder submits spec with POST /accounts/{n}/orders. It is sent once:
// if no answer comes back, the error wraps provider.ErrAmbiguous.
func (c *Client) PlaceOrder(ctx context.Context, account string, spec provider.OrderSpec) (provider.Order, error) {
	body, err := orderBody(spec, true)
	if err != nil {
		return provider.Order{}, fmt.Errorf("place order: %w", err)
	}
	env, err := c.do(ctx, write(http.MethodPost, body, "accounts", account, "orders"))
	if err != nil {
		return provider.Order{}, err
	}
	return echoedOrder(env)
}

// ReplaceOrder replaces order id with PUT /accounts/{n}/orders/{id},
// sending the fields a replace may change but not the legs. The answer is
// the replacement, with its own id (C15).
func (c *Client) ReplaceOrder(ctx context.Context, account string, id int64, spec provider.OrderSpec) (provider.Order, error) {
	body, err := orderBody(spec, false)
	if err != nil {
		return provider.Order{}, fmt.Errorf("replace order %d: %w", id, err)
	}
	r := write(http.MethodPut, body, "accounts", account, "orders", strconv.FormatInt(id, 10))
	env, err := c.do(ctx, r)
	if err != nil {
		return provider.Order{}, err
	}
	return echoedOrder(env)
}

// CancelOrder asks for order id to be cancelled with DELETE. The answer
// is the order, usually in Cancel Requested.
func (c *Client) CancelOrder(ctx context.Context, account string, id int64) (provider.Order, error) {
	r := write(http.MethodDelete, nil, "accounts", account, "orders", strconv.FormatInt(id, 10))
	env, err := c.do(ctx, r)
	if err != nil {
		return provider.Order{}, err
	}
	return echoedOrder(env)
}

// echoedOrder reads the order a write answers with: data itself, or
// data.order as in a new order's answer. The write took effect, so an
// answer that cannot be read leaves the caller not knowing the order.
func echoedOrder(env *envelope) (provider.Order, error) {
	var placed struct {
		Order json.RawMessage `json:"order"`
	}
	if err := env.decode(&placed); err != nil {
		return provider.Order{}, ambiguous(fmt.Errorf("read order from answer: %w", err))
	}

	raw := env.Data
	if !isAbsent(placed.Order) {
		raw = placed.Order
	}
	o, err := decodeOrder(raw)
	if err != nil {
		return provider.Order{}, ambiguous(fmt.Errorf("read order from answer: %w", err))
	}
	return o, nil
}
