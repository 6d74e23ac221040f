// One view per page type (`meta.type`); an unknown type is drawn as a standard page.
import type {
  ArticleIndexPage, ArticlePage, HomePage, PageDetail, PageRef, ParticipantIndexPage, ParticipantPage,
  SeminarReportPage, StandardPage,
} from "@/lib/types";
import { listNews, listParticipants, listTopics } from "@/lib/cms";
import { countryName, formatDate, t } from "@/lib/i18n";
import { newsFilters, toLocalHref } from "@/lib/paths";
import { Picture, RichText, StreamField, type RawBlock } from "./Blocks";

type Query = Record<string, string | string[] | undefined>;

export function PageView({ page, lang, query }: { page: PageDetail; lang: string; query: Query }) {
  switch (page.meta.type) {
    case "home.HomePage":
      return <Home page={page as unknown as HomePage} lang={lang} />;
    case "articles.ArticleIndexPage":
      return <NewsIndex page={page as unknown as ArticleIndexPage} lang={lang} query={query} />;
    case "articles.SeminarReportPage":
      return <Report page={page as unknown as SeminarReportPage} lang={lang} />;
    case "articles.ArticlePage":
      return <Article page={page as unknown as ArticlePage} lang={lang} />;
    case "participants.ParticipantIndexPage":
      return <ParticipantIndex page={page as unknown as ParticipantIndexPage} lang={lang} />;
    case "participants.ParticipantPage":
      return <Participant page={page as unknown as ParticipantPage} lang={lang} />;
    default:
      return <Standard page={page as unknown as StandardPage} lang={lang} />;
  }
}

function Intro({ text }: { text: string | null | undefined }) {
  return text ? <p className="intro">{text}</p> : null;
}

function PageLinks({ title, links }: { title: string; links: PageRef[] }) {
  if (!links.length) return null;
  return (
    <section>
      <h2>{title}</h2>
      <ul>{links.map((l) => <li key={l.id}><a href={toLocalHref(l.url) ?? "#"} lang={l.locale}>{l.title}</a></li>)}</ul>
    </section>
  );
}

function Home({ page, lang }: { page: HomePage; lang: string }) {
  const joinHref = toLocalHref(page.join_page?.url);
  return (
    <article>
      <h1>{page.title}</h1>
      <Intro text={page.introduction} />
      <Picture image={page.hero_image} lang={lang} />
      <StreamField blocks={page.body as RawBlock[]} lang={lang} />
      {page.join_heading ? (
        <section className="cta">
          <h2>{page.join_heading}</h2>
          {page.join_text ? <p>{page.join_text}</p> : null}
          {joinHref && page.join_button_label ? <a className="button" href={joinHref}>{page.join_button_label}</a> : null}
        </section>
      ) : null}
      {page.auspices ? <p className="auspices">{page.auspices}</p> : null}
    </article>
  );
}

function Standard({ page, lang }: { page: StandardPage; lang: string }) {
  return (
    <article>
      <h1>{page.title}</h1>
      <Intro text={page.introduction} />
      <StreamField blocks={(page.body ?? []) as RawBlock[]} lang={lang} />
    </article>
  );
}

function Topics({ page, lang }: { page: ArticlePage | SeminarReportPage; lang: string }) {
  if (!page.topic_list.length) return null;
  return (
    <ul className="tags" aria-label={t(lang).topics}>
      {page.topic_list.map((topic) => <li key={topic.slug}>{topic.name}</li>)}
    </ul>
  );
}

function ArticleHeader({ page, lang }: { page: ArticlePage | SeminarReportPage; lang: string }) {
  return (
    <header>
      <h1>{page.title}</h1>
      <p className="intro">{page.standfirst}</p>
      {page.publication_date ? (
        <p className="date">{t(lang).published} <time dateTime={page.publication_date}>{formatDate(page.publication_date, lang)}</time></p>
      ) : null}
      <Topics page={page} lang={lang} />
    </header>
  );
}

function Article({ page, lang }: { page: ArticlePage; lang: string }) {
  const w = t(lang);
  return (
    <article>
      <ArticleHeader page={page} lang={lang} />
      <Picture image={page.listing_image} lang={lang} />
      <StreamField blocks={page.body as RawBlock[]} lang={lang} />
      <PageLinks title={w.participantsInvolved} links={page.participant_links} />
      <PageLinks title={w.related} links={page.related_page_links} />
    </article>
  );
}

function Fact({ term, children }: { term: string; children: React.ReactNode }) {
  if (children === null || children === undefined || children === "") return null;
  return (<><dt>{term}</dt><dd>{children}</dd></>);
}

export function EventFacts({ page, lang }: { page: SeminarReportPage; lang: string }) {
  const w = t(lang);
  const dates = page.end_date && page.end_date !== page.start_date
    ? `${formatDate(page.start_date, lang)} – ${formatDate(page.end_date, lang)}`
    : formatDate(page.start_date, lang);
  const attendees = [page.attendee_count ?? "", page.attendee_description ?? ""].join(" ").trim();
  return (
    <section className="facts" aria-labelledby="facts-title">
      <h2 id="facts-title">{w.practical}</h2>
      <dl>
        <Fact term={w.date}>{dates}</Fact>
        <Fact term={w.place}>{page.place}</Fact>
        <Fact term={w.venue}>{page.venue}</Fact>
        <Fact term={w.country}>{countryName(page.country_code, lang)}</Fact>
        <Fact term={w.organiser}>{page.organiser}</Fact>
        <Fact term={w.partners}>{page.partners}</Fact>
        <Fact term={w.attendees}>{attendees}</Fact>
      </dl>
    </section>
  );
}

