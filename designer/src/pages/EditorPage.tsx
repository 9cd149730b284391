// The editor: the diagram with its properties and template palette, the forms of its user tasks, the compiler's
// problems as they happen, import/export and deploy. The draft is kept in this browser until deployed.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { App, Button, Space, Tabs, Upload } from 'antd';
import type Modeler from 'bpmn-js/lib/Modeler';
import type { CompileResult } from '@ggzy/process';
import { api, useI18n, type Me } from '@ggzy/web';
import { createModeler, emptyDiagram } from '../features/modeler/create-modeler';
import { ProblemStore } from '../features/compiler-lint/problem-store';
import type { CompilerProblems } from '../features/compiler-lint';
import { ProblemsPanel } from '../features/compiler-lint/ProblemsPanel';
import { FormEditor, type Forms } from '../features/forms/FormEditor';
import { DeployDialog } from '../features/deploy/DeployDialog';
import { TemplateList } from '../features/task-templates/TemplateList';
import type { TaskTemplates } from '../features/task-templates';

const DRAFT_KEY = 'ggzy.designer.draft';

interface Draft { xml: string; forms: Forms }

function loadDraft(): Draft | null {
  try {
    const raw = localStorage.getItem(DRAFT_KEY);
    return raw ? (JSON.parse(raw) as Draft) : null;
  } catch {
    return null;
  }
}

