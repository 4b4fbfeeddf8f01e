/**
 * Customer files come from pull requests, so they are untrusted: the loader must reject
 * hostile input with a normal ValidationError (never hang, crash or run out of memory),
 * and its messages must not let a file name or value rearrange or forge terminal output.
 */
import { MAX_FILE_BYTES } from '../../model/yaml-file';
import { removeTempDirs, TestProject, VALID_CUSTOMER } from './helpers';

afterAll(removeTempDirs);

const CONTROL_HINT = 'fix name';
const NESTED_LINE = (file: string) =>
  `${file}: (document): is nested more than 32 levels deep (data files are flat key: value lines with short lists; write the values out)`;
/** What must never reach a terminal unescaped. */
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function problemsOf(customerYaml: string, fileName = 'acme.yaml'): string[] {
  return new TestProject({ customers: { [fileName]: customerYaml } }).problems();
}

describe('resource exhaustion', () => {
  it('rejects a YAML alias bomb (billion laughs) without expanding it', () => {
    // GIVEN nine levels of nine aliases each (9^9 strings once expanded)
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    // WHEN it is loaded
    const lines = problemsOf(`${levels.join('\n')}\n`);
    // THEN it is refused as a document by the alias limit, before anything is expanded (expanding
    // 9^9 strings would exhaust the memory long before the test's time limit)
    expect(lines).toEqual([
      'customers/acme.yaml: (document): cannot be read: Excessive alias count indicates a resource exhaustion attack (write the values out; YAML aliases and anchors are limited to prevent alias bombs)',
    ]);
  }, 120_000);

  it('still allows a few aliases', () => {
    // GIVEN one anchor used once
    const p = new TestProject({ customers: { 'acme.yaml': 'name: &n Acme Corp\ncontact: api-team@acme.example\ndescription: *n\n' } });
    // WHEN / THEN it loads
    expect(p.load().customers[0].description).toBe('Acme Corp');
  });

  it('rejects a file over 64 KiB without parsing it', () => {
    // GIVEN a valid customer padded with a comment to one byte over the limit
    const text = `${VALID_CUSTOMER}# ${'x'.repeat(MAX_FILE_BYTES)}\n`;
    const size = Buffer.byteLength(text);
    // WHEN / THEN the size is the problem
    expect(MAX_FILE_BYTES).toBe(65536);
    expect(problemsOf(text)).toEqual([
      `customers/acme.yaml: (file): is ${size} bytes, over the 65536-byte limit (a data file this large is not a hand-written customer file; shorten it)`,
    ]);
  });

  it('accepts a file of exactly 64 KiB', () => {
    // GIVEN a valid customer padded to exactly the limit
    const head = `${VALID_CUSTOMER}# `;
    const text = `${head}${'x'.repeat(MAX_FILE_BYTES - Buffer.byteLength(head) - 1)}\n`;
    expect(Buffer.byteLength(text)).toBe(MAX_FILE_BYTES);
    // WHEN / THEN it loads
    expect(new TestProject({ customers: { 'acme.yaml': text } }).load().customers).toHaveLength(1);
  });

  it.each([
    ['flow sequences', `${'['.repeat(30000)}${']'.repeat(30000)}\n`],
    ['flow mappings', `${'{a: '.repeat(10000)}x${'}'.repeat(10000)}\n`],
    ['block sequences on one line', `${'- '.repeat(30000)}x\n`],
    ['a field value', `name: ${'['.repeat(30000)}${']'.repeat(30000)}\ncontact: api-team@acme.example\n`],
  ])('rejects a deeply nested document (%s)', (_what, text) => {
    // GIVEN a document nested thousands of levels deep (the YAML composer recurses per level)
    // WHEN / THEN it is refused before composing, as a normal problem
    expect(problemsOf(text)).toEqual([NESTED_LINE('customers/acme.yaml')]);
  });

  it('survives several deeply nested files in one load', () => {
    // GIVEN three deeply nested files (this used to abort the whole process)
    const deep = `${'['.repeat(30000)}${']'.repeat(30000)}\n`;
    const p = new TestProject({ customers: { 'deep-a.yaml': deep, 'deep-b.yaml': deep, 'deep-c.yaml': `name: ${deep}` } });
    // WHEN / THEN each is one problem
    expect(p.problems()).toEqual([
      NESTED_LINE('customers/deep-a.yaml'),
      NESTED_LINE('customers/deep-b.yaml'),
      NESTED_LINE('customers/deep-c.yaml'),
    ]);
  });

  it('leaves 32 levels to the schema', () => {
    // GIVEN roles nested to exactly 32 levels in all (the mapping is the first)
    const text = `${VALID_CUSTOMER}roles: ${'['.repeat(31)}${']'.repeat(31)}\n`;
    // WHEN / THEN the nesting is allowed, and the schema says what is wrong
    expect(problemsOf(text)).toEqual(['customers/acme.yaml: roles[0]: expected string, got a list (write roles[0] as a string)']);
  });
});

