package reconcile

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// tagPrefix starts every external-identifier ttplan writes. The version
// digit lets a later format live beside this one.
const tagPrefix = "tt1."

// OrderTag is the external-identifier of the order declared at address in
// workspace. It is derived from the configuration alone, so an order whose
// placement answer was lost, or whose local record was deleted, is still
// recognised on the next read. It is short and plain ASCII because the API
// documents no length or character limits for the field.
//
// The tag has two parts: one names the workspace, so that ttplan can tell
// its own orders from another workspace's, and one names the address.
func OrderTag(workspace, address string) string {
	return workspaceTag(workspace) + "." + digest("address\x00"+workspace+"\x00"+address, 14)
}

// workspaceTag is the prefix shared by every order tag of a workspace.
func workspaceTag(workspace string) string {
	return tagPrefix + digest("workspace\x00"+workspace, 6)
}

// ownedBy reports whether tag was written by ttplan for workspace.
func ownedBy(tag, workspace string) bool {
	return strings.HasPrefix(tag, workspaceTag(workspace)+".")
}

// isTTPlanTag reports whether tag has the shape ttplan writes, for any
// workspace.
func isTTPlanTag(tag string) bool {
	return strings.HasPrefix(tag, tagPrefix)
}

func digest(s string, n int) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])[:n]
}

// orderIdentity is what an order's tag is derived from: its address, and
// its rearm counter when the user has raised it. Raising rearm declares a
// new order: one that filled under the old tag is never placed again,
// and the new one is.
func orderIdentity(address string, rearm int) string {
	if rearm == 0 {
		return address
	}
	return fmt.Sprintf("%s#rearm=%d", address, rearm)
}