function download(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function EditorPage({ me }: { me: Me }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const canvasRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const modelerRef = useRef<Modeler | null>(null);
  const formsRef = useRef<Forms>({});
  const [forms, setFormsState] = useState<Forms>(() => loadDraft()?.forms ?? {});
  const [result, setResult] = useState<CompileResult | null>(null);
  const [tab, setTab] = useState('diagram');
  const [deployOpen, setDeployOpen] = useState(false);
  formsRef.current = forms;

  const pendingSave = useRef<Promise<void>>(Promise.resolve());
  const saveDraftOf = useCallback(async (modeler: Modeler) => {
    const { xml = '' } = await modeler.saveXML({ format: true });
    try {
      localStorage.setItem(DRAFT_KEY, JSON.stringify({ xml, forms: formsRef.current }));
    } catch { /* storage full or disabled: the export buttons still work */ }
  }, []);
  const saveDraft = useCallback(async () => {
    if (modelerRef.current) await saveDraftOf(modelerRef.current).catch(() => undefined);
  }, [saveDraftOf]);

  const importXml = useCallback(async (xml: string, nextForms?: Forms) => {
    const modeler = modelerRef.current;
    if (!modeler) return;
    if (nextForms) {
      formsRef.current = nextForms;
      setFormsState(nextForms);
    }
    try {
      const { warnings } = await modeler.importXML(xml);
      (modeler.get('canvas') as { zoom(level: string): void }).zoom('fit-viewport');
      if (warnings.length) message.warning(t(`导入时有 ${warnings.length} 条提示`, `${warnings.length} import warnings`));
    } catch (err) {
      message.error(`${t('无法打开该文件', 'Cannot open the file')}：${(err as Error).message}`);
    }
  }, [message, t]);

  // one modeler per language (its palette and panel texts are rendered once); the diagram survives a switch
  useEffect(() => {
    const store = new ProblemStore();
    const modeler = createModeler(canvasRef.current!, panelRef.current!, { store, forms: () => formsRef.current });
    modelerRef.current = modeler;
    modeler.on('ggzy.compiled', (e: { result: CompileResult }) => setResult(e.result));
    modeler.on('commandStack.changed', () => void saveDraftOf(modeler).catch(() => undefined));
    void pendingSave.current
      .then(() => modeler.importXML(loadDraft()?.xml ?? emptyDiagram()))
      .catch(() => modeler.importXML(emptyDiagram()));
    return () => {
      pendingSave.current = saveDraftOf(modeler).catch(() => undefined).finally(() => modeler.destroy());
    };
  }, [lang, saveDraftOf]);

  // forms changed: recompile (unknown form keys and required fields depend on them) and keep the draft
  useEffect(() => {
    (modelerRef.current?.get('compilerProblems') as CompilerProblems | undefined)?.schedule(100);
    void saveDraft();
  }, [forms, saveDraft]);

  // ?open=key/region/version loads a deployed version
  useEffect(() => {
    const open = params.get('open');
    if (!open) return;
    void api<{ xml: string; forms: Forms }>(`/api/process-definitions/${open.split('/').map(encodeURIComponent).join('/')}`)
      .then((v) => importXml(v.xml, v.forms))
      .catch((err: Error) => message.error(err.message))
      .finally(() => setParams({}, { replace: true }));
  }, [params, setParams, importXml, message]);

  const selectElement = useCallback((id: string) => {
    const modeler = modelerRef.current;
    if (!modeler) return;
    setTab('diagram');
    const element = (modeler.get('elementRegistry') as { get(id: string): unknown }).get(id);
    if (!element) return;
    (modeler.get('selection') as { select(el: unknown): void }).select(element);
    (modeler.get('canvas') as { scrollToElement(el: unknown): void }).scrollToElement(element);
  }, []);

  const getXml = useCallback(async () => (await modelerRef.current!.saveXML({ format: true })).xml ?? '', []);
  const processKey = () => {
    const root = (modelerRef.current?.get('canvas') as { getRootElement(): { businessObject: { id: string } } } | undefined)?.getRootElement();
    return root?.businessObject.id ?? 'procedure';
  };

  return (
    <div className="editor">
      <Space className="toolbar" wrap>
        <Button onClick={() => { formsRef.current = {}; setFormsState({}); void importXml(emptyDiagram()); }}>{t('新建', 'New')}</Button>
        <Upload accept=".bpmn,.xml" showUploadList={false} beforeUpload={(file) => {
          void file.text().then((xml) => importXml(xml));
          return false;
        }}>
          <Button>{t('打开 .bpmn', 'Open .bpmn')}</Button>
        </Upload>
        <Button onClick={async () => download(`${processKey()}.bpmn`, await getXml(), 'application/xml')}>{t('导出 .bpmn', 'Export .bpmn')}</Button>
        <Upload accept=".json" showUploadList={false} beforeUpload={(file) => {
          void file.text().then((text) => {
            try {
              const parsed = JSON.parse(text) as Forms;
              formsRef.current = parsed;
              setFormsState(parsed);
            } catch {
              message.error(t('不是有效的表单文件', 'Not a valid forms file'));
            }
          });
          return false;
        }}>
          <Button>{t('导入表单', 'Import forms')}</Button>
        </Upload>
        <Button onClick={() => download(`${processKey()}.forms.json`, JSON.stringify(forms, null, 2), 'application/json')}>{t('导出表单', 'Export forms')}</Button>
        <Button type="primary" onClick={() => setDeployOpen(true)} data-testid="deploy-open">{t('部署…', 'Deploy…')}</Button>
      </Space>
      <Tabs activeKey={tab} onChange={(key) => {
        setTab(key);
        if (key === 'diagram') setTimeout(() => (modelerRef.current?.get('canvas') as { resized(): void } | undefined)?.resized(), 0);
      }} items={[
        {
          key: 'diagram', label: t('流程图', 'Diagram'), forceRender: true,
          children: (
            <div className="diagram-layout">
              <TemplateList onStart={(event, template) => (modelerRef.current?.get('taskTemplates') as TaskTemplates).start(event, template)} />
              <div className="canvas" ref={canvasRef} data-testid="canvas" />
              <div className="properties" ref={panelRef} data-testid="properties" />
            </div>
          ),
        },
        { key: 'forms', label: t('表单', 'Forms'), forceRender: true, children: <FormEditor forms={forms} onChange={(f) => { formsRef.current = f; setFormsState(f); }} /> },
      ]} />
      <ProblemsPanel result={result} onSelect={selectElement} />
      <DeployDialog me={me} open={deployOpen} onClose={() => setDeployOpen(false)} getXml={getXml} forms={forms} onSelectElement={(id) => { setDeployOpen(false); selectElement(id); }} />
    </div>
  );
}
