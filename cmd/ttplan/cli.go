package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/hashicorp/go-hclog"
	"golang.org/x/term"
)

// Version is ttplan's version. It is sent in the User-Agent and as the
// source of every order ttplan places.
const Version = "0.1.0"

// Exit codes.
const (
	exitOK      = 0
	exitError   = 1
	exitChanges = 2 // plan -detailed-exitcode: the plan has changes
	// 3 is fmt -check's: a file needs formatting (exitUnformatted).
	exitStale  = 4 // apply FILE: the saved plan is stale or already applied
	exitLocked = 5 // apply: another apply holds the lock
)

// codedError is an error with its own exit code.
type codedError struct {
	code int
	err  error
}

func (e *codedError) Error() string { return e.err.Error() }
func (e *codedError) Unwrap() error { return e.err }

// errSilent means the error has already been reported to the user.
var errSilent = errors.New("silent error")

// errUsage means the command line was wrong; usage has been printed.
var errUsage = errors.New("usage error")

// streams are the process's standard streams, with what ttplan needs to
// know about them.
type streams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	// InTTY tells whether a person can answer a prompt; OutTTY whether
	// stdout may be coloured.
	InTTY  bool
	OutTTY bool
}

func newStreams(in *os.File, out, errOut *os.File) *streams {
	return &streams{
		In: in, Out: out, ErrOut: errOut,
		InTTY:  term.IsTerminal(int(in.Fd())),
		OutTTY: term.IsTerminal(int(out.Fd())),
	}
}

// env is the process environment.
type env struct {
	getenv  func(string) string
	environ []string
}

// globals are the options before the subcommand.
type globals struct {
	dir string
	log hclog.Logger
	env env
	io  *streams
}

const usage = `Usage: ttplan [-chdir=DIR] <command> [options]

Commands:
  validate   Check the configuration, offline
  fmt        Format the configuration files
  plan       Show what apply would change
  apply      Make the account match the configuration, or apply a saved plan
  show       Show a saved plan
  force-unlock  Free an apply lock left behind
  login      Log in and cache the session
  logout     End the session and delete the cached tokens
  emulator   Run or drive the built-in tastytrade emulator
  version    Print the version

Run "ttplan <command> -help" for a command's options.
`

// run is the whole program; main only exits with its result, so tests
// can call it in-process.
func run(args []string, io *streams, getenv func(string) string, environ []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	g := &globals{dir: ".", env: env{getenv, environ}, io: io}
	fs := flag.NewFlagSet("ttplan", flag.ContinueOnError)
	fs.SetOutput(io.ErrOut)
	fs.Usage = func() { fmt.Fprint(io.ErrOut, usage) }
	fs.StringVar(&g.dir, "chdir", ".", "run in `DIR`")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitError // the flag package has said what was wrong
	}
	g.log = newLogger(getenv("TTPLAN_LOG"), io.ErrOut)

	rest := fs.Args()
	if len(rest) == 0 {
		fs.Usage()
		return exitError
	}
	cmd, ok := commands[rest[0]]
	if !ok {
		fmt.Fprintf(io.ErrOut, "ttplan: unknown command %q\n\n%s", rest[0], usage)
		return exitError
	}
	code, err := cmd(ctx, g, rest[1:])
	if err != nil {
		return exitCode(err, io)
	}
	return code
}

type command func(ctx context.Context, g *globals, args []string) (int, error)

var commands map[string]command

func init() {
	commands = map[string]command{
		"plan":         planCmd,
		"validate":     validateCmd,
		"fmt":          fmtCmd,
		"apply":        applyCmd,
		"show":         showCmd,
		"force-unlock": forceUnlockCmd,
		"login":        loginCmd,
		"logout":       logoutCmd,
		"emulator":     emulatorCmd,
		"version":      versionCmd,
	}
}

// exitCode reports err, unless already reported, and returns its code.
func exitCode(err error, io *streams) int {
	switch {
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, errSilent), errors.Is(err, errUsage):
		return exitError
	}
	printError(io.ErrOut, err.Error())
	var coded *codedError
	if errors.As(err, &coded) {
		return coded.code
	}
	return exitError
}

// printError writes an error the way diagnostics look.
func printError(w io.Writer, msg string) {
	fmt.Fprintf(w, "\nError: %s\n\n", msg)
}

// newLogger returns a logger at the level TTPLAN_LOG names, writing to
// stderr, or one that discards everything when TTPLAN_LOG is unset.
func newLogger(level string, w io.Writer) hclog.Logger {
	if level == "" {
		return hclog.NewNullLogger()
	}
	l := hclog.LevelFromString(strings.TrimSpace(level))
	if l == hclog.NoLevel {
		fmt.Fprintf(w, "Warning: TTPLAN_LOG=%q is not a level (trace, debug, info, warn, error); logging at trace\n", level)
		l = hclog.Trace
	}
	return hclog.New(&hclog.LoggerOptions{Name: "ttplan", Level: l, Output: w})
}

// newFlags returns a flag set for a subcommand that reports to stderr.
func newFlags(g *globals, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(g.io.ErrOut)
	fs.Usage = func() {
		fmt.Fprintf(g.io.ErrOut, "Usage: ttplan [-chdir=DIR] %s\n\nOptions:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses and refuses stray arguments.
func parseFlags(fs *flag.FlagSet, args []string, maxArgs int) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > maxArgs {
		extra := fs.Arg(maxArgs)
		if strings.HasPrefix(extra, "-") {
			fmt.Fprintf(fs.Output(), "unexpected argument %q: options go before the other arguments\n", extra)
		} else {
			fmt.Fprintf(fs.Output(), "unexpected argument %q\n", extra)
		}
		fs.Usage()
		return errUsage
	}
	return nil
}

func versionCmd(_ context.Context, g *globals, args []string) (int, error) {
	if err := parseFlags(newFlags(g, "version", "version"), args, 0); err != nil {
		return exitError, err
	}
	fmt.Fprintf(g.io.Out, "ttplan v%s\n", Version)
	return exitOK, nil
}
