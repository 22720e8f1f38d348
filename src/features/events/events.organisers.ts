/**
 * Starter content: the recurring venues ILL staff name (conferences, committees, consortium days, user groups),
 * as organiser entries with links. No dates here: dates change each year and belong on the organisers' own
 * pages. Each entry names the page its facts were checked against; a reader should check that page for the next
 * meeting. Original text, vendor-neutral (user groups of several vendors are listed alike).
 */
export type OrganiserKind = 'international' | 'national' | 'regional' | 'community' | 'consortium' | 'user-group';

export const ORGANISER_KIND_LABELS: Record<OrganiserKind, string> = {
  international: 'International section and conference',
  national: 'National association section',
  regional: 'Regional conference',
  community: 'Practitioner community',
  consortium: 'Consortium and its meetings',
  'user-group': 'System user group',
};

export interface OrganiserEntry {
  slug: string;
  name: string;
  kind: OrganiserKind;
  url: string;
  /** What it is and what it runs, in our words. */
  about: string;
  /** How often it meets, as its own pages describe it. */
  rhythm: string;
  region: string;
  /** The page the facts were checked against. */
  source: string;
}

export const STARTER_ORGANISERS: OrganiserEntry[] = [
  {
    slug: 'ifla-ddrs',
    name: 'IFLA Document Delivery and Resource Sharing (DDRS) Section',
    kind: 'international',
    url: 'https://www.ifla.org/units/ddrs/',
    about:
      'IFLA’s forum for libraries and associations that share resources and supply documents across borders. Its standing committee chooses the papers for the Interlending and Document Supply (ILDS) conference, which a host library organises; it has also held meetings beside the IFLA congress (Library of Congress, 2016).',
    rhythm: 'ILDS conference every two years (Prague 2019; Doha, moved to 2022).',
    region: 'International',
    source: 'https://www.ifla.org/de/events/17th-ilds-interlending-and-document-supply-conference/',
  },
  {
    slug: 'rusa-stars',
    name: 'RUSA STARS (Sharing and Transforming Access to Resources Section, ALA)',
    kind: 'national',
    url: 'https://www.ala.org/rusa/sections/stars',
    about:
      'The American Library Association’s section for interlibrary loan, document delivery and other shared services. Its stated aims include education and training for resource sharing staff; its committees maintain the US Interlibrary Loan Code and the model ILL licence clause, and it runs programmes, discussion groups and a social at ALA conferences.',
    rhythm: 'Programmes and committee meetings at the ALA Annual Conference; online courses such as ILL 101.',
    region: 'United States',
    source: 'https://www.ala.org/rusa/sections/stars/section',
  },
  {
    slug: 'rrsi',
    name: 'Rethinking Resource Sharing Initiative (RRSI)',
    kind: 'community',
    url: 'https://rethinkingresourcesharing.org/',
    about:
      'A volunteer movement begun in 2005 to rethink resource sharing around the user. Known for its manifesto, the STAR Checklist libraries use to review their service, and the Innovation Award (2008–2019). After a pause from 2020 it was revived in 2025 and held virtual town halls on an updated manifesto.',
    rhythm: 'Virtual conversations and town halls; sessions at other conferences.',
    region: 'International (US-based)',
    source: 'https://rethinkingresourcesharing.org/about',
  },
  {
    slug: 'oclc-shares',
    name: 'SHARES (OCLC Research Library Partnership)',
    kind: 'consortium',
    url: 'https://www.oclc.org/research/activities/shares.html',
    about:
      'The resource sharing arm of the OCLC Research Library Partnership: partner libraries lend generously to each other and work together on practice, such as packaging and shipping, unit costs and making ILL material accessible. Membership of the Partnership is a prerequisite.',
    rhythm: 'Yearly themes with member conversations and webinars.',
    region: 'International',
    source: 'https://www.oclc.org/research/activities/shares.html',
  },
  {
    slug: 'ids-project',
    name: 'IDS Project',
    kind: 'consortium',
    url: 'https://idsproject.org/',
    about:
      'A resource sharing cooperative founded by New York State academic libraries and run from SUNY Geneseo, with shared performance standards, a mentor programme for new members and its own ILL automation tools. Members meet at a yearly conference with an orientation for new libraries.',
    rhythm: 'Yearly IDS Project conference.',
    region: 'United States (New York and beyond)',
    source: 'https://idsproject.org/home/projectdescription',
  },
  {
    slug: 'nwill',
    name: 'Northwest Interlibrary Loan and Resource Sharing Conference (NWILL)',
    kind: 'regional',
    url: 'https://nwill.org/',
    about:
      'A regional conference started in the Pacific Northwest (first held in Portland, Oregon, in 2002) that draws ILL staff from across North America, with practical sessions, pre-conference workshops and post-conference surveys. Virtual since 2020, with recorded sessions.',
    rhythm: 'Yearly; virtual workshops and socials.',
    region: 'United States and Canada',
    source: 'https://nwill.org/about-1/',
  },
  {
    slug: 'fil',
    name: 'Forum for Interlending and Information Delivery (FIL)',
    kind: 'national',
    url: 'https://forumforinterlending.org.uk/',
    about:
      'The UK organisation for interlending and document supply staff of every sector, run by an elected committee of practitioners. It holds the Interlend conference, shorter online events, national interlending awards, and sponsors members’ places at UK and international events in return for a written report.',
    rhythm: 'Interlend conference each year; online events between.',
    region: 'United Kingdom',
    source: 'https://forumforinterlending.org.uk/fil-sponsorship/',
  },
  {
    slug: 'carli-resource-sharing',
    name: 'CARLI Resource Sharing Committee',
    kind: 'consortium',
    url: 'https://www.carli.illinois.edu/products-services/pub-serv/resource-sharing',
    about:
      'The resource sharing committee of the Consortium of Academic and Research Libraries in Illinois: yearly projects (ILL traffic analysis, ILL and collection development, open access in ILL) and presentations for member library staff, such as one on ILL statistics in OCLC WorldShare and ILLiad.',
    rhythm: 'A project and presentations each year.',
    region: 'United States (Illinois)',
    source: 'https://www.carli.illinois.edu/products-services/pub-serv/resource-sharing',
  },
  {
    slug: 'oclc-resource-sharing-conference',
    name: 'OCLC Resource Sharing Conference (formerly the International ILLiad Conference)',
    kind: 'user-group',
    url: 'https://www.oclc.org/',
    about:
      'A vendor conference for libraries using OCLC’s resource sharing systems (ILLiad, Tipasa, WorldShare ILL). It grew out of the ILLiad conference Atlas Systems held in Virginia Beach; attendees’ reports describe product days beside sessions by library staff.',
    rhythm: 'Held most years; check OCLC’s events pages.',
    region: 'United States',
    source: 'https://lib.dev.uconn.edu/blog/tag/ill/',
  },
  {
    slug: 'eluna',
    name: 'ELUNA (Ex Libris Users of North America)',
    kind: 'user-group',
    url: 'https://el-una.org/',
    about:
      'An independent, not-for-profit group of institutions that use Ex Libris products (Alma, Primo, Rapido and others) in North America, formed in 2006. It runs a yearly conference, product working groups, the enhancement vote and sanctioned regional user groups.',
    rhythm: 'Yearly conference; regional user group meetings at least every two years.',
    region: 'North America',
    source: 'https://el-una.org/about/history/',
  },
  {
    slug: 'igelu',
    name: 'IGeLU (International Group of Ex Libris Users)',
    kind: 'user-group',
    url: 'https://igelu.org/',
    about:
      'ELUNA’s sister organisation outside North America: a volunteer, member-led group whose Assembly of Members meets at its yearly conference, with product and special-interest working groups and national user groups.',
    rhythm: 'Yearly conference with a developers’ day.',
    region: 'International',
    source: 'https://igelu.org/about/organisation',
  },
];

