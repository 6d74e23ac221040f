"""What happens when content reaches or leaves the public.

Owns: publish events with frontend-cache purge (``events``), signed webhook deliveries
and their models (``webhooks``, ``models``), privacy mirrored onto aliases (``privacy``)
and the multilingual sitemap (``sitemap``). Start-up connections: ``signals.connect()``;
admin hooks (webhook settings): ``hooks``.

Public API: ``models.WebhookEndpoint`` and ``models.WebhookDelivery``;
``webhooks.enqueue_event``, ``webhooks.sign`` and the task ``webhooks.deliver_webhook``;
``sitemap.MultilingualSitemap``; ``privacy.mirror_onto_aliases``.

Depends on nothing else in the project.
"""
