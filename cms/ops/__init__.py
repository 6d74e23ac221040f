"""Operations: health, failure pages, the database router, warm-up, backups, storage.

Owns: liveness and readiness (``health``), the 503 pages of a database outage
(``errors``), the read-replica router (``db_router``), work done once before workers
fork (``warmup``), backup archives and their verification (``backup_archive``), media
storage that fails cleanly (``storage``, ``storage_middleware``) and the task queue's
health (``task_queue``). Admin hooks: ``hooks``. gunicorn's settings stay at
``cms/gunicorn.conf.py``, where operators' commands point.

Public API: ``warmup.warm_up``; ``backup_archive.verify_archive`` and its
``VerifiedArchive``/``ArchiveError``; ``storage.StorageUnavailable``;
``task_queue.queue_status``; and what settings and the URL conf name:
``health.HealthCheckMiddleware``, ``errors.server_error``,
``db_router.PrimaryReplicaRouter``, ``storage.CleanFileSystemStorage``,
``storage_middleware.StorageErrorMiddleware``.

Depends on ``cms.core`` and ``cms.caching`` (the code version the warm-up computes).
"""
