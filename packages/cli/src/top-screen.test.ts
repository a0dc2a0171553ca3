import { createElement } from 'react';
import { renderToString } from 'ink';
import { describe, expect, it } from 'vitest';
import { TopScreen } from './top-screen.ts';

describe('TopScreen', () => {
  it('prints the alert lines above the frame, empty lines kept', () => {
    const out = renderToString(createElement(TopScreen, {
      frame: [[{ text: 'mentions top', bold: true }], [], [{ text: '  Orbit  ' }, { text: '▁█', colour: 'cyan' }]],
      log: { generation: 0, lines: [[{ text: 'FIRED  ', colour: 'red' }, { text: 'Orbit spike' }]] },
    }), { columns: 80 });
    expect(out.replace(/\x1b\[[0-9;]*m/g, '').split('\n').map((l) => l.trimEnd())).toEqual(['FIRED  Orbit spike', 'mentions top', '', '  Orbit  ▁█']);
  });
});
