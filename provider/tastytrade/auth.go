package tastytrade

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/ttplan/ttplan/provider"
)

const (
	// refreshMargin is how much life a token must have left to be used;
	// one closer to its expiry is renewed first (C22).
	refreshMargin = 60 * time.Second

	// defaultTokenLifetime applies when /oauth/token omits expires_in.
	defaultTokenLifetime = 900 * time.Second

	// defaultSessionLifetime applies when /sessions omits the expiry.
	defaultSessionLifetime = 24 * time.Hour
)

// token is an access token (sent as "Bearer <token>") or a legacy session
// token (sent raw).
type token struct {
	value   string
	bearer  bool
	expires time.Time
}

func (t token) header() string {
	if t.bearer {
		return "Bearer " + t.value
	}
	return t.value
}

// authState is the client's login state. Its mutex is held across a
// login, so concurrent requests wait for one login instead of racing.
type authState struct {
	mu  sync.Mutex
	tok token

	// dead holds tokens the API refused; they are never sent again.
	dead map[string]bool

	// tried holds the session credentials this process has used. Each is
	// tried at most once: repeated failed logins get the IP blocked.
	tried map[string]bool

	// failed is a refusal that ends authentication for this process.
	failed error

	// passwordOnly makes a session login use the password and nothing
	// else, so that an explicit login checks the password it was given.
	passwordOnly bool
}

// token returns a token fit for a request, logging in when it must.
func (c *Client) token(ctx context.Context) (token, error) {
	c.auth.mu.Lock()
	defer c.auth.mu.Unlock()

	if c.valid(c.auth.tok) {
		return c.auth.tok, nil
	}
	return c.authenticate(ctx, false)
}

// Login logs in afresh with the configured credentials, ignoring any
// cached access or session token, and caches the result. With a password
// set it logs in with the password alone, so that a wrong one is
// reported rather than covered by a cached remember token. It is what
// `ttplan login` runs.
func (c *Client) Login(ctx context.Context) error {
	c.auth.mu.Lock()
	defer c.auth.mu.Unlock()

	c.auth.tok = token{}
	c.auth.passwordOnly = c.creds.Password != ""
	defer func() { c.auth.passwordOnly = false }()
	_, err := c.authenticate(ctx, true)
	return err
}

// valid reports whether t may be sent: known, not refused, and not within
// refreshMargin of its expiry. The caller holds c.auth.mu.
func (c *Client) valid(t token) bool {
	return t.value != "" && !c.auth.dead[t.value] &&
		t.expires.Sub(c.now()) >= refreshMargin
}

// authenticate finds or mints a token. A refusal is final for the
// process; a network failure is not. The caller holds c.auth.mu.
func (c *Client) authenticate(ctx context.Context, force bool) (token, error) {
	if c.auth.failed != nil {
		return token{}, c.auth.failed
	}

	tok, err := c.login(ctx, force)
	if err != nil {
		if isRefusal(err) {
			c.auth.failed = err
		}
		return token{}, err
	}
	c.auth.tok = tok
	return tok, nil
}

// login holds the cache lock while it reads the cache, logs in if the
// cached token will not do, and writes the result back.
func (c *Client) login(ctx context.Context, force bool) (token, error) {
	mint := c.loginFlow()
	if mint == nil {
		return token{}, c.noCredentials()
	}

	unlock, err := c.cache.lock(ctx)
	if err != nil {
		return token{}, err
	}
	defer unlock()

	e, err := c.cache.load()
	if err != nil {
		return token{}, err
	}
	c.addSecrets(e.AccessToken, e.SessionToken, e.RememberToken)

	if tok := e.token(); !force && c.valid(tok) {
		c.log.Debug("using cached token", "expires", tok.expires)
		return tok, nil
	}
	return mint(ctx, &e)
}

// loginFlow picks OAuth when its credentials are set, else sessions.
func (c *Client) loginFlow() func(context.Context, *cacheEntry) (token, error) {
	switch {
	case c.creds.ClientSecret != "" && c.creds.RefreshToken != "":
		return c.refreshOAuth
	case c.creds.Username != "":
		return c.loginSession
	}
	return nil
}

