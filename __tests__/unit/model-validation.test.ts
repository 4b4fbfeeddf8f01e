/**
 * The loader's rules, one test each: every problem is reported as exactly one line
 * `<file>: <where>: <problem> (<hint>)` that names the file, the field, what is wrong and
 * how to fix it.
 */
import * as fs from 'fs';
import { DEFAULT_ACCESS_TOKEN_LIFESPAN } from '../../model/platform';
import { RESERVED_CLIENT_IDS } from '../../model/platform-rules';
import { ValidationError } from '../../model/problems';
import { PLATFORM, removeTempDirs, TestProject, VALID_CUSTOMER } from './helpers';

afterAll(removeTempDirs);

const NOT_A_CUSTOMER_FILE_HINT = 'customers/ holds only <client-id>.yaml files (and README.md); move it elsewhere';
const LIFESPAN_HINT = 'token lifespans are 60 to 3600 seconds';
const KNOWN_ROLES = 'known: orders:read, orders:write, invoices:read';
const charsetProblem = (id: string) =>
  `client id ${JSON.stringify(id)} must be 3-63 lowercase ASCII letters, digits or "-", starting with a letter`;

/** GIVEN only customers/acme.yaml with that content, WHEN the project is loaded, THEN these lines. */
function problemsOf(customerYaml: string): string[] {
  return new TestProject({ customers: { 'acme.yaml': customerYaml } }).problems();
}

describe('a valid project', () => {
  it('loads a customer with every field, resolving defaults and sorting roles', () => {
    // GIVEN a customer that sets every field, roles out of order
    const p = new TestProject({
      customers: {
        'acme.yaml': [
          'name: "  Acme Corp  "',
          'contact: api-team@acme.example',
          'description: |',
          '  Line one.',
          '  Line two.',
          'enabled: false',
          'roles: [orders:write, invoices:read]',
          'accessTokenLifespan: 900',
        ].join('\n'),
      },
    });
    // WHEN it is loaded
    const { customers } = p.load();
    // THEN the customer is resolved: id from the file name, name trimmed, roles sorted
    expect(customers).toEqual([
      {
        clientId: 'acme',
        file: 'customers/acme.yaml',
        name: 'Acme Corp',
        contact: 'api-team@acme.example',
        description: 'Line one.\nLine two.\n',
        enabled: false,
        roles: ['invoices:read', 'orders:write'],
        accessTokenLifespan: 900,
        environments: ['local'],
        auth: { method: 'client-secret' },
        secretRotation: undefined,
        secretGracePeriod: undefined,
        expires: undefined,
      },
    ]);
  });

  it('applies the defaults: enabled, no roles, the platform lifespan', () => {
    // GIVEN a minimal customer and a platform default of 600 seconds
    const p = new TestProject({ customers: { 'acme.yaml': VALID_CUSTOMER } });
    // WHEN it is loaded
    const [acme] = p.load().customers;
    // THEN the optional fields get their defaults
    expect(acme).toMatchObject({ enabled: true, roles: [], accessTokenLifespan: 600 });
    expect(acme.description).toBeUndefined();
  });

  it('uses 300 seconds when the platform sets no default lifespan', () => {
    // GIVEN a platform without `defaults`
    const { defaults: _omitted, ...platform } = PLATFORM;
    const p = new TestProject({ platform, customers: { 'acme.yaml': VALID_CUSTOMER } });
    // WHEN it is loaded
    const project = p.load();
    // THEN the built-in default applies to the customer
    expect(DEFAULT_ACCESS_TOKEN_LIFESPAN).toBe(300);
    expect(project.customers[0].accessTokenLifespan).toBe(300);
  });

  it('returns customers sorted by client id, whatever the file order', () => {
    // GIVEN three customers, written out of order
    const p = new TestProject({ customers: { 'zeta.yaml': VALID_CUSTOMER, 'alpha.yml': VALID_CUSTOMER, 'mid-co.yaml': VALID_CUSTOMER } });
    // WHEN they are loaded
    // THEN they come back sorted by client id, .yml included
    expect(p.load().customers.map((c) => c.clientId)).toEqual(['alpha', 'mid-co', 'zeta']);
  });

  it('accepts an empty customers/ directory', () => {
    // GIVEN a platform and an empty customers/
    const p = new TestProject({ customers: {} });
    // WHEN / THEN it loads, with no customers
    expect(p.load().customers).toEqual([]);
  });

  it('accepts a missing customers/ directory', () => {
    // GIVEN a platform and no customers/ at all
    const p = new TestProject({ customers: null });
    expect(fs.existsSync(p.path('customers'))).toBe(false);
    // WHEN / THEN it loads, with no customers
    expect(p.load().customers).toEqual([]);
  });

  it('ignores README.md and .gitkeep in customers/', () => {
    // GIVEN the two files customers/ may hold besides customer files
    const p = new TestProject({ customers: { 'README.md': '# Customers\n', '.gitkeep': '', 'acme.yaml': VALID_CUSTOMER } });
    // WHEN / THEN only the customer is loaded
    expect(p.load().customers.map((c) => c.clientId)).toEqual(['acme']);
  });
});

