package config

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// EnvPrefix starts the name of an environment variable that sets an
// input variable: TTPLAN_VAR_name.
const EnvPrefix = "TTPLAN_VAR_"

// Auto-loaded variable files: DefaultVarsFile (or its .json form) first,
// then every *.auto.ttvars and *.auto.ttvars.json in lexical order.
const (
	DefaultVarsFile = "ttplan.ttvars"
	AutoVarsSuffix  = ".auto.ttvars"
)

// varValue is one value given for a variable, and where from.
type varValue struct {
	val cty.Value

	// raw is a -var or environment value, read once its type is known.
	raw *string

	// rng is where the value was written, zero when not in a file.
	rng hcl.Range

	// source names where it came from, for messages: "the -var option".
	source string

	// broken means the value failed and an error says why.
	broken bool
}

// variableValues gathers each variable's value from every source, a
// later source overriding an earlier one, as Terraform orders them: the
// default, the environment, ttplan.ttvars, *.auto.ttvars, then -var and
// -var-file options in command-line order.
func (l *loader) variableValues(decls map[string]*varDecl) map[string]*varValue {
	values := map[string]*varValue{}
	for name, d := range decls {
		if d.def != nil {
			values[name] = d.def
		}
	}

	for _, name := range sortedKeys(decls) {
		if raw, ok := l.lookupEnv(EnvPrefix + name); ok {
			source := "the environment variable " + EnvPrefix + name
			values[name] = &varValue{raw: &raw, source: source}
		}
	}

	for _, path := range l.autoVarFiles() {
		l.varFile(path, decls, values)
	}
	for _, a := range l.opts.Vars {
		if a.File != "" {
			l.varFile(a.File, decls, values)
			continue
		}
		l.varOption(a, decls, values)
	}
	return values
}

// lookupEnv finds key in Environ, or failing that asks Getenv, which
// cannot tell an empty value from an unset one.
func (l *loader) lookupEnv(key string) (string, bool) {
	if l.opts.Environ != nil {
		for _, kv := range l.opts.Environ {
			if k, v, ok := strings.Cut(kv, "="); ok && k == key {
				return v, true
			}
		}
		return "", false
	}
	if l.opts.Getenv != nil {
		v := l.opts.Getenv(key)
		return v, v != ""
	}
	return "", false
}

// autoVarFiles lists the variable files of the directory that load
// without being named.
func (l *loader) autoVarFiles() []string {
	entries, err := os.ReadDir(l.dir)
	if err != nil {
		return nil
	}

	var first, auto []string
	for _, e := range entries {
		switch n := e.Name(); {
		case e.IsDir():
		case n == DefaultVarsFile || n == DefaultVarsFile+".json":
			first = append(first, filepath.Join(l.dir, n))
		case strings.HasSuffix(n, AutoVarsSuffix) || strings.HasSuffix(n, AutoVarsSuffix+".json"):
			auto = append(auto, filepath.Join(l.dir, n))
		}
	}
	sort.Strings(first)
	return append(first, auto...)
}

// varFile reads the values of one variable file, HCL or, by its .json
// suffix, JSON. A value for an undeclared variable is a warning: one file
// may serve several configurations.
func (l *loader) varFile(path string, decls map[string]*varDecl, values map[string]*varValue) {
	f := l.parseVarFile(path)
	if f == nil || f.Body == nil {
		return
	}
	attrs, diags := f.Body.JustAttributes()
	l.diags = append(l.diags, diags...)

	for _, a := range sortedAttributes(attrs) {
		if _, ok := decls[a.Name]; !ok {
			l.diags = append(l.diags, warningAt(a.NameRange, "Value for undeclared variable",
				"The file sets %q, but no variable block declares it, so the value is ignored.%s",
				a.Name, didYouMean(a.Name, sortedKeys(decls))))
			continue
		}

		v, diags := a.Expr.Value(nil)
		l.diags = append(l.diags, diags...)
		values[a.Name] = &varValue{
			val:    v,
			rng:    a.Expr.Range(),
			source: filepath.Base(path),
			broken: diags.HasErrors(),
		}
	}
}

// parseVarFile reads and parses a variable file.
func (l *loader) parseVarFile(path string) *hcl.File {
	src, err := os.ReadFile(path)
	if err != nil {
		l.diags = append(l.diags, errorAt(hcl.Range{}, "Failed to read variables file",
			"Cannot read %s: %s.", path, err))
		return nil
	}
	if !l.isText(path, src) {
		return nil
	}

	var f *hcl.File
	var diags hcl.Diagnostics
	if strings.HasSuffix(path, ".json") {
		f, diags = l.parser.ParseJSON(src, path)
	} else {
		f, diags = l.parser.ParseHCL(src, path)
	}
	l.diags = append(l.diags, diags...)
	return f
}

// varOption records one -var option.
func (l *loader) varOption(a VarArg, decls map[string]*varDecl, values map[string]*varValue) {
	if _, ok := decls[a.Name]; !ok {
		l.diags = append(l.diags, errorAt(hcl.Range{}, "Value for undeclared variable",
			"The option -var sets %q, but no variable block declares it.%s "+
				"Declare it, or remove the option.",
			a.Name, didYouMean(a.Name, sortedKeys(decls))))
		return
	}
	raw := a.Value
	values[a.Name] = &varValue{raw: &raw, source: "the -var option"}
}

// parseRaw reads a -var or environment value: as it is for a literal
// variable, as an HCL expression for any other.
func (l *loader) parseRaw(d *varDecl, vv *varValue) (cty.Value, bool) {
	if d.literal {
		return cty.StringVal(*vv.raw), true
	}

	name := "<value for var." + d.name + ">"
	expr, diags := hclsyntax.ParseExpression([]byte(*vv.raw), name, hcl.InitialPos)
	v := cty.DynamicVal
	if !diags.HasErrors() {
		v, diags = expr.Value(nil)
	}
	if diags.HasErrors() {
		l.diags = append(l.diags, errorAt(d.declRange, "Invalid value for variable",
			"The value %s gives for var.%s is not a valid expression: %s",
			vv.source, d.name, diags[0].Detail))
		return cty.NilVal, false
	}
	return v, true
}

// sortedAttributes lists attrs in source order.
func sortedAttributes(attrs hcl.Attributes) []*hcl.Attribute {
	out := make([]*hcl.Attribute, 0, len(attrs))
	for _, a := range attrs {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool {
		ri, rj := out[i].Range, out[j].Range
		if ri.Filename != rj.Filename {
			return ri.Filename < rj.Filename
		}
		return ri.Start.Byte < rj.Start.Byte
	})
	return out
}
