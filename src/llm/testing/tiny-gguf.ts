// A tiny but valid GGUF v3 model (llama architecture, one block, F32 weights, ~120 KB) written at test time, so the
// embedded llamacpp provider can be exercised end to end without downloading a real model. Its weights are seeded
// pseudo-random numbers: it generates gibberish, which is all a test of the plumbing needs.
// Layout and names follow llama.cpp's gguf-py (constants.py, gguf_writer.py) and src/llama-arch.cpp.
import { writeFileSync } from 'node:fs';

const valueType = { uint32: 4, int32: 5, float32: 6, string: 8, array: 9 } as const;
const ggmlTypeF32 = 0;
const alignment = 32;

type Value =
  | { type: 'uint32' | 'int32' | 'float32'; value: number }
  | { type: 'string'; value: string }
  | { type: 'array'; of: 'int32' | 'float32'; values: readonly number[] }
  | { type: 'array'; of: 'string'; values: readonly string[] };

class ByteWriter {
  private readonly chunks: Buffer[] = [];
  length = 0;

  private push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  bytes(chunk: Buffer): void {
    this.push(chunk);
  }

  uint32(value: number): void {
    const chunk = Buffer.alloc(4);
    chunk.writeUInt32LE(value);
    this.push(chunk);
  }

  int32(value: number): void {
    const chunk = Buffer.alloc(4);
    chunk.writeInt32LE(value);
    this.push(chunk);
  }

  uint64(value: number): void {
    const chunk = Buffer.alloc(8);
    chunk.writeBigUInt64LE(BigInt(value));
    this.push(chunk);
  }

  float32(value: number): void {
    const chunk = Buffer.alloc(4);
    chunk.writeFloatLE(value);
    this.push(chunk);
  }

  string(value: string): void {
    const encoded = Buffer.from(value, 'utf8');
    this.uint64(encoded.length);
    this.push(encoded);
  }

