package discord

// ForgetIDs empties the adapter's in-memory id store, as a restart does.
func (a *Adapter) ForgetIDs() { a.ids = newIDStore(10000) }
