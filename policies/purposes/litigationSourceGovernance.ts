import { definePurpose } from '../purpose';
import { deny, mask } from '../rules';
import {
  PIPL_DE_IDENTIFICATION,
  PIPL_MINIMUM_NECESSITY,
  PIPL_STATE_ORGAN_LIMITS,
  PIPL_STATUTORY_DUTY,
} from './laws';

/** Analysis across court, petitions and police: where do disputes come from, before they become lawsuits. */
export const litigationSourceGovernance = definePurpose({
  name: 'litigation-source-governance',
  title: '诉源治理',
  description:
    'Counting and categorising disputes across court cases, petitions, mediation and police incidents to resolve them at the source. People appear pseudonymised (linkable within this purpose) with names masked; no narratives, no contact data.',
  legalBasis: [
    PIPL_STATUTORY_DUTY,
    PIPL_STATE_ORGAN_LIMITS,
    PIPL_MINIMUM_NECESSITY,
    PIPL_DE_IDENTIFICATION,
    '《中华人民共和国民事诉讼法》关于先行调解的规定：当事人起诉到人民法院的民事纠纷，适宜调解的，先行调解',
  ],
  roles: ['court-clerk', 'mediator'],
  caseRef: { required: false },
  coveredTypes: [
    'Person',
    'Enterprise',
    'Case',
    'CaseParty',
    'Party',
    'CaseConnection',
    'CaseEdge',
    'Petition',
    'PetitionConnection',
    'PetitionEdge',
    'Dispute',
    'DisputeParty',
    'Incident',
    'IncidentInvolvement',
    'IncidentConnection',
    'IncidentEdge',
    'PageInfo',
  ],
  kindRules: {
    ID_NUMBER: mask('pseudonym', 'the same person links across agencies without being identified'),
    PERSON_NAME: mask('surname'),
    PHONE: deny('contact data is not needed to count'),
    ADDRESS: mask('district', 'the county is the unit of analysis'),
    BIRTH_DATE: mask('year', 'age groups'),
    MONEY_AMOUNT: mask('band', 'amounts count as ranges'),
    BANK_ACCOUNT: deny('bank data is outside litigation-source governance'),
    FREE_TEXT: deny('counts and categories, not narratives'),
    CRIMINAL: deny('involvement in criminal matters is sensitive personal information and not needed to count'),
  },
  // Counting needs a person's county, birth year and gender; with a name, ethnicity or a second county beside
  // them a person would be one of a few dozen.
  fieldRules: {
    'Person.name': deny('counting needs no names: the pseudonym links one person’s records'),
    'Person.currentAddress': deny('the county of registration is the unit of analysis; a second county narrows a person to a few hundred'),
    'Person.ethnicity': deny('not a category of dispute sources; beside county and age it narrows a member of a minority to a few dozen people'),
    'Person.dishonestDebtor': deny('counted from the court’s cases, not per person; beside county and age it narrows to a few dozen people'),
    'Person.enterprises': deny('the enterprise register names every legal representative, so the enterprises a person heads would identify them'),
  },
});
