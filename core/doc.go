// Package core is the engine: the commands and their handlers, buttons and
// forms, exercise runs, the scheduler, safety alerts and privacy, attendance,
// and reviews and exports. New wires a Bot to one Store and any number of
// Adapters. It imports the contract (bot) and the exercise format, never a
// platform SDK or a database driver.
package core
