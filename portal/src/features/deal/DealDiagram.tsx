// The deal's BPMN (the version it runs on) in a read-only viewer: where the tokens are, and where it has been. The view
// opens on the path the deal has taken and where it is now (a wide procedure is not shrunk until unreadable, and
// handlers drawn far to one side stay out of the way): never below a readable zoom, centred on the current tokens
// when the path is wider than the box. The wheel zooms, dragging pans, and the buttons zoom, show the whole model or
// go back to where the deal is.
import { useEffect, useRef } from 'react';
import { Button, Space, Tooltip } from 'antd';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { useI18n } from '@ggzy/web';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import './deal-diagram.css';

interface Box { x: number; y: number; width: number; height: number }
interface Canvas {
  zoom(level?: number | 'fit-viewport', center?: 'auto' | { x: number; y: number }): number;
  viewbox(box?: Box): Box;
  getSize(): { width: number; height: number };
  addMarker(id: string, c: string): void;
  removeMarker(id: string, c: string): void;
}
interface Shape { id: string; x?: number; y?: number; width?: number; height?: number; waypoints?: unknown; labelTarget?: unknown; type?: string }
interface Registry { get(id: string): Shape | undefined; getAll(): Shape[] }

const GGZY_NAMESPACE = 'urn:ggzy:bpmn:1.0';

/** The diagram with each step's English name (ggzy:nameEn) in place of its name, where the model carries one. */
function inEnglish(xml: string): string {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length > 0) return xml;
  let changed = false;
  for (const el of Array.from(doc.getElementsByTagName('*'))) {
    const en = el.getAttributeNS(GGZY_NAMESPACE, 'nameEn');
    if (en) {
      el.setAttribute('name', en);
      changed = true;
    }
  }
  return changed ? new XMLSerializer().serializeToString(doc) : xml;
}

/** Below this a task's name cannot be read. */
const READABLE_ZOOM = 0.75;
const MARGIN = 48;

/** The box around the shapes (not the flows or labels) of `ids`; null when none of them is drawn. */
function boundsOf(registry: Registry, ids: readonly string[]): Box | null {
  const shapes = ids.map((id) => registry.get(id)).filter((s): s is Shape => !!s && s.width !== undefined && !s.waypoints && !s.labelTarget && s.type !== 'bpmn:Process');
  if (shapes.length === 0) return null;
  const x = Math.min(...shapes.map((s) => s.x!));
  const y = Math.min(...shapes.map((s) => s.y!));
  const right = Math.max(...shapes.map((s) => s.x! + s.width!));
  const bottom = Math.max(...shapes.map((s) => s.y! + s.height!));
  return { x, y, width: right - x, height: bottom - y };
}

/** Shows `box` in the canvas, centred, at the zoom that fits it — or at `floor` around `centre` when fitting would go below it. */
function show(canvas: Canvas, box: Box, centre: { x: number; y: number }, floor: number): void {
  const size = canvas.getSize();
  if (size.width === 0 || size.height === 0) return;
  const padded = { x: box.x - MARGIN, y: box.y - MARGIN, width: box.width + 2 * MARGIN, height: box.height + 2 * MARGIN };
  const fit = Math.min(size.width / padded.width, size.height / padded.height, 1.2);
  const zoom = Math.max(fit, floor);
  const at = zoom > fit ? centre : { x: padded.x + padded.width / 2, y: padded.y + padded.height / 2 };
  const width = size.width / zoom;
  const height = size.height / zoom;
  canvas.viewbox({ x: at.x - width / 2, y: at.y - height / 2, width, height });
}

