"""The shared kernel every app builds on.

Owns: the StreamField blocks of every page body (``blocks``), the image model and site
settings (``models``), the rendition specs and frugal image operations (``images``),
locales kept in step with settings (``locales``), the default Site kept at the public
address with its system checks (``sites``), the headless-preview page mixin
(``preview``), how content is represented for front ends (``representation``: images,
page and document references, rich text, the per-response batch), the request facts
several middlewares share (``requests``) and what a reading request reads once: private
sections, locales (``reading``). Start-up connections: ``signals.connect()``.

Public API: ``blocks.BaseStreamBlock`` and its blocks, ``models.CustomImage`` and
``models.SocialMediaSettings``, ``preview.LocalisedHeadlessPreviewMixin``,
``representation``'s ``image_representation``, ``page_ref``, ``rich_text`` and
``BatchContext``, ``requests.admin_prefix``, ``reading``'s ``remembered``,
``reading_once``, ``all_locales`` and ``locale_by_id``, ``sites.public_url`` and
``sites.align_default_site``.

Depends on nothing else in the project: every other package and app may import it.
"""
