import { exclusionTextNl, type ExclusionCode, type Setting } from '@passend/reference/domain';

/**
 * The Dutch words the synthetic map is made of. Names are deliberately generic (trees, birds,
 * landscape) and never those of well-known real youth-care organisations; every provider name
 * ends in "(synthetisch)".
 */
export const NAME_CORES: readonly string[] = [
  'De Linde', 'De Eik', 'De Wilg', 'De Berk', 'De Beuk', 'De Esdoorn', 'De Kastanje', 'De Notenboom', 'De Lindeboom', 'De Plataan',
  'De Els', 'De Hazelaar', 'De Vlier', 'De Meidoorn', 'De Lijsterbes', 'De Populier', 'De Ceder', 'De Taxus', 'De Hulst', 'De Acacia',
  'Het Anker', 'Het Baken', 'De Brug', 'Het Kompas', 'De Vuurtoren', 'De Haven', 'De Steiger', 'Het Veer', 'De Sluis', 'De Boei',
  'De Vlinder', 'De Regenboog', 'De Zonnebloem', 'Het Nest', 'Het Klaverblad', 'De Bron', 'De Kiem', 'Het Lichtpunt', 'De Meander', 'De Sprong',
  'De Zwaluw', 'De Reiger', 'De Ooievaar', 'De Kievit', 'De Grutto', 'De Merel', 'De IJsvogel', 'De Buizerd', 'De Uil', 'De Specht',
  'De Hoeve', 'Het Erf', 'De Boomgaard', 'De Polder', 'De Dijk', 'De Terp', 'De Molen', 'De Heide', 'De Es', 'Het Rietveld',
  'De Duinroos', 'Het Tij', 'De Kreek', 'De Wadden', 'De Vallei', 'De Heuvelrug', 'De Uiterwaard', 'Het Ven', 'De Weide', 'De Akker',
  'De Vonk', 'Het Palet', 'De Kameleon', 'Samen Verder', 'Nieuwe Wegen', 'Groeikracht', 'Opmaat', 'Stapsgewijs', 'Thuisbasis', 'Veilig Thuis Verder',
  'De Wending', 'De Overstap', 'Het Kantelpunt', 'De Koers', 'Het Startpunt', 'De Ruimte', 'De Verbinding', 'Het Fundament', 'De Draaischijf', 'De Oever',
];

/** Provider name patterns by archetype: {core} is a name core. */
export const PROVIDER_PATTERNS = {
  large: ['Jeugdhulp {core}', 'Jeugdzorg {core}', 'Stichting {core}', 'Zorggroep {core}', '{core} Jeugd & Gezin', 'Jeugd-ggz {core}', 'Jeugdhulpcentrum {core}', 'Stichting Jeugdhulp {core}'],
  family_home: ['Gezinshuis {core}', 'Gezinshuis {core}', 'Gezinshuis Familie {family}'],
  practice: ['Praktijk {core}', 'Jeugdpraktijk {core}', 'Kindertherapie {core}', 'Jeugd-ggz praktijk {core}', 'Gezinspraktijk {core}', 'Orthopedagogenpraktijk {core}'],
  day: ['Zorgboerderij {core}', 'Dagbehandeling {core}', 'Kinderdagcentrum {core}'],
  residential: ['Kleinschalig wonen {core}', 'Woongroep {core}', 'Jeugdhulp {core}', 'Logeerhuis {core}'],
  foster: ['Pleegzorg {core}', 'Pleegzorgcentrum {core}'],
  crisis: ['Crisisopvang {core}', 'Crisishulp {core}'],
} as const;

export const FAMILY_NAMES: readonly string[] = [
  'De Vries', 'Jansen', 'Bakker', 'Visser', 'Smit', 'Meijer', 'De Boer', 'Mulder', 'De Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'Dekker',
  'Van Dijk', 'Brouwer', 'De Wit', 'Dijkstra', 'Smits', 'De Graaf', 'Van der Meer', 'Kok', 'Jacobs', 'De Haan', 'Vermeulen', 'Van den Berg',
  'Schouten', 'Van der Linden', 'Kuipers', 'Hoekstra', 'Postma', 'Koster', 'Prins', 'Huisman', 'Boersma', 'Veenstra', 'Yilmaz', 'El Amrani',
];

