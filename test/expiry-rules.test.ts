import assert from 'node:assert/strict';
import { ctx } from './support/context';
import { as, asOperator, endUserWithActiveCard, endUserWithCard } from './support/fixtures';

const registered = { choice: 'registered' };

/** The card's expiry date, written here: the last day of a month, so that "two months before" is a month end too. */
const EXPIRES_ON = '2031-05-31';
/** Two months before, the day renewal opens and the notice is due (Europe/Oslo; summer time, UTC+2). */
const DAY_BEFORE = new Date('2031-03-30T12:00:00+02:00');
/** 23:30 UTC on 30 March is already 31 March in Oslo: the first minutes of the window. */
const FIRST_MINUTES = new Date('2031-03-30T23:30:00Z');
const DAY_AFTER = new Date('2031-04-01T09:00:00+02:00');

async function setExpiry(cardId: string): Promise<void> {
  await ctx().dataSource.query(`UPDATE card SET expires_on = $2 WHERE id = $1`, [cardId, EXPIRES_ON]);
}

async function noticed(cardIds: string[]): Promise<Record<string, boolean>> {
  const rows = await ctx().dataSource.query(
    `SELECT id, expiry_notice_at IS NOT NULL AS noticed FROM card WHERE id = ANY ($1)`,
    [cardIds],
  );
  return Object.fromEntries(rows.map((r: { id: string; noticed: boolean }) => [r.id, r.noticed]));
}

describe('expiry: the "renew now" notice and the renewal rule agree', function () {
  this.timeout(60_000);
  afterEach(() => ctx().clock.reset());

  it('renewal opens on the day two months before expiry, not the day before; the notice comes on that day, for renewable cards only', async () => {
    const { clock } = ctx();
    const operator = await asOperator();
    const nordlys = await as('nordlys');
    const active = await endUserWithActiveCard('nordlys');
    const renewing = await endUserWithActiveCard('nordlys');
    // A card posted but not yet activated by its holder: not renewable, so not told to renew.
    const shipped = await endUserWithCard('nordlys', 'shipped');
    for (const holder of [active, renewing, shipped]) await setExpiry(holder.cardId);
    const cards = [active.cardId, renewing.cardId, shipped.cardId];
    const cardOf = async (holder: typeof active) =>
      (await holder.endUser.get('/v1/me/cards').expect(200)).body.data.find(
        (c: { id: string }) => c.id === holder.cardId,
      );

    clock.set(DAY_BEFORE);
    const early = (await cardOf(active)).renewal;
    assert.deepEqual([early.possible, early.reasonCode, early.possibleFrom], [false, 'too_early', '2031-03-31']);
    await operator.post('/v1/operator/jobs/expiry-notices/runs').expect(200);
    assert.deepEqual(await noticed(cards), {
      [active.cardId]: false,
      [renewing.cardId]: false,
      [shipped.cardId]: false,
    });

    clock.set(FIRST_MINUTES);
    assert.equal((await cardOf(active)).renewal.possible, true);
    assert.equal((await cardOf(shipped)).renewal.reasonCode, 'card_not_active');
    const renewal = (
      await renewing.endUser
        .post('/v1/me/orders')
        .send({ kind: 'renewal', cardId: renewing.cardId, delivery: registered })
        .expect(201)
    ).body;
    await operator.post('/v1/operator/jobs/expiry-notices/runs').expect(200);
    assert.deepEqual(
      await noticed(cards),
      { [active.cardId]: true, [renewing.cardId]: false, [shipped.cardId]: false },
      'only the renewable card',
    );
    const [{ email }] = await ctx().dataSource.query(
      `SELECT u.email FROM card c JOIN end_user u ON u.id = c.end_user_id WHERE c.id = $1`,
      [active.cardId],
    );
    const notice = await ctx().mail.waitFor(
      (m) => ctx().mail.to(email).includes(m) && m.subject === 'Buypass ID-en din utløper 31. mai 2031',
      'the expiry notice',
    );
    assert.match(notice.text!, /Du kan bestille fornyelse på Min side nå/);

    clock.set(DAY_AFTER);
    assert.equal((await cardOf(active)).renewal.reasonCode, undefined, 'still open the day after');
    assert.equal((await cardOf(active)).renewal.possible, true);
    // The holder activates the posted card: now it is renewable, and the next run tells them.
    await operator.post(`/v1/operator/cards/${shipped.cardId}/activation`).expect(200);
    // The partner rejects the renewal: the card is renewable again, and its holder is told as the others.
    await nordlys
      .post(`/v1/orders/${renewal.id}/reject`)
      .send({ reason: 'other', message: 'Bestill på nytt' })
      .expect(200);
    await operator.post('/v1/operator/jobs/expiry-notices/runs').expect(200);
    assert.deepEqual(await noticed(cards), { [active.cardId]: true, [renewing.cardId]: true, [shipped.cardId]: true });
    await operator.post('/v1/operator/jobs/expiry-notices/runs').expect(200);
    const [{ notices }] = await ctx().dataSource.query(
      `SELECT count(*)::int AS notices FROM email_message WHERE notice = 'expiry' AND subject_id = ANY ($1)`,
      [cards],
    );
    assert.equal(notices, 3, 'once per card');
  });
});
