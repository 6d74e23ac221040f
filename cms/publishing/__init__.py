"""What happens when content reaches or leaves the public.

Owns: publish events with frontend-cache purge (``events``), signed webhook deliveries
and their models (``webhooks``, ``models``), privacy mirrored onto aliases (``privacy``),
the sitemap index and its sections per page type and language (``sitemap``), and
releases, a page's languages going live together (``releases``, the rule;
``release_admin``, what the admin shows of it).
Start-up connections: ``signals.connect()``; admin hooks (webhook settings, releases):
``hooks``.

Public API: ``models.WebhookEndpoint`` and ``models.WebhookDelivery``;
``webhooks.enqueue_event``, ``webhooks.sign`` and the task ``webhooks.deliver_webhook``;
``sitemap.index`` and ``sitemap.section`` (the views), ``sitemap.SectionSitemap``;
``privacy.mirror_onto_aliases``;
``releases.waiting_for``, ``releases.waiting_sources``, ``releases.override`` and
``releases.publish_due_releases`` (the ``publish_scheduled`` command).

Depends on ``cms.workflow`` (the review gate, which the release rule joins).
"""
