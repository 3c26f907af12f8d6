package ops

import (
	"errors"
	"time"

	"groupwork/bot"
)

//go:generate go test -run TestTimedStoreIsCurrent -update

// TimedStore returns s with every method timed into the store-latency
// histogram (label: the method's name) and its failures counted. It
// embeds s, so a method added to bot.Store later still works, untimed,
// until store_gen.go is regenerated (a test says when).
func (m *Metrics) TimedStore(s bot.Store) bot.Store { return &timedStore{Store: s, m: m} }

type timedStore struct {
	bot.Store
	m *Metrics
}

// done records one call that started at start. Not found is an answer,
// not a failure.
func (s *timedStore) done(op string, start time.Time, err error) {
	s.m.storeOps.WithLabelValues(op).Observe(time.Since(start).Seconds())
	var e *bot.Error
	if err != nil && !(errors.As(err, &e) && e.Code == bot.ENotFound) {
		s.m.storeErrs.WithLabelValues(op).Inc()
	}
}
