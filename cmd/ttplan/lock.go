package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"syscall"
	"time"

	"github.com/gofrs/flock"
)

// lockInfo says who holds the apply lock. It is written into the lock
// file once the lock is taken, so that a run that finds it taken can say
// by whom.
type lockInfo struct {
	ID        string    `json:"id"`
	Operation string    `json:"operation"`
	User      string    `json:"user"`
	Host      string    `json:"host"`
	PID       int       `json:"pid"`
	Created   time.Time `json:"created"`
}

// lockDir takes the configuration directory's apply lock, so that two
// applies (cron and a person, say) never plan and place the same orders
// at once. It waits up to timeout for a lock another run holds, then
// fails with a message that names the holder. The operating system
// releases the lock when its process ends, so a crashed run never leaves
// a stale lock behind.
func lockDir(ctx context.Context, dir, operation string, timeout time.Duration) (func(), error) {
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", dir)
	}
	if timeout < 0 {
		return nil, fmt.Errorf("-lock-timeout must not be negative, not %s", timeout)
	}
	path := filepath.Join(dir, ".ttplan", "lock")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}

	l := flock.New(path)
	ok, err := l.TryLock()
	if err == nil && !ok && timeout > 0 {
		wait, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		ok, err = l.TryLockContext(wait, 100*time.Millisecond)
		if err != nil && wait.Err() != nil && ctx.Err() == nil {
			err = nil // the wait ran out: report the holder below
		}
	}
	if err != nil {
		return nil, fmt.Errorf("take the lock %s: %w", path, err)
	}
	if !ok {
		hint := "wait for it to finish, or use -lock-timeout to wait for it"
		if timeout > 0 {
			hint = fmt.Sprintf("it was still held after %s", timeout)
		}
		return nil, &codedError{exitLocked, fmt.Errorf("another ttplan apply holds the lock %s%s; %s",
			path, describeHolder(path), hint)}
	}

	info := lockInfo{ID: randomID(), Operation: operation, PID: os.Getpid(), Created: time.Now().UTC()}
	info.Host, _ = os.Hostname()
	if u, err := user.Current(); err == nil {
		info.User = u.Username
	}
	if data, err := json.Marshal(info); err == nil {
		_ = os.WriteFile(path, append(data, '\n'), 0o600)
	}
	return func() {
		_ = os.Truncate(path, 0)
		_ = l.Unlock()
	}, nil
}

// describeHolder reads the holder's lock info, if it wrote any.
func describeHolder(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	var info lockInfo
	if json.Unmarshal(data, &info) != nil || info.ID == "" {
		return ""
	}
	stale := ""
	if host, _ := os.Hostname(); host == info.Host && !processAlive(info.PID) {
		stale = "; that process is gone, so this record is stale and another program holds the lock"
	}
	return fmt.Sprintf(" (lock %s: %s by %s on %s, pid %d, since %s%s)", info.ID, info.Operation,
		info.User, info.Host, info.PID, info.Created.Format(time.RFC3339), stale)
}

// processAlive reports whether a process with pid runs on this host.
func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	return p.Signal(syscall.Signal(0)) == nil
}

func randomID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// forceUnlockCmd frees the apply lock whose id is given. The operating
// system already frees the lock of a process that ended, so this is for
// a lock record left behind on a filesystem that does not honour file
// locks, or by a run on another host: it refuses while the holder is a
// process running on this host.
func forceUnlockCmd(_ context.Context, g *globals, args []string) (int, error) {
	fs := newFlags(g, "force-unlock", "force-unlock LOCK_ID")
	if err := parseFlags(fs, args, 1); err != nil {
		return exitError, err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return exitError, errUsage
	}

	path := filepath.Join(g.dir, ".ttplan", "lock")
	data, err := os.ReadFile(path)
	if err != nil {
		return exitError, fmt.Errorf("no lock to free at %s", path)
	}
	var info lockInfo
	if json.Unmarshal(data, &info) != nil || info.ID == "" {
		return exitError, fmt.Errorf("the lock at %s holds no record; nothing to free", path)
	}
	if info.ID != fs.Arg(0) {
		return exitError, fmt.Errorf("the lock at %s has id %s, not %s", path, info.ID, fs.Arg(0))
	}
	if host, _ := os.Hostname(); host == info.Host && processAlive(info.PID) {
		return exitError, fmt.Errorf("lock %s is held by pid %d, which is still running on this host; stop it instead", info.ID, info.PID)
	}

	if err := os.Remove(path); err != nil {
		return exitError, err
	}
	fmt.Fprintf(g.io.ErrOut, "Freed lock %s (%s by %s on %s, pid %d).\n", info.ID, info.Operation, info.User, info.Host, info.PID)
	return exitOK, nil
}
