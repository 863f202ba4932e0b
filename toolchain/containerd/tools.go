//go:build tools

// Package tools pins the containerd commands the test node builds: the daemon,
// its CLI (ctr, for importing images) and the runc v2 shim.
package tools

import (
	_ "github.com/containerd/containerd/v2/cmd/containerd"
	_ "github.com/containerd/containerd/v2/cmd/containerd-shim-runc-v2"
	_ "github.com/containerd/containerd/v2/cmd/ctr"
)
