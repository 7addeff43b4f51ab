/** Vault's identitytpl in ACL mode (sdk/helper/identitytpl/templating.go), as ACL paths use it. */
import { describe, expect, it } from 'vitest';
import { renderTemplate, templateSyntax, type TemplateIdentity } from '../../../src/auth/acl-template.js';

const alice: TemplateIdentity = {
  entity: { id: 'ent-1', name: 'alice', metadata: { team: 'ops', blank: '', 'a.b': 'dotted' } },
  aliases: [
    { id: 'al-1', mountAccessor: 'auth_userpass_1234', name: 'alice-up', metadata: { region: 'eu' }, customMetadata: { tier: 'gold' } },
    { id: 'al-2', mountAccessor: 'auth_approle_99', name: 'role-a', metadata: {} },
  ],
  groups: [
    { id: 'g-1', name: 'admins', metadata: { level: 'high' } },
    { id: 'g-2', name: '' },
  ],
};

const render = (text: string, identity: TemplateIdentity = alice) => renderTemplate(text, identity);

describe('renderTemplate: entity', () => {
  it('fills id, name and metadata keys, several directives in one path', () => {
    expect(render('x/{{identity.entity.id}}')).toBe('x/ent-1');
    expect(render('x/{{identity.entity.name}}/y')).toBe('x/alice/y');
    expect(render('{{identity.entity.metadata.team}}/{{identity.entity.name}}/*')).toBe('ops/alice/*');
    expect(render('x/{{identity.entity.metadata.a.b}}')).toBe('x/dotted');
  });

  it('trims whitespace inside the braces, as Vault does', () => {
    expect(render('x/{{ identity.entity.name }}')).toBe('x/alice');
    expect(render('x/{{\tidentity.entity.id\n}}')).toBe('x/ent-1');
  });

  it('leaves text without directives as it is', () => {
    expect(render('secret/data/x')).toBe('secret/data/x');
    expect(render('')).toBe('');
  });

  it('gives nothing for a missing metadata key, an empty id or name, or a whole map', () => {
    expect(render('x/{{identity.entity.metadata.nope}}')).toBeUndefined();
    const anonymous: TemplateIdentity = { entity: { id: '', name: '', metadata: {} }, aliases: [] };
    expect(render('x/{{identity.entity.id}}', anonymous)).toBeUndefined();
    expect(render('x/{{identity.entity.name}}', anonymous)).toBeUndefined();
    expect(render('x/{{identity.entity.metadata}}')).toBeUndefined();
    expect(render('x/{{identity.entity.metadata.toString}}')).toBeUndefined();
  });

  it('renders a metadata key that is present with an empty value as empty, as Vault does', () => {
    expect(render('x/{{identity.entity.metadata.blank}}/y')).toBe('x//y');
  });

  it('gives nothing for unknown directives, group lists and time', () => {
    const unknown = ['identity.entity.email', 'identity.entity.groups.names', 'identity.entity.groups.ids', 'identity.foo', 'foo', '', 'time.now'];
    for (const d of unknown) expect(render(`x/{{${d}}}`), d).toBeUndefined();
  });

  it('refuses values that would widen the rule into a glob or segment wildcard', () => {
    const sneaky: TemplateIdentity = { entity: { id: 'e', name: '+', metadata: { star: 'a*', plus: 'a+b' } }, aliases: [] };
    expect(render('x/{{identity.entity.name}}/y', sneaky)).toBeUndefined();
    expect(render('x/{{identity.entity.metadata.star}}', sneaky)).toBeUndefined();
    expect(render('x/{{identity.entity.metadata.plus}}', sneaky)).toBeUndefined();
    expect(render('x/{{identity.entity.id}}/*', sneaky)).toBe('x/e/*');
  });
});

describe('renderTemplate: aliases', () => {
  it('finds the alias by mount accessor and fills id, name, metadata and custom_metadata', () => {
    expect(render('u/{{identity.entity.aliases.auth_userpass_1234.id}}')).toBe('u/al-1');
    expect(render('u/{{identity.entity.aliases.auth_userpass_1234.name}}')).toBe('u/alice-up');
    expect(render('u/{{identity.entity.aliases.auth_approle_99.name}}')).toBe('u/role-a');
    expect(render('u/{{identity.entity.aliases.auth_userpass_1234.metadata.region}}')).toBe('u/eu');
    expect(render('u/{{identity.entity.aliases.auth_userpass_1234.custom_metadata.tier}}')).toBe('u/gold');
  });

  it('gives nothing for an accessor without an alias, a missing key or a bad selector', () => {
    expect(render('u/{{identity.entity.aliases.auth_ldap_1.name}}')).toBeUndefined();
    expect(render('u/{{identity.entity.aliases.auth_approle_99.metadata.region}}')).toBeUndefined();
    expect(render('u/{{identity.entity.aliases.auth_approle_99.custom_metadata.tier}}')).toBeUndefined();
    expect(render('u/{{identity.entity.aliases.auth_userpass_1234}}')).toBeUndefined();
    expect(render('u/{{identity.entity.aliases.auth_userpass_1234.email}}')).toBeUndefined();
  });
});

describe('renderTemplate: groups', () => {
  it('selects a group by id or by name and fills id, name and metadata', () => {
    expect(render('g/{{identity.groups.ids.g-1.name}}')).toBe('g/admins');
    expect(render('g/{{identity.groups.names.admins.id}}')).toBe('g/g-1');
    expect(render('g/{{identity.groups.names.admins.metadata.level}}')).toBe('g/high');
  });

  it('gives nothing without groups, for a group the entity is not in, an empty name or a missing key', () => {
    expect(render('g/{{identity.groups.ids.g-1.name}}', { ...alice, groups: [] })).toBeUndefined();
    expect(render('g/{{identity.groups.ids.g-1.name}}', { entity: alice.entity, aliases: [] })).toBeUndefined();
    expect(render('g/{{identity.groups.names.devs.id}}')).toBeUndefined();
    expect(render('g/{{identity.groups.ids.g-2.name}}')).toBeUndefined();
    expect(render('g/{{identity.groups.ids.g-2.metadata.level}}')).toBeUndefined();
    expect(render('g/{{identity.groups.other.g-1.id}}')).toBeUndefined();
    expect(render('g/{{identity.groups.ids.g-1}}')).toBeUndefined();
  });
});

describe('templateSyntax', () => {
  it('tells plain paths from templated ones, and catches unbalanced braces', () => {
    expect(templateSyntax('secret/data/*')).toBe('plain');
    expect(templateSyntax('')).toBe('plain');
    expect(templateSyntax('a/{{identity.entity.id}}')).toBe('templated');
    expect(templateSyntax('a/{{anything at all}}/b/{{}}')).toBe('templated');
    for (const bad of ['a/}}', 'a/{{x', 'a/{{x}}}}', 'a/{{x}}/b}}', 'a}}/{{x}}']) expect(templateSyntax(bad), bad).toBe('unbalanced');
  });

  it('renders nothing from unbalanced text', () => {
    expect(render('a/{{identity.entity.id')).toBeUndefined();
  });
});
