package bot

import (
	"strconv"
	"strings"
)

// CustomID is the structured form of the ids the core puts on buttons, menus
// and forms: "gw:KIND:RUN:STEP:VALUE". Platforms echo them back unchanged, but
// they can be forged by a modified client, so every handler re-checks who
// may act on the run and step they name.
type CustomID struct {
	Kind  string
	Ref   int64 // a run id, or a group id for consent
	Step  string
	Value string
}

const customPrefix = "gw"

// String encodes the id. It stays well under Discord's 100-character limit
// because step ids are at most 30 characters.
func (c CustomID) String() string {
	return strings.Join([]string{customPrefix, c.Kind, strconv.FormatInt(c.Ref, 10), c.Step, c.Value}, ":")
}

// ParseCustomID decodes an id made by String.
func ParseCustomID(s string) (CustomID, error) {
	parts := strings.SplitN(s, ":", 5)
	if len(parts) != 5 || parts[0] != customPrefix || parts[1] == "" {
		return CustomID{}, Errorf(EInvalid, "That button is no longer in use.")
	}
	ref, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil || ref < 0 {
		return CustomID{}, Errorf(EInvalid, "That button is no longer in use.")
	}
	return CustomID{Kind: parts[1], Ref: ref, Step: parts[3], Value: parts[4]}, nil
}
