import { Kind, visit, type ConstValueNode, type DocumentNode } from 'graphql';
import type { Finding } from './report';

/**
 * The names `@override` goes by in this SDL: itself, any `as` it is imported under (`@link(import:)`), and
 * its namespaced name, which needs no import: `@federation__override`, or `@<as>__override` when the
 * federation link is renamed (`@link(url: …/federation/v2.x, as: "fed")`).
 */
function overrideNames(document: DocumentNode): Set<string> {
  const names = new Set(['override', 'federation__override']);
  const imported = (value: ConstValueNode) => {
    if (value.kind !== Kind.OBJECT) return;
    const field = (name: string) => value.fields.find((candidate) => candidate.name.value === name)?.value;
    const name = field('name');
    const alias = field('as');
    if (name?.kind === Kind.STRING && name.value === '@override' && alias?.kind === Kind.STRING) names.add(alias.value.replace(/^@/, ''));
  };
  visit(document, {
    Directive(node) {
      if (node.name.value !== 'link') return;
      const argument = (name: string) => node.arguments?.find((candidate) => candidate.name.value === name)?.value;
      const url = argument('url');
      const namespace = argument('as');
      if (url?.kind === Kind.STRING && /\/federation\//.test(url.value) && namespace?.kind === Kind.STRING) names.add(`${namespace.value.replace(/^@/, '')}__override`);
      const list = node.arguments?.find((argument) => argument.name.value === 'import')?.value;
      if (list?.kind === Kind.LIST) list.values.forEach((value) => imported(value as ConstValueNode));
    },
  });
  return names;
}

/**
 * An agency serves its own data only: `@override(from: "<another subgraph>")` would make the gateway ask
 * this agency for a field another agency owns (a person's name, a case's status) — refused, whatever the
 * name `@override` is imported under. Pure.
 */
export function ownershipFindings(subgraph: string, document: DocumentNode): Finding[] {
  const names = overrideNames(document);
  const findings: Finding[] = [];
  let typeName = '';
  visit(document, {
    ObjectTypeDefinition: (node) => void (typeName = node.name.value),
    ObjectTypeExtension: (node) => void (typeName = node.name.value),
    InterfaceTypeDefinition: (node) => void (typeName = node.name.value),
    FieldDefinition(field) {
      for (const directive of field.directives ?? []) {
        if (!names.has(directive.name.value)) continue;
        const from = directive.arguments?.find((argument) => argument.name.value === 'from')?.value;
        const owner = from?.kind === Kind.STRING ? from.value : '(unnamed)';
        if (owner === subgraph) continue;
        const coordinate = `${typeName}.${field.name.value}`;
        findings.push({
          check: 'composition',
          severity: 'blocking',
          message: `${coordinate} takes the field over from ${owner} (@override): an agency serves only its own data.`,
          fix: `Remove the @override from ${coordinate}; if ${owner} should hand the field over, ${owner} publishes that change itself.`,
          coordinate,
        });
      }
    },
  });
  return findings;
}
