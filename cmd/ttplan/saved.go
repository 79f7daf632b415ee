package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/ttplan/ttplan/config"
	"github.com/ttplan/ttplan/reconcile"
)

// savePlan writes the plan, with what it was made from, to a file. Only
// the configuration files go in it, not variables files, which may hold
// secrets; sensitive variable values are kept as a mark only.
func (ws *workspace) savePlan(p *reconcile.Plan, path string) error {
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
		Endpoint:    ws.cfg.Provider.Endpoint,
		Workspace:   ws.cfg.Provider.Workspace,
		RecordKey:   ws.key,
	}
	sp, err := reconcile.Save(p, ws.state, prov, Version, files, vars)
	if err != nil {
		return err
	}
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
// anything it reads the account again and refuses when any object the
// plan read has moved, when an order with the workspace's tag has
// appeared, or when the plan was applied before.
func applySaved(ctx context.Context, g *globals, path string, lockTimeout time.Duration, asJSON bool) (int, error) {
	sp, err := reconcile.LoadSaved(inDir(g, path))
	if err != nil {
		return exitError, err
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
	for _, id := range entry.AppliedPlans {
		if id == sp.ID {
			return exitError, &codedError{exitStale, fmt.Errorf("plan %s (%s) was already applied; "+
				"make a new plan with \"ttplan plan -out\"", sp.ID, path)}
		}
	}

	c, err := connect(ctx, g, g.dir, config.Provider{
		Environment: sp.Provider.Environment, Endpoint: sp.Provider.Endpoint, Workspace: sp.Provider.Workspace,
	})
	if err != nil {
		return exitError, err
	}
	defer c.close()

	now, err := reconcile.Reread(ctx, c.client, sp.HistorySince)
	if err != nil {
		return exitError, err
	}
	if moved := sp.Moved(now); len(moved) > 0 {
		return exitError, &codedError{exitStale, fmt.Errorf("the saved plan is stale: %s; "+
			"nothing was changed. Make a new plan with \"ttplan plan -out\"", strings.Join(moved, "; "))}
	}

	p, err := sp.Restore()
	if err != nil {
		return exitError, err
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

	// The id is recorded once apply starts, so the file can never place
	// an order twice, even if this run dies half way.
	entry.AppliedPlans = append(entry.AppliedPlans, sp.ID)
	if err := rec.Save(); err != nil {
		return exitError, err
	}
	return finishApply(ctx, g, p, asJSON, reconcile.ApplyOptions{
		Broker: c.client, Record: rec, RecordKey: sp.Provider.RecordKey, Workspace: sp.Provider.Workspace,
	})
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

// staleness reads the account and says what moved since the plan.
func staleness(ctx context.Context, g *globals, sp *reconcile.SavedPlan) ([]string, error) {
	c, err := connect(ctx, g, g.dir, config.Provider{
		Environment: sp.Provider.Environment, Endpoint: sp.Provider.Endpoint, Workspace: sp.Provider.Workspace,
	})
	if err != nil {
		return nil, err
	}
	defer c.close()

	now, err := reconcile.Reread(ctx, c.client, sp.HistorySince)
	if err != nil {
		return nil, err
	}
	return sp.Moved(now), nil
}
