package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/shopspring/decimal"

	"github.com/ttplan/ttplan/provider/emulator"
)

const emulatorUsage = `Usage: ttplan [-chdir=DIR] emulator <command> [options]

Commands:
  serve      Serve the tastytrade API on an address
  fill       Fill an order, fully or in part: fill [-quantity N] [-price P] ORDER_ID
  cancel     Cancel an order as if in the broker's app: cancel ORDER_ID
  expire     Expire an order: expire ORDER_ID
  advance    Move the emulator's clock forward: advance DURATION
  market     Open or close the market: market open|closed
             (while closed, new orders wait in Received)
  fault      Make matching API requests fail:
             fault -method M -path P -status N [-times N] [-after]
             (-after: do the request, then lose its answer)
  reset      Return to the built-in demo customer
  orders     List every order: id, account, status, legs, complex order
  requests   Print the API requests served, as JSON

Every command takes -db FILE, the emulator's store. It defaults to the
store of the "local" environment of the configuration directory.
`

func emulatorCmd(ctx context.Context, g *globals, args []string) (int, error) {
	if len(args) == 0 {
		fmt.Fprint(g.io.ErrOut, emulatorUsage)
		return exitError, nil
	}
	if args[0] == "-help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(g.io.ErrOut, emulatorUsage)
		return exitOK, nil
	}
	sub, args := args[0], args[1:]

	fs := newFlags(g, "emulator "+sub, "emulator "+sub+" [options]")
	db := fs.String("db", localDB(g.dir), "the emulator's store, a `FILE`")
	switch sub {
	case "serve":
		addr := fs.String("addr", "127.0.0.1:8080", "listen on `HOST:PORT`")
		if err := parseFlags(fs, args, 0); err != nil {
			return exitError, err
		}
		return serveEmulator(ctx, g, *db, *addr)
	case "fill":
		return emulatorFill(g, fs, db, args)
	case "cancel", "expire":
		if err := parseFlags(fs, args, 1); err != nil {
			return exitError, err
		}
		return withEmulator(g, *db, func(e *emulator.Emulator) error {
			id, err := orderID(fs)
			if err != nil {
				return err
			}
			if sub == "cancel" {
				return e.Cancel(id)
			}
			return e.Expire(id)
		})
	case "advance":
		if err := parseFlags(fs, args, 1); err != nil {
			return exitError, err
		}
		d, err := time.ParseDuration(fs.Arg(0))
		if err != nil || d <= 0 {
			return exitError, fmt.Errorf("advance takes a positive duration such as 25h, not %q", fs.Arg(0))
		}
		return withEmulator(g, *db, func(e *emulator.Emulator) error { return e.Advance(d) })
	case "market":
		if err := parseFlags(fs, args, 1); err != nil {
			return exitError, err
		}
		open := fs.Arg(0) == "open"
		if !open && fs.Arg(0) != "closed" {
			return exitError, fmt.Errorf("market takes open or closed, not %q", fs.Arg(0))
		}
		return withEmulator(g, *db, func(e *emulator.Emulator) error { return e.SetMarket(open) })
	case "fault":
		var f emulator.Fault
		fs.StringVar(&f.Method, "method", "", "match the request `METHOD` (empty: any)")
		fs.StringVar(&f.Path, "path", "", "match the escaped request `PATH` exactly")
		fs.IntVar(&f.Status, "status", 502, "answer with HTTP `STATUS`")
		fs.IntVar(&f.Times, "times", 1, "affect `N` requests")
		fs.BoolVar(&f.After, "after", false, "carry the request out, then lose the answer")
		if err := parseFlags(fs, args, 0); err != nil {
			return exitError, err
		}
		if f.Path == "" {
			return exitError, errors.New("fault needs -path")
		}
		return withEmulator(g, *db, func(e *emulator.Emulator) error { return e.AddFault(f) })
	case "reset":
		if err := parseFlags(fs, args, 0); err != nil {
			return exitError, err
		}
		return withEmulator(g, *db, func(e *emulator.Emulator) error { return e.Reset() })
	case "orders":
		if err := parseFlags(fs, args, 0); err != nil {
			return exitError, err
		}
		return withEmulator(g, *db, func(e *emulator.Emulator) error {
			orders, err := e.Orders()
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(g.io.Out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "ID\tACCOUNT\tSTATUS\tTYPE\tLEGS\tCOMPLEX")
			for _, o := range orders {
				cx := ""
				if o.ComplexID != 0 {
					cx = fmt.Sprintf("%d %s", o.ComplexID, o.ComplexTag)
				}
				fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\n", o.ID, o.Account, o.Status, o.Type, o.Legs, cx)
			}
			return w.Flush()
		})
	case "requests":
		if err := parseFlags(fs, args, 0); err != nil {
			return exitError, err
		}
		return withEmulator(g, *db, func(e *emulator.Emulator) error {
			reqs, err := e.Requests()
			if err != nil {
				return err
			}
			enc := json.NewEncoder(g.io.Out)
			enc.SetIndent("", "  ")
			return enc.Encode(reqs)
		})
	}
	fmt.Fprintf(g.io.ErrOut, "ttplan: unknown emulator command %q\n\n%s", sub, emulatorUsage)
	return exitError, nil
}

func emulatorFill(g *globals, fs *flag.FlagSet, db *string, args []string) (int, error) {
	qty := fs.String("quantity", "", "fill only `N` (default: all that remains)")
	price := fs.String("price", "", "fill at `P` (default: the order's price)")
	if err := parseFlags(fs, args, 1); err != nil {
		return exitError, err
	}
	return withEmulator(g, *db, func(e *emulator.Emulator) error {
		id, err := orderID(fs)
		if err != nil {
			return err
		}
		q, err := optionalDecimal("quantity", *qty)
		if err != nil {
			return err
		}
		p, err := optionalDecimal("price", *price)
		if err != nil {
			return err
		}
		if err := e.Fill(id, q, p); err != nil {
			return err
		}
		fmt.Fprintf(g.io.Out, "filled order %d\n", id)
		return nil
	})
}

func orderID(fs *flag.FlagSet) (int64, error) {
	id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("want an order id, not %q", fs.Arg(0))
	}
	return id, nil
}

func optionalDecimal(name, s string) (*decimal.Decimal, error) {
	if s == "" {
		return nil, nil
	}
	d, err := decimal.NewFromString(s)
	if err != nil || !d.IsPositive() {
		return nil, fmt.Errorf("-%s wants a positive number, not %q", name, s)
	}
	return &d, nil
}

// withEmulator opens the store, runs fn and closes the store.
func withEmulator(g *globals, db string, fn func(*emulator.Emulator) error) (int, error) {
	e, err := openEmulator(g, db)
	if err != nil {
		return exitError, err
	}
	defer e.Close()

	if err := fn(e); err != nil {
		return exitError, err
	}
	return exitOK, nil
}

// serveEmulator serves the emulator until interrupted.
func serveEmulator(ctx context.Context, g *globals, db, addr string) (int, error) {
	e, err := openEmulator(g, db)
	if err != nil {
		return exitError, err
	}
	defer e.Close()

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return exitError, err
	}
	srv := &http.Server{Handler: e.Handler(), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(g.io.ErrOut, "tastytrade emulator listening on http://%s (store %s)\n", ln.Addr(), db)

	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return exitError, err
	case <-ctx.Done():
	}

	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return exitError, err
	}
	return exitOK, nil
}
