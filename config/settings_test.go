package config

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCheckEndpoint(t *testing.T) {
	t.Parallel()
	valid := []string{
		"https://api.tastyworks.com",
		"https://api.cert.tastyworks.com/",
		"https://api.example.com:8443/base/path",
		"HTTPS://API.TASTYWORKS.COM",
		"http://localhost:8080",
		"http://LOCALHOST",
		"http://127.0.0.1:8080/",
		"http://127.5.6.7",
		"http://[::1]:9000",
	}
	for _, raw := range valid {
		if err := CheckEndpoint(raw); err != nil {
			t.Errorf("CheckEndpoint(%q) = %v, want nil", raw, err)
		}
	}

	invalid := []struct {
		raw, want string
	}{
		{"", "absolute"},
		{"api.tastyworks.com", "absolute"},
		{"/relative/path", "absolute"},
		{"https://", "absolute"},
		{"https:///path", "absolute"},
		{"https:opaque", "absolute"},
		{"ftp://api.tastyworks.com", "https"},
		{"ws://localhost", "https"},
		{"http://api.tastyworks.com", "https"},
		{"http://localhost.evil.example", "https"},
		{"http://127.0.0.1.nip.io", "https"},
		{"http://10.0.0.1", "https"},
		{"https://api.tastyworks.com?x=1", "query"},
		{"https://api.tastyworks.com/?", "query"},
		{"https://api.tastyworks.com/#frag", "fragment"},
		{"https://api.tastyworks.com#", "fragment"},
		{" https://api.tastyworks.com", "absolute"},
	}
	for _, tt := range invalid {
		err := CheckEndpoint(tt.raw)
		if err == nil {
			t.Errorf("CheckEndpoint(%q) = nil, want an error", tt.raw)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("CheckEndpoint(%q) = %q, want it to mention %q", tt.raw, err, tt.want)
		}
	}
}

// TestCheckEndpointHidesUserInfo refuses credentials in the URL and
// never repeats them, even when the URL does not parse.
func TestCheckEndpointHidesUserInfo(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{
		"https://alice:hunter2pw@api.tastyworks.com",
		"https://hunter2pw@api.tastyworks.com",
		"http://alice:hunter2pw@localhost:8080",
		"https://alice:hunter2pw@api.tasty works.com",
		"https://alice:hunter2pw@api.tastyworks.com:port",
		"https://alice:hunter2pw@[::1",
		"http://alice:hunter2pw@api.tastyworks.com",
	} {
		err := CheckEndpoint(raw)
		if err == nil {
			t.Errorf("CheckEndpoint(%q) = nil, want an error", raw)
			continue
		}
		if msg := err.Error(); strings.Contains(msg, "hunter2pw") || strings.Contains(msg, "alice") {
			t.Errorf("CheckEndpoint(%q) = %q, which repeats the user info", raw, msg)
		}
		if msg := err.Error(); !strings.Contains(msg, "user name or password") {
			t.Errorf("CheckEndpoint(%q) = %q, want it to refuse the user info", raw, msg)
		}
	}
}

func TestProviderEndpointErrors(t *testing.T) {
	t.Parallel()
	for _, endpoint := range []string{
		"https://alice:hunter2pw@api.tastyworks.com",
		"http://alice:hunter2pw@localhost:8080",
		"https://api.tastyworks.com/?debug=1",
		"https://api.tastyworks.com/#x",
		"http://api.tastyworks.com",
		"api.tastyworks.com",
	} {
		t.Run(endpoint, func(t *testing.T) {
			t.Parallel()
			cfg, diags := loadSource(t, `provider "tastytrade" {
  environment = "local"
  endpoint    = var.url
}
variable "url" {
  sensitive = true
  default   = "`+endpoint+`"
}
`)
			if diff := cmp.Diff([]string{"error: Invalid endpoint"}, summaries(diags)); diff != "" {
				t.Fatalf("Load() diagnostics mismatch (-want +got):\n%s", diff)
			}
			if got := cfg.Provider.Endpoint; got != "" {
				t.Errorf("Endpoint = %q, want none", got)
			}
			if d := diags[0]; strings.Contains(d.Detail, "hunter2pw") || d.Subject == nil ||
				d.Subject.Start.Line != 3 {
				t.Errorf("diagnostic = %q at %v, want one at line 3 without the password", d.Detail, d.Subject)
			}
		})
	}
}
