package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	iofs "io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ttplan/ttplan/config"
	"github.com/ttplan/ttplan/provider"
	"github.com/ttplan/ttplan/reconcile"
)

// planFlags are the options plan and apply share.
type planFlags struct {
	vars    []config.VarArg
	noColor bool
	json    bool
	format  string

	// targets and replace are -target and -replace: not for routine use.
	targets []string
	replace []string

	// dryRun asks the broker to dry-run every order to send; force lets
	// a plan exceed the limits block.
	dryRun bool
	force  bool

	// allowWarnings are dry-run warning codes that do not stop the plan.
	allowWarnings []string
}

func (pf *planFlags) register(fs *flag.FlagSet) {
	fs.Func("var", "set a variable: `NAME=VALUE` (repeatable)", func(s string) error {
		name, value, ok := strings.Cut(s, "=")
		if !ok || strings.TrimSpace(name) == "" {
			return errors.New("want NAME=VALUE")
		}
		pf.vars = append(pf.vars, config.VarArg{Name: strings.TrimSpace(name), Value: value})
		return nil
	})
	fs.Func("var-file", "read variables from `FILE`, relative to -chdir (repeatable)", func(s string) error {
		pf.vars = append(pf.vars, config.VarArg{File: s})
		return nil
	})
	fs.BoolVar(&pf.noColor, "no-color", false, "print without colour")
	fs.Func("target", "plan only `ADDRESS` (repeatable; not for routine use)", func(s string) error {
		pf.targets = append(pf.targets, s)
		return nil
	})
	fs.Func("replace", "cancel and place the order at `ADDRESS` again (repeatable; not for routine use)", func(s string) error {
		pf.replace = append(pf.replace, s)
		return nil
	})
	fs.BoolVar(&pf.dryRun, "dry-run", true, "ask the broker to dry-run every order to send and show its money impact; "+
		"-dry-run=false skips those calls")
	fs.BoolVar(&pf.force, "force", false, "let the plan exceed the limits block (never lifecycle.prevent_destroy)")
	fs.Func("allow-warning", "let a dry-run warning with `CODE` through instead of stopping the plan (repeatable)",
		func(s string) error {
			pf.allowWarnings = append(pf.allowWarnings, s)
			return nil
		})
}

// shaping reports whether flags that reshape a plan were given.
func (pf *planFlags) shaping() bool {
	return len(pf.vars) > 0 || len(pf.targets) > 0 || len(pf.replace) > 0 || pf.force || !pf.dryRun ||
		len(pf.allowWarnings) > 0
}

func (pf *planFlags) color(g *globals) bool {
	return g.io.OutTTY && !pf.noColor && g.env.getenv("NO_COLOR") == ""
}

func planCmd(ctx context.Context, g *globals, args []string) (int, error) {
	var pf planFlags
	var detailed bool
	fs := newFlags(g, "plan", "plan [options]")
	pf.register(fs)
	fs.BoolVar(&detailed, "detailed-exitcode", false, "exit 2 when there are changes, 0 when there are none")
	fs.BoolVar(&pf.json, "json", false, "print the plan as one JSON document (see reconcile/plan.schema.json)")
	fs.StringVar(&pf.format, "format", "human", "`human`, or markdown for a pull-request comment")
	out := fs.String("out", "", "save the plan to `FILE`, for \"ttplan apply FILE\" to apply exactly")
	fs.Bool("input", true, "accepted for scripts written for Terraform; plan never asks for input")
	if err := parseFlags(fs, args, 0); err != nil {
		return exitError, err
	}
	if pf.format != "human" && pf.format != "markdown" {
		return exitError, fmt.Errorf("-format takes human or markdown, not %q", pf.format)
	}

	if *out != "" {
		// A failed plan must not leave an older plan file to be applied.
		if err := os.Remove(inDir(g, *out)); err != nil && !errors.Is(err, iofs.ErrNotExist) {
			return exitError, err
		}
	}

	ws, err := openWorkspace(ctx, g, &pf)
	if err != nil {
		return exitError, err
	}
	defer ws.Close()

	p, err := ws.showPlan(ctx, &pf)
	if err != nil {
		return exitError, err
	}
	if *out != "" {
		if err := ws.savePlan(p, *out, pf.force); err != nil {
			return exitError, err
		}
		fmt.Fprintf(g.io.ErrOut, "\nSaved the plan to %s. To apply exactly this plan, run:\n  ttplan apply %s\n", *out, *out)
	}
	if detailed && p.HasChanges() {
		return exitChanges, nil
	}
	return exitOK, nil
}

