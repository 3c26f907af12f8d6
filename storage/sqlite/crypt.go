package sqlite

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"groupwork/exercises"
)

// Keyring holds the data keys that seal free text at rest with AES-256-GCM.
// New text is sealed with the current key; text sealed with any key of the
// ring can be opened, so that keys can rotate (see DB.RotateKey). Each
// sealed row stores the id of its key, never the key.
type Keyring struct {
	current string
	aeads   map[string]cipher.AEAD
}

// ParseKey decodes a base64 data key of 32 bytes (as in
// GROUPWORK_DATA_KEY). The error never contains the value.
func ParseKey(b64 string) ([]byte, error) {
	key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64))
	if err != nil {
		return nil, errors.New("the data key is not valid base64")
	}
	if len(key) != 32 {
		return nil, fmt.Errorf("the data key must be 32 bytes (base64 of 32 random bytes, e.g. `openssl rand -base64 32`), not %d", len(key))
	}
	return key, nil
}

// KeyID names a key without revealing it: the first 12 hex digits of a
// domain-separated SHA-256.
func KeyID(key []byte) string {
	sum := sha256.Sum256(append([]byte("groupwork data key id\x00"), key...))
	return hex.EncodeToString(sum[:6])
}

// NewKeyring returns a ring that seals with current and opens with current
// and any of old.
func NewKeyring(current []byte, old ...[]byte) (*Keyring, error) {
	k := &Keyring{aeads: map[string]cipher.AEAD{}}
	for i, key := range append([][]byte{current}, old...) {
		if len(key) != 32 {
			return nil, fmt.Errorf("data key %d: must be 32 bytes, not %d", i+1, len(key))
		}
		block, err := aes.NewCipher(key)
		if err != nil {
			return nil, fmt.Errorf("data key %d: %w", i+1, err)
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, fmt.Errorf("data key %d: %w", i+1, err)
		}
		id := KeyID(key)
		if i == 0 {
			k.current = id
		}
		k.aeads[id] = aead
	}
	return k, nil
}

// Current returns the id of the key new text is sealed with.
func (k *Keyring) Current() string { return k.current }

// seal encrypts plain, bound to aad (the row it belongs to), and returns the
// key id and nonce||ciphertext.
func (k *Keyring) seal(plain string, aad string) (string, []byte, error) {
	aead := k.aeads[k.current]
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plain)+aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return "", nil, fmt.Errorf("seal: %w", err)
	}
	return k.current, aead.Seal(nonce, nonce, []byte(plain), []byte(aad)), nil
}

// errNoKey is returned when a row is sealed but no ring (or not its key) is loaded.
var errNoKey = errors.New("text is encrypted with a data key that is not loaded (set GROUPWORK_DATA_KEY, and the old key while rotating)")

// open decrypts a sealed value. Errors never carry the content.
func (k *Keyring) open(keyID string, sealed []byte, aad string) (string, error) {
	if k == nil {
		return "", errNoKey
	}
	aead, ok := k.aeads[keyID]
	if !ok {
		return "", errNoKey
	}
	if len(sealed) < aead.NonceSize()+aead.Overhead() {
		return "", errors.New("open: sealed text is too short")
	}
	n := aead.NonceSize()
	plain, err := aead.Open(nil, sealed[:n], sealed[n:], []byte(aad))
	if err != nil {
		return "", errors.New("open: sealed text does not authenticate")
	}
	return string(plain), nil
}

// UseKeys makes the store seal new free text (answers, alert notes) with
// ring's current key and open text sealed with any of its keys. Call it
// before the store is used; nil turns sealing off (sealed rows then cannot
// be read).
func (db *DB) UseKeys(ring *Keyring) { db.keys = ring }

func answerAAD(runID int64, userID, stepID string) string {
	return fmt.Sprintf("answer\x00%d\x00%s\x00%s", runID, userID, stepID)
}

func noteAAD(alertID int64) string { return fmt.Sprintf("alert-note\x00%d", alertID) }

// sealText seals s when a ring is loaded; otherwise it returns s as bytes
// and an empty key id.
func (db *DB) sealText(s, aad string) (string, []byte, error) {
	if db.keys == nil || s == "" {
		return "", []byte(s), nil
	}
	return db.keys.seal(s, aad)
}