describe('YAML', () => {
  it.each([
    [
      'an unquoted ": " inside a value',
      'name: Acme: Corp\ncontact: api-team@acme.example\n',
      'line 1, column 7: invalid YAML: Nested mappings are not allowed in compact mappings',
    ],
    [
      'a tab as indentation',
      'name: Acme Corp\n\tcontact: api-team@acme.example\n',
      'line 2, column 1: invalid YAML: Tabs are not allowed as indentation',
    ],
    [
      'text after a quoted value',
      'name: Acme Corp\ncontact: "api-team@acme.example" x\n',
      'line 2, column 34: invalid YAML: Unexpected scalar at node end',
    ],
    [
      'an unclosed quote (reported where the file ends)',
      'name: Acme Corp\ncontact: "api-team@acme.example\n',
      'line 3, column 1: invalid YAML: Missing closing "quote',
    ],
  ])('reports a syntax error (%s) with its line and column', (_what, yaml, where) => {
    // GIVEN a file with that syntax error
    // WHEN / THEN the line names where the parser found it
    expect(problemsOf(yaml)).toEqual([`customers/acme.yaml: ${where} (fix the YAML syntax)`]);
  });

  it('reports a duplicate key at the second occurrence', () => {
    // GIVEN `name` twice
    // WHEN / THEN the second one is reported, with how to fix it
    expect(problemsOf('name: Acme Corp\ncontact: api-team@acme.example\nname: Acme Inc\n')).toEqual([
      'customers/acme.yaml: line 3, column 1: invalid YAML: Map keys must be unique (each key may appear once; remove the duplicate)',
    ]);
  });

  it('rejects a second document in the same file', () => {
    // GIVEN two YAML documents separated by ---
    // WHEN / THEN the second one is an error (only the first would be read otherwise)
    expect(problemsOf(`${VALID_CUSTOMER}---\nname: Other\n`)).toEqual([
      'customers/acme.yaml: line 3, column 1: invalid YAML: Source contains multiple documents; please use YAML.parseAllDocuments() (fix the YAML syntax)',
    ]);
  });
});

describe('field types', () => {
  it.each([
    [
      'name',
      'name: 5\ncontact: api-team@acme.example\n',
      'customers/acme.yaml: name: expected string, got number 5 (write name as a string)',
    ],
    [
      'enabled',
      `${VALID_CUSTOMER}enabled: yes\n`,
      'customers/acme.yaml: enabled: expected boolean, got string "yes" (write enabled as a boolean)',
    ],
    [
      'roles',
      `${VALID_CUSTOMER}roles: orders:read\n`,
      'customers/acme.yaml: roles: expected array, got string "orders:read" (write roles as an array)',
    ],
    [
      'roles[0]',
      `${VALID_CUSTOMER}roles: [{ name: orders:read }]\n`,
      'customers/acme.yaml: roles[0]: expected string, got a mapping (write roles[0] as a string)',
    ],
    [
      'accessTokenLifespan',
      `${VALID_CUSTOMER}accessTokenLifespan: "300"\n`,
      'customers/acme.yaml: accessTokenLifespan: expected number, got string "300" (write accessTokenLifespan as a number)',
    ],
    [
      'description',
      `${VALID_CUSTOMER}description: [a, b]\n`,
      'customers/acme.yaml: description: expected string, got a list (write description as a string)',
    ],
  ])('reports a wrong type in %s with what was found', (_field, yaml, line) => {
    // GIVEN a field of the wrong type
    // WHEN / THEN the line says what was expected and what was found
    expect(problemsOf(yaml)).toEqual([line]);
  });

  it('reports null as a wrong type, not as a missing field', () => {
    // GIVEN `name:` with no value
    expect(problemsOf('name:\ncontact: api-team@acme.example\n')).toEqual([
      'customers/acme.yaml: name: expected string, got null (write name as a string)',
    ]);
  });
});