  padTo(multiple: number): void {
    const extra = (multiple - (this.length % multiple)) % multiple;
    if (extra > 0) this.push(Buffer.alloc(extra));
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

function writeValue(out: ByteWriter, entry: Value): void {
  out.uint32(valueType[entry.type]);
  switch (entry.type) {
    case 'uint32':
      out.uint32(entry.value);
      return;
    case 'int32':
      out.int32(entry.value);
      return;
    case 'float32':
      out.float32(entry.value);
      return;
    case 'string':
      out.string(entry.value);
      return;
    case 'array':
      out.uint32(valueType[entry.of]);
      out.uint64(entry.values.length);
      if (entry.of === 'string') {
        for (const item of entry.values) out.string(item);
      } else {
        const write = entry.of === 'int32' ? out.int32.bind(out) : out.float32.bind(out);
        for (const item of entry.values) write(item);
      }
  }
}

/** Token types from llama.cpp's llama_token_type. */
const tokenType = { normal: 1, unknown: 2, control: 3, byte: 6 } as const;

function vocabulary(): { tokens: string[]; scores: number[]; types: number[] } {
  const tokens = ['<unk>', '<s>', '</s>'];
  const types: number[] = [tokenType.unknown, tokenType.control, tokenType.control];
  // The SPM tokenizer falls back to <0xNN> byte tokens for anything not in the vocabulary, and looks up the
  // newline byte at load: all 256 are needed for arbitrary prompt text.
  for (let byte = 0; byte < 256; byte += 1) {
    tokens.push(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`);
    types.push(tokenType.byte);
  }
  for (const piece of ['▁', '▁the', '▁a', '▁is', '▁code', '▁safe', '▁hello', '▁world', 'e', 't', 'a', 'o', 's']) {
    tokens.push(piece);
    types.push(tokenType.normal);
  }
  const scores = types.map((type, index) => (type === tokenType.normal ? -index : 0));
  return { tokens, scores, types };
}

/** The GGUF file's bytes; deterministic for a given seed. */
export function tinyGguf(seed = 12345): Buffer {
  const embedding = 32;
  const heads = 2;
  const feedForward = 64;
  // Large enough that node-llama-cpp's chat wrappers fit their template around a short prompt.
  const contextLength = 2048;
  const { tokens, scores, types } = vocabulary();
  const vocabularySize = tokens.length;

  const metadata: [string, Value][] = [
    ['general.architecture', { type: 'string', value: 'llama' }],
    ['general.name', { type: 'string', value: 'fdsp-tiny-test' }],
    ['general.alignment', { type: 'uint32', value: alignment }],
    ['llama.context_length', { type: 'uint32', value: contextLength }],
    ['llama.embedding_length', { type: 'uint32', value: embedding }],
    ['llama.block_count', { type: 'uint32', value: 1 }],
    ['llama.feed_forward_length', { type: 'uint32', value: feedForward }],
    ['llama.attention.head_count', { type: 'uint32', value: heads }],
    ['llama.attention.head_count_kv', { type: 'uint32', value: heads }],
    ['llama.rope.dimension_count', { type: 'uint32', value: embedding / heads }],
    ['llama.attention.layer_norm_rms_epsilon', { type: 'float32', value: 1e-5 }],
    ['tokenizer.ggml.model', { type: 'string', value: 'llama' }],
    ['tokenizer.ggml.tokens', { type: 'array', of: 'string', values: tokens }],
    ['tokenizer.ggml.scores', { type: 'array', of: 'float32', values: scores }],
    ['tokenizer.ggml.token_type', { type: 'array', of: 'int32', values: types }],
    ['tokenizer.ggml.unknown_token_id', { type: 'uint32', value: 0 }],
    ['tokenizer.ggml.bos_token_id', { type: 'uint32', value: 1 }],
    ['tokenizer.ggml.eos_token_id', { type: 'uint32', value: 2 }],
  ];
  // GGUF lists dimensions innermost first (ggml's ne0, ne1): a [n_embd, n_vocab] tensor has n_vocab rows.
  const tensors: [string, number[]][] = [
    ['token_embd.weight', [embedding, vocabularySize]],
    ['blk.0.attn_norm.weight', [embedding]],
    ['blk.0.attn_q.weight', [embedding, embedding]],
    ['blk.0.attn_k.weight', [embedding, embedding]],
    ['blk.0.attn_v.weight', [embedding, embedding]],
    ['blk.0.attn_output.weight', [embedding, embedding]],
    ['blk.0.ffn_norm.weight', [embedding]],
    ['blk.0.ffn_gate.weight', [embedding, feedForward]],
    ['blk.0.ffn_up.weight', [embedding, feedForward]],
    ['blk.0.ffn_down.weight', [feedForward, embedding]],
    ['output_norm.weight', [embedding]],
    ['output.weight', [embedding, vocabularySize]],
  ];

  let state = seed >>> 0;
  const random = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32 - 0.5;
  };

  const header = new ByteWriter();
  header.bytes(Buffer.from('GGUF', 'ascii'));
  header.uint32(3);
  header.uint64(tensors.length);
  header.uint64(metadata.length);
  for (const [key, entry] of metadata) {
    header.string(key);
    writeValue(header, entry);
  }
  const data = new ByteWriter();
  for (const [name, dimensions] of tensors) {
    data.padTo(alignment);
    header.string(name);
    header.uint32(dimensions.length);
    for (const dimension of dimensions) header.uint64(dimension);
    header.uint32(ggmlTypeF32);
    header.uint64(data.length);
    const count = dimensions.reduce((product, dimension) => product * dimension, 1);
    // Norm weights of 1 keep activations in range; matrices get small random values.
    for (let index = 0; index < count; index += 1) data.float32(dimensions.length === 1 ? 1 : random() * 0.5);
  }
  header.padTo(alignment);
  return Buffer.concat([header.toBuffer(), data.toBuffer()]);
}

export function writeTinyGguf(file: string, seed?: number): string {
  writeFileSync(file, tinyGguf(seed));
  return file;
}
