package config

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"
)

// FileSuffix ends the name of every configuration file.
const FileSuffix = ".tt.hcl"

// LoadOptions carries what Load needs from outside the directory.
type LoadOptions struct {
	// Vars are the -var and -var-file options, in command-line order.
	Vars []VarArg

	// Environ is the environment in os.Environ form, searched for
	// TTPLAN_VAR_name. Nil reads none.
	Environ []string

	// Getenv reads TTPLAN_VAR_name when Environ is nil. It cannot tell
	// an empty value from an unset one, so an empty value counts as
	// unset. Nil reads none.
	Getenv func(string) string

	// Today is now, for the check that a GTD date has not passed. It is
	// compared as a date in America/New_York. Zero means time.Now().
	Today time.Time
}

// VarArg is one -var name=value option, or one -var-file option when
// File is set. Value is read as Terraform reads it: literally for a
// variable of a primitive type or of no type, as an HCL expression
// otherwise.
type VarArg struct {
	Name, Value string
	File        string
}

// loader holds the state of one Load.
type loader struct {
	dir    string
	opts   LoadOptions
	parser *hclparse.Parser
	scope  *scope
	cfg    *Config
	diags  hcl.Diagnostics
}

// Load reads every *.tt.hcl file of dir (not its subdirectories), in
// name order, with the variable values that opts and the directory's
// .ttvars files give, and returns the evaluated configuration.
//
// Load reports every problem it finds in one pass. The returned Config
// is never nil: its Files hold every file read, for WriteDiagnostics,
// even when diags has errors. When diags has errors the rest of the
// Config is incomplete and must not be acted on. Warnings alone leave a
// usable Config.
func Load(dir string, opts LoadOptions) (*Config, hcl.Diagnostics) {
	l := &loader{
		dir:    dir,
		opts:   opts,
		parser: hclparse.NewParser(),
		scope:  newScope(),
		cfg: &Config{
			Dir:       dir,
			Accounts:  map[string]*Account{},
			Variables: map[string]*Variable{},
		},
	}
	l.load()
	l.cfg.Files = l.parser.Files()
	l.hideLoopValues()
	return l.cfg, uniqueDiagnostics(l.diags)
}

// load runs the phases in dependency order: what a phase evaluates may
// refer only to what earlier phases resolved.
func (l *loader) load() {
	files := l.parseDir()
	if len(files) == 0 {
		return
	}

	blocks := l.topBlocks(files)
	l.loadVariables(blocks["variable"])
	l.loadAccounts(blocks["account"])
	l.loadLocals(blocks["locals"])
	l.loadProvider(blocks["provider"])
	l.loadLimits(blocks["limits"])
	l.loadWatchlists(blocks["watchlist"])
	l.loadOrders(blocks["order"])
	l.loadComplexOrders(blocks)
	l.sortOutput()
}

// parseDir parses the configuration files of the directory.
func (l *loader) parseDir() []*hcl.File {
	entries, err := os.ReadDir(l.dir)
	if err != nil {
		l.diags = append(l.diags, errorAt(hcl.Range{}, "Failed to read configuration directory",
			"Cannot list %s: %s.", l.dir, err))
		return nil
	}

	var files []*hcl.File
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), FileSuffix) {
			continue
		}
		if f := l.parseFile(filepath.Join(l.dir, e.Name())); f != nil {
			files = append(files, f)
		}
	}

	if len(files) == 0 && !l.diags.HasErrors() {
		l.diags = append(l.diags, errorAt(hcl.Range{}, "No configuration files",
			"The directory %s holds no *%s files. Run ttplan in the directory that holds them.",
			l.dir, FileSuffix))
	}
	return files
}

// parseFile reads and parses one native-syntax file.
func (l *loader) parseFile(path string) *hcl.File {
	src, err := os.ReadFile(path)
	if err != nil {
		l.diags = append(l.diags, errorAt(hcl.Range{}, "Failed to read file",
			"Cannot read %s: %s.", path, err))
		return nil
	}
	if !l.isText(path, src) {
		return nil
	}

	f, diags := l.parser.ParseHCL(src, path)
	l.diags = append(l.diags, diags...)
	return f
}