describe('unknown fields', () => {
  it('suggests the closest field for a typo', () => {
    // GIVEN a misspelled `contact` and a near-miss for accessTokenLifespan
    const lines = problemsOf('name: Acme Corp\ncontcat: api-team@acme.example\naccessTokenLifetime: 300\n');
    // THEN each is reported with a did-you-mean, besides the missing contact
    expect(lines).toEqual([
      'customers/acme.yaml: contact: is required (add contact)',
      'customers/acme.yaml: contcat: unknown field "contcat" (did you mean "contact"?)',
      'customers/acme.yaml: accessTokenLifetime: unknown field "accessTokenLifetime" (did you mean "accessTokenLifespan"?)',
    ]);
  });

  it('lists the allowed fields when nothing is close', () => {
    expect(problemsOf(`${VALID_CUSTOMER}owner: bob\n`)).toEqual([
      'customers/acme.yaml: owner: unknown field "owner" (allowed fields: name, contact, description, enabled, roles, environments, accessTokenLifespan, auth, secretRotation, expires)',
    ]);
  });
});

describe('required fields', () => {
  it('reports a missing name', () => {
    expect(problemsOf('contact: api-team@acme.example\n')).toEqual(['customers/acme.yaml: name: is required (add name)']);
  });

  it('reports a missing contact', () => {
    expect(problemsOf('name: Acme Corp\n')).toEqual(['customers/acme.yaml: contact: is required (add contact)']);
  });

  it('reports a name that is only spaces as empty', () => {
    expect(problemsOf('name: "   "\ncontact: api-team@acme.example\n')).toEqual([
      'customers/acme.yaml: name: must not be empty (fill in name)',
    ]);
  });
});

describe('contact', () => {
  it.each(['not-an-email', 'api-team@', 'api team@acme.example'])('rejects %j as an email address', (contact) => {
    expect(problemsOf(`name: Acme Corp\ncontact: ${JSON.stringify(contact)}\n`)).toEqual([
      `customers/acme.yaml: contact: ${JSON.stringify(contact)} is not an email address (write the technical contact's address, e.g. api-team@example.com)`,
    ]);
  });
});

describe('accessTokenLifespan', () => {
  it('rejects 59 seconds', () => {
    expect(problemsOf(`${VALID_CUSTOMER}accessTokenLifespan: 59\n`)).toEqual([
      `customers/acme.yaml: accessTokenLifespan: 59 is out of range: must be at least 60 (${LIFESPAN_HINT})`,
    ]);
  });

  it('rejects 3601 seconds', () => {
    expect(problemsOf(`${VALID_CUSTOMER}accessTokenLifespan: 3601\n`)).toEqual([
      `customers/acme.yaml: accessTokenLifespan: 3601 is out of range: must be at most 3600 (${LIFESPAN_HINT})`,
    ]);
  });

  it('rejects a fraction of a second', () => {
    expect(problemsOf(`${VALID_CUSTOMER}accessTokenLifespan: 300.5\n`)).toEqual([
      'customers/acme.yaml: accessTokenLifespan: expected a whole number, got number 300.5 (write accessTokenLifespan as a whole number)',
    ]);
  });

  it.each([60, 3600])('accepts the bound %d', (seconds) => {
    const p = new TestProject({ customers: { 'acme.yaml': `${VALID_CUSTOMER}accessTokenLifespan: ${seconds}\n` } });
    expect(p.load().customers[0].accessTokenLifespan).toBe(seconds);
  });
});

