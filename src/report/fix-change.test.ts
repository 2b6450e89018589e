/**
 * The words of a change: the English matches what the audit records (describeFixAction), every
 * language says every kind of change with its names and values untouched, and every button label
 * fits Slack's 75 characters.
 */
import { describe, expect, it } from '@jest/globals';
import { type FixAction, describeFixAction } from '../engine/fix-action.js';
import { LANGUAGES } from '../i18n/languages.js';
import { EVERY_CHANGE } from '../../test/support/fix-changes.js';
import { applyLabel, changeKind, describeChange } from './fix-change.js';

const changes = Object.values(EVERY_CHANGE);

/** Parts of a change that are not shown as they are: ids, a stamp, words the language says its way. */
const NOT_SHOWN = new Set([
  'kind',
  'subscription',
  'restartedAt',
  'summary',
  'vnetId',
  'fix',
  'direction',
  'collection.priority',
]);

/** Node scripts and Kubernetes changes name their node or cluster, not its resource group. */
const hiddenGroup = (a: FixAction) =>
  a.kind === 'node-script' ? a.target.resourceGroup : a.kind === 'kube' ? a.resourceGroup : null;

/** Every name and value of a change that the sentence must keep as it is. */
function shownValues(x: unknown, path = ''): string[] {
  if (typeof x === 'string' || typeof x === 'number') return String(x) === '' ? [] : [String(x)];
  if (!x || typeof x !== 'object') return [];
  return Object.entries(x).flatMap(([k, v]) => {
    const at = path ? `${path}.${k}` : k;
    return NOT_SHOWN.has(k) || NOT_SHOWN.has(at) ? [] : shownValues(v, Array.isArray(x) ? path : at);
  });
}

describe('a change in words', () => {
  it('reads in English exactly as the audit log records it', () => {
    for (const a of changes) expect(describeChange(a, 'en')).toBe(describeFixAction(a));
  });

  it.each(LANGUAGES)(
    'keeps every name and value in %s, and labels each kind within 75 characters',
    (lang) => {
      for (const a of changes) {
        const text = describeChange(a, lang);
        for (const v of shownValues(a).filter((v) => v !== hiddenGroup(a)))
          expect([changeKind(a), v, text.includes(v)]).toEqual([changeKind(a), v, true]);
        expect(applyLabel(a, lang).length).toBeLessThanOrEqual(75);
      }
    },
  );

  it('has one label per kind of change, and they differ', () => {
    for (const lang of LANGUAGES) {
      const labels = changes.map((a) => applyLabel(a, lang));
      expect(new Set(labels).size).toBe(labels.length);
    }
  });
});