// isText reports whether src, the content of the file at path, is text:
// UTF-8 without NUL bytes. A file that is not is reported once and not
// parsed, for the parser would report its bytes many times over.
func (l *loader) isText(path string, src []byte) bool {
	var why string
	switch {
	case bytes.IndexByte(src, 0) >= 0:
		why = "it holds NUL bytes"
	case !utf8.Valid(src):
		why = "it is not valid UTF-8"
	default:
		return true
	}
	l.diags = append(l.diags, errorAt(hcl.Range{}, "Not a text file",
		"%s is not a text file: %s. Configuration and variables files must be UTF-8 text, "+
			"so it was not read.", path, why))
	return false
}

// topBlocks decodes each file's top level and groups the blocks by type,
// in file order.
func (l *loader) topBlocks(files []*hcl.File) map[string][]*hcl.Block {
	out := map[string][]*hcl.Block{}
	for _, f := range files {
		if f == nil || f.Body == nil {
			continue
		}
		for _, b := range l.content(f.Body, fileSchema).Blocks {
			out[b.Type] = append(out[b.Type], b)
		}
	}
	return out
}

// today is the date in New York, as YYYY-MM-DD, that GTD dates may not
// fall before.
func (l *loader) today() string {
	now := l.opts.Today
	if now.IsZero() {
		now = time.Now()
	}
	return now.In(newYork).Format(dateLayout)
}

// sortOutput orders the watchlists, orders and complex orders by
// address.
func (l *loader) sortOutput() {
	sort.Slice(l.cfg.Watchlists, func(i, j int) bool {
		return l.cfg.Watchlists[i].Address < l.cfg.Watchlists[j].Address
	})
	sort.Slice(l.cfg.Orders, func(i, j int) bool {
		return l.cfg.Orders[i].Address < l.cfg.Orders[j].Address
	})
	sort.Slice(l.cfg.ComplexOrders, func(i, j int) bool {
		return l.cfg.ComplexOrders[i].Address < l.cfg.ComplexOrders[j].Address
	})
}

// uniqueDiagnostics drops repeats: a problem in a block with for_each is
// found once per instance but reported once.
func uniqueDiagnostics(diags hcl.Diagnostics) hcl.Diagnostics {
	seen := map[string]bool{}
	var out hcl.Diagnostics
	for _, d := range diags {
		key := fmt.Sprintf("%d\x00%s\x00%s", d.Severity, d.Summary, d.Detail)
		if d.Subject != nil {
			key += "\x00" + d.Subject.String()
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, d)
		}
	}
	return out
}

// hideLoopValues drops the evaluation context, and a detail that may
// quote it, of a diagnostic raised inside a for expression whose
// iteration variables hold values of a sensitive variable. HCL hands
// them those values without the sensitive mark, so the "with s as ..."
// lines and the details would show them.
func (l *loader) hideLoopValues() {
	secret := map[string]bool{}
	for _, v := range l.scope.vars {
		if v.ContainsMarked() {
			leaves(v, secret)
		}
	}
	for _, v := range l.scope.locals {
		if v.ContainsMarked() {
			leaves(v, secret)
		}
	}
	if len(secret) == 0 {
		return
	}
	for _, d := range l.diags {
		for ctx := d.EvalContext; ctx != nil && ctx.Parent() != nil; ctx = ctx.Parent() {
			found := map[string]bool{}
			for _, v := range ctx.Variables {
				leaves(v, found)
			}
			if !overlaps(found, secret) {
				continue
			}
			d.EvalContext = nil
			d.Detail = "The reason names a value from a sensitive variable, so it is not shown."
			break
		}
	}
}

// leaves adds the strings, numbers and map keys inside v to out.
func leaves(v cty.Value, out map[string]bool) {
	v, _ = v.UnmarkDeep()
	switch {
	case v.IsNull() || !v.IsKnown():
	case v.Type() == cty.String:
		out[v.AsString()] = true
	case v.Type() == cty.Number:
		out[v.AsBigFloat().Text('f', -1)] = true
	case v.Type().IsMapType() || v.Type().IsObjectType():
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			if k.Type() == cty.String && v.Type().IsMapType() {
				out[k.AsString()] = true
			}
			leaves(e, out)
		}
	case v.CanIterateElements():
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			leaves(e, out)
		}
	}
}

func overlaps(a, b map[string]bool) bool {
	for k := range a {
		if b[k] {
			return true
		}
	}
	return false
}
