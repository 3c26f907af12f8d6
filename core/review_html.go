package core

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html/template"
	"strings"

	"groupwork/bot"
)

// HTML renders the report as one self-contained page: styles inline, the
// charts embedded as data: URIs, and print CSS so that it prints cleanly on
// A4 or Letter. It is for the therapist's desk, so it holds names and
// clinical details: treat the file as a clinical record.
func (rp *Report) HTML() ([]byte, error) {
	type img struct {
		Alt string
		Src template.URL
	}
	type member struct {
		Name                                           string
		Due, Ans, Part, Late, Exc, Miss, NotDue, NoCon int
		OnTime, LateRate, Sessions, Last, Minutes      string
		Present, LateS, Early, Absent, ExcusedS        int
		Alerts                                         int
	}
	loc := rp.Group.Location()
	data := struct {
		Title, Period, Generated, TimeZone string
		Legend                             string
		Runs, SessionCount                 int
		Members                            []member
		Total                              member
		Charts                             []img
		Scales                             []string
		Measures                           []string // questionnaires (measures.go)
		Alerts                             []string
		Engagement                         []string
		Training                           []string // review_levels.go
		Sessions                           []string
	}{
		Title: rp.Group.Name, Period: rp.periodWords(), TimeZone: rp.Group.TimeZone, Legend: countsLegend,
		Generated: rp.GeneratedAt.In(loc).Format("Mon 2 Jan 2006 15:04"), Runs: len(rp.Runs), SessionCount: len(rp.Sessions),
	}
	open := rp.OpenAlerts()
	row := func(name string, c Counts, a MemberAttendance, last string, alerts int) member {
		return member{Name: name, Due: c.Due(), Ans: c[bot.StatusAnswered], Part: c[bot.StatusPartial], Late: c[bot.StatusLate], Exc: c[bot.StatusExcused],
			Miss: c[bot.StatusMissed], NotDue: c[bot.StatusNotDue], NoCon: c[bot.StatusNoConsent], OnTime: rateText(c.OnTimeRate()), LateRate: rateText(c.LateRate()),
			Sessions: sessionCell(a), Last: last,
			Present: a.Counts[bot.AttendPresent], LateS: a.Counts[bot.AttendLate], Early: a.Counts[bot.AttendLeftEarly], Absent: a.Counts[bot.AttendAbsent],
			ExcusedS: a.Counts[bot.AttendExcused], Minutes: a.minutesCell(), Alerts: alerts}
	}
	for _, m := range rp.Members {
		last := "—"
		if !m.LastActivity.IsZero() {
			last = m.LastActivity.In(loc).Format("2 Jan 2006")
		}
		data.Members = append(data.Members, row(m.Name, m.Counts, rp.AttendanceOf(m.UserID), last, open[m.UserID]))
	}
	nOpen := 0
	for _, n := range open {
		nOpen += n
	}
	data.Total = row("Group", rp.Totals, rp.AttendanceTotals(), "", nOpen)
	for _, c := range rp.Charts() {
		data.Charts = append(data.Charts, img{Alt: c.Alt, Src: template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(c.PNG))})
	}
	data.Measures = rp.measureLines()
	for _, s := range rp.Scales {
		data.Scales = append(data.Scales, fmt.Sprintf("%s — %s: %s", s.Question, rp.Name(s.UserID), s.Summary()))
	}
	for _, a := range rp.Alerts {
		line := fmt.Sprintf("%s · %s · %s", rp.Group.FormatTimeFrom(a.RaisedAt, rp.GeneratedAt), rp.Name(a.UserID), a.What)
		if a.AckedAt != nil {
			line += fmt.Sprintf(" · acknowledged by %s, %s", rp.Name(a.AckedBy), rp.Group.FormatTimeFrom(*a.AckedAt, rp.GeneratedAt))
			if a.AckNote != "" {
				line += " (" + a.AckNote + ")"
			}
		} else {
			line += " · OPEN"
		}
		data.Alerts = append(data.Alerts, line)
	}
	data.Training = rp.trainingLines()
	for _, e := range rp.Engagement {
		data.Engagement = append(data.Engagement, fmt.Sprintf("%s (%s): %d %s, %d due, %d answered on time, %d late, %d partial; %s", e.Title, e.ExerciseID, e.Runs, pluralWord(e.Runs, "run", "runs"), e.Counts.Due(), e.Counts[bot.StatusAnswered], e.Counts[bot.StatusLate], e.Counts[bot.StatusPartial], e.Counts.RatesText()))
	}
	for _, sa := range rp.Sessions {
		data.Sessions = append(data.Sessions, strings.ReplaceAll(sa.Text(rp.Group, rp.Memberships, rp.GeneratedAt), "**", ""))
	}
	var buf bytes.Buffer
	if err := reportPage.Execute(&buf, data); err != nil {
		return nil, fmt.Errorf("render report: %w", err)
	}
	return buf.Bytes(), nil
}

