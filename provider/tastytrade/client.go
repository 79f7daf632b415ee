package tastytrade

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-hclog"
	"golang.org/x/time/rate"

	"github.com/ttplan/ttplan/provider"
)

// Credentials are what the client logs in with. OAuth (ClientSecret and
// RefreshToken) is preferred and the only flow production accepts; the
// session fields serve older deployments and the emulator.
type Credentials struct {
	ClientSecret, RefreshToken string

	Username, Password, RememberToken, OTP string
}

// CredentialsFromEnv reads credentials from the TASTYTRADE_* environment
// variables through getenv, such as os.Getenv.
func CredentialsFromEnv(getenv func(string) string) Credentials {
	return Credentials{
		ClientSecret:  getenv("TASTYTRADE_CLIENT_SECRET"),
		RefreshToken:  getenv("TASTYTRADE_REFRESH_TOKEN"),
		Username:      getenv("TASTYTRADE_USERNAME"),
		Password:      getenv("TASTYTRADE_PASSWORD"),
		RememberToken: getenv("TASTYTRADE_REMEMBER_TOKEN"),
		OTP:           getenv("TASTYTRADE_OTP"),
	}
}

// Options configure a Client. Only BaseURL is required.
type Options struct {
	// BaseURL is the REST root, such as https://api.cert.tastyworks.com.
	BaseURL string

	// Environment names the broker environment: "production", "sandbox"
	// or "local". It is part of every cache key, so a token minted for
	// one environment is never sent to another. Empty means derived
	// from BaseURL.
	Environment string

	Credentials Credentials

	// CacheDir holds the token cache; empty means no disk cache.
	CacheDir string

	// HTTPClient sends the requests; nil means a client with timeouts.
	// Without one, a plain-http BaseURL must name a loopback host: the
	// client sends credentials, which must never cross a network in
	// cleartext. A caller with its own client, such as one whose
	// transport serves the emulator in process, owns that decision.
	HTTPClient *http.Client

	// Logger receives one Debug line per request; nil means no logs.
	Logger hclog.Logger

	// Version is ttplan's version, sent as User-Agent "ttplan/<version>".
	Version string

	// Now is the clock for token expiry; nil means time.Now.
	Now func() time.Time

	// Limiter paces requests on the client; nil means no pacing.
	Limiter *rate.Limiter
}

// Client is a tastytrade REST client. It implements provider.Broker and
// is safe for concurrent use.
type Client struct {
	base      *url.URL
	env       string
	creds     Credentials
	http      *http.Client
	log       hclog.Logger
	userAgent string
	now       func() time.Time
	limiter   *rate.Limiter
	cache     *tokenCache
	retry     retryPolicy

	auth authState

	secretsMu sync.Mutex
	secrets   []string
}

var _ provider.Broker = (*Client)(nil)

// New returns a client for the API at opts.BaseURL. It makes no request:
// the client logs in on first use.
func New(opts Options) (*Client, error) {
	base, err := parseBaseURL(opts.BaseURL, opts.HTTPClient != nil)
	if err != nil {
		return nil, err
	}

	c := &Client{
		base:      base,
		env:       opts.Environment,
		creds:     opts.Credentials,
		http:      opts.HTTPClient,
		log:       opts.Logger,
		userAgent: "ttplan/" + cmp.Or(strings.TrimSpace(opts.Version), "dev"),
		now:       opts.Now,
		limiter:   opts.Limiter,
		retry:     defaultRetry,
	}
	c.setDefaults()
	c.retry.now = c.now
	c.cache = newTokenCache(opts.CacheDir, c.cacheKey())

	creds := opts.Credentials
	c.addSecrets(creds.ClientSecret, creds.RefreshToken, creds.Password,
		creds.RememberToken, creds.OTP)
	return c, nil
}

