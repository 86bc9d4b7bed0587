// An in-process EventStoreDB / KurrentDB stand-in for tests: a real gRPC server (@grpc/grpc-js)
// built from the service definitions inside @eventstore/db-client, so the official client talks
// to it over HTTP/2 exactly as it talks to a server. It implements only what the event-store
// adapter uses: ServerFeatures, Streams.Append, Streams.BatchAppend, and Streams.Read for streams,
// for $all, and for a live subscription to $all from the end. Anything else answers UNIMPLEMENTED.
import * as grpc from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { featuresGrpc, featuresPb, streamsGrpc, streamsPb } from './generated';
import { MemoryLog, type Expected, type LogPosition, type ProposedEvent } from './memory-log';
import * as wire from './wire';

type ReadReq = InstanceType<typeof streamsPb.ReadReq>;
type ReadResp = InstanceType<typeof streamsPb.ReadResp>;
type AppendReq = InstanceType<typeof streamsPb.AppendReq>;
type AppendResp = InstanceType<typeof streamsPb.AppendResp>;
type BatchAppendReq = InstanceType<typeof streamsPb.BatchAppendReq>;
type BatchAppendResp = InstanceType<typeof streamsPb.BatchAppendResp>;
type ProposedMessage = InstanceType<typeof streamsPb.AppendReq.ProposedMessage> | InstanceType<typeof streamsPb.BatchAppendReq.ProposedMessage>;

const { ReadReq: R, AppendReq: A, BatchAppendReq: B } = streamsPb;

export interface StandInOptions {
  /**
   * Advertise BatchAppend in ServerFeatures (every server since 21.10 does; the client then
   * appends through it). False makes the client fall back to the unary Append of older servers.
   */
  batchAppend?: boolean;
}

export interface EventStoreDbStandIn {
  connectionString: string;
  /** Number of gRPC calls received, by method name (a BatchAppend call carries many appends). */
  calls: Record<string, number>;
  log: MemoryLog;
  /** Test seam: runs before each forward read of $all is answered, e.g. to append "concurrently". */
  beforeForwardReadAll?: () => void;
  close(): Promise<void>;
}

class Unimplemented extends Error {
  readonly code = grpc.status.UNIMPLEMENTED;
}

export async function startEventStoreDbStandIn(options: StandInOptions = {}): Promise<EventStoreDbStandIn> {
  const batchAppend = options.batchAppend ?? true;
  const log = new MemoryLog();
  const calls: Record<string, number> = {};
  const count = (method: string) => (calls[method] = (calls[method] ?? 0) + 1);

  const server = new grpc.Server();
  const standIn = { calls, log } as EventStoreDbStandIn;
  server.addService(featuresGrpc.ServerFeaturesService, {
    getSupportedMethods(_call: unknown, callback: grpc.sendUnaryData<unknown>) {
      count('GetSupportedMethods');
      callback(null, supportedMethods(batchAppend));
    },
  });
  server.addService(streamsGrpc.StreamsService, {
    read(call: grpc.ServerWritableStream<ReadReq, ReadResp>) {
      count('Read');
      try {
        read(log, call, standIn);
      } catch (error) {
        // Ends the call with the error's gRPC status (UNKNOWN unless it carries a code).
        call.emit('error', error);
      }
    },
    append(call: grpc.ServerReadableStream<AppendReq, AppendResp>, callback: grpc.sendUnaryData<AppendResp>) {
      count('Append');
      appendUnary(log, call, callback);
    },
    ...(batchAppend && {
      batchAppend(call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>) {
        count('BatchAppend');
        appendBatches(log, call);
      },
    }),
  });

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  standIn.connectionString = `esdb://127.0.0.1:${port}?tls=false`;
  // Clients keep long-lived calls open (BatchAppend, subscriptions); a real node drops them on shutdown too.
  standIn.close = async () => server.forceShutdown();
  return standIn;
}

function supportedMethods(batchAppend: boolean) {
  const method = (service: string, name: string, features: string[] = []) =>
    new featuresPb.SupportedMethod().setServiceName(service).setMethodName(name).setFeaturesList(features);
  const streams = 'event_store.client.streams.streams';
  return new featuresPb.SupportedMethods()
    .setEventStoreServerVersion('25.0.0')
    .setMethodsList([
      method('event_store.client.server_features.serverfeatures', 'getsupportedmethods'),
      method(streams, 'read', ['position', 'events']),
      method(streams, 'append'),
      ...(batchAppend ? [method(streams, 'batchappend', ['deadline_duration'])] : []),
    ]);
}

function read(log: MemoryLog, call: grpc.ServerWritableStream<ReadReq, ReadResp>, standIn: EventStoreDbStandIn) {
  const options = call.request.getOptions();
  if (!options) throw new Unimplemented('read without options');
  const structuredIds = options.getUuidOption()?.getContentCase() === R.Options.UUIDOption.ContentCase.STRUCTURED;
  const backwards = options.getReadDirection() === R.Options.ReadDirection.BACKWARDS;
  if (options.getFilterOptionCase() === R.Options.FilterOptionCase.FILTER) throw new Unimplemented('the stand-in implements no server-side filters');

  if (options.getCountOptionCase() === R.Options.CountOptionCase.SUBSCRIPTION) return subscribe(log, call, structuredIds);
  const count = BigInt(options.getCount());

  if (options.getStreamOptionCase() === R.Options.StreamOptionCase.STREAM) {
    const stream = options.getStream()!;
    const name = wire.streamName(stream.getStreamIdentifier());
    const rc = R.Options.StreamOptions.RevisionOptionCase;
    const from = stream.getRevisionOptionCase() === rc.REVISION ? BigInt(stream.getRevision()) : stream.getRevisionOptionCase() === rc.END ? 'end' : 'start';
    const events = log.readStream(name, from, backwards, count);
    if (!events) call.write(wire.streamNotFound(name));
    for (const event of events ?? []) call.write(wire.readEvent(event, structuredIds));
    return call.end();
  }

  const all = options.getAll()!;
  const ac = R.Options.AllOptions.AllOptionCase;
  const position = all.getPosition();
  const from: LogPosition | 'start' | 'end' =
    all.getAllOptionCase() === ac.POSITION && position
      ? { commit: BigInt(position.getCommitPosition()), prepare: BigInt(position.getPreparePosition()) }
      : all.getAllOptionCase() === ac.END
        ? 'end'
        : 'start';
  if (!backwards) standIn.beforeForwardReadAll?.();
  for (const event of log.readAll(from, backwards, count)) call.write(wire.readEvent(event, structuredIds));
  call.end();
}

