package knowledge

import "go/types"

// The queries of the propagation map (tracewire map): for each client, the
// messaging system it talks to and where a send, a message or a
// subscription names its destination (topic, subject, exchange and
// routing key, queue). The data is in the clients' entries (System,
// DestSends, Message.DestField, Subscriptions) and Source.DestFields.

// System returns the messaging system of the client named client, and
// whether the table's entry names one (false for an in-house bus, whose
// system is its name, and for a name the table does not know).
func (t *Table) System(client string) (string, bool) {
	if s, ok := t.systems[client]; ok {
		return s, true
	}
	return client, false
}

// DestSend returns how the send fn names its destination, if it does.
func (t *Table) DestSend(fn *types.Func) (DestSend, bool) {
	if fn == nil {
		return DestSend{}, false
	}
	s, ok := t.dsends[fn.Origin().FullName()]
	return s, ok
}

// DestField returns the field path naming the destination of messages of
// typ (a message type or a pointer to one), or nil.
func (t *Table) DestField(typ types.Type) []string {
	k := typeKey(typ)
	if k == "" {
		return nil
	}
	return t.dmessages[k]
}

// Subscription returns the subscription fn is, if it is one.
func (t *Table) Subscription(fn *types.Func) (Subscription, bool) {
	if fn == nil {
		return Subscription{}, false
	}
	s, ok := t.subs[fn.Origin().FullName()]
	return s, ok
}

// DestFields returns the field names taken as the destination of a
// message type whose entry names none.
func (t *Table) DestFields() []string { return t.src.DestFields }

// ClientOf returns the Name of the client of t whose packages include
// path, or "".
func (t *Table) ClientOf(path string) string {
	for _, c := range t.src.Clients {
		for _, p := range c.Pkgs {
			if p == path {
				return c.Name
			}
		}
	}
	return ""
}
