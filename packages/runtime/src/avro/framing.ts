// The two framings an Avro record can carry on a topic, told apart by their first byte:
//   Avro single-object encoding   C3 01 | 8-byte CRC-64-AVRO schema fingerprint, little-endian | body
//   Confluent wire format         00    | 4-byte schema registry id, big-endian                 | body
// The body is the same Avro binary in both, so a record changes framing without being re-encoded.
import { InvalidMessageError } from '../stream/errors.ts';

export const SINGLE_OBJECT_HEADER = 10;
export const CONFLUENT_HEADER = 5;

export type Frame =
  | { format: 'single-object'; fingerprint: string; bodyOffset: typeof SINGLE_OBJECT_HEADER }
  | { format: 'confluent'; schemaId: number; bodyOffset: typeof CONFLUENT_HEADER };

/** Which framing `bytes` carry and where the body starts; InvalidMessageError (naming `record`) when neither. */
export function readFrame(bytes: Buffer | null, record: string): Frame {
  if (bytes && bytes.length >= SINGLE_OBJECT_HEADER && bytes[0] === 0xc3 && bytes[1] === 0x01) {
    return { format: 'single-object', fingerprint: bytes.subarray(2, SINGLE_OBJECT_HEADER).toString('hex'), bodyOffset: SINGLE_OBJECT_HEADER };
  }
  if (bytes && bytes.length >= CONFLUENT_HEADER && bytes[0] === 0x00) {
    return { format: 'confluent', schemaId: bytes.readUInt32BE(1), bodyOffset: CONFLUENT_HEADER };
  }
  if (bytes && bytes.length > 0 && bytes[0] === 0x00) {
    throw new InvalidMessageError(`${record}: not in the Confluent wire format (00 + 4-byte schema id + body): only ${bytes.length} bytes`);
  }
  // The first sentence is the one of the single-object-only decoder, which tools and tests match on.
  throw new InvalidMessageError(`${record}: not Avro single-object encoded (expected magic C3 01)`);
}

/** 00 + the schema id, big-endian: what precedes the body in the Confluent wire format. */
export function confluentHeader(schemaId: number): Buffer {
  if (!Number.isInteger(schemaId) || schemaId < 0 || schemaId > 0xffffffff) throw new RangeError(`schema id must be a 32-bit unsigned integer, got ${schemaId}`);
  const header = Buffer.alloc(CONFLUENT_HEADER);
  header.writeUInt32BE(schemaId, 1);
  return header;
}

/** C3 01 + the 8-byte fingerprint: what precedes the body in Avro single-object encoding. */
export function singleObjectHeader(fingerprint: Buffer): Buffer {
  if (fingerprint.length !== 8) throw new RangeError(`a single-object fingerprint has 8 bytes, got ${fingerprint.length}`);
  return Buffer.concat([Buffer.from([0xc3, 0x01]), fingerprint]);
}

/** The same record in the other framing: the body is kept, only the header changes. */
export function reframe(bytes: Buffer, to: { format: 'confluent'; schemaId: number } | { format: 'single-object'; fingerprint: Buffer }, record = 'record'): Buffer {
  const frame = readFrame(bytes, record);
  const header = to.format === 'confluent' ? confluentHeader(to.schemaId) : singleObjectHeader(to.fingerprint);
  return Buffer.concat([header, bytes.subarray(frame.bodyOffset)]);
}
