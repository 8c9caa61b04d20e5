import assert from 'node:assert/strict';
import { ORDER_STATUSES, OrderStatus } from '../../src/glossary/order-terms';
import {
  ALLOWED_FROM,
  auditChangesOf,
  fieldChangesOf,
  OrderChange,
  requireTransition,
  validateChange,
} from '../../src/orders/order-transitions';
import { outcomeOf } from './refusal';

const CHANGES: OrderChange[] = [
  { action: 'company_corrected', company: 'Nordlys AS' },
  { action: 'approved' },
  { action: 'rejected', reason: 'not_affiliated', message: 'Ikke ansatt hos oss.' },
];

describe('unit: the order state machine', () => {
  describe('transitions: only a pending order changes', () => {
    const table: [OrderStatus, OrderChange['action'], string][] = [
      ['pending', 'company_corrected', 'ok'],
      ['pending', 'approved', 'ok'],
      ['pending', 'rejected', 'ok'],
      ['approved', 'company_corrected', 'order-not-pending'],
      ['approved', 'approved', 'order-not-pending'],
      ['approved', 'rejected', 'order-not-pending'],
      ['rejected', 'company_corrected', 'order-not-pending'],
      ['rejected', 'approved', 'order-not-pending'],
      ['rejected', 'rejected', 'order-not-pending'],
    ];
    for (const [status, action, expected] of table) {
      it(`${action} from ${status}: ${expected}`, () => {
        assert.equal(
          outcomeOf(() => requireTransition({ orderNumber: 'PW-1', status, version: 3 }, action)),
          expected,
        );
      });
    }

    it('the table covers every status and action', () => {
      assert.equal(table.length, ORDER_STATUSES.length * Object.keys(ALLOWED_FROM).length);
    });

    it('says which order and which status when it refuses', () => {
      assert.throws(
        () => requireTransition({ orderNumber: 'PW-00000042', status: 'approved', version: 2 }, 'rejected'),
        /Order PW-00000042 is approved; only a pending order can be changed\./,
      );
    });
  });

  describe('If-Match: the version the caller saw', () => {
    const table: [OrderStatus, number | undefined, string][] = [
      ['pending', undefined, 'ok'],
      ['pending', 3, 'ok'],
      ['pending', 2, 'precondition-failed'],
      ['pending', 4, 'precondition-failed'],
      // A stale version is told as such, before the status (the caller must read the order again first).
      ['approved', 2, 'precondition-failed'],
      ['approved', 3, 'order-not-pending'],
    ];
    for (const [status, expected, outcome] of table) {
      it(`${status} at version 3, If-Match ${expected ?? 'absent'}: ${outcome}`, () => {
        assert.equal(
          outcomeOf(() => requireTransition({ orderNumber: 'PW-1', status, version: 3 }, 'approved', expected)),
          outcome,
        );
      });
    }
  });

  describe('validation of the free text of a change', () => {
    const table: [OrderChange, string][] = [
      [{ action: 'company_corrected', company: 'Ærlige Øyvind & Åse AS' }, 'ok'],
      [{ action: 'company_corrected', company: 'x'.repeat(200) }, 'ok'],
      [{ action: 'company_corrected', company: 'x'.repeat(201) }, 'validation-failed company'],
      [{ action: 'company_corrected', company: '   ' }, 'validation-failed company'],
      [{ action: 'company_corrected', company: 'two\nlines' }, 'validation-failed company'],
      [{ action: 'rejected', reason: 'other', message: 'line one\nline two' }, 'ok'],
      [{ action: 'rejected', reason: 'other', message: 'x'.repeat(1000) }, 'ok'],
      [{ action: 'rejected', reason: 'other', message: 'x'.repeat(1001) }, 'validation-failed message'],
      [{ action: 'rejected', reason: 'other', message: '' }, 'validation-failed message'],
      [{ action: 'rejected', reason: 'other', message: 'bell \u0007' }, 'validation-failed message'],
      [{ action: 'approved' }, 'ok'],
    ];
    for (const [change, expected] of table) {
      it(`${change.action} ${JSON.stringify(change).slice(0, 60)}: ${expected}`, () => {
        assert.equal(
          outcomeOf(() => validateChange(change)),
          expected,
        );
      });
    }

    it('keeps the text exactly as sent', () => {
      assert.deepEqual(validateChange({ action: 'company_corrected', company: '  Åse  ' }), {
        action: 'company_corrected',
        company: '  Åse  ',
      });
    });
  });

  describe('what a change sets and what its audit record says', () => {
    const now = new Date('2026-11-27T10:00:00.000Z');
    const before = {
      company: 'Gammelt AS',
      status: 'pending' as const,
      rejectionReason: null,
      rejectionMessage: null,
    };

    it('a company correction sets the company only, and no decision time', () => {
      const changes = fieldChangesOf(CHANGES[0], now);
      assert.deepEqual(changes, { company: 'Nordlys AS' });
      assert.deepEqual(auditChangesOf(before, changes), { company: { from: 'Gammelt AS', to: 'Nordlys AS' } });
    });

    it('an approval sets the status and the decision time; the audit names the status alone', () => {
      const changes = fieldChangesOf(CHANGES[1], now);
      assert.deepEqual(changes, { status: 'approved', decidedAt: now });
      assert.deepEqual(auditChangesOf(before, changes), { status: { from: 'pending', to: 'approved' } });
    });

    it('a rejection sets status, reason and message (from nothing) and the decision time', () => {
      const changes = fieldChangesOf(CHANGES[2], now);
      assert.deepEqual(changes, {
        status: 'rejected',
        rejectionReason: 'not_affiliated',
        rejectionMessage: 'Ikke ansatt hos oss.',
        decidedAt: now,
      });
      assert.deepEqual(auditChangesOf(before, changes), {
        status: { from: 'pending', to: 'rejected' },
        rejectionReason: { from: null, to: 'not_affiliated' },
        rejectionMessage: { from: null, to: 'Ikke ansatt hos oss.' },
      });
    });
  });
});
