package emulator

import (
	"time"

	"github.com/shopspring/decimal"
	bolt "go.etcd.io/bbolt"
)

// The demo customer. These values are part of the emulator's contract:
// the README quickstart, the CLI tests and the emulator's own tests log
// in with them.
const (
	DemoUsername     = "demo"
	DemoEmail        = "demo@example.com"
	DemoPassword     = "demo"
	DemoExternalID   = "U0000000001"
	DemoClientID     = "demo-client"
	DemoClientSecret = "demo-secret"
	DemoRefreshToken = "demo-refresh"
	DemoAccount      = "5WT00001" // Individual, Margin: 100 SPY, 50 AAPL
	DemoCashAccount  = "5WT00002" // Individual, Cash: no positions
)

// The trader customer logs in with a password unlike any other string
// the emulator or ttplan prints, so tests can grep every output for it.
const (
	TraderUsername = "trader"
	TraderPassword = "Tr4der-pw-7c1f"
	TraderAccount  = "5WT00003"
)

// The other customer exists so that reaching into an account one does
// not own can be tested: it gives 403 not_permitted.
const (
	otherUsername = "other"
	otherAccount  = "5WT90001"
)

// firstOrderID is the id of the first order placed after a seed.
const firstOrderID = 1000001

// seedTime is when the seeded accounts were opened.
var seedTime = time.Date(2021, 3, 26, 18, 31, 41, 70e6, time.UTC)

// seedIfNew creates the buckets and, unless the store was seeded
// before, the demo customer.
func seedIfNew(tx *bolt.Tx) error {
	if err := createBuckets(tx); err != nil {
		return err
	}

	s := store{tx}
	if s.metaInt(metaSeeded) == 1 {
		return nil
	}
	if err := seedUsers(s); err != nil {
		return err
	}
	if err := seedAccounts(s); err != nil {
		return err
	}
	if err := s.setMetaInt(metaNextOrderID, firstOrderID); err != nil {
		return err
	}
	return s.setMetaInt(metaSeeded, 1)
}

func seedUsers(s store) error {
	users := []user{
		{ID: 1, Username: DemoUsername, Email: DemoEmail, Password: DemoPassword,
			ExternalID: DemoExternalID, Name: "Demo User"},
		{ID: 3, Username: TraderUsername, Email: "trader@example.com", Password: TraderPassword,
			ExternalID: "U0000000003", Name: "Trader"},
		{ID: 2, Username: otherUsername, Email: "other@example.com", Password: "other",
			ExternalID: "U0000000002", Name: "Other User"},
	}
	for _, u := range users {
		if err := s.put(bucketUsers, u.Username, u); err != nil {
			return err
		}
	}

	g := grant{ClientID: DemoClientID, ClientSecret: DemoClientSecret,
		Username: DemoUsername, Scopes: []string{"read", "trade"}}
	return s.put(bucketGrants, DemoRefreshToken, g)
}

func seedAccounts(s store) error {
	accounts := []account{
		{Number: DemoAccount, Owner: DemoUsername, Nickname: "Individual",
			TypeName: "Individual", MarginOrCash: "Margin", Cash: decimal.NewFromInt(100000)},
		{Number: DemoCashAccount, Owner: DemoUsername, Nickname: "Cash",
			TypeName: "Individual", MarginOrCash: "Cash", Cash: decimal.NewFromInt(100000)},
		{Number: TraderAccount, Owner: TraderUsername, Nickname: "Trader",
			TypeName: "Individual", MarginOrCash: "Margin", Cash: decimal.NewFromInt(100000)},
		{Number: otherAccount, Owner: otherUsername, Nickname: "Other",
			TypeName: "Individual", MarginOrCash: "Margin", Cash: decimal.NewFromInt(100000)},
	}
	for _, a := range accounts {
		a.OpenedAt = seedTime
		if err := s.put(bucketAccounts, a.Number, a); err != nil {
			return err
		}
	}

	positions := []position{
		{Account: DemoAccount, Symbol: "SPY", InstrumentType: "Equity", Quantity: decimal.NewFromInt(100)},
		{Account: DemoAccount, Symbol: "AAPL", InstrumentType: "Equity", Quantity: decimal.NewFromInt(50)},
	}
	for _, p := range positions {
		if err := s.putPosition(p); err != nil {
			return err
		}
	}
	return nil
}
