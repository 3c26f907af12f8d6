package core

import "sync"

// liveLocks serialises the live hour's read-modify-write per group: a
// member's press, a therapist's control and the scheduler's timeout can
// arrive at once (adapters handle events concurrently), and each loads the
// go-around or activity, changes it and saves it whole. Without the lock
// two of them could both move the turn on, and someone would be skipped.
// One process serves a database (the scheduler runs once per database).
type liveLocks struct{ m sync.Map } // group id → *sync.Mutex

// lockLive locks the group's live hour and returns the unlock.
func (b *Bot) lockLive(groupID int64) func() {
	v, _ := b.live.m.LoadOrStore(groupID, &sync.Mutex{})
	mu := v.(*sync.Mutex)
	mu.Lock()
	return mu.Unlock
}
