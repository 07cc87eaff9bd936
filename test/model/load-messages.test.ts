// Load errors that say what to fix: each names the object in the admin's words and its JSON path, the value found,
// what is allowed and a fix for that field, in separate sentences. The files are written by hand; the expected texts
// are what an admin should read.
import { describe, expect, it } from 'vitest';
import { loadDesignText } from '../../shared/model/load';
import type { LoadProblem } from '../../shared/model/load';

/** A small valid design as an admin might write it: one site, one subnet, EX2 (Mailbox) and EX3 (CAS + Hub). */
const GOOD = `{
  "formatVersion": 3,
  "title": "Branch lab",
  "design": {
    "organization": { "name": "Contoso", "adDomain": "contoso.local", "exchangeVersion": "2010", "servicePack": "SP3", "edition": "Standard" },
    "sites": [{ "id": "site-hq", "name": "HQ" }],
    "subnets": [{ "id": "net-lan", "siteId": "site-hq", "cidr": "10.0.0.0/24", "purpose": "mapi" }],
    "servers": [
      { "id": "srv-ex2", "name": "EX2", "fqdn": "ex2.contoso.local", "siteId": "site-hq",
        "os": { "version": "2008R2", "edition": "Enterprise" }, "roles": ["MB"], "cores": 4, "ramGB": 16,
        "nics": [{ "id": "nic-ex2", "name": "LAN", "subnetId": "net-lan", "ipv4": "10.0.0.12", "purpose": "mapi" }] },
      { "id": "srv-ex3", "name": "EX3", "fqdn": "ex3.contoso.local", "siteId": "site-hq",
        "os": { "version": "2008R2", "edition": "Standard" }, "roles": ["CAS", "HT"], "cores": 4, "ramGB": 8,
        "nics": [{ "id": "nic-ex3", "name": "LAN", "subnetId": "net-lan", "ipv4": "10.0.0.13", "purpose": "mapi" }] }
    ]
  }
}
`;

function edited(from: string, to: string): string {
  expect(GOOD.includes(from), `the test file contains ${from}`).toBe(true);
  return GOOD.replace(from, to);
}

function problems(text: string): LoadProblem[] {
  const r = loadDesignText(text);
  expect(r.ok).toBe(false);
  return r.ok ? [] : [...r.problems];
}

function only(text: string): LoadProblem {
  const list = problems(text);
  expect(list.map((p) => p.message)).toHaveLength(1);
  return list[0];
}

