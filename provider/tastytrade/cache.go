package tastytrade

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gofrs/flock"

	"github.com/ttplan/ttplan/internal/atomicfile"
)

// cacheKey names whose tokens a cache entry holds. An entry whose key
// differs from the client's is never used: a sandbox token is never sent
// to production, nor one user's session to another (C25).
type cacheKey struct {
	Environment string `json:"environment"`
	BaseURL     string `json:"base_url"`

	// Identity is "user:<username>" for sessions, or "oauth:" and a hash
	// of the refresh token. The token itself is never written here.
	Identity string `json:"identity"`
}

// cacheEntry is the content of one cache file. It holds secrets.
type cacheEntry struct {
	cacheKey

	AccessToken   string    `json:"access_token,omitempty"`
	SessionToken  string    `json:"session_token,omitempty"`
	ExpiresAt     time.Time `json:"expires_at,omitzero"`
	RememberToken string    `json:"remember_token,omitempty"`
}

// token returns the entry's access or session token, if any.
func (e *cacheEntry) token() token {
	switch {
	case e.AccessToken != "":
		return token{value: e.AccessToken, bearer: true, expires: e.ExpiresAt}
	case e.SessionToken != "":
		return token{value: e.SessionToken, expires: e.ExpiresAt}
	}
	return token{}
}

// setToken stores t in place of the entry's token.
func (e *cacheEntry) setToken(t token) {
	e.AccessToken, e.SessionToken = "", ""
	if t.bearer {
		e.AccessToken = t.value
	} else {
		e.SessionToken = t.value
	}
	e.ExpiresAt = t.expires
}

// cacheKey is the key of this client's cache entry.
func (c *Client) cacheKey() cacheKey {
	return cacheKey{
		Environment: c.env,
		BaseURL:     strings.TrimSuffix(c.base.String(), "/"),
		Identity:    identity(c.creds),
	}
}

func identity(cr Credentials) string {
	switch {
	case cr.ClientSecret != "" && cr.RefreshToken != "":
		// Both secrets name the grant: a cached token minted with another
		// client secret must not stand in for a wrong one.
		return "oauth:" + shortHash(cr.ClientSecret+"\x00"+cr.RefreshToken)
	case cr.Username != "":
		return "user:" + strings.ToLower(strings.TrimSpace(cr.Username))
	}
	return "none"
}

func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:8])
}

// tokenCache keeps one cache entry in a file, or in memory when the client
// has no cache directory. A sibling .lock file serialises the
// read-login-write sequence between processes, so that two runs do not
// both spend one single-use remember token.
type tokenCache struct {
	path string // "" keeps the entry in mem
	key  cacheKey
	mem  cacheEntry
}

func newTokenCache(dir string, key cacheKey) *tokenCache {
	tc := &tokenCache{key: key, mem: cacheEntry{cacheKey: key}}
	if dir != "" {
		name := fmt.Sprintf("tastytrade-%s-%s.json", fileSafe(key.Environment),
			shortHash(key.Environment+"\x00"+key.BaseURL+"\x00"+key.Identity))
		tc.path = filepath.Join(dir, name)
	}
	return tc
}

// fileSafe keeps letters, digits and hyphens of s for a file name.
func fileSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			return r
		}
		return '_'
	}, s)
}

// lock takes the cache's file lock, waiting while another process holds
// it, and returns its release.
func (tc *tokenCache) lock(ctx context.Context) (func(), error) {
	if tc.path == "" {
		return func() {}, nil
	}
	if err := os.MkdirAll(filepath.Dir(tc.path), 0o700); err != nil {
		return nil, fmt.Errorf("create token cache directory: %w", err)
	}

	fl := flock.New(tc.path + ".lock")
	if _, err := fl.TryLockContext(ctx, 20*time.Millisecond); err != nil {
		_ = fl.Close()
		return nil, fmt.Errorf("lock token cache: %w", err)
	}
	return func() { _ = fl.Unlock() }, nil
}

// load returns the cached entry, or an empty one when the file is absent,
// unreadable as JSON, or for another key.
func (tc *tokenCache) load() (cacheEntry, error) {
	empty := cacheEntry{cacheKey: tc.key}
	if tc.path == "" {
		return tc.mem, nil
	}

	b, err := os.ReadFile(tc.path)
	if errors.Is(err, fs.ErrNotExist) {
		return empty, nil
	}
	if err != nil {
		return empty, fmt.Errorf("read token cache: %w", err)
	}

	var e cacheEntry
	if json.Unmarshal(b, &e) != nil || e.cacheKey != tc.key {
		return empty, nil
	}
	return e, nil
}

// save replaces the cached entry atomically.
func (tc *tokenCache) save(e cacheEntry) error {
	e.cacheKey = tc.key
	if tc.path == "" {
		tc.mem = e
		return nil
	}

	b, err := json.MarshalIndent(e, "", "  ")
	if err != nil {
		return fmt.Errorf("encode token cache: %w", err)
	}
	if err := atomicfile.WriteFile(tc.path, b, 0o600); err != nil {
		return fmt.Errorf("write token cache: %w", err)
	}
	return nil
}

// remove deletes the cached entry. The lock file stays: removing it could
// let two processes hold locks on two different files.
func (tc *tokenCache) remove() error {
	tc.mem = cacheEntry{cacheKey: tc.key}
	if tc.path == "" {
		return nil
	}
	if err := os.Remove(tc.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove token cache: %w", err)
	}
	return nil
}