describe('client id (the file name)', () => {
  it.each([
    ['uppercase letters', 'Acme.yaml', 'Acme', 'rename the file to acme.yaml'],
    ['an underscore', 'acme_corp.yaml', 'acme_corp', 'rename the file to acme-corp.yaml'],
    ['a dot', 'acme.corp.yaml', 'acme.corp', 'rename the file to acme-corp.yaml'],
    ['only 2 characters', 'ab.yaml', 'ab', 'rename the file, e.g. to acme-corp.yaml'],
    ['a leading digit', '1acme.yaml', '1acme', 'rename the file, e.g. to acme-corp.yaml'],
    ['a leading dash', '-acme.yaml', '-acme', 'rename the file, e.g. to acme-corp.yaml'],
    ['64 characters', `${'a'.repeat(64)}.yaml`, 'a'.repeat(64), 'rename the file, e.g. to acme-corp.yaml'],
    ['an accented letter', 'acmé.yaml', 'acmé', 'rename the file to acm-.yaml'],
    ['a Cyrillic look-alike "а"', '\u0430cme.yaml', '\u0430cme', 'rename the file, e.g. to acme-corp.yaml'],
    ['the Kelvin sign, which lowercases to ASCII "k"', '\u212Aelvin.yaml', '\u212Aelvin', 'rename the file to kelvin.yaml'],
    ['a fullwidth letter', '\uFF41cme.yaml', '\uFF41cme', 'rename the file, e.g. to acme-corp.yaml'],
  ])('rejects a file name with %s', (_what, fileName, id, hint) => {
    // GIVEN an otherwise valid customer under that name
    const p = new TestProject({ customers: { [fileName]: VALID_CUSTOMER } });
    // WHEN / THEN the file name is the only problem (its valid content adds none)
    expect(p.problems()).toEqual([`customers/${fileName}: (file name): ${charsetProblem(id)} (${hint})`]);
  });

  it.each(['abc', 'a-1', `a${'b'.repeat(62)}`])('accepts %s (3 and 63 characters are the bounds)', (id) => {
    const p = new TestProject({ customers: { [`${id}.yaml`]: VALID_CUSTOMER } });
    expect(p.load().customers.map((c) => c.clientId)).toEqual([id]);
  });

  it.each(RESERVED_CLIENT_IDS.map((id) => [id]))("rejects Keycloak's built-in client id %s", (id) => {
    // GIVEN a customer file named after a built-in client
    const p = new TestProject({ customers: { [`${id}.yaml`]: VALID_CUSTOMER } });
    // WHEN / THEN it is reserved
    expect(p.problems()).toEqual([
      `customers/${id}.yaml: (file name): client id "${id}" is reserved by Keycloak (rename the file; reserved ids: account, account-console, admin-cli, broker, realm-management, security-admin-console)`,
    ]);
  });

  it('reserves exactly the six built-in clients', () => {
    expect([...RESERVED_CLIENT_IDS].sort()).toEqual([
      'account',
      'account-console',
      'admin-cli',
      'broker',
      'realm-management',
      'security-admin-console',
    ]);
  });

  it("rejects the backend API's own client id", () => {
    // GIVEN customers/orders-api.yaml while the API is orders-api
    const p = new TestProject({ customers: { 'orders-api.yaml': VALID_CUSTOMER } });
    // WHEN / THEN it would take over the API client
    expect(p.problems()).toEqual([
      `customers/orders-api.yaml: (file name): client id "orders-api" is the backend API's own client id (rename the file after the customer, e.g. acme-corp.yaml)`,
    ]);
  });

  it('rejects two files that differ only by case', () => {
    // GIVEN acme.yaml and ACME.yaml (possible on case-sensitive file systems only)
    const p = new TestProject({ customers: { 'acme.yaml': VALID_CUSTOMER, 'ACME.yaml': VALID_CUSTOMER } });
    // WHEN / THEN the upper-case one is rejected; acme.yaml alone is not a problem
    expect(p.problems()).toEqual([`customers/ACME.yaml: (file name): ${charsetProblem('ACME')} (rename the file to acme.yaml)`]);
  });

  it('rejects acme.yaml and acme.yml together', () => {
    // GIVEN the same client id with both extensions
    const p = new TestProject({ customers: { 'acme.yaml': VALID_CUSTOMER, 'acme.yml': VALID_CUSTOMER } });
    // WHEN / THEN the second file is reported against the first
    expect(p.problems()).toEqual([
      'customers/acme.yml: (file name): client id "acme" is also defined by customers/acme.yaml (each customer has exactly one file; merge the two files and delete one)',
    ]);
  });
});

