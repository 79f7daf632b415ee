package tastytrade

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/ttplan/ttplan/provider"
)

// wireWatchlist is a watchlist in requests and responses.
type wireWatchlist struct {
	Name       string      `json:"name"`
	GroupName  string      `json:"group-name,omitempty"`
	OrderIndex wireInt     `json:"order-index,omitempty"`
	Entries    []wireEntry `json:"watchlist-entries"`
}

// wireEntry is one watchlist entry. Lists have been seen with the type
// under instrument_type; reads accept both spellings.
type wireEntry struct {
	Symbol         string `json:"symbol"`
	InstrumentType string `json:"instrument-type"`
	Underscored    string `json:"instrument_type,omitempty"`
}

// Watchlists lists the user's watchlists in one call.
func (c *Client) Watchlists(ctx context.Context) ([]provider.Watchlist, error) {
	env, err := c.do(ctx, get("watchlists"))
	if err != nil {
		return nil, err
	}
	return decodeItems(env, decodeWatchlist)
}

func decodeWatchlist(raw json.RawMessage) (provider.Watchlist, error) {
	var w wireWatchlist
	if err := json.Unmarshal(raw, &w); err != nil {
		return provider.Watchlist{}, fmt.Errorf("watchlist: %w", err)
	}
	if w.Name == "" {
		return provider.Watchlist{}, fmt.Errorf("watchlist: missing name")
	}
	return w.toProvider(), nil
}

// CreateWatchlist creates w with POST /watchlists.
func (c *Client) CreateWatchlist(ctx context.Context, w provider.Watchlist) (provider.Watchlist, error) {
	if err := checkWatchlistName(w.Name); err != nil {
		return provider.Watchlist{}, fmt.Errorf("create watchlist: %w", err)
	}
	body, err := watchlistBody(w)
	if err != nil {
		return provider.Watchlist{}, err
	}
	env, err := c.do(ctx, write(http.MethodPost, body, "watchlists"))
	if err != nil {
		return provider.Watchlist{}, fmt.Errorf("create watchlist %q: %w", w.Name, err)
	}
	return echoedWatchlist(env, body), nil
}

// ReplaceWatchlist replaces the watchlist called name with w, entries,
// group and index included: the API's PUT is a full replacement (C06).
func (c *Client) ReplaceWatchlist(ctx context.Context, name string, w provider.Watchlist) (provider.Watchlist, error) {
	if err := checkWatchlistName(name); err != nil {
		return provider.Watchlist{}, fmt.Errorf("replace watchlist: %w", err)
	}
	if w.Name != name {
		return provider.Watchlist{}, fmt.Errorf("replace watchlist %q: new name %q: "+
			"a rename is a create then a delete", name, w.Name)
	}
	body, err := watchlistBody(w)
	if err != nil {
		return provider.Watchlist{}, err
	}
	env, err := c.do(ctx, write(http.MethodPut, body, "watchlists", name))
	if err != nil {
		return provider.Watchlist{}, fmt.Errorf("replace watchlist %q: %w", name, err)
	}
	return echoedWatchlist(env, body), nil
}

// DeleteWatchlist deletes the watchlist called name. The answer's body
// is ignored: it has been seen raw and in snake_case.
func (c *Client) DeleteWatchlist(ctx context.Context, name string) error {
	if err := checkWatchlistName(name); err != nil {
		return fmt.Errorf("delete watchlist: %w", err)
	}
	if _, err := c.do(ctx, write(http.MethodDelete, nil, "watchlists", name)); err != nil {
		return fmt.Errorf("delete watchlist %q: %w", name, err)
	}
	return nil
}

// checkWatchlistName refuses a name that cannot travel as a path
// segment: an empty one, and "." and "..", which HTTP stacks resolve as
// dot-segments, so that PUT /watchlists/.. would reach another resource.
// Other names, "/" included, are escaped and travel as one segment.
func checkWatchlistName(name string) error {
	switch name {
	case "":
		return errors.New("watchlist name is empty")
	case ".", "..":
		return fmt.Errorf("watchlist name %q is not allowed: "+
			"it would be read as a relative path in the URL", name)
	}
	return nil
}

// watchlistBody builds a create or replace body. Every entry carries its
// instrument type, inferred from the symbol when w leaves it out.
func watchlistBody(w provider.Watchlist) (wireWatchlist, error) {
	body := wireWatchlist{Name: w.Name, GroupName: w.GroupName,
		OrderIndex: wireInt(w.OrderIndex), Entries: make([]wireEntry, 0, len(w.Entries))}
	for _, e := range w.Entries {
		t := e.InstrumentType
		if t == "" {
			inferred, ok := provider.InferInstrumentType(e.Symbol)
			if !ok {
				return wireWatchlist{}, fmt.Errorf("watchlist %q: symbol %q: "+
					"instrument type unknown", w.Name, e.Symbol)
			}
			t = inferred
		}
		body.Entries = append(body.Entries, wireEntry{
			Symbol: provider.CanonicalSymbol(t, e.Symbol), InstrumentType: string(t)})
	}
	return body, nil
}

// echoedWatchlist reads the watchlist a write returns, or falls back to
// what was sent when the answer holds none.
func echoedWatchlist(env *envelope, sent wireWatchlist) provider.Watchlist {
	var w wireWatchlist
	if env.decode(&w) != nil || w.Name == "" {
		return sent.toProvider()
	}
	return w.toProvider()
}

// toProvider normalises a watchlist: canonical symbols, and a type
// inferred from the symbol where the entry has none.
func (w wireWatchlist) toProvider() provider.Watchlist {
	out := provider.Watchlist{Name: w.Name, GroupName: w.GroupName, OrderIndex: int(w.OrderIndex),
		Entries: make([]provider.WatchlistEntry, 0, len(w.Entries))}
	for _, e := range w.Entries {
		raw := e.InstrumentType
		if raw == "" {
			raw = e.Underscored
		}
		t := parseOr(raw, provider.ParseInstrumentType)
		if t == "" {
			t, _ = provider.InferInstrumentType(e.Symbol)
		}
		out.Entries = append(out.Entries, provider.WatchlistEntry{
			Symbol: provider.CanonicalSymbol(t, e.Symbol), InstrumentType: t})
	}
	return out
}

// parseOr reads an enumeration with parse, keeping an unknown word as it
// came so that it compares unequal to every known value.
func parseOr[T ~string](s string, parse func(string) (T, bool)) T {
	if v, ok := parse(s); ok {
		return v
	}
	return T(s)
}
