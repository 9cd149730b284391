// The deal's BPMN (the version it runs on) in a read-only viewer: where the tokens are, and where it has been.
import { useEffect, useRef } from 'react';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import './deal-diagram.css';

export default function DealDiagram({ xml, tokens, visited, openTasks }: { xml: string; tokens: string[]; visited: string[]; openTasks: string[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const viewerRef = useRef<NavigatedViewer | null>(null);
  const marked = useRef<Array<[string, string]>>([]);

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
    viewer.importXML(xml).then(() => {
      if (!cancelled) (viewer.get('canvas') as { zoom(l: string): void }).zoom('fit-viewport');
    }, (err: unknown) => {
      if (!cancelled) console.error('the deal\'s diagram could not be shown', err);
    });
    return () => { cancelled = true; };
  }, [xml]);

  useEffect(() => {
    const viewer = viewerRef.current!;
    const apply = () => {
      const canvas = viewer.get('canvas') as { addMarker(id: string, c: string): void; removeMarker(id: string, c: string): void };
      const registry = viewer.get('elementRegistry') as { get(id: string): unknown };
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

  return <div ref={ref} className="deal-diagram" data-testid="deal-diagram" />;
}
