package bot

import "context"

// MessageRef identifies a posted message.
type MessageRef struct {
	ChannelID string
	MessageID string
}

// Handler turns one inbound event into a reply. Adapters call it for every
// event, possibly concurrently; it must be safe for concurrent use.
type Handler interface {
	Handle(ctx context.Context, ev Event) Reply
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(ctx context.Context, ev Event) Reply

// Handle calls f.
func (f HandlerFunc) Handle(ctx context.Context, ev Event) Reply { return f(ctx, ev) }

// Adapter connects the core to one chat platform.
//
// Run blocks until ctx ends or the adapter fails for good, feeding inbound
// events to h and acknowledging them within the platform's deadline. Post
// sends a message into a channel; it is safe for concurrent use.
type Adapter interface {
	Platform() string
	Run(ctx context.Context, h Handler) error
	Post(ctx context.Context, channelID string, m Message) (MessageRef, error)
}

// DirectMessenger is implemented by adapters that can message one person
// privately. Without it, the core posts nothing private outside replies and
// tells the therapist so.
type DirectMessenger interface {
	DirectMessage(ctx context.Context, userID string, m Message) (MessageRef, error)
}

// Editor is implemented by adapters that can edit a posted message. Without
// it, the core posts a new message instead.
type Editor interface {
	Edit(ctx context.Context, ref MessageRef, m Message) error
}

// ChannelManager is implemented by adapters that can keep a group's channel
// private to its people. Without it, the therapist makes the channel private
// by hand and the core says so when the group is created.
type ChannelManager interface {
	// CreatePrivateChannel creates a channel in the place's guild/workspace
	// readable only by the bot and userIDs, and returns its id.
	CreatePrivateChannel(ctx context.Context, place Place, name string, userIDs []string) (string, error)
	// Grant lets userID read and write channelID; Revoke takes that away.
	Grant(ctx context.Context, channelID, userID string) error
	Revoke(ctx context.Context, channelID, userID string) error
	// Outsiders returns who can read channelID without being in userIDs
	// (for example roles with Administrator), as display names.
	Outsiders(ctx context.Context, channelID string, userIDs []string) ([]string, error)
}

// ChannelChecker: asked before a group adopts a channel (Slack); the core
// refuses one that is public or not joined. An error means "cannot tell".
type ChannelChecker interface {
	CheckChannel(ctx context.Context, channelID string) (private, joined bool, err error)
}

// PostFinder is implemented by adapters that can tell whether m (by its Key,
// or by its buttons and menus, whose ids name the run) was already posted: the
// scheduler asks it before posting a prompt again after a crash between the
// post and its record. Without it, the prompt is posted again with the same
// Key, which Discord drops only within its nonce window (a few minutes).
type PostFinder interface {
	FindPost(ctx context.Context, channelID string, m Message) (MessageRef, bool, error)
}

// PartsPoster is implemented by adapters that split a long message into
// several platform messages. PostParts posts m as Post does and returns the
// ref of every message it became, in order. Without it, the core takes the
// one ref Post returns for the whole message.
type PartsPoster interface {
	PostParts(ctx context.Context, channelID string, m Message) ([]MessageRef, error)
}