describe('roles', () => {
  it('suggests the closest catalog role for a typo', () => {
    expect(problemsOf(`${VALID_CUSTOMER}roles: [orders:read, orders:wirte]\n`)).toEqual([
      `customers/acme.yaml: roles[1]: unknown role "orders:wirte" (did you mean "orders:write"? ${KNOWN_ROLES})`,
    ]);
  });

  it('lists the catalog when nothing is close', () => {
    expect(problemsOf(`${VALID_CUSTOMER}roles: [admin]\n`)).toEqual([
      `customers/acme.yaml: roles[0]: unknown role "admin" (${KNOWN_ROLES})`,
    ]);
  });

  it('says so when the catalog is empty', () => {
    const p = new TestProject({
      platform: { ...PLATFORM, api: { ...PLATFORM.api, roles: {} } },
      customers: { 'acme.yaml': `${VALID_CUSTOMER}roles: [orders:read]\n` },
    });
    expect(p.problems()).toEqual([
      'customers/acme.yaml: roles[0]: unknown role "orders:read" (the platform role catalog is empty; add the role to api.roles in platform.yaml first)',
    ]);
  });

  it('rejects a role listed twice', () => {
    expect(problemsOf(`${VALID_CUSTOMER}roles: [orders:read, invoices:read, orders:read]\n`)).toEqual([
      'customers/acme.yaml: roles[2]: role "orders:read" is listed twice (remove the duplicate)',
    ]);
  });
});

describe('what customers/ may hold', () => {
  it('rejects a file that is not YAML', () => {
    const p = new TestProject({ customers: { 'notes.txt': 'call acme on monday\n' } });
    expect(p.problems()).toEqual([`customers/notes.txt: (file): is not a customer file (${NOT_A_CUSTOMER_FILE_HINT})`]);
  });

  it('rejects a subdirectory, even one named like a customer file', () => {
    const p = new TestProject({ customers: { 'archive/old.yaml': VALID_CUSTOMER } });
    fs.mkdirSync(p.path('customers/newco.yaml'));
    expect(p.problems()).toEqual([
      `customers/archive: (file): is a directory, not a customer file (${NOT_A_CUSTOMER_FILE_HINT})`,
      `customers/newco.yaml: (file): is a directory, not a customer file (${NOT_A_CUSTOMER_FILE_HINT})`,
    ]);
  });

  it('rejects a symbolic link, without reading its target', () => {
    // GIVEN customers/acme.yaml linking to a file outside customers/ (here: one that is valid)
    const p = new TestProject({ customers: {} });
    p.write('elsewhere/acme.yaml', VALID_CUSTOMER);
    fs.symlinkSync(p.path('elsewhere/acme.yaml'), p.path('customers/acme.yaml'));
    // WHEN / THEN the link itself is the problem
    expect(p.problems()).toEqual([
      'customers/acme.yaml: (file): is a symbolic link (customer files must be regular files inside customers/; copy the content instead of linking)',
    ]);
  });
});

