// The `upcoming_events` block: the events the CMS lists today, with their dates written in
// the page's language, and the link to the calendar feed of all of them.
import { formatDateRange, t } from "@/lib/i18n";
import { toLocalHref } from "@/lib/paths";
import type { Schemas } from "@/lib/types";

export function UpcomingEventsBlock({ value, lang }: { value: Schemas["UpcomingEventsDict"]; lang: string }) {
  const w = t(lang);
  return (
    <section className="upcoming-events">
      {value.heading ? <h2>{value.heading}</h2> : null}
      {value.events.length ? (
        <ul>
          {value.events.map((event, i) => {
            const where = [event.place, event.country?.name].filter(Boolean).join(", ");
            return (
              <li key={event.url || i}>
                <a href={toLocalHref(event.url) ?? event.url} lang={event.locale && event.locale !== lang ? event.locale : undefined}>
                  {event.title}
                </a>
                <br />
                <time dateTime={event.start_date}>
                  {formatDateRange(event.start_date, event.end_date, lang)}
                </time>
                {where ? <>, {where}</> : null}
              </li>
            );
          })}
        </ul>
      ) : (
        <p>{w.noUpcomingEvents}</p>
      )}
      {/* The feed is the CMS's (the front end serves pages only): its URL stays absolute. */}
      {value.feed_url ? <p><a href={value.feed_url}>{w.eventsFeed}</a></p> : null}
    </section>
  );
}