export const GROUP_NAMES: readonly string[] = [
  'De Linde', 'De Eik', 'De Wilg', 'De Berk', 'De Beuk', 'De Kastanje', 'De Plataan', 'De Els', 'De Hazelaar', 'De Vlier', 'De Populier',
  'De Ceder', 'De Taxus', 'De Hulst', 'Het Nest', 'De Zwaluw', 'De Reiger', 'De Merel', 'De IJsvogel', 'De Uil', 'De Specht', 'De Kievit',
];

/** Per specialism: the title of an offering built around it, and what it is for (Dutch). */
export const SPECIALISM_TEXT: Record<string, { title: string; about: string }> = {
  youth_mental_health: { title: 'Jeugd-ggz behandeling', about: 'psychische klachten zoals angst, somberheid en hechtingsproblemen' },
  mild_intellectual_disability: { title: 'LVB-begeleiding', about: 'jongeren met een licht verstandelijke beperking (LVB) en hun ouders' },
  complex_divorce: { title: 'Hulp bij complexe scheiding', about: 'kinderen die klem zitten in een (vecht)scheiding van hun ouders' },
  trauma_treatment: { title: 'Traumabehandeling', about: 'traumaklachten, met EMDR en traumagerichte cognitieve gedragstherapie' },
  addiction_care: { title: 'Verslavingszorg jeugd', about: 'problematisch middelengebruik: alcohol, drugs of gamen' },
  sexually_harmful_behaviour: { title: 'Behandeling seksueel grensoverschrijdend gedrag', about: 'jongeren na seksueel grensoverschrijdend gedrag of een zedendelict' },
  parent_child_care: { title: 'Ouder-kindbegeleiding', about: 'jonge ouders en hun baby, ook tienermoeders' },
  crisis_care: { title: 'Crisishulp', about: 'acute onveiligheid waarin direct een veilige plek of hulp nodig is' },
  foster_care: { title: 'Pleegzorg', about: 'kinderen die (tijdelijk) niet thuis kunnen wonen en een pleeggezin nodig hebben' },
  family_home_care: { title: 'Gezinshuis', about: 'kinderen die opgroeien in een gezinshuis met professionele gezinshuisouders' },
  secure_residential_care: { title: 'JeugdzorgPlus', about: 'jongeren die met een machtiging gesloten jeugdhulp van de kinderrechter beschermd moeten worden' },
  day_treatment: { title: 'Dagbehandeling', about: 'kinderen die overdag behandeling in een kleine groep nodig hebben, afgestemd op school' },
  outpatient_family_support: { title: 'Ambulante gezinsbegeleiding', about: 'gezinnen die thuis steun nodig hebben bij opvoeding, structuur en veiligheid' },
  autism: { title: 'Autismebehandeling', about: 'kinderen en jongeren met autisme (ASS)' },
  adhd: { title: 'ADHD-behandeling', about: 'ADHD, impulsiviteit en concentratieproblemen' },
  domestic_violence: { title: 'Hulp bij huiselijk geweld', about: 'gezinnen waar huiselijk geweld of kindermishandeling speelt' },
  juvenile_offending: { title: 'Delictgerichte behandeling', about: 'jongeren met delictgedrag, gericht op minder recidive' },
  eating_disorders: { title: 'Behandeling eetstoornissen', about: 'anorexia, boulimia en andere eetstoornissen' },
};

