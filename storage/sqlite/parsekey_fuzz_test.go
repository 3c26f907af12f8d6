package sqlite

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"
)

// FuzzParseKey: GROUPWORK_DATA_KEY comes from the environment. Parsing never
// panics; an accepted key is 32 bytes that encode back to a key that parses
// to the same bytes and builds a keyring; a refusal never repeats the value
// (it may be a real key with one character wrong). Any 32 bytes, encoded as
// base64 with or without surrounding space, are accepted as themselves.
func FuzzParseKey(f *testing.F) {
	for _, s := range []string{
		base64.StdEncoding.EncodeToString(testKey(1)),
		" " + base64.StdEncoding.EncodeToString(testKey(2)) + "\n",
		base64.RawStdEncoding.EncodeToString(testKey(3)),
		base64.URLEncoding.EncodeToString(bytes.Repeat([]byte{0xfb}, 32)),
		base64.StdEncoding.EncodeToString(testKey(4)[:31]),
		"", "=", "not base64!", strings.Repeat("A", 44),
	} {
		f.Add(s, testKey(5))
	}
	f.Fuzz(func(t *testing.T, s string, raw []byte) {
		key, err := ParseKey(s)
		if err != nil {
			if v := strings.TrimSpace(s); len(v) >= 8 && strings.Contains(err.Error(), v) {
				t.Fatalf("the error repeats the value: %v", err)
			}
		} else {
			if len(key) != 32 {
				t.Fatalf("accepted a key of %d bytes", len(key))
			}
			again, err := ParseKey(base64.StdEncoding.EncodeToString(key))
			if err != nil || !bytes.Equal(again, key) {
				t.Fatalf("the key does not survive encoding: %v", err)
			}
			if _, err := NewKeyring(key); err != nil {
				t.Fatalf("accepted key makes no keyring: %v", err)
			}
		}
		enc := base64.StdEncoding.EncodeToString(raw)
		key, err = ParseKey(" " + enc + "\n")
		if (err == nil) != (len(raw) == 32) || (err == nil && !bytes.Equal(key, raw)) {
			t.Fatalf("%d bytes encoded: got %x, %v", len(raw), key, err)
		}
	})
}
