package discord

import (
	"github.com/bwmarrin/discordgo"

	"groupwork/bot"
)

// decode turns an interaction into the event it carries for the core: a
// slash command, a press on a button or menu, or a submitted form. It is the
// one place where Discord's wire data becomes a bot event, and it takes
// outside input, so it never panics and refuses what it cannot read with an
// EInvalid error whose message is meant for the person. It returns a nil
// event and no error for interactions the core does not handle (pings,
// autocomplete, a data block of the wrong kind).
func (a *Adapter) decode(in *discordgo.Interaction) (bot.Event, error) {
	switch in.Type {
	case discordgo.InteractionApplicationCommand:
		return commandEvent(in)
	case discordgo.InteractionMessageComponent:
		data, ok := in.Data.(discordgo.MessageComponentInteractionData)
		if !ok {
			return nil, nil
		}
		id, ok := a.longID(data.CustomID)
		if !ok {
			return nil, bot.Errorf(bot.EInvalid, "%s", expiredForm)
		}
		// A form button is delivered to the core like any press: the core
		// decides whether this person may open the form (member, consent,
		// run due) and returns it, and respondNow opens it as the first
		// response. Nothing is opened from memory: the custom id is the same
		// for everyone, so a remembered form would reach anyone who sends it.
		ev := &bot.Action{EventMeta: meta(in), CustomID: id}
		for _, v := range data.Values {
			if long, ok := a.longID(v); ok {
				ev.Values = append(ev.Values, long)
			}
		}
		if in.Message != nil {
			ev.MessageID = in.Message.ID
		}
		return ev, nil
	case discordgo.InteractionModalSubmit:
		data, ok := in.Data.(discordgo.ModalSubmitInteractionData)
		if !ok {
			return nil, nil
		}
		id, ok := a.longID(data.CustomID)
		if !ok {
			return nil, bot.Errorf(bot.EInvalid, "%s", expiredForm)
		}
		ev := &bot.Submit{EventMeta: meta(in), CustomID: id, Fields: map[string]string{}}
		for _, c := range data.Components {
			row, ok := c.(*discordgo.ActionsRow)
			if !ok {
				continue
			}
			for _, rc := range row.Components {
				if ti, ok := rc.(*discordgo.TextInput); ok {
					if fid, ok := a.longID(ti.CustomID); ok {
						ev.Fields[fid] = ti.Value
					}
				}
			}
		}
		return ev, nil
	}
	return nil, nil
}
