package config

import (
	"errors"
	"net"
	"net/url"
	"regexp"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// ProviderName is the only provider ttplan speaks to.
const ProviderName = "tastytrade"

// DefaultWorkspace is the workspace of a provider block that names none.
const DefaultWorkspace = "default"

var (
	workspacePattern     = regexp.MustCompile(`^[a-z0-9_-]{1,32}$`)
	accountNumberPattern = regexp.MustCompile(`^[0-9A-Z]{5,12}$`)
)

// loadProvider decodes the one provider block.
func (l *loader) loadProvider(blocks []*hcl.Block) {
	if len(blocks) == 0 {
		l.diags = append(l.diags, errorAt(hcl.Range{}, "Missing provider block",
			`The configuration needs a provider %q block with an environment, such as `+
				`environment = "sandbox".`, ProviderName))
		return
	}
	for _, b := range blocks[1:] {
		l.diags = append(l.diags, errorAt(b.DefRange, "Duplicate provider block",
			"A provider block is already declared at %s. Keep one.", where(blocks[0].DefRange)))
	}

	b := blocks[0]
	if b.Labels[0] != ProviderName {
		l.diags = append(l.diags, errorAt(b.LabelRanges[0], "Unsupported provider",
			"ttplan manages only %q, not %q.", ProviderName, b.Labels[0]))
	}
	content := l.content(b.Body, providerSchema)
	l.require(b, content, "environment")

	r := &reader{scope: l.scope, attrs: content.Attributes, allowed: refVar | refLocal}
	l.cfg.Provider = Provider{
		Environment: decodeEnvironment(r),
		Endpoint:    decodeEndpoint(r),
		Workspace:   decodeWorkspace(r),
		DeclRange:   b.DefRange,
	}
	l.diags = append(l.diags, r.diags...)
}

// decodeEnvironment reads the environment, in any letter case.
func decodeEnvironment(r *reader) string {
	s, v := r.str("environment")
	env := strings.ToLower(strings.TrimSpace(s))
	if v.state == present && env != Production && env != Sandbox && env != Local {
		r.diags = append(r.diags, errorAt(v.rng, "Invalid environment",
			"%s is not an environment. Use one of %s.",
			shown(s, v.sensitive), oneOf([]string{Production, Sandbox, Local})))
		return ""
	}
	return env
}

// decodeEndpoint reads the endpoint, which CheckEndpoint must accept.
// The message never repeats the URL, which may hold credentials or come
// from a sensitive variable.
func decodeEndpoint(r *reader) string {
	s, v := r.str("endpoint")
	if v.state != present {
		return ""
	}
	if err := CheckEndpoint(s); err != nil {
		r.diags = append(r.diags, errorAt(v.rng, "Invalid endpoint", "%s", sentence(err.Error())))
		return ""
	}
	if v.sensitive {
		r.diags = append(r.diags, errorAt(v.rng, "Sensitive endpoint",
			"ttplan shows the endpoint in errors and logs, and keeps it in plan files, so it cannot "+
				"come from a sensitive variable. Declare the variable without sensitive = true."))
		return ""
	}
	return strings.TrimRight(s, "/")
}

// CheckEndpoint reports whether raw may serve as the base URL of the
// tastytrade API, as the provider block's endpoint or the
// TASTYTRADE_API_URL environment variable gives it: an absolute https
// URL, or http to localhost or a loopback address, where the emulator
// runs. It refuses a user name or password in the URL, a query and a
// fragment.
//
// The error never repeats raw or any part of it, so that it is safe to
// print whatever raw holds.
func CheckEndpoint(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil && strings.Contains(raw, "@"):
		// The parse error quotes the URL, and so the user info.
		return errors.New("the endpoint is not a valid URL, and must not hold a user name or password")
	case err != nil || !u.IsAbs() || u.Opaque != "" || u.Hostname() == "":
		return errors.New(`the endpoint must be an absolute URL such as "https://api.tastyworks.com"`)
	case u.User != nil:
		return errors.New("the endpoint must not hold a user name or password; " +
			"ttplan signs in with its own credentials")
	case u.RawQuery != "" || u.ForceQuery:
		return errors.New("the endpoint must not have a query")
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return errors.New("the endpoint must not have a fragment")
	case u.Scheme != "https" && !(u.Scheme == "http" && loopback(u.Hostname())):
		return errors.New("the endpoint must use https; plain http is allowed only to " +
			"localhost or a loopback address")
	}
	return nil
}

// sentence makes an error message a sentence for a detail.
func sentence(msg string) string {
	if msg == "" {
		return msg
	}
	return strings.ToUpper(msg[:1]) + msg[1:] + "."
}

// loopback reports whether host names the local machine.
func loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// decodeWorkspace reads the workspace, DefaultWorkspace when absent.
func decodeWorkspace(r *reader) string {
	s, v := r.str("workspace")
	switch {
	case v.state != present:
		return DefaultWorkspace
	case v.sensitive:
		r.diags = append(r.diags, errorAt(v.rng, "Sensitive workspace",
			"ttplan names the workspace in messages and keeps it in plan files and the record, so it "+
				"cannot come from a sensitive variable. Declare the variable without sensitive = true."))
		return ""
	case !workspacePattern.MatchString(s):
		r.diags = append(r.diags, errorAt(v.rng, "Invalid workspace",
			"A workspace is 1 to 32 lower-case letters, digits, underscores or dashes."))
		return ""
	}
	return s
}

// loadAccounts decodes the account blocks and publishes each as
// account.LABEL, an object with the number. Account numbers may refer
// to variables only.
func (l *loader) loadAccounts(blocks []*hcl.Block) {
	for _, b := range blocks {
		l.scope.accounts[b.Labels[0]] = cty.DynamicVal
	}

	for _, b := range l.uniqueBlocks(blocks) {
		content := l.content(b.Body, accountSchema)
		l.require(b, content, "number")
		r := &reader{scope: l.scope, attrs: content.Attributes, allowed: refVar}
		s, v := r.str("number")
		number, ok := accountNumber(r, s, v)
		l.diags = append(l.diags, r.diags...)
		if !ok {
			continue
		}
		if v.sensitive {
			l.diags = append(l.diags, sensitiveAccount(v.rng))
			continue
		}

		label := b.Labels[0]
		l.cfg.Accounts[label] = &Account{Label: label, Number: number, DeclRange: b.DefRange}
		l.scope.accounts[label] = cty.ObjectVal(map[string]cty.Value{"number": cty.StringVal(number)})
	}
}

// sensitiveAccount refuses an account number from a sensitive variable:
// every plan, confirmation and apply message names the account, so
// ttplan could not keep it hidden.
func sensitiveAccount(rng hcl.Range) *hcl.Diagnostic {
	return errorAt(rng, "Sensitive account number",
		"ttplan names the account in every plan, confirmation and message, so its number "+
			"cannot come from a sensitive variable. Declare the variable without sensitive = true.")
}

// accountNumber checks the shape of an account number.
func accountNumber(r *reader, s string, v value) (string, bool) {
	if v.state != present {
		return "", false
	}
	number := strings.ToUpper(strings.TrimSpace(s))
	if !accountNumberPattern.MatchString(number) {
		r.diags = append(r.diags, errorAt(v.rng, "Invalid account number",
			"%s is not an account number: those are 5 to 12 letters and digits, "+
				"such as \"5WT00001\".", shown(s, v.sensitive)))
		return "", false
	}
	return number, true
}
