/**
 * Words and phrases of interlibrary loan, for generated articles. The
 * templates use "library", "request" and "loan" so often that nearly every
 * document holds them; the rare pools are drawn from with a Zipf skew so some
 * of their words occur in only a handful of documents.
 */

export const TOPICS = [
  'borrowing',
  'lending',
  'copyright-licensing',
  'international-ill',
  'systems-interoperability',
  'workflows',
  'best-practices',
  'reports-assessment',
  'saving-money',
  'behavioural-skills',
  'training-onboarding',
  'staying-current',
  'finding-aids-searching',
  'managing-operation',
];

export const SYSTEMS = [
  'ILLiad', 'Tipasa', 'WorldShare ILL', 'Rapido', 'Relais D2D', 'Alma', 'FOLIO', 'ReShare', 'Koha', 'Sierra',
  'Polaris', 'DOCLINE', 'RapidILL', 'Clio', 'Evergreen', 'Symphony', 'Libraries Australia', 'ZPORTAL', 'VDX',
];

export const REGIONS = [
  'Canada', 'the United Kingdom', 'Australia', 'Germany', 'Japan', 'Brazil', 'South Africa', 'New Zealand', 'Mexico',
  'India', 'France', 'the Netherlands', 'Sweden', 'Ireland', 'Kenya', 'Chile', 'Singapore', 'Norway', 'Italy', 'Spain',
];

export const LIBRARY_KINDS = ['academic', 'public', 'special', 'law', 'medical', 'government', 'school', 'consortium'];

export const MATERIALS = [
  'book', 'journal article', 'thesis', 'dissertation', 'microfilm reel', 'DVD', 'music score', 'map', 'conference paper',
  'book chapter', 'technical report', 'standard', 'patent', 'government document', 'rare book', 'e-book chapter',
  'journal issue', 'newspaper on microfiche', 'audiobook', 'exhibition catalogue',
];

export const ACTIONS = [
  'verify the citation', 'check local holdings first', 'route the request to the next lender', 'update the request status',
  'renew the loan before the due date', 'ship the item with tracking', 'scan the article at 300 dpi', 'send the PDF through the system',
  'record the copyright decision', 'invoice the borrowing library', 'cancel the request politely', 'recall the overdue loan',
  'confirm the return', 'check the lender string', 'note any lending conditions', 'ask the patron for a better citation',
  'look the item up in WorldCat', 'apply the reciprocal agreement', 'mark the request as unfilled', 'email the patron',
];

export const ADJECTIVES = [
  'overdue', 'urgent', 'unfilled', 'conditional', 'international', 'reciprocal', 'local', 'electronic', 'physical', 'fragile',
  'lost', 'damaged', 'rush', 'routine', 'difficult', 'duplicate', 'cancelled', 'renewed', 'recalled', 'non-returnable',
];

export const PEOPLE = ['patron', 'student', 'researcher', 'faculty member', 'clinician', 'lawyer', 'teacher', 'genealogist', 'reader'];

export const ORGANISATIONS = [
  'RUSA STARS', 'OCLC SHARES', 'the IDS Project', 'IFLA', 'the Rethinking Resource Sharing Initiative', 'the state library',
  'the regional consortium', 'the national library', 'the courier network', 'the copyright office',
];

export const HEADINGS = [
  'Before you start', 'Step by step', 'Checking the citation', 'Choosing lenders', 'When the item arrives', 'Returns',
  'Copyright and records', 'Common problems', 'Costs and fees', 'Talking to patrons', 'Working with lenders', 'Statistics',
  'Training new staff', 'Local variations', 'Further reading', 'Why this matters', 'Turnaround times', 'Shipping',
  'Electronic delivery', 'Renewals and recalls', 'Lost and damaged items', 'Policies', 'Exceptions',
];

