// The live screen of `mentions top` in Ink: alert transitions printed once above (Ink's <Static>,
// which keeps them in the terminal's scrollback) and the current frame below, redrawn in place.
import { createElement as h, type ReactElement } from 'react';
import { Box, Static, Text } from 'ink';
import type { Line } from './top-render.ts';

export interface TransitionLog {
  /** Changes when the list is started afresh, so <Static> (which prints only items added since its last render) starts from 0 again. */
  generation: number;
  lines: Line[];
}

function renderLine(line: Line, key: number | string): ReactElement {
  // An empty line still takes a row.
  if (line.length === 0) return h(Text, { key }, ' ');
  return h(Text, { key, wrap: 'truncate-end' }, ...line.map((s, i) => h(Text, { key: i, color: s.colour, bold: s.bold }, s.text)));
}

export function TopScreen(props: { frame: Line[]; log: TransitionLog }): ReactElement {
  return h(Box, { flexDirection: 'column' },
    h(Static<Line>, { key: props.log.generation, items: props.log.lines, children: (line, i) => renderLine(line, i) }),
    h(Box, { flexDirection: 'column' }, ...props.frame.map((line, i) => renderLine(line, i))));
}
