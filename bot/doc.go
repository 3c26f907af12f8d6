// Package bot is the contract between the engine (package core), the chat
// platforms (adapters/...) and the stores (storage/...): the domain nouns and
// the per-noun Store interfaces that keep them (Store is their union, which
// storage/storetest states as tests); the inbound Events, the Reply and the
// outbound Message with its Blocks; CustomID; the Adapter and its optional
// capabilities; Error and its codes; Clock; and the Router with its
// CommandSpec and middleware. It imports only the standard library and the
// exercise format, so an adapter or a store is written against it alone.
package bot
