package emulator

import (
	"encoding/json"
	"net/http"
	"time"

	bolt "go.etcd.io/bbolt"
)

// warnNextSession is the warning a submit or dry run made while the
// market is closed carries. The API spells its code with three s.
var warnNextSession = errItem{Code: "tif_next_valid_sesssion",
	Message: "Your order will begin working during next valid session."}

// SetMarket opens or closes the emulated market. While it is closed,
// new orders, replacements and orders released by a filled trigger are
// stored as Received instead of Live, and cannot fill; opening the
// market turns every Received order Live. The market is open until told
// otherwise, whatever the clock says, so that a store behaves the same
// at any hour. The setting is stored, and Reset opens the market again.
func (e *Emulator) SetMarket(open bool) error {
	return e.update(func(s store, now time.Time) error {
		if !open {
			return s.setMetaInt(metaMarketClosed, 1)
		}
		if err := s.del(bucketMeta, metaMarketClosed); err != nil {
			return err
		}
		return s.openReceived(now)
	})
}

// MarketOpen reports whether the emulated market is open.
func (e *Emulator) MarketOpen() (bool, error) {
	var open bool
	err := e.db.View(func(tx *bolt.Tx) error {
		open = store{tx}.marketOpen()
		return nil
	})
	return open, err
}

func (s store) marketOpen() bool {
	return s.metaInt(metaMarketClosed) == 0
}

// openStatus is where an order that starts working now is stored: Live,
// or Received while the market is closed.
func (s store) openStatus() string {
	if s.marketOpen() {
		return statusLive
	}
	return statusReceived
}

// sessionWarnings are the warnings of a submit or dry run made now.
func (s store) sessionWarnings() []errItem {
	if s.marketOpen() {
		return []errItem{}
	}
	return []errItem{warnNextSession}
}

// openReceived turns every Received order Live, as the market opens.
func (s store) openReceived(now time.Time) error {
	var ids []int64
	err := s.scanOrders(func(o order) error {
		if o.Status == statusReceived {
			ids = append(ids, o.ID)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return s.eachWorking(ids, now, func(o *order) bool {
		if o.Status != statusReceived {
			return false
		}
		o.Status, o.LiveAt, o.UpdatedAt = statusLive, now, now
		return true
	})
}

// marketHook serves GET and POST /_emulator/market; POST takes
// {"open": false} or {"open": true}. Both answer {"open": <bool>}.
func (e *Emulator) marketHook(method string, body []byte) reply {
	switch method {
	case http.MethodPost:
		var b struct {
			Open *bool `json:"open"`
		}
		if err := json.Unmarshal(body, &b); err != nil {
			return invalidField("body", "is not valid JSON")
		}
		if b.Open == nil {
			return invalidField("open", reasonMissing)
		}
		if err := e.SetMarket(*b.Open); err != nil {
			return hookResult(err, nil)
		}
	case http.MethodGet:
	default:
		return errorReply(http.StatusMethodNotAllowed, "method_not_allowed", "Use GET or POST")
	}
	open, err := e.MarketOpen()
	return hookResult(err, map[string]bool{"open": open})
}
