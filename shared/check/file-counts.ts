type Json = Readonly<Record<string, unknown>>;
const object = (v: unknown): Json | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * What a POA&M holds, counted in the file as given: its items, risks, observations, remediations
 * (every risk's), milestones (their tasks of type milestone) and the POA&M's own findings.
 */
export function poamCounts(document: unknown): Record<string, number> {
  const poam = object(object(document)?.['plan-of-action-and-milestones']);
  const risks = list(poam?.risks).map(object);
  const remediations = risks.flatMap((r) => list(r?.remediations).map(object));
  return {
    'poam-items': list(poam?.['poam-items']).length,
    risks: risks.length,
    observations: list(poam?.observations).length,
    remediations: remediations.length,
    milestones: remediations.flatMap((m) => list(m?.tasks).map(object)).filter((t) => t?.type === 'milestone').length,
    findings: list(poam?.findings).length,
  };
}

/** What a CSAF advisory holds, counted in the file as given: its vulnerabilities, and the distinct product ids its product tree defines. */
export function csafCounts(document: unknown): Record<string, number> {
  const root = object(document);
  const tree = object(root?.product_tree);
  const ids = new Set<string>();
  const add = (product: unknown) => {
    const id = object(product)?.product_id;
    if (typeof id === 'string') ids.add(id);
  };
  const walk = (branches: unknown, depth: number) => {
    if (depth > 100) return;
    for (const branch of list(branches).map(object)) {
      add(branch?.product);
      walk(branch?.branches, depth + 1);
    }
  };
  walk(tree?.branches, 0);
  for (const p of list(tree?.full_product_names)) add(p);
  for (const r of list(tree?.relationships)) add(object(r)?.full_product_name);
  return { vulnerabilities: list(root?.vulnerabilities).length, products: ids.size };
}
