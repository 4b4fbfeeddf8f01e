// s3-server: the S3-compatible server the integration tests start on loopback to prove the
// `s3` state backend (__tests__/integration/s3-state.test.ts). It is gofakes3 (pinned in
// go.mod, verified by go.sum) with its bolt backend: one database file in <dir>, so a test
// run leaves nothing behind but that directory, and each write is one transaction (a
// conditional write is checked and made atomically). gofakes3 honours
// conditional writes (`If-None-Match: *` on PutObject), which OpenTofu's lock file relies on.
//
// gofakes3 does not check request signatures. This server refuses every request whose
// Authorization header does not name the access key it was started with, so that a test
// can tell that the engine signed with the credentials it was given; it verifies no
// signature, and must never hold anything but test data.
//
// Built once into the toolchain cache by toolchain/s3-server.ts; the tests run it as
//
//	s3-server -listen 127.0.0.1:<port> -dir <data dir> -bucket <name> -access-key <id>
//
// and wait for the line "s3-server: listening on http://127.0.0.1:<port>" on stdout.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3bolt"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on (loopback only)")
	dir := flag.String("dir", "", "data directory (created when missing)")
	bucket := flag.String("bucket", "", "bucket to create at start (optional)")
	accessKey := flag.String("access-key", "", "the one access key id accepted")
	verbose := flag.Bool("verbose", false, "log every request to stderr")
	flag.Parse()
	if *dir == "" || *accessKey == "" {
		log.Fatal("s3-server: -dir and -access-key are required")
	}
	host, _, err := net.SplitHostPort(*listen)
	if err != nil || !net.ParseIP(host).IsLoopback() {
		log.Fatalf("s3-server: -listen %q must be a loopback address with a port", *listen)
	}

	// (Not gofakes3's filesystem backend: it answers a listing with a prefix that names no
	// directory, such as the engine's "env:/", with NoSuchBucket.)
	if err := os.MkdirAll(*dir, 0o700); err != nil {
		log.Fatalf("s3-server: data directory %s: %v", *dir, err)
	}
	backend, err := s3bolt.NewFile(filepath.Join(*dir, "s3.db"))
	if err != nil {
		log.Fatalf("s3-server: %v", err)
	}
	if *bucket != "" {
		if err := backend.CreateBucket(*bucket); err != nil && !gofakes3.IsAlreadyExists(err) {
			log.Fatalf("s3-server: creating bucket %s: %v", *bucket, err)
		}
	}
	logger := gofakes3.DiscardLog()
	if *verbose {
		logger = gofakes3.GlobalLog()
	}
	faker := gofakes3.New(backend, gofakes3.WithLogger(logger))

	listener, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatalf("s3-server: %v", err)
	}
	fmt.Printf("s3-server: listening on http://%s\n", listener.Addr())
	log.Fatal(http.Serve(listener, onlyKey(*accessKey, faker.Server())))
}

// onlyKey refuses requests that do not name `key` as their access key id, in the
// Authorization header (SigV4) or the X-Amz-Credential query parameter (presigned URLs).
func onlyKey(key string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		credential := r.URL.Query().Get("X-Amz-Credential")
		if auth := r.Header.Get("Authorization"); auth != "" {
			if i := strings.Index(auth, "Credential="); i >= 0 {
				credential = auth[i+len("Credential="):]
			}
		}
		if !strings.HasPrefix(credential, key+"/") {
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>InvalidAccessKeyId</Code><Message>The access key id of this request is not the one this server accepts.</Message></Error>`)
			return
		}
		next.ServeHTTP(w, r)
	})
}
