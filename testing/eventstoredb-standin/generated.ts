// The gRPC service definitions and protobuf messages that ship inside the official client package.
// Building the stand-in from them (not from hand-written .proto copies) means it speaks exactly
// the wire format the client was generated from. They are CommonJS files written by protoc, whose
// exports Node cannot see statically, so they are loaded with require, resolved from the client
// package itself (google-protobuf is the client's dependency, not ours).
import { createRequire } from 'node:module';

const fromProject = createRequire(import.meta.url);
const fromClient = createRequire(fromProject.resolve('@eventstore/db-client/package.json'));

export const streamsPb = fromClient('./generated/streams_pb.js') as typeof import('@eventstore/db-client/generated/streams_pb');
export const streamsGrpc = fromClient('./generated/streams_grpc_pb.js') as typeof import('@eventstore/db-client/generated/streams_grpc_pb');
export const sharedPb = fromClient('./generated/shared_pb.js') as typeof import('@eventstore/db-client/generated/shared_pb');
export const statusPb = fromClient('./generated/status_pb.js') as typeof import('@eventstore/db-client/generated/status_pb');
export const featuresPb = fromClient('./generated/serverfeatures_pb.js') as typeof import('@eventstore/db-client/generated/serverfeatures_pb');
export const featuresGrpc = fromClient('./generated/serverfeatures_grpc_pb.js') as typeof import('@eventstore/db-client/generated/serverfeatures_grpc_pb');
export const anyPb = fromClient('google-protobuf/google/protobuf/any_pb.js') as typeof import('google-protobuf/google/protobuf/any_pb');
export const emptyPb = fromClient('google-protobuf/google/protobuf/empty_pb.js') as typeof import('google-protobuf/google/protobuf/empty_pb');