var reportPage = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Review of {{.Title}} · {{.Period}}</title>
<style>
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; margin: 2em auto; max-width: 60em; padding: 0 1em; }
h1 { font-size: 1.5em; margin-bottom: .2em; } h2 { font-size: 1.15em; margin-top: 1.6em; border-bottom: 1px solid #ccc; }
.meta { color: #555; } .confidential { font-weight: 600; color: #8a3a00; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; table-layout: fixed; margin: .4em 0 .8em; }
th, td { border: 1px solid #ccc; padding: .25em .4em; text-align: right; overflow-wrap: anywhere; } th:first-child, td:first-child { text-align: left; width: 22%; }
thead th { background: #f2f2f2; font-weight: 600; hyphens: auto; } tfoot td { font-weight: 600; background: #fafafa; }
caption { text-align: left; font-weight: 600; padding: .2em 0; }
img { max-width: 100%; height: auto; border: 1px solid #ddd; margin: .5em 0; }
pre { white-space: pre-wrap; font: inherit; margin: .3em 0 1em; }
ul { padding-left: 1.2em; }
/* Printed on A4 portrait: 210 mm less the margins leaves 186 mm, which
   holds the widest table (11 columns) at 9 pt. The header row repeats on
   every page and no row is split across pages. */
@page { size: A4 portrait; margin: 14mm 12mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  table { font-size: 9pt; }
  th, td { padding: .15em .3em; }
  thead { display: table-header-group; } tfoot { display: table-footer-group; }
  tr, img, pre, li { break-inside: avoid; }
  h2 { break-after: avoid; }
  img { border: none; width: 100%; }
  a { color: inherit; text-decoration: none; }
}
</style>
</head>
<body>
<h1>Review of {{.Title}}</h1>
<p class="meta">{{.Period}} · {{.Runs}} exercise runs · {{.SessionCount}} live sessions · generated {{.Generated}} ({{.TimeZone}})</p>
<p class="confidential">Confidential clinical record. Do not forward.</p>

<h2>Participation and attendance</h2>
<table class="exercises">
<caption>Exercises between sessions</caption>
<thead><tr><th>Member</th><th>Due</th><th>On time</th><th>Late</th><th>Partial</th><th>Missed</th><th>Excused</th><th>Not due</th><th>No consent</th><th>On time %</th><th>Late %</th></tr></thead>
<tbody>
{{range .Members}}<tr><td>{{.Name}}</td><td>{{.Due}}</td><td>{{.Ans}}</td><td>{{.Late}}</td><td>{{.Part}}</td><td>{{.Miss}}</td><td>{{.Exc}}</td><td>{{.NotDue}}</td><td>{{.NoCon}}</td><td>{{.OnTime}}</td><td>{{.LateRate}}</td></tr>
{{end}}</tbody>
{{with .Total}}<tfoot><tr><td>{{.Name}}</td><td>{{.Due}}</td><td>{{.Ans}}</td><td>{{.Late}}</td><td>{{.Part}}</td><td>{{.Miss}}</td><td>{{.Exc}}</td><td>{{.NotDue}}</td><td>{{.NoCon}}</td><td>{{.OnTime}}</td><td>{{.LateRate}}</td></tr></tfoot>{{end}}
</table>
<table class="sessions">
<caption>Live sessions and alerts</caption>
<thead><tr><th>Member</th><th>Sessions</th><th>Present</th><th>Late</th><th>Left early</th><th>Absent</th><th>Excused</th><th>Minutes</th><th>Open alerts</th><th>Last activity</th></tr></thead>
<tbody>
{{range .Members}}<tr><td>{{.Name}}</td><td>{{.Sessions}}</td><td>{{.Present}}</td><td>{{.LateS}}</td><td>{{.Early}}</td><td>{{.Absent}}</td><td>{{.ExcusedS}}</td><td>{{.Minutes}}</td><td>{{.Alerts}}</td><td>{{.Last}}</td></tr>
{{end}}</tbody>
{{with .Total}}<tfoot><tr><td>{{.Name}}</td><td>{{.Sessions}}</td><td>{{.Present}}</td><td>{{.LateS}}</td><td>{{.Early}}</td><td>{{.Absent}}</td><td>{{.ExcusedS}}</td><td>{{.Minutes}}</td><td>{{.Alerts}}</td><td></td></tr></tfoot>{{end}}
</table>
<p class="meta">{{.Legend}} Sessions: attended over expected (excused ones are not expected). Minutes: time in the voice channel, for sessions timed by voice presence only (— when none was).</p>

{{if .Charts}}<h2>Charts</h2>
{{range .Charts}}<img src="{{.Src}}" alt="{{.Alt}}" width="1000">
{{end}}{{end}}

<h2>Scales</h2>
{{if .Scales}}<ul>{{range .Scales}}<li>{{.}}</li>{{end}}</ul>{{else}}<p>No scale answers in this period.</p>{{end}}

{{if .Measures}}<h2>Questionnaires</h2>
<ul>{{range .Measures}}<li>{{.}}</li>{{end}}</ul>{{end}}

<h2>Safety alerts</h2>
{{if .Alerts}}<ul>{{range .Alerts}}<li>{{.}}</li>{{end}}</ul>{{else}}<p>None in this period.</p>{{end}}

<h2>Live sessions</h2>
{{if .Sessions}}{{range .Sessions}}<pre>{{.}}</pre>{{end}}{{else}}<p>No live sessions in this period.</p>{{end}}

{{if .Training}}<h2>Cognitive training</h2>
<ul>{{range .Training}}<li>{{.}}</li>{{end}}</ul>{{end}}
<h2>Exercises</h2>
{{if .Engagement}}<ul>{{range .Engagement}}<li>{{.}}</li>{{end}}</ul>{{else}}<p>No exercises in this period.</p>{{end}}
</body>
</html>
`))
