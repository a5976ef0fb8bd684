// Gate layout of the recurrent cells' weights: a unit's G gate words (G = 4 LSTM, 3 GRU, 1 rnn_*)
// lie `stride` apart in a gate-major row (gate g at g · stride).
//
// The offsets of the four words of a vec4; a cell with fewer than four gates repeats its last
// one, so a kernel loads a vec4 without branches and never uses the extra words.
fn gate_offsets(gates: u32, stride: u32) -> vec4<u32> {
  let last = gates - 1u;
  return vec4<u32>(0u, min(1u, last), min(2u, last), min(3u, last)) * stride;
}
