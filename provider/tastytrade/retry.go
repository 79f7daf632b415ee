package tastytrade

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// retryPolicy bounds how reads are resent. The API publishes no quota and
// sends no rate-limit headers, so the client backs off exponentially with
// jitter and honours a Retry-After when one comes (C24).
type retryPolicy struct {
	attempts int           // sends in all, the first included
	base     time.Duration // delay after the first failure, before jitter
	max      time.Duration // cap on any delay, Retry-After included

	// sleep waits d or until ctx ends; tests replace it.
	sleep func(ctx context.Context, d time.Duration) error

	// now reads the clock for an HTTP-date Retry-After.
	now func() time.Time
}

var defaultRetry = retryPolicy{
	attempts: 3,
	base:     250 * time.Millisecond,
	max:      10 * time.Second,
	sleep:    sleepContext,
	now:      time.Now,
}

// retryable reports whether a read that ended this way may be resent:
// after a transport error, a 429, or a gateway failure.
func retryable(resp *response, err error) bool {
	if err != nil {
		return true
	}
	switch resp.status {
	case http.StatusTooManyRequests, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// delay is how long to wait before send n+1.
func (p retryPolicy) delay(n int, resp *response) time.Duration {
	if resp != nil {
		if d, ok := retryAfter(resp.header.Get("Retry-After"), p.now()); ok {
			return min(d, p.max)
		}
	}

	d := p.base << (n - 1)
	if d <= 0 || d > p.max {
		d = p.max
	}
	half := d / 2
	return half + rand.N(half+1)
}

// retryAfter reads a Retry-After value in seconds or as an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
