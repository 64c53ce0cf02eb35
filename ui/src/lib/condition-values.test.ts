import { describe, expect, it } from 'vitest';
import { kindOfSchemaType, opsFor, parseValue, valueText } from './condition-values.ts';

describe('parseValue', () => {
  it('types values by kind and operator', () => {
    expect(parseValue('500', 'number', 'gte')).toBe(500);
    expect(parseValue('500', 'string', 'gt')).toBe(500);
    expect(parseValue('US', 'string', 'eq')).toBe('US');
    expect(parseValue('true', 'boolean', 'eq')).toBe(true);
    expect(parseValue('30', 'date', 'within_last_days')).toBe(30);
    expect(parseValue('anything', 'string', 'exists')).toBeUndefined();
  });

  it('splits lists for "is one of", as numbers when all are numeric', () => {
    expect(parseValue('US, FR ,, DE', 'string', 'in')).toEqual(['US', 'FR', 'DE']);
    expect(parseValue('1, 2', 'number', 'in')).toEqual([1, 2]);
  });

  it('keeps text that is not a number as typed, for the server to point out', () => {
    expect(parseValue('lots', 'number', 'gt')).toBe('lots');
  });

  it('shows lists comma-separated', () => {
    expect(valueText(['US', 'FR'])).toBe('US, FR');
    expect(valueText(undefined)).toBe('');
  });
});

describe('operators and kinds', () => {
  it('offers date comparisons on date traits only', () => {
    expect(opsFor('date', true)).toContain('within_last_days');
    expect(opsFor('date', false)).not.toContain('before');
    expect(opsFor('number', false)).toContain('gte');
    expect(opsFor('string', false)).not.toContain('gt');
  });

  it('reads JSON Schema types', () => {
    expect(kindOfSchemaType('integer')).toBe('number');
    expect(kindOfSchemaType(['null', 'boolean'])).toBe('boolean');
    expect(kindOfSchemaType(undefined)).toBe('string');
  });
});