/** Live subscription to $all: confirmation, caught-up (nothing to catch up from the end), then every new event. */
function subscribe(log: MemoryLog, call: grpc.ServerWritableStream<ReadReq, ReadResp>, structuredIds: boolean) {
  const all = call.request.getOptions()?.getAll();
  if (!all || all.getAllOptionCase() !== R.Options.AllOptions.AllOptionCase.END) {
    throw new Unimplemented('the stand-in only subscribes to $all from the end');
  }
  call.write(wire.subscriptionConfirmed(randomUUID()));
  call.write(wire.caughtUp());
  const stop = log.onAppended((event) => call.write(wire.readEvent(event, structuredIds)));
  call.on('cancelled', stop);
  call.on('close', stop);
}

function appendUnary(log: MemoryLog, call: grpc.ServerReadableStream<AppendReq, AppendResp>, callback: grpc.sendUnaryData<AppendResp>) {
  let header: InstanceType<typeof A.Options> | undefined;
  const proposed: ProposedEvent[] = [];
  let failed = false;
  const fail = (error: Error) => {
    if (!failed) callback(error as grpc.ServiceError);
    failed = true;
  };
  call.on('data', (request: AppendReq) => {
    try {
      if (!header) {
        if (request.getContentCase() !== A.ContentCase.OPTIONS) throw new Error('the first append message must carry the options');
        header = request.getOptions();
      } else {
        proposed.push(proposedEvent(request.getProposedMessage()));
      }
    } catch (error) {
      fail(error as Error);
    }
  });
  call.on('end', () => {
    if (failed) return;
    if (!header) return fail(new Error('empty append'));
    const oc = A.Options.ExpectedStreamRevisionCase;
    const expected: Expected =
      header.getExpectedStreamRevisionCase() === oc.REVISION
        ? BigInt(header.getRevision())
        : header.getExpectedStreamRevisionCase() === oc.NO_STREAM
          ? 'no_stream'
          : header.getExpectedStreamRevisionCase() === oc.STREAM_EXISTS
            ? 'stream_exists'
            : 'any';
    const outcome = log.append(wire.streamName(header.getStreamIdentifier()), proposed, expected);
    callback(
      null,
      outcome.kind === 'success'
        ? wire.appendSuccess(outcome.currentRevision, outcome.position)
        : wire.appendWrongExpectedVersion(expected, outcome.currentRevision),
    );
  });
}

/**
 * BatchAppend: one long-lived duplex call; each append is a run of requests sharing a correlation
 * id, the first carrying the options, the last flagged is_final. Answers carry the same id.
 */
function appendBatches(log: MemoryLog, call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>) {
  const pending = new Map<string, { stream: string; expected: Expected; events: ProposedEvent[] }>();
  call.on('data', (request: BatchAppendReq) => {
    const correlationId = request.getCorrelationId()!;
    const key = wire.parseUuid(correlationId);
    const options = request.getOptions();
    if (options && !pending.has(key)) {
      const pc = B.Options.ExpectedStreamPositionCase;
      const expected: Expected =
        options.getExpectedStreamPositionCase() === pc.STREAM_POSITION
          ? BigInt(options.getStreamPosition())
          : options.getExpectedStreamPositionCase() === pc.NO_STREAM
            ? 'no_stream'
            : options.getExpectedStreamPositionCase() === pc.STREAM_EXISTS
              ? 'stream_exists'
              : 'any';
      pending.set(key, { stream: wire.streamName(options.getStreamIdentifier()), expected, events: [] });
    }
    const write = pending.get(key);
    if (!write) return;
    try {
      write.events.push(...request.getProposedMessagesList().map(proposedEvent));
    } catch (error) {
      pending.delete(key);
      call.write(wire.batchAppendBadRequest(correlationId, write.stream, (error as Error).message));
      return;
    }
    if (!request.getIsFinal()) return;
    pending.delete(key);
    const outcome = log.append(write.stream, write.events, write.expected);
    call.write(
      outcome.kind === 'success'
        ? wire.batchAppendSuccess(correlationId, write.stream, outcome.currentRevision, outcome.position)
        : wire.batchAppendWrongExpectedVersion(correlationId, write.stream, write.expected, outcome.currentRevision),
    );
  });
  call.on('end', () => call.end());
}

/** The server requires `type` and `content-type` in each proposed message's metadata. */
function proposedEvent(message: ProposedMessage | undefined): ProposedEvent {
  if (!message) throw new Error('missing proposed message');
  const metadata = message.getMetadataMap();
  const type = metadata.get('type');
  const contentType = metadata.get('content-type');
  if (type === undefined || contentType === undefined) throw new Error('required metadata property missing: type, content-type');
  return { id: wire.parseUuid(message.getId()), type, contentType, data: message.getData_asU8(), metadata: message.getCustomMetadata_asU8() };
}
