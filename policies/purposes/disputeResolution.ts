import { definePurpose } from '../purpose';
import { allow, deny, mask } from '../rules';
import { PIPL_MINIMUM_NECESSITY, PIPL_STATE_ORGAN_LIMITS, PIPL_STATUTORY_DUTY } from './laws';

/** A mediator or grid worker resolving one registered dispute: who the parties are, not their lives. */
export const disputeResolution = definePurpose({
  name: 'dispute-resolution',
  title: '矛盾纠纷化解',
  description:
    'Mediating a dispute registered at the dispute-mediation centre (矛调中心): the parties (masked), their petitions and disputes, court cases without amounts, and the categories of police incidents they were involved in. No bank data.',
  legalBasis: [
    PIPL_STATUTORY_DUTY,
    PIPL_STATE_ORGAN_LIMITS,
    PIPL_MINIMUM_NECESSITY,
    '《中华人民共和国人民调解法》第十七条：当事人可以向人民调解委员会申请调解，人民调解委员会也可以主动调解',
    '《人民调解法》第十五条第四项：人民调解员不得泄露当事人的个人隐私',
    '《信访工作条例》（2022年）关于依法分类处理信访诉求、推动矛盾纠纷源头化解的规定',
  ],
  roles: ['mediator', 'grid-worker'],
  caseRef: {
    required: true,
    description: 'the id of the dispute being mediated, as registered at the dispute-mediation centre (e.g. TJ-1)',
    pattern: /^TJ-[0-9A-Za-z-]{1,40}$/,
  },
  coveredTypes: [
    'Person',
    'Petition',
    'PetitionConnection',
    'PetitionEdge',
    'Dispute',
    'DisputeParty',
    'Case',
    'CaseParty',
    'Party',
    'CaseConnection',
    'CaseEdge',
    'Enterprise',
    'Incident',
    'IncidentInvolvement',
    'IncidentConnection',
    'IncidentEdge',
    'PageInfo',
  ],
  kindRules: {
    // The partial ID (330110********0018) left ~27 people of a county by itself: with the birth year, one.
    ID_NUMBER: mask('pseudonym', 'a handle per person, stable within this purpose: tells the parties apart and finds the same party in petitions and cases, without the number'),
    PERSON_NAME: mask('surname'),
    PHONE: mask('redact', 'the mediator reaches parties through the centre, not by their numbers'),
    ADDRESS: mask('district', 'the county says which centre is competent; the street is not needed'),
    BIRTH_DATE: mask('redact', 'age is not needed to mediate; the birth year beside the name and county left a handful of people'),
    MONEY_AMOUNT: deny('amounts (claims, judgments, balances) are not needed to mediate'),
    BANK_ACCOUNT: deny('bank data is outside dispute resolution'),
    FREE_TEXT: deny('narratives of other matters are not needed; only the petition content and dispute summary are released'),
    CRIMINAL: deny('involvement in criminal matters is sensitive personal information and not needed to mediate'),
  },
  fieldRules: {
    'Person.currentAddress': mask('redact', 'the county of registration says which centre is competent; a second county would narrow a party to a few hundred people'),
    'Person.ethnicity': deny('not needed to mediate; beside the name and county it narrows a member of a minority to a few people'),
    'Person.dishonestDebtor': deny('a party’s credit standing is not needed to mediate; beside the name and county it narrows to a few dozen people'),
    'Petition.content': allow('what the petitioner asks for is the matter being mediated'),
    'Dispute.summary': allow('the dispute being mediated'),
    'Incident.summary': deny('police narratives stay with the police: the mediator sees the incident category only'),
    'Case.claimAmount': deny('court cases are shared without amounts'),
    'Case.judgmentAmount': deny('court cases are shared without amounts'),
  },
  // A party is told apart from the other by DisputeParty.role, the masked surname, the gender and the pseudonym.
  caseRecordsOnly: {
    'Dispute.summary': 'the dispute being mediated: the one the case reference names',
    'Petition.content': 'the petitions of that dispute’s parties',
  },
});
