package bot

// Message is a platform-neutral outbound message: short markdown text
// (**bold**, _italic_, line breaks, "- " lists; "/group add" names a command,
// which adapters show in their spelling, e.g. "/groupwork group add" on Slack)
// and blocks that each adapter renders natively and within its limits.
type Message struct {
	Text   string
	Blocks []Block
	// Key, when set, makes posting idempotent on platforms that support it
	// (Discord nonce); it is unique per intended message.
	Key string
}

// Block is one interactive or attached element of a message:
// *Buttons, *Select, *FormButton, *Image or *File.
type Block interface{ block() }

// Choice is one button or menu option. ID is the custom id the core will
// receive back in an Action (for a Select: the option value).
type Choice struct {
	ID    string
	Label string
	// Style hints: "primary", "secondary", "danger" or "" (adapter default).
	Style string
}

// Buttons is a row (or several rows) of buttons.
type Buttons struct {
	Choices []Choice
}

// Select is a menu. The Action carries the chosen Choice IDs in Values and
// CustomID in CustomID.
type Select struct {
	CustomID    string
	Placeholder string
	Choices     []Choice
	Min, Max    int // how many may be chosen; 1,1 for a single choice
}

// FormButton is a button that opens a form (a modal on Discord and Slack).
type FormButton struct {
	Label string
	Form  Form
}

// Form is a set of text fields filled in one go. Submitting it produces a
// Submit event with CustomID.
type Form struct {
	CustomID string
	Title    string
	Fields   []Field
}

// Field is one text field of a form.
type Field struct {
	ID          string
	Label       string
	Long        bool
	Required    bool
	MaxLen      int
	Placeholder string
	Value       string // prefilled value
}

// Image is a PNG attachment.
type Image struct {
	Name string
	PNG  []byte
	Alt  string
}

// File is a file attachment (CSV, JSON).
type File struct {
	Name        string
	ContentType string
	Data        []byte
}

func (*Buttons) block()    {}
func (*Select) block()     {}
func (*FormButton) block() {}
func (*Image) block()      {}
func (*File) block()       {}

// Reply is the core's answer to one event.
type Reply struct {
	// Message is sent to the invoker (Private) or into the channel.
	Message *Message
	// Private makes the message visible to the invoker only (ephemeral).
	Private bool
	// Update replaces the message the action came from, where the platform
	// allows; otherwise the adapter sends a new message.
	Update bool
	// Form opens a form for the invoker instead of sending a message.
	Form *Form
	// Silent means the event was a delivery already seen: the adapter sends
	// nothing at all, not even an acknowledgement, because the platform's
	// one response belongs to the first delivery (Discord refuses a second
	// with 40060, and a duplicate's ack that arrives first would take the
	// place of the real answer).
	Silent bool
}

// Silence is the reply to a repeated delivery: see Reply.Silent.
var Silence = Reply{Silent: true}

// Empty reports whether the reply has nothing to send; adapters then only
// acknowledge (or, for a Silent reply, send nothing).
func (r Reply) Empty() bool { return r.Message == nil && r.Form == nil }

// PrivateText is a convenience for a private text reply.
func PrivateText(text string) Reply {
	return Reply{Message: &Message{Text: text}, Private: true}
}
