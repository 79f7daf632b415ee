package config

import (
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

// decodeEndpoint accepts an absolute https URL, or http to the local
// machine, where the emulator runs.
func decodeEndpoint(r *reader) string {
	s, v := r.str("endpoint")
	if v.state != present {
		return ""
	}

	u, err := url.Parse(s)
	switch {
	case err != nil || u.Host == "" || u.User != nil:
		r.diags = append(r.diags, errorAt(v.rng, "Invalid endpoint",
			"The endpoint must be an absolute URL such as \"https://api.tastyworks.com\"."))
	case u.Scheme != "https" && !(u.Scheme == "http" && loopback(u.Hostname())):
		r.diags = append(r.diags, errorAt(v.rng, "Invalid endpoint",
			"The endpoint must use https; plain http is allowed only to localhost."))
	default:
		return strings.TrimRight(s, "/")
	}
	return ""
}

// loopback reports whether host names the local machine.
func loopback(host string) bool {
	if host == "localhost" {
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

		label := b.Labels[0]
		l.cfg.Accounts[label] = &Account{Label: label, Number: number, DeclRange: b.DefRange}
		num := cty.StringVal(number)
		if v.sensitive {
			num = num.Mark(sensitiveMark)
		}
		l.scope.accounts[label] = cty.ObjectVal(map[string]cty.Value{"number": num})
	}
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
