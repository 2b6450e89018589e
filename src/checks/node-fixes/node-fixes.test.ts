import { describe, expect, it } from '@jest/globals';
import { renderScript } from '../node-script.js';
import { NODE_FIXES } from './index.js';

describe('node fixes', () => {
  it('render to constant scripts with the values as single shell words', () => {
    const f = NODE_FIXES['iptables-delete-rule'];
    const script = renderScript(f.template, f.params.parse({ chain: 'INPUT', ruleNumber: 3 }));
    expect(script).toContain('iptables -w 5 -D INPUT 3');
    expect(f.describe({ chain: 'INPUT', ruleNumber: 3 })).toBe(
      'delete rule 3 of iptables chain INPUT on the node',
    );
    expect(renderScript(NODE_FIXES['ufw-allow-10250'].template, {})).toContain('ufw allow 10250/tcp');
  });

  it.each([
    { chain: 'INPUT; reboot', ruleNumber: 1 },
    { chain: '$(id)', ruleNumber: 1 },
    { chain: '-F', ruleNumber: 1 },
    { chain: 'INPUT', ruleNumber: 0 },
    { chain: 'INPUT', ruleNumber: '1; reboot' },
    { chain: 'INPUT', ruleNumber: 1, extra: 'x' },
  ])('rejects hostile parameters %j', (params) => {
    expect(() => NODE_FIXES['iptables-delete-rule'].params.parse(params)).toThrow();
  });
});
