import { useEffect, useRef, useState } from 'react';
import './compare.css';

export interface DrawnPlot {
  readonly svg: SVGSVGElement;
  readonly description: string;
}

/** The width a chart may take: its container's, kept up to date as the window or the split changes. */
function useContainerWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry?.contentRect.width ?? 0)));
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

/**
 * One Plot chart, drawn to the width of its container (at least 480, at most 1400 pixels), as an
 * image whose accessible name says everything it shows. `onDrawn` hands the SVG to whoever exports it.
 */
export function PlotFigure({ draw, onDrawn }: { readonly draw: (width: number) => DrawnPlot; readonly onDrawn?: (svg: SVGSVGElement) => void }) {
  const outer = useRef<HTMLDivElement>(null);
  const inner = useRef<HTMLDivElement>(null);
  const available = useContainerWidth(outer);
  const [description, setDescription] = useState('');
  useEffect(() => {
    const container = inner.current;
    if (!container || available === 0) return;
    const drawn = draw(Math.max(480, Math.min(1400, available)));
    drawn.svg.setAttribute('aria-hidden', 'true');
    container.replaceChildren(drawn.svg);
    setDescription(drawn.description);
    onDrawn?.(drawn.svg);
    return () => drawn.svg.remove();
  }, [draw, available, onDrawn]);
  return (
    <div ref={outer} className="plot-figure">
      <div ref={inner} role="img" aria-label={description || 'Drawing the chart…'} />
    </div>
  );
}
