// Package slacktest is an in-repo fake Slack: one loopback HTTP server that
// speaks the parts of the Web API, Socket Mode and signed HTTP delivery that
// groupwork uses, so that the real slack-go client (slack.New with
// slack.OptionAPIURL(f.APIURL())) and its socketmode client can be tested end
// to end without a network. It enforces the platform rules that matter (the
// 3 s ack, trigger ids that live 3 s and open one view, response_url's 5 uses
// in 30 minutes, Block Kit limits, about one message per second per channel,
// tokens, membership of private channels, no broadcast mentions) and records
// every violation, so a test can assert that an adapter never made one.
// Everything is in memory behind one mutex; waiting helpers use channels with
// deadlines, never sleeps.
//
// # The world
//
//	f := slacktest.New(t)              // closed with the test
//	f.APIURL()                         // "http://127.0.0.1:N/api/": slack.OptionAPIURL
//	f.URL()                            // the server root
//	f.BotToken(), f.AppToken()         // "xoxb-…", "xapp-…" the fake accepts
//	f.SigningSecret()                  // HTTP deliveries are signed with it
//	f.SetBotToken / SetAppToken / SetSigningSecret  // rotate: the old token gets invalid_auth
//	slacktest.TeamID, OtherTeamID      // the workspace, and another one (Slack Connect outsiders)
//	slacktest.BotUserID, BotID, AppID  // the bot user, bot id and app id
//
// People: f.User("Dana") returns the *User called Dana (created on first use,
// an ordinary member of TeamID; ids "U…"). f.SetRole("Dana", RoleAdmin |
// RoleOwner | RolePrimaryOwner | RoleMember) changes their workspace role,
// which users.info reports as is_admin / is_owner / is_primary_owner.
// f.UserInTeam("Olu", OtherTeamID) makes someone of another workspace;
// f.SetDeleted deactivates someone.
//
// Channels: f.AddChannel(name, private, memberIDs...) makes a channel that
// already exists (the bot is in it only if BotUserID is listed).
// f.Channel(id) / f.ChannelByName(name) return copies (ID, Name, Private, IM,
// User, Members, Creator, Archived). f.Members(id) lists member ids.
// f.DMChannel(userID) is the IM channel the bot opened with them, or "";
// f.OpenDM(userID) opens it from the person's side (to write to the bot first).
//
// # Web API (under APIURL; bot token as Bearer header or "token" field)
//
// auth.test, chat.postMessage (a user id as channel posts in their DM),
// chat.postEphemeral (user_not_in_channel), chat.update, chat.delete (the
// bot's own messages only), conversations.create (is_private, name rules,
// name_taken), conversations.invite (already_in_channel, cant_invite_self),
// conversations.kick (not_in_channel, cant_kick_self), conversations.info,
// conversations.members and conversations.history (cursor = offset, newest
// first, oldest/latest/inclusive), conversations.open (users=U… → "D…"),
// users.info, views.open / views.push (trigger ids: invalid_trigger_id,
// expired_trigger_id, exchanged_trigger_id; push depth 3) / views.update
// (view_id or external_id; hash_conflict), files.getUploadURLExternal, its
// upload URL (POST, raw or multipart), files.completeUploadExternal, and
// apps.connections.open (app token; a bot token gets not_allowed_token_type).
// The bot must be a member of a private channel to see it at all
// (channel_not_found) and of any channel to post, invite, kick or read
// history (not_in_channel). Invalid blocks get invalid_blocks.
//
// Rate limit: chat.postMessage is limited per channel by a token bucket of
// burst messages refilled one per interval (default burst 3, 1 s); beyond it
// the fake answers HTTP 429 with Retry-After (whole seconds, at least 1), which
// slack-go returns as *slack.RateLimitedError. f.SetPostLimit(interval, burst)
// changes it; f.SetPostLimit(0, 0) removes it. f.RateLimited() counts 429s.
// f.Inject(method, Fault{Error | Status | RetryAfter, Times}) makes the next
// calls of a method fail (queued in order).
//
// # Recording
//
// Message: Channel, TS, ThreadTS, User (poster), Text, Blocks (raw JSON
// array), Ephemeral, VisibleTo (who sees an ephemeral), Via
// ("chat.postMessage", "chat.postEphemeral", "response_url", "ack",
// "files.completeUploadExternal", "user"), Deleted, Edits, Seq (bumped on every
// change), Files, Exchange (the delivery a response_url or ack message
// answers), At (when stored). m.Actions() lists its interactive elements as
// Action{BlockID, ActionID, Type, Text, Value, URL, Options, Optional};
// m.Action(id) finds one; m.AllText() is its text and every text in its blocks.
//
//	f.Messages(channelID)            // what everyone there sees (not ephemeral, not deleted), oldest first
//	f.VisibleTo(userID, channelID)   // the channel plus that user's ephemerals, by last change
//	f.Ephemerals(userID)             // every ephemeral shown to that user
//	f.DMs(userID)                    // the bot's IM with that user
//	f.AllMessages()                  // everything, ephemeral and deleted included
//	f.Message(channelID, ts)         // one message, or nil
//	f.WaitMessage(t, what, func(Message) bool) Message
//	f.Views(userID) []View           // modals opened for that user, oldest first
//	f.View(id) *View                 // View{ID, ExternalID, CallbackID, PrivateMetadata, Title, Blocks, Raw,
//	                                 // User, Hash, RootID, PreviousID, Stack, Updates, Closed, NotifyOnClose, Errors}
//	f.WaitView(t, userID, what, func(View) bool) View
//	f.Uploads() []Upload             // Upload{FileID, Filename, Title, AltText, Length, Data, Uploaded,
//	                                 // Completed, Channel, InitialComment, ThreadTS}
//	f.Requests() []Request           // every Web API call: Request{Method, Status, OK, Error, At}
//	f.Calls(method) int
//	f.Exchanges() []*Exchange        // every delivery
//	f.Violations() []string          // broken platform rules, in order (assert none)
//	f.Wait(t, timeout, what, cond)   // cond runs under the fake's lock: read state, call no methods
//
// The callbacks of WaitMessage, WaitView and Exchange.Wait run without the
// lock, on snapshots, so they may call the fake.
//
// # Sending things to the app
//
// Deliveries go over Socket Mode by default: the socketmode client calls
// apps.connections.open, dials the ws URL it returns and gets {"type":"hello"};
// the fake pings every PingInterval (slack-go drops a socket not pinged for
// 30 s). f.WaitConnected(t, n) waits for the n-th connection's hello;
// f.Connections() and f.OpenConnections() count them. A delivery made with no
// socket open waits for the next connection.
//
// After f.UseHTTP(Endpoints{Commands, Interactivity, Events}) (empty fields
// fall back to Commands) deliveries are signed HTTP POSTs instead:
// X-Slack-Request-Timestamp and X-Slack-Signature "v0=" + hex HMAC-SHA256 of
// "v0:<ts>:<body>" with the signing secret; slash commands form-encoded,
// interactivity a form with one "payload" field, events JSON. The response is
// the ack (status 200; its body is the ack payload). f.UseSocketMode()
// switches back. Each delivery returns an *Exchange at once and runs in the
// background:
//
//	f.SlashCommand(userID, channelID, "/groupwork", `group create "Tuesday group"`)
//	f.Click(userID, msg, actionID)              // block_actions on a button of msg
//	f.Select(userID, msg, actionID, value)      // block_actions choosing an option of a select of msg
//	f.ClickInView(userID, view, actionID, value) // block_actions inside an open modal ("" for a button)
//	f.Submit(userID, view, values)              // view_submission; values keyed by action_id (text, or option value);
//	                                            // a required input left empty fails the test, as Slack would not submit
//	f.CloseView(userID, view)                   // closes it; view_closed only if notify_on_close (else nil)
//	f.PostAsUser(userID, channelID, text)       // stores the message and sends a "message" event (channel_type im/group/channel)
//	f.Event(teamID, event)                      // any events_api event_callback (event_id in Exchange.EventID)
//	f.URLVerification()                         // HTTP only: the Events API challenge (Exchange.EventID)
//	f.Redeliver(ex)   // the same delivery again: same envelope id, payload, event id and trigger id;
//	                  // retry_attempt / X-Slack-Retry-Num one higher, reason "timeout" / "http_timeout"
//	f.Disconnect(reason) // {"type":"disconnect"} on every socket; slack-go closes and reconnects;
//	                     // the fake closes the old socket itself after DisconnectGrace
//	f.DropConnections()  // closes every socket abruptly
//
// Payloads carry team_id (the user's team), trigger_id (valid TriggerLife,
// 3 s, for one views.open or views.push) and response_url (5 uses in 30 min;
// its JSON {text, blocks, response_type, replace_original, delete_original} is
// recorded as a Message with Via "response_url", ephemeral to the user unless
// response_type is "in_channel"; replace/delete act on the message an action
// sits on). A slash command acked with a message payload (text/blocks,
// response_type) gets a Message with Via "ack". A view_submission ack applies
// response_action: errors (View.Errors), update, push, clear; an empty ack
// closes the view.
//
// Exchange: ID (envelope id; in HTTP mode the fake's delivery id), Kind
// (KindSlash, KindInteractive, KindEvents), Type (the command;
// block_actions, view_submission, view_closed; or the event type), UserID,
// TeamID, ChannelID, TriggerID, ResponseURL, EventID, Payload. ex.State()
// snapshots Deliveries, Acks, Acked, AckPayload, Statuses (HTTP), AckLatency
// (of the last ack, from its delivery), Followups (response_url and ack
// messages), Views (opened or pushed with its trigger id), Errors (HTTP
// transport); State.Status() is the last HTTP status. ex.Acked(t) waits for
// the latest delivery's ack, ex.Answered(t) for any HTTP answer (refusals
// too), ex.Wait(t, what, cond) for anything.
//
// For hand-made HTTP requests (forgeries, stale timestamps, oversize bodies):
// slacktest.Sign(secret, ts, body) is the "v0=…" signature, and
// f.SignedRequest(url, contentType, body, ts) builds a request signed with
// the fake's secret at ts.
package slacktest
