// Command ttplan keeps a tastytrade account's watchlists and standing
// orders as its HCL configuration declares them. See README.md.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], newStreams(os.Stdin, os.Stdout, os.Stderr), os.Getenv, os.Environ()))
}
