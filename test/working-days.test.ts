import assert from 'node:assert/strict';
import {
  easterSunday,
  isOverdue,
  isWorkingDay,
  norwegianPublicHolidays,
  workingDaysWaited,
} from '../src/approval-policies/working-days';

describe('working days for reminders (issue 12 part 4)', () => {
  it('knows Easter and the Norwegian public holidays', () => {
    assert.equal(easterSunday(2026).toISOString().slice(0, 10), '2026-04-05');
    assert.equal(easterSunday(2027).toISOString().slice(0, 10), '2027-03-28');
    assert.deepEqual([...norwegianPublicHolidays(2026)].sort(), [
      '2026-01-01',
      '2026-04-02',
      '2026-04-03',
      '2026-04-06',
      '2026-05-01',
      '2026-05-14',
      '2026-05-17',
      '2026-05-25',
      '2026-12-25',
      '2026-12-26',
    ]);
    assert.equal(isWorkingDay('2026-11-27'), true); // a Friday
    assert.equal(isWorkingDay('2026-11-28'), false); // Saturday
    assert.equal(isWorkingDay('2026-05-14'), false); // Ascension Day
  });

  it('counts whole working days waited; Monday’s order is overdue on Friday under 3', () => {
    assert.equal(workingDaysWaited('2026-11-23', '2026-11-26'), 2);
    assert.equal(isOverdue('2026-11-23', '2026-11-26', 3), false);
    assert.equal(isOverdue('2026-11-23', '2026-11-27', 3), true);
    // Friday's order: the weekend does not count; overdue on Thursday
    assert.equal(isOverdue('2026-11-27', '2026-12-02', 3), false);
    assert.equal(isOverdue('2026-11-27', '2026-12-03', 3), true);
    // Over Easter 2026 (Thursday 2 April to Monday 6 April off): Wednesday's order has waited one day by Wednesday 8
    assert.equal(workingDaysWaited('2026-04-01', '2026-04-08'), 1);
  });
});
