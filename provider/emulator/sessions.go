package emulator

import (
	"net/http"
	"strings"
	"time"
)

// Legacy session rules. The remember-token lifetime and the login
// throttle are UNCONFIRMED choices; see doc.go.
const (
	sessionLifetime  = 24 * time.Hour
	rememberLifetime = 28 * 24 * time.Hour
	maxFailedLogins  = 5
	loginBlock       = 8 * time.Hour
)

// rememberToken is a single-use token that logs in without a password.
type rememberToken struct {
	Username  string    `json:"username"`
	ExpiresAt time.Time `json:"expires-at"`
}

// sessionBody is the body of POST /sessions.
type sessionBody struct {
	Login         *string `json:"login"`
	Password      *string `json:"password"`
	RememberToken *string `json:"remember-token"`
	RememberMe    *bool   `json:"remember-me"`
}

// createSession serves POST /sessions, the legacy password login.
func (c *call) createSession() reply {
	var b sessionBody
	if rep, ok := decodeBody(c.body, &b); !ok {
		return rep
	}
	if b.Login == nil || *b.Login == "" {
		return invalidField("login", reasonMissing)
	}
	if b.Password == nil && b.RememberToken == nil {
		return invalidField("password", reasonMissing)
	}

	if blocked := time.Unix(0, c.s.metaInt(metaBlockedUntil)); c.now.Before(blocked) {
		return errorReply(http.StatusTooManyRequests, "too_many_requests",
			"Too many failed login attempts; try again later")
	}

	u, ok, err := c.checkLogin(b)
	if err != nil {
		return internalReply(err)
	}
	if !ok {
		return c.loginFailed()
	}
	return c.loginSucceeded(u, b.RememberMe != nil && *b.RememberMe)
}

// checkLogin finds the user by username or email and checks the
// password or consumes the remember token.
func (c *call) checkLogin(b sessionBody) (user, bool, error) {
	u, found, err := c.findLogin(*b.Login)
	if err != nil || !found {
		return u, false, err
	}
	if b.Password != nil {
		return u, *b.Password == u.Password, nil
	}

	var rt rememberToken
	found, err = c.s.get(bucketRemember, *b.RememberToken, &rt)
	if err != nil || !found || rt.Username != u.Username || !c.now.Before(rt.ExpiresAt) {
		return u, false, err
	}
	return u, true, c.s.del(bucketRemember, *b.RememberToken)
}

func (c *call) findLogin(login string) (user, bool, error) {
	var u user
	found, err := c.s.get(bucketUsers, login, &u)
	if found || err != nil {
		return u, found, err
	}
	err = c.s.scan(bucketUsers, "", func(_ string, raw []byte) error {
		var candidate user
		if decodeStored(raw, &candidate) == nil && strings.EqualFold(candidate.Email, login) {
			u, found = candidate, true
		}
		return nil
	})
	return u, found, err
}

// loginFailed counts the failure and starts a block after too many in a
// row.
func (c *call) loginFailed() reply {
	n := c.s.metaInt(metaFailedLogins) + 1
	err := c.s.setMetaInt(metaFailedLogins, n)
	if err == nil && n >= maxFailedLogins {
		err = c.s.setMetaInt(metaBlockedUntil, c.now.Add(loginBlock).UnixNano())
	}
	if err != nil {
		return internalReply(err)
	}
	return errorReply(http.StatusUnauthorized, "invalid_credentials",
		"Invalid login, please check your username and password.")
}

func (c *call) loginSucceeded(u user, rememberMe bool) reply {
	if err := c.s.setMetaInt(metaFailedLogins, 0); err != nil {
		return internalReply(err)
	}
	session, err := c.mintToken(kindSession, u.Username, nil, sessionLifetime)
	if err != nil {
		return internalReply(err)
	}

	data := map[string]any{
		"user":               userSummary(u),
		"session-token":      session,
		"session-expiration": isoZulu(c.now.Add(sessionLifetime)),
	}
	if rememberMe {
		remember := "emu-rt-" + randomHex(20)
		rt := rememberToken{Username: u.Username, ExpiresAt: c.now.Add(rememberLifetime)}
		if err := c.s.put(bucketRemember, remember, rt); err != nil {
			return internalReply(err)
		}
		data["remember-token"] = remember
	}
	return c.data(http.StatusCreated, data)
}

// validateSession serves POST /sessions/validate.
func (c *call) validateSession() reply {
	out := userSummary(c.user)
	out["id"] = c.user.ID
	out["name"] = c.user.Name
	out["is-confirmed"] = true
	return c.data(http.StatusCreated, out)
}

// deleteSession serves DELETE /sessions: the token used is dead after.
func (c *call) deleteSession() reply {
	if rep, ok := c.authenticate(); !ok {
		return rep
	}
	raw := strings.TrimPrefix(c.r.Header.Get("Authorization"), "Bearer ")
	if err := c.s.del(bucketTokens, raw); err != nil {
		return internalReply(err)
	}
	return reply{status: http.StatusNoContent}
}

func userSummary(u user) map[string]any {
	return map[string]any{"email": u.Email, "username": u.Username, "external-id": u.ExternalID}
}
