"""The delivery APIs: v2 (``/api/v2/``, DRF, stable, router.py) and v3 (``/api/v3/``, typed,
ninja, v3.py), and headless preview (preview.py).

Kept free of imports: page models import ``cms.api.preview`` while models load.
"""
