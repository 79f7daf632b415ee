package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/go-hclog"

	"github.com/ttplan/ttplan/config"
	"github.com/ttplan/ttplan/reconcile"
)

func applyCmd(ctx context.Context, g *globals, args []string) (int, error) {
	var pf planFlags
	var autoApprove bool
	fs := newFlags(g, "apply", "apply [options] [FILE]")
	pf.register(fs)
	fs.BoolVar(&autoApprove, "auto-approve", false, "apply without asking for confirmation")
	lockTimeout := fs.Duration("lock-timeout", 0, "wait up to `DURATION` for another apply's lock")
	input := fs.Bool("input", true, "ask for input; -input=false never asks (as TTPLAN_IN_AUTOMATION does)")
	fs.BoolVar(&pf.json, "json", false, "print newline-delimited JSON events instead of text (needs -auto-approve or a saved plan)")
	if err := parseFlags(fs, args, 1); err != nil {
		return exitError, err
	}

	// A saved plan was reviewed as it is: nothing may reshape it.
	if fs.NArg() == 1 {
		force := pf.force
		pf.force = false
		if pf.shaping() {
			return exitError, errors.New("-var, -var-file, -target, -replace, -dry-run and -allow-warning cannot change " +
				"a saved plan; make a new plan with them instead")
		}
		return applySaved(ctx, g, fs.Arg(0), *lockTimeout, pf.json, force)
	}

	if pf.json && !autoApprove {
		return exitError, errors.New("-json prints events, not a prompt: add -auto-approve, or apply a saved plan")
	}

	// Refuse before any network call: without a terminal nobody can
	// answer the prompt, and waiting on stdin would hang a cron job.
	if !autoApprove && (!g.io.InTTY || !*input || inAutomation(g)) {
		why := "no terminal to ask for confirmation on"
		if g.io.InTTY {
			why = "asking for input is turned off (-input=false or TTPLAN_IN_AUTOMATION)"
		}
		return exitError, errors.New(why + "; review the plan with \"ttplan plan\" and run " +
			"\"ttplan apply -auto-approve\" to apply without asking")
	}

	// The lock comes before anything is read, the record included: a
	// second apply must not act on a record the first is rewriting.
	unlock, err := lockDir(ctx, g.dir, "apply", *lockTimeout)
	if err != nil {
		return exitError, err
	}
	defer unlock()

	ws, err := openWorkspace(ctx, g, &pf)
	if err != nil {
		return exitError, err
	}
	defer ws.Close()

	opts := reconcile.ApplyOptions{
		Broker:    ws.broker,
		Record:    ws.record,
		RecordKey: ws.key,
		Workspace: ws.cfg.Provider.Workspace,
	}
	if pf.json {
		p, err := ws.planWith(ctx, &pf)
		if err != nil {
			return exitError, err
		}
		return finishApplyJSON(ctx, g, p, opts)
	}

	p, err := ws.showPlan(ctx, &pf)
	if err != nil {
		return exitError, err
	}
	if !p.HasChanges() {
		if reconcile.RememberProtected(ws.record.Entry(ws.key), p) {
			if err := ws.record.Save(); err != nil {
				return exitError, err
			}
		}
		fmt.Fprintln(g.io.Out, "\n"+summaryLine("Apply complete!", p))
		return exitOK, nil
	}

	if !autoApprove {
		ok, err := confirm(ctx, g, ws.cfg.Provider.Environment, p.Accounts())
		if err != nil {
			return exitError, err
		}
		if !ok {
			fmt.Fprintln(g.io.ErrOut, "\nApply cancelled.")
			return exitError, nil
		}
	}

	return finishApply(ctx, g, p, false, opts)
}

// finishApply carries out an approved plan and reports what it did, as
// text or, with asJSON, as newline-delimited events.
func finishApply(ctx context.Context, g *globals, p *reconcile.Plan, asJSON bool, opts reconcile.ApplyOptions) (int, error) {
	if asJSON {
		return finishApplyJSON(ctx, g, p, opts)
	}
	opts.Out, opts.Log = g.io.Out, g.log.Named("apply")
	fmt.Fprintln(g.io.Out)
	res, err := reconcile.Apply(ctx, p, opts)
	if err != nil {
		return exitError, err
	}
	if res.Failed != nil || res.Stopped != "" {
		reportFailure(g, res)
		return exitError, nil
	}
	fmt.Fprintf(g.io.Out, "\nApply complete! Resources: %d added, %d changed, %d destroyed.\n",
		res.Added, res.Changed, res.Destroyed)
	return exitOK, nil
}

