/** A one-line progress bar on a terminal; silent when the stream is not a TTY (CI logs, pipes). */
export function progressBar(
  stream: NodeJS.WriteStream,
  label: string,
): { update(done: number, total: number): void; end(): void } {
  const enabled = stream.isTTY === true;
  let shown = false;
  return {
    update(done, total) {
      if (!enabled || total === 0) return;
      const width = 30;
      const filled = Math.round((done / total) * width);
      stream.write(`\r${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total}`);
      shown = true;
    },
    end() {
      if (shown) stream.write("\n");
    },
  };
}
