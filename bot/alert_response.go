package bot

import (
	"context"
	"time"
)

// AlertResponseStore keeps what a member answered on the screen shown after
// one of their answers raised a safety alert.
type AlertResponseStore interface {
	// AddAlertResponse records the member's response to an alert at at.
	// ENotFound if the alert does not exist. Earlier responses are kept.
	AddAlertResponse(ctx context.Context, alertID int64, response AlertResponse, at time.Time) error
	// AlertResponses returns, for each of the group's alerts that has any,
	// the latest response and when it was given.
	AlertResponses(ctx context.Context, groupID int64) (map[int64]AlertResponseRecord, error)
}

// AlertResponse is what a member chose on the screen after an alert.
type AlertResponse string

// The two choices a member has after an alert.
const (
	ResponseContact AlertResponse = "contact" // "Please contact me"
	ResponseOK      AlertResponse = "ok"      // "I'm OK for now"
)

// AlertResponseRecord is one recorded response.
type AlertResponseRecord struct {
	AlertID  int64
	Response AlertResponse
	At       time.Time
}

// Words returns the response as therapists read it.
func (r AlertResponse) Words() string {
	switch r {
	case ResponseContact:
		return "asked to be contacted"
	case ResponseOK:
		return "said they are OK for now"
	}
	return "gave no answer"
}
