package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"groupwork/bot"
	"groupwork/config"
	"groupwork/core"
	"groupwork/storage/sqlite"
)

// crisisRegions converts the configured crisis resources for the core.
func crisisRegions(cfg *config.Config) []core.CrisisRegion {
	var out []core.CrisisRegion
	for _, rg := range cfg.Crisis {
		r := core.CrisisRegion{Code: rg.Code, Name: rg.Name, Emergency: rg.Emergency}
		if rg.Emergency != "" {
			r.EmergencySource = "configuration"
		}
		for _, c := range rg.Resources {
			r.Resources = append(r.Resources, core.CrisisResource{Name: c.Name, Contact: c.Contact, How: c.How})
		}
		out = append(out, r)
	}
	return out
}

// useDataKeys makes store seal free text with the configured data key (and
// read text sealed with the old keys). Without data_key it does nothing.
func useDataKeys(store *sqlite.DB, cfg *config.Config) error {
	if cfg.DataKey == "" {
		if len(cfg.OldDataKeys) > 0 {
			return errors.New("old_data_keys is set but data_key is not: set data_key to the new key")
		}
		return nil
	}
	cur, err := sqlite.ParseKey(cfg.DataKey)
	if err != nil {
		return fmt.Errorf("data_key: %w", err)
	}
	var old [][]byte
	for i, s := range cfg.OldDataKeys {
		k, err := sqlite.ParseKey(s)
		if err != nil {
			return fmt.Errorf("old_data_keys entry %d: %w", i+1, err)
		}
		old = append(old, k)
	}
	ring, err := sqlite.NewKeyring(cur, old...)
	if err != nil {
		return err
	}
	store.UseKeys(ring)
	return nil
}

// openConfigured loads the configuration at path and opens its database
// with its data keys.
func openConfigured(ctx context.Context, name string, args []string, stderr io.Writer) (*config.Config, *sqlite.DB, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfgPath := fs.String("config", "", "the configuration file (see config.example.yaml)")
	if err := fs.Parse(args); err != nil {
		return nil, nil, err
	}
	if *cfgPath == "" {
		return nil, nil, usageError{name + " needs -config FILE (see config.example.yaml)"}
	}
	cfg, err := config.Load(*cfgPath)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return nil, nil, problemsFound{1}
	}
	store, err := sqlite.Open(ctx, cfg.Database)
	if err != nil {
		return nil, nil, fmt.Errorf("open database: %w", err)
	}
	if err := useDataKeys(store, cfg); err != nil {
		store.Close()
		return nil, nil, err
	}
	return cfg, store, nil
}

// cmdPurge deletes answers and participation detail older than each group's
// retention period, as the running bot does daily.
func cmdPurge(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, store, err := openConfigured(ctx, "purge", args, stderr)
	if err != nil {
		return err
	}
	defer store.Close()
	lib, err := loadLibrary(cfg.ExercisesDir)
	if err != nil {
		return err
	}
	b, err := core.New(botConfig(cfg, store, lib, nil, newLogger(cfg.Log, stderr)))
	if err != nil {
		return err
	}
	if err := b.Purge(ctx); err != nil {
		return fmt.Errorf("purge: %w", err)
	}
	// Purge logs a deferred truncation and leaves it to the bot's loop;
	// this one-shot command must not claim a truncation it did not make.
	if err := store.Checkpoint(ctx); errors.Is(err, bot.ErrNotTruncated) {
		return errors.New("purge: the data is deleted, but another program is reading the database, so deleted text is still in its write-ahead log (the -wal file). The running bot retries every few minutes; or run groupwork purge again once that program is done")
	} else if err != nil {
		return fmt.Errorf("purge: %w", err)
	}
	fmt.Fprintln(stdout, "Purge done: data older than each group's retention period is deleted, and the write-ahead log is truncated.")
	return nil
}

// cmdRotateKey re-encrypts every sealed text with data_key; old_data_keys
// must list the keys in use before.
func cmdRotateKey(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, store, err := openConfigured(ctx, "rotate-key", args, stderr)
	if err != nil {
		return err
	}
	defer store.Close()
	if cfg.DataKey == "" {
		return errors.New("rotate-key needs data_key: ${GROUPWORK_DATA_KEY} in the configuration (the new key), and old_data_keys listing the previous ones")
	}
	n, err := store.RotateKey(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Re-encrypted %d text(s) with the key %s. You can now remove old_data_keys from the configuration.\n", n, sqlite.KeyIDOf(cfg.DataKey))
	return nil
}
