import {
  lazyPackage,
  once
} from "./chunk-DP7FM7BS.js";

// dist/queue/message-codec.js
var loadMsgpackr = lazyPackage("msgpackr");
var codec = once(() => {
  const msgpackr = loadMsgpackr();
  return {
    packr: new msgpackr.Packr({ useRecords: false }),
    reuseBuffer: msgpackr.REUSE_BUFFER_MODE | msgpackr.RESET_BUFFER_MODE
  };
});
function pack(value) {
  return codec().packr.pack(value);
}
function packEach(count, valueAt) {
  const { packr, reuseBuffer } = codec();
  const ends = new Uint32Array(count);
  let bytes = NO_BYTES;
  let end = 0;
  for (let i = 0; i < count; i++) {
    const packed = packr.pack(valueAt(i), reuseBuffer);
    const length = packed.end - packed.start;
    if (end + length > bytes.length) {
      bytes = grown(bytes, end, end + Math.ceil(length * (count - i) * 1.25));
    }
    packed.copy(bytes, end, packed.start, packed.end);
    end += length;
    ends[i] = end;
  }
  return { bytes: bytes.subarray(0, end), ends };
}
var NO_BYTES = Buffer.alloc(0);
function grown(bytes, used, size) {
  const larger = Buffer.allocUnsafe(size);
  bytes.copy(larger, 0, 0, used);
  return larger;
}
function unpack(bytes) {
  return codec().packr.unpack(bytes);
}
function unpackEach(bytes, each) {
  codec().packr.unpackMultiple(bytes, each);
}
function checkedTuple(value, what, length) {
  if (!Array.isArray(value) || length !== void 0 && value.length !== length) {
    throw new Error(`${what} is malformed`);
  }
  return value;
}
function owesEveryAddressee(message) {
  const { recipients, addressedTo } = message;
  if (recipients === addressedTo)
    return true;
  if (recipients.length !== addressedTo.length)
    return false;
  for (let i = 0; i < recipients.length; i++)
    if (recipients[i] !== addressedTo[i])
      return false;
  return true;
}
var UNCHANGING_FIELDS = 7;
function unchangingFields(message) {
  return [
    message.id,
    message.type,
    message.sender,
    message.addressedTo,
    message.payload,
    message.scheduledAt,
    message.seq
  ];
}

export {
  pack,
  packEach,
  unpack,
  unpackEach,
  checkedTuple,
  owesEveryAddressee,
  UNCHANGING_FIELDS,
  unchangingFields
};
