/**
 * The role model: which role may do what on which unit, relative to the account's own unit. Every
 * route declares its rule (endpoint.ts) and asks `authorize()`; the scope-matrix test derives its
 * expected statuses from the same tables, and fails for a route that declares no rule.
 */
import type { OrgTree, UnitKind } from '../../shared/org.ts';
import type { Account } from './env.ts';
import { fail } from './errors.ts';

export const ROLES = ['clerk', 'reviewer', 'admin'] as const;
/** 填报员 clerk, 审核员 reviewer, 管理员 admin. */
export type Role = (typeof ROLES)[number];

/**
 * Where the target unit lies, seen from the account's unit: itself, a direct child, deeper below,
 * its direct parent, higher above, a sibling, anywhere else — or, for a case, the department the
 * case is assigned to (`assigned`).
 */
export const RELATIONS = [
  'own',
  'child',
  'below',
  'parent',
  'above',
  'sibling',
  'other',
  'assigned',
] as const;
export type Relation = (typeof RELATIONS)[number];

export interface Policy {
  roles: readonly Role[];
  relations: readonly Relation[];
  /** Only accounts of these kinds of unit (e.g. only a sub-district forwards upward). */
  unitKinds?: readonly UnitKind[];
}

const ANY_ROLE = ROLES;
const SUBTREE: readonly Relation[] = ['own', 'child', 'below'];

export const POLICIES = {
  /** The org tree: every logged-in account needs it to resolve unit names. */
  'units.read': { roles: ANY_ROLE, relations: RELATIONS },
  /** Create, rename, move units and import the org CSV: district admins. */
  'units.manage': { roles: ['admin'], relations: SUBTREE, unitKinds: ['district'] },
  /** Accounts of the admin's own subtree. */
  'accounts.manage': { roles: ['admin'], relations: SUBTREE },
  /** Records of the own subtree; a department also the cases dispatched to it. */
  'records.read': { roles: ANY_ROLE, relations: [...SUBTREE, 'assigned'] },
  /** The handling level's changes to a case: the handling unit or the assigned department. */
  'case.update': { roles: ['clerk', 'reviewer'], relations: ['own', 'assigned'] },
  /** Only the district refers a case to the standing committee (常委会), case by case. */
  'case.refer': { roles: ['reviewer', 'admin'], relations: SUBTREE, unitKinds: ['district'] },
  /** The district dispatches (派单), reassigns (改派) and grants extensions (延期). */
  'case.dispatch': { roles: ['reviewer', 'admin'], relations: SUBTREE, unitKinds: ['district'] },
  /** The department a case is dispatched to asks for an extension or sends it back (退单). */
  'case.handle-dispatch': { roles: ['clerk', 'reviewer'], relations: ['assigned'] },
  /** A unit submits its own ledgers. */
  'submission.create': { roles: ['clerk', 'admin'], relations: ['own'] },
  'submission.read': { roles: ANY_ROLE, relations: SUBTREE },
  /** The parent accepts or returns its direct children's submissions. */
  'submission.review': { roles: ['reviewer'], relations: ['child'] },
  /** A sub-district forwards its period to the district (上报). */
  'submission.forward': {
    roles: ['reviewer', 'admin'],
    relations: ['own'],
    unitKinds: ['subdistrict'],
  },
  /** Scores, reports and supervision lists of the own subtree. */
  'scores.read': { roles: ANY_ROLE, relations: SUBTREE },
  /** The district's settings and calendar: read by everyone of the district, changed by its admins. */
  'settings.read': { roles: ANY_ROLE, relations: ['own', 'parent', 'above'] },
  'settings.manage': { roles: ['admin'], relations: ['own'], unitKinds: ['district'] },
  /** The district signs the year-end roll off (定稿), corrects it and answers appeals. */
  'assessment.sign': {
    roles: ['reviewer', 'admin'],
    relations: ['own'],
    unitKinds: ['district'],
  },
  /** A unit appeals (申诉) against its own row of the finalised roll, or its cadre's. */
  'assessment.appeal': { roles: ANY_ROLE, relations: ['own'] },
  /** Running the escalation sweep by hand. */
  'sweep.run': { roles: ['admin'], relations: ['own'], unitKinds: ['district'] },
} as const satisfies Record<string, Policy>;

export type Action = keyof typeof POLICIES;

/** How `target` relates to the account's unit `actor` in the tree. */
export function relationOf(org: OrgTree, actor: string, target: string): Relation {
  if (actor === target) return 'own';
  const targetUnit = org.get(target);
  const actorUnit = org.get(actor);
  if (!targetUnit || !actorUnit) return 'other';
  if (targetUnit.parent === actor) return 'child';
  if (org.isWithin(target, actor)) return 'below';
  if (actorUnit.parent === target) return 'parent';
  if (org.isWithin(actor, target)) return 'above';
  if (actorUnit.parent !== null && actorUnit.parent === targetUnit.parent) return 'sibling';
  return 'other';
}

/** Whether the policy lets an account with these roles, of this kind of unit, act at `relation`. */
export function allows(
  policy: Policy,
  roles: readonly Role[],
  unitKind: UnitKind | undefined,
  relation: Relation,
): boolean {
  if (!roles.some((role) => policy.roles.includes(role))) return false;
  if (policy.unitKinds && (!unitKind || !policy.unitKinds.includes(unitKind))) return false;
  return policy.relations.includes(relation);
}

/**
 * Throws 403 unless the account may do `action` on `target` (a unit code). `assigned` marks a case
 * assigned to the account's own department.
 */
export function authorize(
  account: Account,
  org: OrgTree,
  action: Action,
  target: string,
  options: { assigned?: boolean } = {},
): void {
  const relation = options.assigned ? 'assigned' : relationOf(org, account.unit, target);
  const kind = org.get(account.unit)?.kind;
  const policy: Policy = POLICIES[action];
  const ok =
    allows(policy, account.roles, kind, relation) ||
    (relation === 'assigned' &&
      allows(policy, account.roles, kind, relationOf(org, account.unit, target)));
  if (!ok) fail(403, 'FORBIDDEN', { action, unit: target });
}
