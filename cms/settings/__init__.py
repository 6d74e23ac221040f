"""Django settings: ``base`` (shared; every operator-facing value read from the environment
through ``env``), and one module per environment: ``dev``, ``test`` and ``production``.

Loaded before the app registry: nothing here may import the project's models or
packages (docs/configuration.md lists the variables).
"""
