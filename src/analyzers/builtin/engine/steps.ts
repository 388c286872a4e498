// Statement steps of the control-flow graph: how each one changes the facts (assignments bind taint, constants,
// call bindings, derivations and stored checks; `with`/`for`/`except` bind their targets; a raising checker's call
// cleans its arguments after it returns), and where the rules' assign / returned hooks run. The module analysis owns
// the state; this reads and writes it through the context, so the walk and the facts API stay in one place.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import { mergeTaint, sanitize, type Taint } from '../taint.js';
import type { AnalysisHooks } from './analysis-hooks.js';
import { callArgumentNodes } from './call-sites.js';
import type { Step } from './cfg.js';
import { derivationOf, type DerivationContext } from './derivations.js';
import { carriesExceptionDetail } from './exception-detail.js';
import type { ExpressionEvaluator } from './expressions.js';
import { recordValidation, type FlowState } from './flow-state.js';
import type { SummarizedCallee } from './local-calls.js';
import { caseCaptures, caseSubject } from './match-patterns.js';
import type { ModuleAnalysis } from './module-analysis.js';

export interface StepContext {
  /** The facts at the current point (the module analysis swaps it as it walks). */
  readonly state: FlowState;
  /** Rules run: the reporting replay (or the probe). */
  readonly emitting: boolean;
  readonly evaluator: ExpressionEvaluator;
  readonly hooks: AnalysisHooks;
  readonly analysis: ModuleAnalysis;
  readonly derivations: DerivationContext;
  text(node: PlainNode): string;
  qualify(node: PlainNode): string | undefined;
  isConstant(node: PlainNode): boolean;
  lookup(name: string): { found: boolean; taint: Taint | undefined };
  summarizedCallee(node: PlainNode): SummarizedCallee | undefined;
  /** After a name is bound: the checked instance it may now hold (validation-sites.ts). */
  bound?(name: string, value: PlainNode | undefined, taint: Taint | undefined): void;
}

export class StepInterpreter {
  constructor(private readonly context: StepContext) {}

  transfer(step: Step): void {
    const node = step.node;
    switch (step.kind) {
      case 'condition':
      case 'subject':
        this.context.evaluator.evaluate(node);
        return;
      case 'for': {
        const left = childByField(node, 'left');
        const right = childByField(node, 'right');
        const taint = right ? this.context.evaluator.evaluate(right) : undefined;
        if (left) this.bind(left, taint, undefined);
        return;
      }
      case 'with':
        this.withItems(node);
        return;
      case 'except':
        for (const child of namedChildren(node)) {
          if (child.type !== 'as_pattern') continue;
          const alias = childByField(child, 'alias');
          const target = alias ? (alias.type === 'identifier' ? alias : namedChildren(alias)[0]) : undefined;
          if (target) this.context.state.exceptions.add(this.context.text(target));
        }
        return;
      case 'case': {
        // A pattern's captures hold the subject or parts of it.
        const subject = caseSubject(node);
        const taint = subject ? this.context.evaluator.evaluate(subject) : undefined;
        for (const capture of caseCaptures(node)) this.bind(capture, taint, subject);
        return;
      }
      case 'statement':
        this.statement(node);
    }
  }

  private statement(node: PlainNode): void {
    switch (node.type) {
      case 'expression_statement':
        for (const child of namedChildren(node)) this.expressionStatement(child);
        this.applyCheckers(node);
        return;
      case 'return_statement': {
        const value = namedChildren(node)[0];
        if (value) {
          const taint = this.context.evaluator.evaluate(value);
          this.context.state.returned = mergeTaint(this.context.state.returned, taint);
          if (this.context.emitting) this.context.hooks.returned(value, this.context.analysis);
        }
        return;
      }
      default:
        for (const child of namedChildren(node)) this.context.evaluator.evaluate(child);
    }
  }

  private withItems(node: PlainNode): void {
    for (const child of namedChildren(node)) {
      if (child.type !== 'with_clause') continue;
      for (const item of namedChildren(child)) {
        const value = namedChildren(item)[0];
        if (!value) continue;
        if (value.type === 'as_pattern') {
          const expression = namedChildren(value)[0];
          const alias = childByField(value, 'alias');
          const taint = expression ? this.context.evaluator.evaluate(expression) : undefined;
          const target = alias ? (alias.type === 'as_pattern_target' ? namedChildren(alias)[0] : alias) : undefined;
          if (target && expression) this.bind(target, taint, expression);
        } else {
          this.context.evaluator.evaluate(value);
        }
      }
    }
  }

