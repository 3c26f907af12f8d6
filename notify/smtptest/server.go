// Package smtptest is an SMTP server for tests, on loopback: EHLO,
// STARTTLS with a certificate made at start, AUTH PLAIN, MAIL, RCPT, DATA,
// RSET, NOOP, QUIT. It records the messages it accepts and can refuse
// recipients, or offer no STARTTLS, to test failures.
package smtptest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"math/big"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
)

// Message is one accepted message.
type Message struct {
	From, To string
	Data     string // headers and body as received, CRLF lines
	TLS      bool   // it arrived after STARTTLS
	User     string // who logged in ("" for nobody)
}

// Server is a running test SMTP server. Set its fields before a client
// connects; read Messages after.
type Server struct {
	Addr string // 127.0.0.1:port
	// Host and Port split Addr, for a client's configuration.
	Host string
	Port int
	// User and Password, when set, are required (AUTH PLAIN after STARTTLS).
	User, Password string

	mu         sync.Mutex
	msgs       []Message
	failRcpt   int
	noStartTLS bool
	ln         net.Listener
	cert       tls.Certificate
	roots      *x509.CertPool
	wg         sync.WaitGroup
}

// New starts a server on 127.0.0.1; it stops when the test ends.
func New(tb testing.TB) *Server {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	s := &Server{ln: ln, Addr: ln.Addr().String()}
	s.Host = "127.0.0.1"
	s.Port = ln.Addr().(*net.TCPAddr).Port
	s.cert, s.roots = selfSigned(tb)
	s.wg.Add(1)
	go s.accept()
	tb.Cleanup(func() {
		ln.Close()
		s.wg.Wait()
	})
	return s
}

// ClientTLS is the TLS configuration a client needs to trust the server.
func (s *Server) ClientTLS() *tls.Config {
	return &tls.Config{RootCAs: s.roots, ServerName: s.Host, MinVersion: tls.VersionTLS12}
}

// FailRecipients makes the next n RCPT commands fail with 451 (a
// temporary failure, as a greylisting or overloaded server answers).
func (s *Server) FailRecipients(n int) {
	s.mu.Lock()
	s.failRcpt = n
	s.mu.Unlock()
}

// NoStartTLS makes the server offer no STARTTLS.
func (s *Server) NoStartTLS() {
	s.mu.Lock()
	s.noStartTLS = true
	s.mu.Unlock()
}

// Messages returns the accepted messages, oldest first.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

func (s *Server) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer c.Close()
			_ = c.SetDeadline(time.Now().Add(time.Minute)) // a stuck client cannot hang the test's cleanup forever
			s.serve(c)
		}()
	}
}

// session is one connection's state.
type session struct {
	tp       *textproto.Conn
	tls      bool
	user     string
	from, to string
}

func (s *Server) serve(c net.Conn) {
	ss := &session{tp: textproto.NewConn(c)}
	reply := func(format string, args ...any) bool { return ss.tp.PrintfLine(format, args...) == nil }
	reply("220 smtptest ESMTP")
	for {
		line, err := ss.tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		s.mu.Lock()
		noTLS, needAuth := s.noStartTLS, s.User != ""
		s.mu.Unlock()
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			w := ss.tp.Writer.W
			w.WriteString("250-smtptest\r\n")
			if !ss.tls && !noTLS {
				w.WriteString("250-STARTTLS\r\n")
			}
			if ss.tls {
				w.WriteString("250-AUTH PLAIN\r\n")
			}
			w.WriteString("250 8BITMIME\r\n")
			if w.Flush() != nil {
				return
			}
		case "STARTTLS":
			if ss.tls || noTLS {
				reply("503 already in TLS or not offered")
				continue
			}
			reply("220 go ahead")
			tc := tls.Server(c, &tls.Config{Certificates: []tls.Certificate{s.cert}, MinVersion: tls.VersionTLS12})
			if tc.Handshake() != nil {
				return
			}
			c = tc
			ss = &session{tp: textproto.NewConn(tc), tls: true} // RFC 3207: forget everything said before
			reply = func(format string, args ...any) bool { return ss.tp.PrintfLine(format, args...) == nil }
		case "AUTH":
			mech, b64, _ := strings.Cut(arg, " ")
			if !ss.tls || !strings.EqualFold(mech, "PLAIN") {
				reply("538 encryption required")
				continue
			}
			raw, err := base64.StdEncoding.DecodeString(b64)
			parts := strings.Split(string(raw), "\x00")
			if err != nil || len(parts) != 3 || parts[1] != s.User || parts[2] != s.Password {
				reply("535 authentication failed")
				continue
			}
			ss.user = parts[1]
			reply("235 ok")
		case "MAIL":
			switch {
			case !ss.tls:
				reply("530 must issue STARTTLS first")
			case needAuth && ss.user == "":
				reply("530 authentication required")
			default:
				ss.from = addr(arg)
				reply("250 ok")
			}
		case "RCPT":
			s.mu.Lock()
			fail := s.failRcpt > 0
			if fail {
				s.failRcpt--
			}
			s.mu.Unlock()
			if fail {
				reply("451 try again later")
				continue
			}
			ss.to = addr(arg)
			reply("250 ok")
		case "DATA":
			if ss.from == "" || ss.to == "" {
				reply("503 need MAIL and RCPT first")
				continue
			}
			reply("354 end with <CRLF>.<CRLF>")
			lines, err := ss.tp.ReadDotLines()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.msgs = append(s.msgs, Message{From: ss.from, To: ss.to, Data: strings.Join(lines, "\r\n"), TLS: ss.tls, User: ss.user})
			s.mu.Unlock()
			ss.from, ss.to = "", ""
			reply("250 queued")
		case "RSET":
			ss.from, ss.to = "", ""
			reply("250 ok")
		case "NOOP":
			reply("250 ok")
		case "QUIT":
			reply("221 bye")
			return
		default:
			reply("502 not implemented")
		}
	}
}

// addr takes the address out of "FROM:<a@b>" or "TO:<a@b> SIZE=…".
func addr(arg string) string {
	_, rest, _ := strings.Cut(arg, ":")
	rest = strings.TrimSpace(rest)
	if i := strings.IndexByte(rest, '>'); strings.HasPrefix(rest, "<") && i > 0 {
		return rest[1:i]
	}
	return rest
}

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(tb testing.TB) (tls.Certificate, *x509.CertPool) {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "smtptest"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		tb.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}