export const TAGS = [
  'borrowing', 'lending', 'copyright', 'turnaround', 'shipping', 'scanning', 'renewals', 'recalls', 'fees', 'iso-18626',
  'openurl', 'citations', 'theses', 'microfilm', 'e-books', 'statistics', 'training', 'customer-service', 'courier',
  'reciprocal', 'policies', 'lost-items', 'international', 'consortia', 'workflow', 'digitisation', 'budget', 'staffing',
];

/** Specialised words, most frequent first: drawn with a Zipf skew, so the tail is rare. */
export const RARE_WORDS = [
  'provenance', 'pagination', 'colophon', 'errata', 'marginalia', 'facsimile', 'folio', 'quarto', 'octavo', 'vellum',
  'incunabula', 'palimpsest', 'gathering', 'frontispiece', 'endpapers', 'foxing', 'deacidification', 'encapsulation',
  'rebinding', 'conservator', 'humidity', 'archival', 'manuscript', 'transcription', 'paleography', 'lithograph',
  'broadside', 'ephemera', 'pamphlet', 'gazetteer', 'concordance', 'festschrift', 'monograph', 'serialisation',
  'supplement', 'addendum', 'corrigenda', 'offprint', 'preprint', 'postprint', 'embargo', 'watermark', 'letterpress',
  'typescript', 'carbon', 'mimeograph', 'daguerreotype', 'stereograph', 'phonograph', 'cassette', 'videocassette',
  'laserdisc', 'filmstrip', 'lantern', 'aperture', 'diazo', 'silver-halide', 'reel-to-reel', 'cartographic', 'atlas',
  'portolan', 'herbarium', 'specimen', 'dossier', 'affidavit', 'deposition', 'statute', 'gazette', 'hansard', 'codex',
  'scroll', 'papyrus', 'ostracon', 'parchment', 'rubric', 'illumination', 'miniature', 'binding', 'clasp', 'boss',
  'tooling', 'gilding', 'marbling', 'headband', 'spine', 'signature', 'catchword', 'imprimatur', 'privilege', 'censor',
  'samizdat', 'zine', 'chapbook', 'almanac', 'ledger', 'logbook', 'diary', 'scrapbook', 'album', 'portfolio',
  'blueprint', 'schematic', 'datasheet', 'erratum', 'retraction', 'reprint', 'abridgement', 'anthology', 'compendium',
  'bestiary', 'psalter', 'breviary', 'missal', 'hymnal', 'libretto', 'partbook', 'tablature', 'choirbook', 'antiphonary',
];

/** People and places that turn up in examples; each name is used by few documents. */
export const NAMES = [
  'Okonkwo', 'Haldane', 'Villanueva', 'Thorsdottir', 'Nakamura', 'Abernathy', 'Castellanos', 'Delacroix', 'Fairweather',
  'Gunawardena', 'Hollingsworth', 'Ishikawa', 'Jankowski', 'Kowalczyk', 'Lindqvist', 'Mbeki', 'Nussbaum', 'Oyelaran',
  'Pemberton', 'Quattrone', 'Rasmussen', 'Szymanski', 'Tanaka', 'Underhill', 'Vasquez', 'Whitcombe', 'Xenakis',
  'Yamamoto', 'Zielinski', 'Achterberg', 'Bellweather', 'Cunningham', 'Dunsmore', 'Eckhardt', 'Fitzgerald',
  'Grimsby', 'Harrowgate', 'Inverness', 'Kilkenny', 'Llandudno', 'Montpellier', 'Nottingham', 'Oldenburg',
  'Penzance', 'Quimper', 'Rotterdam', 'Salzburg', 'Tromso', 'Uppsala', 'Valparaiso', 'Wollongong', 'Yellowknife',
];

export const COMMON_NAMES = ['Smith', 'Garcia', 'Chen', 'Patel', 'Johnson', 'Brown', 'Nguyen', 'Martin', 'Silva', 'Kim'];

