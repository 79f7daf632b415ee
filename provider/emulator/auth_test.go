package emulator

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestOAuthToken(t *testing.T) {
	v := newEnv(t)
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {DemoRefreshToken},
		"client_secret": {DemoClientSecret}, "client_id": {DemoClientID}}.Encode()
	tests := []struct {
		name  string
		body  any
		ctype string
	}{
		{"json", map[string]string{"grant_type": "refresh_token", "refresh_token": DemoRefreshToken,
			"client_secret": DemoClientSecret, "scope": "read trade"}, "application/json"},
		{"form", form, "application/x-www-form-urlencoded"},
		{"form without content type", form, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := v.on(t)
			r := v.do("POST", "/oauth/token", tt.body, noAuth, header("Content-Type", tt.ctype))
			r.wantStatus(http.StatusOK)
			r.wantEqual("token_type", "Bearer")
			r.wantEqual("expires_in", float64(900))
			if r.has("data") || r.str("access_token") == "" {
				t.Errorf("want a bare token object, got %s", r.raw)
			}
		})
	}
}

func TestOAuthTokenRefusals(t *testing.T) {
	v := newEnv(t)
	good := map[string]string{"grant_type": "refresh_token", "refresh_token": DemoRefreshToken,
		"client_secret": DemoClientSecret}
	with := func(k, val string) map[string]string {
		out := map[string]string{}
		for kk, vv := range good {
			out[kk] = vv
		}
		if val == "" {
			delete(out, k)
		} else {
			out[k] = val
		}
		return out
	}
	tests := []struct {
		name string
		body any
		code string
	}{
		{"wrong secret", with("client_secret", "not-it"), "invalid_grant"},
		{"wrong refresh token", with("refresh_token", "not-it"), "invalid_grant"},
		{"wrong client id", with("client_id", "someone-else"), "invalid_grant"},
		{"missing secret", with("client_secret", ""), "invalid_request"},
		{"missing grant type", with("grant_type", ""), "invalid_request"},
		{"authorization code grant", with("grant_type", "authorization_code"), "unsupported_grant_type"},
		{"scope beyond grant", with("scope", "read admin"), "invalid_scope"},
		{"not json", "{", "invalid_request"},
		{"number where string", `{"grant_type":1}`, "invalid_request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := v.on(t)
			r := v.do("POST", "/oauth/token", tt.body, noAuth).wantStatus(http.StatusBadRequest)
			r.wantEqual("error_code", tt.code)
			if strings.Contains(string(r.raw), "not-it") || strings.Contains(string(r.raw), DemoClientSecret) {
				t.Errorf("error echoes a secret: %s", r.raw)
			}
		})
	}
}

func TestAccessTokenExpires(t *testing.T) {
	v := newEnv(t)
	v.do("GET", "/customers/me", nil).wantStatus(http.StatusOK)

	if err := v.e.Advance(899 * time.Second); err != nil {
		t.Fatal(err)
	}
	v.do("GET", "/customers/me", nil).wantStatus(http.StatusOK)

	if err := v.e.Advance(time.Second); err != nil {
		t.Fatal(err)
	}
	v.do("GET", "/customers/me", nil).wantError(http.StatusUnauthorized, "token_invalid")
}

func TestReadScopeCannotTrade(t *testing.T) {
	v := newEnv(t)
	r := v.do("POST", "/oauth/token", map[string]string{"grant_type": "refresh_token",
		"refresh_token": DemoRefreshToken, "client_secret": DemoClientSecret, "scope": "read"}, noAuth)
	v.token = r.wantStatus(http.StatusOK).str("access_token")

	v.do("GET", ordersPath("/live"), nil).wantStatus(http.StatusOK)
	v.do("POST", ordersPath(""), limitOrder("AAPL", "Buy to Open", 1, "150")).
		wantError(http.StatusForbidden, "not_permitted")
	v.do("POST", "/watchlists", map[string]any{"name": "x", "watchlist-entries": []any{}}).
		wantError(http.StatusForbidden, "not_permitted")
}

// login posts a legacy session login and returns the response.
func (v *env) login(body map[string]any) resp {
	v.t.Helper()
	return v.do("POST", "/sessions", body, noAuth)
}

