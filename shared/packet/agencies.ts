/** Agencies that take part in classified benchmarking under the order, plus a free-text "Other". */
export const AGENCIES = ['NSA', 'CISA', 'NIST', 'ONCD', 'DHS', 'DoD', 'Treasury', 'Commerce', 'Other'] as const;
export type Agency = (typeof AGENCIES)[number];

export const AGENCY_NAMES: Readonly<Record<Agency, string>> = {
  NSA: 'National Security Agency',
  CISA: 'Cybersecurity and Infrastructure Security Agency',
  NIST: 'National Institute of Standards and Technology',
  ONCD: 'Office of the National Cyber Director',
  DHS: 'Department of Homeland Security',
  DoD: 'Department of Defense',
  Treasury: 'Department of the Treasury',
  Commerce: 'Department of Commerce',
  Other: 'Other agency',
};

/** Each agency's web namespace, which names it as the publisher of a CSAF advisory. */
export const AGENCY_NAMESPACES: Readonly<Record<Exclude<Agency, 'Other'>, string>> = {
  NSA: 'https://www.nsa.gov',
  CISA: 'https://www.cisa.gov',
  NIST: 'https://www.nist.gov',
  ONCD: 'https://www.whitehouse.gov/oncd',
  DHS: 'https://www.dhs.gov',
  DoD: 'https://www.defense.gov',
  Treasury: 'https://home.treasury.gov',
  Commerce: 'https://www.commerce.gov',
};