describe('load errors name the object, the value, what is allowed and the fix', () => {
  it('loads the hand-written file as it is', () => {
    const r = loadDesignText(GOOD);
    expect(r.ok ? [] : r.problems.map((p) => p.message)).toEqual([]);
  });

  it('a role that is not one of the five: names server EX3 and its second role, lists the roles, suggests HT', () => {
    const p = only(edited('"roles": ["CAS", "HT"]', '"roles": ["CAS", "Hub"]'));
    expect(p.path).toBe('$.design.servers[1].roles[1]');
    expect(p.object).toBe('server "EX3", role 2');
    expect(p.message).toBe('Server "EX3", role 2 ($.design.servers[1].roles[1]) is "Hub". It must be one of "CAS", "HT", "MB", "UM" or "Edge".');
    expect(p.hint).toBe(
      'Did you mean "HT"? Write it exactly so. Use the role abbreviations: CAS (Client Access), HT (Hub Transport), MB (Mailbox), UM (Unified Messaging) or Edge (Edge Transport).',
    );
  });

  it('a choice in the wrong case: says which spelling to write', () => {
    const p = only(edited('"servicePack": "SP3"', '"servicePack": "sp3"'));
    expect(p.message).toBe('The organization, field "servicePack" ($.design.organization.servicePack) is "sp3". It must be one of "RTM", "SP1", "SP2" or "SP3".');
    expect(p.hint).toBe('Write "SP3": the spelling and case must match exactly.');
  });

  it('an IPv4 address with a part over 255: names the NIC and the part', () => {
    const p = only(edited('"ipv4": "10.0.0.13"', '"ipv4": "10.0.0.300"'));
    expect(p.message).toBe(
      'Server "EX3", NIC "LAN", field "ipv4" ($.design.servers[1].nics[0].ipv4) is "10.0.0.300". It must be an IPv4 address: four numbers from 0 to 255 separated by dots, e.g. 192.168.0.34.',
    );
    expect(p.hint).toBe('Each of the four numbers is at most 255 ("300" is more): correct that part of the address.');
  });

  it('an IPv4 address with a prefix length: says to drop it', () => {
    const p = only(edited('"ipv4": "10.0.0.13"', '"ipv4": "10.0.0.13/24"'));
    expect(p.hint).toBe('Remove the prefix length ("/24"): the address alone goes here, its subnet holds the prefix.');
  });

  it('a number written as text: says to remove the quotes', () => {
    const p = only(edited('"cores": 4, "ramGB": 8', '"cores": "4", "ramGB": 8'));
    expect(p.message).toBe('Server "EX3", field "cores" ($.design.servers[1].cores) is "4" (text). It must be a whole number from 1 to 256.');
    expect(p.hint).toBe('Remove the quotes: write 4, not "4".');
  });

  it('a number out of range: gives the range and which way to go', () => {
    const p = only(edited('"cores": 4, "ramGB": 8', '"cores": 0, "ramGB": 8'));
    expect(p.message).toBe('Server "EX3", field "cores" ($.design.servers[1].cores) is 0. It must be a whole number from 1 to 256.');
    expect(p.hint).toBe('Raise it to at least 1.');
    const ram = only(edited('"ramGB": 8', '"ramGB": 5000'));
    expect(ram.message).toBe('Server "EX3", field "ramGB" ($.design.servers[1].ramGB) is 5000. It must be a number greater than 0 and at most 4096.');
    expect(ram.hint).toBe('Lower it to at most 4096.');
  });

  it('a computer name with a character it cannot have: calls the server by its number and names the character', () => {
    const p = only(edited('"name": "EX3"', '"name": "EX_3"'));
    expect(p.object).toBe('server 2, field "name"');
    expect(p.message).toBe(
      'Server 2, field "name" ($.design.servers[1].name) is "EX_3". It must be a computer name of letters, digits and hyphens only (at most 64 characters).',
    );
    expect(p.hint).toBe(
      'Remove or replace "_" (character 3): a computer name has only letters, digits and hyphens. Use the server\'s Windows computer name, e.g. EX3 (letters, digits and hyphens, at most 15 characters for NetBIOS).',
    );
  });

  it('a long value is shown cut to 40 characters with its length', () => {
    const long = `${'a'.repeat(300)}.local`;
    const p = only(edited('"adDomain": "contoso.local"', `"adDomain": "${long}"`));
    expect(p.message).toBe(
      `The organization, field "adDomain" ($.design.organization.adDomain) is "${'a'.repeat(39)}…" (306 characters). It must be a DNS name of letters, digits, hyphens and dots, e.g. mail.contoso.com (at most 300 characters).`,
    );
    expect(p.hint).toBe('Shorten it to at most 300 characters (it has 306).');
  });

  it('a subnet without its prefix length', () => {
    const p = only(edited('"cidr": "10.0.0.0/24"', '"cidr": "10.0.0.0"'));
    expect(p.message).toBe('Subnet 1, field "cidr" ($.design.subnets[0].cidr) is "10.0.0.0". It must be a CIDR block: the network address, "/" and the prefix length, e.g. 192.168.0.0/24.');
    expect(p.hint).toBe('Add the prefix length after a "/", e.g. 10.0.0.0/24 for the mask 255.255.255.0.');
  });

  it('a missing field: says where to add it', () => {
    const p = only(edited('"fqdn": "ex2.contoso.local", ', ''));
    expect(p.message).toBe(
      'Server "EX2", field "fqdn" ($.design.servers[0].fqdn) is missing. It must be a DNS name of letters, digits, hyphens and dots, e.g. mail.contoso.com (at most 300 characters).',
    );
    expect(p.hint).toBe('Add the field "fqdn" to server "EX2".');
  });

  it('a misspelt field: names it with its value, lists the fields and suggests the right one', () => {
    const p = only(edited('"cores": 4, "ramGB": 16', '"cores": 4, "ramGb": 16, "ramGB": 16'));
    expect(p.path).toBe('$.design.servers[0].ramGb');
    expect(p.message).toMatch(/^Server "EX2" \(\$\.design\.servers\[0\]\) has a field "ramGb" \(value 16\) that format version \d+ does not have\. Its fields are: id, name, fqdn, siteId, os, roles, cores, ramGB, /);
    expect(p.hint).toBe('Rename it to "ramGB": field names must match in case.');
    const near = only(edited('"cores": 4, "ramGB": 16', '"cors": 4, "cores": 4, "ramGB": 16'));
    expect(near.hint).toBe('Did you mean the field "cores"? Rename it, or remove it.');
    const unknown = only(edited('"cores": 4, "ramGB": 16', '"colour": "red", "cores": 4, "ramGB": 16'));
    expect(unknown.hint).toBe('Remove "colour": ExTopo does not keep fields it does not know.');
  });

  it('a local path given as a share: says to use a local folder', () => {
    const text = edited('"servers": [', '"dags": [{ "id": "dag1", "name": "DAG1", "siteId": "site-hq", "memberIds": [], "ipAddresses": [], "witnessDirectory": "\\\\\\\\fs1\\\\witness" }],\n    "servers": [');
    const p = only(text);
    expect(p.message).toBe(
      'DAG "DAG1", field "witnessDirectory" ($.design.dags[0].witnessDirectory) is "\\\\fs1\\witness". It must be a local Windows path: a drive letter, ":\\" and folders of letters, digits, spaces, "_", ".", "(", ")" and "-", e.g. C:\\DAG1 (at most 200 characters).',
    );
    expect(p.hint).toBe('Use a local path on the server (a drive letter, e.g. C:\\DAG1), not a network share.');
  });

  it('a reference to an id that does not exist: lists the ids it may name', () => {
    const p = only(edited('"subnetId": "net-lan", "ipv4": "10.0.0.13"', '"subnetId": "net-dmz", "ipv4": "10.0.0.13"'));
    expect(p.message).toBe('NIC LAN of EX3 refers to subnet "net-dmz" ($.design.servers[1].nics[0].subnetId), which does not exist in the design. It must be the id of a subnet of the design.');
    expect(p.hint).toBe('Point it at an existing subnet (the design has "net-lan" (subnet 10.0.0.0/24)), or add a subnet with the id "net-dmz".');
  });

  it('writes every problem as separate sentences: capitalised, ending with a full stop, never run together', () => {
    const text = GOOD.replace('"Hub"', '"Hub"')
      .replace('"roles": ["CAS", "HT"]', '"roles": ["CAS", "Hub"]')
      .replace('"cores": 4, "ramGB": 16', '"cores": "four", "ramGB": true')
      .replace('"cidr": "10.0.0.0/24"', '"cidr": 24')
      .replace('"name": "HQ"', '"name": ""')
      .replace('"edition": "Standard" },', '"edition": "Standard", "rollup": 99 },');
    const list = problems(text);
    expect(list.length).toBeGreaterThanOrEqual(5);
    for (const p of list) {
      for (const part of [p.message, p.hint]) {
        expect(part, part).toMatch(/^[A-Z"]/);
        expect(part, part).toMatch(/[.?]$/);
        expect(part, part).not.toMatch(/\.\.(?!\.)|[a-z0-9"]\s+[A-Z][a-z]+ the /);
      }
      expect(p.message, p.message).toContain(`(${p.path})`);
    }
    expect(list.find((p) => p.path === '$.design.sites[0].name')?.message).toBe(
      'AD site 1, field "name" ($.design.sites[0].name) is "". It must be a name of letters, digits, spaces, "_", ".", "(", ")" and "-", starting with a letter or digit (not empty, at most 64 characters).',
    );
    expect(list.find((p) => p.path === '$.design.organization.rollup')?.hint).toBe('Lower it to at most 40 (Update rollup within the service pack (RU5 = 5)).');
  });
});