/**
 * Free training beyond ILL: well-known programmes from public bodies, universities and library non-profits, each
 * with the page its facts were checked against. Listed as on-demand courses (start any time).
 */
export interface FreeProgramme {
  title: string;
  organiserName: string;
  organiserUrl: string;
  url: string;
  summary: string;
  description: string;
  /** Training areas (vocabulary: training-areas.yaml). */
  areas: string[];
  audiences: string[];
  source: string;
}

export const FREE_PROGRAMMES: FreeProgramme[] = [
  {
    title: 'WebJunction Course Catalog: customer service courses for library staff',
    organiserName: 'WebJunction (OCLC)',
    organiserUrl: 'https://www.webjunction.org/',
    url: 'https://www.webjunction.org/explore-topics/customer-services.html',
    summary:
      'Free self-paced courses and webinar recordings for library staff; the most viewed include dealing with angry patrons and customer service at every contact.',
    description:
      'WebJunction opened its course catalogue to everyone free of charge in 2014. Its customer service topic gathers self-paced courses and recorded webinars on communication, difficult conversations and patron-focused service: useful for ILL staff who explain delays, fees and refusals to patrons. A free account is needed.',
    areas: ['customer-service', 'communication'],
    audiences: ['new', 'experienced'],
    source: 'https://www.webjunction.org/news/webjunction/webjunction-experience-self-paced-courses.html',
  },
  {
    title: 'Leadership and followership (OpenLearn, The Open University)',
    organiserName: 'The Open University (OpenLearn)',
    organiserUrl: 'https://www.open.edu/openlearn/',
    url: 'https://www.open.edu/openlearn/ocw/mod/oucontent/view.php?id=68668',
    summary: 'A free badged introductory course on leading and following, with reflective activities week by week.',
    description:
      'An introduction that combines practical advice with research on leadership and followership, with reflection activities to build the habit. Completing it earns a free statement of participation or digital badge. A good start for a new ILL supervisor or team lead.',
    areas: ['leadership'],
    audiences: ['experienced', 'manager'],
    source: 'https://www.open.edu/openlearn/ocw/mod/oucontent/view.php?id=68668',
  },
  {
    title: 'Project management: the start of the project journey (OpenLearn, The Open University)',
    organiserName: 'The Open University (OpenLearn)',
    organiserUrl: 'https://www.open.edu/openlearn/',
    url: 'https://www.open.edu/openlearn/money-management/management/leadership-and-management/managing/project-management-the-start-the-project-journey/content-section-1',
    summary:
      'A free course on what a project is and how one starts: objectives, roles, SWOT and Pareto analysis, cause-and-effect diagrams.',
    description:
      'Taken from an Open University postgraduate module, this free course covers defining a project, the people around it (sponsor, client, stakeholders) and simple tools for exploring problems and objectives. Useful before moving to a new ILL system or changing a workflow. The shorter OpenLearn course “Preparing a project” (about 8 hours) covers feasibility, risk and the project brief.',
    areas: ['project-management'],
    audiences: ['experienced', 'manager'],
    source:
      'https://www.open.edu/openlearn/money-management/management/leadership-and-management/managing/project-management-the-start-the-project-journey/content-section-1',
  },
  {
    title: 'Open digital accessibility curriculum (Toronto Metropolitan University)',
    organiserName: 'The Chang School, Toronto Metropolitan University',
    organiserUrl: 'https://www.torontomu.ca/',
    url: 'https://www.frontiersin.org/articles/10.3389/fcomp.2023.1113936/full',
    summary:
      'Free digital accessibility courses, first run as MOOCs with Ontario government support and now open educational resources.',
    description:
      'Courses for audiences from office staff to managers to developers, first run as free MOOCs (2016–2019) and then published as open textbooks and open courses. Relevant to ILL staff who deliver accessible scans and documents to patrons with print disabilities. The article linked describes the curriculum and where to find it.',
    areas: ['accessibility-inclusion'],
    audiences: ['new', 'experienced'],
    source: 'https://www.frontiersin.org/articles/10.3389/fcomp.2023.1113936/full',
  },
];