describe('platform.yaml', () => {
  it('suggests the closest field for an unknown one, at any depth', () => {
    // GIVEN `default` for `defaults` and `nmae` for realm.name
    const p = new TestProject({
      platform: { ...PLATFORM, realm: { nmae: 'partners' }, default: { accessTokenLifespan: 300 } },
    });
    // WHEN / THEN both typos are named with their path
    expect(p.problems()).toEqual([
      'platform.yaml: realm.name: is required (add realm.name)',
      'platform.yaml: realm.nmae: unknown field "nmae" (did you mean "name"?)',
      'platform.yaml: default: unknown field "default" (did you mean "defaults"?)',
    ]);
  });

  it("rejects one of Keycloak's built-in clients as the API", () => {
    const p = new TestProject({ platform: { ...PLATFORM, api: { ...PLATFORM.api, clientId: 'admin-cli' } } });
    expect(p.problems()).toEqual([
      `platform.yaml: api.clientId: "admin-cli" is one of Keycloak's built-in clients (choose the id of your backend API, e.g. "orders-api")`,
    ]);
  });

  it('rejects an API client id outside the client id charset', () => {
    const p = new TestProject({ platform: { ...PLATFORM, api: { ...PLATFORM.api, clientId: 'Orders_API' } } });
    expect(p.problems()).toEqual([
      'platform.yaml: api.clientId: "Orders_API" must be 3-63 lowercase letters, digits or "-", starting with a letter (fix api.clientId)',
    ]);
  });

  it('rejects a default lifespan out of range', () => {
    const p = new TestProject({ platform: { ...PLATFORM, defaults: { accessTokenLifespan: 7200 } } });
    expect(p.problems()).toEqual([
      `platform.yaml: defaults.accessTokenLifespan: 7200 is out of range: must be at most 3600 (${LIFESPAN_HINT})`,
    ]);
  });

  it('reports a missing platform.yaml', () => {
    const p = new TestProject({ platform: null });
    expect(p.problems()).toEqual(['platform.yaml: (file): does not exist (create platform.yaml; see README.md)']);
  });

  it('still validates the customer files when platform.yaml is invalid', () => {
    // GIVEN a broken platform and a customer with a broken contact
    const p = new TestProject({ platform: { ...PLATFORM, realm: {} }, customers: { 'acme.yaml': 'name: Acme Corp\ncontact: nobody\n' } });
    // WHEN / THEN both are reported
    expect(p.problems()).toEqual([
      'platform.yaml: realm.name: is required (add realm.name)',
      `customers/acme.yaml: contact: "nobody" is not an email address (write the technical contact's address, e.g. api-team@example.com)`,
    ]);
  });
});

describe('reporting', () => {
  it('reports every problem of every file in one ValidationError', () => {
    // GIVEN problems in platform.yaml and in three customer files, and one valid customer
    const p = new TestProject({
      platform: { ...PLATFORM, audienceScope: { name: 'orders api audience' } },
      customers: {
        'acme.yaml': VALID_CUSTOMER,
        'globex.yaml': 'name: Globex\n',
        'initech.yaml': `${VALID_CUSTOMER}accessTokenLifespan: 10\nroles: [orders:raed]\n`,
        'Umbrella.yaml': VALID_CUSTOMER,
      },
    });
    // WHEN it is loaded
    const err = p.validationError();
    // THEN all five problems come together, in file order, and the message lists each on its
    // own line (initech's role typo too, although its lifespan failed the schema)
    const lines = [
      'platform.yaml: audienceScope.name: "orders api audience" must be 1-100 ASCII letters, digits or ":._-", starting with a letter (fix audienceScope.name)',
      'customers/globex.yaml: contact: is required (add contact)',
      `customers/initech.yaml: accessTokenLifespan: 10 is out of range: must be at least 60 (${LIFESPAN_HINT})`,
      `customers/initech.yaml: roles[0]: unknown role "orders:raed" (did you mean "orders:read"? ${KNOWN_ROLES})`,
      `customers/Umbrella.yaml: (file name): ${charsetProblem('Umbrella')} (rename the file to umbrella.yaml)`,
    ];
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.problems).toHaveLength(5);
    expect(err.message).toBe(
      `5 problems in the platform and customer files; nothing was synthesized or deployed:\n${lines.map((l) => `  ${l}`).join('\n')}`,
    );
  });

  it('reports three problems of three kinds in one file, and in each of several files, in one run', () => {
    // GIVEN files that each break a file-name rule, a schema rule and a cross-file rule
    // (role catalog in platform.yaml, environments in environments.yaml)
    const p = new TestProject({
      customers: {
        'Wayne_Freight.yaml': 'name: Wayne Freight\ncontact: ops@wayne-freight\nroles: [orders:wrte]\n',
        'orders-api.yaml': 'name: Orders\ncontact: ops@orders.example\naccessTokenLifespan: 5\nenvironments: [prod]\n',
        'initech.yaml': 'name: Initech\ncontact: ops@initech.example\ncolour: red\nroles: [invoices:raed]\nenvironments: [locl]\n',
      },
    });
    // WHEN it is validated once THEN every problem is there, none revealed only after a fix
    expect(p.problems()).toEqual([
      'customers/initech.yaml: colour: unknown field "colour" (allowed fields: name, contact, description, enabled, roles, environments, accessTokenLifespan, auth, secretRotation, expires)',
      `customers/initech.yaml: roles[0]: unknown role "invoices:raed" (did you mean "invoices:read"? ${KNOWN_ROLES})`,
      'customers/initech.yaml: environments[0]: unknown environment "locl" (did you mean "local"? known: local (environments.yaml))',
      `customers/orders-api.yaml: (file name): client id "orders-api" is the backend API's own client id (rename the file after the customer, e.g. acme-corp.yaml)`,
      `customers/orders-api.yaml: accessTokenLifespan: 5 is out of range: must be at least 60 (${LIFESPAN_HINT})`,
      'customers/orders-api.yaml: environments[0]: unknown environment "prod" (known: local (environments.yaml))',
      `customers/Wayne_Freight.yaml: (file name): ${charsetProblem('Wayne_Freight')} (rename the file to wayne-freight.yaml)`,
      `customers/Wayne_Freight.yaml: contact: "ops@wayne-freight" is not an email address (write the technical contact's address, e.g. api-team@example.com)`,
      `customers/Wayne_Freight.yaml: roles[0]: unknown role "orders:wrte" (did you mean "orders:write"? ${KNOWN_ROLES})`,
    ]);
  });

  it('checks roles only when they have the shape of a list of names', () => {
    // GIVEN roles that are not a list: the schema problem is reported, no catalog check guesses
    expect(problemsOf(`${VALID_CUSTOMER}roles: orders:read\n`)).toEqual([
      'customers/acme.yaml: roles: expected array, got string "orders:read" (write roles as an array)',
    ]);
  });

  it('says "1 problem" for one', () => {
    expect(new TestProject({ customers: { 'acme.yaml': 'name: Acme\n' } }).validationError().message).toMatch(/^1 problem in the platform/);
  });

  it('does not return a partial project: one bad customer fails the whole load', () => {
    const p = new TestProject({ customers: { 'acme.yaml': VALID_CUSTOMER, 'globex.yaml': 'name: Globex\n' } });
    expect(() => p.load()).toThrow(ValidationError);
  });
});

