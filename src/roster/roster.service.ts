import { createHash, randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { Actor, recordAudit } from '../audit/audit';
import { ApprovalPolicyRepository } from '../approval-policies/approval-policy.repository';
import { transitionCard } from '../cards/card-lifecycle';
import { CardsRepository, HeldCardRow } from '../cards/cards.repository';
import type { Clock } from '../common/clock';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage } from '../common/pagination';
import { Problem } from '../common/problem';
import { inTransaction, poolExecutor, SqlExecutor, transactionExecutor } from '../db/sql-executor';
import type { Outbox } from '../notifications/outbox';
import { transitionOrderWithin } from '../orders/order-state-machine';
import type { NationalIdHasher } from '../privacy/national-id-privacy';
import type { StaffCard } from '../webhooks/webhook-event.dto';
import { toRosterMember } from './roster-member.mapper';
import type {
  CreatedScimToken,
  RevokedCard,
  RosterMember,
  RosterMemberPage,
  ScimToken,
  ScimTokenList,
  ScimTokenRequest,
} from './roster.dto';
import { RosterMemberFields, RosterMemberRow, RosterRepository, ScimTokenRow } from './roster.repository';

/** The prefix of a SCIM provisioning token: tells it apart from an access token (a JWT) at a glance. */
export const SCIM_TOKEN_PREFIX = 'pwscim_';

/** What the directory sends for a member, its national identity number still in the clear (never stored so). */
export interface MemberInput extends Omit<RosterMemberFields, 'nationalIdHash'> {
  /** undefined: not sent (keep what is stored); a whole, checked number otherwise. */
  nationalId?: string;
}

/** Who acts on the roster: the partner, the directory's credential (for the audit trail). */
export interface RosterCaller {
  partnerId: string;
  actor: Actor;
}

/**
 * A partner's staff roster: the SCIM service provider's rules (uniqueness, versions), leavers (the
 * `staff.deactivated` event and the policy's revocation), the `roster` approval policy's decision as an order is
 * placed, the partner's revocation of a card, and the directory's provisioning tokens.
 */
