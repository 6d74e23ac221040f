// The front end's own words (everything else comes from the CMS, in the page's language).
export const LANGUAGES = ["en", "fr"] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = "en";

export function isLang(value: unknown): value is Lang {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

const en = {
  skip: "Skip to main content",
  mainNav: "Main navigation",
  languages: "Languages",
  footer: "Footer",
  follow: "Follow us",
  notFoundTitle: "Page not found",
  notFoundText: "The page you asked for does not exist, or it has moved.",
  backHome: "Back to the home page",
  searchTitle: "Search",
  searchLabel: "Search the site",
  searchButton: "Search",
  results: (n: number) => (n === 1 ? "1 result" : `${n} results`),
  noResults: "No page matches your search.",
  filterTopic: "Topic",
  filterYear: "Year",
  allTopics: "All topics",
  allYears: "All years",
  filter: "Filter",
  newsList: "News",
  published: "Published",
  topics: "Topics",
  practical: "Practical information",
  date: "Date",
  place: "Place",
  venue: "Venue",
  country: "Country",
  organiser: "Organiser",
  partners: "Partners",
  attendees: "Participants",
  topicsDiscussed: "Topics discussed",
  outcomes: "Outcomes",
  siteVisits: "Site visits",
  gallery: "Photo gallery",
  documents: "Documents",
  participantsInvolved: "Participants involved",
  related: "Related pages",
  participantCount: (n: number, c: number) =>
    `${n} ${n === 1 ? "city or region" : "cities and regions"} from ${c} ${c === 1 ? "country" : "countries"}`,
  perCountry: "Participants per country",
  participants: "Participants",
  region: "Region",
  kind: "Kind",
  website: "Website",
  contact: "Contact",
  population: "Population",
  preview: "Preview of a draft",
  photo: "Photo:",
  embed: "Watch or read the embedded content",
  // The body's blocks (issue #21).
  calloutNote: "Note",
  calloutWarning: "Warning",
  calloutKeyFigure: "Key figure",
  inLanguage: (name: string) => `in ${name}`,
  fileSizeUnits: "B KB MB GB",
  playVideo: "Load and play video",
  playRecording: "Load and play recording",
  hostedVideo: (host: string, domain: string) =>
    `This video is hosted by ${host}. Playing it loads content from ${domain}, which may set cookies or collect data.`,
  hostedRecording: (host: string, domain: string) =>
    `This recording is hosted by ${host}. Playing it loads content from ${domain}, which may set cookies or collect data.`,
  watchOn: (host: string) => `Watch on ${host}`,
  listenOn: (host: string) => `Listen on ${host}`,
  downloadVideo: "Download the video",
  downloadRecording: "Download the recording",
  transcript: "Transcript",
  noUpcomingEvents: "No upcoming events.",
  eventsFeed: "Subscribe to the events calendar",
} as const;

type Dict = { [K in keyof typeof en]: (typeof en)[K] extends (...args: infer A) => string ? (...args: A) => string : string };

const fr: Dict = {
  skip: "Aller au contenu principal",
  mainNav: "Navigation principale",
  languages: "Langues",
  footer: "Pied de page",
  follow: "Suivez-nous",
  notFoundTitle: "Page introuvable",
  notFoundText: "La page demandée n’existe pas ou a été déplacée.",
  backHome: "Retour à l’accueil",
  searchTitle: "Recherche",
  searchLabel: "Rechercher sur le site",
  searchButton: "Rechercher",
  results: (n: number) => (n <= 1 ? `${n} résultat` : `${n} résultats`),
  noResults: "Aucune page ne correspond à votre recherche.",
  filterTopic: "Thème",
  filterYear: "Année",
  allTopics: "Tous les thèmes",
  allYears: "Toutes les années",
  filter: "Filtrer",
  newsList: "Actualités",
  published: "Publié le",
  topics: "Thèmes",
  practical: "Informations pratiques",
  date: "Date",
  place: "Localité",
  venue: "Lieu",
  country: "Pays",
  organiser: "Organisateur",
  partners: "Partenaires",
  attendees: "Participants",
  topicsDiscussed: "Thèmes débattus",
  outcomes: "Conclusions",
  siteVisits: "Visites de terrain",
  gallery: "Galerie de photos",
  documents: "Documents",
  participantsInvolved: "Participants concernés",
  related: "Pages liées",
  // French plural: one for 0 and 1 (the CMS's catalogue says the same).
  participantCount: (n: number, c: number) => `${n} ${n > 1 ? "villes et régions" : "ville ou région"} de ${c} pays`,
  perCountry: "Participants par pays",
  participants: "Participants",
  region: "Région",
  kind: "Type",
  website: "Site web",
  contact: "Contact",
  population: "Population",
  preview: "Aperçu d’un brouillon",
  photo: "Photo :",
  embed: "Voir ou lire le contenu intégré",
  calloutNote: "Remarque",
  calloutWarning: "Avertissement",
  calloutKeyFigure: "Chiffre clé",
  inLanguage: (name: string) => `en ${name}`,
  fileSizeUnits: "o Ko Mo Go",
  playVideo: "Charger et lire la vidéo",
  playRecording: "Charger et lire l’enregistrement",
  hostedVideo: (host: string, domain: string) =>
    `Cette vidéo est hébergée par ${host}. La lire charge du contenu depuis ${domain}, qui peut déposer des cookies ou collecter des données.`,
  hostedRecording: (host: string, domain: string) =>
    `Cet enregistrement est hébergé par ${host}. Le lire charge du contenu depuis ${domain}, qui peut déposer des cookies ou collecter des données.`,
  watchOn: (host: string) => `Regarder sur ${host}`,
  listenOn: (host: string) => `Écouter sur ${host}`,
  downloadVideo: "Télécharger la vidéo",
  downloadRecording: "Télécharger l’enregistrement",
  transcript: "Transcription",
  noUpcomingEvents: "Aucun événement à venir.",
  eventsFeed: "S’abonner au calendrier des événements",
};

export function t(lang: string): Dict {
  return lang === "fr" ? fr : (en as Dict);
}

const LOCALES: Record<Lang, string> = { en: "en-GB", fr: "fr-FR" };

/** A date of the API (`YYYY-MM-DD`) as the site writes it: "17 December 2015", "17 décembre 2015". */
export function formatDate(iso: string | null | undefined, lang: string): string {
  if (!iso) return "";
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number);
  if (!y || !m || !d) return iso;
  return new Intl.DateTimeFormat(LOCALES[isLang(lang) ? lang : DEFAULT_LANG], {
    day: "numeric", month: "long", year: "numeric", timeZone: "UTC",
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** A country's name in the visitor's language from its ISO code ("LT" → "Lituanie"). */
export function countryName(code: string | null | undefined, lang: string): string {
  if (!code) return "";
  try {
    return new Intl.DisplayNames([lang], { type: "region" }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** A date range of the API (`YYYY-MM-DD`, end optional) as the site writes it: "17–18 December 2015". */
export function formatDateRange(start: string, end: string | null | undefined, lang: string): string {
  const parse = (iso: string) => {
    const [y, m, d] = iso.slice(0, 10).split("-").map(Number);
    return y && m && d ? new Date(Date.UTC(y, m - 1, d)) : null;
  };
  const from = parse(start);
  const to = end ? parse(end) : null;
  if (!from) return start;
  if (!to || to.getTime() === from.getTime()) return formatDate(start, lang);
  return new Intl.DateTimeFormat(LOCALES[isLang(lang) ? lang : DEFAULT_LANG], {
    day: "numeric", month: "long", year: "numeric", timeZone: "UTC",
  }).formatRange(from, to);
}

/** A language's name in the visitor's language from its code ("fr" → "French", "anglais"). */
export function languageName(code: string | null | undefined, lang: string): string {
  if (!code) return "";
  try {
    return new Intl.DisplayNames([lang], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A file's size as the site writes it: 1374 → "1.3 KB" (en), "1,3 Ko" (fr); binary multiples, as the CMS. */
export function formatFileSize(bytes: number, lang: string): string {
  const units = t(lang).fileSizeUnits.split(" ");
  let size = bytes;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit += 1;
  }
  const number = new Intl.NumberFormat(LOCALES[isLang(lang) ? lang : DEFAULT_LANG], {
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(size);
  return `${number}\u00a0${units[unit]}`; // a no-break space: "1.3" and "KB" stay on one line
}
