import type { ExplanationReasonCode } from '../domain/explanation-reasons.js';
import type { Milestone } from '../domain/norm-clock.js';

/**
 * The Dutch words the synthetic case records are made of. Names are drawn from lists of common
 * Dutch given and family names (the Netherlands as it is: Dutch, Frisian, Moroccan, Turkish,
 * Surinamese, Antillean, Polish, Eritrean, Somali roots) and combined at random: no record is
 * about a real child. Free texts (explanations, notes, what the family says) name nobody.
 */
export const BOY_NAMES: readonly string[] = [
  'Noah', 'Sem', 'Liam', 'Lucas', 'Daan', 'Finn', 'Levi', 'Luuk', 'Mees', 'James', 'Milan', 'Sven', 'Bram', 'Thijs', 'Jesse', 'Ruben',
  'Tim', 'Lars', 'Stijn', 'Jayden', 'Dex', 'Gijs', 'Julian', 'Max', 'Kai', 'Mats', 'Hugo', 'Boaz', 'Siem', 'Jens', 'Teun', 'Olivier',
  'Mohamed', 'Adam', 'Ayoub', 'Yusuf', 'Ibrahim', 'Omar', 'Amir', 'Bilal', 'Emir', 'Mehmet', 'Kerem', 'Rayan', 'Ilias', 'Anas',
  'Dylan', 'Jordy', 'Jurgen', 'Shemar', 'Giovanni', 'Dean', 'Kevin', 'Jaïr', 'Kacper', 'Jakub', 'Filip', 'Senay', 'Abdi', 'Tjeerd', 'Sietse', 'Wessel',
];

export const GIRL_NAMES: readonly string[] = [
  'Emma', 'Julia', 'Mila', 'Tess', 'Sophie', 'Zoë', 'Sara', 'Nora', 'Yara', 'Eva', 'Liv', 'Lotte', 'Evi', 'Noor', 'Anna', 'Saar',
  'Lieke', 'Fenna', 'Fleur', 'Isa', 'Jasmijn', 'Femke', 'Maud', 'Roos', 'Lynn', 'Elin', 'Sanne', 'Luna', 'Hailey', 'Romy', 'Nina', 'Vera',
  'Amira', 'Fatima', 'Nour', 'Aya', 'Hiba', 'Salma', 'Meryem', 'Elif', 'Zeynep', 'Ecrin', 'Layla', 'Imane', 'Hajar', 'Ilse',
  'Esmée', 'Demi', 'Chanel', 'Shanice', 'Naomi', 'Priya', 'Jamila', 'Kimberly', 'Zuzanna', 'Maja', 'Hanna', 'Selam', 'Hodan', 'Sjoukje', 'Froukje', 'Wietske',
];

/** Second given names (most children have one or two). */
export const SECOND_NAMES: { boy: readonly string[]; girl: readonly string[] } = {
  boy: ['Johannes', 'Pieter', 'Jan', 'Willem', 'Hendrik', 'Cornelis', 'Adriaan', 'Alexander', 'Karim', 'Ali', 'Jozef', 'Marinus'],
  girl: ['Maria', 'Johanna', 'Elisabeth', 'Anna', 'Catharina', 'Sophia', 'Wilhelmina', 'Fatma', 'Aïcha', 'Grace', 'Magdalena', 'Hendrika'],
};

/** Family names with their prefix (tussenvoegsel) in lower case, as written after a given name. */
export const FAMILY_NAMES: readonly string[] = [
  'de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Janssen', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder',
  'de Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'van Leeuwen', 'Dekker', 'Brouwer', 'de Wit', 'Dijkstra', 'Smits', 'de Graaf',
  'van der Meer', 'van der Linden', 'Kok', 'Jacobs', 'de Haan', 'Vermeulen', 'van den Heuvel', 'van der Veen', 'van den Broek', 'de Bruijn',
  'van der Heijden', 'Schouten', 'van Beek', 'Willems', 'van Vliet', 'van de Ven', 'Hoekstra', 'Maas', 'Verhoeven', 'Koster', 'van Dam',
  'van der Wal', 'Prins', 'Blom', 'Huisman', 'Postma', 'Boersma', 'Veenstra', 'Kramer', 'van Wijk', 'Kuipers', 'Wouters', 'Hermans',
  'Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Öztürk', 'El Amrani', 'Bouzid', 'Benali', 'Aït Taleb', 'El Idrissi', 'Ouali', 'Amrani',
  'Pinas', 'Sardjoe', 'Kromosoeto', 'Martina', 'Cijntje', 'Nguyen', 'Kowalski', 'Nowak', 'Wiśniewska', 'Tesfay', 'Haile', 'Mohamud', 'Abdi',
];

