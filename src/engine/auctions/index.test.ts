import { describe, expect, it } from 'vitest';
import { availableMechanisms, createMechanism, UnknownMechanismError } from './index';

describe('mechanism registry', () => {
  it('creates the thesis mechanisms by name, fresh each time', () => {
    expect(createMechanism('uniform').name).toBe('uniform');
    expect(createMechanism('loyalty').name).toBe('loyalty');
    expect(createMechanism('uniform')).not.toBe(createMechanism('uniform'));
    expect(availableMechanisms()).toEqual(expect.arrayContaining(['uniform', 'loyalty']));
  });

  it('names the allowed mechanisms for an unknown one', () => {
    expect(() => createMechanism('dutch')).toThrow(UnknownMechanismError);
    expect(() => createMechanism('dutch')).toThrow(/"dutch".*allowed: uniform \| loyalty/);
    expect(() => createMechanism('toString')).toThrow(UnknownMechanismError);
  });
});
