//go:build unix

package main

import (
	"os"
	"strconv"
	"strings"
	"syscall"
)

// alive reports whether process pid is running (a zombie is not).
func alive(pid int) bool {
	if stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat"); err == nil {
		// pid (comm) state ...
		rest := string(stat[strings.LastIndexByte(string(stat), ')')+1:])
		return !strings.HasPrefix(strings.TrimSpace(rest), "Z")
	} else if os.IsNotExist(err) {
		return false
	}
	return syscall.Kill(pid, 0) == nil
}

func kill(pid int) error { return syscall.Kill(pid, syscall.SIGKILL) }
