package bot

import (
	"fmt"
	"strconv"
	"strings"
)

// KindCommandForm is the custom id kind of a command's form (see
// CommandSpec.Form): Step is the command's name, Value its subcommand.
const KindCommandForm = "cmdf"

// checkFormSpec panics when a spec's form breaks a platform's limits (24
// characters of title on Slack, 5 fields on Discord) or asks for what a text
// field cannot hold: a programming error every test catches.
func checkFormSpec(s *CommandSpec) {
	bad := len([]rune(s.Form)) > 24 || (s.Form != "" && len(s.Options) > 5)
	for _, o := range s.Options {
		bad = bad || (s.Form != "" && (o.Label == "" || (o.Type != OptString && o.Type != OptInt)))
	}
	if bad {
		panic("bot: the form of " + s.Path() + " needs a title of at most 24 characters and at most 5 labelled text or number options")
	}
}

// commandForm is the form of spec, its fields filled in from values.
func commandForm(spec *CommandSpec, values map[string]string) *Form {
	f := &Form{CustomID: CustomID{Kind: KindCommandForm, Step: spec.Name, Value: spec.Sub}.String(), Title: spec.Form}
	for _, o := range spec.Options {
		f.Fields = append(f.Fields, Field{ID: o.Name, Label: o.Label, Placeholder: o.Description,
			Required: o.Required, Long: o.Long, MaxLen: o.MaxLen, Value: values[o.Name]})
	}
	return f
}

// FormFor returns the form of the command "name sub", filled in from values
// by option name, for a button that opens it; nil when it has no form.
func (r *Router) FormFor(name, sub string, values map[string]string) *Form {
	if spec, ok := r.Spec(name, sub); ok && spec.Form != "" {
		return commandForm(spec, values)
	}
	return nil
}

// formCommand turns a submitted command form back into the command, typed
// as the spec says, so that it runs through the same checks as one typed
// in full. It returns nil, nil for any other submission. Text is kept as
// written; a blank field is an option not given.
func (r *Router) formCommand(s *Submit) (*Command, error) {
	id, err := ParseCustomID(s.CustomID)
	if err != nil || id.Kind != KindCommandForm {
		return nil, nil
	}
	spec, ok := r.Spec(id.Step, id.Value)
	if !ok || spec.Form == "" {
		return nil, Errorf(EInvalid, "That form is no longer in use. Type the command again.")
	}
	c := &Command{EventMeta: s.EventMeta, Name: spec.Name, Sub: spec.Sub, Options: map[string]Option{}}
	for _, o := range spec.Options {
		var v any = s.Fields[o.Name]
		if strings.TrimSpace(s.Fields[o.Name]) == "" {
			continue
		}
		if o.Type == OptInt {
			if v, err = strconv.ParseInt(strings.TrimSpace(s.Fields[o.Name]), 10, 64); err != nil {
				return nil, Errorf(EInvalid, "%s should be a whole number, like 3.", o.Label)
			}
		}
		c.Options[o.Name] = Option{Name: o.Name, Type: o.Type, Value: v}
	}
	return c, nil
}

// formValues are c's options as a form shows them.
func formValues(c *Command) map[string]string {
	vals := map[string]string{}
	for name, o := range c.Options {
		vals[name] = fmt.Sprint(o.Value)
	}
	return vals
}
