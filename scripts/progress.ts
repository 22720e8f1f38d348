// One progress line on stderr: rewritten in place on a terminal, otherwise a
// line every few seconds (logs of scheduled backups stay short).

export function progressLine(label: string) {
  const tty = process.stderr.isTTY;
  const every = tty ? 200 : 5000;
  let last = 0;
  let pending: string | undefined;
  let shown = false;
  const show = (text: string) => {
    if (tty) process.stderr.write(`\r\x1b[2K${label}: ${text}`);
    else process.stderr.write(`${label}: ${text}\n`);
    shown = true;
  };
  return {
    update(text: string) {
      pending = text;
      const now = Date.now();
      if (now - last < every) return;
      last = now;
      show(text);
      pending = undefined;
    },
    note(text: string) {
      if (tty && shown) process.stderr.write('\n');
      shown = false;
      process.stderr.write(`${text}\n`);
    },
    done() {
      if (pending !== undefined) show(pending);
      if (tty && shown) process.stderr.write('\n');
      pending = undefined;
      shown = false;
    },
  };
}
