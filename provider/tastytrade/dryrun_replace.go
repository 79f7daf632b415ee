package tastytrade

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/ttplan/ttplan/provider"
)

// DryRunReplace asks POST /accounts/{n}/orders/{id}/dry-run what
// replacing order id with spec would do: the broker counts the buying
// power the standing order frees. It is sent as a read, like DryRun.
func (c *Client) DryRunReplace(ctx context.Context, account string, id int64, spec provider.OrderSpec) (provider.DryRunResult, error) {
	body, err := orderBody(spec, false)
	if err != nil {
		return provider.DryRunResult{}, fmt.Errorf("dry-run replacement of order %d: %w", id, err)
	}
	return c.dryRun(ctx, write(http.MethodPost, body, "accounts", account, "orders", strconv.FormatInt(id, 10), "dry-run"))
}
