package discord

// ForgetIDs empties the adapter's in-memory id store, as a restart does.
func (a *Adapter) ForgetIDs() { a.ids = newIDStore(10000) }

// OnHandled calls f with an interaction's id each time the adapter is done
// with one delivery of it (answered, refused or dropped). Set it before Run.
func (a *Adapter) OnHandled(f func(id string)) { a.handled = f }
