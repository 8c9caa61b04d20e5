/**
 * Keeps the partner's staff roster in step with a CSV export of an HR system, over SCIM 2.0 with the SDK: adds the
 * new people, updates the changed ones, deactivates those who left (gone from the file, or `active` false), and prints
 * what it did. What Entra ID or Okta would do for a partner whose HR system has no SCIM of its own.
 *
 * The CSV (UTF-8, `;`-separated, a header row; no `;` inside a field):
 *   userName;externalId;givenName;familyName;email;nationalIdentityNumber;active
 *   kari@nordlys.example.no;E-10442;Kari;Nordmann;kari@nordlys.example.no;14128512345;true
 *
 * Run against `npm start`:    npx tsx examples/hr-sync.ts staff.csv
 * Only print, change nothing: npx tsx examples/hr-sync.ts staff.csv --dry-run
 * Settings: PARTNERWEB_URL (http://localhost:3000), PARTNERWEB_CLIENT_ID, PARTNERWEB_CLIENT_SECRET (a client with
 * the scope roster:manage).
 *
 * The national identity number is sent on every create, and on an update only when the CSV has one: it is write-only
 * (the roster keeps a keyed hash and never gives it back), so a change of it cannot be seen and is sent each time.
 */
import { readFileSync } from 'node:fs';
import { PartnerwebClient, type ScimPatchOperation, type ScimUser } from '@partnerweb/sdk';

export interface StaffRow {
  userName: string;
  externalId: string;
  givenName: string;
  familyName: string;
  email: string;
  nationalIdentityNumber: string;
  active: boolean;
}

export interface SyncReport {
  created: string[];
  updated: string[];
  deactivated: string[];
  unchanged: string[];
}

const COLUMNS = ['userName', 'externalId', 'givenName', 'familyName', 'email', 'nationalIdentityNumber', 'active'];

/** The rows of the HR export; a line with another number of fields is refused with its line number. */
export function parseStaffCsv(text: string): StaffRow[] {
  const [header, ...lines] = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const names = header.split(';').map((n) => n.trim());
  if (COLUMNS.some((c) => !names.includes(c))) throw new Error(`the header must name ${COLUMNS.join(';')}`);
  return lines.map((line, i) => {
    const cells = line.split(';').map((c) => c.trim());
    if (cells.length !== names.length)
      throw new Error(`line ${i + 2}: ${cells.length} fields, expected ${names.length}`);
    const field = (name: string) => cells[names.indexOf(name)];
    return {
      userName: field('userName'),
      externalId: field('externalId'),
      givenName: field('givenName'),
      familyName: field('familyName'),
      email: field('email'),
      nationalIdentityNumber: field('nationalIdentityNumber'),
      active: !/^(false|0|nei|no)$/i.test(field('active')),
    };
  });
}

/** The PATCH operations that bring a roster user to the row; empty when only the write-only number would be sent. */
function changes(user: ScimUser, row: StaffRow): ScimPatchOperation[] {
  const ops: ScimPatchOperation[] = [];
  if ((user.externalId ?? '') !== row.externalId)
    ops.push({ op: 'replace', path: 'externalId', value: row.externalId });
  if ((user.name?.givenName ?? '') !== row.givenName)
    ops.push({ op: 'replace', path: 'name.givenName', value: row.givenName });
  if ((user.name?.familyName ?? '') !== row.familyName)
    ops.push({ op: 'replace', path: 'name.familyName', value: row.familyName });
  const email = user.emails?.find((e) => e.primary)?.value ?? user.emails?.[0]?.value ?? '';
  if (email !== row.email)
    ops.push({ op: 'replace', path: 'emails', value: [{ value: row.email, type: 'work', primary: true }] });
  if (user.active !== row.active) ops.push({ op: 'replace', path: 'active', value: row.active });
  return ops;
}

/** One pass: every row created or brought up to date, every active roster user missing from the file deactivated. */
export async function syncRoster(
  partnerweb: PartnerwebClient,
  rows: StaffRow[],
  options: { dryRun?: boolean } = {},
): Promise<SyncReport> {
  const report: SyncReport = { created: [], updated: [], deactivated: [], unchanged: [] };
  const roster = new Map<string, ScimUser>();
  for await (const user of partnerweb.roster.scimUsers.all()) roster.set(user.userName.toLowerCase(), user);
  for (const row of rows) {
    const user = roster.get(row.userName.toLowerCase());
    roster.delete(row.userName.toLowerCase());
    if (!user) {
      if (!options.dryRun)
        await partnerweb.roster.scimUsers.create({
          ...row,
          nationalIdentityNumber: row.nationalIdentityNumber || undefined,
        });
      report.created.push(row.userName);
      continue;
    }
    const ops = changes(user, row);
    if (ops.length === 0) {
      report.unchanged.push(row.userName);
      continue;
    }
    if (row.nationalIdentityNumber)
      ops.push({
        op: 'replace',
        path: 'urn:ietf:params:scim:schemas:extension:partnerweb:2.0:User:nationalIdentityNumber',
        value: row.nationalIdentityNumber,
      });
    if (!options.dryRun) await partnerweb.roster.scimUsers.patch(user.id, ops);
    (row.active || !user.active ? report.updated : report.deactivated).push(row.userName);
  }
  // Gone from the HR export: they left. Deactivated, not deleted, so that a mistake in one export is undone by the next.
  for (const user of roster.values()) {
    if (!user.active) continue;
    if (!options.dryRun) await partnerweb.roster.scimUsers.deactivate(user.id);
    report.deactivated.push(user.userName);
  }
  return report;
}

async function main(): Promise<void> {
  const file = process.argv.slice(2).find((a) => !a.startsWith('--'));
  if (!file) throw new Error('usage: npx tsx examples/hr-sync.ts staff.csv [--dry-run]');
  const partnerweb = new PartnerwebClient({
    baseUrl: process.env.PARTNERWEB_URL ?? 'http://localhost:3000',
    clientId: process.env.PARTNERWEB_CLIENT_ID ?? 'demo-nordlys',
    clientSecret: process.env.PARTNERWEB_CLIENT_SECRET ?? 'nordlys-demo-secret',
  });
  const dryRun = process.argv.includes('--dry-run');
  const report = await syncRoster(partnerweb, parseStaffCsv(readFileSync(file, 'utf8')), { dryRun });
  console.log(dryRun ? 'Dry run: nothing changed.' : 'Roster synced.');
  for (const [what, names] of Object.entries(report) as [string, string[]][])
    console.log(`${what.padEnd(12)} ${names.length}  ${names.join(', ')}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