// confirm asks the person at the terminal to approve the plan. An
// interrupt while it waits cancels the apply. In production it names the
// environment and the accounts the orders stand in, so nobody approves a
// production apply thinking it is the sandbox.
func confirm(ctx context.Context, g *globals, environment string, accounts []string) (bool, error) {
	question := "Do you want to perform these actions?"
	if environment == config.Production {
		question = "Do you want to perform these actions in the PRODUCTION environment"
		if len(accounts) > 0 {
			question += ", on account " + strings.Join(accounts, ", ")
		}
		question += "?\n  Real orders will be placed, replaced or cancelled."
	}
	fmt.Fprint(g.io.ErrOut, "\n"+question+"\n"+
		"  ttplan will perform the actions described above.\n"+
		"  Only 'yes' will be accepted to approve.\n\n"+
		"  Enter a value: ")

	answer := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(g.io.In).ReadString('\n')
		answer <- line
	}()
	select {
	case <-ctx.Done():
		fmt.Fprintln(g.io.ErrOut)
		return false, nil
	case line := <-answer:
		return strings.TrimSpace(line) == "yes", nil
	}
}

// reportFailure says what an apply did, what failed or stopped it, and
// what it did not try, so that nothing is half-applied without the user
// knowing.
func reportFailure(g *globals, res *reconcile.Result) {
	w := g.io.ErrOut
	total := len(res.Done) + len(res.NotTried)
	if res.Failed != nil {
		printError(w, fmt.Sprintf("%s: %v", res.Failed.Change.Address, res.Failed.Err))
		total++
	} else {
		printError(w, "apply stopped: "+res.Stopped)
	}

	fmt.Fprintf(w, "Apply stopped after %d of %d actions.\n", len(res.Done), total)
	for _, o := range res.Done {
		fmt.Fprintf(w, "  done:      %s: %s\n", o.Change.Address, o.Message)
	}
	if res.Failed != nil {
		fmt.Fprintf(w, "  failed:    %s\n", res.Failed.Change.Address)
	}
	for _, c := range res.NotTried {
		fmt.Fprintf(w, "  not tried: %s\n", c.Address)
	}
	fmt.Fprintln(w, "\nRun \"ttplan plan\" to see what is left to do; orders already placed are found by their tag and not placed twice.")
}

// inAutomation reports whether TTPLAN_IN_AUTOMATION is set to a true
// value: anything but empty, "0" or "false".
func inAutomation(g *globals) bool {
	switch strings.ToLower(strings.TrimSpace(g.env.getenv("TTPLAN_IN_AUTOMATION"))) {
	case "", "0", "false":
		return false
	}
	return true
}

// finishApplyJSON applies with events on stdout, one JSON object a line in
// go-hclog's JSON format: the plan, each change applied or failed, and
// the summary.
func finishApplyJSON(ctx context.Context, g *globals, p *reconcile.Plan, opts reconcile.ApplyOptions) (int, error) {
	events := hclog.New(&hclog.LoggerOptions{Name: "ttplan", Output: g.io.Out, JSONFormat: true, Level: hclog.Info})
	add, change, destroy := p.Summary()
	addresses := make([]string, len(p.Changes))
	for i, c := range p.Changes {
		addresses[i] = c.Address
	}
	events.Info("plan", "add", add, "change", change, "destroy", destroy, "changes", addresses)

	opts.Log = events
	res, err := reconcile.Apply(ctx, p, opts)
	if err != nil {
		events.Error("apply refused", "error", err.Error())
		return exitError, errSilent
	}
	notTried := make([]string, len(res.NotTried))
	for i, c := range res.NotTried {
		notTried[i] = c.Address
	}
	ok := res.Failed == nil && res.Stopped == ""
	events.Info("summary", "complete", ok, "added", res.Added, "changed", res.Changed,
		"destroyed", res.Destroyed, "not_tried", notTried)
	if !ok {
		return exitError, nil
	}
	return exitOK, nil
}