export class RosterService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly hasher: NationalIdHasher,
    private readonly clock: Clock,
    private readonly publicBaseUrl: string,
  ) {}

  private repository(sql: SqlExecutor = poolExecutor(this.dataSource)): RosterRepository {
    return new RosterRepository(sql);
  }

  async member(partnerId: string, id: string): Promise<RosterMemberRow> {
    const row = await this.repository().member(partnerId, id);
    if (!row) throw Problem.notFound(`Roster member ${id}`);
    return row;
  }

  /** Members by one attribute (the filters directories send), or the whole roster. */
  members(
    partnerId: string,
    where?: { attribute: 'userName' | 'externalId'; value: string },
  ): Promise<RosterMemberRow[]> {
    return where
      ? this.repository().membersWhere(partnerId, where.attribute, where.value)
      : this.repository().allMembers(partnerId);
  }

  async memberPage(
    partnerId: string,
    options: { limit?: number; cursor?: string; active?: boolean },
  ): Promise<RosterMemberPage> {
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.repository().memberPage(partnerId, limit + 1, decodeCursor(options.cursor), options.active);
    return toPage(rows, limit, (row) => ({ at: row.created_at, id: row.id }), toRosterMember);
  }

  async rosterMember(partnerId: string, id: string): Promise<RosterMember> {
    return toRosterMember(await this.member(partnerId, id));
  }

  private fields(input: MemberInput): RosterMemberFields {
    const { nationalId, ...rest } = input;
    return { ...rest, nationalIdHash: nationalId === undefined ? undefined : this.hasher.hash(nationalId) };
  }

  async createMember(caller: RosterCaller, input: MemberInput): Promise<RosterMemberRow> {
    return inTransaction(this.dataSource, async (tx, manager) => {
      const roster = this.repository(tx);
      if (await roster.conflicting(caller.partnerId, input.userName, input.externalId)) throw conflict(input);
      const row = await roster.insertMember(caller.partnerId, this.fields(input));
      if (!row) throw conflict(input); // a concurrent create won the unique index
      await audit(manager, caller, row.id, 'roster_member_created', { active: row.active });
      return row;
    });
  }

  /**
   * Replaces a member's attributes (SCIM PUT, and PATCH after scimmy applied the operations). `expectedVersion`
   * from If-Match: another version answers 412. Active → inactive makes the person a leaver.
   */
  async replaceMember(
    caller: RosterCaller,
    id: string,
    input: MemberInput,
    expectedVersion?: number,
  ): Promise<RosterMemberRow> {
    return inTransaction(this.dataSource, async (tx, manager) => {
      const roster = this.repository(tx);
      const before = await roster.lockMember(caller.partnerId, id);
      if (!before) throw Problem.notFound(`Roster member ${id}`);
      if (expectedVersion !== undefined && expectedVersion !== before.version)
        throw new Problem(
          'precondition-failed',
          `Member ${id} is at version ${before.version}, not ${expectedVersion}.`,
        );
      if (await roster.conflicting(caller.partnerId, input.userName, input.externalId, id)) throw conflict(input);
      const after = await roster.updateMember(caller.partnerId, id, this.fields(input));
      if (!after) throw Problem.notFound(`Roster member ${id}`);
      await audit(manager, caller, id, 'roster_member_changed', {
        active: { from: before.active, to: after.active },
        ...(before.national_id_hash !== after.national_id_hash ? { nationalId: 'changed' } : {}),
      });
      if (before.active && !after.active) await this.leaver(manager, tx, caller, after, 'deactivated');
      return after;
    });
  }

  async deleteMember(caller: RosterCaller, id: string, expectedVersion?: number): Promise<void> {
    await inTransaction(this.dataSource, async (tx, manager) => {
      const roster = this.repository(tx);
      const member = await roster.lockMember(caller.partnerId, id);
      if (!member) throw Problem.notFound(`Roster member ${id}`);
      if (expectedVersion !== undefined && expectedVersion !== member.version)
        throw new Problem(
          'precondition-failed',
          `Member ${id} is at version ${member.version}, not ${expectedVersion}.`,
        );
      // A deactivated member was a leaver already (its event went then); deleting it later tells nothing new.
      if (member.active) await this.leaver(manager, tx, caller, member, 'deleted');
      await roster.deleteMember(caller.partnerId, id);
      await audit(manager, caller, id, 'roster_member_deleted', { userName: member.user_name });
    });
  }

  /**
   * A person left: the cards of the partner they still hold (matched on the keyed hash of the holder's number),
   * revoked where the card product's policy says so, and `staff.deactivated` listing them. Nothing when the person
   * holds no card, cannot be matched (no number sent), or is active in the roster under another account.
   */
  private async leaver(
    manager: EntityManager,
    tx: SqlExecutor,
    caller: RosterCaller,
    member: RosterMemberRow,
    change: 'deactivated' | 'deleted',
  ): Promise<void> {
    const hash = member.national_id_hash;
    if (!hash) return;
    if (await this.repository(tx).otherActiveWithHash(caller.partnerId, hash, member.id)) return;
    const held = (await new CardsRepository(tx).heldCardsOfPartner(caller.partnerId)).filter(
      (card) => this.hasher.hash(card.holder_national_id) === hash,
    );
    if (held.length === 0) return;
    const policies = new ApprovalPolicyRepository(tx);
    const cards: StaffCard[] = [];
    let revokedByPolicy = false;
    for (const card of held.slice(0, 100)) {
      const policy = await policies.ofCardProduct(card.card_product_id);
      if (policy?.revoke_leavers_cards) {
        await transitionCard(
          manager,
          this.outbox,
          card.id,
          { action: 'revoked', reason: `The HR directory ${change} roster member ${member.user_name}` },
          { type: 'approval_policy', id: `revoke-leavers:${card.card_product_id}` },
        );
        revokedByPolicy = true;
        cards.push(staffCard(card, 'revoked'));
      } else {
        cards.push(staffCard(card));
      }
    }
    await this.outbox.publish(manager, {
      partnerId: caller.partnerId,
      type: 'staff.deactivated',
      data: {
        memberId: member.id,
        userName: member.user_name,
        externalId: member.external_id,
        change,
        cards,
        revokedByPolicy,
      },
    });
  }

  /**
   * The `roster` approval policy, in the transaction that places the order: an order from a person active in the
   * partner's roster is approved at once, through the order state machine with the policy as the actor (audited,
   * the same notices and events as a manual approval). Anyone else's order stays pending for the partner.
   */
  async decideOnPlacement(
    manager: EntityManager,
    order: { id: string; partnerId: string; cardProductId: string },
    nationalId: string,
  ): Promise<void> {
    const tx = transactionExecutor(manager);
    const policy = await new ApprovalPolicyRepository(tx).ofCardProduct(order.cardProductId);
    if (policy?.mode !== 'roster') return;
    const member = await this.repository(tx).isActiveMember(order.partnerId, this.hasher.hash(nationalId));
    if (!member) return;
    await transitionOrderWithin(tx, manager, this.outbox, {
      orderId: order.id,
      partnerId: order.partnerId,
      actor: { type: 'approval_policy', id: `roster:${order.cardProductId}` },
      change: { action: 'approved' },
    });
  }

  /** The partner revokes one of its cards (a leaver's), audited; `card.revoked` follows as for any revocation. */
  async revokeCard(partnerId: string, cardId: string, reason: string, actor: Actor): Promise<RevokedCard> {
    const text = reason.trim();
    if (!text) throw Problem.invalid('reason', 'must not be empty');
    return inTransaction(this.dataSource, async (tx, manager) => {
      if (!(await new CardsRepository(tx).isPartnersCard(partnerId, cardId))) throw Problem.notFound(`Card ${cardId}`);
      const card = await transitionCard(manager, this.outbox, cardId, { action: 'revoked', reason: text }, actor);
      return { cardId: card.id, serialNumber: card.serial_number, status: 'revoked' };
    });
  }

  async createToken(partnerId: string, body: ScimTokenRequest, actor: Actor): Promise<CreatedScimToken> {
    const name = body.name.trim();
    if (!name) throw Problem.invalid('name', 'must not be empty');
    const token = `${SCIM_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const expiresAt = new Date(this.clock.now().getTime() + (body.validDays ?? 365) * 86_400_000);
    return inTransaction(this.dataSource, async (tx, manager) => {
      const row = await this.repository(tx).insertToken(partnerId, name, tokenHash(token), expiresAt);
      if (!row) throw new Error('scim_token insert returned no row');
      await audit(manager, { partnerId, actor }, row.id, 'scim_token_created', { name });
      return { ...toScimToken(row), token, scimBaseUrl: `${this.publicBaseUrl}/scim/v2` };
    });
  }

  async tokens(partnerId: string): Promise<ScimTokenList> {
    return { data: (await this.repository().tokens(partnerId)).map(toScimToken) };
  }

  async revokeToken(partnerId: string, id: string, actor: Actor): Promise<void> {
    await inTransaction(this.dataSource, async (tx, manager) => {
      if (!(await this.repository(tx).revokeToken(partnerId, id))) throw Problem.notFound(`SCIM token ${id}`);
      await audit(manager, { partnerId, actor }, id, 'scim_token_revoked', {});
    });
  }

  /** The partner a provisioning token acts for, or undefined when it is unknown, revoked or expired. */
  async partnerOfToken(token: string): Promise<{ partnerId: string; tokenId: string } | undefined> {
    const row = await this.repository().tokenInUse(tokenHash(token), this.clock.now());
    return row ? { partnerId: row.partner_id, tokenId: row.id } : undefined;
  }
}

/** The token is 256 random bits: a plain SHA-256 cannot be reversed by trying, unlike a national identity number. */
function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function toScimToken(row: ScimTokenRow): ScimToken {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
  };
}

function staffCard(card: HeldCardRow, status: StaffCard['status'] = card.status): StaffCard {
  return {
    cardId: card.id,
    serialNumber: card.serial_number,
    status,
    cardProductId: card.card_product_id,
    endUserId: card.end_user_id,
    expiresOn: card.expires_on,
  };
}

function conflict(input: MemberInput): Problem {
  return new Problem(
    'roster-member-conflict',
    `Another member of your roster has the userName "${input.userName}"${input.externalId ? ` or the externalId "${input.externalId}"` : ''}.`,
  );
}

/**
 * Roster changes go into the audit trail under the partner, naming the member or token (never with the national
 * identity number: only that it changed).
 */
function audit(
  manager: EntityManager,
  caller: RosterCaller,
  objectId: string,
  action: string,
  changes: Record<string, unknown>,
): Promise<void> {
  return recordAudit(manager, caller.actor, {
    partnerId: caller.partnerId,
    subjectType: 'partner',
    subjectId: caller.partnerId,
    action,
    changes: { id: objectId, ...changes },
  });
}
