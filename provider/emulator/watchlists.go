package emulator

import (
	"net/http"
	"slices"
	"sort"
	"strconv"
)

// Defaults the API applies to a watchlist body that leaves them out.
const (
	defaultGroupName  = "default"
	defaultOrderIndex = 9999
)

// watchlistTypes are the instrument types an entry may name.
var watchlistTypes = []string{
	"Equity", "Equity Option", "Future", "Future Option", "Cryptocurrency", "Index",
	"Bond", "Currency Pair", "Equity Offering", "Warrant", "Fixed Income Security",
}

// watchlist is one user's named list of symbols.
type watchlist struct {
	Owner      string       `json:"owner"`
	Seq        int64        `json:"seq"` // creation order, the listing order
	Name       string       `json:"name"`
	GroupName  string       `json:"group-name"`
	OrderIndex int          `json:"order-index"`
	Entries    []watchEntry `json:"watchlist-entries"`
}

// watchEntry keeps instrument-type only when the client gave one; the
// wire then omits it, as real lists show.
type watchEntry struct {
	Symbol         string `json:"symbol"`
	InstrumentType string `json:"instrument-type,omitempty"`
}

// watchlistWire is the watchlist as the API sends it.
type watchlistWire struct {
	Name       string       `json:"name"`
	GroupName  string       `json:"group-name"`
	OrderIndex int          `json:"order-index"`
	Entries    []watchEntry `json:"watchlist-entries"`
	CMSID      *string      `json:"cms-id"`
}

// watchlistBody is a create or replace body.
type watchlistBody struct {
	Name       *string `json:"name"`
	GroupName  *string `json:"group-name"`
	OrderIndex *int    `json:"order-index"`
	Entries    *[]struct {
		Symbol         *string `json:"symbol"`
		InstrumentType *string `json:"instrument-type"`
	} `json:"watchlist-entries"`
}

func (w watchlist) wire() watchlistWire {
	entries := w.Entries
	if entries == nil {
		entries = []watchEntry{}
	}
	return watchlistWire{Name: w.Name, GroupName: w.GroupName, OrderIndex: w.OrderIndex, Entries: entries}
}

// listWatchlists serves GET /watchlists, in creation order.
func (c *call) listWatchlists() reply {
	var lists []watchlist
	err := c.s.scan(bucketWatchlists, key(c.user.Username, ""), func(_ string, raw []byte) error {
		var w watchlist
		if err := decodeStored(raw, &w); err != nil {
			return err
		}
		lists = append(lists, w)
		return nil
	})
	if err != nil {
		return internalReply(err)
	}

	sort.Slice(lists, func(i, j int) bool { return lists[i].Seq < lists[j].Seq })
	items := []watchlistWire{}
	for _, w := range lists {
		items = append(items, w.wire())
	}
	return c.list(items, nil)
}

// getWatchlist serves GET /watchlists/{name}.
func (c *call) getWatchlist() reply {
	w, rep, ok := c.loadWatchlist(c.seg[1])
	if !ok {
		return rep
	}
	return c.data(http.StatusOK, w.wire())
}

// createWatchlist serves POST /watchlists.
func (c *call) createWatchlist() reply {
	w, rep, ok := parseWatchlist(c.body)
	if !ok {
		return rep
	}
	if _, _, exists := c.loadWatchlist(w.Name); exists {
		return errorReply(http.StatusUnprocessableEntity, "watchlist_already_exists",
			"A watchlist named "+strconv.Quote(w.Name)+" already exists")
	}

	seq, err := c.s.next(metaNextWatch, 1)
	if err != nil {
		return internalReply(err)
	}
	w.Owner, w.Seq = c.user.Username, seq
	return c.saveWatchlist(http.StatusCreated, w)
}

// replaceWatchlist serves PUT /watchlists/{name}: every property is
// replaced and what the body leaves out is reset.
func (c *call) replaceWatchlist() reply {
	old, rep, ok := c.loadWatchlist(c.seg[1])
	if !ok {
		return rep
	}
	w, rep, ok := parseWatchlist(c.body)
	if !ok {
		return rep
	}
	if w.Name != old.Name {
		return invalidField("name", "must equal the watchlist name in the path; renaming is not supported")
	}

	w.Owner, w.Seq = old.Owner, old.Seq
	return c.saveWatchlist(http.StatusOK, w)
}

// deleteWatchlist serves DELETE /watchlists/{name} and returns the
// deleted list.
func (c *call) deleteWatchlist() reply {
	w, rep, ok := c.loadWatchlist(c.seg[1])
	if !ok {
		return rep
	}
	if err := c.s.del(bucketWatchlists, key(w.Owner, w.Name)); err != nil {
		return internalReply(err)
	}
	return c.data(http.StatusOK, w.wire())
}

func (c *call) loadWatchlist(name string) (watchlist, reply, bool) {
	var w watchlist
	found, err := c.s.get(bucketWatchlists, key(c.user.Username, name), &w)
	switch {
	case err != nil:
		return w, internalReply(err), false
	case !found:
		return w, notFound("watchlist " + strconv.Quote(name)), false
	}
	return w, reply{}, true
}

func (c *call) saveWatchlist(status int, w watchlist) reply {
	if err := c.s.put(bucketWatchlists, key(w.Owner, w.Name), w); err != nil {
		return internalReply(err)
	}
	return c.data(status, w.wire())
}

// parseWatchlist decodes and checks a body, applying the defaults.
func parseWatchlist(body []byte) (watchlist, reply, bool) {
	var b watchlistBody
	if rep, ok := decodeBody(body, &b); !ok {
		return watchlist{}, rep, false
	}
	if b.Name == nil || *b.Name == "" {
		return watchlist{}, invalidField("name", reasonMissing), false
	}
	if !cleanName(*b.Name) || !segmentName(*b.Name) {
		return watchlist{}, invalidField("name", reasonInvalid), false
	}
	if b.Entries == nil {
		return watchlist{}, invalidField("watchlist-entries", reasonMissing), false
	}

	w := watchlist{Name: *b.Name, GroupName: defaultGroupName, OrderIndex: defaultOrderIndex}
	if b.GroupName != nil {
		w.GroupName = *b.GroupName
	}
	if b.OrderIndex != nil {
		w.OrderIndex = *b.OrderIndex
	}
	for _, e := range *b.Entries {
		if e.Symbol == nil || *e.Symbol == "" {
			return watchlist{}, invalidField("watchlist-entries.symbol", reasonMissing), false
		}
		entry := watchEntry{Symbol: *e.Symbol}
		if e.InstrumentType != nil {
			if !slices.Contains(watchlistTypes, *e.InstrumentType) {
				return watchlist{}, invalidField("watchlist-entries.instrument-type", reasonInvalid), false
			}
			entry.InstrumentType = *e.InstrumentType
		}
		w.Entries = append(w.Entries, entry)
	}
	return w, reply{}, true
}
