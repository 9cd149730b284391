// bpmnlint in the editor: bpmnlint's recommended rules, plus two rules that report what the real compiler (the one
// the api deploys with) says about the diagram, so the editor flags exactly what a deploy would refuse.
import { tr } from '@ggzy/web';
import type { Problem } from '@ggzy/process';
import type { ProblemStore } from './problem-store';
import adHocSubProcess from 'bpmnlint/rules/ad-hoc-sub-process';
import conditionalFlows from 'bpmnlint/rules/conditional-flows';
import endEventRequired from 'bpmnlint/rules/end-event-required';
import eventBasedGateway from 'bpmnlint/rules/event-based-gateway';
import fakeJoin from 'bpmnlint/rules/fake-join';
import labelRequired from 'bpmnlint/rules/label-required';
import noBpmndi from 'bpmnlint/rules/no-bpmndi';
import noComplexGateway from 'bpmnlint/rules/no-complex-gateway';
import noDisconnected from 'bpmnlint/rules/no-disconnected';
import noDuplicateSequenceFlows from 'bpmnlint/rules/no-duplicate-sequence-flows';
import noGatewayJoinFork from 'bpmnlint/rules/no-gateway-join-fork';
import noImplicitEnd from 'bpmnlint/rules/no-implicit-end';
import noImplicitSplit from 'bpmnlint/rules/no-implicit-split';
import noImplicitStart from 'bpmnlint/rules/no-implicit-start';
import noOverlappingElements from 'bpmnlint/rules/no-overlapping-elements';
import singleBlankStartEvent from 'bpmnlint/rules/single-blank-start-event';
import singleEventDefinition from 'bpmnlint/rules/single-event-definition';
import startEventRequired from 'bpmnlint/rules/start-event-required';
import superfluousGateway from 'bpmnlint/rules/superfluous-gateway';
import superfluousTermination from 'bpmnlint/rules/superfluous-termination';

type Node = { id?: string; $type: string };
type Reporter = { report(id: string, message: string): void };

function message(p: Problem): string {
  return `${p.code}: ${tr(p.message, p.messageEn)}`;
}

function compilerRule(store: ProblemStore, kind: 'errors' | 'warnings') {
  return () => ({
    check(node: Node, reporter: Reporter) {
      if (!node.id) return;
      for (const p of store.of(node.id)[kind]) reporter.report(node.id, message(p));
      // document-level problems sit on the process
      if (node.$type === 'bpmn:Process') for (const p of store.of('')[kind]) reporter.report(node.id, message(p));
    },
  });
}

const BPMNLINT_RULES: Record<string, [unknown, 'error' | 'warn']> = {
  'ad-hoc-sub-process': [adHocSubProcess, 'error'],
  'conditional-flows': [conditionalFlows, 'error'],
  'end-event-required': [endEventRequired, 'error'],
  'event-based-gateway': [eventBasedGateway, 'error'],
  'fake-join': [fakeJoin, 'warn'],
  'label-required': [labelRequired, 'warn'],
  'no-bpmndi': [noBpmndi, 'error'],
  'no-complex-gateway': [noComplexGateway, 'error'],
  'no-disconnected': [noDisconnected, 'error'],
  'no-duplicate-sequence-flows': [noDuplicateSequenceFlows, 'error'],
  'no-gateway-join-fork': [noGatewayJoinFork, 'warn'],
  'no-implicit-end': [noImplicitEnd, 'error'],
  'no-implicit-split': [noImplicitSplit, 'error'],
  'no-implicit-start': [noImplicitStart, 'error'],
  'no-overlapping-elements': [noOverlappingElements, 'warn'],
  'single-blank-start-event': [singleBlankStartEvent, 'error'],
  'single-event-definition': [singleEventDefinition, 'error'],
  'start-event-required': [startEventRequired, 'error'],
  'superfluous-gateway': [superfluousGateway, 'warn'],
  'superfluous-termination': [superfluousTermination, 'warn'],
};

/** The { config, resolver } pair bpmn-js-bpmnlint expects, resolved statically (no bundler plugin needed). */
export function lintConfig(store: ProblemStore) {
  const rules: Record<string, unknown> = {
    'bpmnlint-plugin-ggzy/compiler-errors': compilerRule(store, 'errors'),
    'bpmnlint-plugin-ggzy/compiler-warnings': compilerRule(store, 'warnings'),
  };
  const config: Record<string, string> = { 'ggzy/compiler-errors': 'error', 'ggzy/compiler-warnings': 'warn' };
  for (const [name, [rule, level]] of Object.entries(BPMNLINT_RULES)) {
    rules[`bpmnlint/${name}`] = rule;
    config[name] = level;
  }
  return {
    config: { rules: config },
    resolver: {
      resolveRule: (pkg: string, name: string) => rules[`${pkg}/${name}`],
      resolveConfig: (pkg: string, name: string) => {
        throw new Error(`no bpmnlint config ${pkg}/${name} is bundled`);
      },
    },
  };
}
