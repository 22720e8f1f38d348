/** The tools, as listed on /tools and in search. */
export const TOOLS = [
  {
    slug: 'iso18626',
    path: '/tools/iso18626',
    title: 'ISO 18626 message checker',
    summary:
      'Validate an ISO 18626 interlibrary loan message against the official 1.2 schema, check its meaning, and start from a valid example of each message type.',
    keywords: ['ISO 18626', 'ILL protocol', 'XML', 'schema', 'validator', 'request', 'supplying agency message'],
  },
  {
    slug: 'openurl',
    path: '/tools/openurl',
    title: 'OpenURL inspector',
    summary:
      'See what an OpenURL describes, field by field, what a lender would miss (ISSN, pages, a wrong check digit…), and a clean version of the link.',
    keywords: ['OpenURL', 'Z39.88', 'KEV', 'link resolver', 'citation', 'ISSN', 'DOI'],
  },
] as const;

export const TOOL_KIND = 'tool';
