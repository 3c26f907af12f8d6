package exercises

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"sync"
)

// Library is a set of exercise definitions keyed by id. The zero value is an
// empty library ready to use. It is safe for concurrent use.
type Library struct {
	mu   sync.RWMutex
	byID map[string]*Definition
}

// NewLibrary returns a library holding defs. Two definitions with the same id
// are an error.
func NewLibrary(defs ...*Definition) (*Library, error) {
	l := &Library{}
	for _, d := range defs {
		if err := l.Add(d); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// Get returns the definition with the given id.
func (l *Library) Get(id string) (*Definition, bool) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	d, ok := l.byID[id]
	return d, ok
}

// List returns the definitions sorted by id.
func (l *Library) List() []*Definition {
	l.mu.RLock()
	out := make([]*Definition, 0, len(l.byID))
	for _, d := range l.byID {
		out = append(out, d)
	}
	l.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Add adds d. An id that is already in the library is an error; use Merge to
// let one definition replace another.
func (l *Library) Add(d *Definition) error {
	if d == nil {
		return errors.New("add exercise: nil definition")
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if prev, ok := l.byID[d.ID]; ok {
		return fmt.Errorf("exercise %q from %s is already in the library from %s", d.ID, d.File, prev.File)
	}
	if l.byID == nil {
		l.byID = map[string]*Definition{}
	}
	l.byID[d.ID] = d
	return nil
}

// Merge adds defs, replacing definitions with the same id. It is how a
// practice's own exercise files override the built-in ones. Nil definitions
// are ignored.
func (l *Library) Merge(defs ...*Definition) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.byID == nil {
		l.byID = map[string]*Definition{}
	}
	for _, d := range defs {
		if d != nil {
			l.byID[d.ID] = d
		}
	}
}

//go:embed library/*.yaml
var libraryFS embed.FS

// builtins parses the embedded library once.
var builtins = sync.OnceValues(func() ([]*Definition, error) {
	return parseFS(libraryFS, "library")
})

func parseFS(fsys fs.FS, dir string) ([]*Definition, error) {
	names, err := fs.Glob(fsys, dir+"/*.yaml")
	if err != nil {
		return nil, err
	}
	var (
		defs  []*Definition
		probs Problems
	)
	for _, name := range names {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		d, err := Parse("builtin:"+path.Base(name), src)
		if err != nil {
			probs = append(probs, asProblems(err)...)
			continue
		}
		defs = append(defs, d)
	}
	if len(probs) > 0 {
		return nil, probs
	}
	return defs, nil
}

// Builtin returns the built-in exercise library, embedded in the binary.
// Each call returns a new Library sharing the same immutable definitions, so
// a caller may Merge its own files into it without affecting other callers.
// It panics only if a built-in file is invalid, which a test rules out.
func Builtin() *Library {
	defs, err := builtins()
	if err != nil {
		panic("exercises: invalid built-in library: " + err.Error())
	}
	l, err := NewLibrary(defs...)
	if err != nil {
		panic("exercises: invalid built-in library: " + err.Error())
	}
	return l
}
