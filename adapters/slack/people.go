package slack

import (
	"context"
	"sync"
	"time"

	"groupwork/bot"
)

// person is what users.info says about someone, as groupwork uses it.
type person struct {
	name  string
	admin bool // workspace admin or owner: informational only
	at    time.Time
}

// people caches users.info for ten minutes, bounded: Slack's payloads carry
// only the lower-case username, and the core shows display names.
type people struct {
	mu sync.Mutex
	m  map[string]person
}

const (
	peopleTTL = 10 * time.Minute
	peopleMax = 10000
)

func (a *Adapter) person(ctx context.Context, id string) (person, bool) {
	a.people.mu.Lock()
	p, ok := a.people.m[id]
	a.people.mu.Unlock()
	if ok && time.Since(p.at) < peopleTTL {
		return p, true
	}
	u, err := a.api.GetUserInfoContext(ctx, id)
	if err != nil {
		a.log.Debug("users.info failed; using the name from the payload", "user", id, "err", redact(err))
		return person{}, false
	}
	p = person{name: orDefault(u.Profile.DisplayName, orDefault(u.RealName, orDefault(u.Profile.RealName, u.Name))),
		admin: u.IsAdmin || u.IsOwner || u.IsPrimaryOwner, at: time.Now()}
	a.people.mu.Lock()
	if len(a.people.m) >= peopleMax {
		a.people.m = map[string]person{}
	}
	a.people.m[id] = p
	a.people.mu.Unlock()
	return p, true
}

// enrich gives the event the display names of the person acting and of
// the people named in a command's options, and marks workspace admins and
// owners (which grants nothing: the core decides by its own roles).
func (a *Adapter) enrich(ctx context.Context, ev bot.Event) {
	m := ev.Meta()
	if p, ok := a.person(ctx, m.User.ID); ok {
		m.User.Name, m.User.PlatformAdmin = p.name, p.admin
	}
	cmd, ok := ev.(*bot.Command)
	if !ok {
		return
	}
	for id := range cmd.Names {
		if p, ok := a.person(ctx, id); ok {
			cmd.Names[id] = p.name
		}
	}
}
