// Order-preserving 64-bit keys of doubles: flipping the sign bit of positives and every bit of negatives
// makes unsigned integer order equal float order (-0 before +0, NaN last).

export const SIGN: u64 = 0x8000000000000000;

@inline
export function toKey(bits: u64): u64 {
  return bits ^ (<u64>(<i64>bits >> 63) | SIGN);
}

@inline
export function fromKey(key: u64): u64 {
  return key ^ (((key >> 63) - 1) | SIGN);
}