func (c *Client) noCredentials() error {
	return &provider.AuthError{Reason: fmt.Sprintf("no credentials for the %s "+
		"environment: set TASTYTRADE_CLIENT_SECRET and TASTYTRADE_REFRESH_TOKEN, "+
		"or TASTYTRADE_USERNAME with TASTYTRADE_PASSWORD or TASTYTRADE_REMEMBER_TOKEN", c.env)}
}

// forget drops a token the API refused, in memory and in the cache.
func (c *Client) forget(ctx context.Context, t token) {
	c.auth.mu.Lock()
	defer c.auth.mu.Unlock()

	if t.value == "" {
		return
	}
	if c.auth.dead == nil {
		c.auth.dead = map[string]bool{}
	}
	c.auth.dead[t.value] = true
	if c.auth.tok.value == t.value {
		c.auth.tok = token{}
	}
	c.dropCached(ctx, t)
}

// dropCached removes t from the cache file if it is still there.
func (c *Client) dropCached(ctx context.Context, t token) {
	unlock, err := c.cache.lock(ctx)
	if err != nil {
		c.log.Warn("cannot drop refused token from cache", "error", err)
		return
	}
	defer unlock()

	e, err := c.cache.load()
	if err != nil || e.token().value != t.value {
		return
	}
	e.setToken(token{})
	c.saveEntry(e)
}

// saveEntry writes the cache. A failure is logged, not returned: the
// token in hand is still good for this run.
func (c *Client) saveEntry(e cacheEntry) {
	if err := c.cache.save(e); err != nil {
		c.log.Warn("cannot save token cache", "error", err)
	}
}

// refreshOAuth mints an access token with the refresh grant (section 2.1).
// The request carries no Authorization header.
func (c *Client) refreshOAuth(ctx context.Context, e *cacheEntry) (token, error) {
	body := map[string]string{
		"grant_type":    "refresh_token",
		"refresh_token": c.creds.RefreshToken,
		"client_secret": c.creds.ClientSecret,
	}
	resp, err := c.authRoundTrip(ctx, write(http.MethodPost, body, "oauth", "token"))
	if err != nil {
		return token{}, fmt.Errorf("refresh access token: %w", err)
	}
	if !resp.ok() {
		return token{}, c.loginRefused(resp, "the token endpoint refused the refresh "+
			"token or client secret (from another environment?)")
	}

	var w struct {
		AccessToken string  `json:"access_token"`
		ExpiresIn   wireInt `json:"expires_in"`
	}
	if err := json.Unmarshal(resp.body, &w); err != nil || w.AccessToken == "" {
		return token{}, fmt.Errorf("refresh access token: response has no access_token")
	}
	c.addSecrets(w.AccessToken)

	lifetime := time.Duration(w.ExpiresIn) * time.Second
	if lifetime <= 0 {
		lifetime = defaultTokenLifetime
	}
	tok := token{value: w.AccessToken, bearer: true, expires: c.now().Add(lifetime)}
	e.setToken(tok)
	c.saveEntry(*e)
	c.log.Debug("access token refreshed", "expires", tok.expires)
	return tok, nil
}

// authRoundTrip sends a login request once, without a token.
func (c *Client) authRoundTrip(ctx context.Context, r *request) (*response, error) {
	body, err := encodeBody(r.body)
	if err != nil {
		return nil, err
	}
	return c.roundTrip(ctx, r, body, "")
}

// loginRefused turns a failed login answer into an error. A 4xx is the
// API refusing the credential: an AuthError, never retried. Anything else
// is a failure of the moment and stays a plain error.
func (c *Client) loginRefused(resp *response, reason string) error {
	err := c.apiError(resp)
	if resp.status >= 400 && resp.status < 500 && resp.status != http.StatusTooManyRequests {
		return refused(reason, err)
	}
	return err
}
