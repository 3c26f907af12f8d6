package discord_test

import (
	"testing"

	"groupwork/adapters/adaptertest"
)

// TestConformance runs the shared adapter suite through the real discordgo
// client, the fake Discord and the real core.
func TestConformance(t *testing.T) {
	adaptertest.Run(t, newDriver)
}
