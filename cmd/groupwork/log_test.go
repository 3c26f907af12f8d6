package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"groupwork/adapters/discord/discordtest"
)

// TestJSONLogLinesHaveEachKeyOnce: with log format json, every line the
// running bot writes is an object with each key once. A key given twice
// (a component named by the wiring and again by the adapter) is legal JSON
// that most log tools read as one value or reject.
func TestJSONLogLinesHaveEachKeyOnce(t *testing.T) {
	const token = "Bot-token-json-log"
	fake := discordtest.New(t, token)
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "config.yaml")
	cfg := fmt.Sprintf(`database: %s
log: {level: debug, format: json}
discord:
  token: ${TEST_DISCORD_TOKEN}
  application_id: "%s"
  guild_ids: ["%s"]
  base_url: %s
`, filepath.Join(dir, "gw.db"), discordtest.AppID, discordtest.GuildID, fake.URL())
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TEST_DISCORD_TOKEN", token)

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"run", "-config", cfgPath}, strings.NewReader(""), &stdout, &stderr) }()
	if !fake.WaitReady(20 * time.Second) {
		t.Fatalf("the bot never connected to the fake gateway; log:\n%s", stderr.String())
	}
	cancel()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("run did not stop after its context ended")
	}

	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	discord := 0
	for _, l := range lines {
		dups, err := duplicateKeys(l)
		if err != nil {
			t.Errorf("not a JSON object: %v\n%s", err, l)
			continue
		}
		if len(dups) > 0 {
			t.Errorf("keys %q appear more than once in\n%s", dups, l)
		}
		if strings.Contains(l, `"component":"discord"`) {
			discord++
		}
	}
	if discord == 0 {
		t.Errorf("no line from the discord component:\n%s", stderr.String())
	}
}

// duplicateKeys returns the keys that appear more than once in one object
// of the JSON text line, at any depth.
func duplicateKeys(line string) ([]string, error) {
	dec := json.NewDecoder(strings.NewReader(line))
	var dups []string
	var value func() error
	value = func() error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return err
				}
				key := k.(string)
				if seen[key] {
					dups = append(dups, key)
				}
				seen[key] = true
				if err := value(); err != nil {
					return err
				}
			}
			_, err = dec.Token() // }
			return err
		case json.Delim('['):
			for dec.More() {
				if err := value(); err != nil {
					return err
				}
			}
			_, err = dec.Token() // ]
			return err
		}
		return nil
	}
	if err := value(); err != nil {
		return nil, err
	}
	return dups, nil
}
