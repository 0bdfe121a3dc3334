import { describe, expect, it } from 'vitest';
import { sanitiseSvg } from './sanitise-svg.js';

/** As Observable Plot draws, and XMLSerializer writes, a chart: namespaced, classed, with titles on its dots. */
const PLOT_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" class="plot-d6a7b5" fill="currentColor" font-family="system-ui, sans-serif" font-size="10" text-anchor="middle" width="680" height="126" viewBox="0 0 680 126" style="font-family: system-ui, sans-serif; color: #1c2430; background: transparent;">' +
  '<g aria-label="x-axis tick" fill="none" stroke="currentColor" transform="translate(0,96)"><path transform="translate(100,0)" d="M0,0L0,6"/></g>' +
  '<g aria-label="dot" fill="#1f4f99"><circle cx="306" cy="42" r="5"><title>cybench Developer: 0.45, 95% CI 0.352 to 0.548</title></circle></g>' +
  '<clipPath id="c1"><rect width="10" height="10"/></clipPath><path clip-path="url(#c1)" d="M0,0L5,5"/>' +
  '<text y="120">cybench includes/accuracy — disagree beyond chance (p = 0.008) →</text></svg>';

describe('a chart cut down to drawing before it goes into a report', () => {
  it('keeps the picture a reader sees: shapes, their colours, positions, clip paths and tooltips', () => {
    const clean = sanitiseSvg(PLOT_SVG);
    expect(clean).toContain('<circle cx="306" cy="42" r="5"><title>cybench Developer: 0.45, 95% CI 0.352 to 0.548</title></circle>');
    expect(clean).toContain('viewBox="0 0 680 126"');
    expect(clean).toContain('<clipPath id="c1"><rect width="10" height="10"/></clipPath><path clip-path="url(#c1)" d="M0,0L5,5"/>');
    expect(clean).toContain('<text y="120">cybench includes/accuracy — disagree beyond chance (p = 0.008) →</text>');
    // Its font as attributes; its inline style is dropped, which the app's policy would refuse (report.css sets the colour).
    expect(clean).toContain('font-family="system-ui, sans-serif" font-size="10"');
    expect(clean).not.toContain('style=');
  });

  it('drops the namespace URL, which an HTML page does not need and an offline file must not name', () => {
    expect(sanitiseSvg(PLOT_SVG)).not.toMatch(/https?:|xmlns/);
  });

  it('drops anything that could run or fetch: scripts, handlers, links out, foreign content, stylesheets', () => {
    const hostile =
      '<svg onload="alert(1)"><script>alert("<b>x</b>")</script>' +
      '<style>@import url(https://tracker.example/a.css);</style>' +
      '<foreignObject><iframe src="https://tracker.example"></iframe><p>html</p></foreignObject>' +
      '<image href="https://tracker.example/pixel.png" width="1" height="1"/>' +
      '<a xlink:href="javascript:alert(1)"><rect width="5" height="5"/></a>' +
      '<use href="#c1"/>' +
      '<rect style="fill: url(https://tracker.example/p)" onclick="steal()" width="3" height="3"/>' +
      '<rect fill="url(#grad)" width="4" height="4"/>' +
      '<circle r="2" data-x="javascript:alert(1)"/></svg>';
    const clean = sanitiseSvg(hostile);
    expect(clean).toBe('<svg><rect width="3" height="3"/><rect fill="url(#grad)" width="4" height="4"/><circle r="2"/></svg>');
  });

  it('closes what the chart left open and escapes stray text, so the page after it is not swallowed', () => {
    expect(sanitiseSvg('<svg><g><text>A & B < C')).toBe('<svg><g><text>A &amp; B &lt; C</text></g></svg>');
    expect(sanitiseSvg('<svg><!-- a comment --><?xml-stylesheet href="x.css"?><desc>kept</desc></svg>')).toBe('<svg><desc>kept</desc></svg>');
  });
});
