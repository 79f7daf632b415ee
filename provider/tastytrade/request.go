package tastytrade

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ttplan/ttplan/provider"
)

// maxResponseBody bounds how much of a response the client reads.
const maxResponseBody = 16 << 20

// request is one API call before it is sent.
type request struct {
	method string
	segs   []string // path segments, unescaped; each is escaped alone
	query  url.Values
	body   any
	header http.Header // extra headers, such as the OTP

	// read marks an idempotent read: it may be resent after a 429, a
	// 502-504, a transport error or a refused token. Writes never are.
	read bool
}

// get returns a read of the given path.
func get(segs ...string) *request {
	return &request{method: http.MethodGet, segs: segs, read: true}
}

// write returns a write of body to the given path.
func write(method string, body any, segs ...string) *request {
	return &request{method: method, segs: segs, body: body}
}

// response is an answer with its body read in full.
type response struct {
	method string
	path   string // escaped, as sent
	status int
	header http.Header
	body   []byte
}

func (r *response) ok() bool { return r.status >= 200 && r.status < 300 }

// do sends an authorised request and returns its envelope. Any non-2xx
// answer is an error; a write that may have been executed without the
// client learning the outcome returns an error wrapping ErrAmbiguous.
func (c *Client) do(ctx context.Context, r *request) (*envelope, error) {
	resp, err := c.exchange(ctx, r)
	if err != nil {
		return nil, err
	}
	if !resp.ok() {
		err := c.apiError(resp)
		if !r.read && resp.status >= 500 {
			return nil, ambiguous(err)
		}
		return nil, err
	}

	env, err := decodeEnvelope(resp.body)
	if err != nil {
		return nil, decodeFailed(r, resp, err)
	}
	env.status = resp.status
	return env, nil
}

// decodeFailed reports a 2xx answer the client cannot read. For a write
// the broker did act, so the outcome is unknown to the caller.
func decodeFailed(r *request, resp *response, err error) error {
	err = fmt.Errorf("%s %s: decode response: %w", resp.method, resp.path, err)
	if !r.read {
		return ambiguous(err)
	}
	return err
}

// exchange sends r with a token. A 401 drops the token; a read is then
// sent once more with a fresh login, a write is not (C22).
func (c *Client) exchange(ctx context.Context, r *request) (*response, error) {
	body, err := encodeBody(r.body)
	if err != nil {
		return nil, err
	}

	resp, tok, err := c.attempt(ctx, r, body)
	if err != nil || resp.status != http.StatusUnauthorized {
		return resp, err
	}
	c.forget(ctx, tok)
	if !r.read {
		return nil, unauthorized(c.apiError(resp))
	}

	c.log.Debug("token refused, logging in again", "method", r.method, "path", provider.LogPath(resp.path))
	resp, tok, err = c.attempt(ctx, r, body)
	if err != nil || resp.status != http.StatusUnauthorized {
		return resp, err
	}
	c.forget(ctx, tok)
	return nil, unauthorized(c.apiError(resp))
}

// attempt sends r, resending reads on retryable failures.
func (c *Client) attempt(ctx context.Context, r *request, body []byte) (*response, token, error) {
	for n := 1; ; n++ {
		tok, err := c.token(ctx)
		if err != nil {
			return nil, tok, err
		}

		resp, err := c.roundTrip(ctx, r, body, tok.header())
		if !r.read || n >= c.retry.attempts || !retryable(resp, err) || ctx.Err() != nil {
			return resp, tok, sendFailed(r, err)
		}

		d := c.retry.delay(n, resp)
		c.log.Trace("retrying request", "method", r.method, "attempt", n, "delay", d)
		if err := c.retry.sleep(ctx, d); err != nil {
			return nil, tok, err
		}
	}
}

// sendFailed wraps a transport error; on a write, the request may have
// reached the broker.
func sendFailed(r *request, err error) error {
	var pre *preSendError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &pre) || r.read:
		return err
	}
	return ambiguous(err)
}

// preSendError is a failure before any byte left the client.
type preSendError struct{ err error }

func (e *preSendError) Error() string { return e.err.Error() }
func (e *preSendError) Unwrap() error { return e.err }

// roundTrip sends one HTTP request and reads the answer. authz is the
// Authorization header value, or "" for none.
func (c *Client) roundTrip(ctx context.Context, r *request, body []byte, authz string) (*response, error) {
	u := c.url(r.segs, r.query)
	path := u.EscapedPath()
	if err := c.wait(ctx); err != nil {
		return nil, &preSendError{fmt.Errorf("%s %s: %w", r.method, path, err)}
	}

	req, err := c.newHTTPRequest(ctx, r, u, body, authz)
	if err != nil {
		return nil, &preSendError{fmt.Errorf("%s %s: %w", r.method, path, err)}
	}

	c.log.Trace("sending request", "method", r.method, "path", provider.LogPath(path), "query", u.RawQuery,
		"body_bytes", len(body), "authorized", authz != "")
	start := time.Now()
	hresp, err := c.http.Do(req)
	if err != nil {
		c.log.Debug("request failed", "method", r.method, "path", provider.LogPath(path), "duration", time.Since(start))
		return nil, fmt.Errorf("%s %s: %w", r.method, path, unwrapURLError(err))
	}
	defer hresp.Body.Close()

	data, err := io.ReadAll(io.LimitReader(hresp.Body, maxResponseBody))
	c.log.Debug("request", "method", r.method, "path", provider.LogPath(path), "status", hresp.StatusCode,
		"duration", time.Since(start))
	if err != nil {
		return nil, fmt.Errorf("%s %s: read response: %w", r.method, path, unwrapURLError(err))
	}
	return &response{method: r.method, path: path, status: hresp.StatusCode,
		header: hresp.Header, body: data}, nil
}

// wait applies the client-side pace and fails early on a dead context.
func (c *Client) wait(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if c.limiter == nil {
		return nil
	}
	return c.limiter.Wait(ctx)
}

func (c *Client) newHTTPRequest(ctx context.Context, r *request, u *url.URL, body []byte, authz string) (*http.Request, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u.String(), rd)
	if err != nil {
		return nil, err
	}

	for k, vs := range r.header {
		req.Header[k] = vs
	}
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if authz != "" {
		req.Header.Set("Authorization", authz)
	}
	return req, nil
}

// url joins the base URL and the path segments, escaping each segment on
// its own so that "BRK/B" travels as BRK%2FB and not as two segments.
func (c *Client) url(segs []string, query url.Values) *url.URL {
	u := *c.base
	plain := strings.TrimSuffix(u.Path, "/")
	escaped := strings.TrimSuffix(u.EscapedPath(), "/")
	for _, s := range segs {
		plain += "/" + s
		escaped += "/" + url.PathEscape(s)
	}
	u.Path, u.RawPath = plain, escaped
	u.RawQuery = query.Encode()
	return &u
}

func encodeBody(v any) ([]byte, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode request: %w", err)
	}
	return b, nil
}

// unwrapURLError drops the *url.Error layer, whose text repeats the
// method and the full URL.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
