package slacktest

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Block Kit limits the fake enforces (Slack's documented values).
const (
	MaxMessageBlocks  = 50
	MaxViewBlocks     = 100
	MaxSectionText    = 3000
	MaxSectionFields  = 10
	MaxFieldText      = 2000
	MaxHeaderText     = 150
	MaxButtonText     = 75
	MaxButtonValue    = 2000
	MaxActionID       = 255
	MaxBlockID        = 255
	MaxActionElements = 25
	MaxContextElems   = 10
	MaxSelectOptions  = 100
	MaxOptionText     = 75
	MaxOptionValue    = 150
	MaxInputLength    = 3000
	MaxViewTitle      = 24
	MaxPrivateMeta    = 3000
	MaxMessageText    = 40000
	MaxAckPayload     = 20 * 1024
)

// Option is a select option.
type Option struct {
	Text  string
	Value string
}

// Action is an interactive element of a message or view.
type Action struct {
	BlockID  string
	ActionID string
	Type     string // "button", "static_select", "plain_text_input", …
	Text     string // a button's label, or an input's block label
	Value    string
	URL      string
	Options  []Option
	Optional bool // for input blocks
}

type obj = map[string]any

func str(m obj, k string) string {
	s, _ := m[k].(string)
	return s
}

func textOf(v any) string {
	if m, ok := v.(obj); ok {
		return str(m, "text")
	}
	return ""
}

func decodeBlocks(raw json.RawMessage) []obj {
	var bs []obj
	_ = json.Unmarshal(raw, &bs)
	return bs
}

func options(el obj) []Option {
	var out []Option
	add := func(list any) {
		arr, _ := list.([]any)
		for _, o := range arr {
			om, _ := o.(obj)
			out = append(out, Option{Text: textOf(om["text"]), Value: str(om, "value")})
		}
	}
	add(el["options"])
	if groups, ok := el["option_groups"].([]any); ok {
		for _, g := range groups {
			gm, _ := g.(obj)
			add(gm["options"])
		}
	}
	return out
}

func elementAction(blockID string, el obj) Action {
	return Action{BlockID: blockID, ActionID: str(el, "action_id"), Type: str(el, "type"), Text: textOf(el["text"]),
		Value: str(el, "value"), URL: str(el, "url"), Options: options(el)}
}

// actionsIn lists the interactive elements of a blocks array.
func actionsIn(raw json.RawMessage) []Action {
	var out []Action
	for _, b := range decodeBlocks(raw) {
		id := str(b, "block_id")
		switch str(b, "type") {
		case "actions":
			els, _ := b["elements"].([]any)
			for _, e := range els {
				if em, ok := e.(obj); ok {
					out = append(out, elementAction(id, em))
				}
			}
		case "section":
			if em, ok := b["accessory"].(obj); ok && str(em, "action_id") != "" {
				out = append(out, elementAction(id, em))
			}
		case "input":
			if em, ok := b["element"].(obj); ok {
				a := elementAction(id, em)
				a.Text = textOf(b["label"])
				a.Optional, _ = b["optional"].(bool)
				out = append(out, a)
			}
		}
	}
	return out
}

// textsIn collects every text string in a blocks array.
func textsIn(v any, out *[]string) {
	switch x := v.(type) {
	case obj:
		for k, val := range x {
			if s, ok := val.(string); ok && k == "text" {
				*out = append(*out, s)
				continue
			}
			textsIn(val, out)
		}
	case []any:
		for _, e := range x {
			textsIn(e, out)
		}
	}
}

// Actions lists the message's interactive elements.
func (m Message) Actions() []Action { return actionsIn(m.Blocks) }

// Action returns the element with actionID, and whether there is one.
func (m Message) Action(actionID string) (Action, bool) { return findAction(m.Blocks, actionID) }

// AllText is the message's text followed by every text in its blocks,
// joined by newlines.
func (m Message) AllText() string { return allText(m.Text, m.Blocks) }

// Actions lists the view's interactive elements, inputs included.
func (v View) Actions() []Action { return actionsIn(v.Blocks) }

// Action returns the element with actionID, and whether there is one.
func (v View) Action(actionID string) (Action, bool) { return findAction(v.Blocks, actionID) }

// AllText is the view's title and every text in its blocks.
func (v View) AllText() string { return allText(v.Title, v.Blocks) }

func findAction(raw json.RawMessage, id string) (Action, bool) {
	for _, a := range actionsIn(raw) {
		if a.ActionID == id {
			return a, true
		}
	}
	return Action{}, false
}

func allText(first string, raw json.RawMessage) string {
	parts := []string{first}
	var v any
	_ = json.Unmarshal(raw, &v)
	textsIn(v, &parts)
	return strings.Join(parts, "\n")
}

// validateBlocks checks a blocks array against Block Kit's limits; it
// returns "" or the reason it is invalid. inView allows input blocks.
func validateBlocks(raw json.RawMessage, inView bool) string {
	if len(raw) == 0 {
		return ""
	}
	var bs []obj
	if err := json.Unmarshal(raw, &bs); err != nil {
		return "blocks is not a JSON array of objects"
	}
	max := MaxMessageBlocks
	if inView {
		max = MaxViewBlocks
	}
	if len(bs) > max {
		return fmt.Sprintf("%d blocks, more than %d", len(bs), max)
	}
	blockIDs := map[string]bool{}
	actionIDs := map[string]bool{}
	for i, b := range bs {
		where := fmt.Sprintf("block %d", i)
		if id := str(b, "block_id"); id != "" {
			if blockIDs[id] {
				return where + ": duplicate block_id " + id
			}
			if len(id) > MaxBlockID {
				return where + ": block_id too long"
			}
			blockIDs[id] = true
		}
		checkEl := func(el obj) string {
			if id := str(el, "action_id"); id != "" {
				if actionIDs[id] {
					return where + ": duplicate action_id " + id
				}
				if len(id) > MaxActionID {
					return where + ": action_id too long"
				}
				actionIDs[id] = true
			}
			return validateElement(where, el)
		}
		switch str(b, "type") {
		case "section":
			t, hasText := b["text"].(obj)
			fields, _ := b["fields"].([]any)
			if !hasText && len(fields) == 0 {
				return where + ": section needs text or fields"
			}
			if hasText {
				if s := str(t, "text"); s == "" || utf8.RuneCountInString(s) > MaxSectionText {
					return fmt.Sprintf("%s: section text empty or over %d characters", where, MaxSectionText)
				}
			}
			if len(fields) > MaxSectionFields {
				return where + ": more than 10 fields"
			}
			for _, fl := range fields {
				if utf8.RuneCountInString(textOf(fl)) > MaxFieldText {
					return where + ": field text too long"
				}
			}
			if acc, ok := b["accessory"].(obj); ok {
				if r := checkEl(acc); r != "" {
					return r
				}
			}
		case "header":
			if s := textOf(b["text"]); s == "" || utf8.RuneCountInString(s) > MaxHeaderText {
				return where + ": header text empty or too long"
			}
			if t, _ := b["text"].(obj); str(t, "type") != "plain_text" {
				return where + ": header text must be plain_text"
			}
		case "actions":
			els, _ := b["elements"].([]any)
			if len(els) == 0 || len(els) > MaxActionElements {
				return where + ": actions needs 1–25 elements"
			}
			for _, e := range els {
				em, _ := e.(obj)
				if r := checkEl(em); r != "" {
					return r
				}
			}
		case "context":
			els, _ := b["elements"].([]any)
			if len(els) == 0 || len(els) > MaxContextElems {
				return where + ": context needs 1–10 elements"
			}
		case "input":
			if !inView {
				return where + ": input blocks belong in views"
			}
			if s := textOf(b["label"]); s == "" || utf8.RuneCountInString(s) > 2000 {
				return where + ": input label empty or too long"
			}
			el, ok := b["element"].(obj)
			if !ok {
				return where + ": input without element"
			}
			if r := checkEl(el); r != "" {
				return r
			}
		case "divider", "image", "rich_text", "file", "video":
		default:
			return where + ": unknown block type " + str(b, "type")
		}
	}
	return ""
}

func validateElement(where string, el obj) string {
	switch str(el, "type") {
	case "button":
		t := textOf(el["text"])
		if t == "" || utf8.RuneCountInString(t) > MaxButtonText {
			return fmt.Sprintf("%s: button text empty or over %d characters", where, MaxButtonText)
		}
		if len(str(el, "value")) > MaxButtonValue {
			return where + ": button value too long"
		}
		if s := str(el, "style"); s != "" && s != "primary" && s != "danger" {
			return where + ": button style " + s
		}
	case "static_select", "radio_buttons", "checkboxes", "overflow":
		opts := options(el)
		if len(opts) == 0 || len(opts) > MaxSelectOptions {
			return fmt.Sprintf("%s: %s needs 1–%d options", where, str(el, "type"), MaxSelectOptions)
		}
		seen := map[string]bool{}
		for _, o := range opts {
			if o.Text == "" || utf8.RuneCountInString(o.Text) > MaxOptionText || len(o.Value) > MaxOptionValue {
				return where + ": option text or value too long or empty"
			}
			if seen[o.Value] {
				return where + ": duplicate option value " + o.Value
			}
			seen[o.Value] = true
		}
	case "plain_text_input":
		if ml, ok := el["max_length"].(float64); ok && (ml < 1 || ml > MaxInputLength) {
			return where + ": max_length out of range"
		}
	case "users_select", "conversations_select", "channels_select", "datepicker", "timepicker",
		"multi_static_select", "multi_users_select", "image", "plain_text", "mrkdwn", "number_input":
	default:
		return where + ": unknown element type " + str(el, "type")
	}
	return ""
}

// validateView checks a modal; it returns "" or the reason it is invalid.
func validateView(raw json.RawMessage) (obj, string) {
	var v obj
	if err := json.Unmarshal(raw, &v); err != nil || v == nil {
		return nil, "view is not a JSON object"
	}
	if str(v, "type") != "modal" {
		return v, "view type must be modal"
	}
	title := textOf(v["title"])
	if title == "" || utf8.RuneCountInString(title) > MaxViewTitle {
		return v, fmt.Sprintf("view title empty or over %d characters", MaxViewTitle)
	}
	for _, k := range []string{"submit", "close"} {
		if t := textOf(v[k]); utf8.RuneCountInString(t) > MaxViewTitle {
			return v, k + " text too long"
		}
	}
	if len(str(v, "private_metadata")) > MaxPrivateMeta {
		return v, "private_metadata over 3000 characters"
	}
	blocks, _ := json.Marshal(v["blocks"])
	if v["blocks"] == nil {
		return v, "view without blocks"
	}
	if r := validateBlocks(blocks, true); r != "" {
		return v, r
	}
	hasInput := false
	for _, b := range decodeBlocks(blocks) {
		if str(b, "type") == "input" {
			hasInput = true
		}
	}
	if hasInput && textOf(v["submit"]) == "" {
		return v, "a view with inputs needs a submit button"
	}
	return v, ""
}
