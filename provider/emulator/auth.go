package emulator

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// accessTokenLifetime is the life of an OAuth access token, in
// emulator time; the token endpoint reports it as expires_in.
const accessTokenLifetime = 900 * time.Second

// Kinds of stored tokens.
const (
	kindAccess  = "access"  // sent as "Bearer <token>"
	kindSession = "session" // sent raw, as legacy clients did
)

// user is a login.
type user struct {
	ID         int64  `json:"id"`
	Username   string `json:"username"`
	Email      string `json:"email"`
	Password   string `json:"password"`
	ExternalID string `json:"external-id"`
	Name       string `json:"name"`
}

// grant is an OAuth refresh token with the client it belongs to.
type grant struct {
	ClientID     string   `json:"client-id"`
	ClientSecret string   `json:"client-secret"`
	Username     string   `json:"username"`
	Scopes       []string `json:"scopes"`
}

// token is an access token or a session token.
type token struct {
	Kind      string    `json:"kind"`
	Username  string    `json:"username"`
	Scopes    []string  `json:"scopes,omitempty"`
	ExpiresAt time.Time `json:"expires-at"`
}

// oauthReply is the token endpoint's error shape, which differs from the
// rest of the API.
func oauthReply(code, description string) reply {
	return jsonReply(http.StatusBadRequest, map[string]string{
		"error_code": code, "error_description": description,
	})
}

// oauthToken serves POST /oauth/token with the refresh_token grant.
func (c *call) oauthToken() reply {
	params, ok := c.tokenParams()
	if !ok {
		return oauthReply("invalid_request", "Request body could not be parsed")
	}

	switch params["grant_type"] {
	case "refresh_token":
	case "":
		return oauthReply("invalid_request", "grant_type is missing")
	default:
		return oauthReply("unsupported_grant_type", "Only the refresh_token grant is supported")
	}
	if params["refresh_token"] == "" || params["client_secret"] == "" {
		return oauthReply("invalid_request", "refresh_token and client_secret are required")
	}

	g, rep, ok := c.checkGrant(params)
	if !ok {
		return rep
	}
	scopes, ok := grantedScopes(g, params["scope"])
	if !ok {
		return oauthReply("invalid_scope", "Requested scope exceeds the grant")
	}

	tok, err := c.mintToken(kindAccess, g.Username, scopes, accessTokenLifetime)
	if err != nil {
		return internalReply(err)
	}
	return jsonReply(http.StatusOK, map[string]any{
		"access_token": tok, "token_type": "Bearer", "expires_in": int(accessTokenLifetime.Seconds()),
	})
}

// checkGrant finds the refresh token and checks the client's secret and
// id. The messages never echo what was sent.
func (c *call) checkGrant(params map[string]string) (grant, reply, bool) {
	var g grant
	found, err := c.s.get(bucketGrants, params["refresh_token"], &g)
	switch {
	case err != nil:
		return g, internalReply(err), false
	case !found:
		return g, oauthReply("invalid_grant", "Invalid refresh token"), false
	case g.ClientSecret != params["client_secret"]:
		return g, oauthReply("invalid_grant", "Invalid client credentials"), false
	case params["client_id"] != "" && params["client_id"] != g.ClientID:
		return g, oauthReply("invalid_grant", "Invalid client credentials"), false
	}
	return g, reply{}, true
}

// grantedScopes narrows the grant's scopes to the requested ones, which
// must be a subset; an empty request gets all of them.
func grantedScopes(g grant, requested string) ([]string, bool) {
	want := strings.Fields(requested)
	if len(want) == 0 {
		return g.Scopes, true
	}
	for _, s := range want {
		if !slices.Contains(g.Scopes, s) {
			return nil, false
		}
	}
	return want, true
}

// tokenParams reads the token request as JSON or as a form, by its
// Content-Type; without one it tries JSON and then a form.
func (c *call) tokenParams() (map[string]string, bool) {
	mt, _, _ := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	switch {
	case mt == "application/json":
		return jsonParams(c.body)
	case mt == "application/x-www-form-urlencoded":
		return formParams(c.body)
	case mt == "" && strings.HasPrefix(strings.TrimSpace(string(c.body)), "{"):
		return jsonParams(c.body)
	case mt == "":
		return formParams(c.body)
	}
	return nil, false
}

func jsonParams(body []byte) (map[string]string, bool) {
	var raw map[string]any
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, false
	}
	out := make(map[string]string, len(raw))
	for k, v := range raw {
		s, ok := v.(string)
		if !ok {
			return nil, false
		}
		out[k] = s
	}
	return out, true
}

func formParams(body []byte) (map[string]string, bool) {
	vals, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, false
	}
	out := make(map[string]string, len(vals))
	for k := range vals {
		out[k] = vals.Get(k)
	}
	return out, true
}

// authenticate resolves the Authorization header: "Bearer <token>" for
// an OAuth access token, the raw token for a legacy session.
func (c *call) authenticate() (reply, bool) {
	header := c.r.Header.Get("Authorization")
	kind, raw := kindSession, header
	if after, ok := strings.CutPrefix(header, "Bearer "); ok {
		kind, raw = kindAccess, after
	}
	if raw == "" {
		return tokenInvalid(), false
	}

	var t token
	found, err := c.s.get(bucketTokens, raw, &t)
	if err != nil {
		return internalReply(err), false
	}
	if !found || t.Kind != kind || !c.now.Before(t.ExpiresAt) {
		return tokenInvalid(), false
	}

	found, err = c.s.get(bucketUsers, t.Username, &c.user)
	if err != nil || !found {
		return internalReply(fmt.Errorf("token of unknown user %q: %v", t.Username, err)), false
	}
	if t.Kind == kindAccess {
		c.scopes = t.Scopes
		if c.scopes == nil {
			c.scopes = []string{}
		}
	}
	return reply{}, true
}

// hasScope reports whether the caller may use scope; legacy sessions
// have every right.
func (c *call) hasScope(scope string) bool {
	return c.scopes == nil || slices.Contains(c.scopes, scope)
}

// mintToken stores a new token of kind for username and returns it. It
// also drops tokens that have expired, so the bucket stays small.
func (c *call) mintToken(kind, username string, scopes []string, life time.Duration) (string, error) {
	if err := c.pruneTokens(); err != nil {
		return "", err
	}

	raw := randomHex(20)
	if kind == kindSession {
		raw += "+C"
	} else {
		raw = "emu-at-" + raw
	}
	t := token{Kind: kind, Username: username, Scopes: scopes, ExpiresAt: c.now.Add(life)}
	return raw, c.s.put(bucketTokens, raw, t)
}

func (c *call) pruneTokens() error {
	var dead []string
	err := c.s.scan(bucketTokens, "", func(k string, raw []byte) error {
		var t token
		if json.Unmarshal(raw, &t) != nil || !c.now.Before(t.ExpiresAt) {
			dead = append(dead, k)
		}
		return nil
	})
	for _, k := range dead {
		if err == nil {
			err = c.s.del(bucketTokens, k)
		}
	}
	return err
}

// randomHex returns n random bytes in hex. Tokens are random rather than
// counted so that a token minted before a Reset never comes back to
// life after it.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
