package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"time"

	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/ttplan/ttplan/config"
	"github.com/ttplan/ttplan/reconcile"
)

// savePlan writes the plan, with what it was made from, to a file. Only
// the configuration files go in it, not variables files, which may hold
// secrets; sensitive variable values are kept as a mark only.
func (ws *workspace) savePlan(p *reconcile.Plan, path string, force bool) error {
	files := map[string]string{}
	for name, f := range ws.cfg.Files {
		if strings.HasSuffix(name, config.FileSuffix) {
			files[filepath.Base(name)] = string(f.Bytes)
		}
	}

	vars := map[string]reconcile.SavedVariable{}
	for name, v := range ws.cfg.Variables {
		if v.Sensitive {
			vars[name] = reconcile.SavedVariable{Sensitive: true}
			continue
		}
		raw, err := ctyjson.Marshal(v.Value, v.Value.Type())
		if err != nil {
			return fmt.Errorf("save variable %s: %w", name, err)
		}
		vars[name] = reconcile.SavedVariable{Value: json.RawMessage(raw)}
	}

	prov := reconcile.SavedProvider{
		Environment: ws.cfg.Provider.Environment,
		Endpoint:    effectiveEndpoint(ws.g, ws.cfg.Provider),
		Workspace:   ws.cfg.Provider.Workspace,
		RecordKey:   ws.key,
	}
	sp, err := reconcile.Save(p, ws.state, prov, Version, files, vars)
	if err != nil {
		return err
	}
	sp.Forced = force
	return sp.WriteFile(inDir(ws.g, path))
}

// inDir makes a relative path relative to -chdir, as every path is.
func inDir(g *globals, path string) string {
	if filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(g.dir, path)
}

// applySaved applies a saved plan, exactly, once. Before it changes
// anything it checks the plan belongs here (this directory's
// configuration and provider, this ttplan), reads the account again and
// refuses when any object the plan read has moved, when an order with
// the workspace's tag has appeared, or when the plan was applied before.
func applySaved(ctx context.Context, g *globals, path string, lockTimeout time.Duration, asJSON, force bool) (int, error) {
	sp, err := reconcile.LoadSaved(inDir(g, path))
	if err != nil {
		return exitError, err
	}
	cfg, err := checkSavedPlan(g, sp)
	if err != nil {
		return exitError, err
	}
	// A plan made with -force is applied with -force: the person applying
	// says again that the limits may be exceeded, and an edited file
	// cannot say it for them.
	switch {
	case sp.Forced && !force:
		return exitError, errors.New("the plan was made with -force; apply it with -force too, " +
			"or make a new plan within the limits")
	case force && !sp.Forced:
		return exitError, errors.New("-force cannot change a saved plan; make a new plan with -force instead")
	}

	unlock, err := lockDir(ctx, g.dir, "apply "+filepath.Base(path), lockTimeout)
	if err != nil {
		return exitError, err
	}
	defer unlock()

	rec, err := reconcile.LoadRecord(g.dir)
	if err != nil {
		return exitError, err
	}
	entry := rec.Entry(sp.Provider.RecordKey)
	if slices.Contains(entry.AppliedPlans, sp.ID) {
		return exitError, &codedError{exitStale, fmt.Errorf("plan %s (%s) was already applied; "+
			"make a new plan with \"ttplan plan -out\"", sp.ID, path)}
	}

	c, now, moved, err := reread(ctx, g, sp, cfg.Provider)
	if err != nil {
		return exitError, err
	}
	defer c.close()
	if c.recordKey != sp.Provider.RecordKey {
		return exitError, fmt.Errorf("the plan names record entry %q, but this environment's is %q; "+
			"nothing was changed", sp.Provider.RecordKey, c.recordKey)
	}
	if len(moved) > 0 {
		return exitError, &codedError{exitStale, fmt.Errorf("the saved plan is stale: %s; "+
			"nothing was changed. Make a new plan with \"ttplan plan -out\"", strings.Join(moved, "; "))}
	}
	p, err := sp.Restore(cfg, now, rec.Entry(sp.Provider.RecordKey))
	if err != nil {
		return exitError, err
	}
	if err := reconcile.Recheck(ctx, c.client, p, cfg, rec.Entry(sp.Provider.RecordKey), now, sp.Forced); err != nil {
		return exitError, err
	}
	if len(p.Errors) > 0 {
		for _, n := range p.Errors {
			printError(g.io.ErrOut, noteText(n))
		}
		return exitError, fmt.Errorf("the saved plan breaks a guardrail now; nothing was changed")
	}

	if !asJSON {
		if err := reconcile.Render(g.io.Out, p, reconcile.RenderOptions{}); err != nil {
			return exitError, err
		}
		if !p.HasChanges() {
			fmt.Fprintln(g.io.Out, "\nApply complete! Resources: 0 added, 0 changed, 0 destroyed.")
			return exitOK, nil
		}
	}

	// The id is recorded after the preflight and before the first write,
	// so the file can never place an order twice, even if this run dies
	// half way, while a preflight refusal leaves it usable.
	return finishApply(ctx, g, p, asJSON, reconcile.ApplyOptions{
		Broker: c.client, Record: rec, RecordKey: sp.Provider.RecordKey, Workspace: sp.Provider.Workspace,
		BeforeWrites: func() error {
			entry.AppliedPlans = append(entry.AppliedPlans, sp.ID)
			if n := len(entry.AppliedPlans); n > maxAppliedPlans {
				entry.AppliedPlans = entry.AppliedPlans[n-maxAppliedPlans:]
			}
			return rec.Save()
		},
	})
}

