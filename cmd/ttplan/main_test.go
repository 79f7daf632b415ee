package main

import (
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/ttplan/ttplan/provider"
	"github.com/ttplan/ttplan/provider/emulator"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"ttplan": func() { main() },
	})
}

// TestScripts runs the CLI scripts in testdata/script against the
// in-process emulator of each script's work directory. Set
// TTPLAN_UPDATE_SCRIPTS=1 to rewrite their golden files.
func TestScripts(t *testing.T) {
	t.Parallel()
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("..", "..", "testdata", "script"),
		UpdateScripts:       os.Getenv("TTPLAN_UPDATE_SCRIPTS") != "",
		RequireExplicitExec: true,
		Setup: func(e *testscript.Env) error {
			e.Setenv("TTPLAN_CACHE_DIR", filepath.Join(e.WorkDir, ".cache"))
			e.Setenv("HOME", e.WorkDir)

			// A free port for scripts that run "ttplan emulator serve".
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				return err
			}
			e.Setenv("PORT", strconv.Itoa(ln.Addr().(*net.TCPAddr).Port))
			return ln.Close()
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"requests": cmdRequests,
			"private":  cmdPrivate,
			"waitport": cmdWaitPort,
			"nydate":   cmdNYDate,
		},
	})
}

// cmdRequests inspects the API requests the emulator of the work
// directory has served:
//
//	requests mark                     start counting from now
//	requests count METHOD PATH N      exactly N requests since the mark
//	                                  matched METHOD and the PATH regexp
//	requests total N                  exactly N requests since the mark
func cmdRequests(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) == 0 {
		ts.Fatalf("usage: requests mark | count METHOD PATH N | total N")
	}
	db := ts.MkAbs(filepath.Join(".ttplan", "emulator.db"))
	ts.Check(os.MkdirAll(filepath.Dir(db), 0o700))
	e, err := emulator.Open(db, emulator.Options{})
	ts.Check(err)
	defer e.Close()
	reqs, err := e.Requests()
	ts.Check(err)

	mark, _ := strconv.Atoi(ts.Getenv("REQUEST_MARK"))
	if mark > len(reqs) {
		mark = len(reqs)
	}
	since := reqs[mark:]

	var got, want int
	switch {
	case args[0] == "mark" && len(args) == 1:
		ts.Setenv("REQUEST_MARK", strconv.Itoa(len(reqs)))
		return
	case args[0] == "count" && len(args) == 4:
		re, err := regexp.Compile("^" + args[2] + "$")
		ts.Check(err)
		for _, r := range since {
			if r.Method == args[1] && re.MatchString(r.Path) {
				got++
			}
		}
		want, err = strconv.Atoi(args[3])
		ts.Check(err)
	case args[0] == "total" && len(args) == 2:
		got = len(since)
		want, err = strconv.Atoi(args[1])
		ts.Check(err)
	default:
		ts.Fatalf("usage: requests mark | count METHOD PATH N | total N")
	}

	if (got == want) == neg {
		var lines []string
		for _, r := range since {
			lines = append(lines, r.Method+" "+r.Path+" "+strconv.Itoa(r.Status))
		}
		ts.Fatalf("%s: got %d requests, want %s%d; served since the mark:\n%s",
			strings.Join(args, " "), got, map[bool]string{true: "not ", false: ""}[neg], want, strings.Join(lines, "\n"))
	}
}

// cmdPrivate checks a directory of cached tokens:
//
//	private DIR [SECRET...]
//
// Every file below DIR must have mode 0600 and contain none of the
// secrets. At least one file must exist.
func cmdPrivate(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: private DIR [SECRET...]")
	}
	files := 0
	err := filepath.WalkDir(ts.MkAbs(args[0]), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		info, err := d.Info()
		if err != nil {
			return err
		}
		if info.Mode().Perm() != 0o600 {
			ts.Fatalf("%s has mode %v, want 0600", path, info.Mode().Perm())
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, secret := range args[1:] {
			if strings.Contains(string(data), secret) {
				ts.Fatalf("%s contains %q", path, secret)
			}
		}
		return nil
	})
	ts.Check(err)
	if files == 0 {
		ts.Fatalf("no files below %s", args[0])
	}
}

// cmdWaitPort waits until something listens on 127.0.0.1:PORT.
func cmdWaitPort(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: waitport PORT")
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		c, err := net.Dial("tcp", "127.0.0.1:"+args[0])
		if err == nil {
			c.Close()
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	ts.Fatalf("nothing listens on port %s", args[0])
}

// cmdNYDate sets an environment variable to a New York date, days from
// today, for scripts that need a date relative to the day they run:
//
//	nydate NAME DAYS
func cmdNYDate(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: nydate NAME DAYS")
	}
	days, err := strconv.Atoi(args[1])
	ts.Check(err)
	ts.Setenv(args[0], time.Now().In(provider.NewYork).AddDate(0, 0, days).Format(time.DateOnly))
}
