package tastytrade

import (
	"errors"
	"strings"
	"testing"

	"github.com/ttplan/ttplan/provider"
)

// watchlistsError answers GET /watchlists with rep and returns the
// APIError the client makes of it.
func watchlistsError(t *testing.T, rep reply, edit ...func(*Options)) (*provider.APIError, error) {
	t.Helper()
	f := newFakeAPI(t)
	f.on("GET /watchlists", rep)
	c := newTestClient(t, f, edit...)

	_, err := c.Watchlists(bg())
	var apiErr *provider.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("Watchlists() error = %v, want an APIError", err)
	}
	return apiErr, err
}

func TestAPIError_secretStraddlingTheCutIsScrubbed(t *testing.T) {
	t.Parallel()
	for _, at := range []int{maxErrorBody - 15, maxErrorBody - 4, maxErrorBody - 1} {
		body := strings.Repeat("x", at) + fakeRefresh + " and " + fakeSecret + " more text"
		apiErr, err := watchlistsError(t, reply{status: 400, body: body})
		assertNoSecretFragment(t, err.Error(), fakeSecrets...)
		want := (strings.Repeat("x", at) + "[REDACTED] and [REDACTED] more text")[:maxErrorBody]
		if apiErr.Body != want {
			t.Errorf("secret at %d: Body = %q, want %q", at, apiErr.Body, want)
		}
	}
}

func TestAPIError_nonJSONBodyScrubbed(t *testing.T) {
	t.Parallel()
	body := "<html>refresh token " + fakeRefresh + " is unknown</html>"
	apiErr, err := watchlistsError(t, reply{status: 400, body: body})
	if want := "<html>refresh token [REDACTED] is unknown</html>"; apiErr.Body != want {
		t.Errorf("Body = %q, want %q", apiErr.Body, want)
	}
	assertNoSecret(t, err.Error())
}

func TestAPIError_detailFallbackScrubbedBeforeCut(t *testing.T) {
	t.Parallel()
	// errors is neither an array nor an object: it is kept raw, cut short.
	raw := strings.Repeat("y", maxErrorBody-10) + fakeSecret
	body := `{"error":{"code":"bad","message":"m","errors":"` + raw + `"}}`
	apiErr, err := watchlistsError(t, reply{status: 400, body: body})
	assertNoSecretFragment(t, err.Error(), fakeSecrets...)
	if len(apiErr.Details) != 1 || !strings.Contains(apiErr.Details[0].Message, "[RED") {
		t.Errorf("Details = %+v, want the raw errors with the secret redacted", apiErr.Details)
	}
}

func TestAPIError_shortSecretsScrubbed(t *testing.T) {
	t.Parallel()
	body := `{"error":{"code":"invalid_grant","message":"secret Zq and token r9X refused"}}`
	apiErr, _ := watchlistsError(t, reply{status: 400, body: body}, func(o *Options) {
		o.Credentials = Credentials{ClientSecret: "Zq", RefreshToken: "r9X"}
	})
	if want := "secret [REDACTED] and token [REDACTED] refused"; apiErr.Message != want {
		t.Errorf("Message = %q, want %q", apiErr.Message, want)
	}
}

func TestScrub(t *testing.T) {
	t.Parallel()
	c := &Client{}
	c.addSecrets("", "abcdef", "XYab", "E", "abcdef")
	if len(c.secrets) != 3 {
		t.Errorf("secrets = %q, want the three distinct non-empty ones", c.secrets)
	}
	tests := []struct{ in, want string }{
		{"no secret here", "no secret here"},
		{"", ""},
		// Overlapping secrets are redacted as one run, leaving no tail.
		{"<XYabcdef>", "<[REDACTED]>"},
		{"abcdefabcdef!", "[REDACTED]!"},
		// A one-character secret goes wherever it occurs, and the marker
		// it leaves is not scrubbed again.
		{"EVE", "[REDACTED]V[REDACTED]"},
	}
	for _, tt := range tests {
		if got := c.scrub(tt.in); got != tt.want {
			t.Errorf("scrub(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