function Report({ page, lang }: { page: SeminarReportPage; lang: string }) {
  const w = t(lang);
  return (
    <article>
      <ArticleHeader page={page} lang={lang} />
      <EventFacts page={page} lang={lang} />
      <StreamField blocks={page.body as RawBlock[]} lang={lang} />
      {page.topics_discussed.length ? (
        <section>
          <h2>{w.topicsDiscussed}</h2>
          {page.topics_discussed.map((b) => (
            <div key={b.id ?? b.value.title}><h3>{b.value.title}</h3><p>{b.value.summary}</p></div>
          ))}
        </section>
      ) : null}
      {page.outcomes ? <section><h2>{w.outcomes}</h2><RichText html={page.outcomes} /></section> : null}
      {page.site_visits.length ? (
        <section>
          <h2>{w.siteVisits}</h2>
          {page.site_visits.map((b) => (
            <div key={b.id ?? b.value.name}><h3>{b.value.name}</h3><p>{b.value.description}</p></div>
          ))}
        </section>
      ) : null}
      {page.gallery.length ? (
        <section><h2>{w.gallery}</h2><StreamField blocks={page.gallery as RawBlock[]} lang={lang} /></section>
      ) : null}
      {page.documents.length ? (
        <section><h2>{w.documents}</h2><StreamField blocks={page.documents as RawBlock[]} lang={lang} /></section>
      ) : null}
      <PageLinks title={w.participantsInvolved} links={page.participant_links} />
      <PageLinks title={w.related} links={page.related_page_links} />
    </article>
  );
}

async function NewsIndex({ page, lang, query }: { page: ArticleIndexPage; lang: string; query: Query }) {
  const w = t(lang);
  const filters = newsFilters(query);
  const [news, topics] = await Promise.all([listNews(page.id, lang, filters), listTopics(lang)]);
  const thisYear = new Date().getUTCFullYear();
  const years = Array.from({ length: thisYear - 2012 }, (_, i) => String(thisYear - i));
  const chosenYear = filters.published_after?.slice(0, 4) ?? "";
  return (
    <article>
      <h1>{page.title}</h1>
      <Intro text={page.introduction} />
      <form method="get" className="filters" role="search" aria-label={w.filter}>
        <label>{w.filterTopic}{" "}
          <select name="topic" defaultValue={filters.topic ?? ""}>
            <option value="">{w.allTopics}</option>
            {topics.map((topic) => <option key={topic.slug} value={topic.slug}>{topic.name}</option>)}
          </select>
        </label>
        <label>{w.filterYear}{" "}
          <select name="year" defaultValue={chosenYear}>
            <option value="">{w.allYears}</option>
            {years.map((y) => <option key={y} value={y}>{y}</option>)}
          </select>
        </label>
        <button type="submit">{w.filter}</button>
      </form>
      <p role="status">{w.results(news.meta.total_count)}</p>
      <ul className="cards">
        {news.items.map((item) => (
          <li key={item.id} className="card">
            <h2><a href={toLocalHref(item.meta.html_url) ?? "#"}>{item.title}</a></h2>
            {item.publication_date ? <p className="date"><time dateTime={item.publication_date}>{formatDate(item.publication_date, lang)}</time></p> : null}
            {item.listing_summary ? <p>{item.listing_summary}</p> : null}
          </li>
        ))}
      </ul>
    </article>
  );
}

async function ParticipantIndex({ page, lang }: { page: ParticipantIndexPage; lang: string }) {
  const w = t(lang);
  const participants = await listParticipants(page.id, lang);
  // The figures are the CMS's (`statistics`), not counted here: a list may be paginated.
  const figures = page.statistics ?? { participants: 0, countries: 0, per_country: [] };
  return (
    <article>
      <h1>{page.title}</h1>
      <Intro text={page.introduction} />
      <p className="statistic participant-headline">{w.participantCount(figures.participants, figures.countries)}</p>
      <table>
        <thead><tr><th scope="col">{page.title}</th><th scope="col">{w.country}</th><th scope="col">{w.region}</th></tr></thead>
        <tbody>
          {participants.items.map((p) => (
            <tr key={p.id}>
              <td><a href={toLocalHref(p.meta.html_url) ?? "#"}>{p.title}</a></td>
              <td>{countryName(p.country, lang)}</td>
              <td>{p.region}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <section aria-labelledby="countries-heading">
        <h2 id="countries-heading">{w.perCountry}</h2>
        <table className="per-country">
          <thead><tr><th scope="col">{w.country}</th><th scope="col">{w.participants}</th></tr></thead>
          <tbody>
            {figures.per_country.map((row) => (
              <tr key={row.code}><th scope="row">{row.name}</th><td>{row.count}</td></tr>
            ))}
          </tbody>
        </table>
      </section>
    </article>
  );
}

function Participant({ page, lang }: { page: ParticipantPage; lang: string }) {
  const w = t(lang);
  return (
    <article>
      <h1>{page.title}</h1>
      {page.official_name ? <p className="intro">{page.official_name}</p> : null}
      <Picture image={page.logo} lang={lang} />
      <dl className="facts">
        <Fact term={w.country}>{countryName(page.country, lang)}</Fact>
        <Fact term={w.region}>{page.region}</Fact>
        <Fact term={w.population}>{page.population ? page.population.toLocaleString(lang) : ""}</Fact>
        <Fact term={w.website}>{page.website ? <a href={page.website}>{page.website}</a> : ""}</Fact>
        <Fact term={w.contact}>{page.public_contact_email ? <a href={`mailto:${page.public_contact_email}`}>{page.public_contact_email}</a> : ""}</Fact>
      </dl>
      <StreamField blocks={page.description as RawBlock[]} lang={lang} />
    </article>
  );
}