/** The first sentence of a description, by setting; {city} is the location's city. */
export const SETTING_OPENINGS: Record<Setting, readonly string[]> = {
  outpatient: [
    'Ambulante hulp bij het gezin thuis of op onze locatie in {city}.',
    'Hulp zonder verblijf: we komen aan huis, op school of zien jullie in {city}.',
    'Ambulante behandeling en begeleiding vanuit {city}, dichtbij huis.',
  ],
  day_treatment: [
    'Dagbehandeling in kleine groepen in {city}, op werkdagen.',
    'Overdag behandeling en begeleiding in {city}; het kind slaapt gewoon thuis.',
  ],
  foster_care: [
    'Pleegzorg in de regio rond {city}: een pleeggezin voor kortere of langere tijd.',
    'We zoeken en begeleiden pleeggezinnen rond {city}, ook netwerkpleegzorg.',
  ],
  family_home: [
    'Een gezinshuis in {city}: wonen in een gezin met professionele gezinshuisouders.',
    'Kleinschalig opgroeien in een gezinshuis in {city}, met een vaste plek en vaste opvoeders.',
  ],
  residential: [
    'Verblijf met behandeling in een kleine leefgroep in {city}.',
    'Residentiële jeugdhulp in {city}: wonen op de groep, met dag- en nachtbegeleiding.',
  ],
  secure_residential: [
    'Gesloten jeugdzorg (JeugdzorgPlus) in {city}, alleen met een machtiging gesloten jeugdhulp van de kinderrechter.',
    'JeugdzorgPlus-groep in {city}: beveiligd verblijf met intensieve behandeling, met een machtiging van de kinderrechter.',
  ],
  crisis: [
    'Crisisopvang in {city}, dag en nacht bereikbaar.',
    'Acute hulp en een tijdelijke veilige plek in {city} bij crisis.',
  ],
};

export const APPROACH_SENTENCES: readonly string[] = [
  'Ouders, broers en zussen en het netwerk doen vanaf het begin mee.',
  'Het kind en de ouders bepalen samen met ons de doelen.',
  'Het gezin heeft één vast gezicht.',
  'We werken nauw samen met school, huisarts, wijkteam en de jeugdbeschermer.',
  'We werken met erkende methodieken uit de databank Effectieve Jeugdinterventies.',
  'Na afloop is er nazorg en een warme overdracht.',
  'Ook in de avond en het weekend bereikbaar.',
  'De mening van de jongere telt mee in elk besluit.',
  'We werken toe naar terugkeer naar huis of naar een stabiele plek.',
  'Aandacht voor veiligheid staat voorop; een veiligheidsplan hoort erbij.',
  'Meertalige hulpverleners, onder meer Arabisch, Turks en Pools.',
  'Onderwijs op de locatie of begeleiding naar een passende school.',
  'Sport en bewegen zijn onderdeel van het programma.',
  'Ervaringsdeskundigen werken mee in het team.',
];

export const REFERRAL_SENTENCES: readonly string[] = [
  'Aanmelding via de jeugdbeschermer, het wijkteam of de huisarts, met een beschikking van de gemeente.',
  'Aanmelden kan via de jeugdbeschermer of de gecertificeerde instelling.',
  'Een intakegesprek volgt binnen twee weken na aanmelding.',
  'Bij spoed nemen we binnen een werkdag contact op.',
];

/** The seed's exclusion criteria: the reference vocabulary's texts, some waived by a specialism that treats exactly that. */
export const EXCLUSION_CRITERIA: readonly { text: string; unless?: string }[] = (
  [
    { code: 'acute_suicidality', unless: 'youth_mental_health' },
    { code: 'active_psychosis', unless: 'youth_mental_health' },
    { code: 'severe_addiction', unless: 'addiction_care' },
    { code: 'severe_physical_aggression', unless: 'juvenile_offending' },
    { code: 'iq_below_50' },
    { code: 'intensive_medical_care' },
    { code: 'arson_history' },
    { code: 'sexual_offence_history', unless: 'sexually_harmful_behaviour' },
  ] as const satisfies readonly { code: ExclusionCode; unless?: string }[]
).map((e) => ({ text: exclusionTextNl(e.code), ...('unless' in e ? { unless: e.unless } : {}) }));

export const PROVIDER_INTROS: readonly string[] = [
  'Synthetische zorgaanbieder voor demonstratie en tests; deze organisatie bestaat niet.',
  'Synthetisch voorbeeld van een jeugdhulpaanbieder (bestaat niet), voor demonstratie en tests.',
];

export const PROVIDER_MISSIONS: readonly string[] = [
  'Wij bieden jeugdhulp dichtbij huis, zo kort als het kan en zo lang als nodig.',
  'Wij geloven dat ieder kind recht heeft op een veilige plek om op te groeien.',
  'Wij werken samen met gezinnen, hun netwerk en de gemeente aan passende hulp.',
  'Wij zijn gespecialiseerd in hulp bij complexe problematiek, ook bovenregionaal.',
  'Kleinschalig, persoonlijk en met korte lijnen.',
];
