package core

import "strings"

// crisisPointer closes every written question, whatever the group's footer:
// free text is where people say the most, and /crisis answers privately
// with the resources of the group's region.
const crisisPointer = "If you need help right now, type /crisis: only you will see the answer."

// textQuestionFooter returns the footer lines under a written question: the
// group's footer (as footerLine gives it, "" for none) and the pointer to
// /crisis, unless that footer already names /crisis. Setting the group's
// footer to none removes the footer elsewhere, never this pointer.
func textQuestionFooter(footer string) string {
	if strings.Contains(footer, "/crisis") {
		return footer
	}
	return footer + "\n_" + crisisPointer + "_"
}