/** Sentences with slots; {material}, {system} and so on are filled at random. */
export const SENTENCES = [
  'When a {person} submits a request for a {material}, the borrowing library should {action} before sending it to a lender.',
  'Most lending libraries in {region} fill {material} requests within {n} days, although the loan period varies.',
  'If the request is {adjective}, {action} and tell the {person} what will happen next.',
  'Staff using {system} can {action} without leaving the request form.',
  'The library keeps a record of every loan so that copyright limits and fees can be checked at the end of the year.',
  '{organisation} recommends that every library publish its lending policy and keep it current.',
  'A {adjective} loan is easier to manage when the lender and the borrowing library agree on the due date in advance.',
  'For a {material} from {region}, check whether the lending library charges a fee and how it wants to be paid.',
  'Some libraries use {system} for borrowing and another system for lending; the request still follows the same steps.',
  'Ask the {person} whether a scan of one chapter would meet the need before requesting the whole {material}.',
  'Interlibrary loan staff at a {kind} library often handle {n} requests a week, more at the start of term.',
  'Turnaround time is measured from the moment the request is placed until the {person} can use the item.',
  'Copyright guidance for a {material} depends on the country of the lender and on the licence of the resource.',
  'Keep notes on {adjective} requests: the next person to handle a similar loan will be glad of them.',
  'A reciprocal agreement between libraries in {region} can remove fees for most loan and copy requests.',
  'When the lender sends a {material} with conditions such as library use only, tell the {person} before pickup.',
  'Use the ISO 18626 messages in {system} to update the request status rather than writing emails by hand.',
  'If a loan comes back {adjective}, record what happened and contact the lending library the same day.',
  'New staff learn the request workflow fastest by shadowing an experienced colleague for a week of loans.',
  'Statistics on borrowing and lending help a {kind} library show the value of resource sharing to its managers.',
  'The lender string should favour libraries that fill requests quickly and do not charge for the loan.',
  'Check the citation against a catalogue such as WorldCat: many unfilled requests start with a wrong year or title.',
  '{organisation} collects examples of good practice that any library can adapt to its own request workflow.',
  'For electronic delivery, {action} and make sure the scan is legible, complete and in the right order.',
  'A courier network shared by {kind} libraries lowers the cost of each physical loan considerably.',
  'As {name} of the {name} Library put it, a request is a promise to a {person}, and the loan is how we keep it.',
  'The {rare} in a {material} may need special handling; the lending library will say so in its conditions.',
  'Requests for a {rare} or similar fragile material are often filled with a digital copy instead of a loan.',
  'Some lenders in {region} ask for the {rare} to be described precisely before they will consider the request.',
  'In the {name} consortium every library agreed to answer each request within {n} working days.',
];

export const LIST_ITEMS = [
  'Check local holdings, including electronic access, before placing the request.',
  'Confirm the citation: author, title, year and, for articles, volume and pages.',
  'Choose lenders that fill quickly and do not charge.',
  'Record the copyright category for every copy request.',
  'Tell the {person} when the loan is due and whether it can be renewed.',
  'Pack the {material} so it cannot move inside the box.',
  'Send overdue notices on a fixed schedule.',
  'Review unfilled requests every morning.',
  'Keep the lending policy short and easy to find.',
  'Note the lender’s conditions on the request and on the book band.',
  'Scan at 300 dpi in greyscale unless the {material} needs colour.',
  'Update the status in {system} as soon as anything changes.',
];

export const LINK_HOSTS = ['example.org', 'ifla.org', 'ala.org', 'oclc.org', 'iso.org', 'copyright.gov', 'ill-commons.example'];

export const TITLE_PATTERNS = [
  'Borrowing a {material} from {region}',
  'Lending {material}s: a checklist for {kind} libraries',
  'How to {action} in {system}',
  '{adjective} requests: what to do',
  'Copyright and the {material}: a guide for {kind} libraries',
  'Turnaround for {material} loans in {region}',
  'Training new staff on {system}',
  'Handling a {rare} request',
  'Interlibrary loan fees in {region}',
  'When a loan is {adjective}',
  'A workflow for {material} requests',
  'Working with {organisation}',
];