func TestSessionLogin(t *testing.T) {
	v := newEnv(t)
	tests := []struct {
		name   string
		body   map[string]any
		status int
	}{
		{"username", map[string]any{"login": "demo", "password": "demo"}, http.StatusCreated},
		{"email", map[string]any{"login": "DEMO@example.com", "password": "demo"}, http.StatusCreated},
		{"wrong password", map[string]any{"login": "demo", "password": "nope"}, http.StatusUnauthorized},
		{"unknown user", map[string]any{"login": "ghost", "password": "demo"}, http.StatusUnauthorized},
		{"no password", map[string]any{"login": "demo"}, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := v.on(t)
			r := v.login(tt.body).wantStatus(tt.status)
			if tt.status == http.StatusUnauthorized {
				r.wantEqual("error.code", "invalid_credentials")
			}
			if tt.status != http.StatusCreated {
				return
			}
			r.wantEqual("context", "/sessions")
			r.wantEqual("data.user", map[string]any{"email": DemoEmail, "username": "demo", "external-id": DemoExternalID})
			r.wantEqual("data.session-expiration", "2026-06-11T14:00:00.000Z")
			if r.has("data.remember-token") {
				t.Errorf("remember-token without remember-me: %s", r.raw)
			}
		})
	}
}

func TestSessionTokenUse(t *testing.T) {
	v := newEnv(t)
	session := v.login(map[string]any{"login": "demo", "password": "demo"}).
		wantStatus(http.StatusCreated).str("data.session-token")
	raw := header("Authorization", session)

	r := v.do("POST", "/sessions/validate", nil, raw).wantStatus(http.StatusCreated)
	r.wantEqual("data.id", float64(1))
	r.wantEqual("data.username", "demo")
	v.do("GET", "/customers/me", nil, header("Authorization", "Bearer "+session)).
		wantError(http.StatusUnauthorized, "token_invalid")

	v.do("DELETE", "/sessions", nil, raw).wantStatus(http.StatusNoContent)
	v.do("POST", "/sessions/validate", nil, raw).wantError(http.StatusUnauthorized, "token_invalid")
}

func TestSessionExpiresAfterADay(t *testing.T) {
	v := newEnv(t)
	session := v.login(map[string]any{"login": "demo", "password": "demo"}).str("data.session-token")
	v.do("GET", "/customers/me", nil, header("Authorization", session)).wantStatus(http.StatusOK)

	if err := v.e.Advance(24 * time.Hour); err != nil {
		t.Fatal(err)
	}
	v.do("GET", "/customers/me", nil, header("Authorization", session)).
		wantError(http.StatusUnauthorized, "token_invalid")
}

func TestRememberTokenRotation(t *testing.T) {
	v := newEnv(t)
	first := v.login(map[string]any{"login": "demo", "password": "demo", "remember-me": true}).
		wantStatus(http.StatusCreated).str("data.remember-token")
	if first == "" {
		t.Fatal("no remember-token with remember-me")
	}

	r := v.login(map[string]any{"login": "demo", "remember-token": first, "remember-me": true})
	second := r.wantStatus(http.StatusCreated).str("data.remember-token")
	if second == "" || second == first {
		t.Fatalf("remember token not rotated: first %q, second %q", first, second)
	}

	// Single use: the first token is spent.
	v.login(map[string]any{"login": "demo", "remember-token": first}).
		wantError(http.StatusUnauthorized, "invalid_credentials")

	// Without remember-me the token is consumed and none is issued.
	r = v.login(map[string]any{"login": "demo", "remember-token": second})
	if r.wantStatus(http.StatusCreated).has("data.remember-token") {
		t.Errorf("new remember-token without remember-me: %s", r.raw)
	}
	v.login(map[string]any{"login": "demo", "remember-token": second}).
		wantError(http.StatusUnauthorized, "invalid_credentials")
}

func TestRememberTokenExpires(t *testing.T) {
	v := newEnv(t)
	tok := v.login(map[string]any{"login": "demo", "password": "demo", "remember-me": true}).str("data.remember-token")
	if err := v.e.Advance(28 * 24 * time.Hour); err != nil {
		t.Fatal(err)
	}
	v.login(map[string]any{"login": "demo", "remember-token": tok}).
		wantError(http.StatusUnauthorized, "invalid_credentials")
}

func TestFailedLoginsBlock(t *testing.T) {
	v := newEnv(t)
	for i := 0; i < maxFailedLogins; i++ {
		v.login(map[string]any{"login": "demo", "password": "nope"}).wantStatus(http.StatusUnauthorized)
	}
	v.login(map[string]any{"login": "demo", "password": "demo"}).
		wantError(http.StatusTooManyRequests, "too_many_requests")

	if err := v.e.Advance(loginBlock); err != nil {
		t.Fatal(err)
	}
	v.login(map[string]any{"login": "demo", "password": "demo"}).wantStatus(http.StatusCreated)
}