// maxAppliedPlans bounds the applied-plan ids the record keeps. A plan
// older than that many applies is stale anyway: its fingerprints cannot
// match an account that many applies have changed.
const maxAppliedPlans = 200

// checkSavedPlan refuses a saved plan that does not belong here: made by
// another ttplan, from configuration files other than this directory's,
// or for another provider block or endpoint than this directory and
// environment give now. It returns the configuration evaluated again,
// whose provider is the one to connect to: taken from this directory,
// never from the file.
func checkSavedPlan(g *globals, sp *reconcile.SavedPlan) (*config.Config, error) {
	if sp.Version != Version {
		return nil, fmt.Errorf("the plan was made by ttplan v%s and this is v%s; make a new plan", sp.Version, Version)
	}

	opts := loadOptions(g, nil)
	opts.Vars = savedVars(sp)
	cfg, diags := config.Load(g.dir, opts)
	if diags.HasErrors() {
		return nil, fmt.Errorf("cannot check the plan against the configuration in %s: %s", g.dir, diags.Errs()[0])
	}
	files := map[string]string{}
	for name, f := range cfg.Files {
		if strings.HasSuffix(name, config.FileSuffix) {
			files[filepath.Base(name)] = string(f.Bytes)
		}
	}
	if !maps.Equal(files, sp.Configuration) {
		return nil, fmt.Errorf("the configuration in %s is not the one the plan was made from; "+
			"run apply FILE in the directory the plan was made in, or make a new plan", g.dir)
	}

	endpoint := effectiveEndpoint(g, cfg.Provider)
	if cfg.Provider.Environment != sp.Provider.Environment || cfg.Provider.Workspace != sp.Provider.Workspace ||
		endpoint != sp.Provider.Endpoint {
		return nil, fmt.Errorf("the plan was made for the %s environment at %q, workspace %q; "+
			"here it is %s at %q, workspace %q", sp.Provider.Environment, sp.Provider.Endpoint, sp.Provider.Workspace,
			cfg.Provider.Environment, endpoint, cfg.Provider.Workspace)
	}
	return cfg, nil
}

