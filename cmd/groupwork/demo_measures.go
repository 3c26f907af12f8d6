package main

import "groupwork/bot"

// The demo's questionnaire: the PHQ-9, scheduled every two weeks (the
// rhythm measurement-based care uses for it). Ana's second result is a
// reliable improvement; Cleo's answer to item 9 in the second one raises a
// safety alert on the usual path.

// phqLabels are the PHQ-9's answers, by score.
var phqLabels = []string{"Not at all", "Several days", "More than half the days", "Nearly every day"}

// phq answers the PHQ-9 from its Start button: item i gets scores[i].
// When item 9 raises the alert screen, the member asks to be contacted and
// then finishes the questionnaire.
func (d *demo) phq(who string, scores [9]int) {
	d.press(who, "Start")
	for i, s := range scores {
		d.press(who, phqLabels[s])
		if i == 8 && s > 0 {
			d.press(who, "Please contact me")
			d.press(who, "Continue")
		}
	}
	d.press(who, "Not difficult at all")
}

// phqFirst is the first PHQ-9, Friday 6 November at 11:30 (open 3 days).
func (d *demo) phqFirst() {
	d.say("The PHQ-9 posted itself at 11:30 (every two weeks). Answers go to Tess only; the group sees nothing, not even totals.")
	d.run()
	d.phq(ana, [9]int{2, 2, 2, 2, 1, 2, 2, 1, 0})  // 14, moderate
	d.phq(ben, [9]int{1, 1, 1, 1, 1, 1, 1, 1, 0})  // 8, mild
	d.phq(cleo, [9]int{1, 2, 1, 1, 1, 1, 2, 1, 0}) // 10, moderate
	d.expect(bot.StatusAnswered, ana, ben, cleo)
	d.expect(bot.StatusMissed, dev, eli) // the run closes on Monday
	d.expect(bot.StatusNoConsent, fay)   // she accepts the notice only on the 9th
	d.expect(bot.StatusNotDue, gus)      // he joins on the 9th
}

// phqSecond is the second PHQ-9, Friday 20 November at 11:30.
func (d *demo) phqSecond() {
	d.say("The second PHQ-9, two weeks on. Ana's total falls from 14 to 7: more than the 6 points of reliable change, so Tess's review marks it a reliable improvement.")
	d.run()
	d.phq(ana, [9]int{1, 1, 1, 1, 0, 1, 1, 1, 0}) // 7, mild: -7
	d.phq(ben, [9]int{1, 1, 1, 1, 1, 1, 1, 1, 0})
	d.say("Cleo answers \"Several days\" to item 9: her next screen, private, shows where to get help; Tess gets an alert that does not say what she answered.")
	d.phq(cleo, [9]int{1, 2, 1, 1, 1, 1, 2, 1, 1})
	d.phq(fay, [9]int{2, 1, 1, 1, 1, 2, 1, 1, 0})
	d.phq(gus, [9]int{1, 1, 0, 1, 0, 1, 1, 0, 0})
	d.do(therapist, "/alerts list")
	d.do(therapist, `/alerts ack 2 "Called Cleo the same day: passive thoughts, no plan; safety plan reviewed."`)
	d.expect(bot.StatusAnswered, ana, ben, cleo, fay, gus)
	d.expect(bot.StatusPending, dev, eli) // still open when the demo ends
}
