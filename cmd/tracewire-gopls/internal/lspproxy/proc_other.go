//go:build !unix

package lspproxy

import "os/exec"

// setProcessGroup: cancelling cmd kills the go command (the default).
func setProcessGroup(*exec.Cmd) {}
