import { describe, expect, it } from 'vitest';
import { makeMessage } from '../test-helpers.js';
import { pushedOutOfViewFinding, pushingDeclaration } from './pushed-away.js';

describe('content.pushed-out-of-view', () => {
  it('reads pushes in style sheets and style attributes, in every unit a spammer uses', () => {
    expect(pushingDeclaration('<style>.belowView { margin-top: 470500px; }</style>')).toBe('margin-top: 470500px');
    expect(pushingDeclaration('<style>.wrapper{height:10000vh}</style>')).toBe('height: 10000vh');
    expect(pushingDeclaration('<style>.spacer { flex-grow: 2000; }</style>')).toBe('flex-grow: 2000');
    expect(pushingDeclaration('<div style="padding-bottom:12000px">x</div>')).toBe('padding-bottom: 12000px');
    expect(pushingDeclaration('<div style="position:relative;top:-25000px">x</div>')).toBe('top: -25000px');
    expect(pushingDeclaration('<p style="MARGIN-TOP: 800EM">x</p>')).toBe('MARGIN-TOP: 800EM');
  });

  it('leaves lengths of real layouts alone', () => {
    for (const css of ['height:9999px', 'margin-top:2000px', 'height:100vh', 'flex-grow:1', 'flex:1 1 0', 'line-height:24000px', 'width:20000px', 'left:-9999px', 'text-indent:-99999px', 'height:50000%']) {
      expect(pushingDeclaration(`<div style="${css}">x</div>`), css).toBeUndefined();
    }
  });

  it('reports once per message, forwarded messages included', () => {
    const inner = makeMessage({ html: '<style>.x{height:20000px}</style>' });
    expect(pushedOutOfViewFinding(makeMessage({ html: '<p>hello</p>', nested: [inner] }))).toMatchObject({ scanner: 'content', kind: 'content.pushed-out-of-view', subject: 'height: 20000px' });
    expect(pushedOutOfViewFinding(makeMessage({ html: '<p>hello</p>' }))).toBeUndefined();
  });
});
