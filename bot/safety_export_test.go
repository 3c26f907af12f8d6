package bot

// Allows exposes Access.allows to the external tests (role matrices).
func (a Access) Allows(m *Membership) bool { return a.allows(m) }