/** Adult given names for the synthetic guardians. */
export const ADULT_GIVEN_NAMES: readonly string[] = [
  'Marieke', 'Jeroen', 'Esther', 'Mark', 'Ingrid', 'Patrick', 'Linda', 'Bas', 'Annemiek', 'Rik', 'Wendy', 'Dennis', 'Karin', 'Martijn',
  'Samira', 'Hatice', 'Youssef', 'Murat', 'Anouk', 'Niels', 'Ilona', 'Joost', 'Mirjam', 'Sander', 'Judith', 'Erik', 'Yvonne', 'Roel',
  'Naima', 'Gerda', 'Hanneke', 'Tjitske', 'Priscilla', 'Rachid', 'Monique', 'Arjen', 'Claudia', 'Edwin', 'Loes', 'Maarten',
];

const MILESTONE_WORD: Record<Milestone, string> = {
  permanent_guardian: 'vaste jeugdbeschermer',
  agreed_course: 'gedragen koers',
  fitting_help: 'passende hulp',
};

/**
 * Explanation texts per reason, comply or explain. `{weeks}` and `{days}` are filled in; `{milestone}`
 * is the Dutch name of the milestone. Each text is at least 10 characters (the API's rule).
 */
export const EXPLANATION_TEXTS: Record<ExplanationReasonCode, readonly string[]> = {
  no_fitting_offer_available: [
    'Geen passend aanbod in de regio voor deze combinatie van zorgvragen; bovenregionaal gezocht via de experttafel.',
    'Het enige passende aanbod zat vol. Overbruggingshulp ingezet tot er plek vrijkwam.',
    'Specialistische behandeling niet ingekocht door de gemeente; extra toewijzingsprocedure doorlopen.',
  ],
  waiting_list: [
    'Aanmelding bij de aanbieder gedaan; wachttijd was {weeks} weken. Ambulante ondersteuning thuis als overbrugging.',
    'Wachtlijst bij de aanbieder van ongeveer {weeks} weken; wekelijks contact gehouden over de plaatsing.',
    'Plaatsing pas mogelijk na {weeks} weken wachttijd; veiligheidsafspraken met het gezin in de tussentijd.',
  ],
  family_not_ready: [
    'Ouders waren nog niet bereid mee te werken aan de {milestone}; meerdere gesprekken gevoerd voordat het lukte.',
    'Het gezin had tijd nodig om de maatregel te accepteren. De {milestone} is daarna samen met hen vastgesteld.',
  ],
  court_procedure: [
    'Hoger beroep tegen de uitspraak liep; de {milestone} is na de zitting afgerond.',
    'Aanvullend onderzoek op verzoek van de kinderrechter; daarna {days} dagen later afgerond.',
  ],
  no_permanent_guardian_capacity: [
    'Geen vaste jeugdbeschermer beschikbaar door de caseload van het team; een piketjeugdbeschermer nam waar.',
    'Teamcapaciteit onvoldoende door ziekte en vacatures; tijdelijke jeugdbeschermer ingezet tot overdracht.',
  ],
  transfer_between_institutions: [
    'Zaak overgedragen van een andere gecertificeerde instelling na verhuizing van het gezin; overdracht kostte {days} dagen.',
    'Overdracht tussen twee GI\'s na een verhuizing; dossier later compleet ontvangen.',
  ],
  child_unreachable: [
    'Jeugdige was enige tijd niet bereikbaar (weggelopen); na terugkeer direct opgepakt.',
    'Gezin reageerde niet op uitnodigingen; huisbezoeken afgelegd tot contact tot stand kwam.',
  ],
  safety_first: [
    'Eerst de acute onveiligheid opgelost (crisisplaatsing); daarna de {milestone} vastgesteld.',
    'Na een crisismelding ging de veiligheid van de jeugdige voor; de {milestone} volgde daarna.',
  ],
  other: [
    'Combinatie van omstandigheden: wisseling van jeugdbeschermer en een lange vakantieperiode. Vastgelegd in het dossier.',
    'Tolk nodig voor de gesprekken met ouders; planning liep daardoor {days} dagen uit.',
  ],
};

