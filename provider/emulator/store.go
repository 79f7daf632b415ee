package emulator

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// Buckets of the store. Every value is JSON; keys are described where
// each bucket is used.
var (
	bucketMeta        = []byte("meta")        // counters, clock offset
	bucketUsers       = []byte("users")       // username → user
	bucketGrants      = []byte("grants")      // refresh token → grant
	bucketTokens      = []byte("tokens")      // access or session token → token
	bucketRemember    = []byte("remember")    // remember token → rememberToken
	bucketAccounts    = []byte("accounts")    // account number → account
	bucketPositions   = []byte("positions")   // account NUL symbol → position
	bucketWatchlists  = []byte("watchlists")  // username NUL name → watchlist
	bucketInstruments = []byte("instruments") // type NUL symbol → instrument
	bucketOrders      = []byte("orders")      // zero-padded id → order
	bucketComplex     = []byte("complex")     // zero-padded id → complexOrder
	bucketRequests    = []byte("requests")    // zero-padded sequence → Request
	bucketFaults      = []byte("faults")      // zero-padded sequence → Fault
)

var allBuckets = [][]byte{
	bucketMeta, bucketUsers, bucketGrants, bucketTokens, bucketRemember,
	bucketAccounts, bucketPositions, bucketWatchlists, bucketInstruments,
	bucketOrders, bucketComplex, bucketRequests, bucketFaults,
}

// Keys of the meta bucket.
const (
	metaSeeded       = "seeded"
	metaClockOffset  = "clock-offset"
	metaNextOrderID  = "next-order-id"
	metaNextComplex  = "next-complex-order-id"
	metaMarketClosed = "market-closed"
	metaNextToken    = "next-token"
	metaNextFill     = "next-fill"
	metaNextWatch    = "next-watchlist"
	metaNextRequest  = "next-request"
	metaNextFault    = "next-fault"
	metaFailedLogins = "failed-logins"
	metaBlockedUntil = "blocked-until"
)

// store wraps one bbolt transaction with typed helpers. The buckets
// exist whenever a store is in use: seedIfNew creates them.
type store struct {
	tx *bolt.Tx
}

// key joins the parts of a compound key with NUL, which no symbol, name
// or account number contains.
func key(parts ...string) string {
	return strings.Join(parts, "\x00")
}

// seqKey renders a number so that byte order is numeric order.
func seqKey(n int64) string {
	return fmt.Sprintf("%020d", n)
}

// get decodes the value at k into v and reports whether it existed.
func (s store) get(bucket []byte, k string, v any) (bool, error) {
	raw := s.tx.Bucket(bucket).Get([]byte(k))
	if raw == nil {
		return false, nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return false, fmt.Errorf("decode %s/%q: %w", bucket, k, err)
	}
	return true, nil
}

// put stores v as JSON at k.
func (s store) put(bucket []byte, k string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s/%q: %w", bucket, k, err)
	}
	return s.tx.Bucket(bucket).Put([]byte(k), raw)
}

// del removes k; removing a missing key is not an error.
func (s store) del(bucket []byte, k string) error {
	return s.tx.Bucket(bucket).Delete([]byte(k))
}

// scan calls fn for every key starting with prefix, in key order.
func (s store) scan(bucket []byte, prefix string, fn func(k string, raw []byte) error) error {
	c := s.tx.Bucket(bucket).Cursor()
	p := []byte(prefix)
	for k, v := c.Seek(p); k != nil && strings.HasPrefix(string(k), prefix); k, v = c.Next() {
		if err := fn(string(k), v); err != nil {
			return err
		}
	}
	return nil
}

// metaInt reads an integer from the meta bucket; absent means 0.
func (s store) metaInt(k string) int64 {
	raw := s.tx.Bucket(bucketMeta).Get([]byte(k))
	n, _ := strconv.ParseInt(string(raw), 10, 64)
	return n
}

// setMetaInt writes an integer to the meta bucket.
func (s store) setMetaInt(k string, n int64) error {
	return s.tx.Bucket(bucketMeta).Put([]byte(k), []byte(strconv.FormatInt(n, 10)))
}

// next returns the counter k and advances it; a new counter starts at
// start.
func (s store) next(k string, start int64) (int64, error) {
	n := s.metaInt(k)
	if n < start {
		n = start
	}
	if err := s.setMetaInt(k, n+1); err != nil {
		return 0, err
	}
	return n, nil
}

// createBuckets makes every bucket that is missing.
func createBuckets(tx *bolt.Tx) error {
	for _, name := range allBuckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	return nil
}