describe('control and bidirectional characters', () => {
  it.each([
    ['BEL', '\u0007', '\\u0007'],
    ['ESC (terminal escape sequences)', '\u001b', '\\u001b'],
    ['a newline', '\n', '\\n'],
    ['a tab', '\t', '\\t'],
    ['DEL', '\u007f', '\\u007f'],
    ['C1 CSI', '\u009b', '\\u009b'],
    ['RIGHT-TO-LEFT OVERRIDE', '\u202e', '\\u202e'],
    ['LEFT-TO-RIGHT EMBEDDING', '\u202a', '\\u202a'],
    ['RIGHT-TO-LEFT ISOLATE', '\u2067', '\\u2067'],
    ['POP DIRECTIONAL ISOLATE', '\u2069', '\\u2069'],
    ['LINE SEPARATOR', '\u2028', '\\u2028'],
  ])('rejects %s in a name, and shows it escaped', (_what, char, escaped) => {
    // GIVEN a name with that character in the middle
    const name = `Acme${char}Corp`;
    // WHEN it is loaded
    const lines = problemsOf(`name: ${JSON.stringify(name)}\ncontact: api-team@acme.example\n`);
    // THEN the value is rejected, and the line shows the character as an escape, never raw
    expect(lines).toEqual([
      `customers/acme.yaml: name: "Acme${escaped}Corp" contains control or bidirectional-override characters (${CONTROL_HINT})`,
    ]);
    expect(lines[0]).not.toMatch(UNSAFE);
  });

  it('allows newlines and tabs in a description, but not a bidirectional override', () => {
    // GIVEN one customer with a multi-line description and one with an override in it
    const p = new TestProject({
      customers: {
        'acme.yaml': `${VALID_CUSTOMER}description: "Line one.\\n\\tLine two."\n`,
        'globex.yaml': `${VALID_CUSTOMER}description: "access \\u202Eevil\\u202C level"\n`,
      },
    });
    // WHEN / THEN only the override is a problem
    expect(p.problems()).toEqual([
      'customers/globex.yaml: description: "access \\u202eevil\\u202c level" contains control or bidirectional-override characters (fix description)',
    ]);
  });

  it('shows a bidirectional override in a file name escaped', () => {
    // GIVEN a file whose name displays as "acmelmy.yaml" but is something else
    const fileName = 'acme\u202eymlmy.yaml';
    const err = new TestProject({ customers: { [fileName]: VALID_CUSTOMER } }).validationError();
    // WHEN / THEN the message names it with the override escaped
    expect(err.message.split('\n').slice(1)).toEqual([
      '  customers/acme\\u202eymlmy.yaml: (file name): client id "acme\\u202eymlmy" must be 3-63 lowercase ASCII letters, digits or "-", starting with a letter (rename the file to acme-ymlmy.yaml)',
    ]);
    expect(err.message).not.toMatch(UNSAFE);
  });

  it('does not let a newline in a file name start a line of its own in the message', () => {
    // GIVEN a file name that contains a newline
    const fileName = 'acme\nforged line.yaml';
    const err = new TestProject({ customers: { [fileName]: VALID_CUSTOMER } }).validationError();
    // WHEN / THEN the message is the header and exactly one problem line
    expect(err.message.split('\n').slice(1)).toEqual([
      '  customers/acme\\u000aforged line.yaml: (file name): client id "acme\\nforged line" must be 3-63 lowercase ASCII letters, digits or "-", starting with a letter (rename the file to acme-forged-line.yaml)',
    ]);
  });
});

describe('size and shape', () => {
  it('rejects a name over 255 characters', () => {
    expect(problemsOf(`name: ${'a'.repeat(256)}\ncontact: api-team@acme.example\n`)).toEqual([
      'customers/acme.yaml: name: is too long: must be at most 255 characters (shorten name)',
    ]);
  });

  it('accepts a name of 255 characters', () => {
    const p = new TestProject({ customers: { 'acme.yaml': `name: ${'a'.repeat(255)}\ncontact: api-team@acme.example\n` } });
    expect(p.load().customers[0].name).toHaveLength(255);
  });

  it('rejects a description over 255 characters', () => {
    expect(problemsOf(`${VALID_CUSTOMER}description: ${'a'.repeat(256)}\n`)).toEqual([
      'customers/acme.yaml: description: is too long: must be at most 255 characters (shorten description)',
    ]);
  });

  it.each([
    ['an empty file', ''],
    ['a file with only comments', '# name: Acme Corp\n# contact: api-team@acme.example\n'],
    ['an explicit null', '~\n'],
  ])('rejects %s as empty', (_what, text) => {
    expect(problemsOf(text)).toEqual(['customers/acme.yaml: (document): is empty (copy an example file and fill in its fields)']);
  });

  it.each([
    ['a list', '- name: Acme Corp\n- contact: api-team@acme.example\n'],
    ['a string', 'Acme Corp\n'],
    ['a number', '42\n'],
  ])('rejects %s at the top level', (_what, text) => {
    expect(problemsOf(text)).toEqual([
      'customers/acme.yaml: (document): is not a mapping of field names to values (the file must be key: value lines, e.g. `name: Acme Corp`)',
    ]);
  });

  it('treats __proto__ as an unknown field, not as a prototype', () => {
    // GIVEN a __proto__ key that would turn the customer off if it reached the prototype
    const lines = problemsOf(`${VALID_CUSTOMER}__proto__: { enabled: false }\n`);
    // WHEN / THEN it is just an unknown field
    expect(lines).toEqual([
      'customers/acme.yaml: __proto__: unknown field "__proto__" (allowed fields: name, contact, description, enabled, roles, environments, accessTokenLifespan, auth, secretRotation, expires)',
    ]);
    expect(({} as Record<string, unknown>).enabled).toBeUndefined();
  });
});
