//go:build tools

// Package tools pins etcd: the module root of go.etcd.io/etcd/server/v3 is the
// server's main package, built from this wrapper module.
package tools

import _ "go.etcd.io/etcd/server/v3"