export default function DealDiagram({ xml, tokens, visited, openTasks }: { xml: string; tokens: string[]; visited: string[]; openTasks: string[] }) {
  const { t, lang } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  const viewerRef = useRef<NavigatedViewer | null>(null);
  const marked = useRef<Array<[string, string]>>([]);
  const where = useRef({ tokens, visited });
  where.current = { tokens, visited };

  /** The deal's path and where it is now, readable; the whole model when nothing has happened yet. */
  const focusOnDeal = () => {
    const viewer = viewerRef.current;
    if (!viewer) return;
    const canvas = viewer.get('canvas') as Canvas;
    const registry = viewer.get('elementRegistry') as Registry;
    const now = boundsOf(registry, where.current.tokens);
    const path = boundsOf(registry, [...where.current.visited, ...where.current.tokens]);
    const all = boundsOf(registry, registry.getAll().map((s) => s.id));
    const box = path ?? all;
    if (!box) return;
    const centreOf = now ?? box;
    show(canvas, box, { x: centreOf.x + centreOf.width / 2, y: centreOf.y + centreOf.height / 2 }, READABLE_ZOOM);
  };

  const wholeModel = () => {
    const viewer = viewerRef.current;
    if (viewer) (viewer.get('canvas') as Canvas).zoom('fit-viewport', 'auto');
  };

  const zoomBy = (factor: number) => {
    const viewer = viewerRef.current;
    if (!viewer) return;
    const canvas = viewer.get('canvas') as Canvas;
    const box = canvas.viewbox();
    canvas.zoom(Math.min(Math.max(canvas.zoom() * factor, 0.2), 3), { x: box.x + box.width / 2, y: box.y + box.height / 2 });
  };

  useEffect(() => {
    const viewer = new NavigatedViewer({ container: ref.current! });
    viewerRef.current = viewer;
    return () => viewer.destroy();
  }, []);

  useEffect(() => {
    const viewer = viewerRef.current!;
    let cancelled = false;
    // An import still running when the page leaves (the viewer destroyed under it) fails inside bpmn-js: that
    // failure is the page's own doing and is dropped; any other is reported.
    viewer.importXML(lang === 'en' ? inEnglish(xml) : xml).then(() => {
      if (!cancelled) focusOnDeal();
    }, (err: unknown) => {
      if (!cancelled) console.error('the deal\'s diagram could not be shown', err);
    });
    return () => { cancelled = true; };
  }, [xml, lang]);

  useEffect(() => {
    const viewer = viewerRef.current!;
    const apply = () => {
      const canvas = viewer.get('canvas') as Canvas;
      const registry = viewer.get('elementRegistry') as Registry;
      for (const [id, c] of marked.current) if (registry.get(id)) canvas.removeMarker(id, c);
      const next: Array<[string, string]> = [
        ...visited.map((id) => [id, 'deal-visited'] as [string, string]),
        ...tokens.map((id) => [id, 'deal-token'] as [string, string]),
        ...openTasks.map((id) => [id, 'deal-open-task'] as [string, string]),
      ];
      for (const [id, c] of next) if (registry.get(id)) canvas.addMarker(id, c);
      marked.current = next;
    };
    const bus = viewer.get('eventBus') as { on(e: string, f: () => void): void; off(e: string, f: () => void): void };
    apply();
    bus.on('import.done', apply);
    return () => bus.off('import.done', apply);
  }, [tokens, visited, openTasks]);

  return (
    <div className="deal-diagram-frame">
      <div ref={ref} className="deal-diagram" data-testid="deal-diagram" />
      <Space.Compact className="deal-diagram-tools" size="small">
        <Tooltip title={t('放大', 'Zoom in')}><Button aria-label={t('放大', 'Zoom in')} data-testid="diagram-zoom-in" onClick={() => zoomBy(1.25)}>+</Button></Tooltip>
        <Tooltip title={t('缩小', 'Zoom out')}><Button aria-label={t('缩小', 'Zoom out')} data-testid="diagram-zoom-out" onClick={() => zoomBy(0.8)}>−</Button></Tooltip>
        <Button data-testid="diagram-whole" onClick={wholeModel}>{t('全图', 'Whole model')}</Button>
        <Button data-testid="diagram-current" onClick={focusOnDeal}>{t('当前位置', 'Where it is')}</Button>
      </Space.Compact>
    </div>
  );
}
