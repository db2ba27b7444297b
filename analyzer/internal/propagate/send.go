package propagate

import (
	"go/types"

	"github.com/tracewire/tracewire/analyzer/internal/facts"
	"github.com/tracewire/tracewire/analyzer/internal/knowledge"
	"github.com/tracewire/tracewire/analyzer/internal/sites"
)

// A SendState is how a send site is judged.
type SendState int

const (
	// SendJudged: the message is judged by what reaches its headers
	// (SendVerdict.Missing).
	SendJudged SendState = iota
	// SendInstrumented: the send, or the tracing hooks its client is
	// built with, injects the trace context of its context argument;
	// only that argument is left to judge.
	SendInstrumented
	// SendMaybeInstrumented: the client's tracing hooks may be installed
	// where it is built, out of sight: nothing to judge.
	SendMaybeInstrumented
	// SendUnknown: the message's origin is out of sight (a call the facts
	// say nothing about, a field): nothing to judge.
	SendUnknown
)

// A SendVerdict is the judgement of one send site: the one that
// producerinject reports and the fact summary records, so that a send
// inline and the same lines in a wrapper are judged alike.
type SendVerdict struct {
	State SendState
	// Missing reports, for SendJudged, that trace context may not reach
	// the headers of the message (or of a message of the slice) sent.
	Missing bool
	Desc    *knowledge.Message
	// Aliases is the alias class of the message (or slice) variable sent;
	// nil for a message built in place.
	Aliases map[*types.Var]bool
}

// Send judges a send site. params lists the parameters whose values count
// as messages of known origin (the caller's: judged at the calls); the
// fact summary gives the function's parameters, producerinject those of
// functions nobody calls.
func (j *Judge) Send(s sites.Send, params map[*types.Var]bool) SendVerdict {
	if s.Traced {
		return SendVerdict{State: SendInstrumented}
	}
	if s.Hooked {
		switch j.ClientHooks(s.Recv) {
		case facts.HooksUnknown:
			return SendVerdict{State: SendMaybeInstrumented}
		case facts.HooksTraced:
			return SendVerdict{State: SendInstrumented}
		}
	}
	if s.Slice {
		v, ok := j.sliceVerdict(s, params)
		if !ok {
			return SendVerdict{State: SendUnknown}
		}
		return v
	}
	m, ok := j.Message(s.Msg, params)
	if !ok {
		return SendVerdict{State: SendUnknown}
	}
	return SendVerdict{Missing: !j.Injected(m, s.Node), Desc: m.Desc, Aliases: m.Aliases}
}
