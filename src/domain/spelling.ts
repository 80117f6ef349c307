/**
 * Spelling variants that name the same concept, mapped to one form (American, as most of the literature
 * writes). Lists, not open-ended suffix rules: "-ise" → "-ize" would turn "noise" and "supervise" into
 * words that do not exist.
 */

// "optimisation" → "optimization", "normalised" → "normalized"
const ISE_STEMS = [
  'optimi',
  'minimi',
  'maximi',
  'normali',
  'generali',
  'regulari',
  'characteri',
  'parameteri',
  'parametri',
  'initiali',
  'visuali',
  'summari',
  'recogni',
  'organi',
  'reali',
  'utili',
  'emphasi',
  'stabili',
  'synthesi',
  'locali',
  'quanti',
  'discreti',
  'tokeni',
  'vectori',
  'categori',
  'prioriti',
  'speciali',
  'standardi',
  'randomi',
  'factori',
  'lineari',
  'symmetri',
  'polari',
  'penali',
  'memori',
  'finali',
  'formali',
  'neutrali',
  'centrali',
  'decentrali',
  'personali',
  'customi',
  'harmoni',
  'hypothesi',
  'critici',
  'ioni',
  'crystalli',
  'mobili',
  'sterili',
  'digiti',
  'moderni',
  'capitali',
  'marginali',
  'materiali',
  'equali',
  'ideali',
  'globali',
  'sociali',
  'binari',
  'canonicali',
  'diagonali',
  'orthogonali',
  'renormali',
  'sparsifi',
  'lemmati',
  'hospitali',
  'immuni',
  'metaboli',
  'vapori',
  'magneti',
  'miniaturi',
  'commerciali',
  'industriali',
  'urbani',
  'authori',
  'apologi',
  'economi',
  'individuali',
  'contextuali',
  'conceptuali',
  'operationali',
  'virtuali',
  'sensiti',
  'desensiti',
  'anonymi',
  'pseudonymi',
  'stigmati',
  'systemati',
  'modulari',
  'familiari',
  'homogeni',
  'polymeri',
  'isomeri',
];
const ISE_ENDINGS: [string, string][] = [
  ['se', 'ze'],
  ['sed', 'zed'],
  ['ses', 'zes'],
  ['sing', 'zing'],
  ['sation', 'zation'],
  ['sations', 'zations'],
  ['ser', 'zer'],
  ['sers', 'zers'],
  ['sable', 'zable'],
];

// "colour" → "color", "behavioural" → "behavioral"
const OUR_STEMS = [
  'colo',
  'behavio',
  'neighbo',
  'favo',
  'labo',
  'vapo',
  'humo',
  'rumo',
  'tumo',
  'flavo',
  'harbo',
  'hono',
  'odo',
  'savo',
  'vigo',
  'armo',
  'endeavo',
  'splendo',
];
const OUR_ENDINGS = [
  'ur',
  'urs',
  'ured',
  'uring',
  'ural',
  'urally',
  'urhood',
  'urhoods',
  'urite',
  'urable',
  'urless',
];

// "centre" → "center", "fibres" → "fibers"
const RE_STEMS = ['cent', 'met', 'fib', 'lit', 'theat', 'spect', 'calib', 'lust', 'sab', 'meag', 'manoeuv'];

// "modelling" → "modeling", "labelled" → "labeled"
const DOUBLE_L = [
  'model',
  'label',
  'travel',
  'signal',
  'cancel',
  'level',
  'channel',
  'tunnel',
  'fuel',
  'counsel',
  'marshal',
  'dial',
  'total',
  'jewel',
  'tunnel',
  'pixel',
];

const WORDS: { [word: string]: string } = {
  parametrization: 'parameterization',
  parametrizations: 'parameterizations',
  parametrize: 'parameterize',
  parametrized: 'parameterized',
  parametrizes: 'parameterizes',
  parametrizing: 'parameterizing',
  reparametrization: 'reparameterization',
  reparametrized: 'reparameterized',
  defence: 'defense',
  defences: 'defenses',
  licence: 'license',
  offence: 'offense',
  programme: 'program',
  programmes: 'programs',
  catalogue: 'catalog',
  catalogues: 'catalogs',
  analogue: 'analog',
  analogues: 'analogs',
  grey: 'gray',
  aluminium: 'aluminum',
  sulphur: 'sulfur',
  ageing: 'aging',
  artefact: 'artifact',
  artefacts: 'artifacts',
  judgement: 'judgment',
  judgements: 'judgments',
  acknowledgement: 'acknowledgment',
  manoeuvre: 'maneuver',
  manoeuvres: 'maneuvers',
  haemoglobin: 'hemoglobin',
  anaemia: 'anemia',
  oestrogen: 'estrogen',
  foetal: 'fetal',
  paediatric: 'pediatric',
  oesophageal: 'esophageal',
  leukaemia: 'leukemia',
  anaesthesia: 'anesthesia',
  tumour: 'tumor',
  tumours: 'tumors',
  skilful: 'skillful',
  fulfilment: 'fulfillment',
  enrolment: 'enrollment',
  mould: 'mold',
  moulds: 'molds',
  plough: 'plow',
  cheque: 'check',
  tyre: 'tire',
  tyres: 'tires',
};

const TABLE = new Map<string, string>(Object.entries(WORDS));
for (const stem of ISE_STEMS) {
  for (const [uk, us] of ISE_ENDINGS) if (!TABLE.has(stem + uk)) TABLE.set(stem + uk, stem + us);
}
for (const stem of OUR_STEMS)
  for (const end of OUR_ENDINGS) TABLE.set(stem + end, stem + end.replace(/^u/, ''));
for (const stem of RE_STEMS) {
  TABLE.set(`${stem}re`, `${stem}er`);
  TABLE.set(`${stem}res`, `${stem}ers`);
}
for (const stem of DOUBLE_L) {
  for (const end of ['ling', 'led', 'lings', 'ler', 'lers']) TABLE.set(stem + end, stem + end.slice(1));
}
// "parametrisation" reaches "parametrization" above; one more step gives "parameterization"
for (const [uk, us] of TABLE) {
  const further = TABLE.get(us);
  if (further) TABLE.set(uk, further);
}

/** One spelling per word: "parametrisation" → "parameterization", "colour" → "color". */
export function americanSpelling(word: string): string {
  return TABLE.get(word) ?? word;
}
