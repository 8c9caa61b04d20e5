import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freshPartner, registryPerson } from './support/fixtures';
import { liveServer } from './support/live-server';

const run = promisify(execFile);
const root = path.join(__dirname, '..', '..');

/** examples/hr-sync.ts as a partner runs it: a CSV export of the HR system, synced into the roster over SCIM. */
describe('examples/hr-sync.ts (issue 12 part 5)', function () {
  this.timeout(120_000);
  const live = liveServer();

  it('adds, changes and deactivates from an HR export, and prints what it did; --dry-run changes nothing', async () => {
    const partner = await freshPartner();
    const [kari, ola] = [await registryPerson(), await registryPerson()];
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-sync-'));
    const csv = path.join(folder, 'staff.csv');
    const header = 'userName;externalId;givenName;familyName;email;nationalIdentityNumber;active';
    const sync = async (...args: string[]) =>
      (
        await run(path.join(root, 'node_modules', '.bin', 'tsx'), ['examples/hr-sync.ts', csv, ...args], {
          cwd: root,
          env: {
            ...process.env,
            PARTNERWEB_URL: live.baseUrl,
            PARTNERWEB_CLIENT_ID: partner.clientId,
            PARTNERWEB_CLIENT_SECRET: partner.secret,
          },
        })
      ).stdout;

    fs.writeFileSync(
      csv,
      [
        header,
        `kari@nordlys.example.no;E-1;Kari;Nordmann;kari@nordlys.example.no;${kari.nationalId};true`,
        `ola@nordlys.example.no;E-2;Ola;Hansen;ola@nordlys.example.no;${ola.nationalId};true`,
      ].join('\n'),
    );
    const dry = await sync('--dry-run');
    assert.match(dry, /Dry run/);
    assert.match(dry, /created\s+2/);
    assert.equal((await partner.get('/v1/roster/members').expect(200)).body.data.length, 0);

    const first = await sync();
    assert.match(first, /created\s+2\s+kari@nordlys\.example\.no, ola@nordlys\.example\.no/);
    const members = (await partner.get('/v1/roster/members').expect(200)).body.data as {
      userName: string;
      active: boolean;
      matchable: boolean;
      familyName: string;
    }[];
    assert.deepEqual(members.map((m) => [m.userName, m.active, m.matchable]).sort(), [
      ['kari@nordlys.example.no', true, true],
      ['ola@nordlys.example.no', true, true],
    ]);

    // Kari marries, Ola leaves (gone from the export)
    fs.writeFileSync(
      csv,
      [header, `kari@nordlys.example.no;E-1;Kari;Nordmann-Berg;kari@nordlys.example.no;${kari.nationalId};true`].join(
        '\n',
      ),
    );
    const second = await sync();
    assert.match(second, /updated\s+1\s+kari@nordlys\.example\.no/);
    assert.match(second, /deactivated\s+1\s+ola@nordlys\.example\.no/);
    const after = (await partner.get('/v1/roster/members').expect(200)).body.data as typeof members;
    assert.equal(after.find((m) => m.userName === 'kari@nordlys.example.no')?.familyName, 'Nordmann-Berg');
    assert.equal(after.find((m) => m.userName === 'ola@nordlys.example.no')?.active, false);
    assert.ok(!first.includes(kari.nationalId) && !second.includes(kari.nationalId));
    fs.rmSync(folder, { recursive: true, force: true });
  });
});