describe("the read-only identity's client id", () => {
  it('cannot be taken by a customer file', () => {
    expect(new TestProject({ customers: { 'api-keys-reader.yaml': VALID_CUSTOMER } }).problems()).toEqual([
      'customers/api-keys-reader.yaml: (file name): client id "api-keys-reader" is the read-only identity\'s client id (rename the file after the customer, e.g. acme-corp.yaml)',
    ]);
  });

  it("cannot be the API's, the provisioner's or a built-in client id", () => {
    for (const clientId of ['orders-api', 'api-keys-provisioner', 'admin-cli']) {
      expect(new TestProject({ platform: { ...PLATFORM, reader: { clientId } } }).problems()).toEqual([
        `platform.yaml: reader.clientId: "${clientId}" is already taken (a built-in client, the API or the provisioning identity) (leave it out for the default "api-keys-reader")`,
      ]);
    }
  });
});

describe("the provisioning identity's client id", () => {
  it('cannot be taken by a customer file', () => {
    const p = new TestProject({ customers: { 'api-keys-provisioner.yaml': VALID_CUSTOMER } });
    expect(p.problems()).toEqual([
      'customers/api-keys-provisioner.yaml: (file name): client id "api-keys-provisioner" is the provisioning identity\'s client id (rename the file after the customer, e.g. acme-corp.yaml)',
    ]);
  });

  it("cannot be the API's client id or a built-in client", () => {
    expect(new TestProject({ platform: { ...PLATFORM, provisioner: { clientId: 'orders-api' } } }).problems()).toEqual([
      'platform.yaml: provisioner.clientId: "orders-api" is also the API\'s client id (give the provisioning identity its own id, e.g. "api-keys-provisioner")',
    ]);
    expect(new TestProject({ platform: { ...PLATFORM, provisioner: { clientId: 'realm-management' } } }).problems()).toEqual([
      'platform.yaml: provisioner.clientId: "realm-management" is one of Keycloak\'s built-in clients (leave it out for the default "api-keys-provisioner")',
    ]);
  });
});
