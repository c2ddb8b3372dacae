"""The user flows, one module each; bot/coach/routes.py assembles them (see its import order)."""
