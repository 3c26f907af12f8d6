// Package exercises defines the exercise format of groupwork: the types,
// strict YAML loading that reports every problem with file:line:column, the
// built-in library, and the pure step logic (what to show next, whether an
// answer is acceptable, scores and safety alerts).
//
// Exercises are data. A Definition is loaded once, never modified, and frozen
// with each run through its Version and Source, so editing a file later never
// rewrites history. Nothing in this package does I/O except LoadFile and
// LoadDir, and nothing here knows about chat platforms or storage.
package exercises