// showPlan plans, writes the plan to stdout and its warnings and errors
// to stderr, and fails if the plan has errors.
func (ws *workspace) showPlan(ctx context.Context, pf *planFlags) (*reconcile.Plan, error) {
	p, err := ws.planWith(ctx, pf)
	if err != nil {
		return nil, err
	}
	if len(pf.targets) > 0 || len(pf.replace) > 0 {
		fmt.Fprintln(ws.g.io.ErrOut, "\nWarning: -target and -replace are in effect: this plan may be "+
			"incomplete. They are for exceptional situations, such as recovering from a mistake; "+
			"plan without them to see everything that differs.")
	}
	if pf.json || pf.format == "markdown" {
		// Warnings and errors are in the document; stderr stays quiet.
		write := func() error { return reconcile.WriteJSON(ws.g.io.Out, p, Version) }
		if !pf.json {
			write = func() error { return reconcile.RenderMarkdown(ws.g.io.Out, p) }
		}
		if err := write(); err != nil {
			return nil, err
		}
		if len(p.Errors) > 0 {
			return nil, errSilent
		}
		return p, nil
	}
	if err := reconcile.Render(ws.g.io.Out, p, reconcile.RenderOptions{Color: pf.color(ws.g)}); err != nil {
		return nil, err
	}

	for _, n := range p.Warnings {
		fmt.Fprintf(ws.g.io.ErrOut, "\nWarning: %s\n", noteText(n))
	}
	for _, n := range p.Errors {
		printError(ws.g.io.ErrOut, noteText(n))
	}
	if len(p.Errors) > 0 {
		return nil, errSilent
	}
	return p, nil
}

func noteText(n reconcile.Note) string {
	if n.Address == "" {
		return n.Message
	}
	return n.Address + ": " + n.Message
}

// workspace is a loaded configuration and the broker it names.
type workspace struct {
	g      *globals
	cfg    *config.Config
	broker provider.Broker
	record *reconcile.Record
	key    string
	close  func()

	// state is what the last plan read.
	state *reconcile.State

	targets, replace []string
}

// checkAddresses refuses a -replace that names no declared order, and a
// -target that names nothing declared or recorded.
func (ws *workspace) checkAddresses(pf *planFlags) error {
	orders := map[string]bool{}
	for _, o := range ws.cfg.Orders {
		orders[o.Address] = true
	}
	for _, o := range ws.cfg.ComplexOrders {
		orders[o.Address] = true
	}
	for _, a := range pf.replace {
		if !orders[a] {
			return fmt.Errorf("-replace=%s: no order, oco, oto or otoco block declares that address", a)
		}
	}
	for _, t := range pf.targets {
		kind, _, _ := strings.Cut(t, ".")
		switch kind {
		case "order", "watchlist", "oco", "oto", "otoco":
		default:
			return fmt.Errorf("-target=%s: an address starts with order., watchlist., oco., oto. or otoco.", t)
		}
	}
	return nil
}

