package main

// This file is used to declare module plugins: golangci-lint custom writes
// one blank import per plugin of .custom-gcl.yml here.

import (
	_ "github.com/tracewire/tracewire/plugin"
)
