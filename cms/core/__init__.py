"""The shared kernel every app builds on.

Owns: the StreamField blocks of every page body (``blocks``), the image model and site
settings (``models``), the rendition specs and frugal image operations (``images``),
locales kept in step with settings (``locales``), the headless-preview page mixin
(``preview``) and the request facts several middlewares share (``requests``).

Depends on nothing else in the project: every other package and app may import it.
"""