// openWorkspace loads the configuration, printing its diagnostics, and
// connects to the broker it names.
func openWorkspace(ctx context.Context, g *globals, pf *planFlags) (*workspace, error) {
	cfg, err := loadConfig(g, pf)
	if err != nil {
		return nil, err
	}

	rec, err := reconcile.LoadRecord(cfg.Dir)
	if err != nil {
		return nil, err
	}

	conn, err := connect(ctx, g, cfg.Dir, cfg.Provider)
	if err != nil {
		return nil, err
	}
	// The local emulator's clock is the market's clock there: a GTD date
	// has passed when the emulator's day is past it, so that "emulator
	// advance" plays out what a later day would bring.
	if conn.now != nil {
		now, err := conn.now()
		if err != nil {
			conn.close()
			return nil, err
		}
		if now.In(provider.NewYork).Format(time.DateOnly) != time.Now().In(provider.NewYork).Format(time.DateOnly) {
			opts := loadOptions(g, pf)
			opts.Today = now
			reloaded, diags := config.Load(g.dir, opts)
			if diags.HasErrors() {
				conn.close()
				if err := config.WriteDiagnostics(g.io.ErrOut, reloaded.Files, diags, 0, false); err != nil {
					return nil, err
				}
				return nil, errSilent
			}
			cfg = reloaded
		}
	}
	return &workspace{g: g, cfg: cfg, broker: conn.client, record: rec, key: conn.recordKey, close: conn.close}, nil
}

func (ws *workspace) Close() { ws.close() }

// loadConfig loads the configuration and prints its diagnostics.
func loadConfig(g *globals, pf *planFlags) (*config.Config, error) {
	cfg, diags := config.Load(g.dir, loadOptions(g, pf))
	if len(diags) > 0 {
		if err := config.WriteDiagnostics(g.io.ErrOut, cfg.Files, diags, 0, false); err != nil {
			return nil, err
		}
	}
	if diags.HasErrors() {
		return nil, errSilent
	}
	return cfg, nil
}

// loadOptions are the options of config.Load for the command line. Like
// every path, a -var-file is relative to -chdir.
func loadOptions(g *globals, pf *planFlags) config.LoadOptions {
	var vars []config.VarArg
	if pf != nil {
		for _, v := range pf.vars {
			if v.File != "" && !filepath.IsAbs(v.File) {
				v.File = filepath.Join(g.dir, v.File)
			}
			vars = append(vars, v)
		}
	}
	return config.LoadOptions{Vars: vars, Getenv: g.env.getenv, Environ: g.env.environ}
}

// planWith plans with the -target and -replace of pf, printing nothing.
func (ws *workspace) planWith(ctx context.Context, pf *planFlags) (*reconcile.Plan, error) {
	if err := ws.checkAddresses(pf); err != nil {
		return nil, err
	}
	ws.targets, ws.replace = pf.targets, pf.replace
	p, err := ws.plan(ctx)
	if err != nil {
		return nil, err
	}
	if err := reconcile.Preview(ctx, ws.broker, ws.cfg, p, reconcile.PreviewOptions{DryRun: pf.dryRun, AllowWarnings: pf.allowWarnings}); err != nil {
		return nil, err
	}
	reconcile.CheckLimits(p, ws.cfg.Limits, ws.state.Managed(ws.cfg.Provider.Workspace), pf.force)
	return p, nil
}

// plan reads the live account and diffs it with the configuration.
func (ws *workspace) plan(ctx context.Context) (*reconcile.Plan, error) {
	entry, found := ws.record.Environments[ws.key]
	if entry == nil {
		entry = &reconcile.RecordEntry{}
	}

	ws.g.log.Debug("reading live state")
	st, err := reconcile.Read(ctx, ws.broker, ws.cfg, entry, time.Now())
	if err != nil {
		return nil, err
	}
	ws.state = st
	return reconcile.Diff(ws.cfg, st, reconcile.Options{
		Version:     Version,
		Record:      entry,
		RecordFound: found,
		Targets:     ws.targets,
		Replace:     ws.replace,
	}), nil
}

// summaryLine is Terraform's count of a plan's changes.
func summaryLine(verb string, p *reconcile.Plan) string {
	add, change, destroy := p.Summary()
	return fmt.Sprintf("%s Resources: %d added, %d changed, %d destroyed.", verb, add, change, destroy)
}