// openText reverses sealText.
func (db *DB) openText(keyID string, b []byte, aad string) (string, error) {
	if keyID == "" {
		return string(b), nil
	}
	return db.keys.open(keyID, b, aad)
}

// RotateKey re-seals every sealed text with the ring's current key, and seals
// text stored before encryption was turned on. It works in batches, each in
// one transaction, so it can run while the bot serves; it then truncates the
// WAL so that old ciphertext and plaintext leave the disk. It returns how
// many rows it rewrote.
func (db *DB) RotateKey(ctx context.Context) (int, error) {
	if db.keys == nil {
		return 0, errors.New("rotate key: no data key loaded")
	}
	total := 0
	for {
		n, err := db.rotateBatch(ctx, 200)
		if err != nil {
			return total, fmt.Errorf("rotate key: %w", err)
		}
		total += n
		if n == 0 {
			break
		}
	}
	return total, db.checkpoint(ctx)
}

func (db *DB) rotateBatch(ctx context.Context, limit int) (int, error) {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	cur := db.keys.Current()
	n := 0
	// Answers: sealed with another key, or with text in the clear.
	rows, err := tx.QueryContext(ctx, `SELECT run_id, user_id, step_id, value, sealed, key_id FROM answers
		WHERE key_id NOT IN ('', ?) OR (key_id = '' AND json_extract(value, '$.Text') <> '') LIMIT ?`, cur, limit)
	if err != nil {
		return 0, err
	}
	type ans struct {
		run          int64
		user, step   string
		value, seald []byte
		key          string
	}
	var as []ans
	for rows.Next() {
		var a ans
		if err := rows.Scan(&a.run, &a.user, &a.step, &a.value, &a.seald, &a.key); err != nil {
			rows.Close()
			return 0, err
		}
		as = append(as, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, a := range as {
		aad := answerAAD(a.run, a.user, a.step)
		var text string
		value := a.value
		if a.key == "" {
			var plain exercises.Answer
			if err := json.Unmarshal(a.value, &plain); err != nil {
				return 0, err
			}
			text, plain.Text = plain.Text, ""
			if value, err = json.Marshal(plain); err != nil {
				return 0, err
			}
		} else if text, err = db.keys.open(a.key, a.seald, aad); err != nil {
			return 0, err
		}
		id, sealed, err := db.keys.seal(text, aad)
		if err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE answers SET value = ?, sealed = ?, key_id = ? WHERE run_id = ? AND user_id = ? AND step_id = ?`,
			string(value), sealed, id, a.run, a.user, a.step); err != nil {
			return 0, err
		}
		n++
	}
	// Earlier versions of answers (answer_history.go).
	nv, err := db.rotateVersions(ctx, tx, cur, limit)
	if err != nil {
		return 0, err
	}
	n += nv
	// Therapists' session notes (livehour.go).
	nn, err := db.rotateSessionNotes(ctx, tx, cur, limit)
	if err != nil {
		return 0, err
	}
	n += nn
	// Alert notes.
	rows, err = tx.QueryContext(ctx, `SELECT id, note, note_key FROM alerts
		WHERE note_key NOT IN ('', ?) OR (note_key = '' AND note <> '') LIMIT ?`, cur, limit)
	if err != nil {
		return 0, err
	}
	type note struct {
		id   int64
		note []byte
		key  string
	}
	var ns []note
	for rows.Next() {
		var x note
		if err := rows.Scan(&x.id, &x.note, &x.key); err != nil {
			rows.Close()
			return 0, err
		}
		ns = append(ns, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, x := range ns {
		text, err := db.openText(x.key, x.note, noteAAD(x.id))
		if err != nil {
			return 0, err
		}
		id, sealed, err := db.keys.seal(text, noteAAD(x.id))
		if err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE alerts SET note = ?, note_key = ? WHERE id = ?`, sealed, id, x.id); err != nil {
			return 0, err
		}
		n++
	}
	return n, tx.Commit()
}

// KeyIDOf returns the key id of a base64 data key, or "" when it is not one.
func KeyIDOf(b64 string) string {
	key, err := ParseKey(b64)
	if err != nil {
		return ""
	}
	return KeyID(key)
}
