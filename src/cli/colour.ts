// Whether the text report may colour its words: on a terminal, off for pipes and files and with
// NO_COLOR set (https://no-color.org), on whatever the stream with FORCE_COLOR (not 0 or false).
export function colourAllowed(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '0' && force.toLowerCase() !== 'false') return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true && env.TERM !== 'dumb';
}
