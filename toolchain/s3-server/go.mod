// The S3-compatible server of the integration tests: gofakes3 as a Go module dependency,
// built with Go's module mechanism and verified against go.sum (no checksum-database
// look-up; GOPROXY decides where modules come from). toolchain/s3-server.ts builds it once
// into the toolchain cache. The version below must equal toolchain.json's s3Server.version
// (a unit test checks it).
module keycloak-api-keys/toolchain/s3-server

go 1.24

require github.com/johannesboyne/gofakes3 v1.2.0

require (
	github.com/ryszard/goskiplist v0.0.0-20150312221310-2dfbae5fcf46 // indirect
	go.etcd.io/bbolt v1.3.5 // indirect
	go.shabbyrobe.org/gocovmerge v0.0.0-20230507111327-fa4f82cfbf4d // indirect
	golang.org/x/sys v0.7.0 // indirect
	golang.org/x/tools v0.8.0 // indirect
	gopkg.in/check.v1 v1.0.0-20201130134442-10cb98267c6c // indirect
	gopkg.in/mgo.v2 v2.0.0-20180705113604-9856a29383ce // indirect
)
