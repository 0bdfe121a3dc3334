import { describe, expect, it } from 'vitest';
import { debugSwitchRefusal, debugSwitchesIn } from './debug-switches.js';

const none = () => false;

describe('debugging switches', () => {
  it.each([
    ['--remote-debugging-port=9222', 'remote-debugging-port'],
    ['--remote-debugging-pipe', 'remote-debugging-pipe'],
    ['--inspect', 'inspect'],
    ['--inspect=127.0.0.1:9229', 'inspect'],
    ['--inspect-brk', 'inspect-brk'],
    ['--inspect-brk=0', 'inspect-brk'],
    ['--inspect-port=9230', 'inspect-port'],
    ['-inspect-brk-node', 'inspect-brk-node'],
  ])('finds %s', (arg, name) => {
    expect(debugSwitchesIn(['/opt/Frontier Review/frontier-review', arg], none)).toEqual([name]);
  });

  it('leaves look-alikes and ordinary arguments alone', () => {
    expect(debugSwitchesIn(['/opt/frontier-review', '--inspector', '--inspect-brkx', 'inspect', '/home/jdoe/--inspect.eval', '--no-sandbox'], none)).toEqual([]);
  });

  it("also asks Chromium's own parse, which sees switches argv may not show", () => {
    expect(debugSwitchesIn(['/opt/frontier-review'], (name) => name === 'remote-debugging-port')).toEqual(['remote-debugging-port']);
  });

  it('refuses a packaged app started with them, naming each, and lets a development run start', () => {
    const argv = ['/opt/frontier-review', '--inspect=9229', '--remote-debugging-port=9222', '--inspect=9230'];
    expect(debugSwitchRefusal({ packaged: true, argv, hasSwitch: none })).toBe(
      'Frontier Review will not start with --inspect, --remote-debugging-port: debugging switches would let another program read and drive the app and its review data. Start it without them.',
    );
    expect(debugSwitchRefusal({ packaged: false, argv, hasSwitch: none })).toBeUndefined();
    expect(debugSwitchRefusal({ packaged: true, argv: ['/opt/frontier-review', 'inspect', 'run.eval'], hasSwitch: none })).toBeUndefined();
  });
});
