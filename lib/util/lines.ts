/**
 * The lines of a byte stream, decoded as UTF-8, one at a time with their 1-based numbers: a file
 * of any size is read with memory for one chunk and one line.
 */
export async function* linesOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<{ line: string; number: number; bytes: number }> {
  const reader = stream.pipeThrough(new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>).getReader();
  let rest = '';
  let number = 0;
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    rest += value;
    let start = 0;
    for (let end = rest.indexOf('\n'); end >= 0; end = rest.indexOf('\n', start)) {
      const line = rest.slice(start, end);
      bytes += line.length + 1;
      yield { line, number: ++number, bytes };
      start = end + 1;
    }
    rest = rest.slice(start);
  }
  if (rest) yield { line: rest, number: ++number, bytes: bytes + rest.length };
}
