package tastytrade

import (
	"context"
	"fmt"
	"net/http"

	"github.com/ttplan/ttplan/provider"
)

// sessionCredential is one way to open a legacy session.
type sessionCredential struct {
	name   string // for logs and errors; never the secret
	key    string // identity in authState.tried
	body   map[string]any
	cached bool // the remember token came from the cache
}

// loginSession opens a legacy session (section 2.2), trying in order the
// cached remember token, TASTYTRADE_REMEMBER_TOKEN and the password, each
// at most once per process. A remember token is single use: the one a
// login returns replaces it in the cache at once, and a refused one is
// deleted from the cache (C20).
func (c *Client) loginSession(ctx context.Context, e *cacheEntry) (token, error) {
	if c.auth.tried == nil {
		c.auth.tried = map[string]bool{}
	}

	var lastRefusal error
	for _, cred := range c.sessionCredentials(e) {
		if c.auth.tried[cred.key] {
			continue
		}
		c.auth.tried[cred.key] = true

		tok, err := c.postSession(ctx, cred, e)
		if err == nil {
			return tok, nil
		}
		if !isRefusal(err) {
			return token{}, err
		}

		c.log.Warn("login refused", "credential", cred.name)
		lastRefusal = err
		if cred.cached {
			e.RememberToken = ""
			c.saveEntry(*e)
		}
	}

	if lastRefusal != nil {
		return token{}, lastRefusal
	}
	return token{}, &provider.AuthError{Reason: "no unused credential left for " +
		c.creds.Username + ": set TASTYTRADE_PASSWORD, then run `ttplan login`"}
}

// sessionCredentials lists the credentials to try, in order.
func (c *Client) sessionCredentials(e *cacheEntry) []sessionCredential {
	remember := func(t, name string, cached bool) sessionCredential {
		return sessionCredential{name: name, key: "remember:" + t, cached: cached,
			body: map[string]any{"login": c.creds.Username, "remember-token": t, "remember-me": true}}
	}

	var out []sessionCredential
	if c.auth.passwordOnly {
		return append(out, c.passwordCredential())
	}
	if e.RememberToken != "" {
		out = append(out, remember(e.RememberToken, "cached remember token", true))
	}
	if t := c.creds.RememberToken; t != "" && t != e.RememberToken {
		out = append(out, remember(t, "TASTYTRADE_REMEMBER_TOKEN", false))
	}
	if c.creds.Password != "" {
		out = append(out, c.passwordCredential())
	}
	return out
}

func (c *Client) passwordCredential() sessionCredential {
	return sessionCredential{name: "password", key: "password",
		body: map[string]any{"login": c.creds.Username, "password": c.creds.Password, "remember-me": true}}
}

// postSession sends one login and stores its session and new remember
// token in e and in the cache.
func (c *Client) postSession(ctx context.Context, cred sessionCredential, e *cacheEntry) (token, error) {
	r := write(http.MethodPost, cred.body, "sessions")
	if c.creds.OTP != "" {
		r.header = http.Header{}
		r.header.Set("X-Tastyworks-OTP", c.creds.OTP)
	}

	resp, err := c.authRoundTrip(ctx, r)
	if err != nil {
		return token{}, fmt.Errorf("log in with %s: %w", cred.name, err)
	}
	if !resp.ok() {
		return token{}, c.loginRefused(resp, c.refusalReason(cred))
	}

	var w struct {
		SessionToken  string   `json:"session-token"`
		RememberToken string   `json:"remember-token"`
		Expiration    wireTime `json:"session-expiration"`
	}
	env, err := decodeEnvelope(resp.body)
	if err == nil {
		err = env.decode(&w)
	}
	if err != nil || w.SessionToken == "" {
		return token{}, fmt.Errorf("log in with %s: response has no session-token", cred.name)
	}
	c.addSecrets(w.SessionToken, w.RememberToken)

	tok := token{value: w.SessionToken, expires: w.Expiration.time()}
	if tok.expires.IsZero() {
		tok.expires = c.now().Add(defaultSessionLifetime)
	}
	e.setToken(tok)
	e.RememberToken = w.RememberToken
	c.saveEntry(*e)
	c.log.Debug("session opened", "credential", cred.name, "expires", tok.expires)
	return tok, nil
}

func (c *Client) refusalReason(cred sessionCredential) string {
	if cred.key == "password" {
		return "the API refused the password login for " + c.creds.Username +
			" (production accepts only OAuth: set TASTYTRADE_CLIENT_SECRET and " +
			"TASTYTRADE_REFRESH_TOKEN)"
	}
	return "the API refused the " + cred.name
}

// Logout ends a legacy session with DELETE /sessions, where one is open or
// cached, and deletes the cache file. An already dead session (401) is
// not an error. OAuth has no logout call: the cached access token is
// deleted and expires on its own.
func (c *Client) Logout(ctx context.Context) error {
	c.auth.mu.Lock()
	defer c.auth.mu.Unlock()

	unlock, err := c.cache.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()

	tok := c.auth.tok
	if tok.value == "" {
		if e, err := c.cache.load(); err == nil {
			tok = e.token()
		}
	}
	c.auth.tok = token{}

	var endErr error
	if tok.value != "" && !tok.bearer {
		endErr = c.endSession(ctx, tok)
	}
	if err := c.cache.remove(); err != nil {
		return err
	}
	return endErr
}

func (c *Client) endSession(ctx context.Context, tok token) error {
	resp, err := c.roundTrip(ctx, write(http.MethodDelete, nil, "sessions"), nil, tok.header())
	if err != nil {
		return fmt.Errorf("end session: %w", err)
	}
	if resp.ok() || resp.status == http.StatusUnauthorized {
		return nil
	}
	return fmt.Errorf("end session: %w", c.apiError(resp))
}
