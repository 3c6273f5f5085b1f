import { Type, type TSchema } from '@sinclair/typebox';
import { PHRASE_MATCH_MODES, RULE_ACTIONS } from './types.js';
import { LIST_TYPES } from './lists.js';

/**
 * The shape of policy.yaml, as written by people (snake_case keys). The loader checks it with
 * TypeBox first (types, required and unknown keys), then checks what a schema cannot say:
 * unique ids, known finding kinds, lists that exist, list files that parse.
 */
const oneOf = (values: readonly string[], description: string) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    { description },
  );

const NonEmpty = Type.String({ minLength: 1 });
const Names = Type.Union([NonEmpty, Type.Array(NonEmpty, { minItems: 1 })], {
  description: 'a name or a list of names',
});

export const ConditionSchema = Type.Object(
  {
    kind: Names,
    list: Type.Optional(Names),
    tags: Type.Optional(Names),
    scanner: Type.Optional(Names),
    // the findings of this condition count once towards min_count, however many they are
    once: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const MatchSchema = Type.Object(
  {
    any: Type.Optional(Type.Array(ConditionSchema, { minItems: 1 })),
    min_count: Type.Optional(Type.Integer({ minimum: 1 })),
    // Shorthand for `any: [{ kind, list, tags, scanner }]`.
    kind: Type.Optional(Names),
    list: Type.Optional(Names),
    tags: Type.Optional(Names),
    scanner: Type.Optional(Names),
  },
  { additionalProperties: false },
);

export const RuleSchema = Type.Object(
  {
    id: NonEmpty,
    description: NonEmpty,
    match: MatchSchema,
    action: oneOf(RULE_ACTIONS, 'an action'),
    category: NonEmpty,
    mode: Type.Optional(oneOf(['enforce', 'monitor'], 'a mode')),
  },
  { additionalProperties: false },
);

export const ListSchema = Type.Object(
  {
    type: oneOf(LIST_TYPES, 'a list type'),
    file: NonEmpty,
    description: Type.Optional(Type.String()),
    // phrase lists: 'folded' (default, no case or diacritics) or 'exact' (diacritics kept)
    match: Type.Optional(oneOf(PHRASE_MATCH_MODES, 'a match mode')),
  },
  { additionalProperties: false },
);

export const SettingsSchema = Type.Object(
  {
    protected_list: Type.Optional(NonEmpty),
    shortener_list: Type.Optional(NonEmpty),
    allowed_list: Type.Optional(NonEmpty),
    clamd_scope: Type.Optional(oneOf(['code-carrying', 'all'], 'a clamd scope')),
    banner_languages: Type.Optional(Type.Array(oneOf(['vi', 'en'], 'a language'), { minItems: 1 })),
    external_tag: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const PolicyFileSchema = Type.Object(
  {
    version: Type.Literal(1),
    local_domains: Type.Optional(Type.Array(NonEmpty)),
    settings: Type.Optional(SettingsSchema),
    lists: Type.Optional(Type.Record(Type.String(), ListSchema)),
    rules: Type.Array(RuleSchema),
  },
  { additionalProperties: false },
);

/** Keys each mapping may hold, for "did you mean …?" hints on unknown keys. */
export function knownKeys(schema: TSchema | undefined): string[] {
  const props = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? Object.keys(props) : [];
}