// parseBaseURL checks the REST root. It refuses user info, which would
// travel with every request and show in logs, and plain http to a host
// that is not loopback unless the caller brought its own HTTP client.
// No error repeats a URL that holds an "@": it may hold a password.
func parseBaseURL(raw string, ownClient bool) (*url.URL, error) {
	if raw == "" {
		return nil, errors.New("base URL is required")
	}
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if strings.Contains(raw, "@") || !errors.As(err, &ue) {
			return nil, errors.New("parse base URL: not a valid URL")
		}
		return nil, fmt.Errorf("parse base URL %q: %w", raw, ue.Err)
	}
	if u.User != nil {
		return nil, errors.New("base URL must not carry user info (user:password@): " +
			"give credentials through Options.Credentials")
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("base URL %s: want http(s)://host", shownURL(raw))
	}
	if u.Scheme == "http" && !ownClient && !isLoopback(u.Hostname()) {
		return nil, fmt.Errorf("base URL %s: plain http is only for a loopback host; "+
			"use https, as credentials must not cross a network in cleartext", shownURL(raw))
	}
	u.RawQuery, u.Fragment = "", ""
	return u, nil
}

// shownURL quotes a base URL for an error, unless it holds an "@".
func shownURL(raw string) string {
	if strings.Contains(raw, "@") {
		return "(not shown: it holds an \"@\")"
	}
	return strconv.Quote(raw)
}

// isLoopback reports whether host is localhost or a loopback address:
// 127.0.0.0/8 or ::1.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	addr, err := netip.ParseAddr(host)
	return err == nil && addr.IsLoopback()
}

func (c *Client) setDefaults() {
	if c.env == "" {
		c.env = environmentOf(c.base)
	}
	if c.http == nil {
		c.http = &http.Client{Timeout: 30 * time.Second, CheckRedirect: noRedirects}
	}
	if c.log == nil {
		c.log = hclog.NewNullLogger()
	}
	if c.now == nil {
		c.now = time.Now
	}
}

// noRedirects makes a redirect an answer of its own: following one would
// turn a POST into a GET and hide what happened to the write.
func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// environmentOf names the environment a base URL points at.
func environmentOf(u *url.URL) string {
	switch u.Hostname() {
	case "api.tastyworks.com":
		return "production"
	case "api.cert.tastyworks.com":
		return "sandbox"
	}
	return "local"
}

// CachePath is the token cache file for this environment, base URL and
// identity, or "" when the client has no cache directory.
func (c *Client) CachePath() string { return c.cache.path }

// addSecrets records values that must never appear in an error. Every
// non-empty value counts, however short: a secret of one or two
// characters makes scrubbed text hard to read, since each occurrence of
// it is redacted, but a readable error is not worth a leaked secret.
func (c *Client) addSecrets(values ...string) {
	c.secretsMu.Lock()
	defer c.secretsMu.Unlock()
	for _, v := range values {
		if v != "" && !slices.Contains(c.secrets, v) {
			c.secrets = append(c.secrets, v)
		}
	}
}

// redacted replaces each stretch of scrubbed text.
const redacted = "[REDACTED]"

// scrub replaces every known secret in s, for text the API sent back.
// It marks every byte inside an occurrence of any secret, overlapping
// ones included, and replaces each marked run by one "[REDACTED]", so
// neither overlapping secrets nor the marker itself leave a fragment.
func (c *Client) scrub(s string) string {
	c.secretsMu.Lock()
	defer c.secretsMu.Unlock()

	var hidden []bool
	for _, v := range c.secrets {
		marked := 0 // hidden[:marked] already holds this secret's marks
		for i := 0; i+len(v) <= len(s); {
			j := strings.Index(s[i:], v)
			if j < 0 {
				break
			}
			if hidden == nil {
				hidden = make([]bool, len(s))
			}
			start, end := i+j, i+j+len(v)
			for k := max(start, marked); k < end; k++ {
				hidden[k] = true
			}
			marked = end
			i = start + 1
		}
	}
	if hidden == nil {
		return s
	}

	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case !hidden[i]:
			b.WriteByte(s[i])
		case i == 0 || !hidden[i-1]:
			b.WriteString(redacted)
		}
	}
	return b.String()
}
