// Encoding of the stand-in's answers, following KurrentDB's gRPC layer: ResponseConverter
// (Streams.Read.cs), Streams.Append.cs, Streams.BatchAppend.cs, Status.cs and
// WrongExpectedVersion.cs in the server's sources.
import { anyPb, emptyPb, sharedPb, statusPb, streamsPb } from './generated';
import type { Expected, StoredEvent } from './memory-log';

type UUID = InstanceType<typeof sharedPb.UUID>;
type ReadResp = InstanceType<typeof streamsPb.ReadResp>;
type AppendResp = InstanceType<typeof streamsPb.AppendResp>;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** gRPC status code ALREADY_EXISTS, which the server gives a batch append's wrong expected version. */
const ALREADY_EXISTS = 6;
const INVALID_ARGUMENT = 3;

export const streamName = (identifier: InstanceType<typeof sharedPb.StreamIdentifier> | undefined) =>
  decoder.decode(identifier?.getStreamName_asU8() ?? new Uint8Array());

const streamIdentifier = (name: string) => new sharedPb.StreamIdentifier().setStreamName(encoder.encode(name));

export function parseUuid(uuid: UUID | undefined): string {
  if (!uuid) throw new Error('missing id');
  if (!uuid.hasStructured()) return uuid.getString();
  const s = uuid.getStructured()!;
  const hex = [s.getMostSignificantBits(), s.getLeastSignificantBits()].map((bits) => BigInt.asUintN(64, BigInt(bits)).toString(16).padStart(16, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Ids go out in the form the reader asked for (ReadReq.Options.uuid_option). */
function uuid(id: string, structured: boolean): UUID {
  if (!structured) return new sharedPb.UUID().setString(id);
  const hex = id.replace(/-/g, '');
  const bits = (part: string) => BigInt.asIntN(64, BigInt(`0x${part}`)).toString();
  return new sharedPb.UUID().setStructured(
    new sharedPb.UUID.Structured().setMostSignificantBits(bits(hex.slice(0, 16))).setLeastSignificantBits(bits(hex.slice(16))),
  );
}

/**
 * One event of a read or subscription. Self-committed events carry their position both inside the
 * record (commit = prepare) and on the ReadEvent, for stream reads too (servers after 22.6.0).
 */
export function readEvent(event: StoredEvent, structuredIds: boolean): ReadResp {
  const record = new streamsPb.ReadResp.ReadEvent.RecordedEvent()
    .setId(uuid(event.id, structuredIds))
    .setStreamIdentifier(streamIdentifier(event.streamId))
    .setStreamRevision(event.revision.toString())
    .setPreparePosition(event.position.toString())
    .setCommitPosition(event.position.toString())
    .setData(event.data)
    .setCustomMetadata(event.metadata);
  const metadata = record.getMetadataMap();
  metadata.set('type', event.type);
  metadata.set('created', event.createdTicks.toString());
  metadata.set('content-type', event.contentType);
  const read = new streamsPb.ReadResp.ReadEvent().setEvent(record).setCommitPosition(event.position.toString());
  return new streamsPb.ReadResp().setEvent(read);
}

export const streamNotFound = (name: string) =>
  new streamsPb.ReadResp().setStreamNotFound(new streamsPb.ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(name)));

export const subscriptionConfirmed = (id: string) =>
  new streamsPb.ReadResp().setConfirmation(new streamsPb.ReadResp.SubscriptionConfirmation().setSubscriptionId(id));

export const caughtUp = () => new streamsPb.ReadResp().setCaughtUp(new streamsPb.ReadResp.CaughtUp());

export function appendSuccess(currentRevision: bigint, position: bigint): AppendResp {
  const at = new streamsPb.AppendResp.Position().setCommitPosition(position.toString()).setPreparePosition(position.toString());
  return new streamsPb.AppendResp().setSuccess(new streamsPb.AppendResp.Success().setCurrentRevision(currentRevision.toString()).setPosition(at));
}

/**
 * The unary Append's refusal: the server fills both the current fields and the deprecated
 * 20.6.0 ones. For an expected `no_stream` it puts ulong.MaxValue in expected_revision_2060, which
 * the generated JavaScript cannot encode from a number, so that one varint is appended by hand.
 */
export function appendWrongExpectedVersion(expected: Expected, current: bigint | 'no_stream'): AppendResp {
  const empty = () => new sharedPb.Empty();
  const wev = new streamsPb.AppendResp.WrongExpectedVersion();
  if (current === 'no_stream') wev.setCurrentNoStream(empty()).setNoStream2060(empty());
  else wev.setCurrentRevision(current.toString()).setCurrentRevision2060(Number(current));
  let extra = new Uint8Array();
  if (expected === 'any') wev.setExpectedAny(empty()).setAny2060(empty());
  else if (expected === 'stream_exists') wev.setExpectedStreamExists(empty()).setStreamExists2060(empty());
  else if (expected === 'no_stream') {
    wev.setExpectedNoStream(empty());
    extra = Uint8Array.of(3 << 3, ...varint((1n << 64n) - 1n));
  } else wev.setExpectedRevision(expected.toString()).setExpectedRevision2060(Number(expected));
  const response = new streamsPb.AppendResp().setWrongExpectedVersion(wev);
  if (extra.length > 0) {
    const inner = Uint8Array.of(...wev.serializeBinary(), ...extra);
    const outer = Uint8Array.of((2 << 3) | 2, ...varint(BigInt(inner.length)), ...inner);
    response.serializeBinary = () => outer;
  }
  return response;
}

export function batchAppendSuccess(correlationId: UUID, stream: string, currentRevision: bigint, position: bigint) {
  const at = new sharedPb.AllStreamPosition().setCommitPosition(position.toString()).setPreparePosition(position.toString());
  return new streamsPb.BatchAppendResp()
    .setCorrelationId(correlationId)
    .setStreamIdentifier(streamIdentifier(stream))
    .setSuccess(new streamsPb.BatchAppendResp.Success().setCurrentRevision(currentRevision.toString()).setPosition(at));
}

/** BatchAppend reports a refusal as a google.rpc.Status whose details pack a shared WrongExpectedVersion. */
export function batchAppendWrongExpectedVersion(correlationId: UUID, stream: string, expected: Expected, current: bigint | 'no_stream') {
  const empty = () => new emptyPb.Empty();
  const wev = new sharedPb.WrongExpectedVersion();
  if (current === 'no_stream') wev.setCurrentNoStream(empty());
  else wev.setCurrentStreamRevision(current.toString());
  if (expected === 'any') wev.setExpectedAny(empty());
  else if (expected === 'stream_exists') wev.setExpectedStreamExists(empty());
  else if (expected === 'no_stream') wev.setExpectedNoStream(empty());
  else wev.setExpectedStreamPosition(expected.toString());
  const details = new anyPb.Any();
  details.pack(wev.serializeBinary(), 'event_store.client.WrongExpectedVersion');
  const status = new statusPb.Status().setCode(ALREADY_EXISTS).setMessage('WrongExpectedVersion').setDetails(details);
  return new streamsPb.BatchAppendResp().setCorrelationId(correlationId).setStreamIdentifier(streamIdentifier(stream)).setError(status);
}

/** A malformed batch append is refused for its correlation id only (Status.BadRequest), not for the call. */
export function batchAppendBadRequest(correlationId: UUID, stream: string, message: string) {
  const details = new anyPb.Any();
  details.pack(new sharedPb.BadRequest().setMessage(message).serializeBinary(), 'event_store.client.BadRequest');
  const status = new statusPb.Status().setCode(INVALID_ARGUMENT).setMessage('BadRequest').setDetails(details);
  return new streamsPb.BatchAppendResp().setCorrelationId(correlationId).setStreamIdentifier(streamIdentifier(stream)).setError(status);
}

function varint(value: bigint): number[] {
  const bytes: number[] = [];
  do {
    const low = Number(value & 0x7fn);
    value >>= 7n;
    bytes.push(value > 0n ? low | 0x80 : low);
  } while (value > 0n);
  return bytes;
}