/** Which reasons explain which missed term, with weights. */
export const EXPLANATION_WEIGHTS: Record<Milestone, readonly (readonly [ExplanationReasonCode, number])[]> = {
  permanent_guardian: [['no_permanent_guardian_capacity', 60], ['transfer_between_institutions', 15], ['court_procedure', 8], ['child_unreachable', 5], ['other', 12]],
  agreed_course: [['family_not_ready', 35], ['child_unreachable', 14], ['court_procedure', 14], ['safety_first', 14], ['no_permanent_guardian_capacity', 13], ['other', 10]],
  fitting_help: [['waiting_list', 45], ['no_fitting_offer_available', 25], ['family_not_ready', 10], ['safety_first', 8], ['court_procedure', 5], ['transfer_between_institutions', 2], ['other', 5]],
};

export function fillExplanation(template: string, milestone: Milestone, values: { weeks: number; days: number }): string {
  return template.replaceAll('{milestone}', MILESTONE_WORD[milestone]).replaceAll('{weeks}', String(values.weeks)).replaceAll('{days}', String(values.days));
}

/** What the child, the parents or their network say (client voice), per milestone; no names. */
export const CLIENT_VOICE: Record<'child' | 'parents' | 'network', Partial<Record<Milestone | 'general', readonly string[]>>> = {
  child: {
    agreed_course: [
      'Ik wil op mijn eigen school blijven.',
      'Ik wil mijn broertje en zusje vaak blijven zien.',
      'Ik wil meepraten over waar ik ga wonen.',
      'Ik voel me veilig bij mijn oma en wil daar graag vaker zijn.',
    ],
    fitting_help: [
      'De begeleider luistert echt naar mij.',
      'Ik vind het fijn dat ik niet steeds opnieuw mijn verhaal hoef te vertellen.',
      'Ik wil liever hulp na schooltijd, niet onder de les.',
    ],
    general: ['Ik wil niet steeds een nieuwe jeugdbeschermer.', 'Ik wil weten wat er met mij gaat gebeuren.'],
  },
  parents: {
    agreed_course: [
      'Wij willen dat de hulp thuis gebeurt en niet dat ons kind uit huis gaat.',
      'We begrijpen waarom de maatregel er is en willen meewerken aan het plan.',
      'Moeder wil eerst duidelijke afspraken over de omgang met vader.',
      'Vader wil betrokken blijven bij beslissingen over school.',
    ],
    fitting_help: [
      'De wachttijd was lang, maar de hulp die er nu is helpt ons.',
      'Wij merken dat er thuis minder ruzie is sinds de begeleiding begon.',
      'We hadden liever hulp dichter bij huis gehad.',
    ],
    general: ['Wij willen graag hulp bij de opvoeding, niet weer een nieuw plan.', 'We willen weten wie onze vaste contactpersoon is.'],
  },
  network: {
    agreed_course: ['Oma kan de kinderen in de weekenden opvangen.', 'De buurvrouw wil helpen met het brengen naar school.'],
    fitting_help: ['De oom van het kind ziet dat het beter gaat sinds de hulp begon.'],
  },
};

/** Notes on a need (encrypted like all free text). */
export const NEED_NOTES: readonly string[] = [
  'Voorkeur voor hulp dicht bij de huidige school.',
  'Broers en zussen indien mogelijk samen plaatsen.',
  'Eerdere ambulante hulp had onvoldoende effect.',
  'Hulp moet rekening houden met de omgangsregeling met vader.',
  'Jeugdige heeft een sterke band met de grootouders; netwerkplaatsing onderzoeken.',
  'Traumasensitieve aanpak nodig; eerdere plaatsing liep vast.',
  'Ouders spreken beperkt Nederlands; tolk nodig bij gesprekken.',
  'Dagbesteding of school moet bereikbaar blijven met het openbaar vervoer.',
];

/** The professional's explanation at a follow-up of fitting help: does it fit (inspection definition)? */
export const HELP_EXPERIENCE_TEXTS: { fitting: readonly string[]; notFitting: readonly string[] } = {
  fitting: [
    'De hulp sluit aan bij de veiligheidsafspraken; de onveiligheid in het gezin is afgenomen.',
    'Jeugdige gaat weer naar school en de ontwikkelingsdoelen uit het plan worden gehaald.',
    'Ouders passen de adviezen toe; de spanningen thuis zijn duidelijk minder.',
    'Geen nieuwe politiecontacten sinds de start; het risico op recidive is lager ingeschat.',
  ],
  notFitting: [
    'Ouders ervaren de hulp nog niet als passend; evaluatie met de aanbieder gepland.',
    'De hulp is gestart als tweede keus vanwege de wachttijd; de onveiligheid is nog niet voldoende weggenomen.',
    'Afstand tot de hulp is groot; jeugdige haakt af. Alternatief wordt gezocht.',
  ],
};