  private expressionStatement(node: PlainNode): void {
    if (node.type === 'assignment') {
      const left = childByField(node, 'left');
      const right = childByField(node, 'right');
      if (!left || !right) return;
      const taint = this.context.evaluator.evaluate(right);
      if (left.type === 'subscript' || left.type === 'attribute') {
        for (const child of namedChildren(left)) this.context.evaluator.evaluate(child);
      }
      if (this.context.emitting) this.context.hooks.assign(left, right, this.context.analysis);
      this.bind(left, taint, right);
      return;
    }
    if (node.type === 'augmented_assignment') {
      const left = childByField(node, 'left');
      const right = childByField(node, 'right');
      if (!left || !right) return;
      const taint = mergeTaint(this.context.evaluator.evaluate(left), this.context.evaluator.evaluate(right));
      if (this.context.emitting) this.context.hooks.assign(left, right, this.context.analysis);
      if (left.type === 'identifier') {
        this.context.state.taints.set(this.context.text(left), taint);
        this.context.state.validated.delete(this.context.text(left));
        if (!this.context.isConstant(right)) this.context.state.constants.delete(this.context.text(left));
      }
      return;
    }
    this.context.evaluator.evaluate(node);
  }

  /** After `check(p)` returns, what the raising checker established about `p` holds. */
  private applyCheckers(statement: PlainNode): void {
    let expression = namedChildren(statement)[0];
    if (expression?.type === 'assignment') expression = childByField(expression, 'right');
    if (expression?.type === 'await') expression = namedChildren(expression)[0];
    if (expression?.type !== 'call') return;
    const callee = this.context.summarizedCallee(expression);
    if (!callee) return;
    const args = callArgumentNodes(expression);
    args.forEach((argument, index) => {
      const mask = callee.summary.onReturn[index + callee.offset] ?? 0;
      if (mask !== 0 && (argument.type === 'identifier' || argument.type === 'attribute'))
        this.clean(this.context.text(argument), argument, mask);
    });
  }

  bind(target: PlainNode, taint: Taint | undefined, value: PlainNode | undefined): void {
    if (target.type === 'identifier' || target.type === 'attribute') {
      const name = this.context.text(target);
      const state = this.context.state;
      state.taints.set(name, taint);
      state.validated.delete(name);
      // A new value for `m` is a new `m.name` too: a check on the old member's attribute does not carry over.
      for (const key of state.validated.keys())
        if (key.startsWith(`${name}.`) || key.startsWith(`${name}[`)) state.validated.delete(key);
      if (value && this.context.isConstant(value)) state.constants.add(name);
      else state.constants.delete(name);
      const qualified =
        value && (value.type === 'call' || value.type === 'attribute' || value.type === 'identifier')
          ? this.context.qualify(value)
          : undefined;
      if (qualified && qualified !== name) state.bindings.set(name, qualified);
      else state.bindings.delete(name);
      const derivation = value ? derivationOf(this.context.derivations, value) : undefined;
      if (derivation) state.derived.set(name, derivation);
      else state.derived.delete(name);
      const aliased = value?.type === 'identifier' ? state.conditions.get(this.context.text(value)) : undefined;
      if (value && checkShapes.has(value.type)) state.conditions.set(name, value);
      else if (aliased) state.conditions.set(name, aliased); // `fine = ok` holds the check `ok` holds
      else state.conditions.delete(name);
      if (
        value &&
        carriesExceptionDetail(
          value,
          (node) => this.context.analysis.isException(node),
          (node) => this.context.qualify(node),
        )
      )
        state.exceptions.add(name);
      else state.exceptions.delete(name);
      if (target.type === 'identifier') this.context.bound?.(name, value, taint);
      return;
    }
    // `argv[0] = other`: a check on the element no longer holds.
    if (target.type === 'subscript') this.context.state.validated.delete(this.context.text(target));
    if (
      ['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'parenthesized_expression'].includes(
        target.type,
      )
    ) {
      for (const child of namedChildren(target)) this.bind(child, taint, undefined);
    }
  }

  clean(name: string, node: PlainNode | undefined, mask: number): void {
    if (name === '') return;
    recordValidation(this.context.state, name, mask);
    const current = node ? this.context.evaluator.evaluate(node) : this.context.lookup(name).taint;
    if (current) this.context.state.taints.set(name, sanitize(current, mask));
  }
}

/** Expressions whose value is a check's verdict, worth remembering when assigned to a name. */
const checkShapes = new Set([
  'call',
  'comparison_operator',
  'boolean_operator',
  'not_operator',
  'parenthesized_expression',
]);
