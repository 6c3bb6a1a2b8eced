// A module that requires the client module, as a user's does; GoClientIT serves the client from a
// file proxy (GOPROXY) and lets go record its checksum (no go.sum is kept here).
module example.com/availability-scratch

go 1.23

require github.com/availkit/availability-client-go v1.1.0