// savedVars gives the plan's variable values back as -var options, so the
// configuration evaluates as it did; sensitive ones, kept as a mark only,
// come from the environment (TTPLAN_VAR_name) again.
func savedVars(sp *reconcile.SavedPlan) []config.VarArg {
	var out []config.VarArg
	for _, name := range slices.Sorted(maps.Keys(sp.Variables)) {
		v := sp.Variables[name]
		if v.Sensitive || v.Value == nil {
			continue
		}
		value := string(v.Value)
		var str string
		if json.Unmarshal(v.Value, &str) == nil {
			value = str // -var reads a string variable literally
		}
		out = append(out, config.VarArg{Name: name, Value: value})
	}
	return out
}

// effectiveEndpoint is the endpoint connect will use: the provider
// block's, else TASTYTRADE_API_URL, else the environment's own.
func effectiveEndpoint(g *globals, p config.Provider) string {
	if p.Endpoint != "" {
		return p.Endpoint
	}
	return strings.TrimSuffix(g.env.getenv("TASTYTRADE_API_URL"), "/")
}

// showCmd prints a saved plan as plan printed it, and warns when the
// account has moved since: the plan would then be refused.
func showCmd(ctx context.Context, g *globals, args []string) (int, error) {
	var pf planFlags
	fs := newFlags(g, "show", "show [options] FILE")
	fs.BoolVar(&pf.noColor, "no-color", false, "print without colour")
	fs.BoolVar(&pf.json, "json", false, "print the plan as one JSON document")
	fs.StringVar(&pf.format, "format", "human", "`human`, or markdown for a pull-request comment")
	if err := parseFlags(fs, args, 1); err != nil {
		return exitError, err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return exitError, errUsage
	}

	sp, err := reconcile.LoadSaved(inDir(g, fs.Arg(0)))
	if err != nil {
		return exitError, err
	}
	p := sp.Plan.Plan
	switch {
	case pf.json:
		err = reconcile.WriteJSON(g.io.Out, p, sp.Version)
	case pf.format == "markdown":
		err = reconcile.RenderMarkdown(g.io.Out, p)
	default:
		err = reconcile.Render(g.io.Out, p, reconcile.RenderOptions{Color: pf.color(g)})
	}
	if err != nil {
		return exitError, err
	}
	fmt.Fprintf(g.io.ErrOut, "\nSaved plan %s, made %s with ttplan v%s for the %s environment.\n",
		sp.ID, sp.Created.Format("2006-01-02 15:04 MST"), sp.Version, sp.Provider.Environment)
	if moved, err := staleness(ctx, g, sp); err != nil {
		fmt.Fprintf(g.io.ErrOut, "\nWarning: could not check whether the plan is stale: %v\n", err)
	} else if len(moved) > 0 {
		fmt.Fprintf(g.io.ErrOut, "\nWarning: the plan is stale and apply would refuse it: %s\n", strings.Join(moved, "; "))
	}
	return exitOK, nil
}

// staleness reads the account and says what moved since the plan. It
// connects only when the plan belongs to this directory, with this
// directory's provider.
func staleness(ctx context.Context, g *globals, sp *reconcile.SavedPlan) ([]string, error) {
	cfg, err := checkSavedPlan(g, sp)
	if err != nil {
		return nil, err
	}
	c, _, moved, err := reread(ctx, g, sp, cfg.Provider)
	if err != nil {
		return nil, err
	}
	c.close()
	return moved, nil
}

// reread connects with prov, reads the account as the saved plan's plan
// did, and says what moved since. The caller closes the connection.
func reread(ctx context.Context, g *globals, sp *reconcile.SavedPlan, prov config.Provider) (*conn, *reconcile.State, []string, error) {
	c, err := connect(ctx, g, g.dir, prov)
	if err != nil {
		return nil, nil, nil, err
	}
	now, err := reconcile.Reread(ctx, c.client, sp.HistorySince)
	if err != nil {
		c.close()
		return nil, nil, nil, err
	}
	return c, now, sp.Moved(now), nil
}
