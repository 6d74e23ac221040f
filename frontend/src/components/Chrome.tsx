import type { ReactNode } from "react";
import type { Chrome } from "@/lib/globals";
import { t } from "@/lib/i18n";

/** Header, main landmark and footer around a page, in the chrome's language. */
export function Layout({ chrome, children, currentPath }: { chrome: Chrome; children: ReactNode; currentPath?: string }) {
  const words = t(chrome.lang);
  return (
    <>
      <a className="skip-link" href="#main">{words.skip}</a>
      <header className="site-header">
        <div className="wrap header-row">
          <a className="site-name" href={chrome.homeHref}>{chrome.siteName}</a>
          <nav aria-label={words.languages} className="languages">
            <ul>
              {chrome.languages.map((l) => (
                <li key={l.code}>
                  {l.current ? (
                    <span aria-current="true" lang={l.code}>{l.name}</span>
                  ) : (
                    <a href={l.href} hrefLang={l.code} lang={l.code}>{l.name}</a>
                  )}
                </li>
              ))}
            </ul>
          </nav>
        </div>
        <nav aria-label={words.mainNav} className="main-nav">
          <ul className="wrap">
            {chrome.navigation.map((l) => (
              <li key={l.href}>
                <a href={l.href} aria-current={currentPath && currentPath.startsWith(l.href) ? "page" : undefined}>{l.title}</a>
              </li>
            ))}
            <li><a href={`/${chrome.lang}/search/`}>{words.searchTitle}</a></li>
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1} className="wrap">
        {children}
      </main>
      <footer className="site-footer">
        <div className="wrap">
          <p>{chrome.footerText}</p>
          {chrome.social.length ? (
            <nav aria-label={words.follow}>
              <ul className="inline">
                {chrome.social.map((s) => <li key={s.href}><a href={s.href} rel="me noopener">{s.title}</a></li>)}
                {chrome.feeds.map((f) => <li key={f.href}><a href={f.href}>{f.title}</a></li>)}
              </ul>
            </nav>
          ) : null}
        </div>
      </footer>
    </>
  );
}
