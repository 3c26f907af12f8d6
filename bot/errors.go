package bot

import (
	"errors"
	"fmt"
)

// Error codes. They say what kind of failure happened, not where.
const (
	EInvalid   = "invalid"   // the request is malformed or a value is out of range
	ENotFound  = "not_found" // the thing asked for does not exist (or is not visible to the asker)
	EForbidden = "forbidden" // the asker lacks the role
	EConflict  = "conflict"  // the request clashes with existing state
	EInternal  = "internal"  // anything unexpected; details go to the log, not the user
)

// Error is groupwork's one application error. Msg is a plain sentence meant for
// the person who made the request; Err (optional) carries the cause for the log.
type Error struct {
	Code string
	Msg  string
	Err  error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Msg, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Msg)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Msg: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EInternal for
// any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the user-facing sentence for err. Uncoded errors get a
// generic sentence so that internal detail never reaches a chat.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != EInternal && e.Msg != "" {
		return e.Msg
	}
	return "Sorry, something went wrong on our side. Please try again in a moment; if it keeps happening, tell your therapist."
}
