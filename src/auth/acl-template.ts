/**
 * ACL policy templating, with the semantics of Vault's identitytpl package in ACL mode
 * (sdk/helper/identitytpl/templating.go): `{{identity.entity.id}}`, `…name`, `…metadata.<key>`,
 * `…aliases.<mount accessor>.id|name|metadata.<key>|custom_metadata.<key>` and
 * `{{identity.groups.ids.<id>.…}}` / `{{identity.groups.names.<name>.…}}` (`id`, `name`,
 * `metadata.<key>`), whitespace inside the braces trimmed.
 *
 * A directive that names nothing known, or whose value is missing (no alias on that accessor, no
 * such metadata key, an empty id or name, no groups), makes the whole path unusable: Vault leaves
 * such a path out of the ACL, and so does the caller here. Values holding `*` or `+` are refused
 * too, as Vault refuses them (ErrTemplatedWildcard): an identity must not widen a rule into a glob.
 * A metadata key that is present with an empty value renders as the empty string, as in Vault.
 * `{{time.…}}` directives are not supported (the path is dropped): they would defeat ACL caching.
 */

/** The identity a templated policy path is filled from. */
export interface TemplateIdentity {
  entity: { id: string; name: string; metadata: Readonly<Record<string, string>> };
  aliases: readonly {
    id: string;
    mountAccessor: string;
    name: string;
    metadata: Readonly<Record<string, string>>;
    /** Vault's alias custom_metadata, for `…aliases.<accessor>.custom_metadata.<key>`. */
    customMetadata?: Readonly<Record<string, string>>;
  }[];
  /** The entity's groups, direct and inherited. */
  groups?: readonly { id: string; name: string; metadata?: Readonly<Record<string, string>> }[];
}

type Alias = TemplateIdentity['aliases'][number];
type Group = NonNullable<TemplateIdentity['groups']>[number];

/** How a path uses templating: not at all, well-formed directives, or unbalanced `{{`/`}}`. */
export type TemplateSyntax = 'plain' | 'templated' | 'unbalanced';

const ENTITY = 'identity.entity.';
const GROUPS = 'identity.groups.';

/**
 * Literal text and directive bodies alternating (`[text, directive, text, …]`), as PopulateString
 * splits on `{{` then `}}`; undefined when the braces do not pair up.
 */
function splitTemplate(text: string): string[] | undefined {
  const [head, ...rest] = text.split('{{');
  if (head!.includes('}}')) return undefined;
  const pieces = [head!];
  for (const piece of rest) {
    const parts = piece.split('}}');
    if (parts.length !== 2) return undefined;
    pieces.push(parts[0]!, parts[1]!);
  }
  return pieces;
}

/** Whether `text` is templated, for parse-time validation (Vault's ValidityCheckOnly pass). */
export function templateSyntax(text: string): TemplateSyntax {
  const pieces = splitTemplate(text);
  if (!pieces) return 'unbalanced';
  return pieces.length > 1 ? 'templated' : 'plain';
}

/**
 * `text` with every directive filled from `identity`; undefined when any directive cannot be
 * filled (or the braces do not pair up), which leaves the path out of the ACL.
 */
export function renderTemplate(text: string, identity: TemplateIdentity): string | undefined {
  const pieces = splitTemplate(text);
  if (!pieces) return undefined;
  let out = pieces[0]!;
  for (let i = 1; i < pieces.length; i += 2) {
    const value = directive(pieces[i]!.trim(), identity);
    if (value === undefined || value.includes('*') || value.includes('+')) return undefined;
    out += value + pieces[i + 1]!;
  }
  return out;
}

function directive(input: string, identity: TemplateIdentity): string | undefined {
  if (input.startsWith(ENTITY)) return entityValue(input.slice(ENTITY.length), identity);
  if (input.startsWith(GROUPS)) return groupValue(input.slice(GROUPS.length), identity.groups ?? []);
  return undefined;
}

/** A non-empty string (ids and names); Vault treats an empty one as not found. */
const present = (s: string): string | undefined => (s === '' ? undefined : s);

/** A metadata value by key; an absent map or key is not found, an empty value is kept. */
function metadataValue(map: Readonly<Record<string, string>> | undefined, key: string): string | undefined {
  return map !== undefined && Object.hasOwn(map, key) ? map[key] : undefined;
}

/** `head.tail` split at the first dot; undefined without one. */
function firstDot(s: string): [string, string] | undefined {
  const dot = s.indexOf('.');
  return dot < 0 ? undefined : [s.slice(0, dot), s.slice(dot + 1)];
}

function entityValue(selector: string, identity: TemplateIdentity): string | undefined {
  const { entity } = identity;
  if (selector === 'id') return present(entity.id);
  if (selector === 'name') return present(entity.name);
  if (selector.startsWith('metadata.')) return metadataValue(entity.metadata, selector.slice('metadata.'.length));
  if (selector.startsWith('aliases.')) {
    const split = firstDot(selector.slice('aliases.'.length));
    if (!split) return undefined;
    const alias = identity.aliases.find((a) => a.mountAccessor === split[0]);
    return alias ? aliasValue(split[1], alias) : undefined;
  }
  // `metadata` alone (a map) and `groups.names`/`groups.ids` (lists) do not render in ACL mode.
  return undefined;
}

function aliasValue(selector: string, alias: Alias): string | undefined {
  if (selector === 'id') return present(alias.id);
  if (selector === 'name') return present(alias.name);
  if (selector.startsWith('metadata.')) return metadataValue(alias.metadata, selector.slice('metadata.'.length));
  if (selector.startsWith('custom_metadata.')) {
    return metadataValue(alias.customMetadata, selector.slice('custom_metadata.'.length));
  }
  return undefined;
}

/** `ids.<id>.<field>` or `names.<name>.<field>` over the entity's groups. */
function groupValue(selector: string, groups: readonly Group[]): string | undefined {
  if (groups.length === 0) return undefined;
  const bySelector = firstDot(selector);
  if (!bySelector || (bySelector[0] !== 'ids' && bySelector[0] !== 'names')) return undefined;
  const target = firstDot(bySelector[1]);
  if (!target) return undefined;
  const byId = bySelector[0] === 'ids';
  const group = groups.find((g) => (byId ? g.id : g.name) === target[0]);
  if (!group) return undefined;
  const field = target[1];
  if (field === 'id') return group.id;
  if (field === 'name') return present(group.name);
  if (field.startsWith('metadata.')) return metadataValue(group.metadata, field.slice('metadata.'.length));
  return undefined;
}
