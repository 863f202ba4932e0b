//go:build tools

// Package tools pins the Kubernetes commands the test control plane and node build.
// k8s.io/kubernetes cannot be `go install`ed (its go.mod replaces the staging
// modules with local paths), so this wrapper module requires it and replaces
// every staging module with its published k8s.io/<name> v0.X.Y release.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
	_ "k8s.io/kubernetes/cmd/kubelet"
)
